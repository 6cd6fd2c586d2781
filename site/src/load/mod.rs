//! The first stage: a campaign folder read into memory. Everything the later stages need from
//! disk is read here (config, pages, questionnaire, templates, strings, static files), so the
//! model and the renderers are pure functions of a [`Campaign`].

pub mod assets;
pub mod audiences;
pub mod brand;
pub mod config;
mod embedded;
mod files;
pub mod front_matter;
pub mod page;
pub mod pages;
pub mod paths;
pub mod public_stats;
mod questionnaire;
pub mod strings;
pub mod theme;
pub mod yaml;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use lookout_questionnaire::Questionnaire;

use assets::Assets;
use config::Config;
use page::Page;
use paths::CampaignPaths;
use strings::{StringNotes, Strings};
use theme::Theme;
use yaml::YamlSource;

use crate::error::{Result, SiteError};

/// A loaded campaign. Every part is behind `Arc`, so a later generation (an incremental
/// rebuild in `lookout serve`) shares whatever it did not read again.
#[derive(Clone)]
pub struct Campaign {
    /// Where the campaign is, for data files a shortcode names (public statistics).
    pub paths: CampaignPaths,
    pub config: Arc<Config>,
    /// `config.yaml` as read, for messages that name one of its keys.
    pub config_yaml: Arc<YamlSource>,
    /// Every page, live or held, in file-name order.
    pub pages: Vec<Arc<Page>>,
    /// What is read from outside `pages/` besides the config.
    pub parts: Arc<Parts>,
}

/// The files of a campaign outside `config.yaml` and `pages/`: what an edit of a template, a
/// string, a static file or the questionnaire reloads.
pub struct Parts {
    pub questionnaire: Questionnaire,
    pub theme: Theme,
    /// Interface strings by language code.
    pub strings: BTreeMap<String, Strings>,
    /// What `check` reports about each language's strings.
    pub string_notes: BTreeMap<String, StringNotes>,
    pub assets: Assets,
}

impl std::ops::Deref for Campaign {
    type Target = Parts;
    fn deref(&self) -> &Parts {
        &self.parts
    }
}

impl Campaign {
    pub fn load(root: &Path) -> Result<Self> {
        let paths = CampaignPaths::new(root);
        if !root.is_dir() {
            return Err(SiteError::io(
                root,
                std::io::Error::new(std::io::ErrorKind::NotFound, "campaign folder not found"),
            ));
        }
        let config_yaml = YamlSource::read(&paths.config())?;
        let config = Config::parse(&config_yaml)?;
        // The pages and the other files do not depend on each other: read them side by side.
        let (pages, parts) = rayon::join(
            || pages::load_pages(&paths.pages(), &config),
            || Parts::load(&paths, &config, &config_yaml),
        );
        Ok(Campaign {
            paths,
            config: Arc::new(config),
            config_yaml: Arc::new(config_yaml),
            pages: pages?,
            parts: Arc::new(parts?),
        })
    }

    /// The campaign at `root`, built for `base_url` when one is given (see
    /// [`Config::build_for`]), and as a preview for review with `preview`.
    pub fn load_for(root: &Path, base_url: Option<&str>, preview: bool) -> Result<Self> {
        let mut campaign = Self::load(root)?;
        let config = Arc::make_mut(&mut campaign.config);
        if preview {
            config.preview_of(base_url);
        } else if let Some(base_url) = base_url {
            config.build_for(base_url);
        }
        Ok(campaign)
    }

    /// This campaign with its pages replaced (file-name order).
    pub fn with_pages(&self, pages: Vec<Arc<Page>>) -> Self {
        Self {
            pages,
            ..self.clone()
        }
    }

    /// This campaign with everything outside `config.yaml` and `pages/` read again.
    pub fn with_parts_reloaded(&self, root: &Path) -> Result<Self> {
        let parts = Parts::load(&CampaignPaths::new(root), &self.config, &self.config_yaml)?;
        Ok(Self {
            parts: Arc::new(parts),
            ..self.clone()
        })
    }

    pub fn strings(&self, lang: &str) -> &Strings {
        self.parts.strings(lang)
    }

    /// An interface string, falling back to its key so a missing one is visible, not fatal.
    pub fn text(&self, lang: &str, key: &str) -> String {
        self.parts.text(lang, key)
    }
}

impl Parts {
    fn load(paths: &CampaignPaths, config: &Config, config_yaml: &YamlSource) -> Result<Self> {
        let questionnaire = questionnaire::load(paths, config, config_yaml)?;
        let theme = Theme::load(paths)?;
        let mut strings = BTreeMap::new();
        let mut string_notes = BTreeMap::new();
        for language in &config.languages {
            let (texts, notes) = strings::load(paths, &language.code)?;
            strings.insert(language.code.clone(), texts);
            string_notes.insert(language.code.clone(), notes);
        }
        let assets = assets::load(paths, config.brand.colours.stylesheet().as_deref())?;
        Ok(Self {
            questionnaire,
            theme,
            strings,
            string_notes,
            assets,
        })
    }

    pub fn strings(&self, lang: &str) -> &Strings {
        static EMPTY: Strings = Strings::new();
        self.strings.get(lang).unwrap_or(&EMPTY)
    }

    /// An interface string, falling back to its key so a missing one is visible, not fatal.
    pub fn text(&self, lang: &str, key: &str) -> String {
        self.strings(lang)
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }
}
