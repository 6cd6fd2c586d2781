//! `lookout-submit`: the report submission Lambda (`POST /api/reports`,
//! `GET /api/openapi.json`) behind an API Gateway HTTP API.

use lookout_functions::http::submit_router;
use lookout_functions::lambda::{init_tracing, state_from_env};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_tracing();
    let state = state_from_env()
        .await
        .inspect_err(|error| tracing::error!(%error, "cannot start"))?;
    lambda_http::run(submit_router(state)).await
}
