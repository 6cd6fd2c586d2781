//! The HTTP API: one axum `Router` served by `lookout serve` under `/api/` and, split in
//! two, by the Lambda binaries. Handlers answer JSON with JSON and a form post with a page.
//!
//! Every request gets one deadline (`deadline`); a deployed function also refuses requests
//! that did not come through CloudFront (`origin`).
//!
//! The Lambda binaries log faults only (`crate::logging`). `lookout serve` alone adds a line per
//! request (route pattern, status, milliseconds): never answers, receipts, addresses or user
//! agents. No tower-http trace layer is used, since its defaults record headers.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{MatchedPath, Request};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{MethodRouter, get, post};
use time::{Date, OffsetDateTime};

use crate::captcha::{Captcha, CaptchaError};
use crate::config::{CaptchaConfig, Config, Secret};
use crate::deploy::{self, Route};
use crate::receipt::{Receipt, ReceiptError, ReceiptHasher, ReceiptKeys};
use crate::seal::{SealError, Sealer};
use crate::store::{ReportStore, ScopedStore};
use lookout_questionnaire::when::{CampaignTimeZone, DEFAULT_TIME_ZONE, TimeZoneError};
use lookout_questionnaire::{FormOptions, Questionnaire, QuestionnaireError};

mod body;
mod deadline;
mod follow_up;
pub mod openapi;
mod origin;
mod pages;
mod problem;
mod reports;
mod respond;
mod shell;

pub use deadline::{Budget, Deadline, Elapsed, PLATFORM_MARGIN};
pub use origin::{HEADER as ORIGIN_HEADER, OriginToken};
pub use problem::Problem;
pub use shell::{ShellError, Shells};

/// The largest request body accepted; the questionnaire check holds every answer limit under
/// it (`lookout_questionnaire::worst_case_body`).
pub use lookout_questionnaire::BODY_LIMIT;

/// Every route with the statuses it can answer with (403: a deployed function refuses what
/// did not come through CloudFront, `origin`); the OpenAPI document is made from it.
pub const ROUTES: &[(Route, &[u16])] = &[
    (
        Route::SubmitReport,
        &[201, 400, 403, 413, 415, 422, 500, 503],
    ),
    (Route::OpenApi, &[200, 403]),
    (
        Route::FollowUpThread,
        &[200, 400, 403, 413, 415, 422, 500, 503],
    ),
    (
        Route::FollowUpMessage,
        &[201, 400, 403, 413, 415, 422, 500, 503],
    ),
];

/// Where "now" comes from: the system clock, or a fixed time in tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    System,
    Fixed(OffsetDateTime),
}

impl Clock {
    pub fn now(&self) -> OffsetDateTime {
        match self {
            Self::System => OffsetDateTime::now_utc(),
            Self::Fixed(at) => *at,
        }
    }

    /// Today in `zone`: the finest time a report keeps, and what "today" means on the form.
    pub fn today(&self, zone: &CampaignTimeZone) -> Date {
        zone.today(self.now())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error(transparent)]
    Questionnaire(#[from] QuestionnaireError),
    #[error(transparent)]
    Seal(#[from] SealError),
    #[error(transparent)]
    Receipt(#[from] ReceiptError),
    #[error(transparent)]
    Captcha(#[from] CaptchaError),
    #[error(transparent)]
    Shell(#[from] ShellError),
    #[error(transparent)]
    Bundle(#[from] crate::bundle::BundleError),
    #[error("the campaign's time zone (config.yaml `time_zone`, carried by the page shells): {0}")]
    TimeZone(#[from] TimeZoneError),
    #[error(
        "the page shells carry no time zone (<meta name=\"lookout-time-zone\">): build the site \
         again, and keep that element in a campaign's own templates/shell.html"
    )]
    NoTimeZone,
    #[error(
        "{0} is a Secrets Manager ARN that has not been fetched (see lookout_functions::secrets)"
    )]
    SecretNotResolved(&'static str),
}

/// Everything the handlers need. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn ReportStore>,
    pub questionnaire: Arc<Questionnaire>,
    pub sealer: Arc<Sealer>,
    pub receipts: Arc<ReceiptHasher>,
    pub captcha: Arc<Captcha>,
    /// For the form when it is shown again (the captcha site key).
    pub form_options: FormOptions,
    pub shells: Arc<Shells>,
    pub retention_days: u32,
    /// A submission sent sooner than this after the page loaded is refused.
    pub min_fill: Duration,
    /// How the time of one request is shared out.
    pub budget: Budget,
    /// Set in the cloud: requests without it did not come through CloudFront.
    pub origin_token: Option<OriginToken>,
    pub clock: Clock,
    /// The campaign's time zone: what "today" and "yesterday" mean.
    pub time_zone: CampaignTimeZone,
    pub body_limit: usize,
    languages: Arc<Vec<String>>,
    /// Receipt hashes running at once. Each Argon2id run holds ~19 MiB, so a burst of
    /// submissions to `lookout serve` must queue rather than take gigabytes.
    hash_slots: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    /// Builds the state from its parts: questionnaire, sealer, hasher and captcha made by
    /// the caller. Defaults: built-in page shell, 365 days, 3 s, the default budget, no origin
    /// token, system clock, Europe/London.
    pub fn new(
        store: Arc<dyn ReportStore>,
        questionnaire: Questionnaire,
        sealer: Sealer,
        receipts: ReceiptHasher,
        captcha: Captcha,
    ) -> Self {
        let languages = Arc::new(questionnaire.languages());
        Self {
            store,
            questionnaire: Arc::new(questionnaire),
            sealer: Arc::new(sealer),
            receipts: Arc::new(receipts),
            captcha: Arc::new(captcha),
            form_options: FormOptions::default(),
            shells: Arc::new(Shells::builtin()),
            retention_days: crate::config::DEFAULT_RETENTION_DAYS,
            min_fill: Duration::from_secs(crate::config::DEFAULT_MIN_FILL_SECONDS),
            budget: Budget::DEFAULT,
            origin_token: None,
            clock: Clock::System,
            time_zone: CampaignTimeZone::default(),
            body_limit: BODY_LIMIT,
            languages,
            hash_slots: Arc::new(tokio::sync::Semaphore::new(hash_slots())),
        }
    }

    /// Builds the state from a configuration whose secrets are values (resolve ARNs first).
    pub fn from_config(config: &Config, store: Arc<dyn ReportStore>) -> Result<Self, SetupError> {
        let questionnaire = Questionnaire::load(&config.questionnaire)?;
        let sealer = Sealer::new(&config.team_recipients)?;
        let Secret::Value(receipt_secret) = &config.receipt_secret else {
            return Err(SetupError::SecretNotResolved("LOOKOUT_RECEIPT_SECRET_ARN"));
        };
        let receipts = ReceiptHasher::new(receipt_secret.as_bytes())?;
        let (captcha, site_key) = match &config.captcha {
            CaptchaConfig::Off => (Captcha::Off, None),
            CaptchaConfig::HCaptcha {
                secret: Secret::Value(secret),
                verify_url,
                site_key,
            } => (
                Captcha::hcaptcha(secret, verify_url.as_deref())?,
                site_key.clone(),
            ),
            CaptchaConfig::HCaptcha {
                secret: Secret::Arn(_),
                ..
            } => {
                return Err(SetupError::SecretNotResolved("LOOKOUT_HCAPTCHA_SECRET_ARN"));
            }
        };
        crate::bundle::check(config.shell_dir.as_deref(), config.bundle_sha256.as_deref())?;
        let shells = match &config.shell_dir {
            Some(dir) => Shells::load(dir)?,
            None => Shells::builtin(),
        };
        let time_zone = campaign_time_zone(&shells)?;
        let mut state = Self::new(store, questionnaire, sealer, receipts, captcha);
        state.form_options = FormOptions {
            captcha_site_key: site_key,
        };
        state.time_zone = time_zone;
        state.shells = Arc::new(shells);
        state.retention_days = config.retention_days;
        state.min_fill = Duration::from_secs(config.min_fill_seconds);
        state.origin_token = config.origin_token.as_deref().map(OriginToken::new);
        Ok(state)
    }

    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Days a report is kept (its `expires_at`).
    pub fn with_retention(mut self, days: u32) -> Self {
        self.retention_days = days;
        self
    }

    pub fn with_budget(mut self, budget: Budget) -> Self {
        self.budget = budget;
        self
    }

    pub fn with_origin_token(mut self, token: &str) -> Self {
        self.origin_token = Some(OriginToken::new(token));
        self
    }

    pub fn with_shells(mut self, shells: Shells) -> Self {
        self.shells = Arc::new(shells);
        self
    }

    pub fn with_time_zone(mut self, zone: CampaignTimeZone) -> Self {
        self.time_zone = zone;
        self
    }

    /// Today in the campaign's time zone.
    pub(crate) fn today(&self) -> Date {
        self.clock.today(&self.time_zone)
    }

    /// The language to answer in: the one asked for if the campaign has it, else the default.
    /// Only known languages pass, so the value is safe in paths and pages.
    pub(crate) fn lang(&self, requested: Option<&str>) -> String {
        match requested {
            Some(lang) if self.languages.iter().any(|l| l == lang) || self.shells.has(lang) => {
                lang.to_string()
            }
            _ => self.questionnaire.default_language.clone(),
        }
    }

    /// Hashes a receipt (Argon2id) on the blocking pool, a few at a time, since it takes
    /// tens of milliseconds of CPU that must not stall the async workers.
    pub(crate) async fn receipt_keys(&self, receipt: &Receipt) -> Result<ReceiptKeys, Problem> {
        // The slot moves into the hashing task: a client that hangs up does not free it
        // while the hash still runs.
        let slot = Arc::clone(&self.hash_slots)
            .acquire_owned()
            .await
            .map_err(fault("hash slots"))?;
        let hasher = self.receipts.clone();
        let receipt = receipt.clone();
        tokio::task::spawn_blocking(move || {
            let _slot = slot;
            hasher.keys(&receipt)
        })
        .await
        .map_err(fault("hash task"))?
        .map_err(fault("receipt hash"))
    }

    pub(crate) fn page(&self, lang: &str, (title, content): (String, String)) -> String {
        self.shells
            .wrap(lang, &self.questionnaire.default_language, &title, &content)
    }
}

/// The campaign's time zone, from its page shells. The built site writes config.yaml's time
/// zone into every shell it bundles with the functions; shells without it (an old build, or a
/// campaign's own shell.html that dropped it) would silently put "today" in the wrong zone, so
/// they stop the start instead. No shells at all (local runs) means the default zone.
pub fn campaign_time_zone(shells: &Shells) -> Result<CampaignTimeZone, SetupError> {
    let zone = match shells.time_zone() {
        Some(zone) => zone,
        None if shells.is_empty() => DEFAULT_TIME_ZONE,
        None => return Err(SetupError::NoTimeZone),
    };
    Ok(CampaignTimeZone::new(zone)?)
}

/// Logs a fault on our side (its kind only) and turns it into a 500.
pub(crate) fn fault<E: std::fmt::Display>(what: &'static str) -> impl FnOnce(E) -> Problem {
    move |error| {
        tracing::error!(%error, what, "internal error");
        Problem::Internal
    }
}

/// Two hashes per core at most.
fn hash_slots() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get() * 2)
}

/// All routes: what `lookout serve` mounts, with a log line per request.
pub fn router(state: AppState) -> Router {
    mount(&Route::ALL, state).layer(middleware::from_fn(log_request))
}

/// The routes of one deployed function, on a store that allows only the calls it declares.
pub fn function_router(function: &deploy::Function, mut state: AppState) -> Router {
    state.store = Arc::new(ScopedStore::new(
        state.store,
        function.binary,
        function.store,
    ));
    mount(function.routes, state)
}

/// The submission Lambda's routes (and the API document).
pub fn submit_router(state: AppState) -> Router {
    function_router(&deploy::SUBMIT, state)
}

/// The follow-up Lambda's routes.
pub fn follow_up_router(state: AppState) -> Router {
    function_router(&deploy::FOLLOW_UP, state)
}

/// The routes, each request with its deadline, and the origin check outermost (a request that
/// did not come through CloudFront costs nothing more).
fn mount(routes: &[Route], state: AppState) -> Router {
    let mut router = Router::new();
    for route in routes {
        router = router.route(route.path(), handler(*route));
    }
    router
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            deadline::start,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), origin::check))
        .with_state(state)
}

fn handler(route: Route) -> MethodRouter<AppState> {
    match route {
        Route::SubmitReport => post(reports::submit),
        Route::FollowUpThread => post(follow_up::thread),
        Route::FollowUpMessage => post(follow_up::add_message),
        Route::OpenApi => get(openapi::document),
    }
}

async fn not_found() -> Response {
    respond::raw_json(
        axum::http::StatusCode::NOT_FOUND,
        r#"{"error":{"code":"not_found","message":"There is nothing here.","fields":{}}}"#,
    )
}

/// `lookout serve`'s line per request: method, route pattern (never the raw URI), status,
/// milliseconds. Its log has no times, so the lines say nothing of when a report came.
async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let response = next.run(request).await;
    tracing::info!(
        %method,
        route = %route,
        status = response.status().as_u16(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "request"
    );
    response
}
