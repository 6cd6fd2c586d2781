//! The team's case work on a report: its status, labels, sealed notes, evidence holds and
//! exports, kept as an append-only list of events, each with the day it was made and the
//! fingerprint of the team key that made it. Nothing is ever changed in place: the state of a
//! case is the events folded in order ([`Case::from_events`]), so `lookout reports show` can
//! print the whole history.
//!
//! Case data belongs to the triage team only. The deployed functions never make these calls
//! (they implement [`crate::store::ReportStore`], which has none of them), and in DynamoDB the
//! events live under their own key prefix (`CASE#`), which no function's role may touch.
//! Events expire with their report and are purged with it; an evidence hold moves the expiry of
//! the report and everything kept with it ([`CaseStore::set_expiry`]).

mod fold;

use std::collections::BTreeMap;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::{ReportStore, StoreError};
use crate::report::ReportId;

pub use fold::{Case, Hold, Note};

/// The longest an evidence hold keeps a report past the day it was placed, in days. After it,
/// the report's retention applies again and it is deleted, released or not.
pub const HOLD_MAX_DAYS: i64 = 730;

/// Where a case stands. Coarse and readable: it is counted in statistics and shared exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    New,
    InReview,
    Referred,
    Closed,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::New,
        Status::InReview,
        Status::Referred,
        Status::Closed,
    ];

    /// The id used in URLs, exports and the store (`in-review`).
    pub fn id(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::InReview => "in-review",
            Status::Referred => "referred",
            Status::Closed => "closed",
        }
    }

    /// How a person reads it.
    pub fn label(self) -> &'static str {
        match self {
            Status::New => "New",
            Status::InReview => "In review",
            Status::Referred => "Referred",
            Status::Closed => "Closed",
        }
    }

    pub fn from_id(id: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.id() == id)
    }
}

/// One change to a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Change {
    Status {
        status: Status,
    },
    LabelAdded {
        label: String,
    },
    LabelRemoved {
        label: String,
    },
    /// A team-only note, sealed to the team's keys like everything else a person writes.
    Note {
        sealed: String,
    },
    /// A reply to the reporter was added to the thread as message `seq`.
    Replied {
        seq: u32,
    },
    /// An evidence hold: the report is kept until `until` (unix seconds) instead of
    /// `previous_expires_at`, its expiry before the hold.
    Held {
        until: i64,
        previous_expires_at: i64,
    },
    /// The hold ended; the report expires at `restored_expires_at` again.
    Released {
        restored_expires_at: i64,
    },
    /// The report left the store in an export: what kind (`csv`, `shareable-csv`,
    /// `evidence`), and the SHA-256 (hex) of the exported file.
    Exported {
        what: String,
        sha256: String,
    },
}

/// A change as the team makes it: the store gives it its place in the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCaseEvent {
    /// The day it was made, `YYYY-MM-DD` (no finer time is kept).
    pub on: String,
    /// The fingerprint of the team key that made it (see `lookout reports`).
    pub by: String,
    pub change: Change,
}

/// A change as stored: number `seq` (from 0) in the report's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseEvent {
    pub report_id: ReportId,
    pub seq: u32,
    pub on: String,
    pub by: String,
    pub change: Change,
}

impl CaseEvent {
    pub fn new(report_id: ReportId, seq: u32, event: NewCaseEvent) -> Self {
        Self {
            report_id,
            seq,
            on: event.on,
            by: event.by,
            change: event.change,
        }
    }
}

/// The case calls, beside the report calls. Only the triage team's tools use them.
#[async_trait]
pub trait CaseStore: ReportStore {
    /// Appends `event` to the report's history (its `seq` is the number of events before it)
    /// and returns it as stored. `NotFound` if the report does not exist or has expired.
    async fn append_case_event(
        &self,
        id: &ReportId,
        event: NewCaseEvent,
    ) -> Result<CaseEvent, StoreError>;

    /// The report's history in order; empty for an unknown or expired report.
    async fn case_events(&self, id: &ReportId) -> Result<Vec<CaseEvent>, StoreError>;

    /// The history of every live report that has one, by report.
    async fn all_case_events(&self) -> Result<BTreeMap<ReportId, Vec<CaseEvent>>, StoreError>;

    /// Moves the expiry of the report and of everything kept with it (receipt lookup,
    /// messages, case events) to `expires_at`, the report itself last, so
    /// the report's own expiry says whether the move is complete. Safe to repeat. `NotFound`
    /// if the report does not exist or has expired.
    async fn set_expiry(&self, id: &ReportId, expires_at: i64) -> Result<(), StoreError>;
}
