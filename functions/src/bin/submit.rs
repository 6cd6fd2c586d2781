//! `lookout-submit`: the report submission Lambda (`POST /api/reports`,
//! `GET /api/openapi.json`) behind an API Gateway HTTP API. It logs faults only.

use lookout_functions::deploy::SUBMIT;
use lookout_functions::http::function_router;
use lookout_functions::lambda::state_for;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    lookout_functions::logging::init();
    let state = state_for(&SUBMIT)
        .await
        .inspect_err(|error| tracing::error!(%error, "cannot start"))?;
    lambda_http::run(function_router(&SUBMIT, state)).await
}
