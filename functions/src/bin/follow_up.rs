//! `lookout-follow-up`: the anonymous follow-up Lambda (`POST /api/follow-up`,
//! `POST /api/follow-up/messages`) behind an API Gateway HTTP API.

use lookout_functions::http::follow_up_router;
use lookout_functions::lambda::{init_tracing, state_from_env};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_tracing();
    let state = state_from_env()
        .await
        .inspect_err(|error| tracing::error!(%error, "cannot start"))?;
    lambda_http::run(follow_up_router(state)).await
}
