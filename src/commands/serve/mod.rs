//! `lookout serve`: the whole product on one machine. The site with live reload, and the
//! report API on the campaign's embedded store (or a DynamoDB table), with the same spam
//! protection as the cloud.

use std::sync::{Arc, RwLock};

use anyhow::Context;
use axum::Router;
use lookout_functions::http::{AppState, router};
use lookout_site::CampaignPaths;
use lookout_site::{BuildOptions, Rebuilder, Rebuilt};
use time::OffsetDateTime;

use super::RootArg;
use super::store::StoreArgs;
use server::ApiHolder;

mod inputs;
mod local;
mod overlay;
mod reach;
mod server;
mod watch;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: RootArg,
    /// The port (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// The address to listen on: 127.0.0.1 (this computer only), or this computer's address
    /// on the network (or 0.0.0.0) to preview on a phone. Others can then reach the preview
    /// and its report form.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    interface: std::net::IpAddr,
    /// Open the preview in the default browser once it is served.
    #[arg(long)]
    open: bool,
    /// Also show drafts, scheduled and expired pages.
    #[arg(long)]
    drafts: bool,
    /// Build the preview for this address (for example http://192.168.1.20:1111 with
    /// --interface, so a poster's QR code opens the preview on a phone); marked noindex.
    #[arg(long, value_name = "URL", value_parser = super::base_url)]
    base_url: Option<String>,
    #[command(flatten)]
    store: StoreArgs,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    // The report API's log lines (codes and timings only; no times, so no arrival moments).
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new("lookout=info,lookout_functions=info")
    });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .without_time()
        .with_target(false)
        .with_writer(std::io::stderr)
        .init();
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(serve_campaign(args))
}

async fn serve_campaign(args: Args) -> anyhow::Result<()> {
    let paths = CampaignPaths::new(args.root.path()?);
    let out = paths.state().join("site");
    let store = args.store.open_for_serve(&paths.root).await?;
    let config = local::config(&paths, &out)?;
    let make_api = move || -> anyhow::Result<Router> {
        let state =
            AppState::from_config(&config, store.clone()).context("starting the report API")?;
        Ok(router(state))
    };
    let options = BuildOptions {
        root: paths.root.clone(),
        out: out.clone(),
        drafts: args.drafts,
        live_reload: true,
        base_url: args.base_url.clone(),
        preview: false,
    };
    // The API wraps its pages in shells the build writes, so it starts after the first build.
    let (rebuilder, _) = Rebuilder::start(options, OffsetDateTime::now_utc())
        .with_context(|| format!("could not build {}", paths.root.display()))?;
    let api: ApiHolder = Arc::new(RwLock::new(make_api()?));
    let live = overlay::Live::new();
    let after_rebuild = {
        let (api, live) = (Arc::clone(&api), live.clone());
        let runtime = tokio::runtime::Handle::current();
        Box::new(move |rebuilt: &Rebuilt| {
            // The report API reads the questionnaire and the page shells: a fresh one only
            // when either changed.
            if rebuilt.api_inputs_changed() {
                let _entered = runtime.enter();
                match make_api() {
                    Ok(router) => *api.write().unwrap_or_else(|p| p.into_inner()) = router,
                    Err(error) => complain(&format!(
                        "error: the report API kept its old settings: {error:#}"
                    )),
                }
            }
            // Reload only when a file changed, or to clear an error a page shows (a page
            // broken and then fixed back to the same bytes changes no file).
            if !rebuilt.written.is_empty() || !rebuilt.removed.is_empty() || live.is_failing() {
                live.rebuilt();
            }
        })
    };
    let after_failure = {
        let live = live.clone();
        Box::new(move |message: &str| live.failed(message))
    };
    let _watcher = watch::watch(&paths.root, rebuilder, after_rebuild, after_failure)?;
    let (interface, open) = (args.interface, args.open);
    let base_url = args.base_url.clone();
    let editor = paths.static_files().join(lookout_site::EDITOR_DIR);
    server::run(&out, &editor, interface, args.port, live, api, |address| {
        say(&format!(
            "serving {} at http://{address}/ (Ctrl+C to stop)",
            paths.root.display()
        ));
        reach::warn_if_shared(address, base_url.as_deref());
        if open {
            reach::open_browser(address);
        }
    })
    .await
    .with_context(|| format!("could not serve {}", paths.root.display()))
}

/// Prints a status line. A server must not stop because nobody reads its output any more.
fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout(), "{line}");
}

/// Tells the author something went wrong; a closed terminal must not stop the server.
fn complain(message: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{message}");
}
