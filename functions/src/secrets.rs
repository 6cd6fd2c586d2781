//! Fetches `*_SECRET_ARN` secrets from Secrets Manager once, at cold start, so that the
//! Lambda environment holds only ARNs and never a secret.

use aws_sdk_secretsmanager::Client;

use crate::config::{Config, ConfigError, HCaptchaSecret, Secret};

async fn fetch(client: &Client, secret: Secret) -> Result<Secret, ConfigError> {
    let arn = match secret {
        Secret::Value(_) => return Ok(secret),
        Secret::Arn(arn) => arn,
    };
    let output = client
        .get_secret_value()
        .secret_id(&arn)
        .send()
        .await
        .map_err(|e| ConfigError::SecretFetch {
            arn: arn.clone(),
            reason: crate::aws_error::describe(&e),
        })?;
    let value = output
        .secret_string()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ConfigError::SecretFetch {
            arn: arn.clone(),
            reason: "the secret has no string value".into(),
        })?;
    Ok(Secret::Value(value.to_string()))
}

/// Replaces every `Secret::Arn` in `config` with the secret's value.
pub async fn resolve(mut config: Config, client: &Client) -> Result<Config, ConfigError> {
    config.receipt_secret = fetch(client, config.receipt_secret).await?;
    if let Some(HCaptchaSecret { secret, .. }) = &mut config.hcaptcha {
        let resolved = fetch(client, secret.clone()).await?;
        *secret = resolved;
    }
    Ok(config)
}
