//! The problem profile as one self-contained HTML document, laid out for A4. Every figure is
//! printed through [`Protected`], so none escapes the disclosure rules.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use lookout::figures::disclosure::{Protected, band_text, rules};
use lookout::figures::map::{Scale, Shade, svg};
use lookout::figures::period::format_day;
use lookout::figures::tables::NO_ANSWER;
use lookout_questionnaire::Question;

use super::{Counted, Grid, Profile, change_text};
use lookout::casework::today;

fn escape(text: &str) -> String {
    lookout_questionnaire::html::escape(text)
}

struct Doc {
    out: String,
}

impl Doc {
    fn h2(&mut self, text: &str) {
        let _ = writeln!(self.out, "<h2>{}</h2>", escape(text));
    }

    fn p(&mut self, text: &str) {
        let _ = writeln!(self.out, "<p>{}</p>", escape(text));
    }

    /// A table: caption, column heads, and rows whose first cell is a row head.
    fn table(&mut self, caption: &str, head: &[String], rows: &[Vec<String>]) {
        let _ = write!(
            self.out,
            "<table>\n<caption>{}</caption>\n<thead><tr>",
            escape(caption)
        );
        for h in head {
            let _ = write!(self.out, "<th scope=\"col\">{}</th>", escape(h));
        }
        self.out.push_str("</tr></thead>\n<tbody>\n");
        for row in rows {
            self.out.push_str("<tr>");
            for (i, cell) in row.iter().enumerate() {
                if i == 0 {
                    let _ = write!(self.out, "<th scope=\"row\">{}</th>", escape(cell));
                } else {
                    let _ = write!(self.out, "<td>{}</td>", escape(cell));
                }
            }
            self.out.push_str("</tr>\n");
        }
        self.out.push_str("</tbody>\n</table>\n");
    }
}

fn label(profile: &Profile<'_>, question: Option<&Question>, key: &str) -> String {
    if key == NO_ANSWER {
        "No answer".into()
    } else {
        profile.roles.label(question, key)
    }
}

fn breakdown_rows(
    profile: &Profile<'_>,
    p: &Protected,
    question: Option<&Question>,
    c: &Counted,
) -> Vec<Vec<String>> {
    c.keys
        .iter()
        .zip(&c.cells)
        .map(|(k, cell)| vec![label(profile, question, k), p.text(*cell)])
        .collect()
}

fn grid_table(
    doc: &mut Doc,
    profile: &Profile<'_>,
    p: &Protected,
    (caption, g, cols): (&str, &Grid, Option<&Question>),
    (margin, col_totals): ((&str, &Counted), &Counted),
) {
    let area = profile.roles.area;
    let mut head = vec!["Area".to_string()];
    head.extend(g.cols.iter().map(|k| label(profile, cols, k)));
    head.push(margin.0.to_string());
    let mut rows: Vec<Vec<String>> = g
        .rows
        .iter()
        .enumerate()
        .map(|(r, key)| {
            let mut row = vec![label(profile, area, key)];
            row.extend(g.cells[r].iter().map(|c| p.text(*c)));
            row.push(p.text(margin.1.cells[r]));
            row
        })
        .collect();
    let mut totals = vec!["All areas".to_string()];
    totals.extend(col_totals.cells.iter().map(|c| p.text(*c)));
    totals.push(p.text(profile.total));
    rows.push(totals);
    doc.table(caption, &head, &rows);
}

/// Signs by area: a report may show several signs, so the areas' columns do not add up; the
/// last row gives each area's reports.
fn sign_table(doc: &mut Doc, profile: &Profile<'_>, p: &Protected) {
    let (signs, area) = (profile.roles.indicators, profile.roles.area);
    let g = &profile.sign_area;
    let mut head = vec!["Sign noticed".to_string()];
    head.extend(g.cols.iter().map(|k| label(profile, area, k)));
    head.push("All areas".into());
    let mut rows: Vec<Vec<String>> = g
        .rows
        .iter()
        .enumerate()
        .map(|(r, key)| {
            let mut row = vec![label(profile, signs, key)];
            row.extend(g.cells[r].iter().map(|c| p.text(*c)));
            row.push(p.text(profile.signs.cells[r]));
            row
        })
        .collect();
    let mut reports = vec!["Reports".to_string()];
    reports.extend(profile.areas.cells.iter().map(|c| p.text(*c)));
    reports.push(p.text(profile.total));
    rows.push(reports);
    doc.table(
        "Sign noticed by area (a report may show several signs, so columns do not add up)",
        &head,
        &rows,
    );
}

pub fn render(profile: &Profile<'_>, p: &Protected) -> String {
    let k = profile.k;
    let period = format!(
        "{} to {}",
        format_day(profile.period.from),
        format_day(profile.period.to)
    );
    let mut doc = Doc { out: String::new() };
    let _ = writeln!(
        doc.out,
        "<h1>Problem profile: reports received {}</h1>",
        escape(&period)
    );
    doc.p(&format!(
        "Made on {} by the triage team from the coarse answers of the reports received in the \
         period (the area, who reported, the signs noticed and when it was seen). It holds no free \
         text and no vehicle, room or contact details.",
        today()
    ));
    doc.h2("How small numbers are protected");
    doc.out.push_str("<ul>\n");
    for rule in rules(k) {
        let _ = writeln!(doc.out, "<li>{}</li>", escape(&rule));
    }
    doc.out.push_str("</ul>\n");

    doc.h2("Totals");
    doc.table(
        "Reports received, this period and the one before",
        &["Period".into(), "Reports".into()],
        &[
            vec![period.clone(), p.text(profile.total)],
            vec![
                format!(
                    "{} to {} (previous)",
                    format_day(profile.previous.from),
                    format_day(profile.previous.to)
                ),
                p.text(profile.previous_total),
            ],
            vec![
                "Change".into(),
                change_text(p, profile.previous_total, profile.total),
            ],
        ],
    );

    doc.h2("Where: reports by area");
    let area = profile.roles.area;
    let scale = Scale { k };
    if let Some(map) = &profile.map {
        let mut shades = BTreeMap::new();
        let mut used = Vec::new();
        for (key, cell) in profile.areas.keys.iter().zip(&profile.areas.cells) {
            let class = scale.class(p.shown(*cell));
            used.push(class);
            shades.insert(
                key.clone(),
                Shade {
                    class,
                    name: label(profile, area, key),
                    label: format!("{}: {}", label(profile, area, key), p.text(*cell)),
                },
            );
        }
        let _ = writeln!(
            doc.out,
            "<figure class=\"map\">{}\n{}<figcaption>Reports per area, {}. The same figures are in the table below.</figcaption></figure>",
            svg(map, &shades, &format!("Map of reports per area, {period}")),
            scale.legend(&used).html(),
            escape(&period)
        );
    } else if let Some(problem) = &profile.map_problem {
        doc.p(&format!("No map: {problem}."));
    }
    let rows: Vec<Vec<String>> = profile
        .areas
        .keys
        .iter()
        .zip(&profile.areas.cells)
        .map(|(key, cell)| {
            let before = profile
                .previous_areas
                .keys
                .iter()
                .position(|k| k == key)
                .map(|i| profile.previous_areas.cells[i]);
            vec![
                label(profile, area, key),
                p.text(*cell),
                before.map_or_else(|| "0".into(), |b| p.text(b)),
                before.map_or_else(|| "not given".into(), |b| change_text(p, b, *cell)),
            ]
        })
        .collect();
    doc.table(
        "Reports by area",
        &[
            "Area".into(),
            "This period".into(),
            "Previous period".into(),
            "Change".into(),
        ],
        &rows,
    );

    doc.h2("Hot spots");
    doc.p(&profile.rule.describe());
    doc.p(&format!(
        "Weeks counted: the 16 weeks to {} (the last complete week of the period).",
        profile.hot_week
    ));
    let hot: Vec<Vec<String>> = profile
        .hot
        .iter()
        .filter(|h| h.hot)
        .map(|h| {
            vec![
                label(profile, area, &h.area),
                band_text(h.recent, k),
                band_text(h.baseline, k),
            ]
        })
        .collect();
    if hot.is_empty() {
        doc.p("No area is a hot spot by this rule.");
    } else {
        doc.table(
            "Hot spots (figures in bands)",
            &[
                "Area".into(),
                "Last 4 weeks".into(),
                "12 weeks before".into(),
            ],
            &hot,
        );
    }

    doc.h2("When: trends");
    let mut months: Vec<Vec<String>> = profile
        .months
        .iter()
        .map(|(m, c)| vec![m.to_string(), p.text(*c)])
        .collect();
    months.push(vec![
        "Earlier, or not known".into(),
        p.text(profile.months_earlier),
    ]);
    doc.table(
        "Reports by the month the concern was seen",
        &["Month".into(), "Reports".into()],
        &months,
    );
    let mut weeks: Vec<Vec<String>> = profile
        .weeks
        .iter()
        .map(|(w, c)| vec![w.to_string(), p.text(*c)])
        .collect();
    weeks.push(vec![
        "Only the month given (left out of the weeks)".into(),
        p.text(profile.weeks_month_only),
    ]);
    weeks.push(vec![
        "\u{201c}Earlier\u{201d}, or not known (left out of the weeks)".into(),
        p.text(profile.weeks_earlier),
    ]);
    doc.table(
        "Reports by the week the concern was seen",
        &["Week".into(), "Reports".into()],
        &weeks,
    );

    doc.h2("Who reported and what they noticed");
    doc.table(
        "Reports by who reported",
        &["Reported by".into(), "Reports".into()],
        &breakdown_rows(profile, p, profile.roles.trade, &profile.trades),
    );
    doc.table(
        "Reports by sign noticed (a report may show several)",
        &["Sign".into(), "Reports".into()],
        &breakdown_rows(profile, p, profile.roles.indicators, &profile.signs),
    );

    doc.h2("Cross-tabulations");
    grid_table(
        &mut doc,
        profile,
        p,
        (
            "Area by who reported",
            &profile.area_trade,
            profile.roles.trade,
        ),
        (("All", &profile.areas), &profile.trades),
    );
    sign_table(&mut doc, profile, p);

    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Problem profile {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{}</main>\n</body>\n</html>\n",
        escape(&period),
        doc.out
    )
}

const STYLE: &str = "@page{size:A4;margin:15mm}body{font-family:system-ui,sans-serif;color:#1b1b1b;max-width:46rem;margin:auto;padding:1rem;line-height:1.4}h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:1.5rem;break-after:avoid}table{border-collapse:collapse;margin:.75rem 0;break-inside:avoid;font-size:.9rem}caption{text-align:start;font-weight:bold;padding:.25rem 0}td,th{border:1px solid #767676;padding:.2rem .4rem;text-align:start;vertical-align:top}td{text-align:end}figure{margin:0;break-inside:avoid}svg.map{width:100%;height:auto;max-height:110mm}.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}.legend svg{vertical-align:middle}@media print{body{padding:0;max-width:none}}";
