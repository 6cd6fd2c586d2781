//! Reads: single items by key, live reports, scans and queries with pagination, and the day
//! index's counts.

use aws_sdk_dynamodb::types::Select;
use time::Date;

use super::DynamoStore;
use super::errors::sdk_error;
use super::items::{Item, attr_s, expired, n, report_from_item, s};
use super::keys::{
    Key, MESSAGE_SK_PREFIX, PK, RECEIVED_DAY, RECEIVED_DAY_INDEX, REPORT_SK, SK, TTL_ATTRIBUTE,
    received_day, report_pk,
};
use crate::report::StoredReport;
use crate::store::{Binding, ChallengeKey, ReceiptHash, StoreError, now_unix, sort_oldest_first};

impl DynamoStore {
    /// The item at `key`, read consistently.
    pub(super) async fn get(&self, key: Key) -> Result<Option<Item>, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key(PK, s(key.pk))
            .key(SK, s(key.sk))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| sdk_error("reading an item", e))?;
        Ok(out.item)
    }

    /// The report item, if it exists and has not expired.
    pub(super) async fn live_report_item(&self, id: &str) -> Result<Option<Item>, StoreError> {
        match self.get(Key::report(id)).await? {
            Some(item) if !expired(&item, now_unix())? => Ok(Some(item)),
            _ => Ok(None),
        }
    }

    pub(super) async fn live_report(&self, id: &str) -> Result<Option<StoredReport>, StoreError> {
        self.live_report_item(id)
            .await?
            .map(|item| report_from_item(&item))
            .transpose()
    }

    /// The report items matching `filter` (with `#sk`, `#exp`, `:report` and `:now` bound).
    pub(super) async fn scan_reports(
        &self,
        filter: &str,
        now: i64,
    ) -> Result<Vec<Item>, StoreError> {
        let mut items = Vec::new();
        let mut start = None;
        loop {
            let out = self
                .client
                .scan()
                .table_name(&self.table)
                .consistent_read(true)
                .filter_expression(filter)
                .expression_attribute_names("#sk", SK)
                .expression_attribute_names("#exp", TTL_ATTRIBUTE)
                .expression_attribute_values(":report", s(REPORT_SK))
                .expression_attribute_values(":now", n(now))
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(|e| sdk_error("scanning reports", e))?;
            items.extend(out.items.unwrap_or_default());
            match out.last_evaluated_key {
                Some(key) if !key.is_empty() => start = Some(key),
                _ => return Ok(items),
            }
        }
    }

    /// The message items of a report (keys and attributes), in sequence order.
    pub(super) async fn query_messages(&self, id: &str) -> Result<Vec<Item>, StoreError> {
        self.query_prefix(report_pk(id), MESSAGE_SK_PREFIX, false)
            .await
    }

    /// The items under partition `pk` whose sort key starts with `sk_prefix`, in order
    /// (`last_only`: just the last one).
    pub(super) async fn query_prefix(
        &self,
        pk: String,
        sk_prefix: &str,
        last_only: bool,
    ) -> Result<Vec<Item>, StoreError> {
        let mut items = Vec::new();
        let mut start = None;
        loop {
            let mut query = self
                .client
                .query()
                .table_name(&self.table)
                .consistent_read(true)
                .key_condition_expression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expression_attribute_names("#pk", PK)
                .expression_attribute_names("#sk", SK)
                .expression_attribute_values(":pk", s(pk.as_str()))
                .expression_attribute_values(":prefix", s(sk_prefix))
                .set_exclusive_start_key(start);
            if last_only {
                query = query.scan_index_forward(false).limit(1);
            }
            let out = query
                .send()
                .await
                .map_err(|e| sdk_error("reading a report's items", e))?;
            items.extend(out.items.unwrap_or_default());
            match out.last_evaluated_key {
                Some(key) if !key.is_empty() && !last_only => start = Some(key),
                _ => return Ok(items),
            }
        }
    }
}

pub(super) async fn spent_challenge(
    store: &DynamoStore,
    key: &ChallengeKey,
) -> Result<Option<Binding>, StoreError> {
    let item = store.get(Key::challenge(&key.0)).await?;
    // TTL deletion is lazy: an expired record no longer counts.
    match item {
        Some(item) if !expired(&item, now_unix())? => {
            Ok(Some(Binding(attr_s(&item, "binding")?.to_owned())))
        }
        _ => Ok(None),
    }
}

pub(super) async fn report_by_receipt(
    store: &DynamoStore,
    hash: &ReceiptHash,
) -> Result<Option<StoredReport>, StoreError> {
    let Some(receipt) = store.get(Key::receipt(&hash.0)).await? else {
        return Ok(None);
    };
    if expired(&receipt, now_unix())? {
        return Ok(None);
    }
    store.live_report(attr_s(&receipt, "report_id")?).await
}

/// Counts a day's live reports in the day index (eventually consistent: a report stored a
/// moment ago may be counted in the next digest), page by page, asking only for the count.
pub(super) async fn count_received_on(store: &DynamoStore, day: Date) -> Result<u64, StoreError> {
    let mut count = 0u64;
    let mut start = None;
    loop {
        let out = store
            .client
            .query()
            .table_name(&store.table)
            .index_name(RECEIVED_DAY_INDEX)
            .select(Select::Count)
            .key_condition_expression("#day = :day")
            .filter_expression("#exp > :now")
            .expression_attribute_names("#day", RECEIVED_DAY)
            .expression_attribute_names("#exp", TTL_ATTRIBUTE)
            .expression_attribute_values(":day", s(received_day(&day.to_string())))
            .expression_attribute_values(":now", n(now_unix()))
            .set_exclusive_start_key(start)
            .send()
            .await
            .map_err(|e| sdk_error("counting a day's reports", e))?;
        count += u64::try_from(out.count).unwrap_or_default();
        match out.last_evaluated_key {
            Some(key) if !key.is_empty() => start = Some(key),
            _ => return Ok(count),
        }
    }
}

pub(super) async fn live_reports(store: &DynamoStore) -> Result<Vec<StoredReport>, StoreError> {
    let items = store
        .scan_reports("#sk = :report AND #exp > :now", now_unix())
        .await?;
    let mut reports = items
        .iter()
        .map(report_from_item)
        .collect::<Result<Vec<_>, _>>()?;
    sort_oldest_first(&mut reports);
    Ok(reports)
}
