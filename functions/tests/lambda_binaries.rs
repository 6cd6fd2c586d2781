//! The built Lambda binaries under a Lambda Runtime API (`cargo lambda watch`, see
//! support/lambda.rs), on DynamoDB Local, with a local captcha stub and moto's SNS: they log
//! nothing on a successful request, a fault is one JSON line without any request id, a hung
//! captcha service is answered before the function's timeout, a store whose first answer is
//! late still gives the receipt, and the digest sends its counts (and a heartbeat).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod support;

use std::time::Duration;

use lookout_functions::store::ReportStore;
use lookout_functions::store::dynamo::DynamoStore;
use reqwest::StatusCode;
use serde_json::{Value, json};
use support::dynamodb::{dynamo_endpoint, dynamo_fixture};
use support::lambda::{Emulator, Moto, client, slow_first_answer};
use support::store::{fresh, insert};
use support::*;

const SUBMIT: &str = env!("CARGO_BIN_EXE_lookout-submit");
const FOLLOW_UP: &str = env!("CARGO_BIN_EXE_lookout-follow-up");
const DIGEST: &str = env!("CARGO_BIN_EXE_lookout-digest");

/// What a report function needs: the table (at `endpoint`), the example questionnaire, the
/// team's key, a receipt secret, and hCaptcha at `captcha`.
fn report_env(
    store: &DynamoStore,
    endpoint: &str,
    team: &Team,
    captcha: &str,
) -> Vec<(&'static str, String)> {
    vec![
        ("LOOKOUT_TABLE", store.table().to_string()),
        ("LOOKOUT_DYNAMODB_ENDPOINT", endpoint.to_string()),
        (
            "LOOKOUT_QUESTIONNAIRE",
            example_path().display().to_string(),
        ),
        ("LOOKOUT_TEAM_RECIPIENTS", team.recipient.clone()),
        (
            "LOOKOUT_RECEIPT_SECRET",
            String::from_utf8(SECRET.to_vec()).unwrap(),
        ),
        ("LOOKOUT_HCAPTCHA_SECRET", "0xsecret".to_string()),
        ("LOOKOUT_HCAPTCHA_VERIFY_URL", captcha.to_string()),
        ("LOOKOUT_MIN_FILL_SECONDS", "0".to_string()),
    ]
}

fn report_body(key: Option<&str>) -> Value {
    let mut body = good_answers();
    body["h-captcha-response"] = json!("10000000-aaaa-bbbb-cccc-000000000001");
    if let Some(key) = key {
        body["idempotency_key"] = json!(key);
    }
    body
}

async fn post(url: &str, body: &Value) -> (StatusCode, Value) {
    let response = client(Duration::from_secs(60))
        .post(url)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_functions_log_nothing_on_success() {
    let team = team();
    let store = dynamo_fixture().await;
    let captcha = captcha_stub(true).await;
    let env = report_env(&store, &dynamo_endpoint(), &team, &captcha);
    let emulator = Emulator::start(Duration::from_secs(15));
    let submit = emulator.function(SUBMIT, "lookout-submit", &env);
    let follow_up = emulator.function(FOLLOW_UP, "lookout-follow-up", &env);

    let (status, body) = post(&submit.url("/api/reports/unverified"), &report_body(None)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}\n{}", submit.log());
    let receipt = body["receipt"].as_str().unwrap().to_string();
    let form = client(Duration::from_secs(60))
        .post(submit.url("/api/reports/unverified"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "{}&h-captcha-response=10000000-aaaa-bbbb-cccc-000000000001",
            good_form()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), StatusCode::CREATED);
    let document = client(Duration::from_secs(60))
        .get(submit.url("/api/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(document.status(), StatusCode::OK);

    let url = follow_up.url("/api/follow-up/messages/unverified");
    let (status, body) = post(&url, &json!({ "receipt": receipt, "message": "More." })).await;
    assert_eq!(status, StatusCode::CREATED, "{body}\n{}", follow_up.log());
    let (status, body) = post(
        &follow_up.url("/api/follow-up/unverified"),
        &json!({ "receipt": receipt }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["messages"][0]["text"], "More.");

    assert_eq!(store.reports().await.unwrap().len(), 2);
    assert_eq!(submit.log(), "", "lookout-submit logged on success");
    assert_eq!(follow_up.log(), "", "lookout-follow-up logged on success");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fault_is_one_json_warn_line_without_a_request_id() {
    let team = team();
    let store = dynamo_fixture().await;
    let captcha = captcha_stub(true).await;
    // A store that cannot be reached: nothing listens there.
    let dead = dead_url().await.trim_end_matches("/siteverify").to_string();
    let env = report_env(&store, &dead, &team, &captcha);
    let emulator = Emulator::start(Duration::from_secs(15));
    let submit = emulator.function(SUBMIT, "lookout-submit", &env);
    let (status, body) = post(&submit.url("/api/reports/unverified"), &report_body(None)).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["error"]["code"], "not_saved");

    let log = submit.log();
    let lines: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    assert_eq!(lines.len(), 1, "{log}");
    assert_eq!(lines[0]["level"], "WARN", "{log}");
    let keys: Vec<&String> = lines[0].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["level", "message", "reason"], "{log}");
    for id in [
        "requestId",
        "request_id",
        "xrayTraceId",
        "aws_request_id",
        "seq",
        "count",
    ] {
        assert!(!log.contains(id), "{id} in {log}");
    }
}

/// A campaign that chose hCaptcha, whose service hangs: the verified lane sends the report on
/// to the strict lane well inside the function's timeout, and stores nothing itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hung_captcha_service_is_answered_before_the_functions_timeout() {
    let team = team();
    let store = dynamo_fixture().await;
    let hung = captcha_stub_after(true, Duration::from_secs(3600)).await;
    let shells = tempfile::tempdir().unwrap();
    std::fs::write(
        shells.path().join("shell.en.html"),
        format!(
            "<html><head><meta name=\"lookout-time-zone\" content=\"Europe/London\">\
             <meta name=\"lookout-spam\" content=\"hcaptcha {SITE_KEY}\"></head>\
             <body><!--lookout:content--></body></html>"
        ),
    )
    .unwrap();
    let mut env = report_env(&store, &dynamo_endpoint(), &team, &hung);
    env.push(("LOOKOUT_SHELL_DIR", shells.path().display().to_string()));
    // The template's Timeout: the function answers within it (the emulator would answer a
    // timeout with an error of its own, not the function's 307).
    let emulator = Emulator::start(Duration::from_secs(15));
    let submit = emulator.function(SUBMIT, "lookout-submit", &env);
    let response = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
        .post(submit.url("/api/reports"))
        .json(&report_body(None))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(response.headers()["location"], "/api/reports/unverified");
    assert!(store.reports().await.unwrap().is_empty());

    // The follow-up function reads the same shells but checks only Lookout's own challenge:
    // it starts without the hCaptcha secret and sends a bare request on to its strict lane.
    let follow_up = emulator.function(FOLLOW_UP, "lookout-follow-up", &env);
    let response = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
        .post(follow_up.url("/api/follow-up"))
        .json(&json!({ "receipt": "1234 5678 9012 3456 7890" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(response.headers()["location"], "/api/follow-up/unverified");
}

/// The first answer of the store (to the report's write) comes after the SDK has given up on
/// that try (its 2 s attempt timeout); the retry carries the same client request token, so
/// DynamoDB answers it as it did the first: stored. Without that token the retry would meet
/// its own report and fail with a conflict.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_whose_first_answer_is_late_still_gives_the_receipt() {
    let team = team();
    let store = dynamo_fixture().await;
    let captcha = captcha_stub(true).await;
    let slow = slow_first_answer(&dynamo_endpoint(), Duration::from_secs(3)).await;
    let env = report_env(&store, &slow, &team, &captcha);
    let emulator = Emulator::start(Duration::from_secs(15));
    let submit = emulator.function(SUBMIT, "lookout-submit", &env);
    let (status, body) = post(&submit.url("/api/reports/unverified"), &report_body(None)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}\n{}", submit.log());
    assert_eq!(store.reports().await.unwrap().len(), 1, "stored once");
    assert_eq!(submit.log(), "");
}

/// An EventBridge Scheduler event, as the digest's schedule sends it.
fn schedule_event() -> Value {
    json!({
        "version": "0",
        "id": "00000000-0000-0000-0000-000000000000",
        "detail-type": "Scheduled Event",
        "source": "aws.scheduler",
        "account": "123456789012",
        "time": "1970-01-01T00:00:00Z",
        "region": "eu-west-2",
        "resources": [],
        "detail": {}
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_digest_sends_the_days_counts_and_a_heartbeat() {
    let moto = Moto::start();
    let topic = moto
        .sns()
        .create_topic()
        // Its own topic: the server may be shared with other tests.
        .name(format!("lookout-digest-{}", support::store::random_hex()))
        .send()
        .await
        .unwrap()
        .topic_arn
        .unwrap();
    let store = dynamo_fixture().await;
    let env = vec![
        ("LOOKOUT_TABLE", store.table().to_string()),
        ("LOOKOUT_DYNAMODB_ENDPOINT", dynamo_endpoint()),
        ("LOOKOUT_NOTIFY_TOPIC_ARN", topic.clone()),
        ("AWS_ENDPOINT_URL_SNS", moto.url.clone()),
    ];
    let emulator = Emulator::start(Duration::from_secs(15));
    let digest = emulator.function(DIGEST, "lookout-digest", &env);
    let invoke = || async {
        client(Duration::from_secs(60))
            .post(digest.invoke_url())
            .json(&schedule_event())
            .send()
            .await
            .unwrap()
    };

    let answer = invoke().await;
    assert_eq!(answer.status(), StatusCode::OK, "{}", digest.log());
    // No page shells here, so the campaign's default time zone.
    let zone = lookout_questionnaire::when::CampaignTimeZone::default();
    let today = zone.today(time::OffsetDateTime::now_utc());
    let yesterday = today.previous_day().unwrap();
    for day in [today, today, yesterday] {
        insert(&store, &fresh(&day.to_string())).await;
    }
    assert_eq!(invoke().await.status(), StatusCode::OK, "{}", digest.log());

    let sent = moto.published(&topic).await;
    let subjects: Vec<&str> = sent.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(
        subjects,
        [
            "Lookout: 0 new reports (the channel is working)",
            "Lookout: 1 report yesterday, 2 reports today so far"
        ]
    );
    assert!(sent[1].1.contains(&format!(
        "Reports received on {today} (Europe/London) so far: 2"
    )));
    assert_eq!(digest.log(), "", "the digest logged on success");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_digest_that_cannot_be_sent_fails_its_invocation() {
    let moto = Moto::start();
    let store = dynamo_fixture().await;
    let env = vec![
        ("LOOKOUT_TABLE", store.table().to_string()),
        ("LOOKOUT_DYNAMODB_ENDPOINT", dynamo_endpoint()),
        (
            "LOOKOUT_NOTIFY_TOPIC_ARN",
            "arn:aws:sns:eu-west-2:123456789012:no-such-topic".to_string(),
        ),
        ("AWS_ENDPOINT_URL_SNS", moto.url.clone()),
    ];
    let emulator = Emulator::start(Duration::from_secs(15));
    let digest = emulator.function(DIGEST, "lookout-digest", &env);
    let answer = client(Duration::from_secs(60))
        .post(digest.invoke_url())
        .json(&schedule_event())
        .send()
        .await
        .unwrap();
    let failed =
        !answer.status().is_success() || answer.headers().contains_key("x-amz-function-error");
    let text = answer.text().await.unwrap();
    assert!(failed, "the invocation should fail: {text}");
    // Its own line and the runtime's, both faults, both JSON.
    let log = digest.log();
    let lines: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert!(
        lines
            .iter()
            .all(|l| l["level"] == "WARN" || l["level"] == "ERROR"),
        "{log}"
    );
    assert!(
        lines.iter().any(|l| l["message"] == "digest not sent"),
        "{log}"
    );
}

/// A function deployed with another bundle than the stack names does not start, and says why.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_function_with_another_bundle_refuses_to_start() {
    let team = team();
    let store = dynamo_fixture().await;
    let bundle = tempfile::tempdir().unwrap();
    // A whole bundle, as a build writes it, but not the one the deployment names.
    let shell = b"<html><!--lookout:content--></html>";
    std::fs::write(bundle.path().join("shell.en.html"), shell).unwrap();
    let manifest = lookout_bundle::Manifest::of([("shell.en.html", &shell[..])]);
    std::fs::write(bundle.path().join("manifest.sha256"), manifest.text()).unwrap();
    let mut env = report_env(
        &store,
        &dynamo_endpoint(),
        &team,
        "http://127.0.0.1:9/siteverify",
    );
    env.push(("LOOKOUT_SHELL_DIR", bundle.path().display().to_string()));
    env.push(("LOOKOUT_BUNDLE_SHA256", "a".repeat(64)));
    let emulator = Emulator::start(Duration::from_secs(15));
    let mut submit = emulator.function(SUBMIT, "lookout-submit", &env);
    let started = std::time::Instant::now();
    while submit.running() && started.elapsed() < Duration::from_secs(30) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(!submit.running(), "it should not have started");
    let log = submit.log();
    assert!(
        log.contains("is not the one this deployment names"),
        "{log}"
    );
    assert!(log.contains(&"a".repeat(64)), "{log}");
}
