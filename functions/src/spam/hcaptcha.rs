//! The hCaptcha check, for a campaign that chose hCaptcha over Lookout's own challenge. The
//! verify URL is configurable so tests run against a local stub of the service.

use std::fmt;

use hcaptcha::Code;

/// The longest wait for the captcha service; the request's own deadline may cut it shorter.
const VERIFY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);
#[derive(Debug, thiserror::Error)]
pub enum CaptchaError {
    /// The check ran and said no (or there was no token): the report goes unverified.
    #[error("the captcha check failed")]
    Failed,
    /// The service could not be asked: the report goes unverified.
    #[error("the captcha service could not be reached")]
    Unavailable,
    #[error("the captcha verify URL is not a URL: {0}")]
    BadUrl(String),
}

pub struct Captcha {
    secret: String,
    site_key: String,
    client: hcaptcha::Client,
}

impl fmt::Debug for Captcha {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print the secret.
        f.write_str("Captcha(<secret hidden>)")
    }
}

impl Captcha {
    /// hCaptcha with `secret` for `site_key`, verified at `verify_url` (default: hCaptcha's own).
    pub fn hcaptcha(
        secret: &str,
        site_key: &str,
        verify_url: Option<&str>,
    ) -> Result<Self, CaptchaError> {
        let client = match verify_url {
            Some(url) => {
                hcaptcha::Client::new_with(url).map_err(|e| CaptchaError::BadUrl(e.to_string()))?
            }
            None => hcaptcha::Client::new(),
        };
        Ok(Self {
            secret: secret.to_string(),
            site_key: site_key.to_string(),
            client,
        })
    }

    /// Checks the `h-captcha-response` token of a submission.
    pub async fn verify(&self, response: Option<&str>) -> Result<(), CaptchaError> {
        let Some(response) = response.filter(|r| !r.trim().is_empty()) else {
            return Err(CaptchaError::Failed);
        };
        // No remote IP is sent: the functions never handle the reporter's address. The site
        // key makes hCaptcha refuse a token solved for another site.
        let request = hcaptcha::Request::new_from_response(&self.secret, response)
            .and_then(|request| request.set_sitekey(&self.site_key))
            .map_err(|_| CaptchaError::Failed)?;
        // The hcaptcha client has no timeout of its own; a hung service must send the report on (unverified) in time,
        // not the gateway's bare timeout.
        let answer = tokio::time::timeout(VERIFY_TIMEOUT, self.client.verify_request(request))
            .await
            .map_err(|_| {
                tracing::warn!("captcha verification timed out");
                CaptchaError::Unavailable
            })?;
        match answer {
            Ok(answer) if answer.success() => Ok(()),
            Err(hcaptcha::Error::Codes(codes)) => {
                // Error codes say what was wrong; they hold no user data. A refused secret or
                // site key sends every report to the strict lane, so it is a fault worth a line
                // even in Lambda.
                if codes.iter().any(|c| {
                    !matches!(
                        c,
                        Code::MissingResponse | Code::InvalidResponse | Code::InvalidAlreadySeen
                    )
                }) {
                    tracing::warn!(codes = ?codes, "the captcha service refused our configuration");
                }
                Err(CaptchaError::Failed)
            }
            Ok(_) => Err(CaptchaError::Failed),
            Err(error) => {
                tracing::warn!(error = %error, "captcha verification unavailable");
                Err(CaptchaError::Unavailable)
            }
        }
    }
}
