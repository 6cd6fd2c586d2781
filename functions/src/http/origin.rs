//! CloudFront is the only way in. The API's own `execute-api` address is switched off, and its
//! custom domain (CloudFront's origin) answers anyone who finds it; so the distribution adds a
//! header holding a token the deployed functions are given too, and a request without it came
//! by another road, past the WAF's per-address limits. It is refused first, before the body is
//! read or anything outside is called. `lookout serve` has no token and checks nothing.
//!
//! The token keeps strangers out; it is no secret from the account's administrators, who can
//! read it in the distribution's configuration.

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use sha2::{Digest, Sha256};

use super::{AppState, respond};

/// The header CloudFront adds to every request it forwards to the API.
pub const HEADER: &str = "x-lookout-origin";

/// The expected token, kept as its hash so the comparison takes the same time for every guess.
#[derive(Clone)]
pub struct OriginToken([u8; 32]);

impl OriginToken {
    pub fn new(token: &str) -> Self {
        Self(Sha256::digest(token.as_bytes()).into())
    }

    fn admits(&self, given: Option<&[u8]>) -> bool {
        given.is_some_and(|g| <[u8; 32]>::from(Sha256::digest(g)) == self.0)
    }
}

impl std::fmt::Debug for OriginToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OriginToken(<hidden>)")
    }
}

/// Refuses a request that did not come through CloudFront (when a token is set).
pub(super) async fn check(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(token) = &state.origin_token else {
        return next.run(request).await;
    };
    let given = request.headers().get(HEADER).map(|v| v.as_bytes());
    if token.admits(given) {
        next.run(request).await
    } else {
        respond::raw_json(
            StatusCode::FORBIDDEN,
            r#"{"error":{"code":"forbidden","message":"Use the campaign's own address.","fields":{}}}"#,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_token_is_admitted() {
        let token = OriginToken::new("s3cr3t-origin");
        assert!(token.admits(Some(b"s3cr3t-origin")));
        assert!(!token.admits(Some(b"s3cr3t-origin ")));
        assert!(!token.admits(Some(b"")));
        assert!(!token.admits(None));
        assert!(!format!("{token:?}").contains("s3cr3t"));
    }
}
