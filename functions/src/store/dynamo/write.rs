//! Writing a new report: the report, its receipt lookup and its idempotency record in one
//! transaction, each put only where no live item is, so nothing is half-written and a retried
//! submission lands once.
//!
//! The SDK gives each transaction a client request token of its own (an idempotency token it
//! keeps across its retries), so when it sends a try again because the answer was slow or lost,
//! DynamoDB answers the retry as it did the first: a report stored by a try whose answer never
//! came is reported as stored, not as a conflict with itself (functions/tests/lambda_binaries.rs
//! shows it). Do not set a token by hand unless it stays that unique.

use aws_sdk_dynamodb::types::{Put, ReturnValuesOnConditionCheckFailure, TransactWriteItem};

use super::DynamoStore;
use super::errors::{
    MAX_CONFLICT_RETRIES, backoff, build_error, cancellation_reasons, is_in_progress, sdk_error,
};
use super::items::{Item, attr_s, n, pointer, report_to_item, s};
use super::keys::{Key, PK, TTL_ATTRIBUTE};
use crate::report::ReportId;
use crate::store::{IdempotencyKey, InsertOutcome, NewReport, ReceiptHash, StoreError, now_unix};

/// The three items of a new report.
struct NewItems {
    report: Item,
    receipt: Item,
    idempotency: Option<Item>,
}

impl NewItems {
    fn of(new: &NewReport) -> Self {
        let report = &new.report;
        let mut item = report_to_item(report);
        item.insert("receipt_hash".into(), s(new.receipt_hash.0.as_str()));
        if let Some(key) = &new.idempotency_key {
            item.insert("idempotency_key".into(), s(key.0.as_str()));
        }
        let point = |key: Key| pointer(key, &report.id.0, report.expires_at);
        Self {
            report: item,
            receipt: point(Key::receipt(&new.receipt_hash.0)),
            idempotency: new
                .idempotency_key
                .as_ref()
                .map(|IdempotencyKey(key)| point(Key::idempotency(key))),
        }
    }
}

pub(super) async fn insert_report(
    store: &DynamoStore,
    new: NewReport,
) -> Result<InsertOutcome, StoreError> {
    let items = NewItems::of(&new);
    let mut attempt = 0;
    loop {
        let transaction = transaction(store, &items, now_unix())?;
        let err = match store
            .client
            .transact_write_items()
            .set_transact_items(Some(transaction))
            .send()
            .await
        {
            Ok(_) => return Ok(InsertOutcome::Stored),
            Err(err) => err,
        };
        let Some(reasons) = cancellation_reasons(&err) else {
            if is_in_progress(&err) && attempt < MAX_CONFLICT_RETRIES {
                attempt += 1;
                backoff(attempt).await;
                continue;
            }
            return Err(sdk_error("writing a new report", err));
        };
        let failed =
            |i: usize| reasons.get(i).and_then(|r| r.code()) == Some("ConditionalCheckFailed");
        if let (Some(key), true) = (&new.idempotency_key, failed(2)) {
            let earlier = reasons.get(2).and_then(|r| r.item()).cloned();
            if let Some(report_id) = earlier_report(store, key, earlier).await? {
                return Ok(InsertOutcome::AlreadyStored { report_id });
            }
            // Deleted in between (purged): try again.
        } else if failed(0) {
            return Err(StoreError::Conflict(format!(
                "report id {} is already taken",
                new.report.id
            )));
        } else if failed(1) {
            return Err(taken_receipt(&new.receipt_hash));
        } else if !reasons
            .iter()
            .any(|r| r.code() == Some("TransactionConflict"))
        {
            return Err(sdk_error("writing a new report", err));
        }
        if attempt >= MAX_CONFLICT_RETRIES {
            return Err(StoreError::Unavailable(
                "writing a new report: too many conflicting writes, gave up".into(),
            ));
        }
        attempt += 1;
        backoff(attempt).await;
    }
}

fn taken_receipt(_hash: &ReceiptHash) -> StoreError {
    // The hash is not printed: it is the one thing that links a receipt to its report.
    StoreError::Conflict("a receipt lookup for this receipt already exists".into())
}

/// The transaction: the report and receipt where none exist, the idempotency record where
/// none exists or an expired one lingers (TTL deletion is lazy).
fn transaction(
    store: &DynamoStore,
    items: &NewItems,
    now: i64,
) -> Result<Vec<TransactWriteItem>, StoreError> {
    let put = |item: &Item, replace_expired: bool| -> Result<TransactWriteItem, StoreError> {
        let mut put = Put::builder()
            .table_name(&store.table)
            .set_item(Some(item.clone()))
            .expression_attribute_names("#pk", PK);
        put = if replace_expired {
            put.condition_expression("attribute_not_exists(#pk) OR #exp <= :now")
                .expression_attribute_names("#exp", TTL_ATTRIBUTE)
                .expression_attribute_values(":now", n(now))
                .return_values_on_condition_check_failure(
                    ReturnValuesOnConditionCheckFailure::AllOld,
                )
        } else {
            put.condition_expression("attribute_not_exists(#pk)")
        };
        Ok(TransactWriteItem::builder()
            .put(put.build().map_err(build_error)?)
            .build())
    };
    let mut transaction = vec![put(&items.report, false)?, put(&items.receipt, false)?];
    if let Some(item) = &items.idempotency {
        transaction.push(put(item, true)?);
    }
    Ok(transaction)
}

/// The report an earlier submission with the same idempotency key stored, from the failed
/// check's old item or read again.
async fn earlier_report(
    store: &DynamoStore,
    key: &IdempotencyKey,
    old: Option<Item>,
) -> Result<Option<ReportId>, StoreError> {
    let earlier = match old {
        Some(item) if item.contains_key("report_id") => Some(item),
        _ => store.get(Key::idempotency(&key.0)).await?,
    };
    earlier
        .map(|item| Ok(ReportId(attr_s(&item, "report_id")?.to_owned())))
        .transpose()
}
