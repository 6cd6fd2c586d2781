//! The evidence file of one report, for the analyst's chain of evidence: everything about it,
//! decrypted (answers, follow-up thread, case history), as JSON. Its SHA-256 and the day are
//! recorded on the report, so a copy can later be shown to be the one exported.

use std::path::Path;

use lookout_functions::report::Author;
use lookout_functions::store::cases::Change;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::files::write_private;
use super::{Desk, Entry, answer_text, answers, day_of, describe, today};

/// The evidence file's bytes and their SHA-256 (hex).
pub async fn document(desk: &Desk, entry: &Entry) -> anyhow::Result<(Vec<u8>, String)> {
    let report = &entry.report;
    let q = &desk.questionnaire;
    let lang = &q.default_language;
    let all = answers(report, &desk.open(report)?);
    let answers: Vec<Value> = q
        .questions
        .iter()
        .map(|question| {
            let value = all.get(&question.id).cloned().unwrap_or_default();
            json!({
                "question": question.id,
                "label": question.label.get(lang, lang),
                "answer": answer_text(q, &question.id, &value),
            })
        })
        .collect();
    let thread: Vec<Value> = desk
        .store
        .messages(&report.id)
        .await?
        .iter()
        .map(|m| {
            json!({
                "seq": m.seq,
                "author": match m.author { Author::Team => "team", Author::Reporter => "reporter" },
                "sent_on": m.sent_on,
                "text": desk.open_text(&m.sealed),
            })
        })
        .collect();
    let history: Vec<Value> = entry
        .case
        .events
        .iter()
        .map(|e| {
            json!({
                "seq": e.seq,
                "on": e.on,
                "by": e.by,
                "change": describe(e, |s| desk.open_text(s)),
                "exported_sha256": match &e.change { Change::Exported { sha256, .. } => Some(sha256), _ => None },
            })
        })
        .collect();
    let document = json!({
        "lookout_evidence": 1,
        "report_id": report.id,
        "received_on": report.received_on,
        "kept_until": day_of(report.expires_at),
        "exported_on": today(),
        "exported_by": desk.me(),
        "status": entry.case.status().id(),
        "labels": entry.case.labels,
        "held_until": entry.case.hold.as_ref().map(|h| day_of(h.until)),
        "answers": answers,
        "thread": thread,
        "case_history": history,
    });
    let mut bytes = serde_json::to_vec_pretty(&document)?;
    bytes.push(b'\n');
    let sha256 = hex::encode(Sha256::digest(&bytes));
    Ok((bytes, sha256))
}

/// Writes the evidence file of report `id` to `out`, records the export on the report, and
/// returns the file's SHA-256 (hex) for the caller to show.
pub async fn write(desk: &Desk, id: &str, out: &Path) -> anyhow::Result<String> {
    let entry = desk.entry(id).await?;
    let (bytes, sha256) = document(desk, &entry).await?;
    write_private(out, &bytes)?;
    desk.record_export(std::slice::from_ref(&entry.report.id), "evidence", &sha256)
        .await?;
    Ok(sha256)
}
