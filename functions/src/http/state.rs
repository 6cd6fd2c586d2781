//! What the handlers share: the questionnaire, sealer, hasher, spam checks, store, shells and
//! limits of one running function (or of `lookout serve`).

use std::sync::Arc;
use std::time::Duration;

use time::{Date, OffsetDateTime};

use super::problem::Problem;
use super::shell::{ShellError, Shells};
use super::{BODY_LIMIT, Budget, OriginToken};
use crate::config::{Config, HCaptchaSecret, Secret};
use crate::receipt::{Receipt, ReceiptError, ReceiptHasher, ReceiptKeys};
use crate::seal::{SealError, Sealer};
use crate::spam::{Captcha, CaptchaError, Challenges, Guard, SpamSetting};
use crate::store::ReportStore;
use lookout_questionnaire::when::{CampaignTimeZone, DEFAULT_TIME_ZONE, TimeZoneError};
use lookout_questionnaire::{FormOptions, Questionnaire, QuestionnaireError};

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
    #[error("the campaign's spam protection (config.yaml `spam`, carried by the page shells): {0}")]
    Spam(String),
    #[error(
        "the campaign chose hCaptcha (config.yaml `spam`), but no secret is set: set \
         LOOKOUT_HCAPTCHA_SECRET_ARN (in the cloud, the stack's HcaptchaSecretArn) or \
         LOOKOUT_HCAPTCHA_SECRET"
    )]
    NoCaptchaSecret,
    #[error(transparent)]
    Shell(#[from] ShellError),
    #[error(transparent)]
    Bundle(#[from] lookout_bundle::BundleError),
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
    /// Lookout's own challenges: what follow-ups always check, and reports by default.
    pub challenges: Arc<Challenges>,
    /// What a report must show to be stored as verified (the campaign's choice).
    pub report_guard: Arc<Guard>,
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
    /// The site's own origin (`https://host`), from the page shells: a submission whose
    /// `Origin` is another is refused (`origin::same_site`).
    pub site_origin: Option<String>,
    pub clock: Clock,
    /// The campaign's time zone: what "today" and "yesterday" mean.
    pub time_zone: CampaignTimeZone,
    pub body_limit: usize,
    languages: Arc<Vec<String>>,
    /// Receipt hashes running at once. Each Argon2id run holds ~19 MiB, so a burst of
    /// submissions to `lookout serve` must queue rather than take gigabytes.
    hash_slots: Arc<tokio::sync::Semaphore>,
    /// This instance's count of recent challenges: the work a new one asks for (`flood`).
    pub(super) flood: Arc<super::flood::FloodMeter>,
    /// The strict lanes' shared limit in this process (`http::lanes`); in the cloud the API's
    /// route throttle is the limit that counts.
    pub(super) strict_slots: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    /// Builds the state from its parts: questionnaire, sealer and hasher made by the caller.
    /// Defaults: Lookout's own challenges (signed with keys derived from the hasher's pepper),
    /// built-in page shell, 365 days, 3 s, the default budget, no origin token, system clock,
    /// Europe/London.
    pub fn new(
        store: Arc<dyn ReportStore>,
        questionnaire: Questionnaire,
        sealer: Sealer,
        receipts: ReceiptHasher,
    ) -> Result<Self, SetupError> {
        let languages = Arc::new(questionnaire.languages());
        let challenges = Arc::new(Challenges::new(
            receipts.derived_secret("challenge signature")?,
            receipts.derived_secret("challenge key signature")?,
        ));
        Ok(Self {
            store,
            questionnaire: Arc::new(questionnaire),
            sealer: Arc::new(sealer),
            receipts: Arc::new(receipts),
            report_guard: Arc::new(Guard::ProofOfWork(Arc::clone(&challenges))),
            challenges,
            form_options: FormOptions::default(),
            shells: Arc::new(Shells::builtin()),
            retention_days: crate::config::DEFAULT_RETENTION_DAYS,
            min_fill: Duration::from_secs(crate::config::DEFAULT_MIN_FILL_SECONDS),
            budget: Budget::DEFAULT,
            origin_token: None,
            site_origin: None,
            clock: Clock::System,
            time_zone: CampaignTimeZone::default(),
            body_limit: BODY_LIMIT,
            languages,
            hash_slots: Arc::new(tokio::sync::Semaphore::new(hash_slots())),
            strict_slots: Arc::new(tokio::sync::Semaphore::new(STRICT_SLOTS)),
            flood: Arc::default(),
        })
    }

    /// Builds the state from a configuration whose secrets are values (resolve ARNs first).
    pub fn from_config(config: &Config, store: Arc<dyn ReportStore>) -> Result<Self, SetupError> {
        let questionnaire = Questionnaire::load(&config.questionnaire)?;
        let sealer = Sealer::new(&config.team_recipients)?;
        let Secret::Value(receipt_secret) = &config.receipt_secret else {
            return Err(SetupError::SecretNotResolved("LOOKOUT_RECEIPT_SECRET_ARN"));
        };
        let receipts = ReceiptHasher::new(receipt_secret.as_bytes())?;
        lookout_bundle::check_deployed(
            config.shell_dir.as_deref(),
            config.bundle_sha256.as_deref(),
        )?;
        let shells = match &config.shell_dir {
            Some(dir) => Shells::load(dir)?,
            None => Shells::builtin(),
        };
        let time_zone = campaign_time_zone(&shells)?;
        let setting =
            SpamSetting::parse(shells.spam().unwrap_or("altcha")).map_err(SetupError::Spam)?;
        let mut state = Self::new(store, questionnaire, sealer, receipts)?;
        if let (SpamSetting::HCaptcha { site_key }, true) = (setting, config.takes_reports) {
            let captcha = hcaptcha(config.hcaptcha.as_ref(), &site_key)?;
            state = state.with_captcha(captcha);
            state.form_options = FormOptions {
                captcha_site_key: Some(site_key),
            };
        }
        state.time_zone = time_zone;
        state.site_origin = shells.canonical().and_then(super::origin::origin_of);
        state.shells = Arc::new(shells);
        state.retention_days = config.retention_days;
        state.min_fill = Duration::from_secs(config.min_fill_seconds);
        state.origin_token = config.origin_token.as_deref().map(OriginToken::new);
        Ok(state)
    }

    /// Reports are verified by hCaptcha instead of Lookout's own challenge.
    pub fn with_captcha(mut self, captcha: Captcha) -> Self {
        self.report_guard = Arc::new(Guard::HCaptcha(captcha));
        self
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

    /// The site's origin, as `from_config` reads it from the page shells.
    pub fn with_site_origin(mut self, origin: &str) -> Self {
        self.site_origin = Some(origin.to_string());
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

/// The hCaptcha check for a campaign that chose it: its secret must be there, as a value.
fn hcaptcha(secret: Option<&HCaptchaSecret>, site_key: &str) -> Result<Captcha, SetupError> {
    match secret {
        Some(HCaptchaSecret {
            secret: Secret::Value(secret),
            verify_url,
        }) => Ok(Captcha::hcaptcha(secret, site_key, verify_url.as_deref())?),
        Some(HCaptchaSecret {
            secret: Secret::Arn(_),
            ..
        }) => Err(SetupError::SecretNotResolved("LOOKOUT_HCAPTCHA_SECRET_ARN")),
        None => Err(SetupError::NoCaptchaSecret),
    }
}

/// Unverified submissions handled at once by one process: a flood of them queues here (and
/// then gets 503) while verified ones, which never take a slot, go straight through.
const STRICT_SLOTS: usize = 2;

/// Two hashes per core at most.
fn hash_slots() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get() * 2)
}
