//! What the test suites of several crates share: one temporary campaign with a typed
//! configuration (`campaign`), and the endpoints of the services the tests talk to (DynamoDB
//! Local, moto), which `cargo nextest run` starts by itself (.config/nextest.toml) and
//! `tests/run` starts for everything.

pub mod campaign;

pub use campaign::{Config, TempCampaign, fixture_campaign};

/// DynamoDB Local's address, for the store contract and the functions' tests.
pub fn dynamodb_endpoint() -> String {
    service_endpoint("LOOKOUT_TEST_DYNAMODB_ENDPOINT", "DynamoDB Local")
}

/// moto's server, for S3, CloudFront, Lambda, SNS and Secrets Manager.
pub fn moto_endpoint() -> String {
    service_endpoint("LOOKOUT_TEST_MOTO_ENDPOINT", "moto")
}

/// The endpoint in `variable`. Without it, a plain `cargo test` would fail every test that
/// needs the service with a panic and its trace; instead the test process stops at once with
/// one line that says what to run.
fn service_endpoint(variable: &str, service: &str) -> String {
    match std::env::var(variable) {
        Ok(endpoint) if !endpoint.trim().is_empty() => endpoint,
        _ => {
            use std::io::Write as _;
            let _ = writeln!(
                std::io::stderr(),
                "{variable} is not set: these tests need {service}. Run `cargo nextest run` \
                 (it starts it) or tests/run"
            );
            std::process::exit(2)
        }
    }
}
