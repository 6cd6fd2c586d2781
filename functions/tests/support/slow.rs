//! A store that is slow: each call waits before it reaches the real store, and a write can
//! also wait after the real store has it (a write that lands but whose answer is late). The
//! delays can be changed while the store is in use, so a test can make only one try slow.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use lookout_functions::report::{Message, ReportId, StoredReport};
use lookout_functions::store::{
    Binding, ChallengeKey, InsertOutcome, NewMessage, NewReport, ReceiptHash, ReportStore,
    SpentChallenge, StoreError,
};

pub struct SlowStore {
    inner: Arc<dyn ReportStore>,
    before_ms: AtomicU64,
    after_write_ms: AtomicU64,
}

impl SlowStore {
    pub fn new(inner: Arc<dyn ReportStore>) -> Self {
        Self {
            inner,
            before_ms: AtomicU64::new(0),
            after_write_ms: AtomicU64::new(0),
        }
    }

    /// Every call waits this long before it reaches the store.
    pub fn before_each_call(&self, delay: Duration) {
        self.before_ms
            .store(delay.as_millis() as u64, Ordering::SeqCst);
    }

    /// A write waits this long after the store has it, before it answers.
    pub fn after_each_write(&self, delay: Duration) {
        self.after_write_ms
            .store(delay.as_millis() as u64, Ordering::SeqCst);
    }

    async fn wait_before(&self) {
        let ms = self.before_ms.load(Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }

    async fn wait_after_write(&self) {
        let ms = self.after_write_ms.load(Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
}

#[async_trait]
impl ReportStore for SlowStore {
    async fn insert_report(&self, new: NewReport) -> Result<InsertOutcome, StoreError> {
        self.wait_before().await;
        let outcome = self.inner.insert_report(new).await;
        self.wait_after_write().await;
        outcome
    }
    async fn report(&self, id: &ReportId) -> Result<Option<StoredReport>, StoreError> {
        self.wait_before().await;
        self.inner.report(id).await
    }
    async fn spent_challenge(&self, key: &ChallengeKey) -> Result<Option<Binding>, StoreError> {
        self.wait_before().await;
        self.inner.spent_challenge(key).await
    }
    async fn spend_challenge(&self, spent: SpentChallenge) -> Result<bool, StoreError> {
        self.wait_before().await;
        self.inner.spend_challenge(spent).await
    }
    async fn report_by_receipt(
        &self,
        hash: &ReceiptHash,
    ) -> Result<Option<StoredReport>, StoreError> {
        self.wait_before().await;
        self.inner.report_by_receipt(hash).await
    }
    async fn reports(&self) -> Result<Vec<StoredReport>, StoreError> {
        self.wait_before().await;
        self.inner.reports().await
    }
    async fn append_message(
        &self,
        id: &ReportId,
        message: NewMessage,
    ) -> Result<Message, StoreError> {
        self.wait_before().await;
        let stored = self.inner.append_message(id, message).await;
        self.wait_after_write().await;
        stored
    }
    async fn messages(&self, id: &ReportId) -> Result<Vec<Message>, StoreError> {
        self.wait_before().await;
        self.inner.messages(id).await
    }
    async fn purge_expired(&self, now_unix: i64) -> Result<usize, StoreError> {
        self.wait_before().await;
        self.inner.purge_expired(now_unix).await
    }
    async fn count_received_on(&self, day: time::Date) -> Result<u64, StoreError> {
        self.wait_before().await;
        self.inner.count_received_on(day).await
    }
}
