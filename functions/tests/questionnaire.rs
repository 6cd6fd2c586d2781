//! The questionnaire: the example loads, and mistakes are reported with file, line and key.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

use std::path::{Path, PathBuf};

use lookout_questionnaire::{
    FormOptions, FormState, QuestionKind, Questionnaire, QuestionnaireError, render_form,
};

fn example_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/campaign/questionnaire.yaml")
}

fn example_source() -> String {
    std::fs::read_to_string(example_path()).unwrap()
}

/// Parses `source`, expecting an error; returns (line, display).
fn error_of(source: &str) -> (Option<usize>, String) {
    let err = Questionnaire::parse(source, Path::new("campaign/questionnaire.yaml")).unwrap_err();
    (err.line(), err.to_string())
}

/// The 1-based line of the first line containing `needle`.
fn line_of(source: &str, needle: &str) -> usize {
    source.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn the_example_questionnaire_loads() {
    let q = Questionnaire::load(&example_path()).unwrap();
    let ids: Vec<_> = q.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "reporter",
            "indicators",
            "area",
            "seen_on",
            "part_of_day",
            "what_happened",
            "vehicle_or_room",
            "contact"
        ]
    );
    assert_eq!(
        q.question("indicators").unwrap().grouped_by.as_deref(),
        Some("reporter")
    );
    assert_eq!(q.question("seen_on").unwrap().kind, QuestionKind::Date);
    assert_eq!(q.languages(), ["en", "pl", "ur"]);
    // Every label and interface string is translated in the example.
    for question in &q.questions {
        for lang in ["en", "pl", "ur"] {
            assert!(question.label.has(lang), "{} lacks {lang}", question.id);
            for choice in &question.options {
                assert!(
                    choice.label.has(lang),
                    "{}.{} lacks {lang}",
                    question.id,
                    choice.id
                );
            }
        }
    }
    for (key, text) in q.text.entries() {
        for lang in ["en", "pl", "ur"] {
            assert!(text.has(lang), "text.{key} lacks {lang}");
        }
    }
}

#[test]
fn a_missing_file_is_named() {
    let err = Questionnaire::load(Path::new("/nonexistent/questionnaire.yaml")).unwrap_err();
    assert!(matches!(err, QuestionnaireError::Read { .. }));
    assert!(err.to_string().contains("/nonexistent/questionnaire.yaml"));
}

#[test]
fn an_unknown_key_is_rejected_with_its_line() {
    let source = example_source().replacen(
        "    readable: true\n",
        "    readable: true\n    colour: red\n",
        1,
    );
    let (line, message) = error_of(&source);
    assert_eq!(line, Some(line_of(&source, "colour: red")));
    assert!(
        message.starts_with(&format!(
            "campaign/questionnaire.yaml:{}:",
            line_of(&source, "colour: red")
        )),
        "{message}"
    );
    assert!(message.contains("unknown field `colour`"), "{message}");
}

#[test]
fn a_wrong_kind_is_a_syntax_error_with_its_line() {
    let source = example_source().replacen("kind: date", "kind: datetime", 1);
    let (line, message) = error_of(&source);
    assert_eq!(line, Some(line_of(&source, "kind: datetime")));
    assert!(message.contains("datetime"), "{message}");
}

#[test]
fn a_readable_text_question_is_refused_at_its_readable_key() {
    let source = example_source().replacen(
        "  - id: what_happened\n    kind: text\n",
        "  - id: what_happened\n    kind: text\n    readable: true\n",
        1,
    );
    let (line, message) = error_of(&source);
    let expected = line_of(&source, "  - id: what_happened") + 2;
    assert_eq!(line, Some(expected), "{message}");
    assert!(message.contains("questions[5].readable"), "{message}");
    assert!(message.contains("always sealed"), "{message}");
}

#[test]
fn duplicate_ids_are_refused_at_the_second_one() {
    let source = example_source().replacen("  - id: contact\n", "  - id: area\n", 1);
    let (line, message) = error_of(&source);
    assert_eq!(
        line,
        Some(
            source
                .lines()
                .collect::<Vec<_>>()
                .iter()
                .rposition(|l| *l == "  - id: area")
                .unwrap()
                + 1
        )
    );
    assert!(message.contains("used by an earlier question"), "{message}");
}

#[test]
fn bad_id_syntax_is_refused() {
    let source = example_source().replacen("  - id: contact\n", "  - id: Contact-Me\n", 1);
    let (line, message) = error_of(&source);
    assert_eq!(line, Some(line_of(&source, "id: Contact-Me")));
    assert!(message.contains("not a valid id"), "{message}");
    let source = example_source().replacen("- id: night", "- id: Night_Time", 1);
    let (line, message) = error_of(&source);
    assert_eq!(line, Some(line_of(&source, "id: Night_Time")));
    assert!(message.contains("options[3].id"), "{message}");
}

#[test]
fn grouped_by_must_name_a_single_question() {
    let source = example_source().replacen("grouped_by: reporter", "grouped_by: reportr", 1);
    let (line, message) = error_of(&source);
    assert_eq!(line, Some(line_of(&source, "grouped_by: reportr")));
    assert!(message.contains("no question `reportr`"), "{message}");

    let source = example_source().replacen("grouped_by: reporter", "grouped_by: what_happened", 1);
    let (line, message) = error_of(&source);
    assert_eq!(line, Some(line_of(&source, "grouped_by: what_happened")));
    assert!(message.contains("kind single"), "{message}");
}

#[test]
fn an_option_group_must_exist() {
    let source = example_source().replacen("group: door-staff", "group: bouncers", 1);
    let (line, message) = error_of(&source);
    assert_eq!(line, Some(line_of(&source, "group: bouncers")));
    assert!(message.contains("not an option of `reporter`"), "{message}");
}

#[test]
fn a_default_language_label_is_required() {
    let source = example_source().replacen("      en: \"What happened?\"\n", "", 1);
    let (line, message) = error_of(&source);
    let question = line_of(&source, "  - id: what_happened");
    assert_eq!(line, Some(question + 3), "{message}");
    assert!(message.contains("default language `en`"), "{message}");

    let source = example_source().replacen("    en: \"Send report\"\n", "", 1);
    let (line, message) = error_of(&source);
    assert_eq!(line, Some(line_of(&source, "  submit:")), "{message}");
    assert!(message.contains("text.submit"), "{message}");
}

#[test]
fn single_and_multiple_need_options() {
    let source = "questions:\n  - id: a\n    kind: single\n    label: { en: A }\ntext: {}\n";
    let (_, message) = error_of(source);
    // `text` is checked by serde first: all interface strings are required.
    assert!(message.contains("missing field"), "{message}");

    let source = example_source().replacen(
        "  - id: part_of_day\n    kind: single\n",
        "  - id: part_of_day\n    kind: date\n",
        1,
    );
    let (line, message) = error_of(&source);
    let question = line_of(&source, "  - id: part_of_day");
    let options = source
        .lines()
        .skip(question)
        .position(|l| l == "    options:")
        .unwrap()
        + question
        + 1;
    assert_eq!(line, Some(options), "{message}");
    assert!(
        message.contains("only single and multiple questions have options"),
        "{message}"
    );
}

#[test]
fn the_form_renders_in_every_language_from_the_example() {
    let q = Questionnaire::load(&example_path()).unwrap();
    for lang in ["en", "pl", "ur", "de"] {
        let html = render_form(
            &q,
            lang,
            "en",
            &FormState::default(),
            &FormOptions::default(),
        );
        assert!(html.contains("action=\"/api/reports\""));
        assert!(html.contains(&format!("name=\"lang\" value=\"{lang}\"")));
    }
    let html = render_form(
        &q,
        "ur",
        "en",
        &FormState::default(),
        &FormOptions::default(),
    );
    assert!(html.contains("رپورٹ بھیجیں"));
    let html = render_form(
        &q,
        "de",
        "en",
        &FormState::default(),
        &FormOptions::default(),
    );
    assert!(
        html.contains("Send report"),
        "unknown languages fall back to the default"
    );
}

#[test]
fn every_answer_at_its_longest_fits_the_body_limit() {
    let q = Questionnaire::load(&example_path()).unwrap();
    let worst = lookout_questionnaire::worst_case_body(&q);
    assert!(worst <= lookout_questionnaire::BODY_LIMIT, "{worst}");
    // 4000 + 200 + 200 characters of 12 bytes each, at least.
    assert!(
        worst > 4400 * lookout_questionnaire::WORST_BYTES_PER_CHAR,
        "{worst}"
    );
    // A text question allowed 5000 characters could take 60,000 bytes: too much beside the rest.
    let source = example_source().replacen(
        "  - id: what_happened\n    kind: text\n",
        "  - id: what_happened\n    kind: text\n    max_length: 5000\n",
        1,
    );
    let (line, message) = error_of(&source);
    assert_eq!(
        line,
        Some(line_of(&source, "max_length: 5000")),
        "{message}"
    );
    assert!(
        message.contains("questions[5].max_length: the answers at their longest could take"),
        "{message}"
    );
    assert!(
        message.contains("over the 65536 bytes a report may have"),
        "{message}"
    );
    // Within the limit it loads.
    let source = example_source().replacen(
        "  - id: what_happened\n    kind: text\n",
        "  - id: what_happened\n    kind: text\n    max_length: 4200\n",
        1,
    );
    assert!(Questionnaire::parse(&source, Path::new("q.yaml")).is_ok());
}
