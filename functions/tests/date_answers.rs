//! "When was it seen": the date answers the example questionnaire allows, what each keeps
//! readable and sealed, and the messages for a typed date that is incomplete or wrong.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod support;

use lookout_questionnaire::Questionnaire;
use lookout_questionnaire::submission::{Submission, ValidAnswers, validate};
use serde_json::Value;
use support::{good_answers, questionnaire};
use time::macros::date;

/// A Tuesday.
const TODAY: time::Date = date!(2026 - 11 - 24);

fn with_date(fields: &[(&str, &str)]) -> Submission {
    let mut body = good_answers();
    let object = body.as_object_mut().unwrap();
    object.remove("seen_on");
    for (key, value) in fields {
        object.insert((*key).to_string(), Value::String((*value).to_string()));
    }
    Submission::from_json(body.to_string().as_bytes()).unwrap()
}

fn answer(q: &Questionnaire, fields: &[(&str, &str)]) -> Result<ValidAnswers, String> {
    validate(q, &with_date(fields), TODAY).map_err(|e| {
        e.0.get("seen_on")
            .cloned()
            .unwrap_or_else(|| format!("{:?}", e.0))
    })
}

/// (readable, sealed) of the answer.
fn kept(q: &Questionnaire, fields: &[(&str, &str)]) -> (String, String) {
    let valid = answer(q, fields).unwrap();
    (
        valid.readable["seen_on"].concat(),
        valid.sealed["seen_on"].as_str().unwrap().to_string(),
    )
}

#[test]
fn choices_keep_the_week_readable_and_the_day_sealed() {
    let q = questionnaire();
    let k = |choice| kept(&q, &[("seen_on", choice)]);
    assert_eq!(k("today"), ("2026-W48".into(), "2026-11-24".into()));
    assert_eq!(k("yesterday"), ("2026-W48".into(), "2026-11-23".into()));
    assert_eq!(k("this-week"), ("2026-W48".into(), "2026-W48".into()));
    assert_eq!(k("last-week"), ("2026-W47".into(), "2026-W47".into()));
    assert_eq!(k("earlier"), ("earlier".into(), "earlier".into()));
}

#[test]
fn earlier_takes_a_month_or_a_day_from_the_three_fields() {
    let q = questionnaire();
    let earlier = |day: &str, month: &str, year: &str| {
        kept(
            &q,
            &[
                ("seen_on", "earlier"),
                ("seen_on-day", day),
                ("seen_on-month", month),
                ("seen_on-year", year),
            ],
        )
    };
    // A day: its week readable, the day sealed.
    assert_eq!(
        earlier("18", "11", "2026"),
        ("2026-W47".into(), "2026-11-18".into())
    );
    // Leading zeros, spaces and Urdu digits are all the same day.
    assert_eq!(
        earlier(" 03 ", "3", "۲۰۲۶"),
        ("2026-W10".into(), "2026-03-03".into())
    );
    // A month alone: the month, readable and sealed.
    assert_eq!(
        earlier("", "3", "2026"),
        ("2026-03".into(), "2026-03".into())
    );
    // Typed fields without a choice are what the reporter meant.
    assert_eq!(
        kept(&q, &[("seen_on-month", "10"), ("seen_on-year", "2026")]),
        ("2026-10".into(), "2026-10".into())
    );
    // Beside another choice they are ignored, like a hidden reveal's fields.
    assert_eq!(
        kept(&q, &[("seen_on", "last-week"), ("seen_on-month", "99")]),
        ("2026-W47".into(), "2026-W47".into())
    );
}

#[test]
fn json_clients_may_send_a_day_or_a_month_as_one_string() {
    let q = questionnaire();
    assert_eq!(
        kept(&q, &[("seen_on", "2026-11-18")]),
        ("2026-W47".into(), "2026-11-18".into())
    );
    assert_eq!(
        kept(&q, &[("seen_on", "2026-11")]),
        ("2026-11".into(), "2026-11".into())
    );
    for bad in [
        "2026-02-30",
        "2026-11-24T10:00",
        "24.11.2026",
        "2026-1",
        "2026-13",
        "tomorrow",
    ] {
        let message = answer(&q, &[("seen_on", bad)]).err();
        assert!(message.is_some(), "{bad} was accepted");
    }
    assert_eq!(
        answer(&q, &[("seen_on", "2026-02-30")]).unwrap_err(),
        "The date must be a real date, for example 27 3 2026."
    );
}

#[test]
fn an_incomplete_or_impossible_date_says_what_is_missing_or_wrong() {
    let q = questionnaire();
    let typed = |day: &str, month: &str, year: &str| {
        answer(
            &q,
            &[
                ("seen_on", "earlier"),
                ("seen_on-day", day),
                ("seen_on-month", month),
                ("seen_on-year", year),
            ],
        )
        .err()
        .unwrap_or_default()
    };
    assert_eq!(
        typed("12", "", ""),
        "The date must include a month and a year."
    );
    assert_eq!(typed("12", "", "2026"), "The date must include a month.");
    assert_eq!(typed("", "11", ""), "The date must include a year.");
    assert_eq!(
        typed("31", "2", "2026"),
        "The date must be a real date, for example 27 3 2026."
    );
    assert_eq!(
        typed("1", "13", "2026"),
        "The date must be a real date, for example 27 3 2026."
    );
    assert_eq!(
        typed("1", "1", "26"),
        "The date must be a real date, for example 27 3 2026."
    );
    assert_eq!(
        typed("25", "11", "2026"),
        "The date cannot be in the future."
    );
    assert_eq!(typed("", "12", "2026"), "The date cannot be in the future.");
    assert_eq!(
        typed("23", "11", "2025"),
        "The date must be within the last 365 days."
    );
    // A month is too old only once all of it is: November 2025 still has days in the window.
    assert_eq!(typed("", "11", "2025"), "");
    assert_eq!(
        typed("", "10", "2025"),
        "The date must be within the last 365 days."
    );
    // Today, and 365 days ago, are in.
    assert_eq!(typed("24", "11", "2026"), "");
    assert_eq!(typed("24", "11", "2025"), "");
}

#[test]
fn a_required_date_is_answered_by_any_choice_and_missing_without_one() {
    let q = questionnaire();
    assert_eq!(answer(&q, &[]).unwrap_err(), "Please answer this question.");
    assert_eq!(
        answer(&q, &[("seen_on", "next-week")]).unwrap_err(),
        "Please choose one of the options shown."
    );
    // The date fields are fields of the form, not unknown ones.
    assert!(answer(&q, &[("seen_on", "earlier"), ("seen_on-day", "")]).is_ok());
}

/// The example questionnaire with `answers:` of the date question replaced.
fn with_answers(list: &str) -> Result<Questionnaire, String> {
    let source = std::fs::read_to_string(support::example_path()).unwrap();
    let changed = source.replace(
        "answers: [today, yesterday, this-week, last-week, earlier, month, day]",
        &format!("answers: {list}"),
    );
    assert_ne!(source, changed, "the example's answers line moved");
    Questionnaire::parse(&changed, std::path::Path::new("c/questionnaire.yaml"))
        .map_err(|e| e.to_string())
}

#[test]
fn the_schema_says_which_answers_a_date_question_allows_and_validation_agrees() {
    // Weeks only: no typed date, no "earlier".
    let q = with_answers("[this-week, last-week]").unwrap();
    assert!(answer(&q, &[("seen_on", "last-week")]).is_ok());
    for refused in ["today", "earlier", "2026-11-18", "2026-11"] {
        assert!(answer(&q, &[("seen_on", refused)]).is_err(), "{refused}");
    }
    // The typed parts are not fields of this form at all.
    let errors = validate(
        &q,
        &with_date(&[("seen_on", "this-week"), ("seen_on-day", "3")]),
        TODAY,
    )
    .unwrap_err();
    assert_eq!(
        errors.0["seen_on-day"],
        "This field is not part of the form."
    );
    // An exact day only, as the old date question: a month alone is not enough.
    let q = with_answers("[day]").unwrap();
    assert_eq!(
        answer(&q, &[("seen_on-month", "11"), ("seen_on-year", "2026")]).unwrap_err(),
        "The date must include a day."
    );
    assert_eq!(kept(&q, &[("seen_on", "2026-11-18")]).0, "2026-W47");
    // Month only: a typed day is not kept, only its month.
    let q = with_answers("[earlier, month]").unwrap();
    assert_eq!(
        kept(
            &q,
            &[
                ("seen_on", "earlier"),
                ("seen_on-day", "18"),
                ("seen_on-month", "11"),
                ("seen_on-year", "2026")
            ]
        ),
        ("2026-11".into(), "2026-11".into())
    );
    assert!(answer(&q, &[("seen_on", "2026-11-18")]).is_err());
}

#[test]
fn the_check_refuses_answers_it_cannot_show() {
    let err = with_answers("[today, day]").unwrap_err();
    assert!(
        err.contains("questions[3].answers: a typed month or day goes with `earlier`"),
        "{err}"
    );
    assert!(
        with_answers("[]")
            .unwrap_err()
            .contains("list at least one answer")
    );
    assert!(
        with_answers("[today, today]")
            .unwrap_err()
            .contains("listed twice")
    );
    assert!(
        with_answers("[tomorrow]")
            .unwrap_err()
            .contains("unknown variant `tomorrow`")
    );
}
