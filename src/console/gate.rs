//! Who may use the console, and how its pages are sent. The console decrypts reports, so:
//!
//! - it listens on 127.0.0.1 only, and answers only requests whose `Host` is its own address
//!   (`127.0.0.1:PORT` or `localhost:PORT`), so a web page cannot reach it by DNS rebinding;
//! - the address it prints carries a single-use token; opening it turns the token into a
//!   session cookie (HttpOnly, SameSite=Strict) and the token is spent; without the cookie
//!   every page is refused;
//! - every form carries the session's CSRF token, and a POST from another origin (by `Origin`
//!   or `Sec-Fetch-Site`) is refused;
//! - every answer forbids caching, framing and sniffing, and its CSP allows nothing from
//!   another origin (no script at all).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use rand::RngCore;

pub const COOKIE: &str = "lookout_triage";

pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
                       frame-ancestors 'none'; base-uri 'none'";

/// The console's sessions.
pub struct Gate {
    port: u16,
    /// The login token, until it is used.
    token: Mutex<Option<String>>,
    /// Session id → its CSRF token.
    sessions: Mutex<HashMap<String, String>>,
}

/// The session of a request, for the pages (its CSRF token goes in every form).
#[derive(Clone, Debug)]
pub struct Session {
    pub csrf: String,
}

pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Equal, in time that does not depend on where they differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

impl Gate {
    pub fn new(port: u16, token: String) -> Arc<Gate> {
        Arc::new(Gate {
            port,
            token: Mutex::new(Some(token)),
            sessions: Mutex::new(HashMap::new()),
        })
    }

    fn host_is_ours(&self, headers: &HeaderMap) -> bool {
        let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
            return false;
        };
        host == format!("127.0.0.1:{}", self.port) || host == format!("localhost:{}", self.port)
    }

    /// Spends the login token if `given` is it, and opens a session.
    fn log_in(&self, given: &str) -> Option<String> {
        let mut token = self.token.lock().unwrap_or_else(|p| p.into_inner());
        match token.as_deref() {
            Some(expected) if same(expected, given) => {
                *token = None;
                let id = random_token();
                self.sessions
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .insert(id.clone(), random_token());
                Some(id)
            }
            _ => None,
        }
    }

    fn session(&self, headers: &HeaderMap) -> Option<Session> {
        let id = cookie(headers, COOKIE)?;
        let sessions = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        sessions
            .iter()
            .find(|(sid, _)| same(sid, &id))
            .map(|(_, csrf)| Session { csrf: csrf.clone() })
    }
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Whether a POST comes from the console's own pages, by what the browser says of its origin.
/// (Pages are sent with `Referrer-Policy: same-origin`, so the browser names the real origin;
/// with `no-referrer` it would send `Origin: null`.)
fn same_origin(headers: &HeaderMap) -> bool {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let host = header("host").unwrap_or_default();
    let origin_ok = header("origin").is_none_or(|o| o == format!("http://{host}"));
    let site_ok = header("sec-fetch-site").is_none_or(|s| s == "same-origin" || s == "none");
    origin_ok && site_ok
}

fn refuse(status: StatusCode, message: &str) -> Response {
    let page = super::html::bare_page("Not allowed", message);
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page,
    )
        .into_response()
}

fn login_token(query: Option<&str>) -> Option<String> {
    query?
        .split('&')
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| *k == "token")
        .map(|(_, v)| v.to_string())
}

/// The checks, before any page: the host, then the login or the session, then for a POST
/// its origin. The form's CSRF token is checked where the form is read ([`Session::allows`]).
pub async fn guard(State(gate): State<Arc<Gate>>, mut request: Request, next: Next) -> Response {
    if !gate.host_is_ours(request.headers()) {
        return refuse(
            StatusCode::MISDIRECTED_REQUEST,
            "This console answers only at the address lookout triage printed.",
        );
    }
    if request.uri().path() == "/login" {
        let session = login_token(request.uri().query()).and_then(|t| gate.log_in(&t));
        return match session {
            Some(id) => {
                let mut response = Redirect::to("/").into_response();
                if let Ok(value) = HeaderValue::from_str(&format!(
                    "{COOKIE}={id}; HttpOnly; SameSite=Strict; Path=/"
                )) {
                    response.headers_mut().insert(header::SET_COOKIE, value);
                }
                response
            }
            None => refuse(
                StatusCode::FORBIDDEN,
                "This address has been used already, or is not the one lookout triage printed. \
                 Start lookout triage again for a new one.",
            ),
        };
    }
    let Some(session) = gate.session(request.headers()) else {
        return refuse(
            StatusCode::FORBIDDEN,
            "Open the address lookout triage printed in the terminal to start a session.",
        );
    };
    if request.method() == Method::POST && !same_origin(request.headers()) {
        return refuse(
            StatusCode::FORBIDDEN,
            "A form sent from another site was refused.",
        );
    }
    request.extensions_mut().insert(session);
    next.run(request).await
}

impl Session {
    /// The hidden field every form carries.
    pub fn field(&self) -> String {
        format!(
            "<input type=\"hidden\" name=\"csrf\" value=\"{}\">",
            super::html::e(&self.csrf)
        )
    }

    /// Whether a form's CSRF token is this session's.
    pub fn allows(&self, token: Option<&str>) -> bool {
        token.is_some_and(|t| same(t, &self.csrf))
    }
}

/// The headers every answer carries.
pub async fn headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    for (name, value) in [
        ("content-security-policy", CSP),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "same-origin"),
        ("cache-control", "no-store"),
        ("cross-origin-opener-policy", "same-origin"),
        ("cross-origin-resource-policy", "same-origin"),
    ] {
        h.insert(name, HeaderValue::from_static(value));
    }
    response
}
