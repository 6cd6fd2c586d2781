//! The store contract: the same cases, run against the embedded store and against DynamoDB
//! (DynamoDB Local, started by `tests/run`; see `tests/support/dynamodb-local.sh`).
//!
//! Every case is an async function taking `&dyn ReportStore`; the `contract_suite!` macro
//! generates `mod embedded` and `mod dynamodb` with one test per case, same names in both.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use futures_util::future::join_all;
use lookout_functions::report::{Author, Message, ReportId, StoredReport};
use lookout_functions::store::dynamo::{self, DynamoStore};
use lookout_functions::store::embedded::EmbeddedStore;
use lookout_functions::store::{
    Binding, ChallengeKey, InsertOutcome, NewReport, ReceiptHash, ReportStore, SpentChallenge,
    StoreError,
};

use support::dynamodb::{dynamo_client, dynamo_fixture};
use support::store::*;

mod cases {
    use super::*;

    pub async fn insert_then_read_by_id_and_receipt(store: &dyn ReportStore) {
        let report = fresh("2026-03-04");
        let other = fresh("2026-03-04");
        insert(store, &report).await;
        insert(store, &other).await;

        assert_eq!(
            store.report(&report.id).await.unwrap(),
            Some(report.clone())
        );
        assert_eq!(
            store.report_by_receipt(&receipt_of(&report)).await.unwrap(),
            Some(report.clone())
        );
        assert_eq!(
            store.report_by_receipt(&receipt_of(&other)).await.unwrap(),
            Some(other.clone())
        );
        assert_eq!(
            store
                .report(&ReportId("no-such-report".into()))
                .await
                .unwrap(),
            None
        );
        assert_eq!(store.messages(&report.id).await.unwrap(), vec![]);
    }

    pub async fn unknown_receipt_is_none(store: &dyn ReportStore) {
        insert(store, &fresh("2026-03-04")).await;
        let unknown = ReceiptHash(random_hex());
        assert_eq!(store.report_by_receipt(&unknown).await.unwrap(), None);
    }

    /// An id or receipt that is taken is a conflict, never overwritten, never an outage.
    pub async fn taken_ids_and_receipts_are_conflicts(store: &dyn ReportStore) {
        let first = fresh("2026-03-04");
        insert(store, &first).await;
        let mut same_id = fresh("2026-03-05");
        same_id.id = first.id.clone();
        let result = store.insert_report(new_report(&same_id, None)).await;
        assert!(matches!(result, Err(StoreError::Conflict(_))), "{result:?}");
        let other = fresh("2026-03-05");
        let mut same_receipt = new_report(&other, None);
        same_receipt.receipt_hash = receipt_of(&first);
        let result = store.insert_report(same_receipt).await;
        assert!(matches!(result, Err(StoreError::Conflict(_))), "{result:?}");
        assert_eq!(store.report(&first.id).await.unwrap(), Some(first.clone()));
        assert_eq!(
            store.report(&other.id).await.unwrap(),
            None,
            "nothing half-written"
        );
        assert_eq!(store.reports().await.unwrap().len(), 1);
    }

    pub async fn a_spent_challenge_stores_its_submission_once(store: &dyn ReportStore) {
        let key = random_hex();
        let first = fresh("2026-03-04");
        let retry = fresh("2026-03-04");
        let as_key = ChallengeKey(key.clone());
        assert_eq!(
            store.spent_challenge(&as_key).await.unwrap(),
            None,
            "nothing stored yet"
        );
        assert_eq!(
            store
                .insert_report(new_report(&first, Some(&key)))
                .await
                .unwrap(),
            InsertOutcome::Stored
        );
        for _ in 0..2 {
            assert_eq!(
                store
                    .insert_report(new_report(&retry, Some(&key)))
                    .await
                    .unwrap(),
                InsertOutcome::AlreadyStored {
                    report_id: first.id.clone()
                }
            );
        }
        assert_eq!(
            store.spent_challenge(&as_key).await.unwrap(),
            Some(Binding(SAME_SUBMISSION.into())),
            "the challenge is spent now"
        );
        // The same challenge bound to another submission stores nothing.
        let replay = fresh("2026-03-04");
        let mut other = new_report(&replay, None);
        other.challenge = Some(spent(&key, "other answers"));
        assert_eq!(
            store.insert_report(other).await.unwrap(),
            InsertOutcome::ChallengeSpent
        );
        assert_eq!(store.report(&replay.id).await.unwrap(), None);
        // Nothing of the retry was written: no report, no receipt.
        assert_eq!(store.report(&retry.id).await.unwrap(), None);
        assert_eq!(
            store.report_by_receipt(&receipt_of(&retry)).await.unwrap(),
            None
        );
        assert_eq!(
            ids(&store.reports().await.unwrap()),
            vec![first.id.0.as_str()]
        );
        // Another challenge is another report.
        assert_eq!(
            store
                .insert_report(new_report(&retry, Some(&random_hex())))
                .await
                .unwrap(),
            InsertOutcome::Stored
        );
        assert_eq!(store.reports().await.unwrap().len(), 2);
    }

    pub async fn a_challenge_is_spent_once_without_a_report(store: &dyn ReportStore) {
        let key = random_hex();
        assert!(store.spend_challenge(spent(&key, "")).await.unwrap());
        assert!(!store.spend_challenge(spent(&key, "")).await.unwrap());
        assert_eq!(
            store
                .spent_challenge(&ChallengeKey(key.clone()))
                .await
                .unwrap(),
            Some(Binding(String::new()))
        );
        // A report cannot spend it again either.
        let report = fresh("2026-03-04");
        let mut new = new_report(&report, None);
        new.challenge = Some(spent(&key, SAME_SUBMISSION));
        assert_eq!(
            store.insert_report(new).await.unwrap(),
            InsertOutcome::ChallengeSpent
        );
        // A record past its expiry counts for nothing.
        let old = random_hex();
        let lapsed = SpentChallenge {
            expires_at: now() - 10,
            ..spent(&old, "")
        };
        assert!(store.spend_challenge(lapsed).await.unwrap());
        assert_eq!(
            store
                .spent_challenge(&ChallengeKey(old.clone()))
                .await
                .unwrap(),
            None
        );
        assert!(store.spend_challenge(spent(&old, "")).await.unwrap());
    }

    pub async fn concurrent_inserts_are_each_stored_once(store: &dyn ReportStore) {
        let reports: Vec<StoredReport> = (0..200).map(|_| fresh("2026-03-04")).collect();
        let outcomes = join_all(reports.iter().map(|r| {
            let key = random_hex();
            async move { store.insert_report(new_report(r, Some(&key))).await }
        }))
        .await;
        for outcome in outcomes {
            assert_eq!(outcome.unwrap(), InsertOutcome::Stored);
        }

        let listed = store.reports().await.unwrap();
        assert_eq!(listed.len(), 200, "every report listed exactly once");
        let listed_ids: BTreeSet<&str> = ids(&listed).into_iter().collect();
        let inserted_ids: BTreeSet<&str> = ids(&reports).into_iter().collect();
        assert_eq!(listed_ids, inserted_ids);

        let found = join_all(
            reports
                .iter()
                .map(|r| async move { (r, store.report_by_receipt(&receipt_of(r)).await) }),
        )
        .await;
        for (report, by_receipt) in found {
            assert_eq!(by_receipt.unwrap().as_ref(), Some(report));
        }
    }

    pub async fn concurrent_inserts_with_one_key_store_one(store: &dyn ReportStore) {
        let key = random_hex();
        let attempts: Vec<StoredReport> = (0..50).map(|_| fresh("2026-03-04")).collect();
        let outcomes = join_all(
            attempts
                .iter()
                .map(|r| store.insert_report(new_report(r, Some(&key)))),
        )
        .await;
        let outcomes: Vec<InsertOutcome> = outcomes.into_iter().map(Result::unwrap).collect();

        let stored: Vec<&StoredReport> = attempts
            .iter()
            .zip(&outcomes)
            .filter(|(_, o)| **o == InsertOutcome::Stored)
            .map(|(r, _)| r)
            .collect();
        assert_eq!(
            stored.len(),
            1,
            "exactly one attempt is stored: {outcomes:?}"
        );
        let winner = stored[0];
        for outcome in &outcomes {
            if *outcome != InsertOutcome::Stored {
                assert_eq!(
                    *outcome,
                    InsertOutcome::AlreadyStored {
                        report_id: winner.id.clone()
                    }
                );
            }
        }
        assert_eq!(store.reports().await.unwrap(), vec![winner.clone()]);
        for loser in attempts.iter().filter(|r| r.id != winner.id) {
            assert_eq!(
                store.report_by_receipt(&receipt_of(loser)).await.unwrap(),
                None
            );
        }
    }

    pub async fn messages_are_appended_in_order(store: &dyn ReportStore) {
        let report = fresh("2026-03-04");
        let other = fresh("2026-03-04");
        insert(store, &report).await;
        insert(store, &other).await;

        let texts = [
            (Author::Team, "which taxi rank?"),
            (Author::Reporter, "the one by the station"),
            (Author::Team, "thank you"),
        ];
        let mut appended = Vec::new();
        for (author, text) in texts {
            appended.push(
                store
                    .append_message(&report.id, message(author, text))
                    .await
                    .unwrap(),
            );
        }
        let expected: Vec<Message> = texts
            .iter()
            .enumerate()
            .map(|(seq, (author, text))| Message {
                report_id: report.id.clone(),
                seq: seq as u32,
                author: *author,
                sent_on: "2026-03-06".to_owned(),
                sealed: format!("sealed:{text}"),
            })
            .collect();
        assert_eq!(appended, expected);
        assert_eq!(store.messages(&report.id).await.unwrap(), expected);
        assert_eq!(store.messages(&other.id).await.unwrap(), vec![]);

        let mut bumped = report.clone();
        bumped.message_count = 3;
        assert_eq!(
            store.report(&report.id).await.unwrap(),
            Some(bumped.clone())
        );
        assert_eq!(
            store.report_by_receipt(&receipt_of(&report)).await.unwrap(),
            Some(bumped)
        );

        let missing = ReportId("no-such-report".into());
        match store
            .append_message(&missing, message(Author::Team, "hello"))
            .await
        {
            Err(StoreError::NotFound(id)) => assert_eq!(id, missing),
            other => panic!("expected NotFound, got {other:?}"),
        }
        assert_eq!(store.messages(&missing).await.unwrap(), vec![]);
    }

    pub async fn concurrent_appends_keep_every_message_once(store: &dyn ReportStore) {
        let report = fresh("2026-03-04");
        insert(store, &report).await;
        // Appends to one report race on its message count; few writers ever do that at once.
        const N: u32 = 12;
        let results = join_all((0..N).map(|i| {
            let id = report.id.clone();
            async move {
                store
                    .append_message(&id, message(Author::Reporter, &format!("note {i}")))
                    .await
            }
        }))
        .await;
        let mut by_seq = BTreeMap::new();
        for result in results {
            let m = result.unwrap();
            assert!(
                by_seq.insert(m.seq, m.sealed.clone()).is_none(),
                "seq {} twice",
                m.seq
            );
        }
        assert_eq!(
            by_seq.keys().copied().collect::<Vec<_>>(),
            (0..N).collect::<Vec<_>>()
        );
        let texts: BTreeSet<&String> = by_seq.values().collect();
        assert_eq!(texts.len(), N as usize, "every message kept");

        let stored = store.messages(&report.id).await.unwrap();
        assert_eq!(stored.len(), N as usize);
        for (i, m) in stored.iter().enumerate() {
            assert_eq!(m.seq, i as u32);
            assert_eq!(
                by_seq[&m.seq], m.sealed,
                "message {i} is the one appended as {i}"
            );
        }
        assert_eq!(
            store
                .report(&report.id)
                .await
                .unwrap()
                .unwrap()
                .message_count,
            N
        );
    }

    pub async fn reports_are_listed_oldest_first(store: &dyn ReportStore) {
        let days = [
            "2026-03-05",
            "2025-12-31",
            "2026-02-20",
            "2026-01-10",
            "2026-02-20",
        ];
        let reports: Vec<StoredReport> = days.iter().map(|d| fresh(d)).collect();
        for r in &reports {
            insert(store, r).await;
        }
        let listed = store.reports().await.unwrap();
        let listed_days: Vec<&str> = listed.iter().map(|r| r.received_on.as_str()).collect();
        assert_eq!(
            listed_days,
            vec![
                "2025-12-31",
                "2026-01-10",
                "2026-02-20",
                "2026-02-20",
                "2026-03-05"
            ]
        );
        // Same day: ordered by id, so the order is stable.
        assert!(listed[2].id < listed[3].id);
        let mut expected = reports.clone();
        expected.sort_by(|a, b| (&a.received_on, &a.id).cmp(&(&b.received_on, &b.id)));
        assert_eq!(listed, expected);
    }

    pub async fn expired_reports_are_invisible_and_purged(store: &dyn ReportStore) {
        let now = now();
        let key = random_hex();
        let expired = sample("2025-01-01", now - 10);
        let expiring = sample("2025-03-01", now + 3600);
        let expiring_too = sample("2025-03-02", now + 3600);
        let kept = sample("2026-03-01", now + 365 * DAY);
        let expired_key = random_hex();
        // A challenge record past its own expiry, as one read before TTL deletion runs.
        let mut spent_long_ago = new_report(&expired, None);
        spent_long_ago.challenge = Some(SpentChallenge {
            expires_at: now - 10,
            ..spent(&expired_key, SAME_SUBMISSION)
        });
        store.insert_report(spent_long_ago).await.unwrap();
        store
            .insert_report(new_report(&expiring, Some(&key)))
            .await
            .unwrap();
        insert(store, &expiring_too).await;
        insert(store, &kept).await;
        store
            .append_message(&expiring.id, message(Author::Team, "a question"))
            .await
            .unwrap();
        store
            .append_message(&kept.id, message(Author::Team, "kept question"))
            .await
            .unwrap();

        // Already expired: invisible everywhere, even before it is purged.
        assert_eq!(store.report(&expired.id).await.unwrap(), None);
        assert_eq!(
            store
                .report_by_receipt(&receipt_of(&expired))
                .await
                .unwrap(),
            None
        );
        assert!(matches!(
            store
                .append_message(&expired.id, message(Author::Team, "late"))
                .await,
            Err(StoreError::NotFound(_))
        ));
        assert_eq!(
            ids(&store.reports().await.unwrap()),
            vec![
                expiring.id.0.as_str(),
                expiring_too.id.0.as_str(),
                kept.id.0.as_str()
            ]
        );
        // Its expired challenge record no longer holds anything back.
        let replacement = fresh("2026-03-02");
        assert_eq!(
            store
                .insert_report(new_report(&replacement, Some(&expired_key)))
                .await
                .unwrap(),
            InsertOutcome::Stored
        );

        // Purge as if two hours had passed: `expired` and both `expiring` go, with their
        // receipts and messages. (DynamoDB's own TTL deletion may have removed `expired`
        // already, so it may or may not be counted.)
        let purged = store.purge_expired(now + 7200).await.unwrap();
        assert!((2..=3).contains(&purged), "purged {purged}");
        assert_eq!(store.purge_expired(now + 7200).await.unwrap(), 0);
        assert_eq!(store.report(&expiring.id).await.unwrap(), None);
        assert_eq!(store.report(&expiring_too.id).await.unwrap(), None);
        assert_eq!(
            store
                .report_by_receipt(&receipt_of(&expiring))
                .await
                .unwrap(),
            None
        );
        assert_eq!(store.messages(&expiring.id).await.unwrap(), vec![]);
        assert_eq!(
            ids(&store.reports().await.unwrap()),
            vec![kept.id.0.as_str(), replacement.id.0.as_str()]
        );
        assert_eq!(store.messages(&kept.id).await.unwrap().len(), 1);
        assert_eq!(
            store.report(&kept.id).await.unwrap().unwrap().message_count,
            1
        );

        // Nothing of the purged report is left behind: its id and receipt can be taken afresh,
        // and the report starts with no messages.
        let mut again = fresh("2026-03-03");
        again.id = expiring.id.clone();
        assert_eq!(
            store
                .insert_report(NewReport {
                    report: again.clone(),
                    receipt_hash: receipt_of(&expiring),
                    challenge: Some(spent(&random_hex(), SAME_SUBMISSION)),
                })
                .await
                .unwrap(),
            InsertOutcome::Stored
        );
        assert_eq!(store.messages(&again.id).await.unwrap(), vec![]);
        let first = store
            .append_message(&again.id, message(Author::Team, "new thread"))
            .await
            .unwrap();
        assert_eq!(first.seq, 0);
        assert_eq!(store.messages(&again.id).await.unwrap(), vec![first]);
        assert_eq!(
            store
                .report_by_receipt(&receipt_of(&expiring))
                .await
                .unwrap()
                .map(|r| r.id),
            Some(again.id.clone())
        );
    }

    /// The digest's count: the live reports of one day, and only of that day.
    pub async fn reports_are_counted_by_day(store: &dyn ReportStore) {
        let day = time::macros::date!(2026 - 03 - 04);
        let next = day.next_day().unwrap();
        for _ in 0..3 {
            insert(store, &fresh(&day.to_string())).await;
        }
        insert(store, &fresh(&next.to_string())).await;
        insert(store, &sample(&day.to_string(), now() - 60)).await;
        assert_eq!(
            store.count_received_on(day).await.unwrap(),
            3,
            "expired reports do not count"
        );
        assert_eq!(store.count_received_on(next).await.unwrap(), 1);
        assert_eq!(
            store
                .count_received_on(next.next_day().unwrap())
                .await
                .unwrap(),
            0
        );
    }
}

/// Asserts that `result` is `Unavailable` (and says what failed).
#[track_caller]
fn assert_unavailable<T: std::fmt::Debug>(what: &str, result: Result<T, StoreError>) {
    match result {
        Err(StoreError::Unavailable(message)) => {
            assert!(!message.is_empty(), "{what}: the message says what failed")
        }
        other => panic!("{what}: expected Unavailable, got {other:?}"),
    }
}

/// Every operation of a store that cannot be reached gives `Unavailable`, within seconds.
async fn assert_every_call_unavailable(store: &dyn ReportStore) {
    let started = Instant::now();
    let report = fresh("2026-03-04");
    let receipt = receipt_of(&report);
    let (insert, by_id, by_receipt, list, append, messages, purge, count) = tokio::join!(
        store.insert_report(new_report(&report, Some(&random_hex()))),
        store.report(&report.id),
        store.report_by_receipt(&receipt),
        store.reports(),
        store.append_message(&report.id, message(Author::Team, "hello")),
        store.messages(&report.id),
        store.purge_expired(now()),
        store.count_received_on(time::macros::date!(2026 - 03 - 04)),
    );
    assert_unavailable("insert_report", insert);
    assert_unavailable("report", by_id);
    assert_unavailable("report_by_receipt", by_receipt);
    assert_unavailable("reports", list);
    assert_unavailable("append_message", append);
    assert_unavailable("messages", messages);
    assert_unavailable("purge_expired", purge);
    assert_unavailable("count_received_on", count);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(15), "took {took:?}");
}

// ---- the embedded store ------------------------------------------------------------------

struct EmbeddedFixture {
    store: EmbeddedStore,
    _dir: tempfile::TempDir,
}

fn embedded_fixture() -> EmbeddedFixture {
    let dir = tempfile::tempdir().unwrap();
    let store = EmbeddedStore::open(dir.path().join(".lookout").join("reports.redb")).unwrap();
    EmbeddedFixture { store, _dir: dir }
}

/// The database holds sealed reports and case work: only its owner may read it, and a file
/// left readable by an older version is made private when it is next opened.
#[cfg(unix)]
#[test]
fn the_embedded_store_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(".lookout").join("reports.redb");
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    drop(EmbeddedStore::open(&path).unwrap());
    assert_eq!(mode(&path), 0o600);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    drop(EmbeddedStore::open(&path).unwrap());
    assert_eq!(
        mode(&path),
        0o600,
        "an older, readable file is made private"
    );
}

async fn embedded_unavailable() {
    let dir = tempfile::tempdir().unwrap();

    // A path that cannot be created (its "folder" is a file; fails even for root).
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, b"x").unwrap();
    let err = EmbeddedStore::open(file.join("reports.redb")).unwrap_err();
    assert_unavailable::<()>("open below a file", Err(err));

    // A database file held open by another program for longer than the store waits.
    let path = dir.path().join(".lookout").join("reports.redb");
    let store = EmbeddedStore::open(&path).unwrap();
    let report = fresh("2026-03-04");
    insert(&store, &report).await;
    // The store lets go of the file once idle, so another program can take it.
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    let holder = redb::Database::create(&path).expect("the idle store released the file");
    match store.report(&report.id).await {
        Err(StoreError::Unavailable(message)) => {
            assert!(
                message.contains("reports.redb"),
                "names the file: {message}"
            )
        }
        other => panic!("while held: expected Unavailable, got {other:?}"),
    }
    // Once released, the data is there, durably.
    drop(holder);
    assert_eq!(
        store.report(&report.id).await.unwrap(),
        Some(report.clone())
    );
    // Two stores on one file (`lookout serve` and `lookout reports`) take turns.
    let other = EmbeddedStore::open(&path).unwrap();
    assert_eq!(other.report(&report.id).await.unwrap(), Some(report));
}

// ---- DynamoDB ----------------------------------------------------------------------------

async fn dynamodb_unavailable() {
    // A port nothing listens on.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let client = dynamo_client(
        &format!("http://127.0.0.1:{port}"),
        dynamo::timeout_config(),
    );
    let started = Instant::now();
    assert_unavailable(
        "create_table",
        dynamo::create_table(&client, "lookout-down").await,
    );
    assert!(started.elapsed() < Duration::from_secs(15));
    let store = DynamoStore::new(client, "lookout-down".into());
    assert_every_call_unavailable(&store).await;
}

/// Purging removes the items themselves, not just their visibility: after it, the table holds
/// exactly the items of the reports that are kept.
async fn dynamodb_purge_leaves_no_items() {
    let store = dynamo_fixture().await;
    let now = now();
    let gone = sample("2025-01-01", now + 60);
    let kept = sample("2026-01-01", now + 365 * DAY);
    // A spent challenge outlives its report until its own expiry (the day after), so `gone`
    // spends none here: what is left is exactly `kept`'s five items.
    store.insert_report(new_report(&gone, None)).await.unwrap();
    store
        .insert_report(new_report(&kept, Some(&random_hex())))
        .await
        .unwrap();
    for report in [&gone, &kept] {
        for text in ["one", "two"] {
            store
                .append_message(&report.id, message(Author::Reporter, text))
                .await
                .unwrap();
        }
    }
    let keys =
        |items: Vec<std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue>>| {
            let mut keys: Vec<String> = items
                .iter()
                .map(|i| format!("{} {}", i["pk"].as_s().unwrap(), i["sk"].as_s().unwrap()))
                .collect();
            keys.sort();
            keys
        };
    let scan = || async {
        let out = store
            .client()
            .scan()
            .table_name(store.table())
            .consistent_read(true)
            .send()
            .await
            .unwrap();
        // Every item carries expires_at (the TTL attribute).
        for item in out.items() {
            assert!(item["expires_at"].as_n().is_ok(), "{item:?}");
        }
        keys(out.items.unwrap_or_default())
    };
    assert_eq!(scan().await.len(), 4 + 5);
    assert_eq!(store.purge_expired(now + 120).await.unwrap(), 1);
    let left = scan().await;
    assert_eq!(left.len(), 5, "{left:?}");
    assert!(left.iter().all(|k| !k.contains(&gone.id.0)), "{left:?}");
    assert!(
        left.contains(&format!("REPORT#{} MSG#000001", kept.id)),
        "{left:?}"
    );
    assert!(
        left.contains(&format!("RECEIPT#receipt-{} RECEIPT", kept.id)),
        "{left:?}"
    );
}

macro_rules! contract_suite {
    ($($case:ident),* $(,)?) => {
        mod embedded {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    let fixture = super::embedded_fixture();
                    super::cases::$case(&fixture.store).await;
                }
            )*

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn unavailable_when_store_cannot_be_reached() {
                super::embedded_unavailable().await;
            }
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
            async fn unavailable_when_store_cannot_be_reached() {
                super::dynamodb_unavailable().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn purge_leaves_no_items() {
                super::dynamodb_purge_leaves_no_items().await;
            }
        }
    };
}

contract_suite!(
    insert_then_read_by_id_and_receipt,
    unknown_receipt_is_none,
    taken_ids_and_receipts_are_conflicts,
    a_spent_challenge_stores_its_submission_once,
    a_challenge_is_spent_once_without_a_report,
    concurrent_inserts_are_each_stored_once,
    concurrent_inserts_with_one_key_store_one,
    messages_are_appended_in_order,
    concurrent_appends_keep_every_message_once,
    reports_are_listed_oldest_first,
    expired_reports_are_invisible_and_purged,
    reports_are_counted_by_day,
);
