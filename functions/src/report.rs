//! The report as it is stored: coarse, readable fields for statistics and one sealed blob that
//! only the triage team can open.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// A report's opaque, random identifier (not the receipt: knowing it grants nothing).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ReportId(pub String);

impl fmt::Display for ReportId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One stored report. Nothing here may identify the reporter: no address, agent, cookie or
/// precise time; the day it arrived is the finest time kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredReport {
    pub id: ReportId,
    /// The day the report arrived, `YYYY-MM-DD`.
    pub received_on: String,
    /// Unix seconds after which the report is deleted (DynamoDB TTL; honoured by every store).
    pub expires_at: i64,
    /// Answers kept in clear for statistics: question id to option ids (or an ISO week such
    /// as `2026-W47` for a date question).
    pub readable: BTreeMap<String, Vec<String>>,
    /// The other answers as JSON, encrypted to the team's age recipients (ASCII-armoured).
    pub sealed: String,
    /// How the team writes back to the reporter (see `ReporterKey`).
    pub reporter_key: ReporterKey,
    /// Number of follow-up messages; the next message takes this number as its sequence.
    pub message_count: u32,
    /// Whether it came with a solved, fresh, unspent challenge (the verified lane). `None` for
    /// reports stored before the two lanes existed: shown as unknown.
    #[serde(default)]
    pub verified: Option<bool>,
    /// A keyed hash of the answers (`receipt::ReceiptHasher::fingerprint`): equal for two
    /// reports with the same answers, so the team sees a resent form as a duplicate. Without
    /// the pepper it says nothing about the answers.
    #[serde(default)]
    pub fingerprint: Option<String>,
}

/// A per-report age key pair: the team seals its questions to `recipient`; the matching
/// identity is stored only wrapped with a key derived from the receipt, so only the reporter
/// (through the follow-up page) can open the team's questions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReporterKey {
    pub recipient: String,
    pub wrapped_identity: String,
}

pub use lookout_questionnaire::Author;

/// One message of a report's follow-up thread, sealed to the team and to the reporter key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub report_id: ReportId,
    pub seq: u32,
    pub author: Author,
    /// The day it was written, `YYYY-MM-DD`.
    pub sent_on: String,
    pub sealed: String,
}
