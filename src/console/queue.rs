//! The queue: reports newest first, with their readable answers, status and labels; filters
//! by status, verification, area, trade, sign, the weeks seen and label; and a search of the
//! decrypted text, done here in memory and never written down.

use std::collections::{BTreeSet, HashMap};

use crate::figures::{Roles, Week};
use lookout_functions::store::cases::Status;

use super::Console;
use super::gate::Session;
use super::html::{e, page, select, table};
use super::paging::Page;
use crate::casework::{Entry, day_of, verified};

pub async fn page_html(
    console: &Console,
    session: &Session,
    query: &HashMap<String, String>,
) -> anyhow::Result<String> {
    let address = query;
    let query = &console.searches.resolve(address);
    let desk = &console.desk;
    let roles = Roles::of(&desk.questionnaire);
    let get = |k: &str| {
        query
            .get(k)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let mut entries = desk.entries().await?;
    entries.sort_by(|a, b| {
        (&b.report.received_on, &b.report.id).cmp(&(&a.report.received_on, &a.report.id))
    });
    let labels: BTreeSet<String> = entries
        .iter()
        .flat_map(|e| e.case.labels.iter().cloned())
        .collect();
    let (from, to) = (Week::parse(&get("from")), Week::parse(&get("to")));
    let search = get("q").to_lowercase();
    let mut no_week = 0;
    let mut unreadable = 0;
    let mut shown: Vec<&Entry> = Vec::new();
    for entry in &entries {
        let report = &entry.report;
        let fact = roles.fact(&report.received_on, &report.readable);
        let wanted = |key: &str, value: Option<&str>| {
            let want = get(key);
            want.is_empty() || value == Some(want.as_str())
        };
        if !wanted("status", Some(entry.case.status().id()))
            || !wanted("verified", Some(verified(report)))
            || !wanted("area", fact.area.as_deref())
            || !wanted("trade", fact.trade.as_deref())
            || !(get("indicator").is_empty() || fact.indicators.contains(&get("indicator")))
            || !(get("label").is_empty() || entry.case.labels.contains(&get("label")))
        {
            continue;
        }
        if from.is_some() || to.is_some() {
            match fact.seen.week() {
                Some(week) if from.is_none_or(|f| week >= f) && to.is_none_or(|t| week <= t) => {}
                Some(_) => continue,
                None => {
                    no_week += 1;
                    continue;
                }
            }
        }
        if !search.is_empty() {
            let Ok(answers) = desk.open(report) else {
                unreadable += 1;
                continue;
            };
            let mut text = serde_json::Value::Object(answers)
                .to_string()
                .to_lowercase();
            for note in &entry.case.notes {
                if let Some(t) = desk.open_text(&note.sealed) {
                    text.push_str(&t.to_lowercase());
                }
            }
            if !text.contains(&search) {
                continue;
            }
        }
        shown.push(entry);
    }

    let options = |question: Option<&lookout_questionnaire::Question>| -> Vec<(String, String)> {
        let mut out = vec![(String::new(), "Any".to_string())];
        for id in Roles::options(question) {
            out.push((id.clone(), roles.label(question, &id)));
        }
        out
    };
    let mut statuses = vec![(String::new(), "Any".to_string())];
    statuses.extend(
        Status::ALL
            .iter()
            .map(|s| (s.id().to_string(), s.label().to_string())),
    );
    let verifications: Vec<(String, String)> = [
        ("", "Any"),
        ("true", "Verified"),
        ("false", "Unverified"),
        ("unknown", "Not known"),
    ]
    .iter()
    .map(|(v, t)| (v.to_string(), t.to_string()))
    .collect();
    let mut label_options = vec![(String::new(), "Any".to_string())];
    label_options.extend(labels.iter().map(|l| (l.clone(), l.clone())));
    let week_input = |name: &str, label: &str| {
        format!(
            "<div class=\"field\"><label for=\"f-{name}\">{label}</label><input type=\"week\" id=\"f-{name}\" name=\"{name}\" value=\"{}\"></div>",
            e(&get(name))
        )
    };
    let mut body =
        String::from("<form autocomplete=\"off\" class=\"filters\" method=\"post\" action=\"/\">");
    body.push_str(&session.field());
    body.push_str(&select("status", "Status", &statuses, &get("status")));
    body.push_str(&select(
        "verified",
        "Spam check",
        &verifications,
        &get("verified"),
    ));
    body.push_str(&select("area", "Area", &options(roles.area), &get("area")));
    body.push_str(&select(
        "trade",
        "Reported by",
        &options(roles.trade),
        &get("trade"),
    ));
    body.push_str(&select(
        "indicator",
        "Sign noticed",
        &options(roles.indicators),
        &get("indicator"),
    ));
    body.push_str(&week_input("from", "Seen from week"));
    body.push_str(&week_input("to", "Seen to week"));
    body.push_str(&select("label", "Label", &label_options, &get("label")));
    body.push_str(&format!(
        "<div class=\"field\"><label for=\"f-q\">Search the text</label><input type=\"search\" autocomplete=\"off\" id=\"f-q\" name=\"q\" value=\"{}\"></div>",
        e(&get("q"))
    ));
    body.push_str("<button type=\"submit\">Show reports</button> <a href=\"/\">Clear</a></form>");
    let paged = Page::of(address, shown.len());
    body.push_str(&format!(
        "<p role=\"status\">{} of {} reports shown, newest first. {} on this page.",
        shown.len(),
        entries.len(),
        paged.summary()
    ));
    if no_week > 0 {
        body.push_str(&format!(
            " {no_week} left out of the week range because their answer gives only a month or \u{201c}earlier\u{201d}."
        ));
    }
    if unreadable > 0 {
        body.push_str(&format!(
            " {unreadable} could not be searched: they are sealed to keys this identity lacks."
        ));
    }
    body.push_str("</p>");
    let rows: Vec<Vec<String>> = shown[paged.rows()]
        .iter()
        .map(|entry| {
            let r = &entry.report;
            let fact = roles.fact(&r.received_on, &r.readable);
            let mut tags: Vec<String> = entry
                .case
                .labels
                .iter()
                .map(|l| format!("<span class=\"tag\">{}</span>", e(l)))
                .collect();
            if let Some(hold) = &entry.case.hold {
                tags.insert(
                    0,
                    format!(
                        "<span class=\"tag held\">held until {}</span>",
                        day_of(hold.until)
                    ),
                );
            }
            let signs: Vec<String> = fact
                .indicators
                .iter()
                .map(|i| roles.label(roles.indicators, i))
                .collect();
            let seen = roles
                .seen
                .and_then(|q| r.readable.get(&q.id))
                .and_then(|v| v.first())
                .cloned()
                .unwrap_or_default();
            vec![
                format!("<a href=\"/case/{}\">{}</a>", e(&r.id.0), e(&r.received_on)),
                e(entry.case.status().label()),
                tags.join(" "),
                e(&fact
                    .area
                    .as_deref()
                    .map(|a| roles.label(roles.area, a))
                    .unwrap_or_default()),
                e(&fact
                    .trade
                    .as_deref()
                    .map(|t| roles.label(roles.trade, t))
                    .unwrap_or_default()),
                e(&signs.join("; ")),
                e(&seen),
                r.message_count.to_string(),
            ]
        })
        .collect();
    body.push_str(&table(
        "Reports",
        &[
            "Received",
            "Status",
            "Labels",
            "Area",
            "Reported by",
            "Signs",
            "Seen",
            "Messages",
        ],
        &rows,
    ));
    body.push_str(&paged.nav(&nav_query(address, query)));
    Ok(page("Reports", "/", &body))
}

/// What the page links keep: the search's id, or the address's own filters (never free text).
fn nav_query(
    address: &HashMap<String, String>,
    filters: &HashMap<String, String>,
) -> HashMap<String, String> {
    match address.get("s") {
        Some(id) => HashMap::from([("s".to_string(), id.clone())]),
        None => filters.clone(),
    }
}
