//! `lookout serve`'s log carries routes, statuses and timings: never answers, receipts,
//! addresses or agents. (The Lambda binaries log nothing on success: lambda_binaries.rs.)

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Request, header};
use lookout_functions::http::router;
use serde_json::json;
use support::*;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn nothing_a_reporter_sent_reaches_the_log() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let team = team();
    let (store, _dir) = embedded();
    let app = router(state(store, &team));
    let mut body = good_answers();
    body["what_happened"] = json!("UNIQUE-FREE-TEXT-7731");
    body["contact"] = json!("UNIQUE-CONTACT-0420");
    let request = Request::post("/api/reports/unverified?ref=UNIQUE-QUERY")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::USER_AGENT, "UNIQUE-AGENT/1.0")
        .header("x-forwarded-for", "198.51.100.23")
        .body(Body::from(body.to_string()))
        .unwrap();
    let answer = send(&app, request).await;
    let receipt = answer.json()["receipt"].as_str().unwrap().to_string();
    let answer = post_json(
        &app,
        "/api/follow-up/messages/unverified",
        &json!({ "receipt": receipt, "message": "UNIQUE-MESSAGE-5512" }),
    )
    .await;
    assert_eq!(answer.status, axum::http::StatusCode::CREATED);
    let mut bad = good_answers();
    bad["what_happened"] = json!("x".repeat(5000));
    post_json(&app, "/api/reports/unverified", &bad).await;

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("route=/api/reports/unverified status=201"),
        "{log}"
    );
    assert!(
        log.contains("route=/api/reports/unverified status=422"),
        "{log}"
    );
    for secret in [
        "UNIQUE-FREE-TEXT",
        "UNIQUE-CONTACT",
        "UNIQUE-MESSAGE",
        "UNIQUE-QUERY",
        "UNIQUE-AGENT",
        "198.51.100.23",
        "Silver estate",
        receipt.as_str(),
        &receipt.replace(' ', ""),
    ] {
        assert!(!log.contains(secret), "the log contains {secret}:\n{log}");
    }
}
