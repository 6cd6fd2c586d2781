//! The hCaptcha check, for a campaign that chose hCaptcha over Lookout's own challenge. The
//! verify URL is configurable so tests run against a local stub of the service.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};

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
    /// Whether this instance (one cold start) has logged a fault of the service already.
    fault_logged: AtomicBool,
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
            fault_logged: AtomicBool::new(false),
        })
    }

    /// Logs a fault of the service (`log`) the first time only, once per cold start: a wrong
    /// secret or an outage lasts for many reports, and a line for each would tell, by the time
    /// CloudWatch stamps it with, when every report while it lasted came in.
    fn fault(&self, log: impl FnOnce()) {
        if !self.fault_logged.swap(true, Ordering::Relaxed) {
            log();
        }
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
                self.fault(|| tracing::warn!("captcha verification timed out (further faults are not logged until the function restarts)"));
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
                    self.fault(|| tracing::warn!(codes = ?codes, "the captcha service refused our configuration (further faults are not logged until the function restarts)"));
                }
                Err(CaptchaError::Failed)
            }
            Ok(_) => Err(CaptchaError::Failed),
            Err(error) => {
                self.fault(|| tracing::warn!(error = %error, "captcha verification unavailable (further faults are not logged until the function restarts)"));
                Err(CaptchaError::Unavailable)
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "test code: a panic is a failing test")]
mod tests {
    use super::*;
    use crate::logging::Captured;

    #[tokio::test]
    async fn an_outage_is_logged_once_per_cold_start_not_per_report() {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .without_time()
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        // Nothing listens on port 9 of this machine: every check finds the service unreachable.
        let captcha = Captcha::hcaptcha(
            "0x0000000000000000000000000000000000000000",
            "10000000-ffff-ffff-ffff-000000000001",
            Some("http://127.0.0.1:9/siteverify"),
        )
        .unwrap();
        for _ in 0..3 {
            assert!(matches!(
                captcha.verify(Some("token")).await,
                Err(CaptchaError::Unavailable)
            ));
        }
        let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        assert_eq!(log.matches("WARN").count(), 1, "{log}");
    }
}
