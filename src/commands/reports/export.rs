//! `export`: the multi-agency data set, one row per report. The plain export is the team's
//! full, decrypted case-work file; `--shareable` is the data set for partner agencies (readable
//! answers, status and the week seen only); `--dictionary` describes every column in every
//! language of the questionnaire. The column order is agreed in ARCHITECTURE.md ("Exports").
//! Every export is recorded on each report it holds, with the SHA-256 of the file.

use std::path::PathBuf;

use anyhow::Context;
use lookout::figures::period::parse_day;
use lookout_functions::store::cases::Status;
use lookout_questionnaire::Questionnaire;
use sha2::{Digest, Sha256};

use super::dictionary::{self, Column, columns};
use super::shareable;
use crate::commands::out::note;
use lookout::casework::files::write_private;
use lookout::casework::{Desk, Entry, answer_text, answers, day_of, verified, visible_controls};

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum Format {
    Csv,
}

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value = "csv")]
    pub format: Format,
    /// Write here (readable by you only) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Only reports received on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DAY")]
    pub from: Option<String>,
    /// Only reports received on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DAY")]
    pub to: Option<String>,
    /// Only reports with this status (new, in-review, referred, closed); may be repeated.
    #[arg(long, value_name = "STATUS")]
    pub status: Vec<String>,
    /// The data set for partner agencies: no free text, vehicle, room or contact details.
    #[arg(long)]
    pub shareable: bool,
    /// With --shareable: every combination of the values a row shows is held by at least this
    /// many reports (week generalised to month, else the row left out); the profile's K.
    #[arg(long = "min-count", default_value_t = 3, value_name = "K")]
    pub k: usize,
    /// Also write the data dictionary (every column, in every language) here.
    #[arg(long, value_name = "FILE")]
    pub dictionary: Option<PathBuf>,
}

pub async fn export(desk: &Desk, args: &ExportArgs) -> anyhow::Result<()> {
    let Format::Csv = args.format;
    let q = &desk.questionnaire;
    let chosen = choose(desk.entries().await?, args)?;
    let columns: Vec<Column> = columns(q)
        .into_iter()
        .filter(|c| !args.shareable || c.shareable)
        .collect();
    if args.shareable && args.k < 2 {
        anyhow::bail!("--min-count {}: at least 2", args.k);
    }
    let mut rows: Vec<(&Entry, Vec<String>)> = Vec::new();
    for entry in &chosen {
        // The shareable set needs no key: it holds readable answers only.
        let all = if args.shareable {
            answers(&entry.report, &Default::default())
        } else {
            answers(&entry.report, &desk.open(&entry.report)?)
        };
        let row: Vec<String> = columns
            .iter()
            .map(|c| spreadsheet_safe(visible_controls(&cell(q, entry, &all, c))))
            .collect();
        rows.push((entry, row));
    }
    if args.shareable {
        let periods: Vec<usize> = (0..columns.len())
            .filter(|&i| columns[i].name.ends_with("_period"))
            .collect();
        let (kept, done) = shareable::protect(rows, &periods, args.k);
        note!(
            "shareable with K = {}: {} rows had the week generalised to the month, {} left out",
            args.k,
            done.generalised,
            done.suppressed
        );
        rows = kept;
    }
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record(columns.iter().map(|c| c.name.as_str()))?;
    for (_, row) in &rows {
        csv.write_record(row)?;
    }
    let bytes = csv.into_inner().context("writing the CSV")?;
    let sha256 = hex::encode(Sha256::digest(&bytes));
    match &args.out {
        Some(path) => write_private(path, &bytes)?,
        None => {
            use std::io::Write;
            std::io::stdout()
                .lock()
                .write_all(&bytes)
                .context("writing the export to standard output")?;
        }
    }
    let what = if args.shareable {
        "shareable-csv"
    } else {
        "csv"
    };
    let ids: Vec<_> = rows.iter().map(|(e, _)| e.report.id.clone()).collect();
    desk.record_export(&ids, what, &sha256).await?;
    if let Some(path) = &args.out {
        note!(
            "exported {} reports to {} (SHA-256 {sha256}, recorded on each report)",
            ids.len(),
            path.display()
        );
    }
    if let Some(path) = &args.dictionary {
        let rule = args.shareable.then(|| shareable::rule(args.k));
        write_private(path, &dictionary::csv(q, &columns, rule.as_deref())?)?;
        note!("data dictionary written to {}", path.display());
    }
    Ok(())
}

fn choose(entries: Vec<Entry>, args: &ExportArgs) -> anyhow::Result<Vec<Entry>> {
    let day = |text: &Option<String>, what: &str| -> anyhow::Result<_> {
        text.as_deref()
            .map(|t| parse_day(t).with_context(|| format!("--{what} {t}: expected YYYY-MM-DD")))
            .transpose()
    };
    let (from, to) = (day(&args.from, "from")?, day(&args.to, "to")?);
    let statuses = args
        .status
        .iter()
        .map(|s| {
            Status::from_id(s)
                .with_context(|| format!("--status {s}: one of new, in-review, referred, closed"))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(entries
        .into_iter()
        .filter(|e| {
            let received = parse_day(&e.report.received_on);
            from.is_none_or(|f| received.is_some_and(|r| r >= f))
                && to.is_none_or(|t| received.is_some_and(|r| r <= t))
                && (statuses.is_empty() || statuses.contains(&e.case.status()))
        })
        .collect())
}

fn cell(
    q: &Questionnaire,
    entry: &Entry,
    all: &serde_json::Map<String, serde_json::Value>,
    column: &Column,
) -> String {
    let report = &entry.report;
    match (column.name.as_str(), &column.question) {
        (name, Some(question)) if name.ends_with("_period") && name != question => report
            .readable
            .get(question)
            .and_then(|v| v.first())
            .cloned()
            .unwrap_or_default(),
        (_, Some(question)) => {
            answer_text(q, question, &all.get(question).cloned().unwrap_or_default())
        }
        ("report_id", None) => report.id.to_string(),
        ("received_on", None) => report.received_on.clone(),
        ("verified", None) => verified(report).to_string(),
        ("status", None) => entry.case.status().id().to_string(),
        ("labels", None) => entry
            .case
            .labels
            .iter()
            .cloned()
            .collect::<Vec<_>>()
            .join("; "),
        ("held_until", None) => entry
            .case
            .hold
            .as_ref()
            .map(|h| day_of(h.until))
            .unwrap_or_default(),
        ("messages", None) => report.message_count.to_string(),
        ("notes", None) => entry.case.notes.len().to_string(),
        _ => String::new(),
    }
}

/// A reporter's text opened in a spreadsheet must stay text: a cell starting with `=`, `+`,
/// `-` or `@` would run as a formula, so it gets a leading apostrophe.
fn spreadsheet_safe(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn formulas_stay_text() {
        assert_eq!(
            super::spreadsheet_safe("=HYPERLINK(\"x\")".into()),
            "'=HYPERLINK(\"x\")"
        );
        assert_eq!(
            super::spreadsheet_safe("A young person".into()),
            "A young person"
        );
    }
}
