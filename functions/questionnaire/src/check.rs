//! The checks serde cannot express: ids, references between questions, which kinds may be
//! readable, and the default-language strings. Each failure points at the line of its key.

use std::collections::HashSet;
use std::path::Path;

use crate::submission::CONTROL_FIELDS;
use crate::when::DateAnswer;
use crate::yaml::Locator;
use crate::{Question, QuestionKind, Questionnaire, QuestionnaireError, Translated};

struct Checker<'a> {
    path: &'a Path,
    locator: Locator<'a>,
}

impl Checker<'_> {
    /// An error at `key` (a path such as `questions[2].readable`), on its line or, where the
    /// key is absent, on the line of the nearest part of the path that is there.
    fn fail(&self, key: String, message: impl Into<String>) -> QuestionnaireError {
        QuestionnaireError::Invalid {
            path: self.path.to_path_buf(),
            line: self.locator.line_of(&key),
            key,
            message: message.into(),
        }
    }
}

fn valid_id(id: &str, extra: char) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == extra)
}

pub(super) fn check(
    q: &Questionnaire,
    source: &str,
    path: &Path,
) -> Result<(), QuestionnaireError> {
    let c = Checker {
        path,
        locator: Locator::new(source),
    };
    let lang = q.default_language.as_str();
    if q.questions.is_empty() {
        return Err(c.fail("questions".into(), "there must be at least one question"));
    }
    let mut seen = HashSet::new();
    for (qi, question) in q.questions.iter().enumerate() {
        let key = |k: &str| format!("questions[{qi}].{k}");
        if !valid_id(&question.id, '_') {
            return Err(c.fail(
                key("id"),
                format!("`{}` is not a valid id: use a-z, 0-9 and _", question.id),
            ));
        }
        if CONTROL_FIELDS.contains(&question.id.as_str()) {
            return Err(c.fail(
                key("id"),
                format!("`{}` is reserved for the form itself", question.id),
            ));
        }
        if !seen.insert(question.id.as_str()) {
            return Err(c.fail(
                key("id"),
                format!("`{}` is used by an earlier question", question.id),
            ));
        }
        require_lang(&c, &question.label, lang, key("label"))?;
        if let Some(hint) = &question.hint {
            require_lang(&c, hint, lang, key("hint"))?;
        }
        check_kind(&c, q, qi, question)?;
        check_options(&c, q, qi, question, lang)?;
    }
    for (name, text) in q.text.entries() {
        require_lang(&c, text, lang, format!("text.{name}"))?;
    }
    check_body_limit(&c, q)
}

/// Every answer at its longest must still fit the functions' body limit, at the worst cost of
/// a character; otherwise a reporter within the character counts would be told "too large".
fn check_body_limit(c: &Checker<'_>, q: &Questionnaire) -> Result<(), QuestionnaireError> {
    let worst = crate::worst_case_body(q);
    if worst <= crate::BODY_LIMIT {
        return Ok(());
    }
    // Point at the longest free-text limit: that is what has to come down.
    let longest = q
        .questions
        .iter()
        .enumerate()
        .filter(|(_, question)| matches!(question.kind, QuestionKind::Text | QuestionKind::Line))
        .max_by_key(|(_, question)| question.max_length());
    let key = match longest {
        Some((qi, question)) if question.max_length.is_some() => {
            format!("questions[{qi}].max_length")
        }
        Some((qi, _)) => format!("questions[{qi}]"),
        None => "questions".to_string(),
    };
    Err(c.fail(
        key,
        format!(
            "the answers at their longest could take {worst} bytes, over the {} bytes a \
             report may have (a character can take {} bytes when sent): lower max_length",
            crate::BODY_LIMIT,
            crate::WORST_BYTES_PER_CHAR
        ),
    ))
}

fn require_lang(
    c: &Checker<'_>,
    text: &Translated,
    lang: &str,
    key: String,
) -> Result<(), QuestionnaireError> {
    if text.has(lang) {
        Ok(())
    } else {
        Err(c.fail(
            key,
            format!("needs a text in the default language `{lang}`"),
        ))
    }
}

/// Settings that only make sense for some kinds.
fn check_kind(
    c: &Checker<'_>,
    q: &Questionnaire,
    qi: usize,
    question: &Question,
) -> Result<(), QuestionnaireError> {
    let key = |k: &str| format!("questions[{qi}].{k}");
    let free_text = matches!(question.kind, QuestionKind::Text | QuestionKind::Line);
    if free_text && question.readable {
        return Err(c.fail(
            key("readable"),
            "text and line answers are always sealed and cannot be readable",
        ));
    }
    if question.max_length.is_some() && !free_text {
        return Err(c.fail(
            key("max_length"),
            "max_length applies only to text and line questions",
        ));
    }
    if question.max_length == Some(0) {
        return Err(c.fail(key("max_length"), "max_length must be at least 1"));
    }
    if question.max_age_days.is_some() && question.kind != QuestionKind::Date {
        return Err(c.fail(
            key("max_age_days"),
            "max_age_days applies only to date questions",
        ));
    }
    check_date_answers(c, qi, question)?;
    if question.has_options() {
        if question.options.is_empty() {
            return Err(c.fail(
                key("options"),
                "a single or multiple question needs options",
            ));
        }
    } else if !question.options.is_empty() {
        return Err(c.fail(
            key("options"),
            "only single and multiple questions have options",
        ));
    }
    if let Some(target) = &question.grouped_by {
        if !question.has_options() {
            return Err(c.fail(
                key("grouped_by"),
                "only single and multiple questions can be grouped",
            ));
        }
        match q.question(target) {
            Some(t) if t.kind == QuestionKind::Single && t.id != question.id => {}
            Some(_) => {
                return Err(c.fail(
                    key("grouped_by"),
                    format!("`{target}` must be another question of kind single"),
                ));
            }
            None => {
                return Err(c.fail(
                    key("grouped_by"),
                    format!("there is no question `{target}`"),
                ));
            }
        }
    }
    Ok(())
}

/// `answers:` of a date question: known, at least one, and typed dates only where the form
/// can show them (on their own, or under "earlier").
fn check_date_answers(
    c: &Checker<'_>,
    qi: usize,
    question: &Question,
) -> Result<(), QuestionnaireError> {
    let key = format!("questions[{qi}].answers");
    let Some(list) = &question.answers else {
        return Ok(());
    };
    if question.kind != QuestionKind::Date {
        return Err(c.fail(key, "answers applies only to date questions"));
    }
    if list.is_empty() {
        return Err(c.fail(key, "list at least one answer (today, yesterday, this-week, last-week, earlier, month, day)"));
    }
    let allowed = question.date_answers();
    if allowed.len() != list.len() {
        return Err(c.fail(key, "an answer is listed twice"));
    }
    let choices = allowed.iter().any(|a| a.is_choice());
    if choices && question.types_a_date() && !allowed.contains(&DateAnswer::Earlier) {
        return Err(c.fail(
            key,
            "a typed month or day goes with `earlier`: add earlier, or drop month and day",
        ));
    }
    Ok(())
}

fn check_options(
    c: &Checker<'_>,
    q: &Questionnaire,
    qi: usize,
    question: &Question,
    lang: &str,
) -> Result<(), QuestionnaireError> {
    let group_source = question.grouped_by.as_deref().and_then(|id| q.question(id));
    let mut seen = HashSet::new();
    for (oi, choice) in question.options.iter().enumerate() {
        let key = |k: &str| format!("questions[{qi}].options[{oi}].{k}");
        if !valid_id(&choice.id, '-') {
            return Err(c.fail(
                key("id"),
                format!(
                    "`{}` is not a valid option id: use a-z, 0-9 and -",
                    choice.id
                ),
            ));
        }
        if !seen.insert(choice.id.as_str()) {
            return Err(c.fail(
                key("id"),
                format!("`{}` is used by an earlier option", choice.id),
            ));
        }
        require_lang(c, &choice.label, lang, key("label"))?;
        if let Some(group) = &choice.group {
            match group_source {
                None => {
                    return Err(c.fail(key("group"), "group needs grouped_by on the question"));
                }
                Some(source) if source.choice(group).is_none() => {
                    return Err(c.fail(
                        key("group"),
                        format!("`{group}` is not an option of `{}`", source.id),
                    ));
                }
                Some(_) => {}
            }
        }
    }
    Ok(())
}
