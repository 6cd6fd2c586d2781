//! Writing a new report: the report, its receipt lookup and its spent challenge in one
//! transaction, each put only where no live item is, so nothing is half-written, a retried
//! submission lands once and a challenge is spent once. Also spending a challenge alone (a
//! follow-up).
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
use super::items::{Item, attr_s, expired, keyed, n, pointer, report_to_item, s};
use super::keys::{Key, PK, TTL_ATTRIBUTE};
use crate::report::ReportId;
use crate::store::{
    Binding, ChallengeKey, InsertOutcome, NewReport, ReceiptHash, SpentChallenge, StoreError,
    now_unix,
};

/// The three items of a new report.
struct NewItems {
    report: Item,
    receipt: Item,
    challenge: Option<Item>,
}

impl NewItems {
    fn of(new: &NewReport) -> Self {
        let report = &new.report;
        let mut item = report_to_item(report);
        item.insert("receipt_hash".into(), s(new.receipt_hash.0.as_str()));
        Self {
            report: item,
            receipt: pointer(
                Key::receipt(&new.receipt_hash.0),
                &report.id.0,
                report.expires_at,
            ),
            challenge: new
                .challenge
                .as_ref()
                .map(|spent| challenge_item(spent, Some(&report.id))),
        }
    }
}

/// A spent-challenge record: the binding, and the report it was spent on if any.
fn challenge_item(spent: &SpentChallenge, report: Option<&ReportId>) -> Item {
    let mut item = match report {
        Some(id) => pointer(Key::challenge(&spent.key.0), &id.0, spent.expires_at),
        None => {
            let mut item = keyed(Key::challenge(&spent.key.0));
            item.insert(TTL_ATTRIBUTE.into(), n(spent.expires_at));
            item
        }
    };
    item.insert("binding".into(), s(spent.binding.0.as_str()));
    item
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
        if let (Some(spent), true) = (&new.challenge, failed(2)) {
            let earlier = reasons.get(2).and_then(|r| r.item()).cloned();
            match earlier_spend(store, &spent.key, earlier).await? {
                Some((binding, Some(report_id))) if binding == spent.binding => {
                    return Ok(InsertOutcome::AlreadyStored { report_id });
                }
                Some(_) => return Ok(InsertOutcome::ChallengeSpent),
                // Expired in between: try again.
                None => {}
            }
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

/// The transaction: the report and receipt where none exist, the spent challenge where none
/// exists or an expired one lingers (TTL deletion is lazy).
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
            put.condition_expression(UNSPENT)
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
    if let Some(item) = &items.challenge {
        transaction.push(put(item, true)?);
    }
    Ok(transaction)
}

/// No live record of the challenge: none, or one whose TTL has passed but lingers.
const UNSPENT: &str = "attribute_not_exists(#pk) OR #exp <= :now";

/// Spends a challenge with no report (a follow-up): `false` if a live record was there.
pub(super) async fn spend_challenge(
    store: &DynamoStore,
    spent: SpentChallenge,
) -> Result<bool, StoreError> {
    let answer = store
        .client
        .put_item()
        .table_name(&store.table)
        .set_item(Some(challenge_item(&spent, None)))
        .condition_expression(UNSPENT)
        .expression_attribute_names("#pk", PK)
        .expression_attribute_names("#exp", TTL_ATTRIBUTE)
        .expression_attribute_values(":now", n(now_unix()))
        .send()
        .await;
    match answer {
        Ok(_) => Ok(true),
        Err(err)
            if err
                .as_service_error()
                .is_some_and(|e| e.is_conditional_check_failed_exception()) =>
        {
            Ok(false)
        }
        Err(err) => Err(sdk_error("spending a challenge", err)),
    }
}

/// What an earlier spend of the challenge was bound to (and its report), from the failed
/// check's old item or read again; `None` if it has expired since.
async fn earlier_spend(
    store: &DynamoStore,
    key: &ChallengeKey,
    old: Option<Item>,
) -> Result<Option<(Binding, Option<ReportId>)>, StoreError> {
    let earlier = match old {
        Some(item) if item.contains_key("binding") => Some(item),
        _ => store.get(Key::challenge(&key.0)).await?,
    };
    let Some(item) = earlier.filter(|item| !expired(item, now_unix()).unwrap_or(true)) else {
        return Ok(None);
    };
    let report = item
        .get("report_id")
        .and_then(|v| v.as_s().ok())
        .map(|id| ReportId(id.clone()));
    Ok(Some((
        Binding(attr_s(&item, "binding")?.to_owned()),
        report,
    )))
}
