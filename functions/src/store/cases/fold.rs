//! A case's state, from its history: the latest status, the labels added and not removed, the
//! notes, and the hold if one is in force.

use std::collections::BTreeSet;

use super::{CaseEvent, Change, Status};

/// An evidence hold in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hold {
    /// The day it was placed and who placed it.
    pub on: String,
    pub by: String,
    /// Unix seconds: kept until then at the latest.
    pub until: i64,
    /// The expiry it replaced, restored on release.
    pub previous_expires_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub seq: u32,
    pub on: String,
    pub by: String,
    pub sealed: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Case {
    pub status: Option<Status>,
    pub labels: BTreeSet<String>,
    pub notes: Vec<Note>,
    pub hold: Option<Hold>,
    /// Every event, in order.
    pub events: Vec<CaseEvent>,
}

impl Case {
    /// Folds `events` (in `seq` order) into the case's state.
    pub fn from_events(events: &[CaseEvent]) -> Self {
        let mut case = Case {
            events: events.to_vec(),
            ..Case::default()
        };
        case.events.sort_by_key(|e| e.seq);
        for event in &case.events {
            match &event.change {
                Change::Status { status } => case.status = Some(*status),
                Change::LabelAdded { label } => {
                    case.labels.insert(label.clone());
                }
                Change::LabelRemoved { label } => {
                    case.labels.remove(label);
                }
                Change::Note { sealed } => case.notes.push(Note {
                    seq: event.seq,
                    on: event.on.clone(),
                    by: event.by.clone(),
                    sealed: sealed.clone(),
                }),
                Change::Held {
                    until,
                    previous_expires_at,
                } => {
                    case.hold = Some(Hold {
                        on: event.on.clone(),
                        by: event.by.clone(),
                        until: *until,
                        previous_expires_at: *previous_expires_at,
                    })
                }
                Change::Released { .. } => case.hold = None,
                Change::Replied { .. } | Change::Exported { .. } => {}
            }
        }
        case
    }

    /// The status, `New` until someone sets one.
    pub fn status(&self) -> Status {
        self.status.unwrap_or(Status::New)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::ReportId;

    fn event(seq: u32, change: Change) -> CaseEvent {
        CaseEvent {
            report_id: ReportId("r".into()),
            seq,
            on: "2026-11-20".into(),
            by: "abcd".into(),
            change,
        }
    }

    #[test]
    fn later_events_win_and_labels_come_and_go() {
        let label = |l: &str| l.to_string();
        let case = Case::from_events(&[
            event(3, Change::LabelRemoved { label: label("a") }),
            event(
                0,
                Change::Status {
                    status: Status::InReview,
                },
            ),
            event(1, Change::LabelAdded { label: label("a") }),
            event(2, Change::LabelAdded { label: label("b") }),
            event(
                4,
                Change::Status {
                    status: Status::Referred,
                },
            ),
            event(
                5,
                Change::Held {
                    until: 10,
                    previous_expires_at: 5,
                },
            ),
        ]);
        assert_eq!(case.status(), Status::Referred);
        assert_eq!(case.labels, BTreeSet::from([label("b")]));
        assert_eq!(case.hold.as_ref().map(|h| h.until), Some(10));
        assert_eq!(case.events.first().map(|e| e.seq), Some(0));
        let released = Case::from_events(&[
            event(
                0,
                Change::Held {
                    until: 10,
                    previous_expires_at: 5,
                },
            ),
            event(
                1,
                Change::Released {
                    restored_expires_at: 5,
                },
            ),
        ]);
        assert_eq!(released.hold, None);
        assert_eq!(Case::default().status(), Status::New);
    }
}
