//! `GET /api/challenge`: a fresh proof-of-work challenge for the page to solve, asking more work
//! while this instance sees a flood of them (`http::flood`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use super::{AppState, fault, respond};

pub(super) async fn issue(State(state): State<AppState>) -> Response {
    let effort = state.flood.issue(tokio::time::Instant::now());
    match state
        .challenges
        .issue_with(state.clock.now().unix_timestamp(), effort)
    {
        Ok(challenge) => respond::json(StatusCode::OK, &challenge),
        Err(error) => {
            let problem = fault("challenge")(error);
            problem.json(&state.questionnaire, &state.questionnaire.default_language)
        }
    }
}
