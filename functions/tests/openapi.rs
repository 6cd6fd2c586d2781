//! The OpenAPI document is made from the questionnaire the functions load: every route of the
//! router with the statuses its handler can answer with, every question with its kind, options
//! and requiredness, the control fields with their real limits; and it is served at
//! `/api/openapi.json`. tests/support/openapi-validate.py holds it to the OpenAPI 3.1 schema
//! (openapi-spec-validator), and tests/support/schemathesis.sh holds `lookout serve` to it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod support;

use std::path::Path;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use lookout_functions::http::openapi::{self, EDGE_STATUSES};
use lookout_functions::http::{ROUTES, follow_up_router, router, submit_router};
use lookout_questionnaire::Questionnaire;
use serde_json::Value;
use support::*;

/// A second campaign's questions (tests/fixtures/questionnaire/questions-other.yaml) with the
/// example's interface strings, which every questionnaire needs in full.
fn other_questionnaire() -> Questionnaire {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/questionnaire");
    let questions = std::fs::read_to_string(fixtures.join("questions-other.yaml")).unwrap();
    let example = std::fs::read_to_string(example_path()).unwrap();
    let text = &example[example.find("\ntext:").unwrap()..];
    Questionnaire::parse(
        &format!("{questions}{text}"),
        Path::new("questions-other.yaml"),
    )
    .unwrap()
}

fn submission(doc: &Value) -> &Value {
    &doc["components"]["schemas"]["Submission"]
}

/// A property's schema without the `null` JSON may send for any field.
fn non_null(schema: &Value) -> &Value {
    match schema["anyOf"].as_array().map(Vec::as_slice) {
        Some([inner, null]) if null["type"] == "null" => inner,
        _ => panic!("not nullable: {schema}"),
    }
}

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {value}"))
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect()
}

/// The option ids a single or multiple question's schema allows, wherever they sit in it.
fn enums(schema: &Value) -> Vec<&str> {
    let mut found = Vec::new();
    if let Some(list) = schema.get("enum") {
        found.extend(strings(list));
    }
    for key in ["anyOf", "oneOf"] {
        for alternative in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            found.extend(enums(alternative));
        }
    }
    if let Some(items) = schema.get("items") {
        found.extend(enums(items));
    }
    found.sort_unstable();
    found.dedup();
    found
}

#[test]
fn the_document_lists_every_route_with_its_statuses() {
    let doc = openapi::generate(&questionnaire());
    assert_eq!(doc["openapi"], "3.1.0");
    for (route, statuses) in ROUTES {
        let (method, path) = (route.method(), route.path());
        let operation = &doc["paths"][path][method];
        assert!(operation.is_object(), "{method} {path} is missing");
        let responses = operation["responses"].as_object().unwrap();
        for status in *statuses {
            assert!(
                responses.contains_key(&status.to_string()),
                "{method} {path}: {status} is not documented"
            );
        }
        for documented in responses.keys() {
            let code: u16 = documented.parse().unwrap();
            assert!(
                statuses.contains(&code) || EDGE_STATUSES.contains(&code),
                "{method} {path}: {code} is documented but never answered"
            );
        }
        if method == "post" {
            let content = operation["requestBody"]["content"].as_object().unwrap();
            let types: Vec<&str> = content.keys().map(String::as_str).collect();
            assert_eq!(
                types,
                ["application/json", "application/x-www-form-urlencoded"],
                "{path}"
            );
        }
    }
    let documented: usize = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|p| p.as_object().unwrap().len())
        .sum();
    assert_eq!(
        documented,
        ROUTES.len(),
        "operations the router does not have"
    );
    // Every $ref resolves.
    let text = doc.to_string();
    for reference in text.split("\"$ref\":\"#/").skip(1) {
        let pointer = reference.split('"').next().unwrap();
        assert!(
            doc.pointer(&format!("/{pointer}")).is_some(),
            "dangling $ref {pointer}"
        );
    }
}

/// The rule that a required date's typed month and year answer it.
fn typed_required(id: &str) -> String {
    format!(r#""required":["{id}-month","{id}-year"]"#)
}

/// Every question of `q` is in the body with its kind, options, requiredness and limit.
fn assert_questions(q: &Questionnaire, doc: &Value) {
    let body = submission(doc);
    assert_eq!(body["additionalProperties"], false);
    let properties = body["properties"].as_object().unwrap();
    let required = strings(&body["required"]);
    let either = body["allOf"].to_string();
    for question in &q.questions {
        let schema = non_null(&properties[&question.id]);
        if question.has_options() {
            let ids: Vec<&str> = {
                let mut ids: Vec<&str> = question.options.iter().map(|o| o.id.as_str()).collect();
                ids.sort_unstable();
                ids
            };
            assert_eq!(enums(schema), ids, "{}", question.id);
        }
        if matches!(
            question.kind,
            lookout_questionnaire::QuestionKind::Text | lookout_questionnaire::QuestionKind::Line
        ) {
            assert_eq!(
                schema["maxLength"],
                question.max_length(),
                "{}",
                question.id
            );
        }
        let is_date = question.kind == lookout_questionnaire::QuestionKind::Date;
        let listed = required.contains(&question.id.as_str())
            || (is_date && either.contains(&typed_required(&question.id)));
        assert_eq!(listed, question.required, "{} requiredness", question.id);
    }
    for field in lookout_questionnaire::submission::CONTROL_FIELDS {
        assert!(properties.contains_key(*field), "control field {field}");
    }
}

/// The document for `q`, its questions checked.
fn checked_document(q: &Questionnaire) -> Value {
    let doc = openapi::generate(q);
    assert_questions(q, &doc);
    doc
}

#[test]
fn the_example_campaign_s_questions_are_in_the_document() {
    let doc = checked_document(&questionnaire());
    let body = submission(&doc);
    assert_eq!(
        strings(&body["required"]),
        ["reporter", "area", "what_happened"]
    );
    // seen_on is required, answered by a choice or by a typed month and year.
    assert!(body["allOf"].to_string().contains("seen_on-month"));
    assert!(enums(&body["properties"]["area"]).contains(&"railway-station"));
    let key = &non_null(&body["properties"]["idempotency_key"])["anyOf"][0];
    assert_eq!(key["minLength"], 22);
    assert_eq!(key["maxLength"], 128);
    assert_eq!(key["pattern"], "^[!-~]{22,128}$");
    let header = &doc["paths"]["/api/reports"]["post"]["parameters"][0];
    assert_eq!(header["name"], "Idempotency-Key");
    assert_eq!(header["schema"]["minLength"], 22);
    assert_eq!(header["schema"]["pattern"], "^[!-~]{22,128}$");
}

#[test]
fn another_campaign_gets_its_own_questions() {
    let doc = checked_document(&other_questionnaire());
    let body = submission(&doc);
    let properties = body["properties"].as_object().unwrap();
    assert_eq!(
        strings(&body["required"]),
        ["premises", "concerns", "details"]
    );
    assert!(
        !properties.contains_key("reporter"),
        "the example's questions leak in"
    );
    assert_eq!(non_null(&properties["details"])["maxLength"], 1500);
    assert_eq!(
        enums(&properties["noticed"]),
        ["earlier", "today", "yesterday"],
        "only the date answers it allows"
    );
    // A month may be typed, so the typed fields are there; a day may not.
    assert!(properties.contains_key("noticed-year"));
    assert!(
        properties["noticed"]
            .to_string()
            .contains(r#"^20[0-9]{2}-(0[1-9]|1[0-2])$"#)
    );
    assert!(
        !body["allOf"]
            .to_string()
            .contains(&typed_required("noticed")),
        "noticed is optional"
    );
    let encoding = &doc["paths"]["/api/reports"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"]
        ["encoding"];
    assert_eq!(encoding["concerns"]["explode"], true);
}

#[tokio::test]
async fn every_listed_route_is_routed() {
    let team = team();
    let (store, _dir) = embedded();
    let all = router(state(store.clone(), &team));
    let submit = submit_router(state(store.clone(), &team));
    let follow_up = follow_up_router(state(store, &team));
    for (route, _) in ROUTES {
        let (method, path) = (route.method(), route.path());
        let request = || {
            Request::builder()
                .method(method.to_uppercase().as_str())
                .uri(path)
                .body(Body::empty())
                .unwrap()
        };
        let answer = send(&all, request()).await;
        assert_ne!(answer.status, StatusCode::NOT_FOUND, "{method} {path}");
        assert_ne!(
            answer.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
        let split = if path.starts_with("/api/follow-up") {
            &follow_up
        } else {
            &submit
        };
        assert_ne!(
            send(split, request()).await.status,
            StatusCode::NOT_FOUND,
            "{method} {path} in its Lambda"
        );
    }
    let answer = send(
        &all,
        Request::get("/api/openapi.json")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.content_type(), "application/json");
    let doc = answer.json();
    assert_eq!(doc["info"]["title"], "Lookout report API");
    assert_eq!(
        doc,
        openapi::generate(&questionnaire()),
        "the served document"
    );
}

/// The document validates as OpenAPI 3.1, for both campaigns (openapi-spec-validator from the
/// tests' venv; skipped with a message where it is not installed, as on `cargo test` alone).
#[test]
fn the_document_is_valid_openapi_3_1() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let python = root.join("tests/.venv/bin/python");
    if !python.exists() {
        eprintln!(
            "skipped: {} is missing (run tests/support/install.sh)",
            python.display()
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (name, q) in [
        ("example", questionnaire()),
        ("other", other_questionnaire()),
    ] {
        let path = dir.path().join(format!("{name}.json"));
        std::fs::write(&path, openapi::generate(&q).to_string()).unwrap();
        let out = std::process::Command::new(&python)
            .arg(root.join("tests/support/openapi-validate.py"))
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
