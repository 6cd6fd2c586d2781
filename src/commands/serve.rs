//! `lookout serve`: the whole product on one machine. The site with live reload, and the
//! report API on the campaign's embedded store (or a DynamoDB table), captcha off.

use std::path::Path;

use anyhow::Context;
use lookout_functions::config::Config;
use lookout_functions::http::{AppState, router};
use lookout_site::config::CampaignPaths;
use lookout_site::serve::{ServeOptions, serve};
use rand::RngCore;

use super::RootArg;
use super::reports::identity;
use super::store::StoreArgs;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: RootArg,
    /// The port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Also show drafts, scheduled and expired pages.
    #[arg(long)]
    drafts: bool,
    #[command(flatten)]
    store: StoreArgs,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    // The report API's log lines (codes and timings only; no times, so no arrival moments).
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new("lookout_functions=info,lookout_site=info")
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
    let paths = CampaignPaths::new(&args.root.root);
    let out = paths.state().join("site");
    let store = args.store.open(&paths.root).await?;
    let config = local_config(&paths, &out)?;
    let make_routes = std::sync::Arc::new(move || {
        let state = AppState::from_config(&config, store.clone())
            .map_err(|e| format!("starting the report API: {e}"))?;
        Ok(router(state))
    });
    let options = ServeOptions {
        root: paths.root.clone(),
        out,
        port: args.port,
        drafts: args.drafts,
    };
    serve(options, make_routes, |address| {
        say(&format!(
            "serving {} at http://{address}/ (Ctrl+C to stop)",
            paths.root.display()
        ));
        say("the captcha is off: this is a local preview");
    })
    .await
    .with_context(|| format!("could not serve {}", args.root.root.display()))
}

/// The report API's settings for a local preview: the team's keys from
/// `LOOKOUT_TEAM_RECIPIENTS` or else a local identity, and a receipt secret kept in
/// `.lookout/` so receipts stay valid across restarts.
fn local_config(paths: &CampaignPaths, out: &Path) -> anyhow::Result<Config> {
    let recipients: Vec<String> = match std::env::var("LOOKOUT_TEAM_RECIPIENTS") {
        Ok(list) if !list.trim().is_empty() => {
            list.split(',').map(|r| r.trim().to_string()).collect()
        }
        _ => {
            let (recipient, made) = identity::local_recipient(&paths.root)?;
            let where_ = identity::local_path(&paths.root);
            let verb = if made {
                "made a local team identity"
            } else {
                "using the local team identity"
            };
            say(&format!(
                "{verb} at {} (reports are sealed to {recipient})",
                where_.display()
            ));
            vec![recipient]
        }
    };
    let secret = local_receipt_secret(&paths.state())?;
    Ok(Config::local(
        paths.questionnaire(),
        Some(out.join("_lookout")),
        recipients,
        secret,
    ))
}

fn local_receipt_secret(state_dir: &Path) -> anyhow::Result<String> {
    let path = state_dir.join("receipt-secret");
    if let Ok(secret) = std::fs::read_to_string(&path) {
        return Ok(secret.trim().to_string());
    }
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let secret = hex::encode(bytes);
    std::fs::create_dir_all(state_dir)
        .with_context(|| format!("creating {}", state_dir.display()))?;
    identity::write_secret(&path, &secret)?;
    Ok(secret)
}

/// Prints a status line. A server must not stop because nobody reads its output any more.
fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout(), "{line}");
}
