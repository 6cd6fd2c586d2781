//! The case calls on the embedded store: events in their own table, keyed by report and
//! sequence, appended in one write transaction with the check that the report is live. Here a
//! report's messages and lookups carry no expiry of their own (reads go through the report), so
//! moving a report's expiry is one write.

use std::collections::BTreeMap;

use async_trait::async_trait;
use redb::{ReadableTable, Table};

use super::EmbeddedStore;
use super::tables::{
    CASE_EVENTS, REPORTS, corrupt, encode, live_sequence, read_report, unavailable,
};
use crate::report::ReportId;
use crate::store::cases::{CaseEvent, CaseStore, NewCaseEvent};
use crate::store::{StoreError, now_unix};

fn decode(bytes: &[u8]) -> Result<CaseEvent, StoreError> {
    serde_json::from_slice(bytes).map_err(corrupt("decoding a case event"))
}

/// Deletes every case event of report `id` (inside the caller's write transaction).
pub(super) fn remove_case_events(
    events: &mut Table<'_, (&'static str, u32), &'static [u8]>,
    id: &str,
) -> Result<(), StoreError> {
    let seqs = events
        .range((id, 0u32)..=(id, u32::MAX))
        .map_err(unavailable("listing case events"))?
        .map(|entry| entry.map(|(k, _)| k.value().1))
        .collect::<Result<Vec<u32>, _>>()
        .map_err(unavailable("listing case events"))?;
    for seq in seqs {
        events
            .remove((id, seq))
            .map_err(unavailable("deleting a case event"))?;
    }
    Ok(())
}

#[async_trait]
impl CaseStore for EmbeddedStore {
    async fn append_case_event(
        &self,
        id: &ReportId,
        event: NewCaseEvent,
    ) -> Result<CaseEvent, StoreError> {
        let id = id.clone();
        self.run(move |db| {
            let txn = db
                .begin_write()
                .map_err(unavailable("starting a write transaction"))?;
            let stored = {
                let reports = txn
                    .open_table(REPORTS)
                    .map_err(unavailable("opening the reports table"))?;
                if read_report(&reports, &id.0, now_unix())?.is_none() {
                    return Err(StoreError::NotFound(id));
                }
                let mut events = txn
                    .open_table(CASE_EVENTS)
                    .map_err(unavailable("opening the case events table"))?;
                let last = events
                    .range((id.0.as_str(), 0u32)..=(id.0.as_str(), u32::MAX))
                    .map_err(unavailable("reading case events"))?
                    .next_back()
                    .transpose()
                    .map_err(unavailable("reading case events"))?
                    .map(|(k, _)| k.value().1);
                let seq = match last {
                    Some(seq) => seq.checked_add(1).ok_or_else(|| {
                        StoreError::Conflict(format!("report {id} has too many case events"))
                    })?,
                    None => 0,
                };
                let stored = CaseEvent::new(id.clone(), seq, event);
                events
                    .insert((id.0.as_str(), seq), encode(&stored)?.as_slice())
                    .map_err(unavailable("writing a case event"))?;
                stored
            };
            txn.commit()
                .map_err(unavailable("committing a case event"))?;
            Ok(stored)
        })
        .await
    }

    async fn case_events(&self, id: &ReportId) -> Result<Vec<CaseEvent>, StoreError> {
        let id = id.0.clone();
        self.run(move |db| live_sequence(db, CASE_EVENTS, &id))
            .await
    }

    async fn all_case_events(&self) -> Result<BTreeMap<ReportId, Vec<CaseEvent>>, StoreError> {
        self.run(move |db| {
            let now = now_unix();
            let txn = db
                .begin_read()
                .map_err(unavailable("starting a read transaction"))?;
            let reports = txn
                .open_table(REPORTS)
                .map_err(unavailable("opening the reports table"))?;
            let events = txn
                .open_table(CASE_EVENTS)
                .map_err(unavailable("opening the case events table"))?;
            let mut out: BTreeMap<ReportId, Vec<CaseEvent>> = BTreeMap::new();
            let mut live: BTreeMap<String, bool> = BTreeMap::new();
            for entry in events.iter().map_err(unavailable("listing case events"))? {
                let (key, value) = entry.map_err(unavailable("listing case events"))?;
                let report_id = key.value().0.to_owned();
                let is_live = match live.get(&report_id) {
                    Some(known) => *known,
                    None => {
                        let known = read_report(&reports, &report_id, now)?.is_some();
                        live.insert(report_id.clone(), known);
                        known
                    }
                };
                if is_live {
                    out.entry(ReportId(report_id))
                        .or_default()
                        .push(decode(value.value())?);
                }
            }
            Ok(out)
        })
        .await
    }

    async fn set_expiry(&self, id: &ReportId, expires_at: i64) -> Result<(), StoreError> {
        let id = id.clone();
        self.run(move |db| {
            let txn = db
                .begin_write()
                .map_err(unavailable("starting a write transaction"))?;
            {
                let mut reports = txn
                    .open_table(REPORTS)
                    .map_err(unavailable("opening the reports table"))?;
                let Some(mut record) = read_report(&reports, &id.0, now_unix())? else {
                    return Err(StoreError::NotFound(id));
                };
                record.report.expires_at = expires_at;
                reports
                    .insert(id.0.as_str(), encode(&record)?.as_slice())
                    .map_err(unavailable("updating a report's expiry"))?;
            }
            txn.commit()
                .map_err(unavailable("committing a report's expiry"))?;
            Ok(())
        })
        .await
    }
}
