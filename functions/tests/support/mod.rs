//! Shared pieces of the HTTP tests: the example questionnaire, a team identity, a fixed
//! clock, the embedded store in a temporary folder, a store that is down, a local stub of
//! hCaptcha's verify endpoint, and request helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use lookout_functions::http::{AppState, Clock};
use lookout_functions::receipt::ReceiptHasher;
use lookout_functions::report::{Message, ReportId, StoredReport};
use lookout_functions::seal::{Sealer, generate_identity_file, parse_identities};
use lookout_functions::spam::Captcha;
use lookout_functions::store::embedded::EmbeddedStore;
use lookout_functions::store::{
    Binding, ChallengeKey, InsertOutcome, NewMessage, NewReport, ReceiptHash, ReportStore,
    SpentChallenge, StoreError,
};
use lookout_questionnaire::Questionnaire;
use serde_json::{Value, json};
use time::macros::datetime;
use tower::ServiceExt;

pub mod dynamodb;
pub mod lambda;
pub mod slow;
pub mod store;

pub const SECRET: &[u8] = b"a-test-receipt-secret-of-enough-length";

/// "Now" in these tests: 2026-11-24 12:00 UTC.
pub const NOW: time::OffsetDateTime = datetime!(2026-11-24 12:00 UTC);

pub fn now_ms() -> i64 {
    (NOW.unix_timestamp_nanos() / 1_000_000) as i64
}

pub fn example_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/campaign/questionnaire.yaml")
}

pub fn questionnaire() -> Questionnaire {
    Questionnaire::load(&example_path()).unwrap()
}

/// The team: its identities (to open) and its public key (to seal).
pub struct Team {
    pub identities: Vec<age::x25519::Identity>,
    pub recipient: String,
}

pub fn team() -> Team {
    let (file, recipient) = generate_identity_file();
    Team {
        identities: parse_identities(&file).unwrap(),
        recipient,
    }
}

/// A receipt hasher with a small cost, so the suite stays quick; cost is not under test.
pub fn cheap_hasher() -> ReceiptHasher {
    ReceiptHasher::with_cost(SECRET, 1024, 1, 1).unwrap()
}

/// The state of a campaign that chose hCaptcha, checked at `captcha`.
pub fn state_with(store: Arc<dyn ReportStore>, team: &Team, captcha: Captcha) -> AppState {
    state(store, team).with_captcha(captcha)
}

/// hCaptcha with the test site key, verified at `verify_url`.
pub fn hcaptcha(verify_url: &str) -> Captcha {
    Captcha::hcaptcha("0xsecret", SITE_KEY, Some(verify_url)).unwrap()
}

/// hCaptcha's documented test site key.
pub const SITE_KEY: &str = "10000000-ffff-ffff-ffff-000000000001";

/// Reports written "on" the fixed day must outlive the real clock, which the stores use to
/// hide expired reports; a century keeps these tests valid for as long as they are run.
pub const RETENTION_DAYS: u32 = 36_500;

/// The state of a campaign with Lookout's own challenge (the default).
pub fn state(store: Arc<dyn ReportStore>, team: &Team) -> AppState {
    AppState::new(
        store,
        questionnaire(),
        Sealer::new(&[team.recipient.as_str()]).unwrap(),
        cheap_hasher(),
    )
    .unwrap()
    .with_clock(Clock::Fixed(NOW))
    .with_retention(RETENTION_DAYS)
}

/// A challenge fetched from `router` and solved, as the page script does: the `altcha` field.
pub async fn solved(router: &Router) -> String {
    let answer = send(
        router,
        Request::get("/api/challenge").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    lookout_functions::spam::solve(&answer.text).unwrap()
}

/// `value` with a freshly solved challenge from `router`.
pub async fn with_solution(router: &Router, mut value: Value) -> Value {
    value["altcha"] = Value::String(solved(router).await);
    value
}

/// The embedded store in a temporary folder (kept alive by the returned guard).
pub fn embedded() -> (Arc<EmbeddedStore>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = EmbeddedStore::open(dir.path().join("reports.redb")).unwrap();
    (Arc::new(store), dir)
}

/// A store whose every call fails with the same error: [`FailingStore::DOWN`] is a store that
/// cannot be reached, [`FailingStore::CONFLICT`] one that refuses to overwrite an item.
pub struct FailingStore(pub fn() -> StoreError);

impl FailingStore {
    pub const DOWN: FailingStore =
        FailingStore(|| StoreError::Unavailable("down for the test".into()));
    pub const CONFLICT: FailingStore =
        FailingStore(|| StoreError::Conflict("taken for the test".into()));
}

#[async_trait]
impl ReportStore for FailingStore {
    async fn insert_report(&self, _: NewReport) -> Result<InsertOutcome, StoreError> {
        Err((self.0)())
    }
    async fn report(&self, _: &ReportId) -> Result<Option<StoredReport>, StoreError> {
        Err((self.0)())
    }
    async fn spent_challenge(&self, _: &ChallengeKey) -> Result<Option<Binding>, StoreError> {
        Err((self.0)())
    }
    async fn spend_challenge(&self, _: SpentChallenge) -> Result<bool, StoreError> {
        Err((self.0)())
    }
    async fn report_by_receipt(&self, _: &ReceiptHash) -> Result<Option<StoredReport>, StoreError> {
        Err((self.0)())
    }
    async fn reports(&self) -> Result<Vec<StoredReport>, StoreError> {
        Err((self.0)())
    }
    async fn append_message(&self, _: &ReportId, _: NewMessage) -> Result<Message, StoreError> {
        Err((self.0)())
    }
    async fn messages(&self, _: &ReportId) -> Result<Vec<Message>, StoreError> {
        Err((self.0)())
    }
    async fn purge_expired(&self, _: i64) -> Result<usize, StoreError> {
        Err((self.0)())
    }
    async fn count_received_on(&self, _: time::Date) -> Result<u64, StoreError> {
        Err((self.0)())
    }
}

/// A good submission for the example questionnaire.
pub fn good_answers() -> Value {
    json!({
        "reporter": "taxi-driver",
        "indicators": ["taxi-odd-hours", "any-frightened-controlled", "taxi-unsure-destination"],
        "area": "railway-station",
        "seen_on": "2026-11-18",
        "part_of_day": "night",
        "what_happened": "Two young girls were picked up at the station by an older man at 2am.",
        "vehicle_or_room": "Silver estate, plate starting KX",
    })
}

/// The same answers as a form body (repeated keys for the checkboxes).
pub fn good_form() -> String {
    let answers = good_answers();
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (key, value) in answers.as_object().unwrap() {
        match value {
            Value::Array(items) => {
                for item in items {
                    pairs.push((key.clone(), item.as_str().unwrap().to_string()));
                }
            }
            Value::String(s) => pairs.push((key.clone(), s.clone())),
            _ => unreachable!(),
        }
    }
    serde_urlencoded::to_string(&pairs).unwrap()
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub text: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    pub fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The error code of an error JSON body.
    pub fn code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }
}

pub async fn send(router: &Router, request: Request<Body>) -> Answer {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    Answer {
        status,
        headers,
        text: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

pub async fn post(
    router: &Router,
    path: &str,
    content_type: &str,
    body: impl Into<Body>,
) -> Answer {
    let request = Request::post(path)
        .header(header::CONTENT_TYPE, content_type)
        .body(body.into())
        .unwrap();
    send(router, request).await
}

pub async fn post_json(router: &Router, path: &str, value: &Value) -> Answer {
    post(router, path, "application/json", value.to_string()).await
}

pub async fn post_form(router: &Router, path: &str, body: &str) -> Answer {
    post(
        router,
        path,
        "application/x-www-form-urlencoded",
        body.to_string(),
    )
    .await
}

/// A local stand-in for hCaptcha's verify endpoint that always answers `success`.
/// Returns its URL.
pub async fn captcha_stub(success: bool) -> String {
    captcha_stub_after(success, Duration::ZERO).await
}

/// Like [`captcha_stub`], answering only after `delay` (a slow or hung service).
pub async fn captcha_stub_after(success: bool, delay: Duration) -> String {
    let app = Router::new().route(
        "/siteverify",
        axum::routing::post(move |body: String| async move {
            tokio::time::sleep(delay).await;
            // The function sends the secret and the token, and never an address.
            assert!(
                body.contains("secret=") && body.contains("response="),
                "{body}"
            );
            assert!(!body.contains("remoteip"), "{body}");
            axum::Json(json!({ "success": success, "hostname": "localhost" }))
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{address}/siteverify")
}

/// A URL where nothing listens (a port that was just free).
pub async fn dead_url() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    tokio::time::sleep(Duration::from_millis(10)).await;
    format!("http://{address}/siteverify")
}
