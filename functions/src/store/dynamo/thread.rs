//! A report's follow-up thread: messages under the report's partition key, appended in one
//! transaction with the report's message count so that two writers never take one number.

use aws_sdk_dynamodb::types::{
    Put, ReturnValuesOnConditionCheckFailure, TransactWriteItem, Update,
};

use super::DynamoStore;
use super::errors::{
    MAX_CONFLICT_RETRIES, backoff, build_error, cancellation_reasons, is_in_progress, sdk_error,
};
use super::items::{Item, attr_n, expired, message_from_item, message_to_item, n, s};
use super::keys::{Key, PK, SK, TTL_ATTRIBUTE};
use crate::report::{Message, ReportId};
use crate::store::{NewMessage, StoreError, now_unix};

pub(super) async fn append_message(
    store: &DynamoStore,
    id: &ReportId,
    message: NewMessage,
) -> Result<Message, StoreError> {
    let mut attempt = 0;
    // The report as last seen: read first, then taken from a failed condition check.
    let mut seen: Option<Item> = None;
    loop {
        let report = match seen.take() {
            Some(item) if !expired(&item, now_unix())? => item,
            Some(_) => return Err(StoreError::NotFound(id.clone())),
            None => store
                .live_report_item(&id.0)
                .await?
                .ok_or_else(|| StoreError::NotFound(id.clone()))?,
        };
        let seq: u32 = attr_n(&report, "message_count")?;
        let stored = Message {
            report_id: id.clone(),
            seq,
            author: message.author,
            sent_on: message.sent_on.clone(),
            sealed: message.sealed.clone(),
        };
        let expires_at: i64 = attr_n(&report, TTL_ATTRIBUTE)?;
        let result = store
            .client
            .transact_write_items()
            .set_transact_items(Some(append(store, &stored, expires_at)?))
            .send()
            .await;
        let err = match result {
            Ok(_) => return Ok(stored),
            Err(err) => err,
        };
        // Lost a race with another append (or the report vanished): retry with the report as
        // the failed check saw it, or read it again.
        let reasons = cancellation_reasons(&err).unwrap_or_default();
        seen = reasons
            .first()
            .filter(|r| r.code() == Some("ConditionalCheckFailed"))
            .and_then(|r| r.item())
            .filter(|item| item.contains_key("message_count"))
            .cloned();
        let lost_race = is_in_progress(&err)
            || reasons.iter().any(|r| {
                matches!(
                    r.code(),
                    Some("ConditionalCheckFailed" | "TransactionConflict")
                )
            });
        if !lost_race {
            return Err(sdk_error("writing a message", err));
        }
        if attempt >= MAX_CONFLICT_RETRIES {
            return Err(StoreError::Unavailable(
                "writing a message: too many conflicting writes, gave up".into(),
            ));
        }
        attempt += 1;
        backoff(attempt).await;
    }
}

/// Bump the count from `message.seq` to the next (only if no one else did, and the report is
/// live) and put the message where none is.
fn append(
    store: &DynamoStore,
    message: &Message,
    expires_at: i64,
) -> Result<Vec<TransactWriteItem>, StoreError> {
    let seq = message.seq;
    let next = seq.checked_add(1).ok_or_else(|| {
        StoreError::Conflict(format!(
            "report {} has too many messages",
            message.report_id
        ))
    })?;
    let report = Key::report(&message.report_id.0);
    let update = Update::builder()
        .table_name(&store.table)
        .key(PK, s(report.pk))
        .key(SK, s(report.sk))
        .update_expression("SET #count = :next")
        .condition_expression("attribute_exists(#pk) AND #count = :seq AND #exp > :now")
        .expression_attribute_names("#pk", PK)
        .expression_attribute_names("#count", "message_count")
        .expression_attribute_names("#exp", TTL_ATTRIBUTE)
        .expression_attribute_values(":seq", n(seq))
        .expression_attribute_values(":next", n(next))
        .expression_attribute_values(":now", n(now_unix()))
        .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
        .build()
        .map_err(build_error)?;
    let put = Put::builder()
        .table_name(&store.table)
        .set_item(Some(message_to_item(message, expires_at)))
        .condition_expression("attribute_not_exists(#pk)")
        .expression_attribute_names("#pk", PK)
        .build()
        .map_err(build_error)?;
    Ok(vec![
        TransactWriteItem::builder().update(update).build(),
        TransactWriteItem::builder().put(put).build(),
    ])
}

pub(super) async fn messages(
    store: &DynamoStore,
    id: &ReportId,
) -> Result<Vec<Message>, StoreError> {
    let now = now_unix();
    let mut messages = Vec::new();
    for item in store.query_messages(&id.0).await? {
        if !expired(&item, now)? {
            messages.push(message_from_item(id, &item)?);
        }
    }
    messages.sort_by_key(|m| m.seq);
    Ok(messages)
}
