//! The DynamoDB store, for the cloud. One table, keys `pk` (S) and `sk` (S), TTL attribute
//! `expires_at` (N, unix seconds); the item layout is in ARCHITECTURE.md and in [`keys`].
//!
//! The report item also carries `receipt_hash` so that purging a report can remove its lookup
//! item. Every item carries `expires_at`; since
//! DynamoDB's TTL deletion is lazy, reads also filter out expired items.
//!
//! A failure to talk to DynamoDB (dispatch failure, timeout, throttling, service error) is
//! [`StoreError::Unavailable`]; a write that would overwrite an existing item is
//! [`StoreError::Conflict`].

mod access;
mod cases;
mod client;
mod errors;
mod items;
pub mod keys;
mod provision;
mod purge;
mod read;
mod thread;
mod write;

use async_trait::async_trait;
/// Re-exported so callers (the CLI, tests) need no direct dependency on the SDK.
pub use aws_sdk_dynamodb::Client;
use time::Date;

pub use access::{Access, access};
pub use client::{client, client_with, retry_config, timeout_config};
pub use provision::{create_table, table_exists};

use super::{
    Binding, ChallengeKey, InsertOutcome, NewMessage, NewReport, ReceiptHash, ReportStore,
    SpentChallenge, StoreError,
};
use crate::report::{Message, ReportId, StoredReport};

/// Reports in one DynamoDB table.
#[derive(Debug, Clone)]
pub struct DynamoStore {
    client: Client,
    table: String,
}

impl DynamoStore {
    /// A store on `table` through `client` (build it with [`client`], or configure your own
    /// with [`timeout_config`] and [`retry_config`]).
    pub fn new(client: Client, table: String) -> Self {
        Self { client, table }
    }

    pub fn table(&self) -> &str {
        &self.table
    }

    pub fn client(&self) -> &Client {
        &self.client
    }
}

#[async_trait]
impl ReportStore for DynamoStore {
    async fn insert_report(&self, new: NewReport) -> Result<InsertOutcome, StoreError> {
        write::insert_report(self, new).await
    }

    async fn report(&self, id: &ReportId) -> Result<Option<StoredReport>, StoreError> {
        self.live_report(&id.0).await
    }

    async fn spent_challenge(&self, key: &ChallengeKey) -> Result<Option<Binding>, StoreError> {
        read::spent_challenge(self, key).await
    }

    async fn spend_challenge(&self, spent: SpentChallenge) -> Result<bool, StoreError> {
        write::spend_challenge(self, spent).await
    }

    async fn report_by_receipt(
        &self,
        hash: &ReceiptHash,
    ) -> Result<Option<StoredReport>, StoreError> {
        read::report_by_receipt(self, hash).await
    }

    async fn reports(&self) -> Result<Vec<StoredReport>, StoreError> {
        read::live_reports(self).await
    }

    async fn append_message(
        &self,
        id: &ReportId,
        message: NewMessage,
    ) -> Result<Message, StoreError> {
        thread::append_message(self, id, message).await
    }

    async fn messages(&self, id: &ReportId) -> Result<Vec<Message>, StoreError> {
        thread::messages(self, id).await
    }

    async fn purge_expired(&self, now_unix: i64) -> Result<usize, StoreError> {
        purge::purge_expired(self, now_unix).await
    }

    async fn count_received_on(&self, day: Date) -> Result<u64, StoreError> {
        read::count_received_on(self, day).await
    }
}
