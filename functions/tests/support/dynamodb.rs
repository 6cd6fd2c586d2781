//! DynamoDB Local for the tests: its endpoint (started by `tests/run`), a client for it, and a
//! store on a fresh table.

use std::time::Duration;

use aws_sdk_dynamodb::config::timeout::TimeoutConfig;
use lookout_functions::store::dynamo::{self, DynamoStore};

use super::store::random_hex;

/// A client for DynamoDB Local with dummy credentials; `timeouts` are Lookout's own (as in
/// production) or [`generous_timeouts`].
pub fn dynamo_client(endpoint: &str, timeouts: TimeoutConfig) -> aws_sdk_dynamodb::Client {
    aws_sdk_dynamodb::Client::from_conf(dynamo_config(endpoint, timeouts).build())
}

/// The client's configuration, for tests that add to it (an interceptor).
pub fn dynamo_config(endpoint: &str, timeouts: TimeoutConfig) -> aws_sdk_dynamodb::config::Builder {
    use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region};
    aws_sdk_dynamodb::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("eu-west-2"))
        .credentials_provider(Credentials::new(
            "lookouttest",
            "lookouttest",
            None,
            None,
            "lookout-tests",
        ))
        .endpoint_url(endpoint)
        .timeout_config(timeouts)
        .retry_config(dynamo::retry_config())
}

/// Timeouts for the functional cases: a freshly started DynamoDB Local (a cold JVM, sharing
/// two cores with the other tests) can take several seconds per request under 200 concurrent
/// transactions, which is not what these cases are about.
pub fn generous_timeouts() -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(5))
        .operation_attempt_timeout(Duration::from_secs(30))
        .operation_timeout(Duration::from_secs(60))
        .build()
}

pub fn dynamo_endpoint() -> String {
    lookout_testkit::dynamodb_endpoint()
}

/// A store on a fresh, uniquely named table.
pub async fn dynamo_fixture() -> DynamoStore {
    store_on_fresh_table(dynamo_client(&dynamo_endpoint(), generous_timeouts())).await
}

/// A store through `client` on a table of its own.
pub async fn store_on_fresh_table(client: aws_sdk_dynamodb::Client) -> DynamoStore {
    let table = format!("lookout-test-{}", random_hex());
    dynamo::create_table(&client, &table).await.unwrap();
    DynamoStore::new(client, table)
}
