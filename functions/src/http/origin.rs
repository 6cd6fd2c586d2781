//! CloudFront is the only way in. The API's own `execute-api` address is switched off, and its
//! custom domain (CloudFront's origin) answers anyone who finds it; so the distribution adds a
//! header holding a token the deployed functions are given too, and a request without it came
//! by another road, past the WAF's per-address limits. It is refused first, before the body is
//! read or anything outside is called. `lookout serve` has no token and checks nothing.
//!
//! The token keeps strangers out; it is no secret from the account's administrators, who can
//! read it in the distribution's configuration.
//!
//! [`same_site`] refuses a submission another website's page made a visitor's browser send
//! (a flood through other people's browsers). The browser says where a post came from: by
//! `Sec-Fetch-Site` when it sends that (`same-origin` and `none` pass, `cross-site` does not,
//! and `same-site`, a sibling host, is judged by its `Origin`); otherwise by `Origin`, which
//! must then be the site's own. The site sends `Referrer-Policy: no-referrer`, under which browsers send its own posts
//! with `Origin: null`, and old browsers send neither header: both are taken, since refusing
//! them would refuse reporters; a page elsewhere that hides its origin this way still meets
//! the edge's per-client limit and the strict lane's.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use sha2::{Digest, Sha256};

use super::problem::Problem;
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

/// Refuses a submission sent by another website's page (see the module's notes). The site's
/// own origin is the one its page shells name (`AppState::site_origin`); a post whose `Origin`
/// is the address it was sent to (`Host`) is the site's too, as under `lookout serve`.
pub(super) fn same_site(state: &AppState, headers: &HeaderMap) -> Result<(), Problem> {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    // `same-site` is another host of the same registrable domain (a council's other sites, a
    // preview): not the site's own page, so its `Origin` decides, as for an older browser.
    let allowed = match text("sec-fetch-site") {
        Some(site) if site.eq_ignore_ascii_case("cross-site") => false,
        Some(site) if !site.eq_ignore_ascii_case("same-site") => true,
        _ => match text(header::ORIGIN.as_str()) {
            None => true,
            Some(origin) if origin.eq_ignore_ascii_case("null") => true,
            Some(origin) => {
                state
                    .site_origin
                    .as_deref()
                    .is_some_and(|own| own.eq_ignore_ascii_case(origin))
                    || text(header::HOST.as_str())
                        .is_some_and(|host| authority(origin).eq_ignore_ascii_case(host))
            }
        },
    };
    if allowed {
        Ok(())
    } else {
        Err(Problem::CrossSite)
    }
}

/// `host:port` of an origin (`https://host:port`).
fn authority(origin: &str) -> &str {
    origin.split_once("://").map_or(origin, |(_, rest)| rest)
}

/// `https://host[:port]` of an absolute URL, or `None` if it is not one.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || !matches!(scheme, "http" | "https") {
        return None;
    }
    Some(format!("{scheme}://{}", host.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_origin_is_scheme_and_host() {
        assert_eq!(
            origin_of("https://Lookout.example.org/_lookout/shell.en.html").as_deref(),
            Some("https://lookout.example.org")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:1111").as_deref(),
            Some("http://127.0.0.1:1111")
        );
        assert_eq!(origin_of("/relative/"), None);
        assert_eq!(origin_of("ftp://x.org/"), None);
    }

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
