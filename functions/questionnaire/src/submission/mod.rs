//! A submission as it arrives, from JSON or from the no-JavaScript form, brought into one
//! shape before validation. Parsing only rejects bodies that are not a submission at all
//! (400); whether the answers make sense is [`validate`]'s job (422).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::{Questionnaire, Translated};

mod date;
mod validate;

pub use crate::when::iso_week;
pub use validate::{FieldErrors, ValidAnswers, character_count, clean_text, validate};

/// The interface strings validation answers in: the submission's language, falling back to
/// the questionnaire's default.
pub(crate) struct Messages<'a> {
    pub q: &'a Questionnaire,
    pub lang: &'a str,
}

impl Messages<'_> {
    pub fn get(&self, text: &Translated) -> String {
        text.get(self.lang, &self.q.default_language).to_string()
    }
}

/// Control fields: not answers, and never stored.
pub const LANG: &str = "lang";
pub const IDEMPOTENCY_KEY: &str = "idempotency_key";
pub const STARTED_AT: &str = "started_at";
/// The honeypot: a name no browser's or password manager's autofill takes for an identity,
/// address or sign-in field, so it stays empty for people on a shared or filled-in browser.
pub const HONEYPOT: &str = "hp_leave_empty";
/// The honeypot's name before 0.2 (an identity autofill could fill it), still read for one
/// release because pages cached before the change send it.
pub const OLD_HONEYPOT: &str = "website";
pub const CAPTCHA_RESPONSE: &str = "h-captcha-response";
/// The solved proof-of-work challenge (base64 of ALTCHA's JSON payload), set by the page script.
pub const ALTCHA: &str = "altcha";
/// hCaptcha's widget also fills this reCAPTCHA-compatible field; it is ignored.
pub const RECAPTCHA_COMPAT: &str = "g-recaptcha-response";

/// Form fields that are not answers; no question may take one of these ids.
pub const CONTROL_FIELDS: &[&str] = &[
    LANG,
    IDEMPOTENCY_KEY,
    STARTED_AT,
    HONEYPOT,
    OLD_HONEYPOT,
    CAPTCHA_RESPONSE,
    ALTCHA,
    RECAPTCHA_COMPAT,
];

/// The longest idempotency key accepted (a UUID is 36 characters).
pub const MAX_IDEMPOTENCY_KEY: usize = 128;
/// The shortest idempotency key accepted: it derives the receipt, so it must be unguessable.
pub const MIN_IDEMPOTENCY_KEY: usize = 22;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SubmissionError {
    #[error("the body is not valid JSON: {0}")]
    Json(String),
    #[error("the body must be a JSON object of answers")]
    NotAnObject,
    #[error("the form data cannot be read")]
    Form,
    #[error("`{0}` must be a string or a list of strings")]
    BadValue(String),
    #[error("`{0}` is given more than once")]
    Repeated(String),
    #[error(
        "the idempotency key must be {MIN_IDEMPOTENCY_KEY} to {MAX_IDEMPOTENCY_KEY} visible ASCII characters"
    )]
    BadIdempotencyKey,
    #[error("the idempotency key in the header and in the body differ")]
    IdempotencyKeyMismatch,
    #[error("started_at must be milliseconds since 1970")]
    BadStartedAt,
}

/// A submission: answers by field name, as given, and the control fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Submission {
    /// Every non-control field given, with its non-blank values (none for a blank field), unknown
    /// ones included (validation names those).
    pub answers: BTreeMap<String, Vec<String>>,
    pub lang: Option<String>,
    pub idempotency_key: Option<String>,
    /// Milliseconds since the epoch when the page was loaded (set by the page script).
    pub started_at: Option<i64>,
    /// The honeypot: people never see it, so anything here is from a bot.
    pub honeypot: Option<String>,
    pub captcha_response: Option<String>,
    /// The solved challenge, if the page script ran; checked by the functions, never stored.
    pub altcha: Option<String>,
}

/// Blank values are how an empty form field arrives; they count as no answer.
fn non_blank(value: String) -> Option<String> {
    if value.trim().is_empty() {
        None
    } else {
        Some(value)
    }
}

impl Submission {
    /// From `application/json`: an object of question id to a string or a list of strings.
    pub fn from_json(body: &[u8]) -> Result<Self, SubmissionError> {
        let value: Value =
            serde_json::from_slice(body).map_err(|e| SubmissionError::Json(e.to_string()))?;
        let Value::Object(object) = value else {
            return Err(SubmissionError::NotAnObject);
        };
        let mut pairs = Vec::new();
        for (key, value) in object {
            match value {
                // No value, as an empty form field: still a field, so an unknown one is named.
                Value::Null => pairs.push((key, String::new())),
                Value::String(s) => pairs.push((key, s)),
                // The page script's start time may come as a number; every other field is text.
                Value::Number(n) if key == STARTED_AT => pairs.push((key, whole_number(&n))),
                Value::Number(_) | Value::Bool(_) => return Err(SubmissionError::BadValue(key)),
                Value::Array(items) => {
                    if is_control(&key) {
                        return Err(SubmissionError::BadValue(key));
                    }
                    if items.is_empty() {
                        pairs.push((key.clone(), String::new()));
                    }
                    for item in items {
                        match item {
                            Value::String(s) => pairs.push((key.clone(), s)),
                            _ => return Err(SubmissionError::BadValue(key)),
                        }
                    }
                    // An empty list is an answer of "none", like no checkbox ticked.
                }
                Value::Object(_) => return Err(SubmissionError::BadValue(key)),
            }
        }
        Self::from_pairs(pairs)
    }

    /// From `application/x-www-form-urlencoded`: checkbox groups arrive as repeated keys.
    pub fn from_form(body: &[u8]) -> Result<Self, SubmissionError> {
        // Invalid UTF-8 in a value decodes to U+FFFD rather than failing: harmless here.
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_bytes(body).map_err(|_| SubmissionError::Form)?;
        Self::from_pairs(pairs)
    }

    fn from_pairs(pairs: Vec<(String, String)>) -> Result<Self, SubmissionError> {
        let mut s = Submission::default();
        for (key, value) in pairs {
            let slot = match key.as_str() {
                LANG => &mut s.lang,
                IDEMPOTENCY_KEY => &mut s.idempotency_key,
                HONEYPOT | OLD_HONEYPOT => &mut s.honeypot,
                CAPTCHA_RESPONSE => &mut s.captcha_response,
                ALTCHA => &mut s.altcha,
                RECAPTCHA_COMPAT => continue,
                STARTED_AT => {
                    if s.started_at.is_some() {
                        return Err(SubmissionError::Repeated(key));
                    }
                    if let Some(v) = non_blank(value) {
                        s.started_at = Some(
                            v.trim()
                                .parse()
                                .map_err(|_| SubmissionError::BadStartedAt)?,
                        );
                    }
                    continue;
                }
                _ => {
                    let values = s.answers.entry(key).or_default();
                    if let Some(v) = non_blank(value) {
                        values.push(v);
                    }
                    continue;
                }
            };
            if slot.is_some() {
                return Err(SubmissionError::Repeated(key));
            }
            *slot = non_blank(value);
        }
        if let Some(key) = &s.idempotency_key {
            check_idempotency_key(key)?;
        }
        Ok(s)
    }

    /// Takes the `Idempotency-Key` header into account: it fills a missing body field, and
    /// must agree with one that is there. A header that is sent must be a good key: an empty
    /// one is refused, not taken for none, as the API document says.
    pub fn with_header_key(mut self, header: Option<&str>) -> Result<Self, SubmissionError> {
        let Some(header) = header.map(str::trim) else {
            return Ok(self);
        };
        check_idempotency_key(header)?;
        match &self.idempotency_key {
            Some(body) if body != header => Err(SubmissionError::IdempotencyKeyMismatch),
            _ => {
                self.idempotency_key = Some(header.to_string());
                Ok(self)
            }
        }
    }
}

/// A JSON number as the decimal integer it is: JSON Schema counts `1.0` as an integer, so a
/// whole number written with a fraction reads as that integer (anything else stays as written
/// and is refused by the field's parser).
fn whole_number(n: &serde_json::Number) -> String {
    match (n.as_i64(), n.as_f64()) {
        (Some(i), _) => i.to_string(),
        // i64's range, as the float type can hold it exactly at its ends.
        (None, Some(f)) if f.fract() == 0.0 && (-9.2e18..=9.2e18).contains(&f) => {
            (f as i64).to_string()
        }
        _ => n.to_string(),
    }
}

fn is_control(key: &str) -> bool {
    CONTROL_FIELDS.contains(&key)
}

fn check_idempotency_key(key: &str) -> Result<(), SubmissionError> {
    // The key derives the receipt, so it must be unguessable: at least 22 characters (a
    // random 128-bit value in base64; the page script sends 32 hex digits).
    if key.len() < MIN_IDEMPOTENCY_KEY
        || key.len() > MAX_IDEMPOTENCY_KEY
        || !key.bytes().all(|b| b.is_ascii_graphic())
    {
        return Err(SubmissionError::BadIdempotencyKey);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_form_give_the_same_submission() {
        let json = br#"{"reporter": "taxi-driver", "indicators": ["a", "b"], "what_happened": "x",
            "lang": "pl", "idempotency_key": "k-1-0123456789abcdefghij", "started_at": 1700000000000, "website": "",
            "h-captcha-response": "tok", "contact": null}"#;
        let form = b"reporter=taxi-driver&indicators=a&indicators=b&what_happened=x&lang=pl\
            &idempotency_key=k-1-0123456789abcdefghij&started_at=1700000000000&website=&h-captcha-response=tok\
            &g-recaptcha-response=tok&contact=";
        let a = Submission::from_json(json).unwrap();
        let b = Submission::from_form(form).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.answers["indicators"], ["a", "b"]);
        assert!(a.answers["contact"].is_empty());
        assert_eq!(a.lang.as_deref(), Some("pl"));
        assert_eq!(a.started_at, Some(1_700_000_000_000));
        assert_eq!(a.honeypot, None);
    }

    #[test]
    fn bodies_that_are_not_submissions_are_refused() {
        assert!(matches!(
            Submission::from_json(b"{"),
            Err(SubmissionError::Json(_))
        ));
        assert_eq!(
            Submission::from_json(b"[1]"),
            Err(SubmissionError::NotAnObject)
        );
        assert_eq!(
            Submission::from_json(br#"{"a": {"b": 1}}"#),
            Err(SubmissionError::BadValue("a".into()))
        );
        assert_eq!(
            Submission::from_json(br#"{"a": [1]}"#),
            Err(SubmissionError::BadValue("a".into()))
        );
        assert_eq!(
            Submission::from_json(br#"{"lang": ["en"]}"#),
            Err(SubmissionError::BadValue("lang".into()))
        );
        // Only the start time may be a number; answers are text, as the document says.
        assert_eq!(
            Submission::from_json(br#"{"what_happened": 5}"#),
            Err(SubmissionError::BadValue("what_happened".into()))
        );
        // A field without a value is still a field.
        let empty = Submission::from_json(br#"{"x": null, "y": []}"#).unwrap();
        assert_eq!(empty.answers.keys().collect::<Vec<_>>(), ["x", "y"]);
        assert_eq!(
            Submission::from_json(br#"{"contact": true}"#),
            Err(SubmissionError::BadValue("contact".into()))
        );
        assert_eq!(
            Submission::from_form(b"lang=en&lang=pl"),
            Err(SubmissionError::Repeated("lang".into()))
        );
        assert_eq!(
            Submission::from_form(b"started_at=soon"),
            Err(SubmissionError::BadStartedAt)
        );
        assert_eq!(
            Submission::from_form(b"idempotency_key=a%20b"),
            Err(SubmissionError::BadIdempotencyKey)
        );
        // Too short to be unguessable (the key derives the receipt).
        assert_eq!(
            Submission::from_form(b"idempotency_key=123456"),
            Err(SubmissionError::BadIdempotencyKey)
        );
    }

    const KEY: &str = "h0123456789abcdefghijklmn";

    #[test]
    fn the_header_key_fills_in_or_must_agree() {
        let s = Submission::from_form(b"a=1")
            .unwrap()
            .with_header_key(Some(KEY))
            .unwrap();
        assert_eq!(s.idempotency_key.as_deref(), Some(KEY));
        let s = Submission::from_form(format!("idempotency_key={KEY}").as_bytes()).unwrap();
        assert!(s.clone().with_header_key(Some(KEY)).is_ok());
        assert_eq!(
            s.clone().with_header_key(Some("x0123456789abcdefghijklmn")),
            Err(SubmissionError::IdempotencyKeyMismatch)
        );
        // A header that is sent must be a key: blank is refused, not taken for none.
        for blank in ["", "  "] {
            assert_eq!(
                s.clone().with_header_key(Some(blank)),
                Err(SubmissionError::BadIdempotencyKey)
            );
        }
    }

    #[test]
    fn a_whole_number_written_with_a_fraction_is_that_integer() {
        for (json, want) in [
            (r#"{"started_at": -1290650128.0}"#, Ok(Some(-1_290_650_128))),
            (
                r#"{"started_at": 1700000000000}"#,
                Ok(Some(1_700_000_000_000)),
            ),
            (r#"{"started_at": 1.5}"#, Err(SubmissionError::BadStartedAt)),
        ] {
            assert_eq!(
                Submission::from_json(json.as_bytes()).map(|s| s.started_at),
                want,
                "{json}"
            );
        }
    }
}
