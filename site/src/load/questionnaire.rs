//! The campaign's `questionnaire.yaml` (loaded and checked by `lookout_questionnaire`), and the
//! check that `config.yaml`'s `posters:` names real audiences and questionnaire groups.

use lookout_questionnaire::Questionnaire;

use super::config::Config;
use super::front_matter::Audience;
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
    check_posters(config, config_yaml, &questionnaire)?;
    Ok(questionnaire)
}

/// `posters:` names audiences and questionnaire groups; a typo would put the wrong signs on a
/// printed poster without anyone noticing.
fn check_posters(
    config: &Config,
    config_yaml: &YamlSource,
    questionnaire: &Questionnaire,
) -> Result<()> {
    let groups: Vec<&str> = questionnaire
        .questions
        .iter()
        .filter_map(|q| q.grouped_by.as_deref())
        .filter_map(|by| questionnaire.question(by))
        .flat_map(|q| q.options.iter().map(|o| o.id.as_str()))
        .collect();
    for (audience, group) in &config.posters {
        let key = format!("posters.{audience}");
        if Audience::from_slug(audience).is_none() {
            return Err(config_yaml.error_at(
                &key,
                format!(
                    "{key}: not an audience (taxi-drivers, hoteliers, door-staff, public, parents, young-people)"
                ),
            ));
        }
        if !groups.contains(&group.as_str()) {
            return Err(config_yaml.error_at(
                &key,
                format!(
                    "{key}: `{group}` is not a group of the questionnaire's signs (one of: {})",
                    groups.join(", ")
                ),
            ));
        }
    }
    Ok(())
}
