//! The report body's schema, from the questionnaire the functions loaded: every question with
//! its kind, options, requiredness and length limit, the typed parts of a date, and the
//! control fields. What JSON Schema cannot say (a date within `max_age_days` of the campaign's
//! today, a real calendar day) is said in words.

use serde_json::{Map, Value, json};

use super::control::{self, BLANK_CHARS};
use lookout_questionnaire::when::{DATE_PARTS, DateAnswer, part_field};
use lookout_questionnaire::{Question, QuestionKind, Questionnaire};

/// A string with at least one character that cleaning keeps (neither white space nor a
/// control character): a value of only those is no answer.
fn visible() -> String {
    format!(r"[^\u0000-\u001f\u007f-\u009f{}]", BLANK_CHARS)
}

/// The schema of one question's answer.
fn answer(q: &Questionnaire, question: &Question) -> Value {
    let lang = &q.default_language;
    // A blank value is how an empty form field arrives: no answer (refused if required).
    let or_blank = |schema: Value| match question.required {
        true => schema,
        false => json!({ "anyOf": [schema, control::blank()] }),
    };
    let mut schema = match question.kind {
        QuestionKind::Single => or_blank(options(question)),
        QuestionKind::Multiple => {
            let items = json!({ "anyOf": [options(question), control::blank()] });
            let mut list = json!({ "type": "array", "items": items });
            if question.required {
                list["contains"] = options(question);
            }
            // One option may come alone, as a form's single ticked box does.
            json!({ "anyOf": [list, or_blank(options(question))] })
        }
        QuestionKind::Text | QuestionKind::Line => {
            let mut text = json!({ "type": "string", "maxLength": question.max_length() });
            if question.required {
                text["pattern"] = json!(visible());
            }
            text
        }
        QuestionKind::Date => or_blank(date(question)),
    };
    let mut description = question.label.get(lang, lang).to_string();
    if let Some(hint) = &question.hint {
        description = format!("{description} ({})", hint.get(lang, lang));
    }
    if matches!(question.kind, QuestionKind::Text | QuestionKind::Line) {
        description.push_str(
            " Length in Unicode scalar values after cleaning (control characters dropped, CR LF \
             made LF, trimmed). Always sealed.",
        );
    }
    schema["description"] = json!(description);
    schema
}

/// One of the question's option ids.
fn options(question: &Question) -> Value {
    let ids: Vec<&str> = question.options.iter().map(|o| o.id.as_str()).collect();
    json!({ "type": "string", "enum": ids })
}

/// A date answer: one of its choices, or (when it allows them) a typed `YYYY-MM` or
/// `YYYY-MM-DD`, which must lie within `max_age_days` of today and not after it.
fn date(question: &Question) -> Value {
    let allowed = question.date_answers();
    let choices: Vec<&str> = allowed
        .iter()
        .filter(|a| a.is_choice())
        .map(|a| a.id())
        .collect();
    let mut any = Vec::new();
    if !choices.is_empty() {
        any.push(json!({ "type": "string", "enum": choices }));
    }
    let typed = match (
        allowed.contains(&DateAnswer::Month),
        allowed.contains(&DateAnswer::Day),
    ) {
        (true, true) => Some(format!("{YEAR}-{MONTH}(-{DAY})?")),
        (true, false) => Some(format!("{YEAR}-{MONTH}")),
        (false, true) => Some(format!("{YEAR}-{MONTH}-{DAY}")),
        (false, false) => None,
    };
    if let Some(pattern) = typed {
        any.push(json!({
            "type": "string",
            "pattern": format!("^{pattern}$"),
            "description": format!(
                "A month or a day, in the campaign's time zone: not after today, and not wholly more than {} days before it.",
                question.max_age_days()
            ),
        }));
    }
    json!({ "anyOf": any })
}

/// A year, month and day as a typed date may give them: every one the window can hold matches
/// (two-digit months and days in `YYYY-MM-DD`; the form's fields may drop the leading 0).
const YEAR: &str = "20[0-9]{2}";
const MONTH: &str = "(0[1-9]|1[0-2])";
const DAY: &str = "(0[1-9]|[12][0-9]|3[01])";

/// The three typed fields of a date question (`seen_on-day`, `-month`, `-year`), as the form
/// sends them: they go with "earlier", or alone; beside another choice (or a date typed in the
/// question's own field) they are ignored, whatever they hold. Returns the rule that says so.
fn date_parts(question: &Question, properties: &mut Map<String, Value>) -> Value {
    let mut checked = Map::new();
    for part in DATE_PARTS {
        let digits = match part {
            "year" => YEAR,
            "month" => "(0?[1-9]|1[0-2])",
            _ => "(0?[1-9]|[12][0-9]|3[01])",
        };
        let field = part_field(&question.id, part);
        properties.insert(
            field.clone(),
            control::nullable(json!({
                "type": "string",
                "description": format!("The {part} of a typed date for `{}` (with `earlier`, or alone).", question.id),
            })),
        );
        checked.insert(
            field,
            json!({ "anyOf": [
                { "type": "string", "pattern": format!("^[{BLANK_CHARS}]*{digits}[{BLANK_CHARS}]*$") },
                control::blank(),
                { "type": "null" },
            ]}),
        );
    }
    let earlier_or_none = json!({ "anyOf": [
        { "const": DateAnswer::Earlier.id() },
        control::blank(),
        { "type": "null" },
    ]});
    json!({
        "if": {
            "required": [question.id],
            "properties": { &question.id: { "not": earlier_or_none } },
        },
        "else": { "properties": checked },
    })
}

/// The body of `POST /api/reports`: answers by question id and the control fields; anything
/// else is refused (422 naming the field).
pub fn submission(q: &Questionnaire) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    // Rules between fields: a required date is answered by its field or, typed, by its month
    // and year fields; the typed fields count only with "earlier" or alone.
    let mut rules = Vec::new();
    for question in &q.questions {
        properties.insert(question.id.clone(), control::nullable(answer(q, question)));
        let typed = question.kind == QuestionKind::Date && question.types_a_date();
        if typed {
            rules.push(date_parts(question, &mut properties));
        }
        match (question.required, typed) {
            (true, true) => rules.push(json!({ "anyOf": [
                { "required": [question.id] },
                { "required": [part_field(&question.id, "month"), part_field(&question.id, "year")] },
            ]})),
            (true, false) => required.push(question.id.clone()),
            (false, _) => {}
        }
    }
    for (name, schema) in control::fields(true) {
        properties.insert(name.to_string(), schema);
    }
    let mut schema = json!({
        "type": "object",
        "description": "The answers, by question id, as the campaign's questionnaire.yaml defines them (multiple-choice answers as arrays, or repeated keys in a form post), and the control fields. Unknown fields are refused with 422 naming the field.",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    });
    if !rules.is_empty() {
        schema["allOf"] = json!(rules);
    }
    schema["examples"] = json!([example(q)]);
    schema
}

/// A report that is valid on any day: every required question answered with its first
/// option, a date question with its first choice.
fn example(q: &Questionnaire) -> Value {
    let mut answers = Map::new();
    for question in q.questions.iter().filter(|q| q.required) {
        let first = question.options.first().map(|o| o.id.clone());
        let value = match question.kind {
            QuestionKind::Single => json!(first),
            QuestionKind::Multiple => json!([first]),
            QuestionKind::Date => match question.date_answers().iter().find(|a| a.is_choice()) {
                Some(choice) => json!(choice.id()),
                // Only typed dates: none is valid on every day.
                None => continue,
            },
            QuestionKind::Text | QuestionKind::Line => {
                json!("What was seen, in the reporter's words.")
            }
        };
        answers.insert(question.id.clone(), value);
    }
    Value::Object(answers)
}

/// How a form post encodes the array fields: one key per value.
pub fn form_encoding(q: &Questionnaire) -> Value {
    let encoding: Map<String, Value> = q
        .questions
        .iter()
        .filter(|question| question.kind == QuestionKind::Multiple)
        .map(|question| {
            (
                question.id.clone(),
                json!({ "style": "form", "explode": true }),
            )
        })
        .collect();
    Value::Object(encoding)
}
