//! The triage console: the team's local web pages (queue, case, map, trends, likely junk),
//! which decrypt in this process with the member's identity and send nothing anywhere else.
//! `lookout triage` (src/commands/triage) serves [`app`] on 127.0.0.1; tests call it in
//! process. Who may use it and how its pages are sent is in [`gate`].

mod case;
mod chart;
mod done;
mod figures;
pub mod gate;
mod html;
mod junk;
mod paging;
mod queue;
mod recurring;
mod searches;

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Extension, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};

use crate::casework::Desk;
use crate::figures::map::Areas;
use gate::{Gate, Session};

/// What every page works with.
#[derive(Clone)]
pub struct Console {
    pub desk: Desk,
    /// The campaign's areas, or why there is no map.
    pub areas: Arc<Result<Areas, String>>,
    /// The queue's searches, behind opaque ids ([`searches`]).
    searches: Arc<searches::Searches>,
    /// Which reports name the same vehicle, phone or e-mail, in memory only.
    recurrence: Arc<recurring::Recurrence>,
    /// Where the evidence button writes its files (`--evidence-dir`); none: no button.
    pub evidence_dir: Option<Arc<std::path::PathBuf>>,
}

impl Console {
    pub fn new(desk: Desk, areas: Result<Areas, String>) -> Console {
        Console {
            desk,
            areas: Arc::new(areas),
            searches: Arc::default(),
            recurrence: Arc::default(),
            evidence_dir: None,
        }
    }
}

impl Console {
    /// Evidence files are written by this process into `dir`, never through the browser.
    pub fn with_evidence_dir(mut self, dir: std::path::PathBuf) -> Console {
        self.evidence_dir = Some(Arc::new(dir));
        self
    }
}

pub fn app(console: Console, gate: Arc<Gate>) -> Router {
    Router::new()
        .route("/", get(queue_page).post(queue_search))
        .route("/case/{id}", get(case_page).post(case_form))
        .route("/map", get(map_page))
        .route("/trends", get(trends_page))
        .route("/junk", get(junk_page).post(junk_form))
        .route("/recurring", get(recurring_page))
        .route("/console.css", get(css))
        .layer(axum::middleware::from_fn_with_state(gate, gate::guard))
        .layer(axum::middleware::from_fn(gate::headers))
        .with_state(console)
}

fn html(result: anyhow::Result<String>) -> Response {
    match result {
        Ok(page) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response(),
        Err(error) => failure(error),
    }
}

fn failure(error: anyhow::Error) -> Response {
    let status = if error.is::<case::Forbidden>() {
        StatusCode::FORBIDDEN
    } else if format!("{error}").starts_with("no report with id") {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::INTERNAL_SERVER_ERROR
    };
    let page = html::bare_page("Something went wrong", &format!("{error:#}"));
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page,
    )
        .into_response()
}

async fn queue_page(
    State(console): State<Console>,
    Extension(session): Extension<Session>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    html(queue::page_html(&console, &session, &query).await)
}

/// The queue's form: kept here, answered with a redirect to its opaque id.
async fn queue_search(
    State(console): State<Console>,
    Extension(session): Extension<Session>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    if !session.allows(form.get("csrf").map(String::as_str)) {
        return failure(anyhow::Error::new(case::Forbidden));
    }
    let id = console.searches.keep(&form);
    Redirect::to(&format!("/?s={id}")).into_response()
}

async fn case_page(
    State(console): State<Console>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    html(
        case::page_html(
            &console,
            &session,
            &id,
            query.get("done").map(String::as_str),
        )
        .await,
    )
}

async fn case_form(
    State(console): State<Console>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    case::act(&console, &session, &id, &form)
        .await
        .unwrap_or_else(failure)
}

async fn map_page(
    State(console): State<Console>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    html(figures::map_html(&console, &query).await)
}

async fn trends_page(
    State(console): State<Console>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    html(figures::trends_html(&console, &query).await)
}

async fn junk_page(
    State(console): State<Console>,
    Extension(session): Extension<Session>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    html(junk::page_html(&console, &session, query.get("done").map(String::as_str)).await)
}

async fn junk_form(
    State(console): State<Console>,
    Extension(session): Extension<Session>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    junk::act(&console, &session, &form)
        .await
        .unwrap_or_else(failure)
}

async fn recurring_page(State(console): State<Console>) -> Response {
    html(recurring::page_html(&console).await)
}

async fn css() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        html::CSS,
    )
        .into_response()
}
