//! The OpenAPI document describes every route of the router with the statuses its handler
//! can answer with, and is served at `/api/openapi.json`.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use lookout_functions::http::{ROUTES, follow_up_router, openapi, router, submit_router};
use serde_json::Value;
use support::*;

/// Statuses sent by the edge (WAF rate rule, API throttling), never by a handler.
const EDGE_STATUSES: &[u16] = &[429];

#[test]
fn the_document_lists_every_route_with_its_statuses() {
    let doc: Value = serde_json::from_str(openapi::DOCUMENT).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    for (route, statuses) in ROUTES {
        let (method, path) = (route.method(), route.path());
        let operation = &doc["paths"][path][method];
        assert!(
            operation.is_object(),
            "{method} {path} is missing from the document"
        );
        let responses = operation["responses"].as_object().unwrap();
        for status in *statuses {
            assert!(
                responses.contains_key(&status.to_string()),
                "{method} {path}: {status} is not documented"
            );
        }
        for documented in responses.keys() {
            let code: u16 = documented.parse().unwrap();
            assert!(
                statuses.contains(&code) || EDGE_STATUSES.contains(&code),
                "{method} {path}: {code} is documented but never answered"
            );
        }
    }
    let documented: usize = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|p| p.as_object().unwrap().len())
        .sum();
    assert_eq!(
        documented,
        ROUTES.len(),
        "the document has operations the router does not"
    );
    // Every $ref resolves.
    let text = openapi::DOCUMENT;
    for reference in text.split("\"$ref\": \"#/").skip(1) {
        let pointer = reference.split('"').next().unwrap();
        assert!(
            doc.pointer(&format!("/{pointer}")).is_some(),
            "dangling $ref {pointer}"
        );
    }
}

#[tokio::test]
async fn every_listed_route_is_routed() {
    let team = team();
    let (store, _dir) = embedded();
    let all = router(state(store.clone(), &team));
    let submit = submit_router(state(store.clone(), &team));
    let follow_up = follow_up_router(state(store, &team));
    for (route, _) in ROUTES {
        let (method, path) = (route.method(), route.path());
        let request = || {
            Request::builder()
                .method(method.to_uppercase().as_str())
                .uri(path)
                .body(Body::empty())
                .unwrap()
        };
        let answer = send(&all, request()).await;
        assert_ne!(answer.status, StatusCode::NOT_FOUND, "{method} {path}");
        assert_ne!(
            answer.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
        let split = if path.starts_with("/api/follow-up") {
            &follow_up
        } else {
            &submit
        };
        assert_ne!(
            send(split, request()).await.status,
            StatusCode::NOT_FOUND,
            "{method} {path} in its Lambda"
        );
    }
    let answer = send(
        &all,
        Request::get("/api/openapi.json")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.content_type(), "application/json");
    assert_eq!(answer.json()["info"]["title"], "Lookout report API");
}
