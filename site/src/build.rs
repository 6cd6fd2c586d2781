//! `lookout build`: the pipeline, stage by stage: load the campaign, build the model, render
//! the files, write them.

use std::path::{Path, PathBuf};

use lookout_questionnaire::when::CampaignTimeZone;
use time::OffsetDateTime;

use crate::error::{Result, SiteError};
use crate::load::Campaign;
use crate::load::page::Held;
use crate::load::paths::CONFIG_FILE;
use crate::model::{self, Site};
use crate::output::{OutputFile, write_site};
use crate::schedule::{NextChange, next_change};

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
    /// When a page next appears or expires by itself: the site should be built again then.
    pub next_change: Option<NextChange>,
}

pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    build_at(options, OffsetDateTime::now_utc())
}

/// Builds as if it were `now`, so scheduling can be tested.
pub fn build_at(options: &BuildOptions, now: OffsetDateTime) -> Result<BuildReport> {
    refuse_dangerous_output(options)?;
    let model_options = model::Options {
        include_held: options.drafts,
        live_reload: options.live_reload,
        now,
    };
    let (site, files) = render(&options.root, &model_options)?;
    write_site(&options.out, &files)?;
    let held: Vec<_> = site
        .campaign()
        .pages
        .iter()
        .filter_map(|p| p.held(now).map(|why| (p.source.clone(), why)))
        .collect();
    Ok(BuildReport {
        pages: site.live().len(),
        files: files.len(),
        held,
        next_change: next_change(
            site.campaign().pages.iter().map(AsRef::as_ref),
            now,
            &CampaignTimeZone::new(&site.campaign().config.time_zone).unwrap_or_default(),
        ),
    })
}

/// The campaign at `root` loaded, modelled and rendered, but not written.
pub(crate) fn render(root: &Path, options: &model::Options) -> Result<(Site, Vec<OutputFile>)> {
    let campaign = Campaign::load(root)?;
    let site = Site::build(campaign, options)?;
    let files = crate::render::site(&site)?;
    Ok((site, files))
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
    let is_campaign = out.join(CONFIG_FILE).exists();
    if holds_campaign || is_campaign {
        return Err(SiteError::content(
            &options.out,
            None,
            "refusing to build here: the output folder is replaced on every build, and this one holds a campaign",
        ));
    }
    Ok(())
}
