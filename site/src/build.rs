//! `lookout build`: the pipeline, stage by stage: load the campaign, build the model, render
//! the files, write them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use lookout_questionnaire::when::CampaignTimeZone;
use time::OffsetDateTime;

use crate::error::{Result, SiteError};
use crate::load::Campaign;
use crate::load::page::Held;
use crate::load::paths::CONFIG_FILE;
use crate::model::{self, Site};
use crate::output::{OutputFile, Staging};
use crate::render::{Producer, Selection};
use crate::schedule::{NextChange, next_change};

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
    /// A preview for review (`lookout publish --preview`): every page says so and is kept out
    /// of search engines, and the report and follow-up forms do not send.
    pub preview: bool,
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
    let (site, outputs, report) = full_build(options, now, false)?;
    // Freeing a large model takes a while (a tenth of a 10,000-page build); nothing waits for it.
    rayon::spawn(move || drop((site, outputs)));
    Ok(report)
}

/// What each producer wrote: the output folder's files, by what made them.
pub(crate) type Outputs = HashMap<Producer, Vec<String>>;

/// A whole build at `now`: the model, what each producer wrote (with `ledger`, for rebuilds
/// that follow; a one-off build need not hold every path), and the report. Files are written
/// as they are made, into a folder that is swapped in only when all are written.
pub(crate) fn full_build(
    options: &BuildOptions,
    now: OffsetDateTime,
    ledger: bool,
) -> Result<(Site, Outputs, BuildReport)> {
    refuse_dangerous_output(options)?;
    let model_options = model_options(options, now);
    let campaign = Campaign::load_for(&options.root, options.base_url.as_deref(), options.preview)?;
    let site = Site::build(campaign, &model_options)?;
    let staging = Staging::new(&options.out)?;
    let outputs = Mutex::new(Outputs::new());
    let written = AtomicUsize::new(0);
    crate::render::each(&site, &Selection::all(), &|producer, files| {
        for file in &files {
            staging.write(file)?;
        }
        written.fetch_add(files.len(), Ordering::Relaxed);
        if ledger {
            let paths = files.into_iter().map(|f| f.path).collect();
            lock(&outputs).insert(producer, paths);
        }
        Ok(())
    })?;
    staging.commit()?;
    let outputs = outputs.into_inner().unwrap_or_else(|p| p.into_inner());
    let report = report(&site, written.into_inner(), now);
    Ok((site, outputs, report))
}

pub(crate) fn model_options(options: &BuildOptions, now: OffsetDateTime) -> model::Options {
    model::Options {
        include_held: options.drafts,
        live_reload: options.live_reload,
        now,
        facts: false,
    }
}

fn report(site: &Site, files: usize, now: OffsetDateTime) -> BuildReport {
    let held: Vec<_> = site
        .campaign()
        .pages
        .iter()
        // A translation is left out with its original (`model::gone`) as well as by its own
        // settings.
        .filter_map(|p| {
            let why = p
                .held(now)
                .or_else(|| site.gone().get(&p.url).map(|g| g.why))?;
            Some((p.source.clone(), why))
        })
        .collect();
    BuildReport {
        pages: site.live().len(),
        files,
        held,
        next_change: next_change(
            site.campaign().pages.iter().map(AsRef::as_ref),
            now,
            &CampaignTimeZone::new(&site.campaign().config.time_zone).unwrap_or_default(),
        ),
    }
}

pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// The campaign at `root` loaded, modelled and rendered, but not written (for `check`).
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
