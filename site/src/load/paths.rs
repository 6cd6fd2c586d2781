//! Where things are in a campaign folder. Every other part names these folders through
//! [`CampaignPaths`], so a layout change is made here once.

use std::path::{Component, Path, PathBuf};

/// The site settings file at the campaign root.
pub const CONFIG_FILE: &str = "config.yaml";

/// The folder (inside the campaign) that holds `lookout serve`'s local state: the embedded
/// store, the local team identity, the preview build. Git-ignored.
pub const STATE_DIR: &str = ".lookout";

/// What a build reads, relative to the campaign root: a change anywhere else (the state
/// folder, a build output, `.git`, an editor's files) cannot change the site.
pub const INPUTS: [&str; 6] = [
    CONFIG_FILE,
    "questionnaire.yaml",
    "pages",
    "templates",
    "static",
    "i18n",
];

/// Whether `relative` (a path inside the campaign folder) is something a build reads.
pub fn is_input(relative: &Path) -> bool {
    match relative.components().next() {
        Some(Component::Normal(first)) => INPUTS.iter().any(|input| first == *input),
        _ => false,
    }
}

/// The folders of a campaign.
#[derive(Debug, Clone)]
pub struct CampaignPaths {
    pub root: PathBuf,
}

impl CampaignPaths {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }
    pub fn config(&self) -> PathBuf {
        self.root.join(CONFIG_FILE)
    }
    pub fn pages(&self) -> PathBuf {
        self.root.join("pages")
    }
    pub fn templates(&self) -> PathBuf {
        self.root.join("templates")
    }
    pub fn static_files(&self) -> PathBuf {
        self.root.join("static")
    }
    pub fn i18n(&self) -> PathBuf {
        self.root.join("i18n")
    }
    pub fn questionnaire(&self) -> PathBuf {
        self.root.join(INPUTS[1])
    }
    /// Local state of `lookout serve` (embedded store, local team identity).
    pub fn state(&self) -> PathBuf {
        self.root.join(STATE_DIR)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_the_build_reads_is_an_input() {
        for input in [
            "config.yaml",
            "pages/a.md",
            "templates/base.html",
            "i18n/pl.yaml",
        ] {
            assert!(is_input(Path::new(input)), "{input}");
        }
        for other in [
            ".lookout/site/index.html",
            ".lookout/reports.redb",
            "public/index.html",
            ".git/index",
            "config.yaml~",
            "",
            "../pages/a.md",
        ] {
            assert!(!is_input(Path::new(other)), "{other}");
        }
    }
}
