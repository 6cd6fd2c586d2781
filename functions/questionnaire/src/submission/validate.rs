//! Checks a submission against the questionnaire and splits the valid answers into what
//! stays readable for statistics and what is sealed.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use time::Date;

use super::date;
use super::{Messages, Submission};
use crate::when::{DATE_PARTS, Seen, part_field};
use crate::{Question, QuestionKind, Questionnaire};

/// Field name to a message in the submission's language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(pub BTreeMap<String, String>);

/// Answers that passed validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidAnswers {
    /// Readable single/multiple answers (option ids) and, for readable dates, the ISO week.
    pub readable: BTreeMap<String, Vec<String>>,
    /// Everything else, including the exact date: question id to a string or a list.
    pub sealed: BTreeMap<String, Value>,
}

impl ValidAnswers {
    /// The sealed answers as the JSON text that gets encrypted.
    pub fn sealed_json(&self) -> String {
        Value::Object(self.sealed.clone().into_iter().collect()).to_string()
    }
}

/// Whether `field` is a question, or a typed part of a date question (`seen_on-day`).
fn is_known_field(q: &Questionnaire, field: &str) -> bool {
    q.question(field).is_some()
        || q.questions.iter().any(|question| {
            question.kind == QuestionKind::Date
                && question.types_a_date()
                && DATE_PARTS
                    .iter()
                    .any(|part| part_field(&question.id, part) == field)
        })
}

/// The length of an answer as its limit counts it: Unicode scalar values, the unit the page
/// script counts too (`[...text].length`), so the count on the page and the check here agree
/// for every script and emoji. Line breaks count once (CR LF is made LF first).
pub fn character_count(text: &str) -> usize {
    text.chars().count()
}

/// Keeps line breaks and tabs, drops other control characters (they have no place in a
/// report and can upset terminals in the triage CLI), and turns CR LF into LF.
pub fn clean_text(text: &str, one_line: bool) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let cleaned: String = text
        .chars()
        .filter_map(|c| match c {
            '\n' if one_line => Some(' '),
            '\n' | '\t' => Some(c),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect();
    cleaned.trim().to_string()
}

/// Validates `submission` against `q`. `today` is the campaign's today (in its time zone): it
/// gives "today", "yesterday" and the weeks their meaning and bounds typed dates. Messages are
/// in the submission's language, falling back to the questionnaire's default.
pub fn validate(
    q: &Questionnaire,
    submission: &Submission,
    today: Date,
) -> Result<ValidAnswers, FieldErrors> {
    let lang = submission.lang.as_deref().unwrap_or(&q.default_language);
    let m = Messages { q, lang };
    let mut errors = BTreeMap::new();
    let mut valid = ValidAnswers::default();

    for field in submission.answers.keys() {
        if !is_known_field(q, field) {
            errors.insert(field.clone(), m.get(&q.text.error_unknown_field));
        }
    }

    for question in &q.questions {
        let given = submission
            .answers
            .get(&question.id)
            .map_or(&[][..], Vec::as_slice);
        let checked = if question.kind == QuestionKind::Date {
            date::check(question, &submission.answers, today, &m).map(|seen| seen.map(Answer::Seen))
        } else {
            check(question, given, &m)
        };
        match checked {
            Ok(None) if question.required => {
                errors.insert(question.id.clone(), m.get(&q.text.error_required));
            }
            Ok(None) => {}
            Ok(Some(answer)) => answer.file(question, &mut valid),
            Err(message) => {
                errors.insert(question.id.clone(), message);
            }
        }
    }
    if errors.is_empty() {
        Ok(valid)
    } else {
        Err(FieldErrors(errors))
    }
}

enum Answer {
    Options(Vec<String>),
    Seen(Seen),
    Text(String),
}

impl Answer {
    fn file(self, question: &Question, valid: &mut ValidAnswers) {
        let id = question.id.clone();
        match self {
            Answer::Options(ids) if question.readable => {
                valid.readable.insert(id, ids);
            }
            Answer::Options(ids) if question.kind == QuestionKind::Single => {
                valid.sealed.insert(id, Value::String(ids.concat()));
            }
            Answer::Options(ids) => {
                valid.sealed.insert(id, Value::from(ids));
            }
            Answer::Seen(seen) => {
                // The week or month can be counted; the day could help identify who reported.
                if question.readable {
                    valid.readable.insert(id.clone(), vec![seen.readable()]);
                }
                valid.sealed.insert(id, Value::String(seen.finest()));
            }
            Answer::Text(text) => {
                valid.sealed.insert(id, Value::String(text));
            }
        }
    }
}

/// `Ok(None)` for no answer, `Ok(Some)` for a good one, `Err(message)` otherwise.
fn check(
    question: &Question,
    given: &[String],
    m: &Messages<'_>,
) -> Result<Option<Answer>, String> {
    let text = &m.q.text;
    if given.is_empty() {
        return Ok(None);
    }
    match question.kind {
        QuestionKind::Single | QuestionKind::Multiple => {
            if question.kind == QuestionKind::Single && given.len() > 1 {
                return Err(m.get(&text.error_invalid_option));
            }
            let mut seen = BTreeSet::new();
            // Kept in questionnaire order, not the order sent, so equal answers store equally.
            for value in given {
                if question.choice(value).is_none() {
                    return Err(m.get(&text.error_invalid_option));
                }
                seen.insert(value.as_str());
            }
            let ids = question
                .options
                .iter()
                .filter(|c| seen.contains(c.id.as_str()))
                .map(|c| c.id.clone())
                .collect();
            Ok(Some(Answer::Options(ids)))
        }
        // Dates have their own fields and checks (`date::check`).
        QuestionKind::Date => Err(m.get(&text.error_invalid_date)),
        QuestionKind::Text | QuestionKind::Line => {
            let max = question.max_length();
            let too_long = || {
                m.get(&text.error_too_long)
                    .replace("{max}", &max.to_string())
            };
            let [value] = given else {
                return Err(too_long());
            };
            let cleaned = clean_text(value, question.kind == QuestionKind::Line);
            if cleaned.is_empty() {
                return Ok(None);
            }
            if character_count(&cleaned) > max {
                return Err(too_long());
            }
            Ok(Some(Answer::Text(cleaned)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_cleaned_of_control_characters() {
        assert_eq!(
            clean_text(" a\r\nb\u{0}\u{1b}[31m\tc ", false),
            "a\nb[31m\tc"
        );
        assert_eq!(clean_text("room\n12", true), "room 12");
    }
}
