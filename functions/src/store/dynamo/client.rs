//! The DynamoDB client every part of Lookout builds: the standard AWS chain for credentials
//! and region, with short timeouts and few retries so a store that is down is reported within
//! seconds rather than minutes.

use std::time::Duration;

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::config::retry::RetryConfig;
use aws_sdk_dynamodb::config::timeout::TimeoutConfig;

pub fn timeout_config() -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(2))
        .operation_attempt_timeout(Duration::from_secs(4))
        .operation_timeout(Duration::from_secs(8))
        .build()
}

pub fn retry_config() -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(200))
        .with_max_backoff(Duration::from_secs(2))
}

/// A client with Lookout's timeouts and retries, optionally pointed at another endpoint (a
/// local DynamoDB-compatible server).
pub async fn client(endpoint: Option<&str>) -> Client {
    client_with(endpoint, timeout_config()).await
}

/// Like [`client`], with other timeouts (the Lambda functions fit theirs to a request's
/// deadline).
pub async fn client_with(endpoint: Option<&str>, timeouts: TimeoutConfig) -> Client {
    let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .timeout_config(timeouts)
        .retry_config(retry_config());
    if let Some(endpoint) = endpoint {
        loader = loader.endpoint_url(endpoint);
    }
    Client::new(&loader.load().await)
}
