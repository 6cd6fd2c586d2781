//! `lookout serve`: build, serve on 127.0.0.1, rebuild when a file changes and tell open pages
//! to reload (server-sent events), with any extra routes (the report API) mounted beside.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use axum::serve::ListenerExt;
use notify::{RecursiveMode, Watcher};
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::build::{BuildOptions, build};
use crate::error::{Result, SiteError};

pub struct ServeOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    pub port: u16,
    pub drafts: bool,
}

/// Makes the service answering everything under `/api/` (the report API). Called after the
/// first build, since the API wraps its pages in shells the build writes, and again after
/// every rebuild, so the API always matches the questionnaire and the pages being served.
pub type MakeRoutes = Arc<dyn Fn() -> std::result::Result<Router, String> + Send + Sync>;

/// The current report API, swapped after each rebuild.
type ApiHolder = Arc<RwLock<Router>>;

const RELOAD_SCRIPT: &str =
    "new EventSource('/_lookout/events').onmessage = function () { location.reload(); };\n";

/// Builds once, then serves until the process is stopped. Calls `ready` with the address.
pub async fn serve(
    options: ServeOptions,
    make_routes: MakeRoutes,
    ready: impl FnOnce(SocketAddr),
) -> Result<()> {
    let build_options = BuildOptions {
        root: options.root.clone(),
        out: options.out.clone(),
        drafts: options.drafts,
        live_reload: true,
    };
    build(&build_options)?;
    let api: ApiHolder = Arc::new(RwLock::new(make_routes().map_err(SiteError::Serve)?));
    let (reload, _) = broadcast::channel::<()>(16);
    let rebuilt = Rebuilt {
        reload: reload.clone(),
        api: Arc::clone(&api),
        make_routes,
    };
    let _watcher = watch(&options.root, build_options, rebuilt)?;
    let app = site_router(&options.out, reload, api);
    let address = SocketAddr::from(([127, 0, 0, 1], options.port));
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|e| io_error(&address, e))?;
    let bound = listener.local_addr().map_err(|e| io_error(&address, e))?;
    ready(bound);
    // Without TCP_NODELAY small responses wait out delayed ACKs (about 40 ms each).
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(listener, app)
        .await
        .map_err(|e| io_error(&bound, e))
}

fn io_error(address: &SocketAddr, error: std::io::Error) -> SiteError {
    SiteError::io(Path::new(&address.to_string()), error)
}

fn site_router(out: &Path, reload: broadcast::Sender<()>, api: ApiHolder) -> Router {
    let files = ServeDir::new(out).not_found_service(ServeFile::new(out.join("404.html")));
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
            "/_lookout/livereload.js",
            get(|| async { ([("content-type", "text/javascript")], RELOAD_SCRIPT) }),
        )
        .route("/_lookout/events", get(move || events(reload.subscribe())))
        .fallback_service(files)
}

async fn events(
    changes: broadcast::Receiver<()>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // A lagged receiver missed some changes; reloading once covers them all.
    let stream = BroadcastStream::new(changes).map(|_| Ok(Event::default().data("reload")));
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Watches the campaign folder and rebuilds on change. Changes arriving close together are
/// folded into one build; a failed build is reported and the last good site stays up.
/// What follows a successful rebuild: a fresh report API, then a reload of open pages.
struct Rebuilt {
    reload: broadcast::Sender<()>,
    api: ApiHolder,
    make_routes: MakeRoutes,
}

impl Rebuilt {
    fn apply(&self) {
        match (self.make_routes)() {
            Ok(router) => {
                *self
                    .api
                    .write()
                    .unwrap_or_else(|poisoned| poisoned.into_inner()) = router
            }
            Err(error) => complain(&format!(
                "error: the report API kept its old settings: {error}"
            )),
        }
        let _ = self.reload.send(());
    }
}

fn watch(
    root: &Path,
    options: BuildOptions,
    rebuilt: Rebuilt,
) -> Result<notify::RecommendedWatcher> {
    let (changed, mut changes) = tokio::sync::mpsc::unbounded_channel::<()>();
    let state_dir = root.join(".lookout");
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Reading files (Access events, which the build itself causes) changes nothing.
        if let Ok(event) = event
            && !matches!(event.kind, notify::EventKind::Access(_))
            && event.paths.iter().any(|p| !p.starts_with(&state_dir))
        {
            let _ = changed.send(());
        }
    })
    .map_err(|e| SiteError::io(root, std::io::Error::other(e)))?;
    watcher
        .watch(root, RecursiveMode::Recursive)
        .map_err(|e| SiteError::io(root, std::io::Error::other(e)))?;

    let options = Arc::new(options);
    tokio::spawn(async move {
        while changes.recv().await.is_some() {
            tokio::time::sleep(Duration::from_millis(150)).await;
            while changes.try_recv().is_ok() {}
            let options = Arc::clone(&options);
            match tokio::task::spawn_blocking(move || build(&options)).await {
                Ok(Ok(report)) => {
                    tracing::info!(pages = report.pages, "rebuilt");
                    rebuilt.apply();
                }
                Ok(Err(error)) => complain(&format!("error: {error}")),
                Err(error) => {
                    complain(&format!("error: the rebuild stopped unexpectedly: {error}"))
                }
            }
        }
    });
    Ok(watcher)
}

/// Tells the author a rebuild failed; a closed terminal must not stop the server.
fn complain(message: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{message}");
}
