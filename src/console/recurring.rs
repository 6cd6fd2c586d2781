//! "Also in N reports" on a case page: the recurrence index ([`crate::casework::recurrence`])
//! kept in the console's memory, built again only when the set of reports changes, so a page
//! does not decrypt every report.

use std::sync::{Arc, Mutex};

use crate::casework::recurrence::Index;

use super::Console;
use super::html::e;

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
