//! `export`: the multi-agency data set, one row per report, decrypted.

use std::io::Write;
use std::path::Path;

use age::x25519::Identity;
use anyhow::Context;
use lookout_functions::store::ReportStore;
use lookout_questionnaire::Questionnaire;
use lookout_questionnaire::when::Period;
use serde_json::Value;

use super::show::{answer_text, open_answers};

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum Format {
    Csv,
}

pub async fn export(
    store: &dyn ReportStore,
    q: &Questionnaire,
    identities: &[Identity],
    Format::Csv: Format,
    out: Option<&Path>,
) -> anyhow::Result<()> {
    let sink: Box<dyn Write> = match out {
        Some(path) => Box::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut csv = csv::Writer::from_writer(sink);
    let mut header = vec!["report_id".to_string(), "received_on".to_string()];
    for question in &q.questions {
        header.push(question.id.clone());
        if question.readable && question.kind == lookout_questionnaire::QuestionKind::Date {
            header.push(format!("{}_week", question.id));
        }
    }
    header.push("messages".to_string());
    csv.write_record(&header)?;
    let reports = store.reports().await?;
    for report in &reports {
        let sealed = open_answers(identities, report)?;
        let mut row = vec![report.id.to_string(), report.received_on.clone()];
        for question in &q.questions {
            let readable = report.readable.get(&question.id);
            let value = match sealed.get(&question.id) {
                Some(value) => value.clone(),
                None => Value::Array(
                    readable
                        .into_iter()
                        .flatten()
                        .cloned()
                        .map(Value::String)
                        .collect(),
                ),
            };
            row.push(spreadsheet_safe(answer_text(q, &question.id, &value)));
            if question.readable && question.kind == lookout_questionnaire::QuestionKind::Date {
                // The week when the answer gave one; a month or "earlier" is in the answer's
                // own column, and this one stays empty rather than mixing units.
                let week = readable
                    .and_then(|v| v.first())
                    .filter(|v| matches!(Period::parse(v), Some(Period::Week(_))));
                row.push(week.cloned().unwrap_or_default());
            }
        }
        row.push(report.message_count.to_string());
        csv.write_record(&row)?;
    }
    csv.flush()?;
    if let Some(path) = out {
        eprintln!("exported {} reports to {}", reports.len(), path.display());
    }
    Ok(())
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
