//! The embedded store used by `lookout serve`: one redb database file (by convention
//! `<campaign>/.lookout/reports.redb`). Every write is one ACID write transaction, committed
//! durably (redb's default `Durability::Immediate`) before the call returns.
//!
//! redb is synchronous, so every call runs on tokio's blocking thread pool and never blocks the
//! async runtime.
//!
//! The file is held open while the store is busy and closed once it has been idle for a
//! moment, rather than for the life of the store: redb locks the file while it is open, and
//! the triage team must be able to run `lookout reports` while `lookout serve` is taking
//! reports. Opening is slow (a burst of 200 inserts took 60 times longer when each opened the
//! file), so it is not done per operation. An operation that finds the file held by another
//! process waits for it a little.

use std::fmt::Display;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use redb::{Database, ReadableTable, ReadableTableMetadata, TableDefinition};
use serde::{Deserialize, Serialize};

use super::{
    IdempotencyKey, InsertOutcome, NewMessage, NewReport, ReceiptHash, ReportStore, StoreError,
    now_unix,
};
use crate::report::{Message, ReportId, StoredReport};

/// Report id → JSON of [`ReportRecord`].
const REPORTS: TableDefinition<&str, &[u8]> = TableDefinition::new("reports");
/// Receipt hash → report id.
const RECEIPTS: TableDefinition<&str, &str> = TableDefinition::new("receipts");
/// Idempotency key hash → report id.
const IDEMPOTENCY: TableDefinition<&str, &str> = TableDefinition::new("idempotency");
/// (report id, sequence) → JSON of [`Message`].
const MESSAGES: TableDefinition<(&str, u32), &[u8]> = TableDefinition::new("messages");

/// What is kept per report: the report itself and the keys of its lookup records, so that
/// purging a report can remove them too.
#[derive(Serialize, Deserialize)]
struct ReportRecord {
    report: StoredReport,
    receipt_hash: String,
    idempotency_key: Option<String>,
}

/// How long an operation waits for another process to close the database file.
const BUSY_WAIT: Duration = Duration::from_secs(3);
/// How long the file stays open after the last operation.
const IDLE_CLOSE: Duration = Duration::from_millis(300);

/// A report store in one redb database file.
#[derive(Clone)]
pub struct EmbeddedStore {
    path: Arc<PathBuf>,
    open: Arc<Mutex<OpenFile>>,
}

/// The database while it is open, and when it was last used.
#[derive(Default)]
struct OpenFile {
    db: Option<Arc<Database>>,
    last_used: Option<Instant>,
}

impl std::fmt::Debug for EmbeddedStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmbeddedStore").finish_non_exhaustive()
    }
}

fn unavailable<E: Display>(what: &'static str) -> impl FnOnce(E) -> StoreError {
    move |e| StoreError::Unavailable(format!("{what}: {e}"))
}

fn corrupt<E: Display>(what: &'static str) -> impl FnOnce(E) -> StoreError {
    move |e| StoreError::Corrupt(format!("{what}: {e}"))
}

fn decode_record(bytes: &[u8]) -> Result<ReportRecord, StoreError> {
    serde_json::from_slice(bytes).map_err(corrupt("decoding a stored report"))
}

fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, StoreError> {
    // Serialising these plain structs cannot fail; map it anyway rather than panic.
    serde_json::to_vec(value).map_err(corrupt("encoding a report"))
}

fn visible(report: &StoredReport, now: i64) -> bool {
    report.expires_at > now
}

impl EmbeddedStore {
    /// Opens (or creates) the database file at `path`, creating its parent folder if needed.
    ///
    /// Fails with [`StoreError::Unavailable`] when the file cannot be created or opened, for
    /// example when another process (or another handle in this one) holds it open.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| {
                StoreError::Unavailable(format!(
                    "creating the folder of the report database {}: {e}",
                    parent.display()
                ))
            })?;
        }
        let db = open_database(path)?;
        // Create every table up front so read transactions never meet a missing table.
        let txn = db
            .begin_write()
            .map_err(unavailable("starting a write transaction"))?;
        {
            txn.open_table(REPORTS)
                .map_err(unavailable("creating the reports table"))?;
            txn.open_table(RECEIPTS)
                .map_err(unavailable("creating the receipts table"))?;
            txn.open_table(IDEMPOTENCY)
                .map_err(unavailable("creating the idempotency table"))?;
            txn.open_table(MESSAGES)
                .map_err(unavailable("creating the messages table"))?;
        }
        txn.commit()
            .map_err(unavailable("committing the table creation"))?;
        drop(db);
        let store = Self {
            path: Arc::new(path.to_path_buf()),
            open: Arc::new(Mutex::new(OpenFile::default())),
        };
        close_when_idle(Arc::downgrade(&store.open));
        Ok(store)
    }

    /// The open database, opening the file if it is closed.
    fn database(&self) -> Result<Arc<Database>, StoreError> {
        let mut open = lock(&self.open);
        open.last_used = Some(Instant::now());
        if let Some(db) = &open.db {
            return Ok(Arc::clone(db));
        }
        let db = Arc::new(open_database(&self.path)?);
        open.db = Some(Arc::clone(&db));
        Ok(db)
    }

    /// Runs `f` with the database, opened for just this call, on the blocking thread pool.
    async fn run<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Database) -> Result<T, StoreError> + Send + 'static,
    {
        let store = self.clone();
        tokio::task::spawn_blocking(move || {
            let db = store.database()?;
            let result = f(&db);
            lock(&store.open).last_used = Some(Instant::now());
            result
        })
        .await
        .map_err(unavailable("the report database task failed"))?
    }
}

/// A poisoned lock only means another operation panicked; redb left nothing half-done.
fn lock(open: &Mutex<OpenFile>) -> std::sync::MutexGuard<'_, OpenFile> {
    open.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Closes the file once no operation has used it for [`IDLE_CLOSE`]; the thread ends with the
/// store. Operations still running keep their own handle, so the file closes after them.
fn close_when_idle(open: Weak<Mutex<OpenFile>>) {
    std::thread::spawn(move || {
        while let Some(open) = open.upgrade() {
            {
                let mut open = lock(&open);
                if open.last_used.is_some_and(|at| at.elapsed() >= IDLE_CLOSE) {
                    open.db = None;
                    open.last_used = None;
                }
            }
            drop(open);
            std::thread::sleep(IDLE_CLOSE / 3);
        }
    });
}

/// Opens the file, waiting up to [`BUSY_WAIT`] while another process has it open.
fn open_database(path: &Path) -> Result<Database, StoreError> {
    let started = Instant::now();
    loop {
        match Database::create(path) {
            Ok(db) => return Ok(db),
            Err(redb::DatabaseError::DatabaseAlreadyOpen) if started.elapsed() < BUSY_WAIT => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => {
                let hint = match e {
                    redb::DatabaseError::DatabaseAlreadyOpen => {
                        " (another program has held it open for too long)"
                    }
                    _ => "",
                };
                return Err(StoreError::Unavailable(format!(
                    "opening the report database {}: {e}{hint}",
                    path.display()
                )));
            }
        }
    }
}

/// Reads a report by id inside any transaction's table; expired reports are `None`.
fn read_report<T: ReadableTable<&'static str, &'static [u8]>>(
    reports: &T,
    id: &str,
    now: i64,
) -> Result<Option<ReportRecord>, StoreError> {
    let Some(guard) = reports.get(id).map_err(unavailable("reading a report"))? else {
        return Ok(None);
    };
    let record = decode_record(guard.value())?;
    Ok(visible(&record.report, now).then_some(record))
}

#[async_trait]
impl ReportStore for EmbeddedStore {
    async fn insert_report(&self, new: NewReport) -> Result<InsertOutcome, StoreError> {
        self.run(move |db| {
            let now = now_unix();
            let NewReport {
                report,
                receipt_hash: ReceiptHash(receipt_hash),
                idempotency_key,
            } = new;
            let idempotency_key = idempotency_key.map(|IdempotencyKey(k)| k);
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
                let mut idempotency = txn
                    .open_table(IDEMPOTENCY)
                    .map_err(unavailable("opening the idempotency table"))?;

                if let Some(key) = &idempotency_key {
                    let earlier = idempotency
                        .get(key.as_str())
                        .map_err(unavailable("reading an idempotency record"))?
                        .map(|g| g.value().to_owned());
                    if let Some(earlier) = earlier {
                        // A record whose report has expired (or was purged) no longer counts.
                        if read_report(&reports, &earlier, now)?.is_some() {
                            // Dropping the transaction without committing aborts it.
                            return Ok(InsertOutcome::AlreadyStored {
                                report_id: ReportId(earlier),
                            });
                        }
                    }
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
                    idempotency_key: idempotency_key.clone(),
                };
                reports
                    .insert(id.as_str(), encode(&record)?.as_slice())
                    .map_err(unavailable("writing a report"))?;
                receipts
                    .insert(receipt_hash.as_str(), id.as_str())
                    .map_err(unavailable("writing a receipt"))?;
                if let Some(key) = &idempotency_key {
                    idempotency
                        .insert(key.as_str(), id.as_str())
                        .map_err(unavailable("writing an idempotency record"))?;
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

    async fn already_stored(&self, key: &IdempotencyKey) -> Result<bool, StoreError> {
        let key = key.0.clone();
        self.run(move |db| {
            let txn = db
                .begin_read()
                .map_err(unavailable("starting a read transaction"))?;
            let idempotency = txn
                .open_table(IDEMPOTENCY)
                .map_err(unavailable("opening the idempotency table"))?;
            let Some(id) = idempotency
                .get(key.as_str())
                .map_err(unavailable("reading an idempotency record"))?
                .map(|g| g.value().to_owned())
            else {
                return Ok(false);
            };
            let reports = txn
                .open_table(REPORTS)
                .map_err(unavailable("opening the reports table"))?;
            Ok(read_report(&reports, &id, now_unix())?.is_some())
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
        self.run(move |db| {
            let now = now_unix();
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
            super::sort_oldest_first(&mut out);
            Ok(out)
        })
        .await
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
        self.run(move |db| {
            let txn = db
                .begin_read()
                .map_err(unavailable("starting a read transaction"))?;
            let reports = txn
                .open_table(REPORTS)
                .map_err(unavailable("opening the reports table"))?;
            if read_report(&reports, &id, now_unix())?.is_none() {
                return Ok(Vec::new());
            }
            let messages = txn
                .open_table(MESSAGES)
                .map_err(unavailable("opening the messages table"))?;
            let mut out = Vec::new();
            for entry in messages
                .range((id.as_str(), 0u32)..=(id.as_str(), u32::MAX))
                .map_err(unavailable("reading messages"))?
            {
                let (_, value) = entry.map_err(unavailable("reading messages"))?;
                let message: Message = serde_json::from_slice(value.value())
                    .map_err(corrupt("decoding a stored message"))?;
                out.push(message);
            }
            Ok(out)
        })
        .await
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
                let mut idempotency = txn
                    .open_table(IDEMPOTENCY)
                    .map_err(unavailable("opening the idempotency table"))?;
                let mut messages = txn
                    .open_table(MESSAGES)
                    .map_err(unavailable("opening the messages table"))?;

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
                    receipts
                        .remove(record.receipt_hash.as_str())
                        .map_err(unavailable("deleting a receipt"))?;
                    if let Some(key) = &record.idempotency_key {
                        // Only if it still points at this report.
                        let points_here = idempotency
                            .get(key.as_str())
                            .map_err(unavailable("reading an idempotency record"))?
                            .is_some_and(|g| g.value() == id);
                        if points_here {
                            idempotency
                                .remove(key.as_str())
                                .map_err(unavailable("deleting an idempotency record"))?;
                        }
                    }
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
