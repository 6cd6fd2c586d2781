//! The control fields: what a body may carry beside the answers, with their real limits
//! (`lookout_questionnaire::submission`). One list: a new field is one line of [`FIELDS`].

use serde_json::{Value, json};

use lookout_questionnaire::submission::{
    ALTCHA, CAPTCHA_RESPONSE, HONEYPOT, IDEMPOTENCY_KEY, LANG, MAX_IDEMPOTENCY_KEY,
    MIN_IDEMPOTENCY_KEY, OLD_HONEYPOT, RECAPTCHA_COMPAT, STARTED_AT,
};

/// Which bodies take a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bodies {
    /// A new report.
    Report,
    /// A report, and the follow-up requests (which tolerate the report form's fields).
    All,
}

/// A control field: its name, the bodies that take it, the bodies that check its value (in
/// the others any string is tolerated and ignored), and its schema where it is checked.
pub struct Field {
    pub name: &'static str,
    pub bodies: Bodies,
    pub checked: Bodies,
    pub schema: fn() -> Value,
}

use Bodies::{All, Report};

/// Every control field, in the order the document lists them.
#[rustfmt::skip]
pub const FIELDS: &[Field] = &[
    Field { name: LANG, bodies: All, checked: All, schema: lang },
    Field { name: IDEMPOTENCY_KEY, bodies: All, checked: All, schema: idempotency_field },
    Field { name: STARTED_AT, bodies: All, checked: All, schema: started_at },
    Field { name: HONEYPOT, bodies: All, checked: Report, schema: honeypot },
    Field { name: OLD_HONEYPOT, bodies: All, checked: Report, schema: old_honeypot },
    Field { name: CAPTCHA_RESPONSE, bodies: All, checked: All, schema: captcha_token },
    Field { name: ALTCHA, bodies: All, checked: All, schema: altcha },
    Field { name: RECAPTCHA_COMPAT, bodies: All, checked: All, schema: ignored },
];

/// The fields a body takes with their schemas (`report`: a new report, else a follow-up
/// request), each as JSON may send it: `null` is the same as absent.
pub fn fields(report: bool) -> impl Iterator<Item = (&'static str, Value)> {
    FIELDS
        .iter()
        .filter(move |f| report || f.bodies == All)
        .map(move |f| {
            let schema = if report || f.checked == All {
                (f.schema)()
            } else {
                ignored()
            };
            (f.name, nullable(schema))
        })
}

/// `schema`, or JSON's `null`, which a body decodes as no value.
pub fn nullable(schema: Value) -> Value {
    json!({ "anyOf": [schema, { "type": "null" }] })
}

/// The characters `str::trim` takes away (Unicode White_Space), for a regex class. A value of
/// only these is no value: an empty form field. Spelt out, since `\s` differs between dialects.
pub const BLANK_CHARS: &str =
    r"\t\n\u000b\u000c\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";

/// A string that is blank (the field is then as good as absent).
pub fn blank() -> Value {
    json!({ "type": "string", "pattern": format!("^[{BLANK_CHARS}]*$") })
}

/// The idempotency key: visible ASCII, long enough to be unguessable (it derives the receipt).
pub fn idempotency_key() -> Value {
    json!({
        "type": "string",
        "minLength": MIN_IDEMPOTENCY_KEY,
        "maxLength": MAX_IDEMPOTENCY_KEY,
        "pattern": format!("^[!-~]{{{MIN_IDEMPOTENCY_KEY},{MAX_IDEMPOTENCY_KEY}}}$"),
        "description": "A random key chosen by the client (at least 128 random bits; the page script sends 32 hex digits). A retry with the same key is stored once and answered with the same receipt.",
    })
}

fn idempotency_field() -> Value {
    json!({
        "anyOf": [idempotency_key(), blank()],
        "description": "The idempotency key, or blank for none. If the `Idempotency-Key` header is sent too, they must agree.",
    })
}

fn lang() -> Value {
    json!({
        "type": "string",
        "description": "Language of the HTML answer and of the messages; a language the campaign does not have means its default.",
    })
}

fn started_at() -> Value {
    json!({
        "anyOf": [
            { "type": "integer", "minimum": i64::MIN, "maximum": i64::MAX },
            // At most 18 digits: always a 64-bit number.
            { "type": "string", "pattern": format!("^[{BLANK_CHARS}]*[+-]?[0-9]{{1,18}}[{BLANK_CHARS}]*$") },
            blank(),
        ],
        "description": "Milliseconds since 1970 when the form was loaded (set by the page script; absent or blank for the no-JavaScript form). Sooner than the minimum fill time before now is refused (403 `spam_check_failed`).",
    })
}

fn honeypot() -> Value {
    let mut schema = blank();
    schema["description"] = json!(
        "Honeypot, hidden from people: must be blank or absent (else 403 `spam_check_failed`)."
    );
    schema
}

fn old_honeypot() -> Value {
    let mut schema = honeypot();
    schema["description"] = json!(
        "The honeypot's former name, read until the next release for pages cached before it: must be blank or absent (else 403 `spam_check_failed`)."
    );
    schema["deprecated"] = json!(true);
    schema
}

fn captcha_token() -> Value {
    json!({ "type": "string", "description": "The hCaptcha token, where the campaign chose hCaptcha: one hCaptcha accepts puts a report in the verified lane; anything else sends it on (307) to the strict lane, never refused." })
}

fn altcha() -> Value {
    json!({ "type": "string", "description": "The solved challenge of `GET /api/challenge`: base64 of the JSON `{challenge, solution}`. A fresh, unspent one puts the request in the verified lane; a missing, bad, expired or spent one sends it on (307) to the strict lane, never refused." })
}

fn ignored() -> Value {
    json!({ "type": "string", "description": "Tolerated and ignored (hCaptcha's widget fills it)." })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_lists_every_control_field_the_decoder_knows() {
        let listed: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
        assert_eq!(
            listed,
            lookout_questionnaire::submission::CONTROL_FIELDS,
            "a control field must be listed (once) in openapi::control::FIELDS"
        );
    }
}
