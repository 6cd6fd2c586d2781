//! `GET /api/challenge`: a fresh proof-of-work challenge for the page to solve.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use super::{AppState, fault, respond};

pub(super) async fn issue(State(state): State<AppState>) -> Response {
    match state.challenges.issue(state.clock.now().unix_timestamp()) {
        Ok(challenge) => respond::json(StatusCode::OK, &challenge),
        Err(error) => {
            let problem = fault("challenge")(error);
            problem.json(&state.questionnaire, &state.questionnaire.default_language)
        }
    }
}
