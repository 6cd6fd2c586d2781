//! Where reports live. One trait, two stores: DynamoDB in the cloud and an embedded database
//! for `lookout serve`. The contract test suite (`functions/tests/store_contract.rs`) runs the
//! same cases against both.

use async_trait::async_trait;
use time::Date;

use crate::report::{Author, Message, ReportId, StoredReport};

pub mod cases;
pub mod dynamo;
pub mod embedded;
mod scoped;

pub use scoped::ScopedStore;

/// The slow, salted hash of a receipt (hex). It is the only form in which a receipt is stored.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReceiptHash(pub String);

/// The hash (hex) of a solved challenge or of a captcha token: what makes it single-use.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ChallengeKey(pub String);

/// What a challenge was spent on: the keyed hash of the idempotency key and the answers
/// (`receipt::Binding`), so a retry of the same submission is told from a replay.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Binding(pub String);

/// A spent challenge record, kept until `expires_at` (the challenge's own expiry rounded up
/// to the next midnight UTC, so it records no time of a report finer than the day).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpentChallenge {
    pub key: ChallengeKey,
    pub binding: Binding,
    pub expires_at: i64,
}

/// Everything written, all or nothing, when a report arrives.
#[derive(Debug, Clone)]
pub struct NewReport {
    pub report: StoredReport,
    pub receipt_hash: ReceiptHash,
    /// The verified lane's challenge, spent in the same transaction; `None` in the strict lane.
    pub challenge: Option<SpentChallenge>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InsertOutcome {
    /// The report, its receipt lookup and its spent challenge were all written durably.
    Stored,
    /// The challenge was spent on this same submission (a retry whose answer was lost):
    /// nothing new was written.
    AlreadyStored { report_id: ReportId },
    /// The challenge was spent on another submission: nothing was written.
    ChallengeSpent,
}

#[derive(Debug, Clone)]
pub struct NewMessage {
    pub author: Author,
    pub sent_on: String,
    pub sealed: String,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The store could not be reached or refused the write: nothing was stored, and trying
    /// again later may work.
    #[error("the report store is unavailable: {0}")]
    Unavailable(String),
    /// The write would have replaced an item that exists (a report id or receipt already
    /// taken): nothing was stored. A fault on our side, not an outage.
    #[error("the store refused to overwrite an existing item: {0}")]
    Conflict(String),
    /// A request the store could not be sent (a fault in Lookout, not in the store).
    #[error("internal store error: {0}")]
    Internal(String),
    #[error("no report with id {0}")]
    NotFound(ReportId),
    /// Data read back did not have the expected shape.
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
}

/// The calls of [`ReportStore`], one per method: what a deployment grants each function is
/// derived from the calls its handlers make (`store::dynamo::access`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StoreCall {
    InsertReport,
    SpentChallenge,
    SpendChallenge,
    Report,
    ReportByReceipt,
    Reports,
    AppendMessage,
    Messages,
    PurgeExpired,
    /// The digest's count of a day's reports.
    CountReceivedOn,
    /// The case calls ([`cases::CaseStore`]), which only the triage team's tools make.
    AppendCaseEvent,
    CaseEvents,
    AllCaseEvents,
    SetExpiry,
}

impl StoreCall {
    pub const ALL: [StoreCall; 14] = [
        StoreCall::InsertReport,
        StoreCall::SpentChallenge,
        StoreCall::SpendChallenge,
        StoreCall::Report,
        StoreCall::ReportByReceipt,
        StoreCall::Reports,
        StoreCall::AppendMessage,
        StoreCall::Messages,
        StoreCall::PurgeExpired,
        StoreCall::CountReceivedOn,
        StoreCall::AppendCaseEvent,
        StoreCall::CaseEvents,
        StoreCall::AllCaseEvents,
        StoreCall::SetExpiry,
    ];
}

#[async_trait]
pub trait ReportStore: Send + Sync + 'static {
    /// Writes the report, its receipt lookup and its spent challenge atomically.
    async fn insert_report(&self, new: NewReport) -> Result<InsertOutcome, StoreError>;
    async fn report(&self, id: &ReportId) -> Result<Option<StoredReport>, StoreError>;
    /// What a live spent-challenge record says the challenge was spent on, so a retry can be
    /// answered before anything costly (a hash, a captcha call) is done again.
    async fn spent_challenge(&self, key: &ChallengeKey) -> Result<Option<Binding>, StoreError>;
    /// Records a challenge as spent on its own (a follow-up, which stores no report); `false`
    /// if a live record was already there (nothing written).
    async fn spend_challenge(&self, spent: SpentChallenge) -> Result<bool, StoreError>;
    async fn report_by_receipt(
        &self,
        hash: &ReceiptHash,
    ) -> Result<Option<StoredReport>, StoreError>;
    /// Every report that has not expired, oldest first (by the day received, then by id).
    async fn reports(&self) -> Result<Vec<StoredReport>, StoreError>;
    /// Appends a message (sequence = the report's `message_count`) and bumps the count, atomically.
    /// `NotFound` if the report does not exist or has expired.
    async fn append_message(
        &self,
        id: &ReportId,
        message: NewMessage,
    ) -> Result<Message, StoreError>;
    /// The report's messages in sequence order; empty for an unknown or expired report.
    async fn messages(&self, id: &ReportId) -> Result<Vec<Message>, StoreError>;
    /// Deletes reports (with their receipts, messages and case events) whose `expires_at` is at
    /// or before `now_unix`, i.e. that reads no longer show, and spent-challenge records past
    /// theirs; returns how many reports.
    /// Reports that DynamoDB's TTL has already removed are not counted.
    async fn purge_expired(&self, now_unix: i64) -> Result<usize, StoreError>;
    /// How many live reports were received on `day`, counted without reading any of them (the
    /// digest's call; DynamoDB answers it from its day index, not a scan).
    async fn count_received_on(&self, day: Date) -> Result<u64, StoreError>;
}

/// The current time in unix seconds (what `expires_at` is compared with).
pub(crate) fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// "Oldest first" as every store orders it: by the day received, then by id. No finer arrival
/// order is kept (it would say more about when a report came than the day does).
pub(crate) fn sort_oldest_first(reports: &mut [StoredReport]) {
    reports.sort_by(|a, b| (&a.received_on, &a.id).cmp(&(&b.received_on, &b.id)));
}
