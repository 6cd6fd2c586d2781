//! The questionnaire's model: questions, their kinds and options, and the interface strings,
//! as read from `questionnaire.yaml` (schema in ARCHITECTURE.md).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::when::DateAnswer;
use crate::{InterfaceText, QuestionnaireError, Translated};

/// Default `max_length` of a `text` answer, in characters.
pub const DEFAULT_TEXT_MAX: usize = 4000;
/// Default `max_length` of a `line` answer, in characters.
pub const DEFAULT_LINE_MAX: usize = 200;
/// Default `max_age_days` of a `date` answer.
pub const DEFAULT_MAX_AGE_DAYS: u32 = 365;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Questionnaire {
    /// The language every label must exist in and that others fall back to (default `en`).
    #[serde(default = "default_language")]
    pub default_language: String,
    pub questions: Vec<Question>,
    pub text: InterfaceText,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// `[a-z0-9_]+`: the form field name and the JSON key.
    pub id: String,
    pub kind: QuestionKind,
    #[serde(default)]
    pub required: bool,
    /// Kept in clear for statistics (option ids; for a date, the ISO week).
    #[serde(default)]
    pub readable: bool,
    pub label: Translated,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Translated>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<Choice>,
    /// The id of a `single` question whose options group this question's options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grouped_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<usize>,
    /// For a date question: the answers it allows (default: all of them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers: Option<Vec<DateAnswer>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestionKind {
    /// One option (radio buttons).
    Single,
    /// Any number of options (checkboxes).
    Multiple,
    /// When something was seen: a day, a week, a month or "earlier" (see `when`).
    Date,
    /// Multi-line free text; always sealed.
    Text,
    /// One line of free text; always sealed.
    Line,
}

/// One option of a `single` or `multiple` question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// `[a-z0-9-]+`.
    pub id: String,
    pub label: Translated,
    /// An option id of the question's `grouped_by` question; absent = for anyone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

fn default_language() -> String {
    "en".to_string()
}

impl Questionnaire {
    /// Reads and checks a questionnaire file. Errors name the file, line and key.
    pub fn load(path: &Path) -> Result<Self, QuestionnaireError> {
        let source = std::fs::read_to_string(path).map_err(|source| QuestionnaireError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&source, path)
    }

    /// Parses and checks questionnaire text; `path` is only used in error messages.
    pub fn parse(source: &str, path: &Path) -> Result<Self, QuestionnaireError> {
        let questionnaire: Questionnaire =
            crate::yaml::from_str(source).map_err(|e| QuestionnaireError::syntax(path, e))?;
        crate::check::check(&questionnaire, source, path)?;
        Ok(questionnaire)
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// Every language that appears in a label, hint or interface string, sorted.
    pub fn languages(&self) -> Vec<String> {
        let mut langs = std::collections::BTreeSet::new();
        for q in &self.questions {
            langs.extend(q.label.languages().map(str::to_string));
        }
        for (_, text) in self.text.entries() {
            langs.extend(text.languages().map(str::to_string));
        }
        langs.into_iter().collect()
    }
}

impl Question {
    pub fn choice(&self, id: &str) -> Option<&Choice> {
        self.options.iter().find(|c| c.id == id)
    }

    /// The longest accepted answer in characters (text and line questions).
    pub fn max_length(&self) -> usize {
        match (self.max_length, self.kind) {
            (Some(max), _) => max,
            (None, QuestionKind::Line) => DEFAULT_LINE_MAX,
            (None, _) => DEFAULT_TEXT_MAX,
        }
    }

    /// How many days back a date answer may lie.
    pub fn max_age_days(&self) -> u32 {
        self.max_age_days.unwrap_or(DEFAULT_MAX_AGE_DAYS)
    }

    /// The answers a date question allows, in the order the form shows them.
    pub fn date_answers(&self) -> Vec<DateAnswer> {
        match &self.answers {
            Some(list) => DateAnswer::ALL
                .into_iter()
                .filter(|a| list.contains(a))
                .collect(),
            None => DateAnswer::ALL.to_vec(),
        }
    }

    /// Whether a date question shows the typed date fields (it allows a month or a day).
    pub fn types_a_date(&self) -> bool {
        self.date_answers()
            .iter()
            .any(|a| matches!(a, DateAnswer::Month | DateAnswer::Day))
    }

    /// Whether the answer is a list of option ids.
    pub fn has_options(&self) -> bool {
        matches!(self.kind, QuestionKind::Single | QuestionKind::Multiple)
    }
}
