//! `stats`: where and when concerns cluster, from the readable answers only (no key needed).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
use charts_rs::HorizontalBarChart;
use lookout_functions::report::StoredReport;
use lookout_functions::store::ReportStore;
use lookout_questionnaire::when::Period;
use lookout_questionnaire::{QuestionKind, Questionnaire};

use crate::commands::out::{note, say};

/// One table: a question and how many reports gave each answer.
struct Tally {
    title: String,
    rows: Vec<(String, usize)>,
    /// What the table leaves out, said under it (answers coarser than a week).
    note: Option<String>,
}

pub async fn stats(
    store: &dyn ReportStore,
    q: &Questionnaire,
    html: Option<&Path>,
) -> anyhow::Result<()> {
    let reports = store.reports().await?;
    let tallies = tally(q, &reports);
    say!("{} reports", reports.len());
    for tally in &tallies {
        say!("\n{}", tally.title);
        for (label, count) in &tally.rows {
            say!("  {count:>6}  {label}");
        }
        if let Some(note) = &tally.note {
            say!("  {note}");
        }
    }
    if let Some(path) = html {
        let page = html_page(&tallies, reports.len())?;
        std::fs::write(path, page).with_context(|| format!("writing {}", path.display()))?;
        note!("charts written to {}", path.display());
    }
    Ok(())
}

fn tally(q: &Questionnaire, reports: &[StoredReport]) -> Vec<Tally> {
    let lang = q.default_language.as_str();
    q.questions
        .iter()
        .filter(|question| question.readable)
        .map(|question| {
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            if question.has_options() {
                for option in &question.options {
                    counts.insert(option.id.clone(), 0);
                }
            }
            // By week, a date question counts weeks only: answers that gave a month or just
            // "earlier" cannot go in a week, so they are counted apart and said.
            let mut coarser = 0;
            for report in reports {
                for value in report.readable.get(&question.id).into_iter().flatten() {
                    let is_week = matches!(Period::parse(value), Some(Period::Week(_)));
                    if question.kind == QuestionKind::Date && !is_week {
                        coarser += 1;
                        continue;
                    }
                    *counts.entry(value.clone()).or_default() += 1;
                }
            }
            let label = |id: &str| {
                question
                    .choice(id)
                    .map_or_else(|| id.to_string(), |c| c.label.get(lang, lang).to_string())
            };
            let mut rows: Vec<(String, usize)> =
                counts.into_iter().map(|(id, n)| (label(&id), n)).collect();
            if question.kind != QuestionKind::Date {
                rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            }
            let mut title = question.label.get(lang, lang).to_string();
            let mut note = None;
            if question.kind == QuestionKind::Date {
                title.push_str(" (by week)");
                if coarser > 0 {
                    note = Some(format!(
                        "not counted by week: {coarser} answer(s) that gave only a month or \"earlier\""
                    ));
                }
            }
            Tally { title, rows, note }
        })
        .collect()
}

/// A self-contained page: each chart as inline SVG (drawn by charts-rs) followed by the same
/// numbers as a table, for screen readers and for copying.
fn html_page(tallies: &[Tally], total: usize) -> anyhow::Result<String> {
    let escape = lookout_questionnaire::html::escape;
    let mut body = String::new();
    for tally in tallies {
        let labels: Vec<String> = tally.rows.iter().map(|(l, _)| l.clone()).collect();
        let values: Vec<f32> = tally.rows.iter().map(|(_, n)| *n as f32).collect();
        let mut chart = HorizontalBarChart::new(vec![("Reports", values).into()], labels);
        chart.base.width = 760.0;
        chart.base.height = 80.0 + 28.0 * tally.rows.len() as f32;
        let svg = chart
            .svg()
            .map_err(|e| anyhow::anyhow!("drawing the chart {}: {e:?}", tally.title))?;
        body.push_str(&format!("<section>\n<h2>{}</h2>\n<figure aria-hidden=\"true\">{svg}</figure>\n<table>\n<thead><tr><th scope=\"col\">Answer</th><th scope=\"col\">Reports</th></tr></thead>\n<tbody>\n", escape(&tally.title)));
        for (label, count) in &tally.rows {
            body.push_str(&format!(
                "<tr><td>{}</td><td>{count}</td></tr>\n",
                escape(label)
            ));
        }
        body.push_str("</tbody>\n</table>\n");
        if let Some(note) = &tally.note {
            body.push_str(&format!("<p>{}</p>\n", escape(note)));
        }
        body.push_str("</section>\n");
    }
    Ok(format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Report statistics</title>\n<style>body{{font-family:system-ui,sans-serif;max-width:50rem;margin:auto;padding:1rem;color:#1b1b1b}}table{{border-collapse:collapse}}td,th{{border:1px solid #999;padding:.25rem .5rem;text-align:start}}figure{{margin:0;overflow-x:auto}}</style>\n</head>\n<body>\n<h1>Report statistics</h1>\n<p>{total} reports. Counts come from the readable answers only; the sealed text is not needed or used.</p>\n{body}</body>\n</html>\n"
    ))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use lookout_functions::report::{ReportId, ReporterKey, StoredReport};

    fn report(seen_on: &str) -> StoredReport {
        StoredReport {
            id: ReportId(seen_on.to_string()),
            received_on: "2026-11-24".into(),
            expires_at: 0,
            readable: BTreeMap::from([("seen_on".to_string(), vec![seen_on.to_string()])]),
            sealed: String::new(),
            reporter_key: ReporterKey {
                recipient: String::new(),
                wrapped_identity: String::new(),
            },
            message_count: 0,
            verified: Some(true),
            fingerprint: None,
        }
    }

    #[test]
    fn by_week_counts_weeks_only_and_says_what_it_left_out() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/questionnaire.yaml");
        let q = lookout_questionnaire::Questionnaire::load(&path).unwrap();
        let reports: Vec<StoredReport> = ["2026-W47", "2026-W47", "2026-W48", "2026-10", "earlier"]
            .into_iter()
            .map(report)
            .collect();
        let tallies = super::tally(&q, &reports);
        let seen = tallies
            .iter()
            .find(|t| t.title.ends_with("(by week)"))
            .unwrap();
        assert_eq!(
            seen.rows,
            [("2026-W47".to_string(), 2), ("2026-W48".to_string(), 1)]
        );
        assert_eq!(
            seen.note.as_deref(),
            Some("not counted by week: 2 answer(s) that gave only a month or \"earlier\"")
        );
        let page = super::html_page(&tallies, reports.len()).unwrap();
        assert!(page.contains("not counted by week: 2 answer(s)"));
    }
}
