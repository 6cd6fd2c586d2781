//! A store that allows only some calls: what a deployed function may do, as `deploy` declares
//! it. A call outside the list is refused as a fault of ours, so a handler that starts using a
//! call its function does not declare fails its tests instead of failing in the cloud with an
//! IAM AccessDenied after the deploy.

use std::sync::Arc;

use async_trait::async_trait;
use time::Date;

use super::{
    Binding, ChallengeKey, InsertOutcome, NewMessage, NewReport, ReceiptHash, ReportStore,
    SpentChallenge, StoreCall, StoreError,
};
use crate::report::{Message, ReportId, StoredReport};

pub struct ScopedStore {
    inner: Arc<dyn ReportStore>,
    allowed: &'static [StoreCall],
    /// Whose calls these are, for the error.
    whose: &'static str,
}

impl ScopedStore {
    pub fn new(
        inner: Arc<dyn ReportStore>,
        whose: &'static str,
        allowed: &'static [StoreCall],
    ) -> Self {
        Self {
            inner,
            allowed,
            whose,
        }
    }

    fn allow(&self, call: StoreCall) -> Result<&dyn ReportStore, StoreError> {
        if self.allowed.contains(&call) {
            Ok(self.inner.as_ref())
        } else {
            Err(StoreError::Internal(format!(
                "{} may not call {call:?}: add it to its store calls in functions/src/deploy.rs \
                 (and so to its role in infra/template.yaml)",
                self.whose
            )))
        }
    }
}

#[async_trait]
impl ReportStore for ScopedStore {
    async fn insert_report(&self, new: NewReport) -> Result<InsertOutcome, StoreError> {
        self.allow(StoreCall::InsertReport)?
            .insert_report(new)
            .await
    }

    async fn report(&self, id: &ReportId) -> Result<Option<StoredReport>, StoreError> {
        self.allow(StoreCall::Report)?.report(id).await
    }

    async fn spent_challenge(&self, key: &ChallengeKey) -> Result<Option<Binding>, StoreError> {
        self.allow(StoreCall::SpentChallenge)?
            .spent_challenge(key)
            .await
    }

    async fn spend_challenge(&self, spent: SpentChallenge) -> Result<bool, StoreError> {
        self.allow(StoreCall::SpendChallenge)?
            .spend_challenge(spent)
            .await
    }

    async fn report_by_receipt(
        &self,
        hash: &ReceiptHash,
    ) -> Result<Option<StoredReport>, StoreError> {
        self.allow(StoreCall::ReportByReceipt)?
            .report_by_receipt(hash)
            .await
    }

    async fn reports(&self) -> Result<Vec<StoredReport>, StoreError> {
        self.allow(StoreCall::Reports)?.reports().await
    }

    async fn append_message(
        &self,
        id: &ReportId,
        message: NewMessage,
    ) -> Result<Message, StoreError> {
        self.allow(StoreCall::AppendMessage)?
            .append_message(id, message)
            .await
    }

    async fn messages(&self, id: &ReportId) -> Result<Vec<Message>, StoreError> {
        self.allow(StoreCall::Messages)?.messages(id).await
    }

    async fn purge_expired(&self, now_unix: i64) -> Result<usize, StoreError> {
        self.allow(StoreCall::PurgeExpired)?
            .purge_expired(now_unix)
            .await
    }

    async fn count_received_on(&self, day: Date) -> Result<u64, StoreError> {
        self.allow(StoreCall::CountReceivedOn)?
            .count_received_on(day)
            .await
    }
}
