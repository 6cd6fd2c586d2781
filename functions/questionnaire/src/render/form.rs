//! The report form. The site generator calls [`render_form`] to put the form into the static
//! `/report/` pages; the functions call it again to show the form with the reporter's answers
//! and the errors beside the fields.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::html::{escape, push_escaped};
use crate::{Choice, Question, QuestionKind, Questionnaire, Translated};

/// What the reporter has already sent, and what was wrong with it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormState {
    /// Question id to the values given (option ids, or the text typed).
    pub answers: BTreeMap<String, Vec<String>>,
    /// Question id (or an unknown field name) to a message in the page's language.
    pub errors: BTreeMap<String, String>,
    /// A message about the whole submission (captcha failed, not saved...).
    pub message: Option<String>,
    /// Kept so that resending the form after an error is still the same submission.
    pub idempotency_key: String,
    pub started_at: String,
}

impl FormState {
    fn has_errors(&self) -> bool {
        !self.errors.is_empty() || self.message.is_some()
    }

    fn values(&self, id: &str) -> &[String] {
        self.answers.get(id).map_or(&[], Vec::as_slice)
    }

    fn first(&self, id: &str) -> &str {
        self.values(id).first().map_or("", String::as_str)
    }
}

/// How the form is set up where it is served.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormOptions {
    /// The hCaptcha site key; `None` renders a note that the captcha is off.
    pub captcha_site_key: Option<String>,
}

/// The id of the control an error summary link jumps to.
fn first_control_id(q: &Questionnaire, question: &Question) -> String {
    match ordered_choices(q, question).first() {
        Some(choice) => format!("q-{}-{}", question.id, choice.id),
        None => format!("q-{}", question.id),
    }
}

/// Options in the order they are shown: grouped ones by group, then those for anyone.
fn ordered_choices<'q>(q: &'q Questionnaire, question: &'q Question) -> Vec<&'q Choice> {
    match groups(q, question) {
        Some(groups) => groups
            .into_iter()
            .flat_map(|(_, choices)| choices)
            .collect(),
        None => question.options.iter().collect(),
    }
}

/// For a grouped question: (group option or `None` for anyone, its options), non-empty only.
fn groups<'q>(
    q: &'q Questionnaire,
    question: &'q Question,
) -> Option<Vec<(Option<&'q Choice>, Vec<&'q Choice>)>> {
    let source = q.question(question.grouped_by.as_deref()?)?;
    let mut out: Vec<(Option<&Choice>, Vec<&Choice>)> = source
        .options
        .iter()
        .map(|g| {
            (
                Some(g),
                question
                    .options
                    .iter()
                    .filter(|c| c.group.as_deref() == Some(g.id.as_str()))
                    .collect(),
            )
        })
        .collect();
    out.push((
        None,
        question
            .options
            .iter()
            .filter(|c| c.group.is_none())
            .collect(),
    ));
    out.retain(|(_, choices)| !choices.is_empty());
    Some(out)
}

struct Renderer<'a> {
    q: &'a Questionnaire,
    lang: &'a str,
    default_lang: &'a str,
    state: &'a FormState,
    out: String,
}

impl Renderer<'_> {
    fn t(&self, text: &Translated) -> String {
        escape(text.get(self.lang, self.default_lang))
    }

    fn error_summary(&mut self) {
        if !self.state.has_errors() {
            return;
        }
        let title = self.t(&self.q.text.error_summary_title);
        let _ = write!(
            self.out,
            "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"lookout-error-summary-title\" tabindex=\"-1\">\
             <h2 id=\"lookout-error-summary-title\">{title}</h2>"
        );
        if let Some(message) = &self.state.message {
            let _ = write!(self.out, "<p>{}</p>", escape(message));
        }
        if !self.state.errors.is_empty() {
            self.out.push_str("<ul>");
            // Questions in form order, then anything that is not a question (unknown fields).
            for question in &self.q.questions {
                if let Some(message) = self.state.errors.get(&question.id) {
                    let target = first_control_id(self.q, question);
                    let label = self.t(&question.label);
                    let _ = write!(
                        self.out,
                        "<li><a href=\"#{target}\">{label}: {}</a></li>",
                        escape(message)
                    );
                }
            }
            for (field, message) in &self.state.errors {
                if self.q.question(field).is_none() {
                    let _ = write!(self.out, "<li>{}: {}</li>", escape(field), escape(message));
                }
            }
            self.out.push_str("</ul>");
        }
        self.out.push_str("</div>");
    }

    /// The label text with "(optional)" for questions that may be left blank.
    fn label_text(&self, question: &Question) -> String {
        let mut label = self.t(&question.label);
        if !question.required {
            let _ = write!(
                label,
                " <span class=\"optional\">({})</span>",
                self.t(&self.q.text.optional)
            );
        }
        label
    }

    /// Hint and error paragraphs, and their ids for `aria-describedby`.
    fn hint_and_error(&self, question: &Question) -> (String, Vec<String>) {
        let id = &question.id;
        let mut html = String::new();
        let mut described_by = Vec::new();
        if let Some(hint) = &question.hint {
            let _ = write!(
                html,
                "<p class=\"hint\" id=\"q-{id}-hint\">{}</p>",
                self.t(hint)
            );
            described_by.push(format!("q-{id}-hint"));
        }
        if question.kind == QuestionKind::Date {
            let format = self.t(&self.q.text.date_format_hint);
            let _ = write!(html, "<p class=\"hint\" id=\"q-{id}-format\">{format}</p>");
            described_by.push(format!("q-{id}-format"));
        }
        if let Some(message) = self.state.errors.get(id) {
            let _ = write!(
                html,
                "<p class=\"field-error\" id=\"q-{id}-error\">{}</p>",
                escape(message)
            );
            described_by.push(format!("q-{id}-error"));
        }
        (html, described_by)
    }

    fn described_by(ids: &[String]) -> String {
        if ids.is_empty() {
            String::new()
        } else {
            format!(" aria-describedby=\"{}\"", ids.join(" "))
        }
    }

    fn invalid_attr(&self, question: &Question) -> &'static str {
        if self.state.errors.contains_key(&question.id) {
            " aria-invalid=\"true\""
        } else {
            ""
        }
    }

    fn question(&mut self, question: &Question) {
        let invalid = if self.state.errors.contains_key(&question.id) {
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
        let _ = write!(
            self.out,
            "<div class=\"field field-{kind}{invalid}\" id=\"field-{}\">",
            question.id
        );
        if question.has_options() {
            self.choices(question);
        } else {
            self.input(question);
        }
        self.out.push_str("</div>");
    }

    fn choices(&mut self, question: &Question) {
        let label = self.label_text(question);
        // The hint and error sit inside the fieldset, after the legend, and are also tied to
        // it by aria-describedby so they are read when entering the group.
        let (hint_html, ids) = self.hint_and_error(question);
        let described = Self::described_by(&ids);
        let _ = write!(
            self.out,
            "<fieldset{described}><legend>{label}</legend>{hint_html}"
        );
        match groups(self.q, question) {
            Some(groups) => {
                for (group, choices) in groups {
                    let (data, legend) = match group {
                        Some(g) => (escape(&g.id), self.t(&g.label)),
                        None => (String::new(), self.t(&self.q.text.group_anyone)),
                    };
                    let _ = write!(
                        self.out,
                        "<fieldset class=\"choice-group\" data-group=\"{data}\"><legend>{legend}</legend><div class=\"choices\">"
                    );
                    for choice in choices {
                        self.choice(question, choice);
                    }
                    self.out.push_str("</div></fieldset>");
                }
            }
            None => {
                self.out.push_str("<div class=\"choices\">");
                for choice in &question.options {
                    self.choice(question, choice);
                }
                self.out.push_str("</div>");
            }
        }
        self.out.push_str("</fieldset>");
    }

    fn choice(&mut self, question: &Question, choice: &Choice) {
        let (kind, required) = match question.kind {
            // `required` on one radio of a group makes the whole group required.
            QuestionKind::Single => ("radio", question.required),
            // Browsers cannot require "at least one" checkbox; the server checks.
            _ => ("checkbox", false),
        };
        let qid = &question.id;
        let cid = &choice.id;
        let checked = if self.state.values(qid).iter().any(|v| v == cid) {
            " checked"
        } else {
            ""
        };
        let required = if required { " required" } else { "" };
        let invalid = self.invalid_attr(question);
        let label = self.t(&choice.label);
        let group = choice
            .group
            .as_deref()
            .map(|g| format!(" data-group=\"{}\"", escape(g)))
            .unwrap_or_default();
        let _ = write!(
            self.out,
            "<div class=\"choice\"{group}><input type=\"{kind}\" id=\"q-{qid}-{cid}\" name=\"{qid}\" value=\"{cid}\"{checked}{required}{invalid}>\
             <label for=\"q-{qid}-{cid}\">{label}</label></div>"
        );
    }

    fn input(&mut self, question: &Question) {
        let id = &question.id;
        let label = self.label_text(question);
        let _ = write!(self.out, "<label for=\"q-{id}\">{label}</label>");
        let (hint_html, ids) = self.hint_and_error(question);
        self.out.push_str(&hint_html);
        let mut attrs = Self::described_by(&ids);
        if question.required {
            attrs.push_str(" required");
        }
        attrs.push_str(self.invalid_attr(question));
        let value = escape(self.state.first(id));
        match question.kind {
            QuestionKind::Date => {
                let _ = write!(
                    self.out,
                    "<input type=\"date\" id=\"q-{id}\" name=\"{id}\" value=\"{value}\"{attrs}>"
                );
            }
            QuestionKind::Text => {
                let max = question.max_length();
                let _ = write!(
                    self.out,
                    "<textarea id=\"q-{id}\" name=\"{id}\" rows=\"8\" maxlength=\"{max}\"{attrs}>{value}</textarea>"
                );
            }
            _ => {
                let max = question.max_length();
                let _ = write!(
                    self.out,
                    "<input type=\"text\" id=\"q-{id}\" name=\"{id}\" value=\"{value}\" maxlength=\"{max}\" autocomplete=\"off\"{attrs}>"
                );
            }
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

    /// A field people never see or reach but naive bots fill in. Hidden by a class rather
    /// than an inline style, which the site's Content-Security-Policy would block.
    fn honeypot(&mut self) {
        let label = self.t(&self.q.text.honeypot_label);
        let _ = write!(
            self.out,
            "<div class=\"visually-hidden lookout-hp\" aria-hidden=\"true\">\
             <label for=\"q-website\">{label}</label>\
             <input type=\"text\" id=\"q-website\" name=\"website\" value=\"\" tabindex=\"-1\" autocomplete=\"off\">\
             </div>"
        );
    }

    fn captcha(&mut self, options: &FormOptions) {
        match &options.captcha_site_key {
            Some(key) => {
                // hCaptcha's script (https://js.hcaptcha.com/1/api.js) belongs in the page's
                // head, which the site's templates and page shell provide.
                let _ = write!(
                    self.out,
                    "<div class=\"h-captcha\" data-sitekey=\"{}\"></div>",
                    escape(key)
                );
            }
            None => {
                let note = self.t(&self.q.text.captcha_off);
                let _ = write!(self.out, "<p class=\"captcha-off\">{note}</p>");
            }
        }
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
        out: String::with_capacity(16 * 1024),
    };
    r.out.push_str(
        "<form class=\"lookout-form\" id=\"lookout-report-form\" action=\"/api/reports\" method=\"post\" \
         enctype=\"application/x-www-form-urlencoded\" accept-charset=\"utf-8\" data-lookout-form=\"report\">",
    );
    r.error_summary();
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
