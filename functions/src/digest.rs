//! The new-report digest. At the fixed times of day the stack names, a scheduled function counts
//! the reports received yesterday and today (days in the campaign's time zone, the finest time a
//! report keeps) through the store's day index, and sends the two counts, and nothing else, to
//! the team's topic.
//!
//! It is sent when both counts are 0 too: a heartbeat, so a broken channel cannot hide behind
//! silence. It also counts the seven days before yesterday, and says so when yesterday or today
//! stands far above their median (a flood of junk, or a poster run that worked): days only,
//! like the counts. When it cannot count or send, the invocation fails, which the stack's alarm on the
//! digest's errors reports.
//!
//! No notice is ever sent per report: an e-mail's `Date` header would be the second a report
//! arrived, in a mailbox the project does not control.

use async_trait::async_trait;
use lookout_questionnaire::when::CampaignTimeZone;
use time::{Date, Duration, OffsetDateTime};

use crate::store::{ReportStore, StoreError};

/// The two counts a digest says, the usual day's count, and the time zone of their days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    pub zone: String,
    pub yesterday: (Date, u64),
    pub today: (Date, u64),
    /// The median of the [`USUAL_DAYS`] days before yesterday.
    pub usual: u64,
}

/// How many days before yesterday make "a usual day".
pub const USUAL_DAYS: i64 = 7;

/// A day is unusual at this many times the usual day's count...
const UNUSUAL_FACTOR: u64 = 4;
/// ...and at least this many reports (a quiet campaign's 0 then 3 is no flood).
const UNUSUAL_FLOOR: u64 = 20;

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
    let mut before = Vec::with_capacity(USUAL_DAYS as usize);
    for back in 1..=USUAL_DAYS {
        before.push(
            store
                .count_received_on(yesterday - Duration::days(back))
                .await?,
        );
    }
    Ok(Counts {
        zone: zone.name().to_string(),
        yesterday: (yesterday, store.count_received_on(yesterday).await?),
        today: (today, store.count_received_on(today).await?),
        usual: median(&mut before),
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

fn median(counts: &mut [u64]) -> u64 {
    counts.sort_unstable();
    counts.get(counts.len() / 2).copied().unwrap_or(0)
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
        let unusual = self.unusual();
        let subject = match unusual {
            Some(_) => format!("{subject} (unusual volume)"),
            None => subject,
        };
        let warning = unusual.map_or_else(String::new, |day| {
            format!(
                "\nUnusual: {day} is far above a usual day ({usual}, the median of the {USUAL_DAYS} \
                 days before yesterday). If it is junk, `lookout triage` shows likely junk \
                 together and `lookout reports purge --junk` clears it.\n",
                usual = reports(self.usual),
            )
        });
        let message = format!(
            "Reports received on {yesterday} ({zone}): {before}\n\
             Reports received on {today} ({zone}) so far: {now}\n\
             {warning}\n\
             Read them with `lookout reports list` and your team identity.\n\
             \n\
             This digest comes at the same times every day, also when there is nothing new. \
             If it stops coming, the reporting channel may be broken: check the stack's alarms.\n"
        );
        Notice { subject, message }
    }

    /// Which day, if any, stands far above the usual day: "yesterday" or "today".
    pub fn unusual(&self) -> Option<&'static str> {
        let threshold = (self.usual * UNUSUAL_FACTOR).max(UNUSUAL_FLOOR);
        if self.yesterday.1 >= threshold {
            Some("yesterday")
        } else if self.today.1 >= threshold {
            Some("today")
        } else {
            None
        }
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
            usual: 1,
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
    fn a_day_far_above_the_usual_one_is_named() {
        let counts = |yesterday, today, usual| Counts {
            zone: "Europe/London".into(),
            yesterday: (date!(2026 - 11 - 23), yesterday),
            today: (date!(2026 - 11 - 24), today),
            usual,
        };
        assert_eq!(counts(19, 0, 0).unusual(), None);
        assert_eq!(counts(20, 0, 0).unusual(), Some("yesterday"));
        assert_eq!(counts(39, 0, 10).unusual(), None);
        assert_eq!(counts(3, 40, 10).unusual(), Some("today"));
        let notice = counts(412, 5, 3).notice();
        assert!(
            notice.subject.ends_with("(unusual volume)"),
            "{}",
            notice.subject
        );
        assert!(
            notice
                .message
                .contains("Unusual: yesterday is far above a usual day (3 reports"),
            "{}",
            notice.message
        );
        assert!(!counts(2, 1, 1).notice().message.contains("Unusual"));
    }

    #[test]
    fn the_usual_day_is_the_median() {
        assert_eq!(median(&mut [0, 0, 50, 1, 2, 3, 900]), 2);
        assert_eq!(median(&mut []), 0);
    }

    #[test]
    fn nothing_new_is_still_a_digest() {
        let counts = Counts {
            zone: "Europe/London".into(),
            yesterday: (date!(2026 - 11 - 23), 0),
            today: (date!(2026 - 11 - 24), 0),
            usual: 0,
        };
        let notice = counts.notice();
        assert_eq!(
            notice.subject,
            "Lookout: 0 new reports (the channel is working)"
        );
        assert!(notice.message.contains("(Europe/London): 0\n"));
    }
}
