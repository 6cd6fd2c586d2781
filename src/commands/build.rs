use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use lookout_site::{BuildOptions, build};

use super::RootArg;
use crate::commands::out::note;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: RootArg,
    /// Where to write the site; replaced whole only when the build succeeds.
    #[arg(long, default_value = "public", value_name = "DIR")]
    out: PathBuf,
    /// Also build drafts, scheduled and expired pages, to preview them.
    #[arg(long)]
    drafts: bool,
    /// Build for this address instead of config.yaml's base_url (a staging site); a build
    /// for another address is marked noindex and its robots.txt disallows everything.
    #[arg(long, value_name = "URL", value_parser = super::base_url)]
    base_url: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let started = Instant::now();
    let root = args.root.path()?;
    let options = BuildOptions {
        root: root.clone(),
        out: args.out.clone(),
        drafts: args.drafts,
        live_reload: false,
        base_url: args.base_url.clone(),
        preview: false,
    };
    let report = build(&options).with_context(|| format!("could not build {}", root.display()))?;
    for (path, why) in &report.held {
        let verb = if args.drafts { "included" } else { "left out" };
        note!("{verb}: {} ({})", path.display(), why.describe());
    }
    note!(
        "built {} pages ({} files) into {} in {} ms",
        report.pages,
        report.files,
        args.out.display(),
        started.elapsed().as_millis()
    );
    if let Some(next) = &report.next_change {
        note!("{}", next_change_line(next));
    }
    Ok(())
}

/// `next change: ...`: when the site must be built (and published) again to stay right.
pub fn next_change_line(next: &lookout_site::schedule::NextChange) -> String {
    format!(
        "next change: {} {} at {}; build and publish again then (the publish workflow runs every hour)",
        next.page.display(),
        next.change.describe(),
        next.wall
    )
}
