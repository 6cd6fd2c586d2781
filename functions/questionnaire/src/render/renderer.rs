//! What every part of the form's renderer shares: the reporter's answers and errors as they
//! came back ([`FormState`]), and the renderer with its text, label, hint and error helpers.
//! The parts (`form`, `choices`, `date`) each add their own methods.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::summary::field_error;
use crate::html::escape;
use crate::{Question, Questionnaire, Translated};

/// What the reporter has already sent, and what was wrong with it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormState {
    /// Field name to the values given (option ids, the text typed, a date's typed parts).
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
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty() || self.message.is_some()
    }

    pub(super) fn values(&self, field: &str) -> &[String] {
        self.answers.get(field).map_or(&[], Vec::as_slice)
    }

    pub(super) fn first(&self, field: &str) -> &str {
        self.values(field).first().map_or("", String::as_str)
    }
}

pub(super) struct Renderer<'a> {
    pub q: &'a Questionnaire,
    pub lang: &'a str,
    pub default_lang: &'a str,
    pub state: &'a FormState,
    pub out: String,
}

impl Renderer<'_> {
    pub fn t(&self, text: &Translated) -> String {
        escape(text.get(self.lang, self.default_lang))
    }

    /// The label text with "(optional)" for questions that may be left blank.
    pub fn label_text(&self, question: &Question) -> String {
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
    pub fn hint_and_error(&self, question: &Question) -> (String, Vec<String>) {
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
        if let Some(message) = self.state.errors.get(id) {
            let prefix = self.t(&self.q.text.error_prefix);
            field_error(&mut html, &format!("q-{id}-error"), &prefix, message);
            described_by.push(format!("q-{id}-error"));
        }
        (html, described_by)
    }

    pub fn described_by(ids: &[String]) -> String {
        if ids.is_empty() {
            String::new()
        } else {
            format!(" aria-describedby=\"{}\"", ids.join(" "))
        }
    }

    pub fn has_error(&self, question: &Question) -> bool {
        self.state.errors.contains_key(&question.id)
    }
}
