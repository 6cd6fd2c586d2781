//! What a set of changed campaign files asks of a rebuild: a new config (everything read
//! again), new templates, strings, static files or questionnaire (everything but the pages
//! read again and everything made again), or some pages read again.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::error::{Result, SiteError};
use crate::load::Campaign;
use crate::load::page::Page;
use crate::load::pages::{check_unique_urls, is_markdown, load_page, markdown_files};
use crate::load::paths::{CONFIG_FILE, CampaignPaths};

/// The changed files of a campaign, sorted by what they change.
#[derive(Debug, Default)]
pub struct Changes {
    pub config: bool,
    /// The questionnaire, a template, a string file or a static file.
    pub parts: bool,
    pub questionnaire: bool,
    /// Paths under `pages/` (files or folders), relative to the campaign.
    pub pages: Vec<PathBuf>,
}

impl Changes {
    /// Sorts `paths` (relative to the campaign root); files the build never reads are left out.
    pub fn of(paths: &BTreeSet<PathBuf>) -> Self {
        let mut changes = Changes::default();
        for path in paths {
            let Some(first) = path.components().next() else {
                continue;
            };
            match first.as_os_str().to_str() {
                Some("pages") => changes.pages.push(path.clone()),
                Some("templates" | "i18n" | "static") => changes.parts = true,
                Some("questionnaire.yaml") if path.components().count() == 1 => {
                    changes.parts = true;
                    changes.questionnaire = true;
                }
                Some(CONFIG_FILE) if path.components().count() == 1 => changes.config = true,
                _ => {}
            }
        }
        changes
    }

    pub fn is_empty(&self) -> bool {
        !self.config && !self.parts && self.pages.is_empty()
    }

    /// Everything made again: templates, strings and the questionnaire reach every page.
    pub fn everything(&self) -> bool {
        self.config || self.parts
    }
}

/// The campaign after `changes`: `previous` with what changed read again, sharing the rest.
pub fn reload(
    previous: &Campaign,
    root: &Path,
    base_url: Option<&str>,
    preview: bool,
    changes: &Changes,
) -> Result<Campaign> {
    if changes.config {
        return Campaign::load_for(root, base_url, preview);
    }
    let campaign = if changes.parts {
        previous.with_parts_reloaded(root)?
    } else {
        previous.clone()
    };
    if changes.pages.is_empty() {
        return Ok(campaign);
    }
    let pages = reload_pages(&campaign, root, &changes.pages)?;
    Ok(campaign.with_pages(pages))
}

/// The pages of `campaign` with those at or under `changed` read again (or dropped where the
/// file is gone), in the file-name order a full load gives (the order of `Path`).
fn reload_pages(campaign: &Campaign, root: &Path, changed: &[PathBuf]) -> Result<Vec<Arc<Page>>> {
    let pages_dir = CampaignPaths::new(root).pages();
    let mut pages = campaign.pages.clone();
    let mut to_load = BTreeSet::new();
    for relative in changed {
        let path = root.join(relative);
        // What was at or under this path (one run, in this order) is read again from what is
        // there now.
        let first = pages.partition_point(|p| p.source < path);
        let after = first + pages[first..].partition_point(|p| p.source.starts_with(&path));
        pages.drain(first..after);
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_file() && is_markdown(&path) => {
                to_load.insert(path);
            }
            Ok(meta) if meta.is_dir() => to_load.extend(markdown_files(&path)?),
            _ => {}
        }
    }
    let to_load: Vec<PathBuf> = to_load.into_iter().collect();
    let loaded: Vec<Result<Page>> = to_load
        .par_iter()
        .map(|path| load_page(&pages_dir, path, &campaign.config))
        .collect();
    let mut errors = Vec::new();
    for result in loaded {
        match result {
            Ok(page) => {
                let at = pages.partition_point(|p| p.source < page.source);
                pages.insert(at, Arc::new(page));
            }
            Err(error) => errors.push(error),
        }
    }
    SiteError::collect(errors)?;
    check_unique_urls(&pages)?;
    Ok(pages)
}
