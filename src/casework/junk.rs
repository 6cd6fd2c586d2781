//! Likely junk, found together and cleared in bulk: reports sent without a solved challenge,
//! and repeats of an earlier report with the same answers (the same keyed fingerprint; the
//! earliest of them is kept). Reports on an evidence hold are never cleared. The triage
//! console's junk page and `lookout reports purge --junk` both choose with [`Filter`].

use std::collections::BTreeMap;

use lookout_functions::report::ReportId;
use lookout_functions::store::cases::CaseStore;

use super::{Entry, duplicates};

/// Which kinds of likely junk to take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Filter {
    /// Sent without a solved challenge (the strict lane).
    pub unverified: bool,
    /// The same answers as an earlier report.
    pub repeats: bool,
}

impl Filter {
    pub const ALL: Filter = Filter {
        unverified: true,
        repeats: true,
    };

    pub fn is_empty(&self) -> bool {
        !self.unverified && !self.repeats
    }

    /// "unverified or repeated", for messages.
    pub fn describe(&self) -> &'static str {
        match (self.unverified, self.repeats) {
            (true, true) => "unverified or repeated",
            (true, false) => "unverified",
            (false, true) => "repeated",
            (false, false) => "no",
        }
    }
}

/// Why a report looks like junk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Why {
    pub unverified: bool,
    /// The earliest report with the same answers, when this one repeats it.
    pub repeats: Option<ReportId>,
}

impl Why {
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.unverified {
            parts.push("unverified".to_string());
        }
        if let Some(first) = &self.repeats {
            parts.push(format!("same answers as {first}"));
        }
        parts.join("; ")
    }
}

/// The likely junk among `entries` (oldest first), with why: repeats next to the report they
/// repeat (grouped by fingerprint, oldest group first), then the rest. Held reports are in it
/// (the console shows them) but [`clearable`] leaves them out.
pub fn likely(entries: &[Entry], filter: Filter) -> Vec<(&Entry, Why)> {
    let repeats = if filter.repeats {
        duplicates(entries)
    } else {
        BTreeMap::new()
    };
    let mut found: Vec<(&Entry, Why)> = entries
        .iter()
        .filter_map(|entry| {
            let why = Why {
                unverified: filter.unverified && entry.report.verified == Some(false),
                repeats: repeats.get(&entry.report.id).cloned(),
            };
            (why.unverified || why.repeats.is_some()).then_some((entry, why))
        })
        .collect();
    // Together: a report's repeats sort under the report they repeat.
    let group = |(entry, why): &(&Entry, Why)| {
        why.repeats
            .clone()
            .unwrap_or_else(|| entry.report.id.clone())
    };
    let first_seen: BTreeMap<ReportId, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.report.id.clone(), i))
        .collect();
    found.sort_by_key(|item| first_seen.get(&group(item)).copied().unwrap_or(usize::MAX));
    found
}

/// The likely junk that may be deleted: not on hold.
pub fn clearable(entries: &[Entry], filter: Filter) -> Vec<&Entry> {
    likely(entries, filter)
        .into_iter()
        .filter(|(entry, _)| entry.case.hold.is_none())
        .map(|(entry, _)| entry)
        .collect()
}

/// Deletes `doomed` now (their expiry set to now, then purged): the store's own deletion, so
/// a report goes with its receipt, messages and case work. Returns how many went.
pub async fn clear(store: &dyn CaseStore, doomed: &[&Entry]) -> anyhow::Result<usize> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    for entry in doomed {
        store.set_expiry(&entry.report.id, now).await?;
    }
    Ok(store.purge_expired(now).await?)
}
