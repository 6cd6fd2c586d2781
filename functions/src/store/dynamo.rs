//! The DynamoDB store, for the cloud. One table, keys `pk` (S) and `sk` (S), TTL attribute
//! `expires_at` (N, unix seconds); the item layout is in ARCHITECTURE.md:
//!
//! | item               | pk                         | sk            |
//! | ------------------ | -------------------------- | ------------- |
//! | report             | `REPORT#<id>`              | `REPORT`      |
//! | receipt lookup     | `RECEIPT#<hash>`           | `RECEIPT`     |
//! | idempotency record | `IDEMPOTENCY#<key hash>`   | `IDEMPOTENCY` |
//! | follow-up message  | `REPORT#<id>`              | `MSG#<seq, 6 digits>` |
//!
//! The report item also carries `receipt_hash` (and `idempotency_key` when there is one) so
//! that purging a report can remove its lookup items. Every item carries `expires_at`; since
//! DynamoDB's TTL deletion is lazy, reads also filter out expired items.
//!
//! Every failure to talk to DynamoDB (dispatch failure, timeout, throttling, service error) is
//! [`StoreError::Unavailable`]. The clients built here use short timeouts and few retries, so
//! a store that is down is reported within seconds.

use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
/// Re-exported so callers (the CLI, tests) need no direct dependency on the SDK.
pub use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::config::retry::RetryConfig;
use aws_sdk_dynamodb::config::timeout::TimeoutConfig;
use aws_sdk_dynamodb::error::{DisplayErrorContext, SdkError};
use aws_sdk_dynamodb::operation::create_table::CreateTableError;
use aws_sdk_dynamodb::operation::delete_item::DeleteItemError;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, CancellationReason, DeleteRequest,
    KeySchemaElement, KeyType, Put, ReturnValuesOnConditionCheckFailure, ScalarAttributeType,
    TableStatus, TimeToLiveSpecification, TimeToLiveStatus, TransactWriteItem, Update,
    WriteRequest,
};

use super::{
    IdempotencyKey, InsertOutcome, NewMessage, NewReport, ReceiptHash, ReportStore, StoreError,
    now_unix,
};
use crate::report::{Author, Message, ReportId, ReporterKey, StoredReport};

type Item = HashMap<String, AttributeValue>;

const TTL_ATTRIBUTE: &str = "expires_at";
/// How often a write that lost a race (transaction conflict, concurrent append) is retried.
const MAX_CONFLICT_RETRIES: u32 = 40;

/// Timeouts for every client Lookout builds: a store that does not answer is reported as
/// unavailable within seconds rather than minutes.
pub fn timeout_config() -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(2))
        .operation_attempt_timeout(Duration::from_secs(4))
        .operation_timeout(Duration::from_secs(8))
        .build()
}

/// Retries for every client Lookout builds: a few quick attempts, then give up.
pub fn retry_config() -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(200))
        .with_max_backoff(Duration::from_secs(2))
}

/// A client from the standard AWS chain (credentials, region), with Lookout's timeouts and
/// retries, optionally pointed at another endpoint (a local DynamoDB-compatible server).
pub async fn client(endpoint: Option<&str>) -> Client {
    let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .timeout_config(timeout_config())
        .retry_config(retry_config());
    if let Some(endpoint) = endpoint {
        loader = loader.endpoint_url(endpoint);
    }
    Client::new(&loader.load().await)
}

/// Creates the table (PAY_PER_REQUEST, keys `pk`/`sk`) if it does not exist, waits until it is
/// active and turns on TTL on `expires_at`. Safe to call on an existing table.
pub async fn create_table(client: &Client, table: &str) -> Result<(), StoreError> {
    let key = |name: &str, kind: KeyType| {
        KeySchemaElement::builder()
            .attribute_name(name)
            .key_type(kind)
            .build()
            .map_err(build_error)
    };
    let attribute = |name: &str| {
        AttributeDefinition::builder()
            .attribute_name(name)
            .attribute_type(ScalarAttributeType::S)
            .build()
            .map_err(build_error)
    };
    let created = client
        .create_table()
        .table_name(table)
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(attribute("pk")?)
        .attribute_definitions(attribute("sk")?)
        .key_schema(key("pk", KeyType::Hash)?)
        .key_schema(key("sk", KeyType::Range)?)
        .send()
        .await;
    match created {
        Ok(_) => {}
        Err(e)
            if matches!(
                e.as_service_error(),
                Some(CreateTableError::ResourceInUseException(_))
            ) => {}
        Err(e) => return Err(sdk_error(&format!("creating table {table}"), e)),
    }

    let mut waited = Duration::ZERO;
    loop {
        let described = client
            .describe_table()
            .table_name(table)
            .send()
            .await
            .map_err(|e| sdk_error(&format!("describing table {table}"), e))?;
        let status = described.table().and_then(|t| t.table_status());
        if status == Some(&TableStatus::Active) {
            break;
        }
        if waited >= Duration::from_secs(120) {
            return Err(StoreError::Unavailable(format!(
                "table {table} did not become active (status {status:?})"
            )));
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
        waited += Duration::from_millis(250);
    }

    let ttl = client
        .describe_time_to_live()
        .table_name(table)
        .send()
        .await
        .map_err(|e| sdk_error(&format!("reading the TTL setting of table {table}"), e))?;
    let enabled = ttl.time_to_live_description().is_some_and(|d| {
        d.attribute_name() == Some(TTL_ATTRIBUTE)
            && matches!(
                d.time_to_live_status(),
                Some(TimeToLiveStatus::Enabled | TimeToLiveStatus::Enabling)
            )
    });
    if !enabled {
        client
            .update_time_to_live()
            .table_name(table)
            .time_to_live_specification(
                TimeToLiveSpecification::builder()
                    .enabled(true)
                    .attribute_name(TTL_ATTRIBUTE)
                    .build()
                    .map_err(build_error)?,
            )
            .send()
            .await
            .map_err(|e| sdk_error(&format!("turning on TTL for table {table}"), e))?;
    }
    Ok(())
}

/// Reports in one DynamoDB table.
#[derive(Debug, Clone)]
pub struct DynamoStore {
    client: Client,
    table: String,
}

impl DynamoStore {
    /// A store on `table` through `client` (configure the client with [`timeout_config`] and
    /// [`retry_config`], or build it with [`client`]).
    pub fn new(client: Client, table: String) -> Self {
        Self { client, table }
    }

    /// The store the functions use: table from `LOOKOUT_TABLE`, endpoint override from
    /// `LOOKOUT_DYNAMODB_ENDPOINT`, credentials and region from the standard AWS chain.
    pub async fn from_env() -> Result<Self, StoreError> {
        let table = std::env::var("LOOKOUT_TABLE")
            .ok()
            .filter(|t| !t.trim().is_empty())
            .ok_or_else(|| {
                StoreError::Unavailable("LOOKOUT_TABLE (the DynamoDB table name) is not set".into())
            })?;
        let endpoint = std::env::var("LOOKOUT_DYNAMODB_ENDPOINT")
            .ok()
            .filter(|e| !e.trim().is_empty());
        Ok(Self::new(client(endpoint.as_deref()).await, table))
    }

    pub fn table(&self) -> &str {
        &self.table
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    async fn get(&self, pk: String, sk: &str) -> Result<Option<Item>, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", s(pk))
            .key("sk", s(sk))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| sdk_error("reading an item", e))?;
        Ok(out.item)
    }

    /// The report item, if it exists and has not expired.
    async fn report_item(&self, id: &str) -> Result<Option<Item>, StoreError> {
        let now = now_unix();
        let item = self.get(report_pk(id), "REPORT").await?;
        match item {
            Some(item) if attr_n::<i64>(&item, TTL_ATTRIBUTE)? > now => Ok(Some(item)),
            _ => Ok(None),
        }
    }

    /// Scans the report items matching `filter` (with `:report` and `:now` bound).
    async fn scan_reports(&self, filter: &str, now: i64) -> Result<Vec<Item>, StoreError> {
        let mut items = Vec::new();
        let mut start = None;
        loop {
            let out = self
                .client
                .scan()
                .table_name(&self.table)
                .consistent_read(true)
                .filter_expression(filter)
                .expression_attribute_names("#sk", "sk")
                .expression_attribute_names("#exp", TTL_ATTRIBUTE)
                .expression_attribute_values(":report", s("REPORT"))
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

    /// The message items of a report (keys and attributes), oldest first.
    async fn query_messages(&self, id: &str) -> Result<Vec<Item>, StoreError> {
        let mut items = Vec::new();
        let mut start = None;
        loop {
            let out = self
                .client
                .query()
                .table_name(&self.table)
                .consistent_read(true)
                .key_condition_expression("#pk = :pk AND begins_with(#sk, :msg)")
                .expression_attribute_names("#pk", "pk")
                .expression_attribute_names("#sk", "sk")
                .expression_attribute_values(":pk", s(report_pk(id)))
                .expression_attribute_values(":msg", s("MSG#"))
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(|e| sdk_error("reading messages", e))?;
            items.extend(out.items.unwrap_or_default());
            match out.last_evaluated_key {
                Some(key) if !key.is_empty() => start = Some(key),
                _ => return Ok(items),
            }
        }
    }

    /// Deletes items by key, unconditionally, in batches of 25 (retrying unprocessed ones).
    async fn delete_all(&self, keys: Vec<(String, String)>) -> Result<(), StoreError> {
        for chunk in keys.chunks(25) {
            let mut requests = chunk
                .iter()
                .map(|(pk, sk)| {
                    Ok(WriteRequest::builder()
                        .delete_request(
                            DeleteRequest::builder()
                                .key("pk", s(pk.as_str()))
                                .key("sk", s(sk.as_str()))
                                .build()
                                .map_err(build_error)?,
                        )
                        .build())
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            let mut attempt = 0;
            while !requests.is_empty() {
                if attempt > 0 {
                    backoff(attempt).await;
                }
                if attempt > MAX_CONFLICT_RETRIES {
                    return Err(StoreError::Unavailable(
                        "deleting expired items: DynamoDB kept them unprocessed".into(),
                    ));
                }
                attempt += 1;
                let out = self
                    .client
                    .batch_write_item()
                    .request_items(self.table.clone(), requests)
                    .send()
                    .await
                    .map_err(|e| sdk_error("deleting expired items", e))?;
                requests = out
                    .unprocessed_items
                    .and_then(|mut m| m.remove(&self.table))
                    .unwrap_or_default();
            }
        }
        Ok(())
    }
}

#[async_trait]
impl ReportStore for DynamoStore {
    async fn already_stored(&self, key: &IdempotencyKey) -> Result<bool, StoreError> {
        let item = self
            .get(format!("IDEMPOTENCY#{}", key.0), "IDEMPOTENCY")
            .await?;
        // TTL deletion is lazy: an expired record no longer counts.
        Ok(item
            .is_some_and(|item| attr_n::<i64>(&item, "expires_at").is_ok_and(|at| at > now_unix())))
    }

    async fn insert_report(&self, new: NewReport) -> Result<InsertOutcome, StoreError> {
        let NewReport {
            report,
            receipt_hash: ReceiptHash(receipt_hash),
            idempotency_key,
        } = new;
        let idempotency_key = idempotency_key.map(|IdempotencyKey(k)| k);
        let id = report.id.0.clone();
        let expires = n(report.expires_at);

        let mut report_item = report_to_item(&report);
        report_item.insert("receipt_hash".into(), s(receipt_hash.as_str()));
        if let Some(key) = &idempotency_key {
            report_item.insert("idempotency_key".into(), s(key.as_str()));
        }
        let receipt_item: Item = HashMap::from([
            ("pk".into(), s(format!("RECEIPT#{receipt_hash}"))),
            ("sk".into(), s("RECEIPT")),
            ("report_id".into(), s(id.as_str())),
            (TTL_ATTRIBUTE.into(), expires.clone()),
        ]);
        let idempotency_item: Option<Item> = idempotency_key.as_ref().map(|key| {
            HashMap::from([
                ("pk".into(), s(format!("IDEMPOTENCY#{key}"))),
                ("sk".into(), s("IDEMPOTENCY")),
                ("report_id".into(), s(id.as_str())),
                (TTL_ATTRIBUTE.into(), expires.clone()),
            ])
        });

        let mut attempt = 0;
        loop {
            let now = now_unix();
            let put_new = |item: Item| -> Result<TransactWriteItem, StoreError> {
                Ok(TransactWriteItem::builder()
                    .put(
                        Put::builder()
                            .table_name(&self.table)
                            .set_item(Some(item))
                            .condition_expression("attribute_not_exists(#pk)")
                            .expression_attribute_names("#pk", "pk")
                            .build()
                            .map_err(build_error)?,
                    )
                    .build())
            };
            let mut items = vec![
                put_new(report_item.clone())?,
                put_new(receipt_item.clone())?,
            ];
            if let Some(item) = &idempotency_item {
                // An expired record that TTL has not deleted yet no longer counts.
                items.push(
                    TransactWriteItem::builder()
                        .put(
                            Put::builder()
                                .table_name(&self.table)
                                .set_item(Some(item.clone()))
                                .condition_expression("attribute_not_exists(#pk) OR #exp <= :now")
                                .expression_attribute_names("#pk", "pk")
                                .expression_attribute_names("#exp", TTL_ATTRIBUTE)
                                .expression_attribute_values(":now", n(now))
                                .return_values_on_condition_check_failure(
                                    ReturnValuesOnConditionCheckFailure::AllOld,
                                )
                                .build()
                                .map_err(build_error)?,
                        )
                        .build(),
                );
            }
            let err = match self
                .client
                .transact_write_items()
                .set_transact_items(Some(items))
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
            let code = |i: usize| reasons.get(i).and_then(|r| r.code());
            if let (Some(key), Some("ConditionalCheckFailed")) = (&idempotency_key, code(2)) {
                let earlier = match reasons.get(2).and_then(|r| r.item()) {
                    Some(item) if item.contains_key("report_id") => Some(item.clone()),
                    _ => {
                        self.get(format!("IDEMPOTENCY#{key}"), "IDEMPOTENCY")
                            .await?
                    }
                };
                if let Some(earlier) = earlier {
                    return Ok(InsertOutcome::AlreadyStored {
                        report_id: ReportId(attr_s(&earlier, "report_id")?.to_owned()),
                    });
                }
                // Deleted in between (purged): try again.
            } else if code(0) == Some("ConditionalCheckFailed") {
                return Err(StoreError::Unavailable(format!(
                    "refusing to overwrite report {id}: the id is already taken"
                )));
            } else if code(1) == Some("ConditionalCheckFailed") {
                return Err(StoreError::Unavailable(
                    "refusing to overwrite a receipt that is already taken".into(),
                ));
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

    async fn report(&self, id: &ReportId) -> Result<Option<StoredReport>, StoreError> {
        self.report_item(&id.0)
            .await?
            .map(|item| report_from_item(&item))
            .transpose()
    }

    async fn report_by_receipt(
        &self,
        hash: &ReceiptHash,
    ) -> Result<Option<StoredReport>, StoreError> {
        let Some(receipt) = self.get(format!("RECEIPT#{}", hash.0), "RECEIPT").await? else {
            return Ok(None);
        };
        if attr_n::<i64>(&receipt, TTL_ATTRIBUTE)? <= now_unix() {
            return Ok(None);
        }
        let id = attr_s(&receipt, "report_id")?;
        self.report_item(id)
            .await?
            .map(|item| report_from_item(&item))
            .transpose()
    }

    async fn reports(&self) -> Result<Vec<StoredReport>, StoreError> {
        let items = self
            .scan_reports("#sk = :report AND #exp > :now", now_unix())
            .await?;
        let mut reports = items
            .iter()
            .map(report_from_item)
            .collect::<Result<Vec<_>, _>>()?;
        super::sort_oldest_first(&mut reports);
        Ok(reports)
    }

    async fn append_message(
        &self,
        id: &ReportId,
        message: NewMessage,
    ) -> Result<Message, StoreError> {
        let mut attempt = 0;
        // The report as last seen: read first, then taken from a failed condition check.
        let mut seen: Option<Item> = None;
        loop {
            let report = match seen.take() {
                Some(item) if attr_n::<i64>(&item, TTL_ATTRIBUTE)? > now_unix() => item,
                Some(_) => return Err(StoreError::NotFound(id.clone())),
                None => match self.report_item(&id.0).await? {
                    Some(item) => item,
                    None => return Err(StoreError::NotFound(id.clone())),
                },
            };
            let seq: u32 = attr_n(&report, "message_count")?;
            let next = seq.checked_add(1).ok_or_else(|| {
                StoreError::Unavailable(format!("report {id} has too many messages"))
            })?;
            let expires_at: i64 = attr_n(&report, TTL_ATTRIBUTE)?;
            let stored = Message {
                report_id: id.clone(),
                seq,
                author: message.author,
                sent_on: message.sent_on.clone(),
                sealed: message.sealed.clone(),
            };
            let message_item: Item = HashMap::from([
                ("pk".into(), s(report_pk(&id.0))),
                ("sk".into(), s(message_sk(seq))),
                ("seq".into(), n(seq)),
                ("author".into(), s(author_str(stored.author))),
                ("sent_on".into(), s(stored.sent_on.as_str())),
                ("sealed".into(), s(stored.sealed.as_str())),
                (TTL_ATTRIBUTE.into(), n(expires_at)),
            ]);
            let update = Update::builder()
                .table_name(&self.table)
                .key("pk", s(report_pk(&id.0)))
                .key("sk", s("REPORT"))
                .update_expression("SET #count = :next")
                .condition_expression("attribute_exists(#pk) AND #count = :seq AND #exp > :now")
                .expression_attribute_names("#pk", "pk")
                .expression_attribute_names("#count", "message_count")
                .expression_attribute_names("#exp", TTL_ATTRIBUTE)
                .expression_attribute_values(":seq", n(seq))
                .expression_attribute_values(":next", n(next))
                .expression_attribute_values(":now", n(now_unix()))
                .return_values_on_condition_check_failure(
                    ReturnValuesOnConditionCheckFailure::AllOld,
                )
                .build()
                .map_err(build_error)?;
            let put = Put::builder()
                .table_name(&self.table)
                .set_item(Some(message_item))
                .condition_expression("attribute_not_exists(#pk)")
                .expression_attribute_names("#pk", "pk")
                .build()
                .map_err(build_error)?;
            let result = self
                .client
                .transact_write_items()
                .transact_items(TransactWriteItem::builder().update(update).build())
                .transact_items(TransactWriteItem::builder().put(put).build())
                .send()
                .await;
            let err = match result {
                Ok(_) => return Ok(stored),
                Err(err) => err,
            };
            // Lost a race with another append (or the report vanished): retry with the report
            // as the failed check saw it, or read it again.
            let reasons = cancellation_reasons(&err).unwrap_or_default();
            if let Some(current) = reasons
                .first()
                .filter(|r| r.code() == Some("ConditionalCheckFailed"))
                .and_then(|r| r.item())
                .filter(|item| item.contains_key("message_count"))
            {
                seen = Some(current.clone());
            }
            let lost_race = reasons.iter().any(|r| {
                matches!(
                    r.code(),
                    Some("ConditionalCheckFailed" | "TransactionConflict")
                )
            }) || is_in_progress(&err);
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

    async fn messages(&self, id: &ReportId) -> Result<Vec<Message>, StoreError> {
        let now = now_unix();
        let mut messages = Vec::new();
        for item in self.query_messages(&id.0).await? {
            if attr_n::<i64>(&item, TTL_ATTRIBUTE)? <= now {
                continue;
            }
            messages.push(Message {
                report_id: id.clone(),
                seq: attr_n(&item, "seq")?,
                author: match attr_s(&item, "author")? {
                    "team" => Author::Team,
                    "reporter" => Author::Reporter,
                    other => {
                        return Err(StoreError::Corrupt(format!(
                            "unknown message author {other:?}"
                        )));
                    }
                },
                sent_on: attr_s(&item, "sent_on")?.to_owned(),
                sealed: attr_s(&item, "sealed")?.to_owned(),
            });
        }
        messages.sort_by_key(|m| m.seq);
        Ok(messages)
    }

    async fn purge_expired(&self, now_unix: i64) -> Result<usize, StoreError> {
        let expired = self
            .scan_reports("#sk = :report AND #exp <= :now", now_unix)
            .await?;
        let mut purged = 0;
        for report in expired {
            let id = attr_s(&report, "id")?.to_owned();
            // Messages and the receipt first, the report last: if this stops half-way the
            // report is still there and the next purge finishes the job.
            let mut keys = self
                .query_messages(&id)
                .await?
                .iter()
                .map(|m| Ok((report_pk(&id), attr_s(m, "sk")?.to_owned())))
                .collect::<Result<Vec<_>, StoreError>>()?;
            keys.push((
                format!("RECEIPT#{}", attr_s(&report, "receipt_hash")?),
                "RECEIPT".to_owned(),
            ));
            self.delete_all(keys).await?;
            if let Some(key) = report.get("idempotency_key").and_then(|v| v.as_s().ok()) {
                // Only if it still points at this report.
                let deleted = self
                    .client
                    .delete_item()
                    .table_name(&self.table)
                    .key("pk", s(format!("IDEMPOTENCY#{key}")))
                    .key("sk", s("IDEMPOTENCY"))
                    .condition_expression("report_id = :id")
                    .expression_attribute_values(":id", s(id.as_str()))
                    .send()
                    .await;
                match deleted {
                    Ok(_) => {}
                    Err(e)
                        if matches!(
                            e.as_service_error(),
                            Some(DeleteItemError::ConditionalCheckFailedException(_))
                        ) => {}
                    Err(e) => return Err(sdk_error("deleting an idempotency record", e)),
                }
            }
            self.client
                .delete_item()
                .table_name(&self.table)
                .key("pk", s(report_pk(&id)))
                .key("sk", s("REPORT"))
                .send()
                .await
                .map_err(|e| sdk_error("deleting an expired report", e))?;
            purged += 1;
        }
        Ok(purged)
    }
}

// ---- items ------------------------------------------------------------------------------

fn report_pk(id: &str) -> String {
    format!("REPORT#{id}")
}

fn message_sk(seq: u32) -> String {
    format!("MSG#{seq:06}")
}

fn s(value: impl Into<String>) -> AttributeValue {
    AttributeValue::S(value.into())
}

fn n(value: impl ToString) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

fn author_str(author: Author) -> &'static str {
    match author {
        Author::Team => "team",
        Author::Reporter => "reporter",
    }
}

fn report_to_item(report: &StoredReport) -> Item {
    let readable = report
        .readable
        .iter()
        .map(|(question, values)| {
            (
                question.clone(),
                AttributeValue::L(values.iter().map(|v| s(v.as_str())).collect()),
            )
        })
        .collect();
    HashMap::from([
        ("pk".into(), s(report_pk(&report.id.0))),
        ("sk".into(), s("REPORT")),
        ("id".into(), s(report.id.0.as_str())),
        ("received_on".into(), s(report.received_on.as_str())),
        (TTL_ATTRIBUTE.into(), n(report.expires_at)),
        ("readable".into(), AttributeValue::M(readable)),
        ("sealed".into(), s(report.sealed.as_str())),
        (
            "reporter_recipient".into(),
            s(report.reporter_key.recipient.as_str()),
        ),
        (
            "reporter_wrapped_identity".into(),
            s(report.reporter_key.wrapped_identity.as_str()),
        ),
        ("message_count".into(), n(report.message_count)),
    ])
}

fn report_from_item(item: &Item) -> Result<StoredReport, StoreError> {
    let readable = item
        .get("readable")
        .and_then(|v| v.as_m().ok())
        .ok_or_else(|| StoreError::Corrupt("report attribute readable is missing".into()))?
        .iter()
        .map(|(question, values)| {
            let values = values
                .as_l()
                .map_err(|_| StoreError::Corrupt(format!("readable.{question} is not a list")))?
                .iter()
                .map(|v| {
                    v.as_s().cloned().map_err(|_| {
                        StoreError::Corrupt(format!("readable.{question} holds a non-string"))
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok((question.clone(), values))
        })
        .collect::<Result<BTreeMap<_, _>, StoreError>>()?;
    Ok(StoredReport {
        id: ReportId(attr_s(item, "id")?.to_owned()),
        received_on: attr_s(item, "received_on")?.to_owned(),
        expires_at: attr_n(item, TTL_ATTRIBUTE)?,
        readable,
        sealed: attr_s(item, "sealed")?.to_owned(),
        reporter_key: ReporterKey {
            recipient: attr_s(item, "reporter_recipient")?.to_owned(),
            wrapped_identity: attr_s(item, "reporter_wrapped_identity")?.to_owned(),
        },
        message_count: attr_n(item, "message_count")?,
    })
}

fn attr_s<'a>(item: &'a Item, name: &str) -> Result<&'a str, StoreError> {
    item.get(name)
        .and_then(|v| v.as_s().ok())
        .map(String::as_str)
        .ok_or_else(|| StoreError::Corrupt(format!("attribute {name} is missing or not a string")))
}

fn attr_n<T: FromStr>(item: &Item, name: &str) -> Result<T, StoreError> {
    item.get(name)
        .and_then(|v| v.as_n().ok())
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| StoreError::Corrupt(format!("attribute {name} is missing or not a number")))
}

// ---- errors -----------------------------------------------------------------------------

fn sdk_error<E, R>(what: &str, err: SdkError<E, R>) -> StoreError
where
    E: std::error::Error + 'static,
    R: std::fmt::Debug,
{
    StoreError::Unavailable(format!("{what}: {}", DisplayErrorContext(&err)))
}

fn build_error(err: aws_sdk_dynamodb::error::BuildError) -> StoreError {
    StoreError::Unavailable(format!("building a DynamoDB request: {err}"))
}

fn cancellation_reasons<R>(
    err: &SdkError<TransactWriteItemsError, R>,
) -> Option<&[CancellationReason]> {
    match err.as_service_error() {
        Some(TransactWriteItemsError::TransactionCanceledException(e)) => {
            Some(e.cancellation_reasons())
        }
        _ => None,
    }
}

fn is_in_progress<R>(err: &SdkError<TransactWriteItemsError, R>) -> bool {
    matches!(
        err.as_service_error(),
        Some(TransactWriteItemsError::TransactionInProgressException(_))
    )
}

/// Sleeps a little, more on later attempts, with jitter so racing writers spread out.
async fn backoff(attempt: u32) {
    let cap = 10u64 * u64::from(attempt.min(20)) + 10;
    tokio::time::sleep(Duration::from_millis(rand::random_range(5..=cap))).await;
}
