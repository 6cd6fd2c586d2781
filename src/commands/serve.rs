use std::path::PathBuf;

use anyhow::Context;
use lookout_site::config::CampaignPaths;
use lookout_site::serve::{ServeOptions, serve};

use super::RootArg;

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
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(serve_campaign(args))
}

async fn serve_campaign(args: Args) -> anyhow::Result<()> {
    let paths = CampaignPaths::new(&args.root.root);
    let out: PathBuf = paths.state().join("site");
    let api = axum::Router::new();
    let options = ServeOptions {
        root: paths.root.clone(),
        out,
        port: args.port,
        drafts: args.drafts,
        extra_routes: api,
    };
    serve(options, |address| {
        println!(
            "serving {} at http://{address}/ (Ctrl+C to stop)",
            paths.root.display()
        );
    })
    .await
    .with_context(|| format!("could not serve {}", args.root.root.display()))
}
