//! The OpenAPI 3.1 document of the API (`functions/openapi.json`), served as is.

use axum::http::StatusCode;
use axum::response::Response;

use super::respond;

/// The document, compiled into the binary so the Lambda needs no extra file.
pub const DOCUMENT: &str = include_str!("../../openapi.json");

pub(super) async fn document() -> Response {
    respond::raw_json(StatusCode::OK, DOCUMENT)
}
