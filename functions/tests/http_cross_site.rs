//! Submissions another website's page makes a visitor's browser send are refused and store
//! nothing (`http::origin::same_site`); the site's own posts are stored whatever headers their
//! browser sends (`Origin: null` under the site's `Referrer-Policy: no-referrer`, or none at
//! all). And a flood of unverified submissions cannot keep out a report with a solved challenge.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use lookout_functions::http::router;
use lookout_functions::report::{Message, ReportId, StoredReport};
use lookout_functions::store::{
    Binding, ChallengeKey, InsertOutcome, NewMessage, NewReport, ReceiptHash, ReportStore,
    SpentChallenge, StoreError,
};
use serde_json::json;
use support::*;
use tokio::sync::Semaphore;

const SITE: &str = "https://lookout.example.org";

/// Posts `body` to `path` with the given headers.
async fn post_with(
    app: &Router,
    path: &str,
    content_type: &str,
    body: String,
    headers: &[(&str, &str)],
) -> Answer {
    let mut request = Request::post(path).header(header::CONTENT_TYPE, content_type);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    send(app, request.body(Body::from(body)).unwrap()).await
}

async fn post_json_with(app: &Router, path: &str, headers: &[(&str, &str)]) -> Answer {
    post_with(
        app,
        path,
        "application/json",
        good_answers().to_string(),
        headers,
    )
    .await
}

#[tokio::test]
async fn a_post_from_another_site_is_refused_and_stores_nothing() {
    let team = team();
    let (store, _dir) = embedded();
    let app = router(state(store.clone(), &team).with_site_origin(SITE));
    let refused: &[&[(&str, &str)]] = &[
        &[("sec-fetch-site", "cross-site")],
        // Sec-Fetch-Site decides when present, whatever Origin says.
        &[("sec-fetch-site", "cross-site"), ("origin", SITE)],
        &[("origin", "http://evil.example")],
        // The site's host under another scheme is another origin.
        &[("origin", "http://lookout.example.org")],
        // A sibling host of the same domain is not the site's own page: its Origin decides.
        &[
            ("sec-fetch-site", "same-site"),
            ("origin", "https://news.example.org"),
        ],
    ];
    for headers in refused {
        for path in ["/api/reports/unverified", "/api/reports"] {
            let answer = post_json_with(&app, path, headers).await;
            assert_eq!(
                answer.status,
                StatusCode::FORBIDDEN,
                "{headers:?}: {}",
                answer.text
            );
            assert_eq!(answer.code(), "cross_site", "{headers:?}");
        }
    }
    // A form post is answered with the form again, answers kept, in the reporter's language.
    let form = format!("{}&lang=pl", good_form());
    let page = post_with(
        &app,
        "/api/reports/unverified",
        "application/x-www-form-urlencoded",
        form,
        &[("sec-fetch-site", "cross-site")],
    )
    .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(
        page.content_type().starts_with("text/html"),
        "{}",
        page.text
    );
    assert!(page.text.contains("lang=\"pl\""), "{}", page.text);
    assert!(page.text.contains("Silver estate, plate starting KX"));
    assert!(page.text.contains("z innej strony"), "{}", page.text);
    // The follow-up routes refuse it too, before any receipt is looked at.
    let follow_up = post_with(
        &app,
        "/api/follow-up/unverified",
        "application/json",
        json!({"receipt": "ABCD-EFGH"}).to_string(),
        &[("origin", "https://evil.example")],
    )
    .await;
    assert_eq!(
        follow_up.status,
        StatusCode::FORBIDDEN,
        "{}",
        follow_up.text
    );
    assert!(store.reports().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_sites_own_posts_are_stored_whatever_headers_the_browser_sends() {
    let team = team();
    let (store, _dir) = embedded();
    let app = router(state(store.clone(), &team).with_site_origin(SITE));
    let stored: &[&[(&str, &str)]] = &[
        &[("sec-fetch-site", "same-origin")],
        &[("sec-fetch-site", "same-origin"), ("origin", "null")],
        // Referrer-Policy: no-referrer, in a browser without Sec-Fetch-Site.
        &[("origin", "null")],
        // An old browser: neither header.
        &[],
        &[("origin", SITE)],
        &[("sec-fetch-site", "same-site"), ("origin", SITE)],
        // `lookout serve`: the page and the API share the address the post went to.
        &[
            ("origin", "http://127.0.0.1:1111"),
            ("host", "127.0.0.1:1111"),
        ],
    ];
    for headers in stored {
        let answer = post_json_with(&app, "/api/reports/unverified", headers).await;
        assert_eq!(
            answer.status,
            StatusCode::CREATED,
            "{headers:?}: {}",
            answer.text
        );
    }
    assert_eq!(store.reports().await.unwrap().len(), stored.len());
}

/// A store whose unverified writes wait at a gate: the strict lane's slots stay taken for as
/// long as the test likes, as under a flood of unverified submissions.
struct GatedStore {
    inner: Arc<dyn ReportStore>,
    gate: Semaphore,
    waiting: AtomicUsize,
}

#[async_trait]
impl ReportStore for GatedStore {
    async fn insert_report(&self, new: NewReport) -> Result<InsertOutcome, StoreError> {
        if new.report.verified == Some(false) {
            self.waiting.fetch_add(1, Ordering::SeqCst);
            let _pass = self.gate.acquire().await;
        }
        self.inner.insert_report(new).await
    }
    async fn report(&self, id: &ReportId) -> Result<Option<StoredReport>, StoreError> {
        self.inner.report(id).await
    }
    async fn spent_challenge(&self, key: &ChallengeKey) -> Result<Option<Binding>, StoreError> {
        self.inner.spent_challenge(key).await
    }
    async fn spend_challenge(&self, spent: SpentChallenge) -> Result<bool, StoreError> {
        self.inner.spend_challenge(spent).await
    }
    async fn report_by_receipt(
        &self,
        hash: &ReceiptHash,
    ) -> Result<Option<StoredReport>, StoreError> {
        self.inner.report_by_receipt(hash).await
    }
    async fn reports(&self) -> Result<Vec<StoredReport>, StoreError> {
        self.inner.reports().await
    }
    async fn append_message(
        &self,
        id: &ReportId,
        message: NewMessage,
    ) -> Result<Message, StoreError> {
        self.inner.append_message(id, message).await
    }
    async fn messages(&self, id: &ReportId) -> Result<Vec<Message>, StoreError> {
        self.inner.messages(id).await
    }
    async fn purge_expired(&self, now_unix: i64) -> Result<usize, StoreError> {
        self.inner.purge_expired(now_unix).await
    }
    async fn count_received_on(&self, day: time::Date) -> Result<u64, StoreError> {
        self.inner.count_received_on(day).await
    }
}

#[tokio::test]
async fn a_solved_challenge_is_stored_while_the_unverified_lane_is_full() {
    let team = team();
    let (embedded, _dir) = embedded();
    let gated = Arc::new(GatedStore {
        inner: embedded.clone(),
        gate: Semaphore::new(0),
        waiting: AtomicUsize::new(0),
    });
    let app = router(state(gated.clone(), &team));
    // Two unverified submissions take both of the strict lane's slots and wait in the store.
    let flood: Vec<_> = (0..2)
        .map(|_| {
            let app = app.clone();
            tokio::spawn(async move {
                post_json(&app, "/api/reports/unverified", &good_answers()).await
            })
        })
        .collect();
    while gated.waiting.load(Ordering::SeqCst) < 2 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let solved = with_solution(&app, good_answers()).await;
    let unverified = good_answers();
    let (verified, another) = tokio::join!(
        post_json(&app, "/api/reports", &solved),
        post_json(&app, "/api/reports/unverified", &unverified),
    );
    // The lane is full: the third unverified one is told "not saved, try again"...
    assert_eq!(
        another.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        another.text
    );
    assert_eq!(another.code(), "not_saved");
    // ...while the report with a solved challenge went straight through.
    assert_eq!(verified.status, StatusCode::CREATED, "{}", verified.text);
    let stored = embedded.reports().await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].verified, Some(true));
    gated.gate.add_permits(2);
    for task in flood {
        task.await.unwrap();
    }
}
