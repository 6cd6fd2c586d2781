//! The HTTP API: one axum `Router` served by `lookout serve` under `/api/` and, split in
//! two, by the Lambda binaries. Handlers answer JSON with JSON and a form post with a page.
//!
//! Every request gets one deadline (`deadline`); a deployed function also refuses requests
//! that did not come through CloudFront (`origin`).
//!
//! The Lambda binaries log faults only (`crate::logging`). `lookout serve` alone adds a line per
//! request (route pattern, status, milliseconds): never answers, receipts, addresses or user
//! agents. No tower-http trace layer is used, since its defaults record headers.

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::extract::{MatchedPath, Request};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{MethodRouter, any, get, post};

use crate::deploy::{self, Route};
use crate::store::ScopedStore;

mod body;
mod challenge;
mod deadline;
pub mod flood;
mod follow_up;
mod lanes;
pub mod openapi;
mod origin;
mod pages;
mod problem;
mod reports;
mod respond;
mod shell;
mod state;

pub use deadline::{Budget, Deadline, Elapsed, PLATFORM_MARGIN};
pub use origin::{HEADER as ORIGIN_HEADER, OriginToken};
pub use problem::Problem;
pub use shell::{ShellError, Shells};
pub(crate) use state::fault;
pub use state::{AppState, Clock, SetupError, campaign_time_zone};

/// The largest request body accepted; the questionnaire check holds every answer limit under
/// it (`lookout_questionnaire::worst_case_body`).
pub use lookout_questionnaire::BODY_LIMIT;

/// Every route with the statuses it can answer with (403: a deployed function refuses what
/// did not come through CloudFront, `origin`); the OpenAPI document is made from it.
pub const ROUTES: &[(Route, &[u16])] = &[
    (
        Route::SubmitReport,
        &[201, 307, 400, 403, 413, 415, 422, 500, 503],
    ),
    (
        Route::SubmitReportUnverified,
        &[201, 400, 403, 413, 415, 422, 500, 503],
    ),
    (Route::Challenge, &[200, 403, 500]),
    (
        Route::FollowUpThread,
        &[200, 307, 400, 403, 413, 415, 422, 500, 503],
    ),
    (
        Route::FollowUpThreadUnverified,
        &[200, 400, 403, 413, 415, 422, 500, 503],
    ),
    (
        Route::FollowUpMessage,
        &[201, 307, 400, 403, 413, 415, 422, 500, 503],
    ),
    (
        Route::FollowUpMessageUnverified,
        &[201, 400, 403, 413, 415, 422, 500, 503],
    ),
    (Route::OpenApi, &[200, 403]),
];

/// All routes: what `lookout serve` mounts, with a log line per request.
pub fn router(state: AppState) -> Router {
    mount(&Route::ALL, state).layer(middleware::from_fn(log_request))
}

/// The routes of one deployed function, on a store that allows only the calls it declares.
pub fn function_router(function: &deploy::Function, mut state: AppState) -> Router {
    state.store = Arc::new(ScopedStore::new(
        state.store,
        function.binary,
        function.store,
    ));
    mount(function.routes, state)
}

/// The submission Lambda's routes (and the API document).
pub fn submit_router(state: AppState) -> Router {
    function_router(&deploy::SUBMIT, state)
}

/// The follow-up Lambda's routes.
pub fn follow_up_router(state: AppState) -> Router {
    function_router(&deploy::FOLLOW_UP, state)
}

/// The routes, each request with its deadline, and the origin check outermost (a request that
/// did not come through CloudFront costs nothing more).
fn mount(routes: &[Route], state: AppState) -> Router {
    let mut router = Router::new();
    for route in routes {
        router = router.route(route.path(), handler(*route));
    }
    router
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            deadline::start,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), origin::check))
        .with_state(state)
}

fn handler(route: Route) -> MethodRouter<AppState> {
    // A submission route's handler is told its lane; the two lanes of a route share it.
    match (route, route.lane()) {
        (Route::Challenge, _) => get(challenge::issue),
        (Route::OpenApi, _) => get(openapi::document),
        (Route::SubmitReport | Route::SubmitReportUnverified, Some(lane)) => {
            post(move |state, deadline, headers, body: Body| {
                reports::submit(lane, state, deadline, headers, body)
            })
        }
        (Route::FollowUpThread | Route::FollowUpThreadUnverified, Some(lane)) => {
            post(move |state, deadline, headers, body: Body| {
                follow_up::thread(lane, state, deadline, headers, body)
            })
        }
        (Route::FollowUpMessage | Route::FollowUpMessageUnverified, Some(lane)) => {
            post(move |state, deadline, headers, body: Body| {
                follow_up::add_message(lane, state, deadline, headers, body)
            })
        }
        // A submission route without a lane: `deploy::Route::lane` names every one.
        (_, None) => any(not_found),
    }
}

async fn not_found() -> Response {
    respond::raw_json(
        axum::http::StatusCode::NOT_FOUND,
        r#"{"error":{"code":"not_found","message":"There is nothing here.","fields":{}}}"#,
    )
}

/// `lookout serve`'s line per request: method, route pattern (never the raw URI), status,
/// milliseconds. Its log has no times, so the lines say nothing of when a report came.
async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let response = next.run(request).await;
    tracing::info!(
        %method,
        route = %route,
        status = response.status().as_u16(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "request"
    );
    response
}
