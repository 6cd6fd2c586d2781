//! The first stage: a campaign folder read into memory. Everything the later stages need from
//! disk is read here (config, pages, questionnaire, templates, strings, static files), so the
//! model and the renderers are pure functions of a [`Campaign`].

pub mod assets;
pub mod brand;
pub mod config;
mod embedded;
mod files;
pub mod front_matter;
pub mod page;
mod pages;
pub mod paths;
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
use strings::Strings;
use theme::Theme;
use yaml::YamlSource;

use crate::error::{Result, SiteError};

pub struct Campaign {
    pub config: Config,
    /// `config.yaml` as read, for messages that name one of its keys.
    pub config_yaml: YamlSource,
    /// Every page, live or held, in file-name order.
    pub pages: Vec<Arc<Page>>,
    pub questionnaire: Questionnaire,
    pub theme: Theme,
    /// Interface strings by language code.
    pub strings: BTreeMap<String, Strings>,
    pub assets: Assets,
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
        let pages = pages::load_pages(&paths.pages(), &config)?;
        let questionnaire = questionnaire::load(&paths, &config, &config_yaml)?;
        let theme = Theme::load(&paths)?;
        let mut strings = BTreeMap::new();
        for language in &config.languages {
            strings.insert(
                language.code.clone(),
                strings::load(&paths, &language.code)?,
            );
        }
        let assets = assets::load(&paths, config.brand.colours.stylesheet().as_deref())?;
        Ok(Campaign {
            config,
            config_yaml,
            pages,
            questionnaire,
            theme,
            strings,
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
