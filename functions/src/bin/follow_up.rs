//! `lookout-follow-up`: the anonymous follow-up Lambda (`POST /api/follow-up`,
//! `POST /api/follow-up/messages`) behind an API Gateway HTTP API. It logs faults only.

use lookout_functions::deploy::FOLLOW_UP;
use lookout_functions::http::function_router;
use lookout_functions::lambda::state_for;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    lookout_functions::logging::init();
    let state = state_for(&FOLLOW_UP)
        .await
        .inspect_err(|error| tracing::error!(%error, "cannot start"))?;
    lambda_http::run(function_router(&FOLLOW_UP, state)).await
}
