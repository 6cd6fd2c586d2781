//! The database's tables and what their values hold, encoded as JSON.

use std::fmt::Display;

use redb::{Database, ReadableTable, TableDefinition};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::report::StoredReport;
use crate::store::StoreError;

/// Report id → JSON of [`ReportRecord`].
pub const REPORTS: TableDefinition<&str, &[u8]> = TableDefinition::new("reports");
/// Receipt hash → report id.
pub const RECEIPTS: TableDefinition<&str, &str> = TableDefinition::new("receipts");
/// (report id, sequence) → JSON of [`Message`].
pub const MESSAGES: TableDefinition<(&str, u32), &[u8]> = TableDefinition::new("messages");
/// (report id, sequence) → JSON of a case event (`store::cases`).
pub const CASE_EVENTS: TableDefinition<(&str, u32), &[u8]> = TableDefinition::new("case_events");

/// What is kept per report: the report itself and the keys of its lookup records, so that
/// purging a report can remove them too.
#[derive(Serialize, Deserialize)]
pub struct ReportRecord {
    pub report: StoredReport,
    pub receipt_hash: String,
}

pub fn unavailable<E: Display>(what: &'static str) -> impl FnOnce(E) -> StoreError {
    move |e| StoreError::Unavailable(format!("{what}: {e}"))
}

pub fn corrupt<E: Display>(what: &'static str) -> impl FnOnce(E) -> StoreError {
    move |e| StoreError::Corrupt(format!("{what}: {e}"))
}

pub fn decode_record(bytes: &[u8]) -> Result<ReportRecord, StoreError> {
    serde_json::from_slice(bytes).map_err(corrupt("decoding a stored report"))
}

pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, StoreError> {
    // Serialising these plain structs cannot fail; map it anyway rather than panic.
    serde_json::to_vec(value).map_err(corrupt("encoding a report"))
}

pub fn visible(report: &StoredReport, now: i64) -> bool {
    report.expires_at > now
}

/// Reads a report by id inside any transaction's table; expired reports are `None`.
pub fn read_report<T: ReadableTable<&'static str, &'static [u8]>>(
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

/// A table of a report's numbered items (messages, case events).
pub type Sequence = TableDefinition<'static, (&'static str, u32), &'static [u8]>;

/// The items of report `id` in `table`, in order; none for an unknown or expired report.
pub fn live_sequence<T: DeserializeOwned>(
    db: &Database,
    table: Sequence,
    id: &str,
) -> Result<Vec<T>, StoreError> {
    let txn = db
        .begin_read()
        .map_err(unavailable("starting a read transaction"))?;
    let reports = txn
        .open_table(REPORTS)
        .map_err(unavailable("opening the reports table"))?;
    if read_report(&reports, id, crate::store::now_unix())?.is_none() {
        return Ok(Vec::new());
    }
    let items = txn
        .open_table(table)
        .map_err(unavailable("opening a table"))?;
    let mut out = Vec::new();
    for entry in items
        .range((id, 0u32)..=(id, u32::MAX))
        .map_err(unavailable("reading a report's items"))?
    {
        let (_, value) = entry.map_err(unavailable("reading a report's items"))?;
        out.push(serde_json::from_slice(value.value()).map_err(corrupt("decoding a stored item"))?);
    }
    Ok(out)
}
