//! The content of the pages the functions answer form posts with. Each goes into the
//! site's page shell for the language.

use std::fmt::Write as _;

use crate::receipt::Receipt;
use lookout_questionnaire::html::escape;
use lookout_questionnaire::render::{error_title, render_reports_read};
use lookout_questionnaire::{
    FollowUpState, FormOptions, FormState, Questionnaire, render_follow_up_form, render_form,
};

/// A site path in `lang`: the default language lives at the root, others under `/<lang>/`.
pub fn localized(lang: &str, default_lang: &str, path: &str) -> String {
    if lang == default_lang {
        path.to_string()
    } else {
        format!("/{lang}{path}")
    }
}

/// The receipt page: the code large and in groups of four, what to do with it now (write it
/// down or print, then leave with the exit button the shell keeps at the top), that it is
/// shown once, what it is for, and a print button (hidden until the page script wires it,
/// since it needs JavaScript). No copy button: phones keep a clipboard history, and a shared
/// device is what the reporter may need protecting from. `translate="no"`: a browser's
/// translation service would be sent the code.
pub fn receipt(q: &Questionnaire, lang: &str, receipt: &Receipt) -> (String, String) {
    let d = q.default_language.as_str();
    let t = |text: &lookout_questionnaire::Translated| escape(text.get(lang, d));
    let title = q.text.receipt_page_title.get(lang, d).to_string();
    let mut out = String::new();
    let _ = write!(
        out,
        "<div class=\"lookout-receipt\" translate=\"no\">\
         <h1>{title}</h1>\
         <p>{intro}</p>\
         <p class=\"receipt-code\" id=\"receipt-code\" translate=\"no\"><span class=\"visually-hidden\">{label}: </span>{code}</p>\
         <p class=\"receipt-what-to-do\"><strong>{what}</strong></p>\
         <p>{once}</p>\
         <p><button type=\"button\" class=\"button button--secondary\" data-lookout-print hidden>{print}</button></p>\
         <p>{next}</p>\
         <p>{follow_up} <a href=\"{url}\">{link}</a></p>\
         </div>",
        title = escape(&title),
        intro = t(&q.text.receipt_intro),
        label = t(&q.text.follow_up_receipt_label),
        // Groups of four separated by spaces (`Receipt`'s display); the theme spaces them.
        code = escape(&receipt.to_string()),
        what = t(&q.text.receipt_what_to_do),
        once = t(&q.text.receipt_shown_once),
        next = t(&q.text.receipt_next_steps),
        follow_up = t(&q.text.receipt_follow_up),
        url = escape(&localized(lang, d, "/follow-up/")),
        link = t(&q.text.receipt_follow_up_link),
        print = t(&q.text.receipt_print),
    );
    (title, out)
}

/// A page title, with "Error: " before it when the page shows problems (GOV.UK: screen
/// readers say it first).
fn titled(q: &Questionnaire, lang: &str, title: &str, has_errors: bool) -> String {
    if has_errors {
        let prefix = q.text.error_prefix.get(lang, &q.default_language);
        error_title(prefix, title)
    } else {
        title.to_string()
    }
}

/// The report form again, with the answers kept and the problems shown, and when reports are
/// read under it, as on the site's form.
pub fn report_form(
    q: &Questionnaire,
    lang: &str,
    state: &FormState,
    options: &FormOptions,
) -> (String, String) {
    let title = q
        .text
        .report_page_title
        .get(lang, &q.default_language)
        .to_string();
    let content = format!(
        "<h1>{}</h1>{}{}",
        escape(&title),
        render_form(q, lang, &q.default_language, state, options),
        render_reports_read(q, lang, &q.default_language)
    );
    (titled(q, lang, &title, state.has_errors()), content)
}

/// The follow-up page: the receipt form, or the thread and the message form.
pub fn follow_up(q: &Questionnaire, lang: &str, state: &FollowUpState) -> (String, String) {
    let d = q.default_language.as_str();
    let title = q.text.follow_up_title.get(lang, d).to_string();
    let intro = if state.thread.is_none() {
        format!("<p>{}</p>", escape(q.text.follow_up_intro.get(lang, d)))
    } else {
        String::new()
    };
    let content = format!(
        "<h1>{}</h1>{intro}{}",
        escape(&title),
        render_follow_up_form(q, lang, d, state)
    );
    let has_errors = !state.errors.is_empty() || state.problem.is_some();
    (titled(q, lang, &title, has_errors), content)
}
