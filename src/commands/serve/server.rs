//! The dev server's HTTP side: the built site from its folder, the report API under `/api/`
//! (swapped after each rebuild), and the live-reload script and event stream.

use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::{Arc, RwLock};

use anyhow::Context;
use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use axum::serve::ListenerExt;
use lookout_questionnaire::shell;
use lookout_site::csp;
use tower::{ServiceBuilder, ServiceExt};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use super::overlay::{self, Live};

/// The current report API, swapped after each rebuild.
pub type ApiHolder = Arc<RwLock<Router>>;

/// Where open pages listen for "reload", and where the script that listens is served.
const EVENTS_PATH: &str = "events";
const SCRIPT_PATH: &str = "livereload.js";

/// Serves `out` with the API beside it until the process stops; calls `ready` once bound.
pub async fn run(
    out: &Path,
    editor: &Path,
    interface: IpAddr,
    port: u16,
    live: Live,
    api: ApiHolder,
    ready: impl FnOnce(SocketAddr),
) -> anyhow::Result<()> {
    let app = router(out, editor, live, api);
    let address = SocketAddr::new(interface, port);
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .with_context(|| format!("could not listen on {address}"))?;
    let bound = listener.local_addr().context("reading the bound address")?;
    ready(bound);
    // Without TCP_NODELAY small responses wait out delayed ACKs (about 40 ms each).
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(listener, app)
        .await
        .with_context(|| format!("serving on {bound}"))
}

fn router(out: &Path, editor: &Path, live: Live, api: ApiHolder) -> Router {
    let files = ServeDir::new(out).not_found_service(ServeFile::new(out.join("404.html")));
    // The browser editor, from the campaign's own folder: never built into the site, so never
    // on the reporters' origin; here on the team's own machine, with the editor's policy.
    let editor = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(csp::EDITOR),
        ))
        .service(ServeDir::new(editor));
    // A service, not a nested router: the API keeps its own `/api/...` paths and fallback.
    let api = tower::service_fn(move |request: axum::extract::Request| {
        let current = api
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone();
        current.oneshot(request)
    });
    Router::new()
        .route_service("/api/{*path}", api)
        .route(
            &format!("/{}/{SCRIPT_PATH}", shell::DIR),
            get(|| async { ([("content-type", "text/javascript")], overlay::SCRIPT) }),
        )
        .route(
            &format!("/{}/{EVENTS_PATH}", shell::DIR),
            get(move || {
                let live = live.clone();
                async move { live.events() }
            }),
        )
        .fallback_service(files)
        .layer(middleware::from_fn(site_policy))
        .nest_service("/admin", editor)
}

/// The policy CloudFront sends with the same path (`lookout_site::csp`), so a page behaves
/// here as it does for reporters (less what only applies over HTTPS).
async fn site_policy(request: Request, next: Next) -> Response {
    let policy = csp::over_http(csp::for_path(request.uri().path()));
    let mut response = next.run(request).await;
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(policy),
    );
    response
}
