//! The request body limit of the functions and the worst-case size of a submission, so the
//! questionnaire check can hold every answer limit under it: a reporter who stays within the
//! character counts must never meet "too large".

use crate::when::{DATE_PARTS, DateAnswer, part_field};
use crate::{QuestionKind, Questionnaire};

/// The largest request body the functions accept (413 above it).
pub const BODY_LIMIT: usize = 64 * 1024;

/// The most bytes one character can take in a submission: a 4-byte UTF-8 character
/// percent-encoded in a form post (`%F0%9F%98%80`), or a surrogate pair escaped in JSON
/// (`\ud83d\ude00`).
pub const WORST_BYTES_PER_CHAR: usize = 12;

/// Room for the control fields: language, idempotency key, start time, honeypot and a
/// captcha token (hCaptcha's run to a few kilobytes).
pub const CONTROL_ALLOWANCE: usize = 8 * 1024;

/// The largest body a submission within every limit of `q` can take, form-encoded or JSON:
/// every free-text answer at its `max_length` of 12-byte characters, every option ticked,
/// every date field filled, and [`CONTROL_ALLOWANCE`].
pub fn worst_case_body(q: &Questionnaire) -> usize {
    // `name=value&`, or `"name":"value",` in JSON: the name plus at most 6 bytes around it.
    let field = |name: &str, value: usize| name.len() * 3 + value + 6;
    let mut total = CONTROL_ALLOWANCE;
    for question in &q.questions {
        let id = question.id.as_str();
        total += match question.kind {
            QuestionKind::Text | QuestionKind::Line => {
                field(id, question.max_length() * WORST_BYTES_PER_CHAR)
            }
            QuestionKind::Single => field(
                id,
                question
                    .options
                    .iter()
                    .map(|o| o.id.len())
                    .max()
                    .unwrap_or(0),
            ),
            QuestionKind::Multiple => question.options.iter().map(|o| field(id, o.id.len())).sum(),
            QuestionKind::Date => {
                let choice = DateAnswer::ALL
                    .iter()
                    .map(|a| a.id().len())
                    .max()
                    .unwrap_or(0);
                field(id, choice.max("YYYY-MM-DD".len()))
                    + DATE_PARTS
                        .iter()
                        .map(|part| field(&part_field(id, part), 4))
                        .sum::<usize>()
            }
        };
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_emoji_is_twelve_bytes_both_ways() {
        let emoji = "😀";
        let form = serde_urlencoded::to_string([("a", emoji)]).unwrap();
        assert_eq!(form.len() - "a=".len(), WORST_BYTES_PER_CHAR);
        let utf16: Vec<String> = emoji
            .encode_utf16()
            .map(|unit| format!("\\u{unit:04x}"))
            .collect();
        assert_eq!(utf16.concat().len(), WORST_BYTES_PER_CHAR);
    }
}
