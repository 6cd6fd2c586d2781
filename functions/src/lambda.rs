//! Cold-start composition for the Lambda binaries: configuration from the environment (only the
//! variables the function declares in `deploy`, plus the local-only ones for runs outside the
//! cloud), secrets from Secrets Manager, the DynamoDB store with timeouts that fit a request's
//! deadline, and the digest's topic.

use std::sync::Arc;
use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_config::SdkConfig;
use aws_sdk_dynamodb::config::timeout::TimeoutConfig;

use crate::config::{Config, ConfigError, DigestConfig, env};
use crate::deploy::{self, Function};
use crate::digest::SnsPublisher;
use crate::http::{AppState, Budget, SetupError, Shells, campaign_time_zone};
use crate::store::dynamo::{self, DynamoStore};
use crate::store::{ReportStore, ScopedStore, StoreError};
use lookout_questionnaire::when::CampaignTimeZone;

#[derive(Debug, thiserror::Error)]
pub enum LambdaSetupError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Setup(#[from] SetupError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Timeouts of every AWS call a function makes. One try of a call may take 2 s and all its
/// tries together no longer than a request's write slot, so the SDK gives up on a write before
/// the request's deadline would cut it short (and a slow first try is sent again in time).
pub fn timeouts() -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(1))
        .operation_attempt_timeout(Duration::from_secs(2))
        .operation_timeout(Budget::DEFAULT.write)
        .build()
}

/// Whether `function` may read variable `name`: the ones it declares, and the local-only ones
/// (which the template never sets; tests and local runs use them).
fn readable(function: &Function, name: &str) -> bool {
    function.env.contains(&name) || env::LOCAL_ONLY.iter().any(|(var, _)| *var == name)
}

fn var_for(function: &Function) -> impl Fn(&str) -> Option<String> + '_ {
    move |name| {
        readable(function, name)
            .then(|| std::env::var(name).ok())
            .flatten()
    }
}

async fn sdk_config() -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .timeout_config(timeouts())
        .retry_config(dynamo::retry_config())
        .load()
        .await
}

async fn store(table: String, endpoint: Option<&str>) -> DynamoStore {
    DynamoStore::new(dynamo::client_with(endpoint, timeouts()).await, table)
}

/// Everything an API function's handlers need, built once per cold start (the only time it
/// reads its secrets).
pub async fn state_for(function: &Function) -> Result<AppState, LambdaSetupError> {
    let config = Config::from_vars_for(var_for(function), function.takes_reports())?;
    let config = if config.has_secret_arns() {
        let sdk = sdk_config().await;
        crate::secrets::resolve(config, &aws_sdk_secretsmanager::Client::new(&sdk)).await?
    } else {
        config
    };
    let table = config
        .table
        .clone()
        .ok_or(ConfigError::Missing(env::TABLE))?;
    let store = store(table, config.dynamodb_endpoint.as_deref()).await;
    Ok(AppState::from_config(&config, Arc::new(store))?)
}

/// What the digest runs on: its store (limited to the calls `deploy::DIGEST` declares), its
/// topic and the campaign's time zone.
pub struct DigestParts {
    pub store: Arc<dyn ReportStore>,
    pub publisher: SnsPublisher,
    pub time_zone: CampaignTimeZone,
}

pub async fn digest_from_env() -> Result<DigestParts, LambdaSetupError> {
    let config = DigestConfig::from_vars(var_for(&deploy::DIGEST))?;
    lookout_bundle::check_deployed(config.shell_dir.as_deref(), config.bundle_sha256.as_deref())
        .map_err(SetupError::from)?;
    let shells = match &config.shell_dir {
        Some(dir) => Shells::load(dir).map_err(SetupError::from)?,
        None => Shells::builtin(),
    };
    let time_zone = campaign_time_zone(&shells)?;
    let store = store(config.table, config.dynamodb_endpoint.as_deref()).await;
    let scoped = ScopedStore::new(Arc::new(store), deploy::DIGEST.binary, deploy::DIGEST.store);
    let sdk = sdk_config().await;
    let publisher = SnsPublisher::new(aws_sdk_sns::Client::new(&sdk), config.topic_arn);
    Ok(DigestParts {
        store: Arc::new(scoped),
        publisher,
        time_zone,
    })
}
