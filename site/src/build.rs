//! `lookout build`: load, render, write.

use std::path::PathBuf;

use time::OffsetDateTime;

use crate::campaign::Campaign;
use crate::content::Held;
use crate::error::Result;
use crate::output::write_site;
use crate::render::{RenderOptions, render_site};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    /// Include drafts, scheduled and expired pages (a preview of everything).
    pub drafts: bool,
    /// Add the dev server's reload script to every page.
    pub live_reload: bool,
}

#[derive(Debug)]
pub struct BuildReport {
    /// Content pages written (not counting generated listings).
    pub pages: usize,
    pub files: usize,
    /// Pages left out, or with `drafts` put in, and why.
    pub held: Vec<(PathBuf, Held)>,
}

pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    build_at(options, OffsetDateTime::now_utc())
}

/// Builds as if it were `now`, so scheduling can be tested.
pub fn build_at(options: &BuildOptions, now: OffsetDateTime) -> Result<BuildReport> {
    refuse_dangerous_output(options)?;
    let campaign = Campaign::load(&options.root)?;
    let render_options = RenderOptions {
        include_held: options.drafts,
        live_reload: options.live_reload,
        now,
    };
    let files = render_site(&campaign, &render_options)?;
    write_site(&options.out, &files)?;
    let held: Vec<_> = campaign
        .pages
        .iter()
        .filter_map(|p| p.held(now).map(|why| (p.source.clone(), why)))
        .collect();
    let pages = campaign.pages.len() - if options.drafts { 0 } else { held.len() };
    Ok(BuildReport {
        pages,
        files: files.len(),
        held,
    })
}

/// A build replaces its output folder whole, so it must never be the campaign, a folder
/// holding it, or another campaign.
fn refuse_dangerous_output(options: &BuildOptions) -> Result<()> {
    let root = options
        .root
        .canonicalize()
        .unwrap_or_else(|_| options.root.clone());
    let out = options
        .out
        .canonicalize()
        .unwrap_or_else(|_| options.out.clone());
    let holds_campaign = root.starts_with(&out);
    let is_campaign = out.join(crate::config::CONFIG_FILE).exists();
    if holds_campaign || is_campaign {
        return Err(crate::error::SiteError::content(
            &options.out,
            None,
            "refusing to build here: the output folder is replaced on every build, and this one holds a campaign",
        ));
    }
    Ok(())
}
