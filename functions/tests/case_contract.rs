//! The case calls' contract (`store::cases::CaseStore`): the same cases against the embedded
//! store and DynamoDB Local, as in store_contract.rs. Case work is kept as events, each in
//! order and once, gone with its report; an evidence hold moves the expiry of the report and of
//! everything kept with it, so neither a purge nor DynamoDB's TTL deletes a held report.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod support;

use std::collections::BTreeSet;

use futures_util::future::join_all;
use lookout_functions::report::{Author, ReportId};
use lookout_functions::store::cases::{Case, CaseStore, Change, NewCaseEvent, Status};
use lookout_functions::store::embedded::EmbeddedStore;
use lookout_functions::store::{ReportStore, StoreError};

use support::dynamodb::dynamo_fixture;
use support::store::*;

fn change(change: Change) -> NewCaseEvent {
    NewCaseEvent {
        on: "2026-11-20".into(),
        by: "3f2a 91bc 0d4e 77a1".into(),
        change,
    }
}

fn status(status: Status) -> NewCaseEvent {
    change(Change::Status { status })
}

mod cases {
    use super::*;

    pub async fn events_are_kept_in_order_per_report(store: &dyn CaseStore) {
        let report = fresh("2026-11-18");
        let other = fresh("2026-11-18");
        insert(store, &report).await;
        insert(store, &other).await;
        let changes = [
            status(Status::InReview),
            change(Change::LabelAdded {
                label: "night-time economy".into(),
            }),
            change(Change::Note {
                sealed: "sealed:note".into(),
            }),
            status(Status::Referred),
        ];
        for (seq, event) in changes.iter().enumerate() {
            let stored = store
                .append_case_event(&report.id, event.clone())
                .await
                .unwrap();
            assert_eq!(stored.seq, seq as u32);
            assert_eq!(stored.report_id, report.id);
            assert_eq!(stored.change, event.change);
        }
        let events = store.case_events(&report.id).await.unwrap();
        assert_eq!(
            events.iter().map(|e| e.seq).collect::<Vec<_>>(),
            vec![0, 1, 2, 3]
        );
        assert!(events.iter().all(|e| e.by == "3f2a 91bc 0d4e 77a1"));
        let case = Case::from_events(&events);
        assert_eq!(case.status(), Status::Referred);
        assert_eq!(
            case.labels,
            BTreeSet::from(["night-time economy".to_string()])
        );
        assert_eq!(case.notes.len(), 1);

        assert_eq!(store.case_events(&other.id).await.unwrap(), vec![]);
        let all = store.all_case_events().await.unwrap();
        assert_eq!(all.get(&report.id), Some(&events));
        assert!(!all.contains_key(&other.id), "no history, no entry");

        let missing = ReportId("no-such-report".into());
        match store
            .append_case_event(&missing, status(Status::Closed))
            .await
        {
            Err(StoreError::NotFound(id)) => assert_eq!(id, missing),
            other => panic!("expected NotFound, got {other:?}"),
        }
        assert_eq!(store.case_events(&missing).await.unwrap(), vec![]);
    }

    pub async fn concurrent_events_are_each_kept_once(store: &dyn CaseStore) {
        let report = fresh("2026-11-18");
        insert(store, &report).await;
        const N: u32 = 8;
        let results = join_all((0..N).map(|i| {
            let id = report.id.clone();
            async move {
                store
                    .append_case_event(
                        &id,
                        change(Change::LabelAdded {
                            label: format!("label {i}"),
                        }),
                    )
                    .await
            }
        }))
        .await;
        let seqs: BTreeSet<u32> = results.into_iter().map(|r| r.unwrap().seq).collect();
        assert_eq!(seqs, (0..N).collect::<BTreeSet<_>>());
        let case = Case::from_events(&store.case_events(&report.id).await.unwrap());
        assert_eq!(case.labels.len(), N as usize, "every label kept");
    }

    pub async fn a_hold_keeps_a_report_past_its_expiry(store: &dyn CaseStore) {
        let now = now();
        let held = sample("2026-11-18", now + 60);
        let not_held = sample("2026-11-18", now + 60);
        for report in [&held, &not_held] {
            insert(store, report).await;
            store
                .append_message(&report.id, message(Author::Team, "a question"))
                .await
                .unwrap();
            store
                .append_case_event(&report.id, status(Status::Referred))
                .await
                .unwrap();
        }
        let until = now + 30 * DAY;
        store.set_expiry(&held.id, until).await.unwrap();
        // Repeating it changes nothing.
        store.set_expiry(&held.id, until).await.unwrap();

        assert_eq!(store.purge_expired(now + 120).await.unwrap(), 1);
        let kept = store
            .report(&held.id)
            .await
            .unwrap()
            .expect("held report kept");
        assert_eq!(kept.expires_at, until);
        assert_eq!(
            store.report_by_receipt(&receipt_of(&held)).await.unwrap(),
            Some(kept.clone())
        );
        assert_eq!(store.messages(&held.id).await.unwrap().len(), 1);
        assert_eq!(store.case_events(&held.id).await.unwrap().len(), 1);
        assert_eq!(store.report(&not_held.id).await.unwrap(), None);
        assert_eq!(store.case_events(&not_held.id).await.unwrap(), vec![]);
        assert!(
            !store
                .all_case_events()
                .await
                .unwrap()
                .contains_key(&not_held.id)
        );

        // Released: its own expiry again, and the next purge takes it with everything.
        store.set_expiry(&held.id, now + 60).await.unwrap();
        assert_eq!(store.purge_expired(now + 120).await.unwrap(), 1);
        assert_eq!(store.report(&held.id).await.unwrap(), None);
        assert_eq!(store.case_events(&held.id).await.unwrap(), vec![]);
        assert!(store.all_case_events().await.unwrap().is_empty());
        match store.set_expiry(&held.id, until).await {
            Err(StoreError::NotFound(_)) => {}
            other => panic!("expected NotFound for a purged report, got {other:?}"),
        }
    }

    pub async fn an_expired_report_takes_no_case_work(store: &dyn CaseStore) {
        let expired = sample("2025-01-01", now() - 10);
        insert(store, &expired).await;
        assert!(matches!(
            store
                .append_case_event(&expired.id, status(Status::Closed))
                .await,
            Err(StoreError::NotFound(_))
        ));
        assert!(matches!(
            store.set_expiry(&expired.id, now() + DAY).await,
            Err(StoreError::NotFound(_))
        ));
        assert_eq!(store.report(&expired.id).await.unwrap(), None);
    }
}

/// On DynamoDB every item of a held report carries the hold's expiry (TTL deletes item by
/// item), and a purge leaves no case event behind.
async fn dynamodb_hold_moves_every_item() {
    let store = dynamo_fixture().await;
    let now = now();
    let report = sample("2026-11-18", now + 60);
    store
        .insert_report(new_report(&report, None))
        .await
        .unwrap();
    store
        .append_message(&report.id, message(Author::Reporter, "one"))
        .await
        .unwrap();
    store
        .append_case_event(&report.id, status(Status::Referred))
        .await
        .unwrap();
    let items = || async {
        let out = store
            .client()
            .scan()
            .table_name(store.table())
            .consistent_read(true)
            .send()
            .await
            .unwrap();
        out.items()
            .iter()
            .map(|i| {
                (
                    format!("{} {}", i["pk"].as_s().unwrap(), i["sk"].as_s().unwrap()),
                    i["expires_at"].as_n().unwrap().parse::<i64>().unwrap(),
                )
            })
            .collect::<Vec<_>>()
    };
    let until = now + 30 * DAY;
    store.set_expiry(&report.id, until).await.unwrap();
    let held = items().await;
    assert_eq!(held.len(), 4, "report, receipt, message, event: {held:?}");
    assert!(held.iter().all(|(_, exp)| *exp == until), "{held:?}");
    assert!(held.iter().any(|(k, _)| k.starts_with("CASE#")), "{held:?}");

    store.set_expiry(&report.id, now + 60).await.unwrap();
    assert_eq!(store.purge_expired(now + 120).await.unwrap(), 1);
    assert_eq!(items().await, vec![], "nothing of the report is left");
}

macro_rules! case_suite {
    ($($case:ident),* $(,)?) => {
        mod embedded {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    let dir = tempfile::tempdir().unwrap();
                    let store = super::EmbeddedStore::open(dir.path().join("reports.redb")).unwrap();
                    super::cases::$case(&store).await;
                }
            )*
        }

        mod dynamodb {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    let store = super::dynamo_fixture().await;
                    super::cases::$case(&store).await;
                }
            )*

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn hold_moves_every_item() {
                super::dynamodb_hold_moves_every_item().await;
            }
        }
    };
}

case_suite!(
    events_are_kept_in_order_per_report,
    concurrent_events_are_each_kept_once,
    a_hold_keeps_a_report_past_its_expiry,
    an_expired_report_takes_no_case_work,
);
