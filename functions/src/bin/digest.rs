//! `lookout-digest`: the scheduled new-report digest (`lookout_functions::digest`). Whatever
//! event the schedule sends, it counts yesterday's and today's reports (in the campaign's time
//! zone) and publishes the counts; when it cannot, the invocation fails, so the stack's alarm on
//! its errors fires. It logs faults only.

use lambda_http::lambda_runtime::{self, LambdaEvent, service_fn};
use lookout_functions::digest;
use lookout_functions::lambda::digest_from_env;

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    lookout_functions::logging::init();
    let parts = digest_from_env()
        .await
        .inspect_err(|error| tracing::error!(%error, "cannot start"))?;
    let parts = &parts;
    lambda_runtime::run(service_fn(
        move |_: LambdaEvent<serde_json::Value>| async move {
            let now = time::OffsetDateTime::now_utc();
            let sent = digest::send(&*parts.store, &parts.publisher, &parts.time_zone, now).await;
            match sent {
                Ok(_) => Ok(serde_json::json!({ "sent": true })),
                Err(error) => {
                    tracing::warn!(%error, "digest not sent");
                    Err(lambda_runtime::Error::from(error.to_string()))
                }
            }
        },
    ))
    .await
}
