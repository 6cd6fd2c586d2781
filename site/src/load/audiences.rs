//! Who a campaign is for, as its `config.yaml` lists them: an id (the address of the landing
//! page and the poster, and what pages name in their `audiences:`), a name in each language,
//! and the questionnaire group of signs its poster lists. Adding one to the list gives it a
//! landing page and a poster in every language, with no change to code.

use lookout_questionnaire::{Questionnaire, Translated};
use serde::{Deserialize, Serialize};

use super::yaml::YamlSource;
use crate::error::{Result, SiteError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Audience {
    /// `taxi-drivers`: lower-case letters, digits and `-`.
    pub id: String,
    /// The audience's name in each language; the default language's is required.
    pub name: Translated,
    /// The questionnaire group (an option id of the question the signs are grouped by) whose
    /// signs its poster lists; none: the signs for anyone.
    #[serde(default)]
    pub signs: Option<String>,
}

impl Audience {
    /// The audience's name in `lang`, or in the default language where it has none.
    pub fn name(&self, lang: &str, default_lang: &str) -> &str {
        self.name.get(lang, default_lang)
    }
}

/// Checks the ids and names of `config.yaml`'s audiences (`default`: the default language).
pub fn check(audiences: &[Audience], default: &str, source: &YamlSource) -> Result<()> {
    let mut errors = Vec::new();
    for (i, audience) in audiences.iter().enumerate() {
        let at = |key: &str, message: String| {
            source.error_at(
                &format!("audiences[{i}].{key}"),
                format!("audiences: {message}"),
            )
        };
        let id = audience.id.as_str();
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            errors.push(at(
                "id",
                format!("`{id}` must be lower-case letters, digits and -, such as pharmacy-staff"),
            ));
        }
        if audiences[..i].iter().any(|a| a.id == audience.id) {
            errors.push(at("id", format!("`{id}` is listed twice")));
        }
        if !audience.name.has(default) {
            errors.push(at(
                "name",
                format!("`{id}` needs a name in the default language ({default})"),
            ));
        }
    }
    SiteError::collect(errors)
}

/// The groups a poster can draw its signs from: the options of the question the signs are
/// grouped by.
pub fn sign_groups(questionnaire: &Questionnaire) -> Vec<&str> {
    questionnaire
        .questions
        .iter()
        .filter_map(|q| q.grouped_by.as_deref())
        .filter_map(|by| questionnaire.question(by))
        .flat_map(|q| q.options.iter().map(|o| o.id.as_str()))
        .collect()
}

/// Each audience's `signs` names a group of the questionnaire; a typo would put the wrong
/// signs on a printed poster without anyone noticing.
pub fn check_signs(
    audiences: &[Audience],
    source: &YamlSource,
    questionnaire: &Questionnaire,
) -> Result<()> {
    let groups = sign_groups(questionnaire);
    let mut errors = Vec::new();
    for (i, audience) in audiences.iter().enumerate() {
        if let Some(group) = &audience.signs
            && !groups.contains(&group.as_str())
        {
            errors.push(source.error_at(
                &format!("audiences[{i}].signs"),
                format!(
                    "audiences: `{}` draws its signs from `{group}`, which is not a group of the questionnaire's signs (one of: {})",
                    audience.id,
                    groups.join(", ")
                ),
            ));
        }
    }
    SiteError::collect(errors)
}

/// The `audiences:` of a page's front matter name audiences the campaign lists.
pub fn check_page(listed: &[Audience], front: &YamlSource, ids: &[String]) -> Result<()> {
    let Some(unknown) = ids.iter().find(|id| !listed.iter().any(|a| &a.id == *id)) else {
        return Ok(());
    };
    let listed: Vec<&str> = listed.iter().map(|a| a.id.as_str()).collect();
    let listed = if listed.is_empty() {
        "it lists none".to_string()
    } else {
        format!("it lists {}", listed.join(", "))
    };
    Err(front.error_at(
        "audiences",
        format!(
            "audiences: `{unknown}` is not an audience of this campaign: add it under `audiences:` in config.yaml ({listed})"
        ),
    ))
}
