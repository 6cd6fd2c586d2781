//! The AWS side of publishing, through the SDK's standard chain: credentials and region from the
//! environment or profile (in CI, the OIDC role), and `AWS_ENDPOINT_URL` (or
//! `AWS_ENDPOINT_URL_S3`, `_CLOUDFRONT`, `_LAMBDA`) for another endpoint, as the tests use.

use anyhow::Context;
use aws_config::{BehaviorVersion, SdkConfig};
use aws_sdk_cloudfront::types::{InvalidationBatch, Paths};

use lookout_bundle::DIGEST_VARIABLE;

pub struct Clients {
    pub s3: aws_sdk_s3::Client,
    pub cloudfront: aws_sdk_cloudfront::Client,
    pub lambda: aws_sdk_lambda::Client,
}

pub async fn clients() -> Clients {
    let shared = aws_config::defaults(BehaviorVersion::latest()).load().await;
    Clients {
        s3: s3(&shared),
        cloudfront: aws_sdk_cloudfront::Client::new(&shared),
        lambda: aws_sdk_lambda::Client::new(&shared),
    }
}

/// A server named by host (`http://localhost:5000`) answers bucket requests by path only; real
/// S3 keeps the virtual-hosted addresses it prefers.
fn s3(shared: &SdkConfig) -> aws_sdk_s3::Client {
    let overridden = shared.endpoint_url().is_some()
        || ["AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"]
            .iter()
            .any(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()));
    let config = aws_sdk_s3::config::Builder::from(shared)
        .force_path_style(overridden)
        .build();
    aws_sdk_s3::Client::from_conf(config)
}

/// The bundle digest each deployed function carries, by the name it was asked by.
pub async fn deployed_digests(
    lambda: &aws_sdk_lambda::Client,
    functions: &[String],
) -> anyhow::Result<Vec<(String, Option<String>)>> {
    let mut digests = Vec::new();
    for function in functions {
        let configuration = lambda
            .get_function_configuration()
            .function_name(function)
            .send()
            .await
            .map_err(|e| anyhow::anyhow!("{}", aws_sdk_lambda::error::DisplayErrorContext(&e)))
            .with_context(|| format!("reading the configuration of the function {function}"))?;
        let digest = configuration
            .environment()
            .and_then(|e| e.variables())
            .and_then(|v| v.get(DIGEST_VARIABLE))
            .map(|d| d.trim().to_ascii_lowercase());
        digests.push((function.clone(), digest));
    }
    Ok(digests)
}

/// Asks CloudFront to drop everything it holds (one path, `/*`, whatever changed); returns
/// the invalidation's id.
pub async fn invalidate_all(
    cloudfront: &aws_sdk_cloudfront::Client,
    distribution: &str,
) -> anyhow::Result<String> {
    // Unique per request, so a retry of this call is not taken for a new invalidation.
    let reference = format!(
        "lookout-publish-{}",
        time::OffsetDateTime::now_utc().unix_timestamp_nanos()
    );
    let batch = InvalidationBatch::builder()
        .paths(
            Paths::builder()
                .quantity(1)
                .items("/*")
                .build()
                .context("building the invalidation")?,
        )
        .caller_reference(reference)
        .build()
        .context("building the invalidation")?;
    let answer = cloudfront
        .create_invalidation()
        .distribution_id(distribution)
        .invalidation_batch(batch)
        .send()
        .await
        .map_err(|e| anyhow::anyhow!("{}", aws_sdk_cloudfront::error::DisplayErrorContext(&e)))
        .with_context(|| format!("invalidating the distribution {distribution}"))?;
    Ok(answer
        .invalidation()
        .map(|i| i.id().to_string())
        .unwrap_or_default())
}
