//! One deadline per request: a slow or hung outside service (the captcha service, the store)
//! never turns a stored report into an error for the reporter. Either the report is stored and
//! the reporter gets its receipt, or nothing is stored and the answer is 503 "not saved"; a
//! write that lands after its answer was given up on is found by the reporter's retry, which
//! gets the same receipt. Budgets are short here so the cases run in a few seconds; nothing is
//! timed (the outcome is what is asserted).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod support;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use lookout_functions::http::{Budget, router};
use lookout_functions::receipt::Receipt;
use lookout_functions::spam::Captcha;
use lookout_functions::store::ReportStore;
use lookout_functions::store::embedded::EmbeddedStore;
use serde_json::json;
use support::slow::SlowStore;
use support::*;

/// 2 s a request, the last 1 s kept for the write.
const SHORT: Budget = Budget {
    total: Duration::from_secs(2),
    write: Duration::from_secs(1),
};

fn app(store: Arc<dyn ReportStore>, team: &Team, captcha: Option<Captcha>) -> Router {
    let state = match captcha {
        Some(captcha) => state_with(store, team, captcha),
        None => state(store, team),
    };
    router(state.with_budget(SHORT))
}

fn keyed(key: &str) -> serde_json::Value {
    let mut body = good_answers();
    // Keys are at least 22 characters (the page script makes random ones).
    body["idempotency_key"] = json!(format!("{key}-0123456789abcdef"));
    body["h-captcha-response"] = json!("10000000-aaaa-bbbb-cccc-000000000001");
    body
}

/// What a case may end in: the report stored and its receipt answered, or neither.
async fn stored_iff_receipt(store: &EmbeddedStore, answer: &Answer) {
    let stored = store.reports().await.unwrap().len();
    match answer.status {
        StatusCode::CREATED => assert_eq!(stored, 1, "a receipt for a report not stored"),
        StatusCode::SERVICE_UNAVAILABLE => {
            assert_eq!(answer.code(), "not_saved");
            assert_eq!(stored, 0, "a stored report answered with an error");
        }
        other => panic!("unexpected {other}: {}", answer.text),
    }
}

/// A hung captcha service costs the report its verified mark, never the report: the verified
/// lane sends it on in time, and the strict lane stores it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_captcha_service_that_hangs_sends_the_report_on_in_time() {
    let team = team();
    let (store, _dir) = embedded();
    let hung = captcha_stub_after(true, Duration::from_secs(3600)).await;
    let app = app(store.clone(), &team, Some(hcaptcha(&hung)));
    let body = keyed("hung-captcha-key-0001");
    let started = std::time::Instant::now();
    let answer = post_json(&app, "/api/reports", &body).await;
    assert!(started.elapsed() < SHORT.total + Duration::from_millis(500));
    assert_eq!(
        answer.status,
        StatusCode::TEMPORARY_REDIRECT,
        "{}",
        answer.text
    );
    assert_eq!(answer.headers["location"], "/api/reports/unverified");
    assert!(store.reports().await.unwrap().is_empty());
    let answer = post_json(&app, "/api/reports/unverified", &body).await;
    stored_iff_receipt(&store, &answer).await;
    assert_eq!(store.reports().await.unwrap()[0].verified, Some(false));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_captcha_and_a_slow_store_within_the_budget_still_give_the_receipt() {
    let team = team();
    let (store, _dir) = embedded();
    let slow = Arc::new(SlowStore::new(store.clone()));
    slow.before_each_call(Duration::from_millis(250));
    slow.after_each_write(Duration::from_millis(250));
    let captcha = captcha_stub_after(true, Duration::from_millis(300)).await;
    let app = app(slow, &team, Some(hcaptcha(&captcha)));
    let answer = post_json(&app, "/api/reports", &keyed("slow-but-fine-key-0001")).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    stored_iff_receipt(&store, &answer).await;
    assert_eq!(store.reports().await.unwrap()[0].verified, Some(true));
}

/// Reads slow enough to use the time before the write: the write is not begun without its slot,
/// so nothing is stored and the answer says so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_too_slow_to_leave_the_write_its_time_stores_nothing() {
    let team = team();
    let (store, _dir) = embedded();
    let slow = Arc::new(SlowStore::new(store.clone()));
    slow.before_each_call(Duration::from_millis(1500));
    let app = app(slow, &team, None);
    // The verified lane reads the challenge's record before it writes.
    let body = with_solution(&app, keyed("slow-reads-key-000001")).await;
    let answer = post_json(&app, "/api/reports", &body).await;
    assert_eq!(
        answer.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        answer.text
    );
    stored_iff_receipt(&store, &answer).await;
}

/// The one case no deadline can settle: the store has the report but its answer never comes in
/// time. The reporter is told "not saved, try again", and the retry (the page keeps the same
/// idempotency key, answers and challenge) is answered with the receipt of the report that
/// landed, stored once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_whose_answer_is_lost_is_found_by_the_retry() {
    let team = team();
    let (store, _dir) = embedded();
    let slow = Arc::new(SlowStore::new(store.clone()));
    slow.after_each_write(Duration::from_secs(3600));
    let app = app(slow.clone(), &team, None);
    let body = with_solution(&app, keyed("lost-answer-key-00001")).await;
    let first = post_json(&app, "/api/reports", &body).await;
    assert_eq!(
        first.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        first.text
    );
    assert_eq!(store.reports().await.unwrap().len(), 1, "the write landed");

    slow.after_each_write(Duration::ZERO);
    let retry = post_json(&app, "/api/reports", &body).await;
    assert_eq!(retry.status, StatusCode::CREATED, "{}", retry.text);
    let receipt = Receipt::parse(retry.json()["receipt"].as_str().unwrap()).unwrap();
    let reports = store.reports().await.unwrap();
    assert_eq!(reports.len(), 1, "stored once");
    let hash = cheap_hasher().keys(&receipt).unwrap().hash;
    assert_eq!(
        store.report_by_receipt(&hash).await.unwrap().map(|r| r.id),
        Some(reports[0].id.clone()),
        "the retry's receipt opens the report that landed"
    );
}

/// A follow-up message is the request's last write; after it the thread is answered from what
/// was read before, so a store that is slow to read after writing cannot fail it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stored_follow_up_message_is_answered_with_the_thread() {
    let team = team();
    let (store, _dir) = embedded();
    let quick = router(state(store.clone(), &team));
    let answer = post_json(&quick, "/api/reports/unverified", &good_answers()).await;
    let receipt = answer.json()["receipt"].as_str().unwrap().to_string();

    let slow = Arc::new(SlowStore::new(store.clone()));
    slow.after_each_write(Duration::from_millis(300));
    let app = app(slow, &team, None);
    let answer = post_json(
        &app,
        "/api/follow-up/messages/unverified",
        &json!({ "receipt": receipt, "message": "Another detail." }),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    let messages = answer.json()["messages"].clone();
    assert_eq!(messages[0]["text"], "Another detail.");
    assert_eq!(messages[0]["author"], "reporter");
    let report = &store.reports().await.unwrap()[0];
    assert_eq!(store.messages(&report.id).await.unwrap().len(), 1);
}
