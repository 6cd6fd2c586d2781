//! The OpenAPI 3.1 document of the API, made when it is asked for from the questionnaire the
//! functions loaded, so it is right for every campaign: every question with its kind, options,
//! requiredness and limits, every control field and header with the limits the code applies,
//! both body types, and every status each handler answers with ([`super::ROUTES`]).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::{AppState, ROUTES, respond};
use crate::deploy::Route;
use lookout_questionnaire::submission::IDEMPOTENCY_KEY;
use lookout_questionnaire::{DEFAULT_TEXT_MAX, Questionnaire};

pub mod control;
mod questions;

/// Statuses sent by the edge (WAF rate rule, API throttling) before a request reaches a
/// function: documented, never answered by a handler.
pub const EDGE_STATUSES: &[u16] = &[429];

pub(super) async fn document(State(state): State<AppState>) -> Response {
    respond::json(StatusCode::OK, &generate(&state.questionnaire))
}

/// The document for `q`.
pub fn generate(q: &Questionnaire) -> Value {
    let mut paths = Map::new();
    for (route, statuses) in ROUTES {
        let path = paths
            .entry(route.path().to_string())
            .or_insert_with(|| json!({}));
        path[route.method()] = operation(q, *route, statuses);
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Lookout report API",
            "version": "1.0.0",
            "summary": "Anonymous reports of concerns, and anonymous follow-up by receipt code.",
            "description": "Made from the campaign's questionnaire.yaml. Every endpoint taking a body accepts `application/json` or `application/x-www-form-urlencoded`. A JSON request is answered with JSON; a form post (the site's form, which works without JavaScript) is answered with an HTML page in the site's style: the receipt page, the follow-up thread, or the form again with the answers kept and a message beside each field. Nothing identifying is stored or logged: no IP address, user agent, cookie or precise time. Receipts travel only in request bodies. All answers carry `Cache-Control: no-store`.",
            "license": { "name": "MIT OR Apache-2.0", "identifier": "MIT OR Apache-2.0" },
        },
        "servers": [{ "url": "/" }],
        "paths": paths,
        "components": {
            "schemas": {
                "Submission": questions::submission(q),
                "ReceiptRequest": follow_up_body(false),
                "MessageRequest": follow_up_body(true),
                "Receipt": {
                    "type": "object",
                    "required": ["receipt"],
                    "properties": { "receipt": {
                        "type": "string",
                        "pattern": "^[0-9]{4}( [0-9]{4}){4}$",
                        "description": "Shown once and never stored; only a slow hash of it is kept.",
                    }},
                    "additionalProperties": false,
                },
                "Thread": thread(),
                "Error": error(),
            },
            "headers": {
                "NoStore": {
                    "description": "Every answer of a function: nothing is cached.",
                    "schema": { "type": "string", "const": "no-store" },
                },
            },
        },
    })
}

/// The operation of `route`, answering with `statuses`.
fn operation(q: &Questionnaire, route: Route, statuses: &[u16]) -> Value {
    let (id, summary, description) = match route {
        Route::SubmitReport => (
            "submitReport",
            "Send a report (verified lane)",
            "Validation follows the campaign's questionnaire.yaml. With a solved, fresh, unspent challenge in `altcha` (or, where the campaign chose hCaptcha, a token hCaptcha accepts in `h-captcha-response`) the report is stored as verified and answered 201 only once durably stored; a retry with the same idempotency key, answers and challenge is stored once and answered with the same receipt. Anything else is answered 307 to `/api/reports/unverified`, which stores it as unverified: nothing but the honeypot and the minimum fill time refuses a report.",
        ),
        Route::SubmitReportUnverified => (
            "submitUnverifiedReport",
            "Send a report (strict lane)",
            "Where the no-JavaScript form posts, and where the verified lane sends a report without a solved challenge. Stored as unverified, with a new random receipt each time, inside a small shared limit (503 `not_saved` when it is full).",
        ),
        Route::Challenge => (
            "getChallenge",
            "A proof-of-work challenge",
            "An ALTCHA v2 challenge (SHA-256), signed, valid two hours. Solve it and send the base64 JSON of the challenge and its solution as `altcha`.",
        ),
        Route::FollowUpThread => (
            "readThread",
            "Read the follow-up thread of a report (verified lane)",
            "Needs a solved, unspent challenge in `altcha` (else 307 to `/api/follow-up/unverified`). A receipt that matches no report, mistyped or unknown, gets the same 422 answer.",
        ),
        Route::FollowUpThreadUnverified => (
            "readThreadUnverified",
            "Read the follow-up thread of a report (strict lane)",
            "Without a challenge (the no-JavaScript page), inside a small shared limit. A receipt that matches no report gets the same 422 answer.",
        ),
        Route::FollowUpMessage => (
            "addMessage",
            "Add information to a report (verified lane)",
            "Needs a solved, unspent challenge in `altcha` (else 307 to `/api/follow-up/messages/unverified`). The message is sealed to the triage team and to the report's reporter key.",
        ),
        Route::FollowUpMessageUnverified => (
            "addMessageUnverified",
            "Add information to a report (strict lane)",
            "Without a challenge, inside a small shared limit. The message is sealed to the triage team and to the report's reporter key.",
        ),
        Route::OpenApi => (
            "openApiDocument",
            "This document",
            "Made from the questionnaire the functions loaded.",
        ),
    };
    let mut responses = Map::new();
    for status in statuses.iter().chain(EDGE_STATUSES) {
        responses.insert(status.to_string(), response(route, *status));
    }
    let mut op = json!({
        "operationId": id,
        "summary": summary,
        "description": description,
        "responses": responses,
    });
    let body = match route {
        Route::SubmitReport | Route::SubmitReportUnverified => Some(("Submission", true)),
        Route::FollowUpThread | Route::FollowUpThreadUnverified => Some(("ReceiptRequest", false)),
        Route::FollowUpMessage | Route::FollowUpMessageUnverified => {
            Some(("MessageRequest", false))
        }
        Route::Challenge | Route::OpenApi => None,
    };
    if let Some((schema, report)) = body {
        let reference = json!({ "$ref": format!("#/components/schemas/{schema}") });
        let mut form = json!({ "schema": reference.clone() });
        if report {
            form["encoding"] = questions::form_encoding(q);
        }
        op["requestBody"] = json!({
            "required": true,
            "content": {
                "application/json": { "schema": reference },
                "application/x-www-form-urlencoded": form,
            },
        });
    }
    if matches!(route, Route::SubmitReport | Route::SubmitReportUnverified) {
        let mut key = control::idempotency_key();
        key["description"] = json!(format!(
            "The idempotency key, instead of the `{IDEMPOTENCY_KEY}` field; if both are given they must agree. A header that is sent must be a key (400 otherwise)."
        ));
        op["parameters"] = json!([{
            "name": "Idempotency-Key",
            "in": "header",
            "required": false,
            "schema": key,
        }]);
    }
    op
}

/// The answer with `status` on `route`: JSON for a JSON request, a page for a form post.
fn response(route: Route, status: u16) -> Value {
    let error = json!({ "schema": { "$ref": "#/components/schemas/Error" } });
    let page = json!({ "schema": { "type": "string" } });
    let description = match status {
        200 | 201 => match route {
            Route::SubmitReport => "Stored, verified. The receipt page for a form post.",
            Route::SubmitReportUnverified => {
                "Stored, unverified. The receipt page for a form post."
            }
            Route::Challenge => "A fresh challenge; never cached.",
            Route::OpenApi => "The OpenAPI document.",
            Route::FollowUpThread | Route::FollowUpThreadUnverified => {
                "The team's questions and the reporter's additions."
            }
            Route::FollowUpMessage | Route::FollowUpMessageUnverified => {
                "Added; the thread as it now stands."
            }
        },
        307 => {
            "No solved, fresh, unspent challenge: send the same request, body and all, to `Location`, the route's strict lane. Browsers and `fetch` do so by themselves."
        }
        400 => {
            "The body is not valid JSON or form data, or a control field is malformed (`malformed`)."
        }
        403 => {
            "The request did not come through the campaign's address (`forbidden`), another website's page sent it (`cross_site`: `Sec-Fetch-Site: cross-site`, or without that header an `Origin` other than the site's; `Origin: null` and no header are accepted), or the honeypot was filled or the form sent faster than the minimum fill time (`spam_check_failed`): the only refusals of a report."
        }
        413 => "The body is over 64 KiB (`too_large`).",
        415 => "Neither JSON nor a form post (`unsupported_media_type`).",
        422 => {
            "Some answers are invalid (`invalid_answers`); `fields` has a message per field, in the request's language. For a form post, the form again with the answers kept."
        }
        429 => {
            "Slow down: sent by the edge (the WAF rate rule or API Gateway throttling) before the request reaches a function; its body is the edge's own. Wait and try again."
        }
        500 => "A fault on the server's side (`internal`); nothing was stored.",
        503 => {
            "Not saved, please try again (`not_saved`): the store could not be reached, the strict lane was full, or the request ran out of time; no receipt was given."
        }
        _ => "",
    };
    if status == 429 {
        return json!({ "description": description });
    }
    if status == 307 {
        return json!({
            "description": description,
            "headers": {
                "Cache-Control": { "$ref": "#/components/headers/NoStore" },
                "Location": { "schema": { "type": "string", "format": "uri-reference" } },
            },
        });
    }
    let content = match (status, route) {
        (200, Route::OpenApi) => json!({ "application/json": { "schema": { "type": "object" } } }),
        (200, Route::Challenge) => json!({ "application/json": { "schema": challenge() } }),
        (201, Route::SubmitReport | Route::SubmitReportUnverified) => json!({
            "application/json": { "schema": { "$ref": "#/components/schemas/Receipt" } },
            "text/html": page,
        }),
        (200 | 201, _) => json!({
            "application/json": { "schema": { "$ref": "#/components/schemas/Thread" } },
            "text/html": page,
        }),
        // Refused before the body is read: always JSON.
        (415, _) | (403 | 500, Route::OpenApi | Route::Challenge) => {
            json!({ "application/json": error })
        }
        _ => json!({ "application/json": error, "text/html": page }),
    };
    let mut answer = json!({
        "description": description,
        "headers": { "Cache-Control": { "$ref": "#/components/headers/NoStore" } },
        "content": content,
    });
    if status == 201 && matches!(route, Route::SubmitReport | Route::SubmitReportUnverified) {
        // The receipt of a JSON answer opens the report's thread (in the lane that needs no
        // challenge, which a link cannot carry).
        let receipt = "$response.body#/receipt";
        answer["links"] = json!({
            "ReadThread": {
                "operationId": "readThreadUnverified",
                "requestBody": { "receipt": receipt },
            },
            "AddMessage": {
                "operationId": "addMessageUnverified",
                "requestBody": { "receipt": receipt, "message": "One more thing I remembered." },
            },
        });
    }
    answer
}

/// What `GET /api/challenge` answers (ALTCHA v2).
fn challenge() -> Value {
    json!({
        "type": "object",
        "required": ["parameters", "signature"],
        "properties": {
            "parameters": {
                "type": "object",
                "required": ["algorithm", "cost", "keyLength", "keyPrefix", "nonce", "salt"],
                "properties": {
                    "algorithm": { "type": "string", "const": "SHA-256" },
                    "cost": { "type": "integer" },
                    "keyLength": { "type": "integer" },
                    "keyPrefix": { "type": "string" },
                    "keySignature": { "type": "string" },
                    "nonce": { "type": "string" },
                    "salt": { "type": "string" },
                    "data": {
                        "type": "object",
                        "properties": { "exp": { "type": "integer", "description": "Unix second after which it is refused." } },
                    },
                },
            },
            "signature": { "type": "string" },
        },
    })
}

/// `{receipt}` or `{receipt, message}`, and the report form's control fields (tolerated).
fn follow_up_body(with_message: bool) -> Value {
    let mut properties = Map::new();
    properties.insert(
        "receipt".into(),
        control::nullable(json!({
            "type": "string",
            "description": "The 20-digit receipt code; spaces, dashes and dots between digits are ignored.",
        })),
    );
    let mut required = vec!["receipt"];
    if with_message {
        properties.insert(
            "message".into(),
            control::nullable(json!({
                "type": "string",
                "maxLength": DEFAULT_TEXT_MAX,
                "pattern": format!("[^{}]", control::BLANK_CHARS),
            })),
        );
        required.push("message");
    }
    for (name, schema) in control::fields(false) {
        properties.insert(name.to_string(), schema);
    }
    json!({
        "type": "object",
        "required": required,
        "properties": properties,
        "additionalProperties": false,
    })
}

fn thread() -> Value {
    json!({
        "type": "object",
        "required": ["received_on", "messages"],
        "properties": {
            "received_on": { "type": "string", "format": "date" },
            "messages": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["author", "sent_on", "text"],
                    "properties": {
                        "author": { "type": "string", "enum": ["team", "reporter"] },
                        "sent_on": { "type": "string", "format": "date" },
                        "text": { "type": "string" },
                    },
                },
            },
        },
    })
}

fn error() -> Value {
    let codes = [
        "malformed",
        "forbidden",
        "spam_check_failed",
        "captcha_failed",
        "too_large",
        "unsupported_media_type",
        "invalid_answers",
        "not_saved",
        "internal",
        "not_found",
    ];
    json!({
        "type": "object",
        "required": ["error"],
        "properties": { "error": {
            "type": "object",
            "required": ["code", "message", "fields"],
            "properties": {
                "code": { "type": "string", "enum": codes },
                "message": { "type": "string" },
                "fields": {
                    "type": "object",
                    "additionalProperties": { "type": "string" },
                    "description": "Field name to message (422 only; empty otherwise).",
                },
            },
        }},
    })
}
