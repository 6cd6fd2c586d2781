//! A campaign folder loaded into memory: config, pages, questionnaire, templates, strings.

use std::collections::BTreeMap;
use std::path::Path;

use lookout_questionnaire::Questionnaire;

use crate::config::{CampaignPaths, Config};
use crate::content::{Page, load_pages};
use crate::error::{Result, SiteError};
use crate::theme::{self, Strings};

pub struct Campaign {
    pub paths: CampaignPaths,
    pub config: Config,
    pub pages: Vec<Page>,
    pub questionnaire: Questionnaire,
    pub templates: tera::Tera,
    /// Interface strings by language code.
    pub strings: BTreeMap<String, Strings>,
}

/// `posters:` names audiences and questionnaire groups; a typo would put the wrong signs on a
/// printed poster without anyone noticing.
fn check_posters(root: &Path, config: &Config, questionnaire: &Questionnaire) -> Result<()> {
    let path = root.join(crate::config::CONFIG_FILE);
    let groups: Vec<&str> = questionnaire
        .questions
        .iter()
        .filter_map(|q| q.grouped_by.as_deref())
        .filter_map(|by| questionnaire.question(by))
        .flat_map(|q| q.options.iter().map(|o| o.id.as_str()))
        .collect();
    for (audience, group) in &config.posters {
        let line = || {
            let text = std::fs::read_to_string(&path).ok()?;
            crate::error::yaml_key_line(&text, &format!("posters.{audience}"), 1)
        };
        if crate::content::Audience::from_slug(audience).is_none() {
            return Err(SiteError::content(
                &path,
                line(),
                format!(
                    "posters.{audience}: not an audience (taxi-drivers, hoteliers, door-staff, public, parents, young-people)"
                ),
            ));
        }
        if !groups.contains(&group.as_str()) {
            return Err(SiteError::content(
                &path,
                line(),
                format!(
                    "posters.{audience}: `{group}` is not a group of the questionnaire's signs (one of: {})",
                    groups.join(", ")
                ),
            ));
        }
    }
    Ok(())
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
        let config = Config::load(root)?;
        let pages = load_pages(&paths.pages(), &config)?;
        let questionnaire = Questionnaire::load(&paths.questionnaire())
            .map_err(|e| SiteError::Questionnaire(e.to_string()))?;
        check_posters(root, &config, &questionnaire)?;
        let templates = theme::templates(&paths)?;
        let mut strings = BTreeMap::new();
        for language in &config.languages {
            strings.insert(
                language.code.clone(),
                theme::strings(&paths, &language.code)?,
            );
        }
        Ok(Campaign {
            paths,
            config,
            pages,
            questionnaire,
            templates,
            strings,
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
