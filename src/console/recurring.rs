//! "Also in N reports" on a case page: the recurrence index ([`crate::casework::recurrence`])
//! kept in the console's memory, built again only when the set of reports changes, so a page
//! does not decrypt every report.

use std::sync::{Arc, Mutex};

use crate::casework::recurrence::Index;

use super::Console;
use super::html::{e, page, table};
use crate::figures::Roles;
use std::collections::{BTreeSet, HashMap};

/// The index of the console's reports, and the ids it was built from.
#[derive(Default)]
pub struct Recurrence {
    index: Mutex<Arc<Index>>,
}

impl Recurrence {
    /// The index for the reports there are now.
    pub async fn current(console: &Console) -> anyhow::Result<Arc<Index>> {
        let desk = &console.desk;
        let entries = desk.entries().await?;
        let mut ids: Vec<String> = entries.iter().map(|e| e.report.id.0.clone()).collect();
        ids.sort();
        let cache = &console.recurrence.index;
        {
            let index = cache.lock().unwrap_or_else(|p| p.into_inner());
            if index.built_from == ids {
                return Ok(index.clone());
            }
        }
        let texts = entries.iter().filter_map(|entry| {
            let answers = desk.open(&entry.report).ok()?;
            let text: Vec<String> = answers.values().map(value_text).collect();
            Some((entry.report.id.0.clone(), text.join("\n")))
        });
        let index = Arc::new(Index::build(texts));
        *cache.lock().unwrap_or_else(|p| p.into_inner()) = index.clone();
        Ok(index)
    }
}

fn value_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => {
            items.iter().map(value_text).collect::<Vec<_>>().join("\n")
        }
        other => other.to_string(),
    }
}

/// The case page's section: each name this report shares, with links to the others.
pub async fn section(console: &Console, id: &str) -> anyhow::Result<String> {
    let index = Recurrence::current(console).await?;
    let shared = index.shared(id);
    if shared.is_empty() {
        return Ok(String::new());
    }
    let mut html = String::from("<h2>Named in other reports</h2><ul class=\"recurring\">");
    for (name, others) in shared {
        let links: Vec<String> = others
            .iter()
            .map(|o| format!("<a href=\"/case/{}\">{}</a>", e(o), e(&o[..o.len().min(8)])))
            .collect();
        html.push_str(&format!(
            "<li>{} <code>{}</code>: also in {} report{}: {}</li>",
            name.kind.label(),
            e(&name.key),
            others.len(),
            if others.len() == 1 { "" } else { "s" },
            links.join(", ")
        ));
    }
    html.push_str("</ul>");
    Ok(html)
}

/// The page of recurring names: each with how many reports name it, their areas and the weeks
/// they were seen, and links to the reports.
pub async fn page_html(console: &Console) -> anyhow::Result<String> {
    let index = Recurrence::current(console).await?;
    let desk = &console.desk;
    let roles = Roles::of(&desk.questionnaire);
    let entries = desk.entries().await?;
    let by_id: HashMap<&str, _> = entries
        .iter()
        .map(|e| (e.report.id.0.as_str(), e))
        .collect();
    let rows: Vec<Vec<String>> = index
        .recurring()
        .into_iter()
        .map(|(name, ids)| {
            let mut areas = BTreeSet::new();
            let mut weeks = BTreeSet::new();
            for id in ids {
                if let Some(entry) = by_id.get(id.as_str()) {
                    let r = &entry.report;
                    let fact = roles.fact(&r.received_on, &r.readable);
                    if let Some(area) = fact.area.as_deref() {
                        areas.insert(roles.label(roles.area, area));
                    }
                    if let Some(week) = fact.seen.week() {
                        weeks.insert(week.to_string());
                    }
                }
            }
            let links: Vec<String> = ids
                .iter()
                .map(|o| format!("<a href=\"/case/{}\">{}</a>", e(o), e(&o[..o.len().min(8)])))
                .collect();
            vec![
                e(name.kind.label()),
                format!("<code>{}</code>", e(&name.key)),
                ids.len().to_string(),
                e(&areas.into_iter().collect::<Vec<_>>().join("; ")),
                e(&weeks.into_iter().collect::<Vec<_>>().join("; ")),
                links.join(", "),
            ]
        })
        .collect();
    let mut body = String::from(
        "<p>Vehicles, phone numbers and e-mail addresses named in more than one report, found in the decrypted answers in this program's memory. This list is stored nowhere and is in no export.</p>",
    );
    if rows.is_empty() {
        body.push_str("<p role=\"status\">No name is in more than one report.</p>");
    } else {
        body.push_str(&table(
            "Recurring names",
            &["Kind", "Name", "Reports", "Areas", "Weeks seen", "Open"],
            &rows,
        ));
    }
    Ok(page("Recurring names", "/recurring", &body))
}
