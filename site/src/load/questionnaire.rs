//! The campaign's `questionnaire.yaml` (loaded and checked by `lookout_questionnaire`), and the
//! check that `config.yaml`'s audiences draw their poster signs from real questionnaire groups.

use lookout_questionnaire::Questionnaire;

use super::audiences;
use super::config::Config;
use super::paths::CampaignPaths;
use super::yaml::YamlSource;
use crate::error::{Result, SiteError};

pub fn load(
    paths: &CampaignPaths,
    config: &Config,
    config_yaml: &YamlSource,
) -> Result<Questionnaire> {
    let questionnaire = Questionnaire::load(&paths.questionnaire())
        .map_err(|e| SiteError::Questionnaire(e.to_string()))?;
    audiences::check_signs(&config.audiences, config_yaml, &questionnaire)?;
    Ok(questionnaire)
}
