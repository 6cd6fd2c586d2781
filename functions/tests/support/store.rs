//! Reports, receipts and messages for the store tests: distinct content every time, so cases
//! sharing a table never see each other's items.

use std::collections::BTreeMap;

use lookout_functions::report::{Author, ReportId, ReporterKey, StoredReport};
use lookout_functions::store::{
    Binding, ChallengeKey, InsertOutcome, NewMessage, NewReport, ReceiptHash, ReportStore,
    SpentChallenge,
};

pub const DAY: i64 = 24 * 60 * 60;

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

pub fn random_hex() -> String {
    format!(
        "{:016x}{:016x}",
        rand::random::<u64>(),
        rand::random::<u64>()
    )
}

/// A report received on `day`, expiring at `expires_at`, with distinct content.
pub fn sample(day: &str, expires_at: i64) -> StoredReport {
    let id = random_hex();
    StoredReport {
        id: ReportId(id.clone()),
        received_on: day.to_owned(),
        expires_at,
        readable: BTreeMap::from([
            ("reporter".to_owned(), vec!["taxi-driver".to_owned()]),
            (
                "indicators".to_owned(),
                vec!["taxi-odd-hours".to_owned(), "taxi-cash-only".to_owned()],
            ),
            ("seen_on".to_owned(), vec!["2026-W10".to_owned()]),
            ("contact".to_owned(), vec![]),
        ]),
        sealed: format!(
            "-----BEGIN AGE ENCRYPTED FILE-----\n{id}\n-----END AGE ENCRYPTED FILE-----\n"
        ),
        reporter_key: ReporterKey {
            recipient: format!("age1recipient{id}"),
            wrapped_identity: format!("wrapped-{id}"),
        },
        message_count: 0,
        verified: Some(true),
        fingerprint: None,
    }
}

pub fn fresh(day: &str) -> StoredReport {
    sample(day, now() + 30 * DAY)
}

pub fn receipt_of(report: &StoredReport) -> ReceiptHash {
    ReceiptHash(format!("receipt-{}", report.id))
}

/// What every `new_report` with a challenge is bound to: retries of one submission.
pub const SAME_SUBMISSION: &str = "the same submission";

/// A challenge record that lives a day, spent on `binding`.
pub fn spent(key: &str, binding: &str) -> SpentChallenge {
    SpentChallenge {
        key: ChallengeKey(key.to_owned()),
        binding: Binding(binding.to_owned()),
        expires_at: now() + DAY,
    }
}

/// A new report, spending `challenge` (if any) on [`SAME_SUBMISSION`].
pub fn new_report(report: &StoredReport, challenge: Option<&str>) -> NewReport {
    NewReport {
        report: report.clone(),
        receipt_hash: receipt_of(report),
        challenge: challenge.map(|key| spent(key, SAME_SUBMISSION)),
    }
}

pub fn message(author: Author, text: &str) -> NewMessage {
    NewMessage {
        author,
        sent_on: "2026-03-06".to_owned(),
        sealed: format!("sealed:{text}"),
    }
}

pub async fn insert(store: &dyn ReportStore, report: &StoredReport) {
    let outcome = store.insert_report(new_report(report, None)).await.unwrap();
    assert_eq!(outcome, InsertOutcome::Stored);
}

pub fn ids(reports: &[StoredReport]) -> Vec<&str> {
    reports.iter().map(|r| r.id.0.as_str()).collect()
}
