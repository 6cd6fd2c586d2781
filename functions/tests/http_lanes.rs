//! The two lanes (`deploy::Lane`): a solved, fresh, unspent challenge (or an hCaptcha token the
//! service accepts) is stored as verified; anything else is sent on with a 307 to the strict
//! lane, which stores it as unverified. Receipts are bound to the idempotency key, the answers
//! and the challenge, so a retry gets its receipt back and nothing else ever does.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod support;

use std::collections::HashSet;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use lookout_functions::http::{Clock, router};
use lookout_functions::store::ReportStore;
use serde_json::{Value, json};
use support::*;

fn keyed(key: &str) -> Value {
    let mut body = good_answers();
    body["idempotency_key"] = json!(format!("{key}-0123456789abcdefghij"));
    body
}

fn receipt(answer: &Answer) -> String {
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    answer.json()["receipt"].as_str().unwrap().to_string()
}

fn sent_on(answer: &Answer, to: &str) {
    assert_eq!(
        answer.status,
        StatusCode::TEMPORARY_REDIRECT,
        "{}",
        answer.text
    );
    assert_eq!(answer.headers["location"], to);
    assert_eq!(answer.headers["cache-control"], "no-store");
}

#[tokio::test]
async fn a_challenge_is_fresh_each_time_and_never_cached() {
    let team = team();
    let (store, _dir) = embedded();
    let app = router(state(store, &team));
    let get = || Request::get("/api/challenge").body(Body::empty()).unwrap();
    let a = send(&app, get()).await;
    let b = send(&app, get()).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.headers["cache-control"], "no-store");
    assert_ne!(a.text, b.text);
    let challenge = a.json();
    assert_eq!(challenge["parameters"]["algorithm"], "SHA-256");
    assert!(challenge["parameters"]["data"]["exp"].as_i64().unwrap() > NOW.unix_timestamp());
    assert!(challenge["signature"].as_str().unwrap().len() >= 64);
}

#[tokio::test]
async fn a_solved_challenge_is_verified_and_anything_else_is_stored_unverified() {
    let team = team();
    let (store, _dir) = embedded();
    let app = router(state(store.clone(), &team));

    let solved = with_solution(&app, keyed("solved")).await;
    receipt(&post_json(&app, "/api/reports", &solved).await);
    assert_eq!(store.reports().await.unwrap()[0].verified, Some(true));

    // No challenge (the page script did not run), for JSON and for a form post.
    sent_on(
        &post_json(&app, "/api/reports", &keyed("none")).await,
        "/api/reports/unverified",
    );
    sent_on(
        &post_form(&app, "/api/reports", &good_form()).await,
        "/api/reports/unverified",
    );
    // A forged one: the signed expiry moved a day on.
    let mut forged = with_solution(&app, keyed("forged")).await;
    forged["altcha"] = json!(tamper(forged["altcha"].as_str().unwrap()));
    sent_on(
        &post_json(&app, "/api/reports", &forged).await,
        "/api/reports/unverified",
    );
    // A reused one, with other answers.
    let mut reused = keyed("reused");
    reused["altcha"] = solved["altcha"].clone();
    reused["what_happened"] = json!("Something else entirely.");
    sent_on(
        &post_json(&app, "/api/reports", &reused).await,
        "/api/reports/unverified",
    );
    // Garbage.
    let mut garbage = keyed("garbage");
    garbage["altcha"] = json!("not base64 at all!");
    sent_on(
        &post_json(&app, "/api/reports", &garbage).await,
        "/api/reports/unverified",
    );
    assert_eq!(
        store.reports().await.unwrap().len(),
        1,
        "the verified lane stored none of them"
    );

    // Each is stored, unverified, in the strict lane.
    for body in [&keyed("none"), &forged, &reused, &garbage] {
        receipt(&post_json(&app, "/api/reports/unverified", body).await);
    }
    let reports = store.reports().await.unwrap();
    assert_eq!(reports.len(), 5);
    assert_eq!(
        reports.iter().filter(|r| r.verified == Some(false)).count(),
        4
    );
}

/// `altcha` with the challenge's signed expiry moved a day on, and the signature kept.
fn tamper(payload: &str) -> String {
    let mut value: Value = serde_json::from_slice(&BASE64.decode(payload).unwrap()).unwrap();
    let exp = &mut value["challenge"]["parameters"]["data"]["exp"];
    *exp = json!(exp.as_i64().unwrap() + 86_400);
    BASE64.encode(value.to_string())
}

#[tokio::test]
async fn the_same_key_and_answers_get_their_receipt_again_and_nothing_else_does() {
    let team = team();
    let (store, _dir) = embedded();
    let app = router(state(store.clone(), &team));
    let body = with_solution(&app, keyed("6f1c0a9e4b2d4c58")).await;
    let first = receipt(&post_json(&app, "/api/reports", &body).await);
    assert_eq!(
        receipt(&post_json(&app, "/api/reports", &body).await),
        first
    );
    assert_eq!(store.reports().await.unwrap().len(), 1, "stored once");

    // The same key and challenge with other answers: never the first receipt.
    let mut other = body.clone();
    other["what_happened"] = json!("A different account of it.");
    sent_on(
        &post_json(&app, "/api/reports", &other).await,
        "/api/reports/unverified",
    );
    let second = receipt(&post_json(&app, "/api/reports/unverified", &other).await);
    assert_ne!(second, first);

    // After the challenge has expired, the same body is sent on, and gets a new receipt.
    let later = router(
        state(store.clone(), &team).with_clock(Clock::Fixed(NOW + time::Duration::hours(3))),
    );
    sent_on(
        &post_json(&later, "/api/reports", &body).await,
        "/api/reports/unverified",
    );
    let third = receipt(&post_json(&later, "/api/reports/unverified", &body).await);
    assert!(third != first && third != second);
    assert_eq!(store.reports().await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_form_sent_again_without_a_key_is_a_second_report_marked_as_a_duplicate() {
    let team = team();
    let (store, _dir) = embedded();
    let app = router(state(store.clone(), &team));
    let a = post_form(&app, "/api/reports/unverified", &good_form()).await;
    let b = post_form(&app, "/api/reports/unverified", &good_form()).await;
    assert_eq!(
        (a.status, b.status),
        (StatusCode::CREATED, StatusCode::CREATED)
    );
    assert_ne!(a.text, b.text, "a new receipt, never the first one");
    let mut other = good_answers();
    other["what_happened"] = json!("Another thing seen.");
    receipt(&post_json(&app, "/api/reports/unverified", &other).await);
    let reports = store.reports().await.unwrap();
    let prints: Vec<_> = reports
        .iter()
        .map(|r| r.fingerprint.clone().unwrap())
        .collect();
    let distinct: HashSet<_> = prints.iter().collect();
    assert_eq!(reports.len(), 3);
    assert_eq!(
        distinct.len(),
        2,
        "the resent form has the first one's fingerprint"
    );
}

/// The API for a campaign that chose hCaptcha, with a local service that passes every token
/// or none.
async fn with_captcha(
    store: &Arc<lookout_functions::store::embedded::EmbeddedStore>,
    team: &Team,
    passes: bool,
) -> Router {
    router(state_with(
        store.clone(),
        team,
        hcaptcha(&captcha_stub(passes).await),
    ))
}

#[tokio::test]
async fn hcaptcha_decides_the_verified_lane_and_never_refuses_a_report() {
    let team = team();
    let (store, _dir) = embedded();
    let yes = with_captcha(&store, &team, true).await;
    let no = with_captcha(&store, &team, false).await;
    let down = router(state_with(
        store.clone(),
        &team,
        hcaptcha(&dead_url().await),
    ));
    let mut body = keyed("hcaptcha");
    body["h-captcha-response"] = json!("10000000-aaaa-bbbb-cccc-000000000001");

    for app in [&no, &down] {
        sent_on(
            &post_json(app, "/api/reports", &body).await,
            "/api/reports/unverified",
        );
    }
    sent_on(
        &post_json(&yes, "/api/reports", &keyed("no-token")).await,
        "/api/reports/unverified",
    );
    assert!(store.reports().await.unwrap().is_empty());

    let first = receipt(&post_json(&yes, "/api/reports", &body).await);
    assert_eq!(store.reports().await.unwrap()[0].verified, Some(true));
    // hCaptcha tokens are single-use: the retry is answered before asking again.
    assert_eq!(receipt(&post_json(&no, "/api/reports", &body).await), first);
    assert_eq!(store.reports().await.unwrap().len(), 1);

    receipt(&post_json(&no, "/api/reports/unverified", &body).await);
    assert_eq!(store.reports().await.unwrap().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_retries_of_verified_reports_each_store_once() {
    let team = team();
    let (store, _dir) = embedded();
    let app = router(state(store.clone(), &team));
    let mut bodies = Vec::new();
    for i in 0..40 {
        bodies.push(with_solution(&app, keyed(&format!("concurrent-{i:04}"))).await);
    }
    let mut tasks = Vec::new();
    for (i, body) in bodies.iter().enumerate() {
        // Each submission is sent four times at once: the retries of a lost answer.
        for _ in 0..4 {
            let (app, body) = (app.clone(), body.clone());
            tasks.push(tokio::spawn(async move {
                (i, receipt(&post_json(&app, "/api/reports", &body).await))
            }));
        }
    }
    let mut by_submission = std::collections::BTreeMap::<usize, HashSet<String>>::new();
    for task in tasks {
        let (i, receipt) = task.await.unwrap();
        by_submission.entry(i).or_default().insert(receipt);
    }
    assert!(
        by_submission.values().all(|r| r.len() == 1),
        "{by_submission:?}"
    );
    assert_eq!(store.reports().await.unwrap().len(), 40);
}

#[tokio::test]
async fn a_follow_up_hashes_a_receipt_only_after_a_solved_challenge_or_in_the_strict_lane() {
    let team = team();
    let (store, _dir) = embedded();
    let app = router(state(store.clone(), &team));
    let code = receipt(&post_json(&app, "/api/reports/unverified", &good_answers()).await);
    for (verified, strict, bare) in [
        (
            "/api/follow-up",
            "/api/follow-up/unverified",
            json!({ "receipt": code }),
        ),
        (
            "/api/follow-up/messages",
            "/api/follow-up/messages/unverified",
            json!({ "receipt": code, "message": "One more thing." }),
        ),
    ] {
        sent_on(&post_json(&app, verified, &bare).await, strict);
        let solved = with_solution(&app, bare.clone()).await;
        let answer = post_json(&app, verified, &solved).await;
        assert!(answer.status.is_success(), "{}", answer.text);
        // A solution is spent by its first use.
        sent_on(&post_json(&app, verified, &solved).await, strict);
        let answer = post_json(&app, strict, &bare).await;
        assert!(answer.status.is_success(), "{}", answer.text);
    }
    let report = &store.reports().await.unwrap()[0];
    assert_eq!(store.messages(&report.id).await.unwrap().len(), 2);
}
