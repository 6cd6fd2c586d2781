//! The new-report digest. At the fixed times of day the stack names, a scheduled function counts
//! the reports received yesterday and today (days in the campaign's time zone, the finest time a
//! report keeps) through the store's day index, and sends the two counts, and nothing else, to
//! the team's topic.
//!
//! It is sent when both counts are 0 too: a heartbeat, so a broken channel cannot hide behind
//! silence. When it cannot count or send, the invocation fails, which the stack's alarm on the
//! digest's errors reports.
//!
//! No notice is ever sent per report: an e-mail's `Date` header would be the second a report
//! arrived, in a mailbox the project does not control.

use async_trait::async_trait;
use lookout_questionnaire::when::CampaignTimeZone;
use time::{Date, Duration, OffsetDateTime};

use crate::store::{ReportStore, StoreError};

/// The two counts a digest says, and the time zone of their days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    pub zone: String,
    pub yesterday: (Date, u64),
    pub today: (Date, u64),
}

/// A message for the team's topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub subject: String,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum DigestError {
    #[error("cannot count the reports: {0}")]
    Count(#[from] StoreError),
    #[error("cannot send the digest: {0}")]
    Send(String),
}

/// Where a digest goes: an SNS topic in the cloud, anything in tests.
#[async_trait]
pub trait Publisher: Send + Sync {
    async fn publish(&self, notice: &Notice) -> Result<(), DigestError>;
}

/// Counts the reports of the day `now` falls on in `zone`, and of the day before.
pub async fn count(
    store: &dyn ReportStore,
    zone: &CampaignTimeZone,
    now: OffsetDateTime,
) -> Result<Counts, StoreError> {
    let today = zone.today(now);
    let yesterday = today - Duration::days(1);
    Ok(Counts {
        zone: zone.name().to_string(),
        yesterday: (yesterday, store.count_received_on(yesterday).await?),
        today: (today, store.count_received_on(today).await?),
    })
}

/// Counts and sends one digest.
pub async fn send(
    store: &dyn ReportStore,
    publisher: &dyn Publisher,
    zone: &CampaignTimeZone,
    now: OffsetDateTime,
) -> Result<Counts, DigestError> {
    let counts = count(store, zone, now).await?;
    publisher.publish(&counts.notice()).await?;
    Ok(counts)
}

fn reports(n: u64) -> String {
    match n {
        1 => "1 report".to_string(),
        n => format!("{n} reports"),
    }
}

impl Counts {
    /// The digest's words: the two counts, where to read the reports, and why it always comes.
    pub fn notice(&self) -> Notice {
        let (yesterday, before) = self.yesterday;
        let (today, now) = self.today;
        let subject = if before + now == 0 {
            "Lookout: 0 new reports (the channel is working)".to_string()
        } else {
            format!(
                "Lookout: {} yesterday, {} today so far",
                reports(before),
                reports(now)
            )
        };
        let zone = &self.zone;
        let message = format!(
            "Reports received on {yesterday} ({zone}): {before}\n\
             Reports received on {today} ({zone}) so far: {now}\n\
             \n\
             Read them with `lookout reports list` and your team identity.\n\
             \n\
             This digest comes at the same times every day, also when there is nothing new. \
             If it stops coming, the reporting channel may be broken: check the stack's alarms.\n"
        );
        Notice { subject, message }
    }
}

/// Publishes to an SNS topic.
pub struct SnsPublisher {
    client: aws_sdk_sns::Client,
    topic_arn: String,
}

impl SnsPublisher {
    pub fn new(client: aws_sdk_sns::Client, topic_arn: String) -> Self {
        Self { client, topic_arn }
    }
}

#[async_trait]
impl Publisher for SnsPublisher {
    async fn publish(&self, notice: &Notice) -> Result<(), DigestError> {
        self.client
            .publish()
            .topic_arn(&self.topic_arn)
            .subject(&notice.subject)
            .message(&notice.message)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| DigestError::Send(crate::aws_error::describe(&e)))
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn the_notice_says_the_counts_and_nothing_else() {
        let counts = Counts {
            zone: "Europe/London".into(),
            yesterday: (date!(2026 - 11 - 23), 2),
            today: (date!(2026 - 11 - 24), 1),
        };
        let notice = counts.notice();
        assert_eq!(
            notice.subject,
            "Lookout: 2 reports yesterday, 1 report today so far"
        );
        assert!(notice.message.starts_with(
            "Reports received on 2026-11-23 (Europe/London): 2\nReports received on 2026-11-24 (Europe/London) so far: 1\n"
        ));
    }

    #[test]
    fn nothing_new_is_still_a_digest() {
        let counts = Counts {
            zone: "Europe/London".into(),
            yesterday: (date!(2026 - 11 - 23), 0),
            today: (date!(2026 - 11 - 24), 0),
        };
        let notice = counts.notice();
        assert_eq!(
            notice.subject,
            "Lookout: 0 new reports (the channel is working)"
        );
        assert!(notice.message.contains("(Europe/London): 0\n"));
    }
}
