//! The report and follow-up forms on the static pages, rendered by `lookout_questionnaire` from
//! the same questionnaire the functions validate against. A page says in its front matter which
//! form it carries (`form: report` or `form: follow-up`); the template shows it.

use lookout_questionnaire::render::render_reports_read;
use lookout_questionnaire::{
    FollowUpState, FormOptions, FormState, render_follow_up_form, render_form,
};
use tera::Context;

use crate::load::Campaign;
use crate::load::front_matter::PageForm;

/// Puts the page's form in the context, as `report_form` or `follow_up_form`.
pub fn insert_form(campaign: &Campaign, form: PageForm, lang: &str, context: &mut Context) {
    let q = &campaign.questionnaire;
    let default_lang = &q.default_language;
    let html = match form {
        PageForm::Report => {
            let options = FormOptions {
                captcha_site_key: campaign.config.captcha_site_key().map(str::to_owned),
            };
            // The functions show the form again with the same note under it (pages.rs).
            render_form(q, lang, default_lang, &FormState::default(), &options)
                + &render_reports_read(q, lang, default_lang)
        }
        PageForm::FollowUp => {
            render_follow_up_form(q, lang, default_lang, &FollowUpState::default())
        }
    };
    context.insert(form.context_name(), &preview_form(campaign, html));
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
fn not_sending(form: &str) -> String {
    form.replace(
        "<button type=\"submit\"",
        "<button type=\"submit\" disabled",
    )
}
