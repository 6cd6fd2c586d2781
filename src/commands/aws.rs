//! The AWS configuration of the triage commands: the standard chain (environment, profiles,
//! IAM Identity Center sign-in, credential processes), with Lookout's short timeouts so a
//! store that cannot be reached is reported within seconds.

use anyhow::bail;
use aws_config::SdkConfig;
use lookout_functions::store::dynamo;

pub async fn config(endpoint: Option<&str>) -> anyhow::Result<SdkConfig> {
    let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .timeout_config(dynamo::timeout_config())
        .retry_config(dynamo::retry_config());
    if let Some(endpoint) = endpoint {
        // A local server takes any region; the SDK only needs one to sign with.
        let region =
            aws_config::meta::region::RegionProviderChain::default_provider().or_else("us-east-1");
        loader = loader.endpoint_url(endpoint).region(region);
    }
    let config = loader.load().await;
    if config.region().is_none() {
        bail!(
            "no AWS region: set AWS_REGION, or a region in your AWS profile (AWS_PROFILE, \
             `aws configure sso`)"
        );
    }
    Ok(config)
}
