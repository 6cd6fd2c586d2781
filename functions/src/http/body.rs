//! Reading a request body: which of the two accepted types it is, and at most the size
//! limit of it. Over the limit is our 413 JSON, not axum's plain-text rejection.

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, header};

use super::problem::Problem;

/// The two accepted body types; the answer follows the question (JSON in, JSON out; a
/// form post is answered with a page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Form,
}

pub fn format_of(headers: &HeaderMap) -> Result<Format, Problem> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "application/json" => Ok(Format::Json),
        "application/x-www-form-urlencoded" => Ok(Format::Form),
        _ => Err(Problem::UnsupportedType),
    }
}

pub async fn read(headers: &HeaderMap, body: Body, limit: usize) -> Result<Bytes, Problem> {
    // Refuse early when the client announces too much, without reading any of it.
    let announced = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if announced.is_some_and(|n| n > limit as u64) {
        return Err(Problem::TooLarge);
    }
    axum::body::to_bytes(body, limit).await.map_err(|error| {
        let over = std::error::Error::source(&error)
            .is_some_and(|s| s.is::<http_body_util::LengthLimitError>());
        if over {
            Problem::TooLarge
        } else {
            Problem::Malformed("the request body could not be read".into())
        }
    })
}
