//! The report and follow-up forms on the static pages, rendered by the functions crate from
//! the same questionnaire the functions validate against.

use lookout_questionnaire::{
    FollowUpState, FormOptions, FormState, Question, render_follow_up_form, render_form,
};
use tera::Context;

use crate::campaign::Campaign;
use crate::content::Audience;

/// Puts `report_form` or `follow_up_form` in the context of the templates that show them.
pub fn insert_forms(campaign: &Campaign, template: &str, lang: &str, context: &mut Context) {
    let q = &campaign.questionnaire;
    let default_lang = &q.default_language;
    let options = FormOptions {
        captcha_site_key: campaign.config.captcha_site_key.clone(),
    };
    match template {
        "report.html" => {
            context.insert(
                "report_form",
                &render_form(q, lang, default_lang, &FormState::default(), &options),
            );
        }
        "follow-up.html" => {
            let form = render_follow_up_form(q, lang, default_lang, &FollowUpState::default());
            context.insert("follow_up_form", &form);
        }
        _ => {}
    }
}

/// The signs a poster for `audience` lists: the indicator options of the questionnaire group
/// the campaign's `posters` setting names for it, or those for anyone.
pub fn signs_for(campaign: &Campaign, audience: Audience, lang: &str) -> Vec<String> {
    let q = &campaign.questionnaire;
    let group = campaign
        .config
        .posters
        .get(audience.slug())
        .map(String::as_str);
    let Some(indicators) = q
        .questions
        .iter()
        .find(|question: &&Question| question.grouped_by.is_some())
    else {
        return Vec::new();
    };
    indicators
        .options
        .iter()
        .filter(|option| option.group.as_deref() == group)
        .map(|option| option.label.get(lang, &q.default_language).to_string())
        .collect()
}
