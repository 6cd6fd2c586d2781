//! Building responses. Every answer is `Cache-Control: no-store`: a receipt page or a
//! follow-up thread must never sit in a browser or proxy cache.

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Serialize;

fn with_type(status: StatusCode, content_type: &'static str, body: Body) -> Response {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

pub fn json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => with_type(status, "application/json", Body::from(bytes)),
        Err(error) => {
            tracing::error!(%error, "response did not serialise");
            with_type(
                StatusCode::INTERNAL_SERVER_ERROR,
                "application/json",
                Body::from(
                    r#"{"error":{"code":"internal","message":"Something went wrong on our side.","fields":{}}}"#,
                ),
            )
        }
    }
}

pub fn html(status: StatusCode, page: String) -> Response {
    with_type(status, "text/html; charset=utf-8", Body::from(page))
}

pub fn raw_json(status: StatusCode, text: &'static str) -> Response {
    with_type(status, "application/json", Body::from(text))
}

/// `307 Temporary Redirect` to `path`: the client repeats the request, body and all, there.
pub fn send_on(path: &'static str) -> Response {
    let mut response = with_type(
        StatusCode::TEMPORARY_REDIRECT,
        "text/plain; charset=utf-8",
        Body::empty(),
    );
    response
        .headers_mut()
        .insert(header::LOCATION, HeaderValue::from_static(path));
    response
}
