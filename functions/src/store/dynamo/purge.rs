//! Deleting what retention no longer allows: DynamoDB's TTL deletes expired items on its own,
//! some time after they expire; `lookout reports purge` deletes them now.

use aws_sdk_dynamodb::types::{DeleteRequest, WriteRequest};

use super::DynamoStore;
use super::errors::{MAX_CONFLICT_RETRIES, backoff, build_error, sdk_error};
use super::items::{Item, attr_s, s};
use super::keys::{Key, PK, SK, report_pk};
use crate::store::StoreError;

pub(super) async fn purge_expired(store: &DynamoStore, now: i64) -> Result<usize, StoreError> {
    let expired = store
        .scan_reports("#sk = :report AND #exp <= :now", now)
        .await?;
    for report in &expired {
        purge_report(store, report).await?;
    }
    Ok(expired.len())
}

/// Messages, case events and the receipt first, the report last: if this stops half-way the report is still
/// there and the next purge finishes the job.
async fn purge_report(store: &DynamoStore, report: &Item) -> Result<(), StoreError> {
    let id = attr_s(report, "id")?.to_owned();
    let mut keys = store
        .query_messages(&id)
        .await?
        .iter()
        .map(|m| {
            Ok(Key {
                pk: report_pk(&id),
                sk: attr_s(m, SK)?.to_owned(),
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    keys.extend(store.case_event_keys(&id).await?);
    keys.push(Key::receipt(attr_s(report, "receipt_hash")?));
    delete_all(store, keys).await?;
    let key = Key::report(&id);
    store
        .client
        .delete_item()
        .table_name(&store.table)
        .key(PK, s(key.pk))
        .key(SK, s(key.sk))
        .send()
        .await
        .map_err(|e| sdk_error("deleting an expired report", e))?;
    Ok(())
}

/// Deletes items by key, unconditionally, in batches of 25 (retrying unprocessed ones).
async fn delete_all(store: &DynamoStore, keys: Vec<Key>) -> Result<(), StoreError> {
    for chunk in keys.chunks(25) {
        let mut requests = chunk
            .iter()
            .map(|key| {
                let delete = DeleteRequest::builder()
                    .key(PK, s(key.pk.as_str()))
                    .key(SK, s(key.sk.as_str()))
                    .build()
                    .map_err(build_error)?;
                Ok(WriteRequest::builder().delete_request(delete).build())
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let mut attempt = 0;
        while !requests.is_empty() {
            if attempt > MAX_CONFLICT_RETRIES {
                return Err(StoreError::Unavailable(
                    "deleting expired items: DynamoDB kept them unprocessed".into(),
                ));
            }
            if attempt > 0 {
                backoff(attempt).await;
            }
            attempt += 1;
            let out = store
                .client
                .batch_write_item()
                .request_items(store.table.clone(), requests)
                .send()
                .await
                .map_err(|e| sdk_error("deleting expired items", e))?;
            requests = out
                .unprocessed_items
                .and_then(|mut m| m.remove(&store.table))
                .unwrap_or_default();
        }
    }
    Ok(())
}
