//! Configuration of the functions, from the environment (Lambda) or built directly
//! (`lookout serve`, tests). Variables are listed in ARCHITECTURE.md.

use std::fmt;
use std::path::PathBuf;

/// The names of the variables [`Config::from_env`] reads. `deploy` says which of them each
/// deployed function needs set; ARCHITECTURE.md says what each means.
pub mod env {
    pub const TABLE: &str = "LOOKOUT_TABLE";
    pub const DYNAMODB_ENDPOINT: &str = "LOOKOUT_DYNAMODB_ENDPOINT";
    pub const QUESTIONNAIRE: &str = "LOOKOUT_QUESTIONNAIRE";
    pub const SHELL_DIR: &str = "LOOKOUT_SHELL_DIR";
    pub const TEAM_RECIPIENTS: &str = "LOOKOUT_TEAM_RECIPIENTS";
    pub const RECEIPT_SECRET: &str = "LOOKOUT_RECEIPT_SECRET";
    pub const RECEIPT_SECRET_ARN: &str = "LOOKOUT_RECEIPT_SECRET_ARN";
    pub const CAPTCHA: &str = "LOOKOUT_CAPTCHA";
    pub const HCAPTCHA_SECRET: &str = "LOOKOUT_HCAPTCHA_SECRET";
    pub const HCAPTCHA_SECRET_ARN: &str = "LOOKOUT_HCAPTCHA_SECRET_ARN";
    pub const HCAPTCHA_VERIFY_URL: &str = "LOOKOUT_HCAPTCHA_VERIFY_URL";
    pub const HCAPTCHA_SITE_KEY: &str = "LOOKOUT_HCAPTCHA_SITE_KEY";
    pub const RETENTION_DAYS: &str = "LOOKOUT_RETENTION_DAYS";
    pub const MIN_FILL_SECONDS: &str = "LOOKOUT_MIN_FILL_SECONDS";
    pub const NOTIFY_TOPIC_ARN: &str = "LOOKOUT_NOTIFY_TOPIC_ARN";
    pub const ORIGIN_TOKEN: &str = "LOOKOUT_ORIGIN_TOKEN";
    pub const BUNDLE_SHA256: &str = "LOOKOUT_BUNDLE_SHA256";

    /// Every variable above, so a test can hold [`super::Config::from_vars`] to this list.
    pub const ALL: &[&str] = &[
        TABLE,
        DYNAMODB_ENDPOINT,
        QUESTIONNAIRE,
        SHELL_DIR,
        TEAM_RECIPIENTS,
        RECEIPT_SECRET,
        RECEIPT_SECRET_ARN,
        CAPTCHA,
        HCAPTCHA_SECRET,
        HCAPTCHA_SECRET_ARN,
        HCAPTCHA_VERIFY_URL,
        HCAPTCHA_SITE_KEY,
        RETENTION_DAYS,
        MIN_FILL_SECONDS,
        NOTIFY_TOPIC_ARN,
        ORIGIN_TOKEN,
        BUNDLE_SHA256,
    ];

    /// Variables for local runs and tests only, with the reason the cloud must never set them.
    pub const LOCAL_ONLY: &[(&str, &str)] = &[
        (
            DYNAMODB_ENDPOINT,
            "points the store at a local DynamoDB-compatible server; in Lambda the SDK's \
             regional endpoint is the right one",
        ),
        (
            CAPTCHA,
            "`off` runs without a captcha, for `lookout serve` and tests; the cloud always verifies",
        ),
        (
            RECEIPT_SECRET,
            "the pepper given as a value, for local use; the cloud reads it from Secrets Manager \
             (LOOKOUT_RECEIPT_SECRET_ARN), so it is never in the template",
        ),
        (
            HCAPTCHA_SECRET,
            "the hCaptcha secret given as a value, for local use; the cloud uses \
             LOOKOUT_HCAPTCHA_SECRET_ARN",
        ),
        (
            HCAPTCHA_VERIFY_URL,
            "tests point it at a local stub; the cloud uses hCaptcha's own verify URL",
        ),
    ];
}

/// A secret given directly, or the ARN of a Secrets Manager secret to fetch at cold start
/// (see [`crate::secrets`]).
#[derive(Clone, PartialEq, Eq)]
pub enum Secret {
    Value(String),
    Arn(String),
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Value(_) => f.write_str("Secret::Value(<hidden>)"),
            Self::Arn(arn) => write!(f, "Secret::Arn({arn})"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaptchaConfig {
    /// No captcha: `lookout serve`, or a deployment that says `LOOKOUT_CAPTCHA=off`.
    Off,
    HCaptcha {
        secret: Secret,
        /// Where to verify tokens; `None` is hCaptcha's own endpoint.
        verify_url: Option<String>,
        /// The public site key, for the widget when the functions show the form again.
        site_key: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub table: Option<String>,
    pub dynamodb_endpoint: Option<String>,
    pub questionnaire: PathBuf,
    /// Folder of `shell.<lang>.html`; `None` uses a plain built-in page.
    pub shell_dir: Option<PathBuf>,
    /// The team's age public keys.
    pub team_recipients: Vec<String>,
    /// The pepper for receipt hashing.
    pub receipt_secret: Secret,
    pub captcha: CaptchaConfig,
    pub retention_days: u32,
    pub min_fill_seconds: u64,
    /// The token CloudFront adds to the requests it forwards (`http::OriginToken`).
    pub origin_token: Option<String>,
    /// The digest of the bundle the deployment ships (`crate::bundle`).
    pub bundle_sha256: Option<String>,
}

/// The digest function's configuration (`crate::digest`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestConfig {
    pub table: String,
    pub dynamodb_endpoint: Option<String>,
    /// The page shells, which carry the campaign's time zone (what "today" means).
    pub shell_dir: Option<PathBuf>,
    pub bundle_sha256: Option<String>,
    /// The SNS topic the team subscribes to.
    pub topic_arn: String,
}

impl DigestConfig {
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &'static str| {
            var(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        Ok(Self {
            table: get(env::TABLE).ok_or(ConfigError::Missing(env::TABLE))?,
            dynamodb_endpoint: get(env::DYNAMODB_ENDPOINT),
            shell_dir: get(env::SHELL_DIR).map(PathBuf::from),
            bundle_sha256: get(env::BUNDLE_SHA256),
            topic_arn: get(env::NOTIFY_TOPIC_ARN)
                .ok_or(ConfigError::Missing(env::NOTIFY_TOPIC_ARN))?,
        })
    }
}

/// Ten years: longer has no safeguarding use, and keeps expiry dates far from overflow.
pub const MAX_RETENTION_DAYS: u32 = 3650;
pub const DEFAULT_RETENTION_DAYS: u32 = 365;
pub const DEFAULT_MIN_FILL_SECONDS: u64 = 3;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("{0} is not set")]
    Missing(&'static str),
    #[error("{name} is not valid: {reason}")]
    Invalid { name: &'static str, reason: String },
    #[error(
        "no captcha secret: set LOOKOUT_HCAPTCHA_SECRET or LOOKOUT_HCAPTCHA_SECRET_ARN, or set \
         LOOKOUT_CAPTCHA=off to run without a captcha"
    )]
    NoCaptchaSecret,
    #[error("cannot fetch secret {arn}: {reason}")]
    SecretFetch { arn: String, reason: String },
}

impl Config {
    /// A configuration for `lookout serve` and tests: captcha off, default retention and
    /// fill time, no table, no origin token.
    pub fn local(
        questionnaire: PathBuf,
        shell_dir: Option<PathBuf>,
        team_recipients: Vec<String>,
        receipt_secret: String,
    ) -> Self {
        Self {
            table: None,
            dynamodb_endpoint: None,
            questionnaire,
            shell_dir,
            team_recipients,
            receipt_secret: Secret::Value(receipt_secret),
            captcha: CaptchaConfig::Off,
            retention_days: DEFAULT_RETENTION_DAYS,
            min_fill_seconds: DEFAULT_MIN_FILL_SECONDS,
            origin_token: None,
            bundle_sha256: None,
        }
    }

    /// Reads the `LOOKOUT_*` variables. Refuses to go on without a captcha secret unless
    /// `LOOKOUT_CAPTCHA=off` says plainly to run without one.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// Like [`Config::from_env`], reading variables through `var` (for tests).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        Self::from_vars_for(var, true)
    }

    /// Like [`Config::from_vars`]; a function that takes no reports (`takes_reports` false)
    /// has no captcha and reads none of its settings, so it never fetches the captcha secret.
    pub fn from_vars_for(
        var: impl Fn(&str) -> Option<String>,
        takes_reports: bool,
    ) -> Result<Self, ConfigError> {
        let get = |name: &str| {
            var(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let secret = |value: &'static str, arn: &'static str| match (get(value), get(arn)) {
            (Some(v), _) => Some(Secret::Value(v)),
            (None, Some(a)) => Some(Secret::Arn(a)),
            (None, None) => None,
        };
        let questionnaire =
            get(env::QUESTIONNAIRE).ok_or(ConfigError::Missing(env::QUESTIONNAIRE))?;
        let team_recipients: Vec<String> = get(env::TEAM_RECIPIENTS)
            .ok_or(ConfigError::Missing(env::TEAM_RECIPIENTS))?
            .split(',')
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty())
            .collect();
        let receipt_secret = secret(env::RECEIPT_SECRET, env::RECEIPT_SECRET_ARN).ok_or(
            ConfigError::Missing("LOOKOUT_RECEIPT_SECRET or LOOKOUT_RECEIPT_SECRET_ARN"),
        )?;
        let captcha = match get(env::CAPTCHA).as_deref() {
            _ if !takes_reports => CaptchaConfig::Off,
            Some("off") => CaptchaConfig::Off,
            Some("on" | "hcaptcha") | None => CaptchaConfig::HCaptcha {
                secret: secret(env::HCAPTCHA_SECRET, env::HCAPTCHA_SECRET_ARN)
                    .ok_or(ConfigError::NoCaptchaSecret)?,
                verify_url: get(env::HCAPTCHA_VERIFY_URL),
                site_key: get(env::HCAPTCHA_SITE_KEY),
            },
            Some(other) => {
                return Err(ConfigError::Invalid {
                    name: env::CAPTCHA,
                    reason: format!("`{other}`: use `off` or leave unset"),
                });
            }
        };
        let number = |name: &'static str| -> Result<Option<u64>, ConfigError> {
            get(name)
                .map(|v| {
                    v.parse::<u64>().map_err(|e| ConfigError::Invalid {
                        name,
                        reason: e.to_string(),
                    })
                })
                .transpose()
        };
        let retention_days = match number(env::RETENTION_DAYS)? {
            None => DEFAULT_RETENTION_DAYS,
            Some(days) if !(1..=MAX_RETENTION_DAYS as _).contains(&days) => {
                return Err(ConfigError::Invalid {
                    name: env::RETENTION_DAYS,
                    reason: format!("must be between 1 and {MAX_RETENTION_DAYS}"),
                });
            }
            Some(days) => u32::try_from(days).map_err(|e| ConfigError::Invalid {
                name: env::RETENTION_DAYS,
                reason: e.to_string(),
            })?,
        };
        Ok(Self {
            table: get(env::TABLE),
            dynamodb_endpoint: get(env::DYNAMODB_ENDPOINT),
            questionnaire: PathBuf::from(questionnaire),
            shell_dir: get(env::SHELL_DIR).map(PathBuf::from),
            team_recipients,
            receipt_secret,
            captcha,
            retention_days,
            min_fill_seconds: number(env::MIN_FILL_SECONDS)?.unwrap_or(DEFAULT_MIN_FILL_SECONDS),
            origin_token: get(env::ORIGIN_TOKEN),
            bundle_sha256: get(env::BUNDLE_SHA256),
        })
    }

    /// Whether any secret still has to be fetched from Secrets Manager.
    pub fn has_secret_arns(&self) -> bool {
        matches!(self.receipt_secret, Secret::Arn(_))
            || matches!(
                &self.captcha,
                CaptchaConfig::HCaptcha {
                    secret: Secret::Arn(_),
                    ..
                }
            )
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| map.get(name).cloned()
    }

    const BASE: &[(&str, &str)] = &[
        ("LOOKOUT_QUESTIONNAIRE", "/opt/lookout/questionnaire.yaml"),
        ("LOOKOUT_TEAM_RECIPIENTS", "age1a, age1b ,"),
        (
            "LOOKOUT_RECEIPT_SECRET_ARN",
            "arn:aws:secretsmanager:eu-west-2:123456789012:secret:r",
        ),
    ];

    #[test]
    fn refuses_to_start_without_a_captcha_secret() {
        assert_eq!(
            Config::from_vars(vars(BASE)),
            Err(ConfigError::NoCaptchaSecret)
        );
    }

    #[test]
    fn runs_without_a_captcha_only_when_told_plainly() {
        let mut pairs = BASE.to_vec();
        pairs.push(("LOOKOUT_CAPTCHA", "off"));
        let config = Config::from_vars(vars(&pairs)).unwrap();
        assert_eq!(config.captcha, CaptchaConfig::Off);
        assert_eq!(config.team_recipients, ["age1a", "age1b"]);
        assert_eq!(config.retention_days, 365);
        assert_eq!(config.min_fill_seconds, 3);
        assert!(config.has_secret_arns());
        pairs.pop();
        pairs.push(("LOOKOUT_CAPTCHA", "of"));
        assert!(matches!(
            Config::from_vars(vars(&pairs)),
            Err(ConfigError::Invalid {
                name: "LOOKOUT_CAPTCHA",
                ..
            })
        ));
    }

    #[test]
    fn reads_the_captcha_and_numbers() {
        let mut pairs = BASE.to_vec();
        pairs.extend([
            ("LOOKOUT_HCAPTCHA_SECRET", "0xsecret"),
            (
                "LOOKOUT_HCAPTCHA_VERIFY_URL",
                "http://127.0.0.1:9/siteverify",
            ),
            ("LOOKOUT_RETENTION_DAYS", "90"),
            ("LOOKOUT_MIN_FILL_SECONDS", "0"),
        ]);
        let config = Config::from_vars(vars(&pairs)).unwrap();
        assert_eq!(
            config.captcha,
            CaptchaConfig::HCaptcha {
                secret: Secret::Value("0xsecret".into()),
                verify_url: Some("http://127.0.0.1:9/siteverify".into()),
                site_key: None
            }
        );
        assert_eq!(config.retention_days, 90);
        assert_eq!(config.min_fill_seconds, 0);
        assert!(!format!("{config:?}").contains("0xsecret"));
        pairs.push(("LOOKOUT_RETENTION_DAYS", "soon"));
        let pairs: Vec<_> = pairs
            .into_iter()
            .filter(|(k, v)| *k != "LOOKOUT_RETENTION_DAYS" || *v == "soon")
            .collect();
        assert!(matches!(
            Config::from_vars(vars(&pairs)),
            Err(ConfigError::Invalid {
                name: "LOOKOUT_RETENTION_DAYS",
                ..
            })
        ));
    }

    #[test]
    fn reads_only_the_declared_variables() {
        let asked = std::cell::RefCell::new(Vec::new());
        let mut pairs = BASE.to_vec();
        pairs.push(("LOOKOUT_HCAPTCHA_SECRET", "s"));
        let values = vars(&pairs);
        let _ = Config::from_vars(|name| {
            asked.borrow_mut().push(name.to_string());
            values(name)
        });
        let asked = asked.into_inner();
        assert!(asked.len() > 5, "{asked:?}");
        for name in &asked {
            assert!(
                env::ALL.contains(&name.as_str()),
                "{name} is read but not in env::ALL"
            );
        }
    }

    #[test]
    fn a_function_that_takes_no_reports_needs_no_captcha_secret() {
        let config = Config::from_vars_for(vars(BASE), false).unwrap();
        assert_eq!(config.captcha, CaptchaConfig::Off);
        let digest = DigestConfig::from_vars(vars(&[("LOOKOUT_TABLE", "t")]));
        assert_eq!(
            digest,
            Err(ConfigError::Missing("LOOKOUT_NOTIFY_TOPIC_ARN"))
        );
    }

    #[test]
    fn names_what_is_missing() {
        assert_eq!(
            Config::from_vars(vars(&[])),
            Err(ConfigError::Missing("LOOKOUT_QUESTIONNAIRE"))
        );
    }
}
