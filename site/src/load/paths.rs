//! Where things are in a campaign folder. Every other part names these folders through
//! [`CampaignPaths`], so a layout change is made here once.

use std::path::PathBuf;

/// The site settings file at the campaign root.
pub const CONFIG_FILE: &str = "config.yaml";

/// The folder (inside the campaign) that holds `lookout serve`'s local state: the embedded
/// store, the local team identity, the preview build. Git-ignored.
pub const STATE_DIR: &str = ".lookout";

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
        self.root.join("questionnaire.yaml")
    }
    /// Local state of `lookout serve` (embedded store, local team identity).
    pub fn state(&self) -> PathBuf {
        self.root.join(STATE_DIR)
    }
}
