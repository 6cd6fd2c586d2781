//! The Lambda handlers on real API Gateway HTTP API (payload format 2.0) events: the event
//! is turned into a request by `lambda_http`, routed by the same router, and the answer
//! turned back into an API Gateway response as the runtime does.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod support;

use std::path::Path;
use std::sync::Arc;

use axum::http::StatusCode;
use lambda_http::request::LambdaRequest;
use lambda_http::{Adapter, Context, LambdaEvent, Service};
use lookout_functions::http::{follow_up_router, submit_router};
use lookout_functions::seal::Sealer;
use lookout_functions::store::ReportStore;
use serde_json::Value;
use support::*;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

/// Routes a fixture through `lambda_http::request::from_str` and the router.
async fn route(router: &axum::Router, event: &str) -> Answer {
    let request = lambda_http::request::from_str(event).unwrap();
    send(router, request.map(axum::body::Body::new)).await
}

/// Runs a fixture through the same adapter `lambda_http::run` uses; returns the API
/// Gateway response JSON.
async fn invoke(router: axum::Router, event: &str) -> Value {
    let payload: LambdaRequest = serde_json::from_str(event).unwrap();
    let mut adapter = Adapter::from(router);
    let response = adapter
        .call(LambdaEvent::new(payload, Context::default()))
        .await
        .unwrap();
    serde_json::to_value(response).unwrap()
}

#[tokio::test]
async fn a_json_event_is_stored_and_answered_201() {
    let team = team();
    let (store, _dir) = embedded();
    let app = submit_router(state(store.clone(), &team));
    let event = fixture("apigw_v2_submit_json.json");
    let answer = route(&app, &event).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    let receipt = answer.json()["receipt"].as_str().unwrap().to_string();

    // The same event again (the strict lane has no challenge to bind a retry to): a second
    // report with a new receipt, never the first one.
    let response = invoke(app.clone(), &event).await;
    assert_eq!(response["statusCode"], 201);
    assert_eq!(response["isBase64Encoded"], false);
    assert_eq!(response["headers"]["content-type"], "application/json");
    assert_eq!(response["headers"]["cache-control"], "no-store");
    let body: Value = serde_json::from_str(response["body"].as_str().unwrap()).unwrap();
    assert_ne!(body["receipt"], receipt.as_str());

    let reports = store.reports().await.unwrap();
    assert_eq!(reports.len(), 2);
    assert_eq!(
        reports[0].fingerprint, reports[1].fingerprint,
        "seen as duplicates"
    );
    assert_eq!(reports[0].readable["reporter"], ["door-staff"]);
    // The event carried an address and a user agent; neither is stored.
    let stored = serde_json::to_string(&reports[0]).unwrap();
    assert!(!stored.contains("203.0.113.7") && !stored.contains("Mozilla"));
    let opened =
        String::from_utf8(Sealer::open(&team.identities, &reports[0].sealed).unwrap()).unwrap();
    assert!(opened.contains("left the club"));
}

#[tokio::test]
async fn a_base64_form_event_gets_the_receipt_page() {
    let team = team();
    let (store, _dir) = embedded();
    let app = submit_router(state(store.clone(), &team));
    let response = invoke(app, &fixture("apigw_v2_submit_form_base64.json")).await;
    assert_eq!(response["statusCode"], 201, "{response}");
    assert_eq!(
        response["headers"]["content-type"],
        "text/html; charset=utf-8"
    );
    let page = response["body"].as_str().unwrap();
    assert!(page.contains("Twoje zgłoszenie zostało wysłane"), "{page}");
    assert!(page.contains("class=\"receipt-code\""));
    assert_eq!(
        store.reports().await.unwrap()[0].readable["indicators"],
        ["hotel-cash-no-id", "hotel-many-visitors"]
    );
}

#[tokio::test]
async fn invalid_and_unsupported_events_get_their_status() {
    let team = team();
    let (store, _dir) = embedded();
    let app = submit_router(state(store.clone(), &team));
    let answer = route(&app, &fixture("apigw_v2_submit_invalid.json")).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = answer.json()["error"]["fields"].clone();
    assert_eq!(fields["seen_on"], "The date cannot be in the future.");
    assert_eq!(fields["what_happened"], "Please answer this question.");

    let response = invoke(app.clone(), &fixture("apigw_v2_submit_text_plain.json")).await;
    assert_eq!(response["statusCode"], 415);
    assert!(store.reports().await.unwrap().is_empty());

    let response = invoke(app, &fixture("apigw_v2_openapi.json")).await;
    assert_eq!(response["statusCode"], 200);
    let doc: Value = serde_json::from_str(response["body"].as_str().unwrap()).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
}

#[tokio::test]
async fn the_follow_up_lambda_opens_a_thread_by_receipt() {
    let team = team();
    let (store, _dir) = embedded();
    let submit = submit_router(state(store.clone(), &team));
    let answer = route(&submit, &fixture("apigw_v2_submit_json.json")).await;
    let receipt = answer.json()["receipt"].as_str().unwrap().to_string();

    let follow_up = follow_up_router(state(store.clone(), &team));
    let event = fixture("apigw_v2_follow_up.json").replace("RECEIPT", &receipt);
    let response = invoke(follow_up.clone(), &event).await;
    assert_eq!(response["statusCode"], 200, "{response}");
    let body: Value = serde_json::from_str(response["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["messages"], serde_json::json!([]));

    // The submission route is not served by the follow-up Lambda.
    let response = invoke(follow_up, &fixture("apigw_v2_submit_json.json")).await;
    assert_eq!(response["statusCode"], 404);
}

/// The event the stack's warm-up schedule sends (infra/template.yaml holds the same one, see
/// tests/infra_agreement): both API functions answer it without an error and without touching
/// the store, the deployed ones with 403 since it carries no origin token.
#[tokio::test]
async fn the_warm_up_event_is_answered_without_the_store() {
    let team = team();
    let event = fixture("warm_up.json");
    for (name, app) in [
        (
            "submit",
            submit_router(state(Arc::new(FailingStore::DOWN), &team)),
        ),
        (
            "follow-up",
            follow_up_router(state(Arc::new(FailingStore::DOWN), &team)),
        ),
    ] {
        let response = invoke(app, &event).await;
        assert_eq!(response["statusCode"], 404, "{name}: {response}");
    }
    let deployed =
        submit_router(state(Arc::new(FailingStore::DOWN), &team).with_origin_token("t0k3n"));
    let response = invoke(deployed, &event).await;
    assert_eq!(response["statusCode"], 403, "{response}");
}

/// A deployed function answers only requests that came through CloudFront.
#[tokio::test]
async fn a_request_without_the_origin_token_is_refused_first() {
    let team = team();
    let (store, _dir) = embedded();
    let app = submit_router(state(store.clone(), &team).with_origin_token("t0k3n"));
    let event = fixture("apigw_v2_submit_json.json");
    let response = invoke(app.clone(), &event).await;
    assert_eq!(response["statusCode"], 403, "{response}");
    assert!(store.reports().await.unwrap().is_empty());

    let with_token = event.replace(
        "\"headers\": {",
        "\"headers\": {\n    \"x-lookout-origin\": \"t0k3n\",",
    );
    assert_ne!(with_token, event);
    let response = invoke(app, &with_token).await;
    assert_eq!(response["statusCode"], 201, "{response}");
    assert_eq!(store.reports().await.unwrap().len(), 1);
}
