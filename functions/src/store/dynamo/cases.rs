//! The case calls on DynamoDB: events under `CASE#<report id>`, sort key `EVENT#<seq>`, each put
//! only where none is, so two team members never take one number; and moving the expiry of a
//! report and everything kept with it, for an evidence hold.

use std::collections::BTreeMap;

use async_trait::async_trait;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;

use super::DynamoStore;
use super::errors::{MAX_CONFLICT_RETRIES, backoff, sdk_error};
use super::items::{Item, attr_n, attr_s, expired, keyed, n, s};
use super::keys::{CASE_EVENT_SK_PREFIX, CASE_PREFIX, Key, PK, SK, TTL_ATTRIBUTE, case_pk};
use crate::report::ReportId;
use crate::store::cases::{CaseEvent, CaseStore, NewCaseEvent};
use crate::store::{StoreError, now_unix};

fn event_to_item(event: &CaseEvent, expires_at: i64) -> Result<Item, StoreError> {
    let change = serde_json::to_string(&event.change)
        .map_err(|e| StoreError::Internal(format!("encoding a case event: {e}")))?;
    let mut item = keyed(Key::case_event(&event.report_id.0, event.seq));
    item.extend([
        ("report_id".into(), s(event.report_id.0.as_str())),
        ("seq".into(), n(event.seq)),
        ("on".into(), s(event.on.as_str())),
        ("by".into(), s(event.by.as_str())),
        ("change".into(), s(change)),
        (TTL_ATTRIBUTE.into(), n(expires_at)),
    ]);
    Ok(item)
}

fn event_from_item(item: &Item) -> Result<CaseEvent, StoreError> {
    Ok(CaseEvent {
        report_id: ReportId(attr_s(item, "report_id")?.to_owned()),
        seq: attr_n(item, "seq")?,
        on: attr_s(item, "on")?.to_owned(),
        by: attr_s(item, "by")?.to_owned(),
        change: serde_json::from_str(attr_s(item, "change")?)
            .map_err(|e| StoreError::Corrupt(format!("a case event's change: {e}")))?,
    })
}

impl DynamoStore {
    /// The case event items of a report, in order (`last_only`: just the latest).
    async fn query_case_events(&self, id: &str, last_only: bool) -> Result<Vec<Item>, StoreError> {
        self.query_prefix(case_pk(id), CASE_EVENT_SK_PREFIX, last_only)
            .await
    }

    /// The keys of a report's case events (for purging).
    pub(super) async fn case_event_keys(&self, id: &str) -> Result<Vec<Key>, StoreError> {
        self.query_case_events(id, false)
            .await?
            .iter()
            .map(|item| {
                Ok(Key {
                    pk: case_pk(id),
                    sk: attr_s(item, SK)?.to_owned(),
                })
            })
            .collect()
    }

    /// Sets `expires_at` on the item at `key` if it exists (and, with `owner`, only if it
    /// still points at that report).
    async fn move_expiry(
        &self,
        key: Key,
        expires_at: i64,
        owner: Option<&str>,
    ) -> Result<(), StoreError> {
        let mut update = self
            .client
            .update_item()
            .table_name(&self.table)
            .key(PK, s(key.pk))
            .key(SK, s(key.sk))
            .update_expression("SET #exp = :exp")
            .expression_attribute_names("#pk", PK)
            .expression_attribute_names("#exp", TTL_ATTRIBUTE)
            .expression_attribute_values(":exp", n(expires_at));
        update = match owner {
            Some(id) => update
                .condition_expression("attribute_exists(#pk) AND report_id = :id")
                .expression_attribute_values(":id", s(id)),
            None => update.condition_expression("attribute_exists(#pk)"),
        };
        match update.send().await {
            Ok(_) => Ok(()),
            // Gone already (or taken by a later report): nothing of this report to move.
            Err(e)
                if matches!(
                    e.as_service_error(),
                    Some(UpdateItemError::ConditionalCheckFailedException(_))
                ) =>
            {
                Ok(())
            }
            Err(e) => Err(sdk_error("moving an expiry", e)),
        }
    }
}

#[async_trait]
impl CaseStore for DynamoStore {
    async fn append_case_event(
        &self,
        id: &ReportId,
        event: NewCaseEvent,
    ) -> Result<CaseEvent, StoreError> {
        let report = self
            .live_report_item(&id.0)
            .await?
            .ok_or_else(|| StoreError::NotFound(id.clone()))?;
        let expires_at: i64 = attr_n(&report, TTL_ATTRIBUTE)?;
        let mut attempt = 0;
        loop {
            let last = self.query_case_events(&id.0, true).await?;
            let seq = match last.first() {
                Some(item) => attr_n::<u32>(item, "seq")?.checked_add(1).ok_or_else(|| {
                    StoreError::Conflict(format!("report {id} has too many case events"))
                })?,
                None => 0,
            };
            let stored = CaseEvent::new(id.clone(), seq, event.clone());
            let put = self
                .client
                .put_item()
                .table_name(&self.table)
                .set_item(Some(event_to_item(&stored, expires_at)?))
                .condition_expression("attribute_not_exists(#pk)")
                .expression_attribute_names("#pk", PK)
                .send()
                .await;
            match put {
                Ok(_) => return Ok(stored),
                Err(e)
                    if matches!(
                        e.as_service_error(),
                        Some(PutItemError::ConditionalCheckFailedException(_))
                    ) && attempt < MAX_CONFLICT_RETRIES =>
                {
                    // Another member took this number: take the next.
                    attempt += 1;
                    backoff(attempt).await;
                }
                Err(e) => return Err(sdk_error("writing a case event", e)),
            }
        }
    }

    async fn case_events(&self, id: &ReportId) -> Result<Vec<CaseEvent>, StoreError> {
        let now = now_unix();
        let mut events = Vec::new();
        for item in self.query_case_events(&id.0, false).await? {
            if !expired(&item, now)? {
                events.push(event_from_item(&item)?);
            }
        }
        events.sort_by_key(|e| e.seq);
        Ok(events)
    }

    async fn all_case_events(&self) -> Result<BTreeMap<ReportId, Vec<CaseEvent>>, StoreError> {
        let mut by_report: BTreeMap<ReportId, Vec<CaseEvent>> = BTreeMap::new();
        let mut start = None;
        loop {
            let out = self
                .client
                .scan()
                .table_name(&self.table)
                .consistent_read(true)
                .filter_expression("begins_with(#pk, :case) AND #exp > :now")
                .expression_attribute_names("#pk", PK)
                .expression_attribute_names("#exp", TTL_ATTRIBUTE)
                .expression_attribute_values(":case", s(CASE_PREFIX))
                .expression_attribute_values(":now", n(now_unix()))
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(|e| sdk_error("scanning case events", e))?;
            for item in out.items() {
                let event = event_from_item(item)?;
                by_report
                    .entry(event.report_id.clone())
                    .or_default()
                    .push(event);
            }
            match out.last_evaluated_key {
                Some(key) if !key.is_empty() => start = Some(key),
                _ => break,
            }
        }
        for events in by_report.values_mut() {
            events.sort_by_key(|e| e.seq);
        }
        Ok(by_report)
    }

    async fn set_expiry(&self, id: &ReportId, expires_at: i64) -> Result<(), StoreError> {
        let report = self
            .live_report_item(&id.0)
            .await?
            .ok_or_else(|| StoreError::NotFound(id.clone()))?;
        let mut keys: Vec<Key> = self
            .query_messages(&id.0)
            .await?
            .iter()
            .map(|m| {
                Ok(Key {
                    pk: super::keys::report_pk(&id.0),
                    sk: attr_s(m, SK)?.to_owned(),
                })
            })
            .collect::<Result<_, StoreError>>()?;
        keys.extend(self.case_event_keys(&id.0).await?);
        keys.push(Key::receipt(attr_s(&report, "receipt_hash")?));
        for key in keys {
            self.move_expiry(key, expires_at, None).await?;
        }
        self.move_expiry(Key::report(&id.0), expires_at, None).await
    }
}
