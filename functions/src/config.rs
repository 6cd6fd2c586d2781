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
    pub const HCAPTCHA_SECRET: &str = "LOOKOUT_HCAPTCHA_SECRET";
    pub const HCAPTCHA_SECRET_ARN: &str = "LOOKOUT_HCAPTCHA_SECRET_ARN";
    pub const HCAPTCHA_VERIFY_URL: &str = "LOOKOUT_HCAPTCHA_VERIFY_URL";
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
        HCAPTCHA_SECRET,
        HCAPTCHA_SECRET_ARN,
        HCAPTCHA_VERIFY_URL,
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

/// The hCaptcha secret, for a campaign whose `config.yaml` chose hCaptcha (the choice and the
/// public site key travel in the bundle's page shells, `crate::spam::SpamSetting`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HCaptchaSecret {
    pub secret: Secret,
    /// Where to verify tokens; `None` is hCaptcha's own endpoint.
    pub verify_url: Option<String>,
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
    /// Needed only when the campaign chose hCaptcha; checked against the bundle at start.
    pub hcaptcha: Option<HCaptchaSecret>,
    /// Whether this function takes new reports (and so follows the campaign's hCaptcha choice);
    /// the follow-up function checks only Lookout's own challenge.
    pub takes_reports: bool,
    pub retention_days: u32,
    pub min_fill_seconds: u64,
    /// The token CloudFront adds to the requests it forwards (`http::OriginToken`).
    pub origin_token: Option<String>,
    /// The digest of the bundle the deployment ships (`lookout_bundle::check_deployed`).
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
    #[error("cannot fetch secret {arn}: {reason}")]
    SecretFetch { arn: String, reason: String },
}

impl Config {
    /// A configuration for `lookout serve` and tests: no hCaptcha secret, default retention
    /// and fill time, no table, no origin token.
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
            hcaptcha: None,
            takes_reports: true,
            retention_days: DEFAULT_RETENTION_DAYS,
            min_fill_seconds: DEFAULT_MIN_FILL_SECONDS,
            origin_token: None,
            bundle_sha256: None,
        }
    }

    /// Reads the `LOOKOUT_*` variables.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// Like [`Config::from_env`], reading variables through `var` (for tests).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        Self::from_vars_for(var, true)
    }

    /// Like [`Config::from_vars`]; a function that takes no reports (`takes_reports` false)
    /// reads no hCaptcha setting, so it never fetches that secret.
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
        let hcaptcha = secret(env::HCAPTCHA_SECRET, env::HCAPTCHA_SECRET_ARN)
            .filter(|_| takes_reports)
            .map(|secret| HCaptchaSecret {
                secret,
                verify_url: get(env::HCAPTCHA_VERIFY_URL),
            });
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
            hcaptcha,
            takes_reports,
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
                &self.hcaptcha,
                Some(HCaptchaSecret {
                    secret: Secret::Arn(_),
                    ..
                })
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
    fn needs_no_captcha_secret_for_the_campaigns_own_challenge() {
        let config = Config::from_vars(vars(BASE)).unwrap();
        assert_eq!(config.hcaptcha, None);
        assert_eq!(config.team_recipients, ["age1a", "age1b"]);
        assert_eq!(config.retention_days, 365);
        assert_eq!(config.min_fill_seconds, 3);
        assert!(config.has_secret_arns());
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
            config.hcaptcha,
            Some(HCaptchaSecret {
                secret: Secret::Value("0xsecret".into()),
                verify_url: Some("http://127.0.0.1:9/siteverify".into()),
            })
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
    fn a_function_that_takes_no_reports_reads_no_captcha_secret() {
        let mut pairs = BASE.to_vec();
        pairs.push((
            "LOOKOUT_HCAPTCHA_SECRET_ARN",
            "arn:aws:secretsmanager:eu-west-2:1:secret:h",
        ));
        let config = Config::from_vars_for(vars(&pairs), false).unwrap();
        assert_eq!(config.hcaptcha, None);
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
