//! The junk page: likely junk (`reports::junk`) together, repeats under the report they repeat,
//! with why each is there, and one button that deletes those not on hold once the team has
//! seen them. The form carries the reports it showed, and only those of them still clearable
//! go: under a flood the list grows every second, and the button must still work.

use std::collections::HashMap;

use axum::response::{IntoResponse, Redirect, Response};

use super::Console;
use super::case::Forbidden;
use super::gate::Session;
use super::html::{e, page, table};
use crate::casework::junk::{Filter, clear, clearable, likely};
use crate::casework::{day_of, readable_line, verified};

pub async fn page_html(
    console: &Console,
    session: &Session,
    done: Option<&str>,
) -> anyhow::Result<String> {
    let entries = console.desk.entries().await?;
    let found = likely(&entries, Filter::ALL);
    let doomed = clearable(&entries, Filter::ALL);
    let shown_ids: Vec<&str> = doomed
        .iter()
        .map(|entry| entry.report.id.0.as_str())
        .collect();
    let doomed = doomed.len();
    let mut body = String::new();
    if let Some(done) = done {
        body.push_str(&format!(
            "<div class=\"notice\" role=\"status\"><p>Deleted {} reports.</p></div>",
            e(done)
        ));
    }
    body.push_str(&format!(
        "<p>{} of {} reports look like junk: sent without a solved spam check, or with the same \
         answers as an earlier report (shown under it). Open one to read it before deciding.</p>",
        found.len(),
        entries.len()
    ));
    let rows: Vec<Vec<String>> = found
        .iter()
        .map(|(entry, why)| {
            let r = &entry.report;
            let held = entry
                .case
                .hold
                .as_ref()
                .map(|h| format!("held until {} (kept)", day_of(h.until)))
                .unwrap_or_default();
            vec![
                format!("<a href=\"/case/{}\">{}</a>", e(&r.id.0), e(&r.received_on)),
                e(&why.describe()),
                e(verified(r)),
                e(&held),
                e(&readable_line(r)),
            ]
        })
        .collect();
    body.push_str(&table(
        "Likely junk",
        &["Received", "Why", "Spam check", "Hold", "Answers"],
        &rows,
    ));
    if doomed > 0 {
        body.push_str(&format!(
            "<form autocomplete=\"off\" method=\"post\" action=\"/junk\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">\
             <input type=\"hidden\" name=\"ids\" value=\"{}\">\
             <p>Deleting removes each report with its receipt, messages and case work, for good. \
             Reports on an evidence hold are kept.</p>\
             <p><button type=\"submit\" class=\"warning\">Delete these {doomed} reports</button></p></form>",
            e(&session.csrf),
            e(&shown_ids.join(" "))
        ));
    }
    Ok(page("Likely junk", "/junk", &body))
}

/// Deletes the reports the page showed that are still clearable junk (not on hold since).
pub async fn act(
    console: &Console,
    session: &Session,
    form: &HashMap<String, String>,
) -> anyhow::Result<Response> {
    if !session.allows(form.get("csrf").map(String::as_str)) {
        anyhow::bail!(Forbidden);
    }
    let desk = &console.desk;
    let entries = desk.entries().await?;
    let shown: std::collections::HashSet<&str> = form
        .get("ids")
        .map(|ids| ids.split_whitespace().collect())
        .unwrap_or_default();
    let doomed: Vec<_> = clearable(&entries, Filter::ALL)
        .into_iter()
        .filter(|entry| shown.contains(entry.report.id.0.as_str()))
        .collect();
    if doomed.is_empty() {
        anyhow::bail!(
            "none of the reports the page showed is still clearable junk; nothing was deleted: \
             look at the page again"
        );
    }
    let deleted = clear(desk.store.as_ref(), &doomed).await?;
    Ok(Redirect::to(&format!("/junk?done={deleted}")).into_response())
}
