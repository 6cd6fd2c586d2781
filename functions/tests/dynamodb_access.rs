//! Each store call sends DynamoDB only the operations, and touches only the key prefixes, that
//! `store::dynamo::access` declares for it: that table is what the deployment's IAM roles are
//! derived from (tests/infra_agreement.rs), so a call that starts using another operation or
//! key must fail here before it fails in the cloud with AccessDenied.
//!
//! An interceptor on the client records the `X-Amz-Target` operation, every partition key value
//! (the table's `pk`, or the day index's in a key condition) and the index and `Select` of each
//! request body as DynamoDB Local receives it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod support;

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use aws_sdk_dynamodb::config::interceptors::BeforeTransmitInterceptorContextRef;
use aws_sdk_dynamodb::config::{ConfigBag, Intercept, RuntimeComponents};
use lookout_functions::report::Author;
use lookout_functions::store::cases::{CaseStore, Change, NewCaseEvent, Status};
use lookout_functions::store::dynamo::keys::PK;
use lookout_functions::store::dynamo::{DynamoStore, access};
use lookout_functions::store::{ChallengeKey, ReportStore, StoreCall};
use serde_json::Value;
use support::dynamodb::{dynamo_config, dynamo_endpoint, generous_timeouts, store_on_fresh_table};
use support::store::{DAY, fresh, message, new_report, now, random_hex, receipt_of, sample, spent};

/// What one call sent: operation names, the partition key prefixes (up to `#`), and the
/// indexes and `Select`s asked for.
#[derive(Debug, Default)]
struct Sent {
    operations: BTreeSet<String>,
    prefixes: BTreeSet<String>,
    indexes: BTreeSet<String>,
    selects: BTreeSet<String>,
}

#[derive(Debug, Clone, Default)]
struct Recorder(Arc<Mutex<Sent>>);

impl Recorder {
    fn take(&self) -> Sent {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

impl Intercept for Recorder {
    fn name(&self) -> &'static str {
        "lookout-access-recorder"
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        let request = context.request();
        let operation = request
            .headers()
            .get("x-amz-target")
            .and_then(|t| t.rsplit('.').next())
            .unwrap_or("?")
            .to_string();
        let body: Value = request
            .body()
            .bytes()
            .and_then(|b| serde_json::from_slice(b).ok())
            .unwrap_or(Value::Null);
        let mut sent = self.0.lock().unwrap();
        sent.operations.insert(operation);
        collect_prefixes(&body, &mut sent.prefixes);
        sent.indexes
            .extend(body["IndexName"].as_str().map(str::to_owned));
        sent.selects
            .extend(body["Select"].as_str().map(str::to_owned));
        Ok(())
    }
}

/// Every string value of a `pk` attribute, or of the `:pk` or `:day` expression value a key
/// condition binds to a partition key (the table's, or the day index's), in a request. (A
/// report item's own `received_day` attribute is not a key of the table, so it does not count.)
fn collect_prefixes(value: &Value, into: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                if [PK, ":pk", ":day"].contains(&key.as_str())
                    && let Some(text) = inner.get("S").and_then(Value::as_str)
                {
                    let prefix = text.split_inclusive('#').next().unwrap_or(text);
                    into.insert(prefix.to_string());
                }
                collect_prefixes(inner, into);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect_prefixes(i, into)),
        _ => {}
    }
}

fn assert_declared(call: StoreCall, sent: Sent) {
    let declared = access(call);
    let undeclared: Vec<&String> = sent
        .operations
        .iter()
        .filter(|op| !declared.operations.contains(&op.as_str()))
        .collect();
    assert!(
        undeclared.is_empty(),
        "{call:?} sent {undeclared:?}, which store::dynamo::access does not declare ({:?})",
        declared.operations
    );
    let stray: Vec<&String> = sent
        .prefixes
        .iter()
        .filter(|p| !declared.key_prefixes.contains(&p.as_str()))
        .collect();
    assert!(
        stray.is_empty(),
        "{call:?} touched keys {stray:?}, which store::dynamo::access does not declare ({:?})",
        declared.key_prefixes
    );
    assert!(!sent.operations.is_empty(), "{call:?} sent nothing at all");
    let index: BTreeSet<String> = declared.index.map(str::to_owned).into_iter().collect();
    assert_eq!(
        sent.indexes, index,
        "{call:?} read other indexes than it declares"
    );
    let select: BTreeSet<String> = declared.select.map(str::to_owned).into_iter().collect();
    assert_eq!(
        sent.selects, select,
        "{call:?} selected other than it declares"
    );
}

async fn recorded_store() -> (DynamoStore, Recorder) {
    let recorder = Recorder::default();
    let config = dynamo_config(&dynamo_endpoint(), generous_timeouts())
        .interceptor(recorder.clone())
        .build();
    let store = store_on_fresh_table(aws_sdk_dynamodb::Client::from_conf(config)).await;
    recorder.take();
    (store, recorder)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_call_sends_only_what_it_declares() {
    let (store, recorder) = recorded_store().await;
    let report = fresh("2026-03-04");
    let key = random_hex();
    let step = |call: StoreCall| assert_declared(call, recorder.take());

    store
        .insert_report(new_report(&report, Some(&key)))
        .await
        .unwrap();
    // A retry of the same submission takes the earlier-report path.
    store
        .insert_report(new_report(&report, Some(&key)))
        .await
        .unwrap();
    step(StoreCall::InsertReport);

    assert!(
        store
            .spent_challenge(&ChallengeKey(key))
            .await
            .unwrap()
            .is_some()
    );
    step(StoreCall::SpentChallenge);

    assert!(
        store
            .spend_challenge(spent(&random_hex(), ""))
            .await
            .unwrap()
    );
    step(StoreCall::SpendChallenge);

    assert!(store.report(&report.id).await.unwrap().is_some());
    step(StoreCall::Report);

    let by_receipt = store.report_by_receipt(&receipt_of(&report)).await.unwrap();
    assert!(by_receipt.is_some());
    step(StoreCall::ReportByReceipt);

    assert_eq!(store.reports().await.unwrap().len(), 1);
    step(StoreCall::Reports);

    for text in ["one", "two"] {
        store
            .append_message(&report.id, message(Author::Team, text))
            .await
            .unwrap();
    }
    step(StoreCall::AppendMessage);

    assert_eq!(store.messages(&report.id).await.unwrap().len(), 2);
    step(StoreCall::Messages);

    let soon = sample("2026-03-05", now() + 60);
    store
        .insert_report(new_report(&soon, Some(&random_hex())))
        .await
        .unwrap();
    store
        .append_message(&soon.id, message(Author::Reporter, "x"))
        .await
        .unwrap();
    recorder.take();
    assert_eq!(store.purge_expired(now() + DAY).await.unwrap(), 1);
    step(StoreCall::PurgeExpired);

    let day = time::macros::date!(2026 - 03 - 04);
    assert_eq!(store.count_received_on(day).await.unwrap(), 1);
    step(StoreCall::CountReceivedOn);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn case_calls_send_only_what_they_declare() {
    let (store, recorder) = recorded_store().await;
    let report = fresh("2026-03-04");
    store
        .insert_report(new_report(&report, Some(&random_hex())))
        .await
        .unwrap();
    store
        .append_message(&report.id, message(Author::Team, "one"))
        .await
        .unwrap();
    recorder.take();
    let step = |call: StoreCall| assert_declared(call, recorder.take());
    let event = |status| NewCaseEvent {
        on: "2026-03-05".into(),
        by: "abcd".into(),
        change: Change::Status { status },
    };
    for status in [Status::InReview, Status::Referred] {
        store
            .append_case_event(&report.id, event(status))
            .await
            .unwrap();
    }
    step(StoreCall::AppendCaseEvent);
    assert_eq!(store.case_events(&report.id).await.unwrap().len(), 2);
    step(StoreCall::CaseEvents);
    assert_eq!(store.all_case_events().await.unwrap().len(), 1);
    step(StoreCall::AllCaseEvents);
    store.set_expiry(&report.id, now() + 60).await.unwrap();
    step(StoreCall::SetExpiry);
    assert_eq!(store.purge_expired(now() + DAY).await.unwrap(), 1);
    step(StoreCall::PurgeExpired);
}

/// The recorder itself: a call that touched an undeclared prefix would be caught.
#[test]
fn the_recorder_finds_keys_anywhere_in_a_request() {
    let body: Value = serde_json::json!({
        "TransactItems": [
            {"Put": {"Item": {"pk": {"S": "REPORT#ab"}, "sk": {"S": "REPORT"}}}},
            {"Put": {"Item": {"pk": {"S": "RECEIPT#cd"}}}}
        ],
        "ExpressionAttributeValues": {":pk": {"S": "CHALLENGE#ef"}}
    });
    let mut found = BTreeSet::new();
    collect_prefixes(&body, &mut found);
    assert_eq!(
        found.into_iter().collect::<Vec<_>>(),
        ["CHALLENGE#", "RECEIPT#", "REPORT#"]
    );
    let result = std::panic::catch_unwind(|| {
        assert_declared(
            StoreCall::SpentChallenge,
            Sent {
                operations: BTreeSet::from(["GetItem".to_string()]),
                prefixes: BTreeSet::from(["REPORT#".to_string()]),
                ..Sent::default()
            },
        )
    });
    assert!(result.is_err(), "an undeclared prefix must fail the check");
}
