//! `POST /api/follow-up` and `POST /api/follow-up/messages`: the reporter reads the team's
//! questions and adds information with the receipt alone.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod support;

use std::sync::Arc;

use axum::http::StatusCode;
use lookout_functions::http::router;
use lookout_functions::receipt::random_receipt;
use lookout_functions::report::Author;
use lookout_functions::seal::Sealer;
use lookout_functions::store::{NewMessage, ReportStore};
use serde_json::json;
use support::*;

/// Submits the good answers and returns the receipt.
async fn submit(app: &axum::Router) -> String {
    let answer = post_json(app, "/api/reports/unverified", &good_answers()).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    answer.json()["receipt"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn the_reporter_reads_the_team_question_and_answers_it() {
    let team = team();
    let (store, _dir) = embedded();
    let app = router(state(store.clone(), &team));
    let receipt = submit(&app).await;

    // No messages yet.
    let answer = post_json(
        &app,
        "/api/follow-up/unverified",
        &json!({ "receipt": receipt }),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(
        answer.json(),
        json!({ "received_on": "2026-11-24", "messages": [] })
    );

    // The team asks a question (as `lookout reports reply` does).
    let report = store.reports().await.unwrap().remove(0);
    let sealer = Sealer::new(&[team.recipient.as_str()]).unwrap();
    let question = "Thank you. Did you see which hotel they went to?";
    let sealed = sealer
        .seal_with_reporter(&report.reporter_key.recipient, question.as_bytes())
        .unwrap();
    store
        .append_message(
            &report.id,
            NewMessage {
                author: Author::Team,
                sent_on: "2026-11-25".into(),
                sealed,
            },
        )
        .await
        .unwrap();

    // Typed with dashes instead of spaces: the same receipt.
    let typed = receipt.replace(' ', "-");
    let answer = post_json(
        &app,
        "/api/follow-up/unverified",
        &json!({ "receipt": typed }),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.json()["messages"],
        json!([{ "author": "team", "sent_on": "2026-11-25", "text": question }])
    );

    // The reporter adds information.
    let addition = "The Grand, on Station Road. Room on the top floor.";
    let answer = post_json(
        &app,
        "/api/follow-up/messages/unverified",
        &json!({ "receipt": receipt, "message": addition }),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    let messages = answer.json()["messages"].clone();
    assert_eq!(messages.as_array().unwrap().len(), 2);
    assert_eq!(
        messages[1],
        json!({ "author": "reporter", "sent_on": "2026-11-24", "text": addition })
    );

    // Stored sealed; the team opens it with its identity.
    let stored = store.messages(&report.id).await.unwrap();
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[1].author, Author::Reporter);
    assert!(!stored[1].sealed.contains("Station Road"));
    assert_eq!(
        Sealer::open(&team.identities, &stored[1].sealed).unwrap(),
        addition.as_bytes()
    );
    assert_eq!(
        Sealer::open(&team.identities, &stored[0].sealed).unwrap(),
        question.as_bytes()
    );
}

#[tokio::test]
async fn a_wrong_receipt_looks_like_an_unknown_one() {
    let team = team();
    let (store, _dir) = embedded();
    let app = router(state(store.clone(), &team));
    let receipt = submit(&app).await;
    // One digit off, and a code that was never issued: the same answer.
    let mut digits: Vec<char> = receipt.chars().collect();
    digits[0] = if digits[0] == '9' { '8' } else { '9' };
    let wrong: String = digits.into_iter().collect();
    let a = post_json(
        &app,
        "/api/follow-up/unverified",
        &json!({ "receipt": wrong }),
    )
    .await;
    let b = post_json(
        &app,
        "/api/follow-up/unverified",
        &json!({ "receipt": random_receipt().to_string() }),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.text, b.text);
    assert_eq!(
        a.json()["error"]["fields"]["receipt"],
        "We could not open a report with this receipt code. Please check the digits and try again."
    );
    let answer = post_json(
        &app,
        "/api/follow-up/messages/unverified",
        &json!({ "receipt": wrong, "message": "hello" }),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        answer.json()["error"]["fields"],
        a.json()["error"]["fields"]
    );

    let answer = post_json(
        &app,
        "/api/follow-up/unverified",
        &json!({ "receipt": "1234" }),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        answer.json()["error"]["fields"]["receipt"],
        "Please enter the 20-digit receipt code."
    );
    let store_reports = store.reports().await.unwrap();
    assert!(
        store
            .messages(&store_reports[0].id)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn bad_follow_up_requests_get_their_status() {
    let team = team();
    let (store, _dir) = embedded();
    let app = router(state(store.clone(), &team));
    let receipt = submit(&app).await;

    let answer = post(&app, "/api/follow-up/unverified", "application/json", "{").await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let answer = post(
        &app,
        "/api/follow-up/unverified",
        "text/plain",
        receipt.clone(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let answer = post_json(
        &app,
        "/api/follow-up/messages/unverified",
        &json!({ "receipt": receipt, "message": "x".repeat(70_000) }),
    )
    .await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    let answer = post_json(
        &app,
        "/api/follow-up/unverified",
        &json!({ "receipt": receipt, "name": "Jo" }),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        answer.json()["error"]["fields"]["name"],
        "This field is not part of the form."
    );

    let answer = post_json(
        &app,
        "/api/follow-up/messages/unverified",
        &json!({ "receipt": "12", "message": " " }),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = answer.json()["error"]["fields"].clone();
    assert_eq!(fields["receipt"], "Please enter the 20-digit receipt code.");
    assert_eq!(fields["message"], "Please answer this question.");
    let answer = post_json(
        &app,
        "/api/follow-up/messages/unverified",
        &json!({ "receipt": receipt, "message": "x".repeat(4001) }),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        answer.json()["error"]["fields"]["message"]
            .as_str()
            .unwrap()
            .contains("4000")
    );

    let down = router(state(Arc::new(FailingStore::DOWN), &team));
    let answer = post_json(
        &down,
        "/api/follow-up/unverified",
        &json!({ "receipt": receipt }),
    )
    .await;
    assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(answer.code(), "not_saved");
    let answer = post_json(
        &down,
        "/api/follow-up/messages/unverified",
        &json!({ "receipt": receipt, "message": "more" }),
    )
    .await;
    assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn the_follow_up_works_as_plain_form_posts() {
    let team = team();
    let (store, _dir) = embedded();
    let app = router(state(store.clone(), &team));
    let receipt = submit(&app).await;
    let form_receipt = receipt.replace(' ', "+");

    let answer = post_form(
        &app,
        "/api/follow-up/unverified",
        &format!("receipt={form_receipt}&lang=pl"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let page = &answer.text;
    assert!(page.contains("<h1>Kontynuacja zgłoszenia</h1>"), "{page}");
    assert!(page.contains("Zgłoszenie wysłano 2026-11-24."));
    assert!(page.contains("action=\"/api/follow-up/messages/unverified\""));
    assert!(page.contains(&format!("name=\"receipt\" value=\"{receipt}\"")));

    // An empty message: the thread stays, with the error beside the box.
    let answer = post_form(
        &app,
        "/api/follow-up/messages/unverified",
        &format!("receipt={form_receipt}&message=&lang=pl"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.text.contains("id=\"follow-up-message-error\""));
    assert!(answer.text.contains("Zgłoszenie wysłano 2026-11-24."));

    let answer = post_form(
        &app,
        "/api/follow-up/messages/unverified",
        &format!("receipt={form_receipt}&message=It+was+a+<b>red</b>+car&lang=pl"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED);
    assert!(answer.text.contains("Twoja wiadomość została dodana."));
    assert!(answer.text.contains("It was a &lt;b&gt;red&lt;/b&gt; car"));

    let answer = post_form(
        &app,
        "/api/follow-up/unverified",
        "receipt=0000+0000+0000+0000+0000",
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.text.contains("role=\"alert\""));
    assert!(
        answer.text.contains("value=\"0000 0000 0000 0000 0000\""),
        "the receipt as typed is kept"
    );
}
