//! The report form. The site generator calls [`render_form`] to put the form into the static
//! `/report/` pages; the functions call it again to show the form with the reporter's answers
//! and the errors beside the fields. GOV.UK's patterns throughout: `novalidate` (the server's
//! messages, in the page's language, are the only ones), the error summary, hidden "Error:"
//! prefixes, conditional reveals and the character count (see `choices`, `date`, `count`).

use crate::submission::HONEYPOT;
use std::fmt::Write as _;

use super::renderer::{FormState, Renderer};
use super::summary::{SummaryItem, error_summary};
use crate::api;
use crate::html::{escape, push_escaped};
use crate::{Question, QuestionKind, Questionnaire};

/// How the form is set up where it is served.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormOptions {
    /// The hCaptcha site key; `None` renders a note that the captcha is off.
    pub captcha_site_key: Option<String>,
}

impl Renderer<'_> {
    fn error_summary(&mut self) {
        if !self.state.has_errors() {
            return;
        }
        let mut items = Vec::new();
        // Questions in form order, then anything that is not a question (unknown fields).
        for question in &self.q.questions {
            if let Some(message) = self.state.errors.get(&question.id) {
                let label = question.label.get(self.lang, self.default_lang);
                items.push(SummaryItem {
                    target: Some(self.error_target(question)),
                    text: format!("{label}: {message}"),
                });
            }
        }
        for (field, message) in &self.state.errors {
            if self.q.question(field).is_none() {
                items.push(SummaryItem {
                    target: None,
                    text: format!("{field}: {message}"),
                });
            }
        }
        let title = self.t(&self.q.text.error_summary_title);
        error_summary(&mut self.out, &title, self.state.message.as_deref(), &items);
    }

    /// The id of the control an error summary link leads to: the first option, the first
    /// date field in error, or the box.
    fn error_target(&self, question: &Question) -> String {
        match question.kind {
            QuestionKind::Date => self.date_error_target(question),
            _ => match super::choices::first_choice(self.q, question) {
                Some(choice) => format!("q-{}-{}", question.id, choice.id),
                None => format!("q-{}", question.id),
            },
        }
    }

    fn question(&mut self, question: &Question) {
        let invalid = if self.has_error(question) {
            " field-invalid"
        } else {
            ""
        };
        let kind = match question.kind {
            QuestionKind::Single => "single",
            QuestionKind::Multiple => "multiple",
            QuestionKind::Date => "date",
            QuestionKind::Text => "text",
            QuestionKind::Line => "line",
        };
        let count = if question.kind == QuestionKind::Text {
            super::count::component_attrs(question.max_length(), &self.q.text, |t| self.t(t))
        } else {
            String::new()
        };
        let _ = write!(
            self.out,
            "<div class=\"field field-{kind}{invalid}\" id=\"field-{}\"{count}>",
            question.id
        );
        match question.kind {
            QuestionKind::Single | QuestionKind::Multiple => self.choices(question),
            QuestionKind::Date => self.date(question),
            QuestionKind::Text | QuestionKind::Line => self.input(question),
        }
        self.out.push_str("</div>");
    }

    fn input(&mut self, question: &Question) {
        let id = &question.id;
        let label = self.label_text(question);
        let _ = write!(self.out, "<label for=\"q-{id}\">{label}</label>");
        let (hint_html, mut ids) = self.hint_and_error(question);
        self.out.push_str(&hint_html);
        let max = question.max_length();
        let value = escape(self.state.first(id));
        let invalid = if self.has_error(question) {
            " aria-invalid=\"true\""
        } else {
            ""
        };
        if question.kind == QuestionKind::Text {
            // The count's message is the box's first description, as in GOV.UK's component.
            ids.insert(0, format!("q-{id}-info"));
            let described = Self::described_by(&ids);
            // `maxlength` holds without JavaScript; the page script lifts it and counts, so
            // pasted text is never cut without a word.
            let _ = write!(
                self.out,
                "<textarea id=\"q-{id}\" name=\"{id}\" rows=\"8\" maxlength=\"{max}\" spellcheck=\"false\"{described}{invalid}>{value}</textarea>"
            );
            let info = super::count::info(&format!("q-{id}"), max, &self.q.text, |t| self.t(t));
            self.out.push_str(&info);
        } else {
            let described = Self::described_by(&ids);
            let _ = write!(
                self.out,
                "<input type=\"text\" id=\"q-{id}\" name=\"{id}\" value=\"{value}\" maxlength=\"{max}\" autocomplete=\"off\" spellcheck=\"false\"{described}{invalid}>"
            );
        }
    }

    fn controls(&mut self) {
        let lang = escape(self.lang);
        let key = escape(&self.state.idempotency_key);
        let started = escape(&self.state.started_at);
        let _ = write!(
            self.out,
            "<input type=\"hidden\" name=\"lang\" value=\"{lang}\">\
             <input type=\"hidden\" name=\"idempotency_key\" value=\"{key}\">\
             <input type=\"hidden\" name=\"started_at\" value=\"{started}\">"
        );
    }

    /// A field people never see or reach but naive bots fill in. Its name and label are no
    /// autofill category, and the `data-*` flags tell 1Password, LastPass, Bitwarden and
    /// Dashlane to leave it alone: a person whose browser filled it could not send a report. Hidden by a class rather
    /// than an inline style, which the site's Content-Security-Policy would block.
    fn honeypot(&mut self) {
        let label = self.t(&self.q.text.honeypot_label);
        let _ = write!(
            self.out,
            "<div class=\"visually-hidden lookout-hp\" aria-hidden=\"true\">\
             <label for=\"q-{HONEYPOT}\">{label}</label>\
             <input type=\"text\" id=\"q-{HONEYPOT}\" name=\"{HONEYPOT}\" value=\"\" tabindex=\"-1\" autocomplete=\"off\" \
             data-1p-ignore data-lpignore=\"true\" data-bwignore data-form-type=\"other\">\
             </div>"
        );
    }

    /// The fields the page script fills once the reporter has proved to be a person: the
    /// solved challenge, or the hCaptcha token from the step before the form (hCaptcha's own
    /// script never runs on this page). Without the script they stay empty and the report is
    /// stored unverified.
    fn captcha(&mut self, options: &FormOptions) {
        let name = match options.captcha_site_key {
            Some(_) => crate::submission::CAPTCHA_RESPONSE,
            None => crate::submission::ALTCHA,
        };
        let _ = write!(
            self.out,
            "<input type=\"hidden\" name=\"{name}\" value=\"\" data-lookout-proof>"
        );
    }
}

/// The report form in `lang` (falling back to `default_lang`), with `state`'s answers and
/// errors. Every string is escaped.
pub fn render_form(
    q: &Questionnaire,
    lang: &str,
    default_lang: &str,
    state: &FormState,
    options: &FormOptions,
) -> String {
    let mut r = Renderer {
        q,
        lang,
        default_lang,
        state,
        out: String::with_capacity(24 * 1024),
    };
    // The summary goes above the form, at the top of the content, as GOV.UK places it.
    r.error_summary();
    let _ = write!(
        r.out,
        "<form class=\"lookout-form\" id=\"lookout-report-form\" action=\"{}\" data-verified-action=\"{}\" method=\"post\" \
         enctype=\"application/x-www-form-urlencoded\" accept-charset=\"utf-8\" novalidate data-lookout-form=\"report\"{}>",
        api::REPORTS_UNVERIFIED,
        api::REPORTS,
        super::busy::attrs(&q.text, |text| r.t(text)),
    );
    r.controls();
    for question in &q.questions {
        r.question(question);
    }
    r.honeypot();
    r.captcha(options);
    let submit = r.t(&q.text.submit);
    let _ = write!(
        r.out,
        "<button type=\"submit\" class=\"button\">{submit}</button></form>"
    );
    r.out
}

/// Escapes `text` for a page and keeps its line breaks.
pub(crate) fn text_with_breaks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push_str("<br>\n");
        }
        push_escaped(&mut out, line);
    }
    out
}
