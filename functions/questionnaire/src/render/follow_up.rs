//! The follow-up page's forms: first the receipt field; after a successful lookup, the
//! thread with the team and a box to add information. The receipt only ever travels in the
//! form body (a hidden field on the second form), never in a URL.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{Author, text_with_breaks};
use crate::html::escape;
use crate::{DEFAULT_TEXT_MAX, Questionnaire, Translated};

/// One message of the thread, opened for the reporter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadEntry {
    pub author: Author,
    /// `YYYY-MM-DD`.
    pub sent_on: String,
    pub text: String,
}

/// What the follow-up page shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FollowUpState {
    /// The receipt as typed (kept so a mistyped digit can be corrected).
    pub receipt: String,
    /// After a successful lookup: the day the report arrived and the thread.
    pub thread: Option<(String, Vec<ThreadEntry>)>,
    /// The message being written (kept when it could not be added).
    pub message: String,
    /// `receipt` or `message` to a message in the page's language.
    pub errors: BTreeMap<String, String>,
    /// A message about the whole request (e.g. not saved).
    pub problem: Option<String>,
    /// A confirmation (e.g. "your message was added").
    pub notice: Option<String>,
}

/// The follow-up forms in `lang` (falling back to `default_lang`). Every string is escaped.
pub fn render_follow_up_form(
    q: &Questionnaire,
    lang: &str,
    default_lang: &str,
    state: &FollowUpState,
) -> String {
    let t = |text: &Translated| escape(text.get(lang, default_lang));
    let text = &q.text;
    let mut out = String::with_capacity(8 * 1024);
    out.push_str("<div class=\"lookout-follow-up\">");
    if !state.errors.is_empty() || state.problem.is_some() {
        let _ = write!(
            out,
            "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"lookout-error-summary-title\" tabindex=\"-1\">\
             <h2 id=\"lookout-error-summary-title\">{}</h2>",
            t(&text.error_summary_title)
        );
        if let Some(problem) = &state.problem {
            let _ = write!(out, "<p>{}</p>", escape(problem));
        }
        if !state.errors.is_empty() {
            out.push_str("<ul>");
            for (field, message) in &state.errors {
                let label = match field.as_str() {
                    "receipt" => t(&text.follow_up_receipt_label),
                    "message" => t(&text.follow_up_message_label),
                    other => escape(other),
                };
                let _ = write!(
                    out,
                    "<li><a href=\"#follow-up-{}\">{label}: {}</a></li>",
                    escape(field),
                    escape(message)
                );
            }
            out.push_str("</ul>");
        }
        out.push_str("</div>");
    }
    if let Some(notice) = &state.notice {
        let _ = write!(
            out,
            "<p class=\"notice\" role=\"status\">{}</p>",
            escape(notice)
        );
    }
    let lang_field = format!(
        "<input type=\"hidden\" name=\"lang\" value=\"{}\">",
        escape(lang)
    );
    match &state.thread {
        None => {
            let _ = write!(
                out,
                "<form class=\"lookout-form\" action=\"/api/follow-up\" method=\"post\" \
                 enctype=\"application/x-www-form-urlencoded\" accept-charset=\"utf-8\" data-lookout-form=\"follow-up\">{lang_field}"
            );
            field(
                &mut out,
                "receipt",
                &t(&text.follow_up_receipt_label),
                &t(&text.follow_up_receipt_hint),
                state.errors.get("receipt"),
                |attrs| {
                    format!(
                        "<input type=\"text\" id=\"follow-up-receipt\" name=\"receipt\" value=\"{}\" inputmode=\"numeric\" \
                     autocomplete=\"off\" spellcheck=\"false\" required{attrs}>",
                        escape(&state.receipt)
                    )
                },
            );
            let _ = write!(
                out,
                "<button type=\"submit\" class=\"button\">{}</button></form>",
                t(&text.follow_up_open)
            );
        }
        Some((received_on, entries)) => {
            let sent = text
                .follow_up_report_sent
                .get(lang, default_lang)
                .replace("{date}", received_on);
            let _ = write!(
                out,
                "<section class=\"thread\" aria-labelledby=\"follow-up-thread-title\"><h2 id=\"follow-up-thread-title\">{}</h2><p>{}</p>",
                t(&text.follow_up_thread_title),
                escape(&sent)
            );
            if entries.is_empty() {
                let _ = write!(out, "<p>{}</p>", t(&text.follow_up_no_messages));
            } else {
                out.push_str("<ol class=\"messages\">");
                for entry in entries {
                    let (class, who) = match entry.author {
                        Author::Team => ("from-team", t(&text.follow_up_from_team)),
                        Author::Reporter => ("from-reporter", t(&text.follow_up_from_you)),
                    };
                    let _ = write!(
                        out,
                        "<li class=\"{class}\"><p class=\"meta\">{who}, <time datetime=\"{date}\">{date}</time></p><p>{}</p></li>",
                        text_with_breaks(&entry.text),
                        date = escape(&entry.sent_on)
                    );
                }
                out.push_str("</ol>");
            }
            out.push_str("</section>");
            let _ = write!(
                out,
                "<form class=\"lookout-form\" action=\"/api/follow-up/messages\" method=\"post\" \
                 enctype=\"application/x-www-form-urlencoded\" accept-charset=\"utf-8\" data-lookout-form=\"follow-up-message\">\
                 {lang_field}<input type=\"hidden\" name=\"receipt\" value=\"{}\">",
                escape(&state.receipt)
            );
            field(
                &mut out,
                "message",
                &t(&text.follow_up_message_label),
                &t(&text.follow_up_message_hint),
                state.errors.get("message"),
                |attrs| {
                    format!(
                        "<textarea id=\"follow-up-message\" name=\"message\" rows=\"6\" maxlength=\"{}\" required{attrs}>{}</textarea>",
                        DEFAULT_TEXT_MAX,
                        escape(&state.message)
                    )
                },
            );
            let _ = write!(
                out,
                "<button type=\"submit\" class=\"button\">{}</button></form>",
                t(&text.follow_up_send)
            );
        }
    }
    out.push_str("</div>");
    out
}

/// A labelled control with its hint and error, tied together by `aria-describedby`.
fn field(
    out: &mut String,
    name: &str,
    label: &str,
    hint: &str,
    error: Option<&String>,
    control: impl FnOnce(&str) -> String,
) {
    let invalid = if error.is_some() {
        " field-invalid"
    } else {
        ""
    };
    let _ = write!(
        out,
        "<div class=\"field{invalid}\"><label for=\"follow-up-{name}\">{label}</label>\
         <p class=\"hint\" id=\"follow-up-{name}-hint\">{hint}</p>"
    );
    let mut attrs = format!(" aria-describedby=\"follow-up-{name}-hint");
    if let Some(message) = error {
        let _ = write!(
            out,
            "<p class=\"field-error\" id=\"follow-up-{name}-error\">{}</p>",
            escape(message)
        );
        let _ = write!(attrs, " follow-up-{name}-error\" aria-invalid=\"true");
    }
    attrs.push('"');
    out.push_str(&control(&attrs));
    out.push_str("</div>");
}
