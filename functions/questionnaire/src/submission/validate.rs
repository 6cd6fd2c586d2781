//! Checks a submission against the questionnaire and splits the valid answers into what
//! stays readable for statistics and what is sealed.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use time::Date;
use time::macros::format_description;

use super::Submission;
use crate::{Question, QuestionKind, Questionnaire, Translated};

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

/// The ISO week of a day, e.g. `2026-W47`.
pub fn iso_week(date: Date) -> String {
    let (year, week, _) = date.to_iso_week_date();
    format!("{year}-W{week:02}")
}

struct Messages<'a> {
    q: &'a Questionnaire,
    lang: &'a str,
}

impl Messages<'_> {
    fn get(&self, text: &Translated) -> String {
        text.get(self.lang, &self.q.default_language).to_string()
    }
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

/// Validates `submission` against `q`; `today` bounds dates. Messages are in the
/// submission's language, falling back to the questionnaire's default.
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
        if q.question(field).is_none() {
            errors.insert(field.clone(), m.get(&q.text.error_unknown_field));
        }
    }

    for question in &q.questions {
        let given = submission
            .answers
            .get(&question.id)
            .map_or(&[][..], Vec::as_slice);
        match check(question, given, today, &m) {
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
    Day(Date),
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
            Answer::Day(day) => {
                // The week can be counted; the day could help identify who reported.
                if question.readable {
                    valid.readable.insert(id.clone(), vec![iso_week(day)]);
                }
                valid.sealed.insert(id, Value::String(day.to_string()));
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
    today: Date,
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
        QuestionKind::Date => {
            let [value] = given else {
                return Err(m.get(&text.error_invalid_date));
            };
            let day = Date::parse(value.trim(), format_description!("[year]-[month]-[day]"))
                .map_err(|_| m.get(&text.error_invalid_date))?;
            // A day ahead of UTC is still today for a reporter east of Greenwich, or in
            // British Summer Time just after midnight.
            if day > today.next_day().unwrap_or(today) {
                return Err(m.get(&text.error_date_in_future));
            }
            let max_age = i64::from(question.max_age_days());
            if (today - day).whole_days() > max_age {
                return Err(m
                    .get(&text.error_date_too_old)
                    .replace("{days}", &max_age.to_string()));
            }
            Ok(Some(Answer::Day(day)))
        }
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
            if cleaned.chars().count() > max {
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
    fn iso_weeks_follow_iso_8601() {
        use time::macros::date;
        assert_eq!(iso_week(date!(2026 - 11 - 18)), "2026-W47");
        assert_eq!(iso_week(date!(2021 - 01 - 01)), "2020-W53");
        assert_eq!(iso_week(date!(2026 - 01 - 05)), "2026-W02");
    }

    #[test]
    fn text_is_cleaned_of_control_characters() {
        assert_eq!(
            clean_text(" a\r\nb\u{0}\u{1b}[31m\tc ", false),
            "a\nb[31m\tc"
        );
        assert_eq!(clean_text("room\n12", true), "room 12");
    }
}
