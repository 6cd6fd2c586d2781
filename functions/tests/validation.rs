//! Validation of submissions against the example questionnaire.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod support;

use lookout_questionnaire::submission::{Submission, validate};
use serde_json::json;
use support::{good_answers, questionnaire};
use time::macros::date;

const TODAY: time::Date = date!(2026 - 11 - 24);

fn submission(value: serde_json::Value) -> Submission {
    Submission::from_json(value.to_string().as_bytes()).unwrap()
}

#[test]
fn good_answers_split_into_readable_and_sealed() {
    let valid = validate(&questionnaire(), &submission(good_answers()), TODAY).unwrap();
    assert_eq!(
        valid.readable.keys().collect::<Vec<_>>(),
        ["area", "indicators", "part_of_day", "reporter", "seen_on"]
    );
    assert_eq!(valid.readable["seen_on"], ["2026-W47"]);
    assert_eq!(
        valid.sealed.keys().collect::<Vec<_>>(),
        ["seen_on", "vehicle_or_room", "what_happened"]
    );
    assert_eq!(valid.sealed["seen_on"], "2026-11-18");
    let sealed: serde_json::Value = serde_json::from_str(&valid.sealed_json()).unwrap();
    assert_eq!(
        sealed["vehicle_or_room"],
        "Silver estate, plate starting KX"
    );
}

#[test]
fn only_the_required_answers_are_needed() {
    let body = json!({
        "reporter": "public", "area": "other-not-sure", "seen_on": "2026-11-24",
        "what_happened": "Something", "indicators": [], "contact": "", "part_of_day": null
    });
    let valid = validate(&questionnaire(), &submission(body), TODAY).unwrap();
    assert!(!valid.readable.contains_key("indicators"));
    assert!(!valid.readable.contains_key("part_of_day"));
    assert!(!valid.sealed.contains_key("contact"));
}

#[test]
fn free_text_limits_count_unicode_scalar_values() {
    let q = questionnaire();
    let mut body = good_answers();
    // An emoji is one scalar value (two UTF-16 units, four bytes); a woman astronaut of one
    // skin tone is four (👩🏻‍🚀: woman, tone, joiner, rocket), as `[...text].length` counts.
    let astronaut = "\u{1F469}\u{1F3FB}\u{200D}\u{1F680}";
    assert_eq!(
        lookout_questionnaire::submission::character_count(astronaut),
        4
    );
    body["what_happened"] = json!(format!("{}{}", "😀".repeat(3996), astronaut));
    assert!(validate(&q, &submission(body.clone()), TODAY).is_ok());
    body["what_happened"] = json!("😀".repeat(4001));
    let errors = validate(&q, &submission(body.clone()), TODAY).unwrap_err();
    assert_eq!(
        errors.0["what_happened"],
        "This answer is too long. Please use at most 4000 characters."
    );
    // A line break typed in the page is one character there; the form sends CR LF.
    body["what_happened"] = json!(format!("{}\r\n{}", "a".repeat(1999), "b".repeat(2000)));
    assert!(validate(&q, &submission(body), TODAY).is_ok());
}

#[test]
fn free_text_limits_count_characters_not_bytes() {
    let q = questionnaire();
    let mut body = good_answers();
    // 200 Urdu letters are 400 bytes but within a line's 200 characters.
    body["vehicle_or_room"] = json!("ر".repeat(200));
    assert!(validate(&q, &submission(body.clone()), TODAY).is_ok());
    body["vehicle_or_room"] = json!("ر".repeat(201));
    let errors = validate(&q, &submission(body), TODAY).unwrap_err();
    assert_eq!(
        errors.0["vehicle_or_room"],
        "This answer is too long. Please use at most 200 characters."
    );
}

#[test]
fn a_line_keeps_to_one_line_and_text_keeps_its_breaks() {
    let q = questionnaire();
    let mut body = good_answers();
    body["vehicle_or_room"] = json!("Room 12\r\nsecond floor");
    body["what_happened"] = json!("First.\r\nSecond.\u{7}");
    let valid = validate(&q, &submission(body), TODAY).unwrap();
    assert_eq!(valid.sealed["vehicle_or_room"], "Room 12 second floor");
    assert_eq!(valid.sealed["what_happened"], "First.\nSecond.");
}

#[test]
fn a_single_question_takes_one_known_option() {
    let q = questionnaire();
    let mut body = good_answers();
    body["reporter"] = json!(["taxi-driver", "public"]);
    body["area"] = json!("City centre");
    let errors = validate(&q, &submission(body), TODAY).unwrap_err();
    assert_eq!(errors.0.len(), 2);
    assert_eq!(
        errors.0["reporter"],
        "Please choose one of the options shown."
    );
}

#[test]
fn messages_follow_the_language_and_fall_back() {
    let q = questionnaire();
    let mut body = good_answers();
    body.as_object_mut().unwrap().remove("area");
    body["lang"] = json!("ur");
    let errors = validate(&q, &submission(body.clone()), TODAY).unwrap_err();
    assert_eq!(errors.0["area"], "براہِ کرم اس سوال کا جواب دیں۔");
    body["lang"] = json!("de");
    let errors = validate(&q, &submission(body), TODAY).unwrap_err();
    assert_eq!(errors.0["area"], "Please answer this question.");
}
