//! `lookout build`: the pipeline, stage by stage: load the campaign, build the model, render
//! the files, write them.

use std::path::{Path, PathBuf};

use time::OffsetDateTime;

use crate::error::{Result, SiteError};
use crate::load::Campaign;
use crate::load::page::Held;
use crate::load::paths::CONFIG_FILE;
use crate::model::{self, Site};
use crate::output::{OutputFile, write_site};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    /// Include drafts, scheduled and expired pages (a preview of everything).
    pub drafts: bool,
    /// Add the dev server's reload script to every page.
    pub live_reload: bool,
    /// Build for this address instead of config.yaml's `base_url` (a staging site, a preview
    /// on a phone): every absolute address changes, the posters' QR codes too, and unless it
    /// is the campaign's own address the site asks search engines to keep out of it.
    pub base_url: Option<String>,
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
    let model_options = model::Options {
        include_held: options.drafts,
        live_reload: options.live_reload,
        now,
    };
    let (site, files) = render(&options.root, &model_options, options.base_url.as_deref())?;
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
    })
}

/// The campaign at `root` loaded, modelled and rendered (for `base_url` if given), but not
/// written.
pub(crate) fn render(
    root: &Path,
    options: &model::Options,
    base_url: Option<&str>,
) -> Result<(Site, Vec<OutputFile>)> {
    let mut campaign = Campaign::load(root)?;
    if let Some(base_url) = base_url {
        campaign.config.build_for(base_url);
    }
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
