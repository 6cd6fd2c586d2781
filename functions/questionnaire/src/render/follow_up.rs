//! The follow-up page's forms: first the receipt field; after a successful lookup, the
//! thread with the team and a box to add information. The receipt only ever travels in the
//! form body (a hidden field on the second form), never in a URL. The thread is
//! `translate="no"`: a browser's translation service would be sent the team's messages.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::summary::{SummaryItem, error_summary, field_error};
use super::{Author, count, text_with_breaks};
use crate::api;
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
        let items: Vec<SummaryItem> = state
            .errors
            .iter()
            .map(|(field, message)| {
                let label = match field.as_str() {
                    "receipt" => text.follow_up_receipt_label.get(lang, default_lang),
                    "message" => text.follow_up_message_label.get(lang, default_lang),
                    other => other,
                };
                SummaryItem {
                    target: Some(format!("follow-up-{field}")),
                    text: format!("{label}: {message}"),
                }
            })
            .collect();
        error_summary(
            &mut out,
            &t(&text.error_summary_title),
            state.problem.as_deref(),
            &items,
        );
    }
    if let Some(notice) = &state.notice {
        let _ = write!(
            out,
            "<p class=\"notice\" role=\"status\">{}</p>",
            escape(notice)
        );
    }
    // With the language, the field the page script fills with a solved challenge (a follow-up
    // always uses Lookout's own, whatever the campaign chose for reports).
    let busy = super::busy::attrs(text, t);
    let lang_field = format!(
        "<input type=\"hidden\" name=\"lang\" value=\"{}\">\
         <input type=\"hidden\" name=\"{}\" value=\"\" data-lookout-proof>",
        escape(lang),
        crate::submission::ALTCHA,
    );
    match &state.thread {
        None => {
            let _ = write!(
                out,
                "<form class=\"lookout-form\" action=\"{}\" data-verified-action=\"{}\" method=\"post\" \
                 enctype=\"application/x-www-form-urlencoded\" accept-charset=\"utf-8\" novalidate data-lookout-form=\"follow-up\"{busy}>{lang_field}",
                api::FOLLOW_UP_UNVERIFIED,
                api::FOLLOW_UP,
            );
            let prefix = t(&text.error_prefix);
            let receipt = Field {
                name: "receipt",
                label: &t(&text.follow_up_receipt_label),
                hint: &t(&text.follow_up_receipt_hint),
                error: state.errors.get("receipt"),
                prefix: &prefix,
                count: None,
            };
            receipt.write(&mut out, |attrs| {
                format!(
                    "<input type=\"text\" id=\"follow-up-receipt\" name=\"receipt\" value=\"{}\" inputmode=\"numeric\" \
                     autocomplete=\"off\" spellcheck=\"false\"{attrs}>",
                    escape(&state.receipt)
                )
            });
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
                "<section class=\"thread\" aria-labelledby=\"follow-up-thread-title\" translate=\"no\"><h2 id=\"follow-up-thread-title\">{}</h2><p>{}</p>",
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
                        "<li class=\"{class}\"><p class=\"meta\">{who}, <time datetime=\"{date}\">{date}</time></p><p dir=\"auto\">{}</p></li>",
                        // dir="auto" isolates each message, so bidirectional marks in it
                        // cannot reorder the page around it.
                        text_with_breaks(&entry.text),
                        date = escape(&entry.sent_on)
                    );
                }
                out.push_str("</ol>");
            }
            out.push_str("</section>");
            // Only without JavaScript (the page script draws the thread in place, and Reload
            // then shows the empty form): the thread is the answer to a post.
            let _ = write!(
                out,
                "<p class=\"no-js-only\" id=\"follow-up-reload-note\">{}</p>",
                t(&text.follow_up_reload_note)
            );
            let _ = write!(
                out,
                "<form class=\"lookout-form\" action=\"{}\" data-verified-action=\"{}\" method=\"post\" \
                 enctype=\"application/x-www-form-urlencoded\" accept-charset=\"utf-8\" novalidate data-lookout-form=\"follow-up-message\"{busy}>\
                 {lang_field}<input type=\"hidden\" name=\"receipt\" value=\"{}\">",
                api::FOLLOW_UP_MESSAGES_UNVERIFIED,
                api::FOLLOW_UP_MESSAGES,
                escape(&state.receipt)
            );
            let prefix = t(&text.error_prefix);
            let counted = (
                count::component_attrs(DEFAULT_TEXT_MAX, text, t),
                count::info("follow-up-message", DEFAULT_TEXT_MAX, text, t),
            );
            let message = Field {
                name: "message",
                label: &t(&text.follow_up_message_label),
                hint: &t(&text.follow_up_message_hint),
                error: state.errors.get("message"),
                prefix: &prefix,
                count: Some(counted),
            };
            message.write(&mut out, |attrs| {
                format!(
                    "<textarea id=\"follow-up-message\" name=\"message\" rows=\"6\" maxlength=\"{DEFAULT_TEXT_MAX}\" spellcheck=\"false\"{attrs}>{}</textarea>",
                    escape(&state.message)
                )
            });
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

/// A labelled control with its hint and error, tied together by `aria-describedby` (all
/// texts escaped already); `count` is a character count's attributes and message.
struct Field<'a> {
    name: &'a str,
    label: &'a str,
    hint: &'a str,
    error: Option<&'a String>,
    prefix: &'a str,
    count: Option<(String, String)>,
}

impl Field<'_> {
    fn write(&self, out: &mut String, control: impl FnOnce(&str) -> String) {
        let name = self.name;
        let invalid = if self.error.is_some() {
            " field-invalid"
        } else {
            ""
        };
        let (count_attrs, count_info) = self.count.clone().unwrap_or_default();
        let _ = write!(
            out,
            "<div class=\"field{invalid}\"{count_attrs}><label for=\"follow-up-{name}\">{}</label>\
             <p class=\"hint\" id=\"follow-up-{name}-hint\">{}</p>",
            self.label, self.hint
        );
        let mut ids = Vec::new();
        if self.count.is_some() {
            ids.push(format!("follow-up-{name}-info"));
        }
        ids.push(format!("follow-up-{name}-hint"));
        let mut attrs = String::new();
        if let Some(message) = self.error {
            field_error(
                out,
                &format!("follow-up-{name}-error"),
                self.prefix,
                message,
            );
            ids.push(format!("follow-up-{name}-error"));
            attrs.push_str(" aria-invalid=\"true\"");
        }
        let attrs = format!(" aria-describedby=\"{}\"{attrs}", ids.join(" "));
        out.push_str(&control(&attrs));
        out.push_str(&count_info);
        out.push_str("</div>");
    }
}
