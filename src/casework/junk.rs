//! Likely junk, found together and cleared in bulk: reports sent without a solved challenge,
//! and repeats of an earlier report with the same answers (the same keyed fingerprint). A set
//! of the same answers is never cleared whole: when every report of it would go, the earliest
//! stays, even an unverified one, so a flood of copies leaves one to read and reporters who
//! happened to choose the same answers (the signal a hot spot is made of) still count once. Reports on an evidence
//! hold are never cleared. The triage
//! console's junk page and `lookout reports purge --junk` both choose with [`Filter`].

use std::collections::{BTreeMap, BTreeSet};

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

/// The likely junk that may be deleted: not on hold, and never the last of its answers.
pub fn clearable(entries: &[Entry], filter: Filter) -> Vec<&Entry> {
    let candidates: Vec<&Entry> = likely(entries, filter)
        .into_iter()
        .filter(|(entry, _)| entry.case.hold.is_none())
        .map(|(entry, _)| entry)
        .collect();
    let doomed: BTreeSet<&ReportId> = candidates.iter().map(|e| &e.report.id).collect();
    let spared = earliest_of_sets_doomed_whole(entries, &doomed);
    candidates
        .into_iter()
        .filter(|entry| !spared.contains(&entry.report.id))
        .collect()
}

/// For every set of the same answers (`entries` oldest first) all of whose reports are in
/// `doomed`, its earliest report.
fn earliest_of_sets_doomed_whole<'a>(
    entries: &'a [Entry],
    doomed: &BTreeSet<&ReportId>,
) -> BTreeSet<&'a ReportId> {
    let mut earliest: BTreeMap<&str, &ReportId> = BTreeMap::new();
    let mut kept: BTreeSet<&str> = BTreeSet::new();
    for entry in entries {
        let Some(print) = entry.report.fingerprint.as_deref() else {
            continue;
        };
        earliest.entry(print).or_insert(&entry.report.id);
        if !doomed.contains(&entry.report.id) {
            kept.insert(print);
        }
    }
    earliest
        .into_iter()
        .filter(|(print, _)| !kept.contains(print))
        .map(|(_, id)| id)
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
