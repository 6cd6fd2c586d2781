//! The report and follow-up forms on the static pages, rendered by `lookout_questionnaire` from
//! the same questionnaire the functions validate against.

use lookout_questionnaire::render::render_reports_read;
use lookout_questionnaire::{
    FollowUpState, FormOptions, FormState, render_follow_up_form, render_form,
};
use tera::Context;

use crate::load::Campaign;

/// Puts `report_form` or `follow_up_form` in the context of the templates that show them.
pub fn insert_forms(campaign: &Campaign, template: &str, lang: &str, context: &mut Context) {
    let q = &campaign.questionnaire;
    let default_lang = &q.default_language;
    let options = FormOptions {
        captcha_site_key: campaign.config.captcha_site_key().map(str::to_owned),
    };
    match template {
        "report.html" => {
            // The functions show the form again with the same note under it (pages.rs).
            let form = render_form(q, lang, default_lang, &FormState::default(), &options)
                + &render_reports_read(q, lang, default_lang);
            context.insert("report_form", &preview_form(campaign, form));
        }
        "follow-up.html" => {
            let form = render_follow_up_form(q, lang, default_lang, &FollowUpState::default());
            context.insert("follow_up_form", &preview_form(campaign, form));
        }
        _ => {}
    }
}

fn preview_form(campaign: &Campaign, form: String) -> String {
    if campaign.config.preview.is_some() {
        not_sending(&form)
    } else {
        form
    }
}

/// A preview's forms are shown but cannot be sent: the send buttons are disabled, which also
/// stops a form being sent by Enter in a field (the template says where real reports go).
pub fn not_sending(form: &str) -> String {
    form.replace(
        "<button type=\"submit\"",
        "<button type=\"submit\" disabled",
    )
}
