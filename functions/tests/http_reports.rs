//! `POST /api/reports/unverified` through the router: every status it can answer with, content
//! negotiation and sealing at rest, on the embedded store. The verified lane, challenges and
//! retries are in http_lanes.rs.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod support;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use lookout_functions::http::{Shells, router};
use lookout_functions::receipt::Receipt;
use lookout_functions::seal::Sealer;
use lookout_functions::store::ReportStore;
use serde_json::{Value, json};
use support::*;

#[tokio::test]
async fn a_json_report_is_stored_sealed_and_answered_with_a_receipt() {
    let team = team();
    let (store, _dir) = embedded();
    let app = router(state(store.clone(), &team));

    let answer = post_json(&app, "/api/reports/unverified", &good_answers()).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    assert_eq!(answer.content_type(), "application/json");
    assert_eq!(answer.headers[header::CACHE_CONTROL], "no-store");
    let body = answer.json();
    let shown = body["receipt"].as_str().unwrap();
    assert_eq!(
        body.as_object().unwrap().len(),
        1,
        "only the receipt is returned: {body}"
    );
    let receipt = Receipt::parse(shown).unwrap();
    assert_eq!(receipt.to_string(), shown);

    let reports = store.reports().await.unwrap();
    assert_eq!(reports.len(), 1);
    let report = &reports[0];
    assert_eq!(report.received_on, "2026-11-24");
    assert_eq!(report.readable["reporter"], ["taxi-driver"]);
    assert_eq!(report.readable["area"], ["railway-station"]);
    assert_eq!(report.readable["part_of_day"], ["night"]);
    assert_eq!(report.readable["seen_on"], ["2026-W47"]);
    // Indicators in questionnaire order, whatever order they were sent in.
    assert_eq!(
        report.readable["indicators"],
        [
            "taxi-odd-hours",
            "taxi-unsure-destination",
            "any-frightened-controlled"
        ]
    );
    assert!(!report.readable.contains_key("what_happened"));
    // Expiry: the retention in days from the day, at midnight (no time of day is recorded).
    let expiry = time::macros::date!(2026 - 11 - 24) + time::Duration::days(RETENTION_DAYS.into());
    assert_eq!(
        report.expires_at,
        expiry.midnight().assume_utc().unix_timestamp()
    );

    // The free text is sealed: not in the stored report, but the team can open it.
    let stored = serde_json::to_string(report).unwrap();
    assert!(!stored.contains("older man"));
    assert!(!stored.contains("Silver estate"));
    assert!(!stored.contains("2026-11-18"), "the exact day is sealed");
    let opened: Value =
        serde_json::from_slice(&Sealer::open(&team.identities, &report.sealed).unwrap()).unwrap();
    assert_eq!(opened["what_happened"], good_answers()["what_happened"]);
    assert_eq!(
        opened["vehicle_or_room"],
        "Silver estate, plate starting KX"
    );
    assert_eq!(opened["seen_on"], "2026-11-18");
    assert!(opened.get("contact").is_none());

    // The receipt's hash finds the report; the receipt itself is nowhere.
    assert!(!stored.contains(receipt.digits()));
    let hash = cheap_hasher().hash(&receipt).unwrap();
    assert_eq!(
        store.report_by_receipt(&hash).await.unwrap().unwrap().id,
        report.id
    );
}

#[tokio::test]
async fn a_form_post_is_answered_with_the_receipt_page_in_the_site_shell() {
    let team = team();
    let (store, _dir) = embedded();
    let shells = tempfile::tempdir().unwrap();
    std::fs::write(
        shells.path().join("shell.en.html"),
        "<html lang=en><title>Spot the signs</title><main>EN <!--lookout:content--></main></html>",
    )
    .unwrap();
    std::fs::write(
        shells.path().join("shell.pl.html"),
        "<html lang=pl><title>Rozpoznaj sygnały</title><main>PL <!--lookout:content--></main></html>",
    )
    .unwrap();
    let app = router(state(store.clone(), &team).with_shells(Shells::load(shells.path()).unwrap()));

    let form = format!(
        "{}&lang=pl&website=&started_at=&idempotency_key=",
        good_form()
    );
    let answer = post_form(&app, "/api/reports/unverified", &form).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    assert_eq!(answer.content_type(), "text/html; charset=utf-8");
    assert_eq!(answer.headers[header::CACHE_CONTROL], "no-store");
    let page = &answer.text;
    assert!(
        page.starts_with(
            "<html lang=pl><title>Twoje zgłoszenie zostało wysłane – Rozpoznaj sygnały</title><main>PL "
        ),
        "{page}"
    );
    assert!(page.contains("Zapisz kod albo wydrukuj tę stronę."));
    assert!(page.contains("href=\"/pl/follow-up/\""));
    assert!(page.contains("data-lookout-print"));
    let start = page.find("class=\"receipt-code\"").unwrap();
    let code: String = page[start..]
        .split("</span>")
        .nth(1)
        .unwrap()
        .chars()
        .take(24)
        .collect();
    let receipt = Receipt::parse(&code).unwrap();
    assert_eq!(receipt.to_string(), code);
    assert_eq!(store.reports().await.unwrap().len(), 1);
}

#[tokio::test]
async fn malformed_bodies_are_400() {
    let team = team();
    let (store, _dir) = embedded();
    let app = router(state(store.clone(), &team));

    let answer = post(
        &app,
        "/api/reports/unverified",
        "application/json",
        "{\"reporter\": ",
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.code(), "malformed");
    assert_eq!(answer.json()["error"]["fields"], json!({}));

    let answer = post(
        &app,
        "/api/reports/unverified",
        "application/json",
        "[\"taxi-driver\"]",
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);

    let answer = post_form(
        &app,
        "/api/reports/unverified",
        &format!("{}&started_at=yesterday", good_form()),
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.content_type(), "text/html; charset=utf-8");
    assert!(answer.text.contains("role=\"alert\""));
    assert!(answer.text.contains("The form could not be read"));

    let mut body = good_answers();
    body["idempotency_key"] = json!("body-key-0123456789abcdef");
    let request = Request::post("/api/reports/unverified")
        .header(header::CONTENT_TYPE, "application/json")
        .header("idempotency-key", "header-key-0123456789abcdef")
        .body(Body::from(body.to_string()))
        .unwrap();
    let answer = send(&app, request).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(
        answer.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("differ")
    );
    assert!(store.reports().await.unwrap().is_empty());
}

#[tokio::test]
async fn other_content_types_are_415() {
    let team = team();
    let (store, _dir) = embedded();
    let app = router(state(store.clone(), &team));
    for content_type in [
        "text/plain",
        "multipart/form-data; boundary=x",
        "application/xml",
    ] {
        let answer = post(
            &app,
            "/api/reports/unverified",
            content_type,
            good_answers().to_string(),
        )
        .await;
        assert_eq!(
            answer.status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{content_type}"
        );
        assert_eq!(answer.code(), "unsupported_media_type");
    }
    let request = Request::post("/api/reports/unverified")
        .body(Body::from(good_answers().to_string()))
        .unwrap();
    assert_eq!(
        send(&app, request).await.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    // Parameters and case do not matter.
    let answer = post(
        &app,
        "/api/reports/unverified",
        "Application/JSON; charset=utf-8",
        good_answers().to_string(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED);
    assert_eq!(store.reports().await.unwrap().len(), 1);
}

#[tokio::test]
async fn bodies_over_the_limit_are_413_in_our_shape() {
    let team = team();
    let (store, _dir) = embedded();
    let app = router(state(store.clone(), &team));
    let mut body = good_answers();
    body["what_happened"] = json!("x".repeat(70 * 1024));
    let answer = post_json(&app, "/api/reports/unverified", &body).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(answer.code(), "too_large");

    // Without a Content-Length (a streamed body), the limit still holds.
    let chunks: Vec<Result<String, std::io::Error>> =
        (0..70).map(|_| Ok("y".repeat(1024))).collect();
    let stream = futures_util::stream::iter(chunks);
    let request = Request::post("/api/reports/unverified")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from_stream(stream))
        .unwrap();
    let answer = send(&app, request).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        answer.text.contains("too long to send"),
        "a form post gets the form with the message"
    );
    assert!(store.reports().await.unwrap().is_empty());
}

#[tokio::test]
async fn invalid_answers_are_422_with_a_message_per_field() {
    let team = team();
    let (store, _dir) = embedded();
    let app = router(state(store.clone(), &team));
    let mut body = good_answers();
    body["reporter"] = json!("astronaut");
    body["seen_on"] = json!("2026-12-01");
    body["what_happened"] = json!("x".repeat(4001));
    body["part_of_day"] = json!(["morning", "night"]);
    body["favourite_colour"] = json!("blue");
    body.as_object_mut().unwrap().remove("area");
    let answer = post_json(&app, "/api/reports/unverified", &body).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer.code(), "invalid_answers");
    let fields = answer.json()["error"]["fields"].clone();
    assert_eq!(
        fields["reporter"],
        "Please choose one of the options shown."
    );
    assert_eq!(fields["seen_on"], "The date cannot be in the future.");
    assert_eq!(
        fields["what_happened"],
        "This answer is too long. Please use at most 4000 characters."
    );
    assert_eq!(
        fields["part_of_day"],
        "Please choose one of the options shown."
    );
    assert_eq!(
        fields["favourite_colour"],
        "This field is not part of the form."
    );
    assert_eq!(fields["area"], "Please answer this question.");
    assert_eq!(fields.as_object().unwrap().len(), 6, "{fields}");

    let mut body = good_answers();
    body["seen_on"] = json!("2025-11-23");
    body["indicators"] = json!(["taxi-odd-hours", "no-such-sign"]);
    body["lang"] = json!("pl");
    let answer = post_json(&app, "/api/reports/unverified", &body).await;
    let fields = answer.json()["error"]["fields"].clone();
    assert_eq!(
        fields["seen_on"],
        "Data musi przypadać w ciągu ostatnich 365 dni."
    );
    assert_eq!(fields["indicators"], "Wybierz jedną z pokazanych opcji.");

    let mut body = good_answers();
    body["seen_on"] = json!("18/11/2026");
    body["what_happened"] = json!("   ");
    let answer = post_json(&app, "/api/reports/unverified", &body).await;
    let fields = answer.json()["error"]["fields"].clone();
    assert_eq!(
        fields["seen_on"],
        "The date must be a real date, for example 27 3 2026."
    );
    assert_eq!(fields["what_happened"], "Please answer this question.");
    assert!(store.reports().await.unwrap().is_empty());
}

#[tokio::test]
async fn an_invalid_form_post_gets_the_form_again_with_answers_and_errors() {
    let team = team();
    let (store, _dir) = embedded();
    let app = router(state(store.clone(), &team));
    let form = "reporter=hotel-staff&indicators=hotel-cash-no-id&seen_on=earlier&seen_on-day=1&seen_on-month=1&seen_on-year=2030\
        &what_happened=A+%3Cb%3Ebold%3C%2Fb%3E+claim&lang=ur&idempotency_key=k-123-0123456789abcdefghij&started_at=1";
    let answer = post_form(&app, "/api/reports/unverified", form).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer.content_type(), "text/html; charset=utf-8");
    let page = &answer.text;
    // Built-in shell in Urdu, right to left, its title starting with the translated "Error:".
    assert!(page.contains("lang=\"ur\" dir=\"rtl\""), "{page}");
    assert!(
        page.contains("<title>خرابی: تشویش کی رپورٹ کریں</title>"),
        "{page}"
    );
    // The summary at the top links to the fields (a wrong date: its first field).
    assert!(page.contains(
        "<div class=\"error-summary\" data-module=\"error-summary\"><div role=\"alert\">"
    ));
    assert!(page.contains("href=\"#q-area-city-centre\""));
    assert!(page.contains("href=\"#q-seen_on-day\""));
    // Errors beside the fields, tied to them, with the hidden prefix.
    assert!(page.contains(
        "<p class=\"field-error\" id=\"q-seen_on-error\"><span class=\"visually-hidden\">خرابی:</span> تاریخ مستقبل کی نہیں ہو سکتی۔</p>"
    ));
    assert!(page.contains("<fieldset aria-describedby=\"q-seen_on-hint q-seen_on-error\">"));
    assert!(page.contains("aria-describedby=\"q-seen_on-format q-seen_on-error\""));
    assert!(page.contains("aria-invalid=\"true\""));
    // "Earlier" stays chosen, its date fields shown with what was typed.
    assert!(page.contains("value=\"earlier\" checked data-aria-controls=\"q-seen_on-typed\">"));
    assert!(page.contains("<div class=\"conditional\" id=\"q-seen_on-typed\">"));
    // The answers are kept (and escaped), as are the control fields.
    assert!(page.contains("value=\"hotel-staff\" checked"));
    assert!(page.contains("value=\"hotel-cash-no-id\" checked"));
    assert!(page.contains("name=\"seen_on-year\" type=\"text\" inputmode=\"numeric\" autocomplete=\"off\" value=\"2030\""));
    assert!(page.contains("A &lt;b&gt;bold&lt;/b&gt; claim</textarea>"));
    assert!(!page.contains("<b>bold</b>"));
    assert!(page.contains("name=\"idempotency_key\" value=\"k-123-0123456789abcdefghij\""));
    assert!(page.contains("name=\"lang\" value=\"ur\""));
    assert!(store.reports().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_honeypot_and_the_minimum_fill_time_are_403() {
    let team = team();
    let (store, _dir) = embedded();
    let app = router(state(store.clone(), &team));

    // The honeypot by its name, and by its former one (pages cached before the change).
    for honeypot in ["hp_leave_empty", "website"] {
        let mut body = good_answers();
        body[honeypot] = json!("http://spam.example");
        let answer = post_json(&app, "/api/reports/unverified", &body).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{honeypot}");
        assert_eq!(answer.code(), "spam_check_failed");
    }

    let mut body = good_answers();
    body["started_at"] = json!(now_ms() - 1_000);
    let answer = post_json(&app, "/api/reports/unverified", &body).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert_eq!(answer.code(), "spam_check_failed");

    let form = format!("{}&started_at={}", good_form(), now_ms() - 500);
    let answer = post_form(&app, "/api/reports/unverified", &form).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert!(answer.text.contains("looked automated"));
    assert!(
        answer.text.contains("value=\"railway-station\" checked"),
        "answers kept"
    );
    assert!(store.reports().await.unwrap().is_empty());

    // Slow enough, or no script at all, or a reporter's clock that runs ahead: accepted.
    for started_at in [
        json!(now_ms() - 60_000),
        json!(null),
        json!(now_ms() + 30_000),
    ] {
        let mut body = good_answers();
        body["started_at"] = started_at;
        assert_eq!(
            post_json(&app, "/api/reports/unverified", &body)
                .await
                .status,
            StatusCode::CREATED
        );
    }
    assert_eq!(store.reports().await.unwrap().len(), 3);
}

/// A store that refuses to overwrite an item is a fault of ours (500), not an outage that
/// trying again would cure (503).
#[tokio::test]
async fn a_conflict_in_the_store_is_500_not_503() {
    let team = team();
    let app = router(state(Arc::new(FailingStore::CONFLICT), &team));
    let answer = post_json(&app, "/api/reports/unverified", &good_answers()).await;
    assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(answer.code(), "internal");
    assert!(answer.json().get("receipt").is_none());
}

#[tokio::test]
async fn a_store_that_is_down_is_503_and_gives_no_receipt() {
    let team = team();
    let app = router(state(Arc::new(FailingStore::DOWN), &team));
    let answer = post_json(&app, "/api/reports/unverified", &good_answers()).await;
    assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(answer.code(), "not_saved");
    assert!(
        answer.json()["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("Not saved, please try again")
    );
    assert!(answer.json().get("receipt").is_none());

    let answer = post_form(
        &app,
        "/api/reports/unverified",
        &format!("{}&idempotency_key=abc-0123456789abcdefghijk", good_form()),
    )
    .await;
    assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(answer.text.contains("Not saved, please try again"));
    assert!(!answer.text.contains("receipt-code"));
    // The same key goes back in the form, so sending it again is the same submission.
    assert!(
        answer
            .text
            .contains("name=\"idempotency_key\" value=\"abc-0123456789abcdefghijk\"")
    );
}

#[tokio::test]
async fn unknown_paths_and_methods_are_json_errors() {
    let team = team();
    let (store, _dir) = embedded();
    let app = router(state(store, &team));
    let answer = send(
        &app,
        Request::get("/api/nothing").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.code(), "not_found");
    let answer = send(
        &app,
        Request::get("/api/reports/unverified")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[test]
fn the_campaign_time_zone_comes_from_the_bundled_shells() {
    use lookout_functions::config::Config;
    use lookout_functions::http::{AppState, SetupError};
    let team = team();
    let (store, _dir) = embedded();
    let shells = tempfile::tempdir().unwrap();
    let config = Config::local(
        example_path(),
        Some(shells.path().to_path_buf()),
        vec![team.recipient.clone()],
        "0123456789abcdef0123456789abcdef0123456789abcdef".into(),
    );
    let zone = |config: &Config| {
        AppState::from_config(config, store.clone()).map(|s| s.time_zone.name().to_string())
    };
    // No site shells at all: the built-in page, and Europe/London.
    assert_eq!(zone(&config).unwrap(), "Europe/London");
    // Shells of a built site carry config.yaml's zone.
    let shell =
        |meta: &str| format!("<html><head>{meta}</head><main><!--lookout:content--></main></html>");
    std::fs::write(
        shells.path().join("shell.en.html"),
        shell("<meta name=\"lookout-time-zone\" content=\"Europe/Warsaw\">"),
    )
    .unwrap();
    assert_eq!(zone(&config).unwrap(), "Europe/Warsaw");
    // Shells without it would put "today" in the wrong zone: the functions do not start.
    std::fs::write(shells.path().join("shell.en.html"), shell("")).unwrap();
    assert!(matches!(
        AppState::from_config(&config, store.clone()),
        Err(SetupError::NoTimeZone)
    ));
}
