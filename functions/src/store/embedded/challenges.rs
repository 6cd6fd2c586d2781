//! Spent challenges in the embedded store: challenge hash → JSON of [`SpentRecord`], read and
//! written inside the caller's transaction so a report and its challenge land together.

use redb::{ReadableTable, Table, TableDefinition};
use serde::{Deserialize, Serialize};

use super::tables::{corrupt, encode, unavailable};
use crate::store::{Binding, SpentChallenge, StoreError};

pub const CHALLENGES: TableDefinition<&str, &[u8]> = TableDefinition::new("challenges");

/// What is kept of a spent challenge until it expires.
#[derive(Serialize, Deserialize)]
pub struct SpentRecord {
    pub binding: String,
    /// The report it was spent on; `None` for a follow-up.
    pub report_id: Option<String>,
    pub expires_at: i64,
}

/// The live record of challenge `key`, if any (an expired one no longer counts).
pub fn live_spend<T: ReadableTable<&'static str, &'static [u8]>>(
    table: &T,
    key: &str,
    now: i64,
) -> Result<Option<SpentRecord>, StoreError> {
    let Some(guard) = table
        .get(key)
        .map_err(unavailable("reading a spent challenge"))?
    else {
        return Ok(None);
    };
    let record: SpentRecord =
        serde_json::from_slice(guard.value()).map_err(corrupt("decoding a spent challenge"))?;
    Ok((record.expires_at > now).then_some(record))
}

pub fn binding_of(record: &SpentRecord) -> Binding {
    Binding(record.binding.clone())
}

pub fn record_spend(
    table: &mut Table<&'static str, &'static [u8]>,
    spent: &SpentChallenge,
    report_id: Option<&str>,
) -> Result<(), StoreError> {
    let record = SpentRecord {
        binding: spent.binding.0.clone(),
        report_id: report_id.map(str::to_owned),
        expires_at: spent.expires_at,
    };
    table
        .insert(spent.key.0.as_str(), encode(&record)?.as_slice())
        .map_err(unavailable("writing a spent challenge"))?;
    Ok(())
}

/// Deletes the records whose expiry has passed.
pub fn purge_spent(
    table: &mut Table<&'static str, &'static [u8]>,
    now: i64,
) -> Result<(), StoreError> {
    table
        .retain(|_, value| {
            serde_json::from_slice::<SpentRecord>(value).is_ok_and(|r| r.expires_at > now)
        })
        .map_err(unavailable("deleting spent challenges"))
}
