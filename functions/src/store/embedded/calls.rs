//! The store's calls, each one transaction: writes are committed durably before they return.

use async_trait::async_trait;
use redb::{ReadableTable, ReadableTableMetadata};
use time::Date;

use super::EmbeddedStore;
use super::challenges::{CHALLENGES, binding_of, live_spend, purge_spent, record_spend};
use super::tables::{
    CASE_EVENTS, MESSAGES, RECEIPTS, REPORTS, ReportRecord, decode_record, encode, live_sequence,
    read_report, unavailable, visible,
};
use crate::report::{Message, ReportId, StoredReport};
use crate::store::{
    Binding, ChallengeKey, InsertOutcome, NewMessage, NewReport, ReceiptHash, ReportStore,
    SpentChallenge, StoreError, now_unix,
};

#[async_trait]
impl ReportStore for EmbeddedStore {
    async fn insert_report(&self, new: NewReport) -> Result<InsertOutcome, StoreError> {
        self.run(move |db| {
            let now = now_unix();
            let NewReport {
                report,
                receipt_hash: ReceiptHash(receipt_hash),
                challenge,
            } = new;
            let txn = db
                .begin_write()
                .map_err(unavailable("starting a write transaction"))?;
            {
                let mut reports = txn
                    .open_table(REPORTS)
                    .map_err(unavailable("opening the reports table"))?;
                let mut receipts = txn
                    .open_table(RECEIPTS)
                    .map_err(unavailable("opening the receipts table"))?;
                let mut challenges = txn
                    .open_table(CHALLENGES)
                    .map_err(unavailable("opening the challenges table"))?;

                let earlier = match &challenge {
                    Some(spent) => live_spend(&challenges, &spent.key.0, now)?.map(|e| (spent, e)),
                    None => None,
                };
                if let Some((spent, earlier)) = earlier {
                    // Dropping the transaction without committing aborts it.
                    return Ok(match earlier.report_id {
                        Some(id) if binding_of(&earlier) == spent.binding => {
                            InsertOutcome::AlreadyStored {
                                report_id: ReportId(id),
                            }
                        }
                        _ => InsertOutcome::ChallengeSpent,
                    });
                }
                if reports
                    .get(report.id.0.as_str())
                    .map_err(unavailable("reading a report"))?
                    .is_some()
                {
                    return Err(StoreError::Conflict(format!(
                        "report id {} is already taken",
                        report.id
                    )));
                }
                if receipts
                    .get(receipt_hash.as_str())
                    .map_err(unavailable("reading a receipt"))?
                    .is_some()
                {
                    return Err(StoreError::Conflict(
                        "a receipt lookup for this receipt already exists".into(),
                    ));
                }

                let id = report.id.0.clone();
                let record = ReportRecord {
                    report,
                    receipt_hash: receipt_hash.clone(),
                };
                reports
                    .insert(id.as_str(), encode(&record)?.as_slice())
                    .map_err(unavailable("writing a report"))?;
                receipts
                    .insert(receipt_hash.as_str(), id.as_str())
                    .map_err(unavailable("writing a receipt"))?;
                if let Some(spent) = &challenge {
                    record_spend(&mut challenges, spent, Some(id.as_str()))?;
                }
            }
            txn.commit()
                .map_err(unavailable("committing a new report"))?;
            Ok(InsertOutcome::Stored)
        })
        .await
    }

    async fn report(&self, id: &ReportId) -> Result<Option<StoredReport>, StoreError> {
        let id = id.0.clone();
        self.run(move |db| {
            let txn = db
                .begin_read()
                .map_err(unavailable("starting a read transaction"))?;
            let reports = txn
                .open_table(REPORTS)
                .map_err(unavailable("opening the reports table"))?;
            Ok(read_report(&reports, &id, now_unix())?.map(|r| r.report))
        })
        .await
    }

    async fn spent_challenge(&self, key: &ChallengeKey) -> Result<Option<Binding>, StoreError> {
        let key = key.0.clone();
        self.run(move |db| {
            let txn = db
                .begin_read()
                .map_err(unavailable("starting a read transaction"))?;
            let challenges = txn
                .open_table(CHALLENGES)
                .map_err(unavailable("opening the challenges table"))?;
            Ok(live_spend(&challenges, &key, now_unix())?.map(|r| binding_of(&r)))
        })
        .await
    }

    async fn spend_challenge(&self, spent: SpentChallenge) -> Result<bool, StoreError> {
        self.run(move |db| {
            let txn = db
                .begin_write()
                .map_err(unavailable("starting a write transaction"))?;
            {
                let mut challenges = txn
                    .open_table(CHALLENGES)
                    .map_err(unavailable("opening the challenges table"))?;
                if live_spend(&challenges, &spent.key.0, now_unix())?.is_some() {
                    return Ok(false);
                }
                record_spend(&mut challenges, &spent, None)?;
            }
            txn.commit()
                .map_err(unavailable("committing a spent challenge"))?;
            Ok(true)
        })
        .await
    }

    async fn report_by_receipt(
        &self,
        hash: &ReceiptHash,
    ) -> Result<Option<StoredReport>, StoreError> {
        let hash = hash.0.clone();
        self.run(move |db| {
            let txn = db
                .begin_read()
                .map_err(unavailable("starting a read transaction"))?;
            let receipts = txn
                .open_table(RECEIPTS)
                .map_err(unavailable("opening the receipts table"))?;
            let Some(id) = receipts
                .get(hash.as_str())
                .map_err(unavailable("reading a receipt"))?
                .map(|g| g.value().to_owned())
            else {
                return Ok(None);
            };
            let reports = txn
                .open_table(REPORTS)
                .map_err(unavailable("opening the reports table"))?;
            Ok(read_report(&reports, &id, now_unix())?.map(|r| r.report))
        })
        .await
    }

    async fn reports(&self) -> Result<Vec<StoredReport>, StoreError> {
        let mut out = self.run(|db| live_reports(db, now_unix())).await?;
        crate::store::sort_oldest_first(&mut out);
        Ok(out)
    }

    async fn append_message(
        &self,
        id: &ReportId,
        message: NewMessage,
    ) -> Result<Message, StoreError> {
        let id = id.clone();
        self.run(move |db| {
            let txn = db
                .begin_write()
                .map_err(unavailable("starting a write transaction"))?;
            let stored = {
                let mut reports = txn
                    .open_table(REPORTS)
                    .map_err(unavailable("opening the reports table"))?;
                let mut messages = txn
                    .open_table(MESSAGES)
                    .map_err(unavailable("opening the messages table"))?;
                let Some(mut record) = read_report(&reports, &id.0, now_unix())? else {
                    return Err(StoreError::NotFound(id));
                };
                let seq = record.report.message_count;
                let stored = Message {
                    report_id: id.clone(),
                    seq,
                    author: message.author,
                    sent_on: message.sent_on,
                    sealed: message.sealed,
                };
                messages
                    .insert((id.0.as_str(), seq), encode(&stored)?.as_slice())
                    .map_err(unavailable("writing a message"))?;
                record.report.message_count = seq.checked_add(1).ok_or_else(|| {
                    StoreError::Conflict(format!("report {id} has too many messages"))
                })?;
                reports
                    .insert(id.0.as_str(), encode(&record)?.as_slice())
                    .map_err(unavailable("updating a report's message count"))?;
                stored
            };
            txn.commit()
                .map_err(unavailable("committing a new message"))?;
            Ok(stored)
        })
        .await
    }

    async fn messages(&self, id: &ReportId) -> Result<Vec<Message>, StoreError> {
        let id = id.0.clone();
        self.run(move |db| live_sequence(db, MESSAGES, &id)).await
    }

    async fn count_received_on(&self, day: Date) -> Result<u64, StoreError> {
        let day = day.to_string();
        let reports = self.run(|db| live_reports(db, now_unix())).await?;
        Ok(reports.iter().filter(|r| r.received_on == day).count() as u64)
    }

    async fn purge_expired(&self, now_unix: i64) -> Result<usize, StoreError> {
        self.run(move |db| {
            let txn = db
                .begin_write()
                .map_err(unavailable("starting a write transaction"))?;
            let purged = {
                let mut reports = txn
                    .open_table(REPORTS)
                    .map_err(unavailable("opening the reports table"))?;
                let mut receipts = txn
                    .open_table(RECEIPTS)
                    .map_err(unavailable("opening the receipts table"))?;
                let mut challenges = txn
                    .open_table(CHALLENGES)
                    .map_err(unavailable("opening the challenges table"))?;
                purge_spent(&mut challenges, now_unix)?;
                let mut messages = txn
                    .open_table(MESSAGES)
                    .map_err(unavailable("opening the messages table"))?;
                let mut case_events = txn
                    .open_table(CASE_EVENTS)
                    .map_err(unavailable("opening the case events table"))?;

                let mut expired = Vec::new();
                for entry in reports.iter().map_err(unavailable("listing reports"))? {
                    let (key, value) = entry.map_err(unavailable("listing reports"))?;
                    let record = decode_record(value.value())?;
                    if !visible(&record.report, now_unix) {
                        expired.push((key.value().to_owned(), record));
                    }
                }
                for (id, record) in &expired {
                    let seqs = messages
                        .range((id.as_str(), 0u32)..=(id.as_str(), u32::MAX))
                        .map_err(unavailable("listing messages"))?
                        .map(|entry| entry.map(|(k, _)| k.value().1))
                        .collect::<Result<Vec<u32>, _>>()
                        .map_err(unavailable("listing messages"))?;
                    for seq in seqs {
                        messages
                            .remove((id.as_str(), seq))
                            .map_err(unavailable("deleting a message"))?;
                    }
                    super::cases::remove_case_events(&mut case_events, id)?;
                    receipts
                        .remove(record.receipt_hash.as_str())
                        .map_err(unavailable("deleting a receipt"))?;
                    reports
                        .remove(id.as_str())
                        .map_err(unavailable("deleting a report"))?;
                }
                expired.len()
            };
            txn.commit().map_err(unavailable("committing the purge"))?;
            Ok(purged)
        })
        .await
    }
}

/// Every report that has not expired by `now`, in no particular order.
fn live_reports(db: &redb::Database, now: i64) -> Result<Vec<StoredReport>, StoreError> {
    let txn = db
        .begin_read()
        .map_err(unavailable("starting a read transaction"))?;
    let reports = txn
        .open_table(REPORTS)
        .map_err(unavailable("opening the reports table"))?;
    let mut out =
        Vec::with_capacity(usize::try_from(reports.len().unwrap_or(0)).unwrap_or_default());
    for entry in reports.iter().map_err(unavailable("listing reports"))? {
        let (_, value) = entry.map_err(unavailable("listing reports"))?;
        let record = decode_record(value.value())?;
        if visible(&record.report, now) {
            out.push(record.report);
        }
    }
    Ok(out)
}
