//! What made each file of the site, and which of those makers an incremental rebuild runs
//! again.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use crate::model::Site;

use super::listings::generated_audiences;

/// One maker of files: a live page, or one of the files the generator makes itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Producer {
    /// The theme's and the campaign's static files.
    Assets,
    /// A live page, by its source file.
    Page(PathBuf),
    /// The landing page the generator makes for an audience (language, audience id) in a
    /// language without one.
    Audience(String, String),
    /// What depends on the site views and templates alone: page shells, 404 pages, robots.txt.
    Shared,
    Aliases,
    Posters,
    /// The search index and search page of a language.
    Search(String),
    Sitemap,
    /// The Atom feed of a language.
    Feed(String),
}

/// Which producers to run.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Everything (a full build, or a change every file may show).
    pub all: bool,
    /// Live pages, by source file.
    pub pages: HashSet<PathBuf>,
    /// Audiences whose generated landing pages are made again, in every language.
    pub audiences: BTreeSet<String>,
    /// Languages whose search index and feed are made again.
    pub languages: BTreeSet<String>,
    pub sitemap: bool,
    pub posters: bool,
    pub assets: bool,
    pub shared: bool,
}

impl Selection {
    pub fn all() -> Self {
        Self {
            all: true,
            ..Self::default()
        }
    }

    pub fn has_page(&self, source: &Path) -> bool {
        self.all || self.pages.contains(source)
    }

    /// The selected producers other than pages, in a fixed order (the order they are made in).
    pub fn generated(&self, site: &Site) -> Vec<Producer> {
        let all = self.all;
        let mut jobs = Vec::new();
        // The longest first, so the pages' threads are not left waiting on it at the end.
        if all || self.sitemap {
            jobs.push(Producer::Sitemap);
        }
        if all || self.assets {
            jobs.push(Producer::Assets);
        }
        for (lang, audience) in generated_audiences(site) {
            if all || self.audiences.contains(&audience.id) {
                jobs.push(Producer::Audience(lang.to_string(), audience.id.clone()));
            }
        }
        if all || self.shared {
            jobs.push(Producer::Shared);
        }
        // Aliases are a line of text each: always made, written only when changed.
        jobs.push(Producer::Aliases);
        if all || self.posters {
            jobs.push(Producer::Posters);
        }
        for language in &site.campaign().config.languages {
            if all || self.languages.contains(&language.code) {
                jobs.push(Producer::Search(language.code.clone()));
            }
        }
        for language in &site.campaign().config.languages {
            if all || self.languages.contains(&language.code) {
                jobs.push(Producer::Feed(language.code.clone()));
            }
        }
        jobs
    }
}
