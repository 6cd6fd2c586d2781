//! The team's work on reports, shared by `lookout reports` and the console: the reports with
//! their case state, opened with the member's identity, and every change recorded as a case
//! event with the day and the fingerprint of the member's key.

pub mod evidence;
pub mod files;
pub mod identity;
pub mod junk;
pub mod recurrence;

use std::collections::BTreeMap;
use std::sync::Arc;

use age::x25519::Identity;
use anyhow::{Context, bail};
use lookout_functions::report::{Author, ReportId, StoredReport};
use lookout_functions::seal::Sealer;
use lookout_functions::store::NewMessage;
use lookout_functions::store::cases::{
    Case, CaseEvent, CaseStore, Change, HOLD_MAX_DAYS, NewCaseEvent, Status,
};
use lookout_questionnaire::Questionnaire;
use serde_json::{Map, Value};

use identity::fingerprint;

/// A report and its case.
#[derive(Debug, Clone)]
pub struct Entry {
    pub report: StoredReport,
    pub case: Case,
}

/// The answers anyone may read (`key=value,value`), one line, as the lists print them.
pub fn readable_line(report: &StoredReport) -> String {
    let pairs: Vec<String> = report
        .readable
        .iter()
        .map(|(k, v)| format!("{k}={}", v.join(",")))
        .collect();
    pairs.join(" ")
}

/// Whether a report came with a solved challenge (`true`), without one (`false`, the strict
/// lane), or before the two lanes existed (`unknown`): the `verified` column and filter.
pub fn verified(report: &StoredReport) -> &'static str {
    match report.verified {
        Some(true) => "true",
        Some(false) => "false",
        None => "unknown",
    }
}

/// For each report whose answers equal an earlier one's (same keyed fingerprint; a form sent
/// again after Back and Reload), the earliest such report. `entries` are oldest first.
pub fn duplicates(entries: &[Entry]) -> BTreeMap<ReportId, ReportId> {
    let mut first: BTreeMap<&str, &ReportId> = BTreeMap::new();
    let mut out = BTreeMap::new();
    for entry in entries {
        let Some(print) = entry.report.fingerprint.as_deref() else {
            continue;
        };
        match first.get(print) {
            Some(earlier) => {
                out.insert(entry.report.id.clone(), (*earlier).clone());
            }
            None => {
                first.insert(print, &entry.report.id);
            }
        }
    }
    out
}

/// A reporter's text made safe to show: every control character but newline and tab, and
/// every bidirectional control (which could reorder what the team reads), becomes a visible
/// marker such as `[U+202E]`. The sealed text keeps them as typed.
pub fn visible_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\n' || c == '\t' || !(c.is_control() || is_bidi_control(c)) {
            out.push(c);
        } else {
            out.push_str(&format!("[U+{:04X}]", u32::from(c)));
        }
    }
    out
}

fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// What a member works with: the store, the questionnaire, and their identity.
#[derive(Clone)]
pub struct Desk {
    pub store: Arc<dyn CaseStore>,
    pub questionnaire: Arc<Questionnaire>,
    pub identities: Arc<Vec<Identity>>,
    /// Everyone a note or reply is sealed to: this member and `--team-recipients`.
    pub team: Arc<Vec<String>>,
}

impl Desk {
    pub fn new(
        store: Arc<dyn CaseStore>,
        questionnaire: Questionnaire,
        identities: Vec<Identity>,
        team_recipients: &[String],
    ) -> anyhow::Result<Desk> {
        if identities.is_empty() {
            bail!("the identity file holds no identity");
        }
        let mut team: Vec<String> = identities
            .iter()
            .map(|i| i.to_public().to_string())
            .chain(team_recipients.iter().map(|r| r.trim().to_string()))
            .filter(|r| !r.is_empty())
            .collect();
        team.sort();
        team.dedup();
        Sealer::new(&team).context("the team's public keys (--team-recipients)")?;
        Ok(Desk {
            store,
            questionnaire: Arc::new(questionnaire),
            identities: Arc::new(identities),
            team: Arc::new(team),
        })
    }

    /// The fingerprint every change of this member is recorded with.
    pub fn me(&self) -> String {
        self.identities
            .first()
            .map(|i| fingerprint(&i.to_public().to_string()))
            .unwrap_or_default()
    }

    /// Every live report with its case, oldest first.
    pub async fn entries(&self) -> anyhow::Result<Vec<Entry>> {
        entries(self.store.as_ref()).await
    }

    pub async fn entry(&self, id: &str) -> anyhow::Result<Entry> {
        let id = ReportId(id.to_string());
        let Some(report) = self.store.report(&id).await? else {
            bail!("no report with id {id} (see `lookout reports list`)");
        };
        let events = self.store.case_events(&id).await?;
        Ok(Entry {
            report,
            case: Case::from_events(&events),
        })
    }

    /// The report's sealed answers, opened.
    pub fn open(&self, report: &StoredReport) -> anyhow::Result<Map<String, Value>> {
        open_answers(&self.identities, report)
    }

    /// Opens sealed text written by the team or the reporter.
    pub fn open_text(&self, sealed: &str) -> Option<String> {
        Sealer::open(&self.identities, sealed)
            .ok()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    }

    pub async fn record(&self, id: &ReportId, change: Change) -> anyhow::Result<CaseEvent> {
        let event = NewCaseEvent {
            on: today(),
            by: self.me(),
            change,
        };
        Ok(self.store.append_case_event(id, event).await?)
    }

    pub async fn set_status(&self, id: &ReportId, status: Status) -> anyhow::Result<()> {
        self.record(id, Change::Status { status }).await?;
        Ok(())
    }

    pub async fn label(&self, id: &ReportId, label: &str, add: bool) -> anyhow::Result<()> {
        let label = clean_label(label)?;
        let change = if add {
            Change::LabelAdded { label }
        } else {
            Change::LabelRemoved { label }
        };
        self.record(id, change).await?;
        Ok(())
    }

    /// A team-only note, sealed to the team.
    pub async fn note(&self, id: &ReportId, text: &str) -> anyhow::Result<()> {
        let text = text.trim();
        if text.is_empty() {
            bail!("the note is empty");
        }
        let sealed = Sealer::new(&self.team)?.seal(text.as_bytes())?;
        self.record(id, Change::Note { sealed }).await?;
        Ok(())
    }

    /// A reply the reporter reads on the follow-up page: sealed to the team and the reporter.
    pub async fn reply(&self, report: &StoredReport, text: &str) -> anyhow::Result<u32> {
        let text = text.trim();
        if text.is_empty() {
            bail!("the reply is empty");
        }
        let sealed = Sealer::new(&self.team)?
            .seal_with_reporter(&report.reporter_key.recipient, text.as_bytes())?;
        let stored = self
            .store
            .append_message(
                &report.id,
                NewMessage {
                    author: Author::Team,
                    sent_on: today(),
                    sealed,
                },
            )
            .await?;
        self.record(&report.id, Change::Replied { seq: stored.seq })
            .await?;
        Ok(stored.seq)
    }

    /// An evidence hold: kept until released, or at most [`HOLD_MAX_DAYS`] from today.
    pub async fn hold(&self, entry: &Entry) -> anyhow::Result<i64> {
        if let Some(hold) = &entry.case.hold {
            // Recorded already: make sure every item carries it (a repeat after a failure).
            self.store.set_expiry(&entry.report.id, hold.until).await?;
            return Ok(hold.until);
        }
        let until = (now_unix() + HOLD_MAX_DAYS * 86_400).max(entry.report.expires_at);
        self.record(
            &entry.report.id,
            Change::Held {
                until,
                previous_expires_at: entry.report.expires_at,
            },
        )
        .await?;
        self.store
            .set_expiry(&entry.report.id, until)
            .await
            .context("the hold is recorded but not yet applied to every item: hold it again")?;
        Ok(until)
    }

    /// Ends a hold: the report's own expiry again (if that has passed, it is deleted now).
    pub async fn release(&self, entry: &Entry) -> anyhow::Result<i64> {
        let Some(hold) = &entry.case.hold else {
            bail!("report {} is not held", entry.report.id);
        };
        let restored = hold.previous_expires_at;
        self.record(
            &entry.report.id,
            Change::Released {
                restored_expires_at: restored,
            },
        )
        .await?;
        self.store.set_expiry(&entry.report.id, restored).await?;
        Ok(restored)
    }

    /// Records that `ids` left in an export of kind `what` whose bytes hash to `sha256`.
    pub async fn record_export(
        &self,
        ids: &[ReportId],
        what: &str,
        sha256: &str,
    ) -> anyhow::Result<()> {
        for id in ids {
            self.record(
                id,
                Change::Exported {
                    what: what.to_string(),
                    sha256: sha256.to_string(),
                },
            )
            .await
            .with_context(|| format!("recording the export of report {id}"))?;
        }
        Ok(())
    }
}

/// Every live report with its case, oldest first (no identity needed).
pub async fn entries(store: &dyn CaseStore) -> anyhow::Result<Vec<Entry>> {
    let reports = store.reports().await?;
    let mut events: BTreeMap<ReportId, Vec<CaseEvent>> = store.all_case_events().await?;
    Ok(reports
        .into_iter()
        .map(|report| {
            let case = Case::from_events(&events.remove(&report.id).unwrap_or_default());
            Entry { report, case }
        })
        .collect())
}

/// What the figures count of every live report: its day received and readable answers.
pub async fn facts(
    store: &dyn lookout_functions::store::ReportStore,
    roles: &crate::figures::Roles<'_>,
) -> anyhow::Result<Vec<crate::figures::Fact>> {
    Ok(store
        .reports()
        .await?
        .iter()
        .map(|r| roles.fact(&r.received_on, &r.readable))
        .collect())
}

/// A label as kept: trimmed, lower case, 1 to 40 letters, digits, spaces or hyphens.
pub fn clean_label(label: &str) -> anyhow::Result<String> {
    let label = label.trim().to_lowercase();
    let ok = !label.is_empty()
        && label.chars().count() <= 40
        && label
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '-');
    if !ok {
        bail!("a label is 1 to 40 letters, digits, spaces or hyphens: {label:?}");
    }
    Ok(label)
}

/// The report's sealed answers, opened with the team's identity.
pub fn open_answers(
    identities: &[Identity],
    report: &StoredReport,
) -> anyhow::Result<Map<String, Value>> {
    let plaintext = Sealer::open(identities, &report.sealed).with_context(|| {
        format!(
            "opening report {} (is this the team's identity?)",
            report.id
        )
    })?;
    serde_json::from_slice(&plaintext)
        .with_context(|| format!("report {} holds unreadable answers", report.id))
}

/// Every answer of a report, sealed ones opened: question id → value.
pub fn answers(report: &StoredReport, sealed: &Map<String, Value>) -> Map<String, Value> {
    let mut all = sealed.clone();
    for (question, values) in &report.readable {
        if !all.contains_key(question) {
            all.insert(
                question.clone(),
                Value::Array(values.iter().cloned().map(Value::String).collect()),
            );
        }
    }
    all
}

pub fn now_unix() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

pub fn today() -> String {
    crate::figures::period::format_day(time::OffsetDateTime::now_utc().date())
}

/// A unix time as the day it falls on.
pub fn day_of(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .map(|t| crate::figures::period::format_day(t.date()))
        .unwrap_or_else(|_| unix.to_string())
}

/// A case event as a person reads it (notes opened with `open`).
pub fn describe(event: &CaseEvent, open: impl Fn(&str) -> Option<String>) -> String {
    match &event.change {
        Change::Status { status } => format!("status: {}", status.label()),
        Change::LabelAdded { label } => format!("label added: {label}"),
        Change::LabelRemoved { label } => format!("label removed: {label}"),
        Change::Note { sealed } => format!(
            "note: {}",
            open(sealed).unwrap_or_else(|| "(sealed to other team keys)".into())
        ),
        Change::Replied { seq } => format!("replied to the reporter (message #{seq})"),
        Change::Held { until, .. } => {
            format!(
                "evidence hold placed: kept until released, at most until {}",
                day_of(*until)
            )
        }
        Change::Released {
            restored_expires_at,
        } => format!(
            "evidence hold released: kept until {} again",
            day_of(*restored_expires_at)
        ),
        Change::Exported { what, sha256 } => format!("exported ({what}), SHA-256 {sha256}"),
    }
}

/// An answer as a person reads it: option labels instead of ids, lists joined.
pub fn answer_text(questionnaire: &Questionnaire, question_id: &str, value: &Value) -> String {
    let label = |id: &str| {
        let lang = &questionnaire.default_language;
        questionnaire
            .question(question_id)
            .and_then(|q| q.choice(id))
            .map(|c| c.label.get(lang, lang).to_string())
            .unwrap_or_else(|| id.to_string())
    };
    match value {
        Value::String(s) => label(s),
        Value::Array(items) => items
            .iter()
            .map(|i| answer_text(questionnaire, question_id, i))
            .collect::<Vec<_>>()
            .join("; "),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}
