//! The map with hot spots, and the trends: the team's own figures, exact (no suppression:
//! they never leave the console), for a chosen period of days received.

use std::collections::{BTreeMap, HashMap};

use crate::figures::disclosure::Shown;
use crate::figures::hotspots::{Rule, hot_spots, last_complete_week};
use crate::figures::map::{Scale, Shade, svg};
use crate::figures::period::{Period, format_day, parse_day};
use crate::figures::tables::{
    Breakdown, CrossTab, NO_ANSWER, Values, Weekly, area_of, in_period, indicators_of, monthly,
    trade_of, unplaced,
};
use crate::figures::{Fact, Roles};
use lookout_questionnaire::Question;
use time::Duration;

use super::Console;
use super::html::{e, page, select, table};

struct Chosen {
    period: Period,
    form: String,
}

/// The period from the query (default: the last 365 days), and its form.
fn chosen(query: &HashMap<String, String>, action: &str, extra: &str) -> Chosen {
    let today = time::OffsetDateTime::now_utc().date();
    let day = |k: &str| query.get(k).and_then(|v| parse_day(v));
    let to = day("to").unwrap_or(today);
    let from = day("from").unwrap_or(to - Duration::days(364));
    let period = Period::new(from, to).unwrap_or(Period { from: to, to });
    let form = format!(
        "<form autocomplete=\"off\" class=\"filters\" method=\"get\" action=\"{action}\"><div class=\"field\"><label for=\"f-from\">Received from</label><input type=\"date\" id=\"f-from\" name=\"from\" value=\"{}\"></div><div class=\"field\"><label for=\"f-to\">Received to</label><input type=\"date\" id=\"f-to\" name=\"to\" value=\"{}\"></div>{extra}<button type=\"submit\">Show</button></form>",
        format_day(period.from),
        format_day(period.to)
    );
    Chosen { period, form }
}

fn label(roles: &Roles<'_>, question: Option<&Question>, key: &str) -> String {
    if key == NO_ANSWER {
        "No answer".into()
    } else {
        roles.label(question, key)
    }
}

async fn facts(console: &Console) -> anyhow::Result<Vec<Fact>> {
    let roles = Roles::of(&console.desk.questionnaire);
    crate::casework::facts(console.desk.store.as_ref(), &roles).await
}

pub async fn map_html(
    console: &Console,
    query: &HashMap<String, String>,
) -> anyhow::Result<String> {
    let roles = Roles::of(&console.desk.questionnaire);
    let facts = facts(console).await?;
    let c = chosen(query, "/map", "");
    let now = in_period(&facts, c.period);
    let by_area = Breakdown::of(&now, &Roles::options(roles.area), area_of);
    let period = format!(
        "{} to {}",
        format_day(c.period.from),
        format_day(c.period.to)
    );
    let mut body = c.form;
    body.push_str(&format!(
        "<h2>Reports per area, received {}</h2>",
        e(&period)
    ));
    match console.areas.as_ref() {
        Ok(areas) => {
            let scale = Scale { k: 1 };
            let mut shades = BTreeMap::new();
            let mut used = Vec::new();
            for (key, n) in by_area.keys.iter().zip(&by_area.counts) {
                let class = scale.class(Shown::Count(*n));
                used.push(class);
                shades.insert(
                    key.clone(),
                    Shade {
                        class,
                        name: label(&roles, roles.area, key),
                        label: format!("{}: {n}", label(&roles, roles.area, key)),
                    },
                );
            }
            body.push_str(&format!(
                "<figure class=\"map\">{}{}<figcaption>The same figures are in the table below.</figcaption></figure>",
                svg(areas, &shades, &format!("Map of reports per area, {period}")),
                scale.legend(&used).html()
            ));
        }
        Err(problem) => body.push_str(&format!("<p>No map: {}.</p>", e(problem))),
    }
    let rows: Vec<Vec<String>> = by_area
        .keys
        .iter()
        .zip(&by_area.counts)
        .map(|(k, n)| vec![e(&label(&roles, roles.area, k)), n.to_string()])
        .collect();
    body.push_str(&table("Reports per area", &["Area", "Reports"], &rows));

    let rule = Rule::default();
    let last = last_complete_week(c.period.to);
    body.push_str(&format!("<h2>Hot spots</h2><p>{}</p><p>Weeks: the 16 to {last} (the last complete week of the period).</p>", e(&rule.describe())));
    let spots = hot_spots(&facts, last, rule);
    let (month_only, earlier) = unplaced(&facts);
    let rows: Vec<Vec<String>> = spots
        .iter()
        .map(|s| {
            vec![
                e(&label(&roles, roles.area, &s.area)),
                s.recent.to_string(),
                s.baseline.to_string(),
                format!("{:.1}", s.expected),
                format!("{:.4}", s.p_value),
                if s.hot {
                    "<strong>Hot spot</strong>".into()
                } else {
                    "No".into()
                },
            ]
        })
        .collect();
    if rows.is_empty() {
        body.push_str("<p>No report gives a week in these 16 weeks.</p>");
    } else {
        body.push_str(&table(
            "Areas tested, hot spots first",
            &[
                "Area",
                "Last 4 weeks",
                "12 weeks before",
                "Expected at the earlier rate",
                "p-value",
                "Hot spot",
            ],
            &rows,
        ));
    }
    body.push_str(&format!(
        "<p>Left out of the weekly counts: {month_only} reports that give only a month, {earlier} that say \u{201c}earlier\u{201d} or give no usable time.</p>"
    ));
    Ok(page("Map and hot spots", "/map", &body))
}

fn weekly_table(roles: &Roles<'_>, now: &[&Fact], by: &str) -> String {
    let (question, values, options): (Option<&Question>, Values, Vec<String>) = match by {
        "area" => (roles.area, area_of, Roles::options(roles.area)),
        "trade" => (roles.trade, trade_of, Roles::options(roles.trade)),
        "indicator" => (
            roles.indicators,
            indicators_of,
            Roles::options(roles.indicators),
        ),
        _ => (None, |_| Vec::new(), Vec::new()),
    };
    let weekly = Weekly::of(now, &options, values);
    let keys: Vec<String> = if by == "overall" {
        Vec::new()
    } else {
        weekly
            .keys
            .iter()
            .map(|k| label(roles, question, k))
            .collect()
    };
    let mut head: Vec<&str> = vec!["Week seen", "Reports"];
    head.extend(keys.iter().map(String::as_str));
    let rows: Vec<Vec<String>> = weekly
        .weeks
        .iter()
        .enumerate()
        .map(|(w, week)| {
            let mut row = vec![week.to_string(), weekly.totals[w].to_string()];
            if by != "overall" {
                row.extend(weekly.counts[w].iter().map(u64::to_string));
            }
            row
        })
        .collect();
    let earlier = now.len() as u64 - weekly.totals.iter().sum::<u64>() - weekly.month_only;
    let weeks: Vec<String> = weekly.weeks.iter().map(ToString::to_string).collect();
    let chart = super::chart::weekly(&weeks, &weekly.totals)
        .unwrap_or_else(|error| format!("<p>No chart: {}</p>", e(&error.to_string())));
    format!(
        "{chart}{}<p>Left out of the weeks: {} reports that give only a month (they are in the months below), {earlier} that say \u{201c}earlier\u{201d} or give no usable time.</p>",
        table("Reports per week seen", &head, &rows),
        weekly.month_only
    )
}

fn cross_table(
    roles: &Roles<'_>,
    now: &[&Fact],
    caption: &str,
    cols: Option<&Question>,
    values: Values,
) -> String {
    let tab = CrossTab::of(
        now,
        (&Roles::options(roles.area), area_of),
        (&Roles::options(cols), values),
    );
    let col_labels: Vec<String> = tab
        .cols
        .keys
        .iter()
        .map(|k| label(roles, cols, k))
        .collect();
    let mut head: Vec<&str> = vec!["Area"];
    head.extend(col_labels.iter().map(String::as_str));
    head.push("Reports");
    let mut rows: Vec<Vec<String>> = tab
        .rows
        .keys
        .iter()
        .enumerate()
        .map(|(r, k)| {
            let mut row = vec![e(&label(roles, roles.area, k))];
            row.extend(tab.cells[r].iter().map(u64::to_string));
            row.push(tab.rows.counts[r].to_string());
            row
        })
        .collect();
    let mut totals = vec!["All areas".to_string()];
    totals.extend(tab.cols.counts.iter().map(u64::to_string));
    totals.push(tab.rows.total.to_string());
    rows.push(totals);
    table(caption, &head, &rows)
}

pub async fn trends_html(
    console: &Console,
    query: &HashMap<String, String>,
) -> anyhow::Result<String> {
    let roles = Roles::of(&console.desk.questionnaire);
    let facts = facts(console).await?;
    let by = query.get("by").map(String::as_str).unwrap_or("overall");
    let by_options: Vec<(String, String)> = [
        ("overall", "Overall"),
        ("area", "Area"),
        ("trade", "Who reported"),
        ("indicator", "Sign noticed"),
    ]
    .iter()
    .map(|(v, t)| (v.to_string(), t.to_string()))
    .collect();
    let c = chosen(query, "/trends", &select("by", "Weeks by", &by_options, by));
    let now = in_period(&facts, c.period);
    let mut body = c.form;
    body.push_str(&format!(
        "<p>{} reports received in the period.</p>",
        now.len()
    ));
    body.push_str("<h2>By week</h2>");
    body.push_str(&weekly_table(&roles, &now, by));
    body.push_str("<h2>By month</h2>");
    let (months, earlier) = monthly(&now);
    let mut rows: Vec<Vec<String>> = months
        .iter()
        .map(|(m, n)| vec![m.to_string(), n.to_string()])
        .collect();
    rows.push(vec!["Earlier, or not known".into(), earlier.to_string()]);
    body.push_str(&table(
        "Reports per month seen (a week counts in its Thursday's month)",
        &["Month seen", "Reports"],
        &rows,
    ));
    body.push_str("<h2>Cross-tabulations</h2>");
    body.push_str(&cross_table(
        &roles,
        &now,
        "Area by who reported",
        roles.trade,
        trade_of,
    ));
    body.push_str(&cross_table(
        &roles,
        &now,
        "Area by sign noticed (a report may show several signs)",
        roles.indicators,
        indicators_of,
    ));
    Ok(page("Trends", "/trends", &body))
}
