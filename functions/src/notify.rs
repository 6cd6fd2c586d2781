//! Tells the team that a report arrived, with no report content: only that there is one.

use async_trait::async_trait;

use crate::report::ReportId;

#[async_trait]
pub trait Notifier: Send + Sync + 'static {
    /// Called after a new report is durably stored. Failures are logged, never surfaced to
    /// the reporter: the report is safe either way.
    async fn new_report(&self, id: &ReportId);
}

/// Writes a log line (`lookout serve`, tests).
#[derive(Debug, Default)]
pub struct LogNotifier;

#[async_trait]
impl Notifier for LogNotifier {
    async fn new_report(&self, id: &ReportId) {
        // No id: with the log's own timestamp it would pin down when this report arrived.
        let _ = id;
        tracing::info!("new report stored; open it with `lookout reports list`");
    }
}

/// Publishes to an SNS topic (the cloud). The message says a report arrived and nothing else;
/// not even the id goes out, since e-mail subscriptions leave the AWS account.
pub struct SnsNotifier {
    client: aws_sdk_sns::Client,
    topic_arn: String,
}

impl SnsNotifier {
    pub fn new(client: aws_sdk_sns::Client, topic_arn: String) -> Self {
        Self { client, topic_arn }
    }
}

#[async_trait]
impl Notifier for SnsNotifier {
    async fn new_report(&self, _id: &ReportId) {
        let result = self
            .client
            .publish()
            .topic_arn(&self.topic_arn)
            .subject("Lookout: a new report has arrived")
            .message("A new report has arrived. Open it with `lookout reports list` and your team identity.")
            .send()
            .await;
        match result {
            Ok(_) => tracing::info!("team notified"),
            Err(error) => {
                tracing::warn!(error = %aws_sdk_sns::error::DisplayErrorContext(&error), "team notification failed")
            }
        }
    }
}
