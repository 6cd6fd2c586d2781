//! Cold-start composition for the Lambda binaries: configuration from the environment,
//! secrets from Secrets Manager, the DynamoDB store and SNS notifications.

use std::sync::Arc;

use aws_config::BehaviorVersion;

use crate::config::{Config, ConfigError};
use crate::http::{AppState, SetupError};
use crate::notify::SnsNotifier;
use crate::store::StoreError;
use crate::store::dynamo::{self, DynamoStore};

#[derive(Debug, thiserror::Error)]
pub enum LambdaSetupError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Setup(#[from] SetupError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Plain log lines without colour codes or timestamps (CloudWatch adds its own); level from
/// `RUST_LOG`, default `info`.
pub fn init_tracing() {
    // Whatever RUST_LOG asks for, the runtime, the SDK and hyper never log below info: at
    // debug and trace they print raw events and bodies (addresses, agents, report text).
    const NEVER_VERBOSE: &str = "lambda_runtime=info,lambda_http=info,aws_smithy_runtime=info,aws_smithy_http_client=info,hyper=info,hyper_util=info";
    let wanted = std::env::var("RUST_LOG").unwrap_or_else(|_| "info".to_string());
    let filter = tracing_subscriber::EnvFilter::try_new(format!("{wanted},{NEVER_VERBOSE}"))
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("info,{NEVER_VERBOSE}")));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .without_time()
        .with_target(false)
        .init();
}

/// Everything a handler needs, built once per cold start.
pub async fn state_from_env() -> Result<AppState, LambdaSetupError> {
    let config = Config::from_env()?;
    let sdk = aws_config::defaults(BehaviorVersion::latest())
        .timeout_config(dynamo::timeout_config())
        .retry_config(dynamo::retry_config())
        .load()
        .await;
    let config = if config.has_secret_arns() {
        crate::secrets::resolve(config, &aws_sdk_secretsmanager::Client::new(&sdk)).await?
    } else {
        config
    };
    let table = config
        .table
        .clone()
        .ok_or(ConfigError::Missing("LOOKOUT_TABLE"))?;
    let store = DynamoStore::new(
        dynamo::client(config.dynamodb_endpoint.as_deref()).await,
        table,
    );
    let mut state = AppState::from_config(&config, Arc::new(store))?;
    if let Some(topic) = &config.notify_topic_arn {
        state = state.with_notifier(Arc::new(SnsNotifier::new(
            aws_sdk_sns::Client::new(&sdk),
            topic.clone(),
        )));
    }
    tracing::info!(captcha = state.captcha.is_on(), "lookout functions ready");
    Ok(state)
}
