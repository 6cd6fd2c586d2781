//! Public statistics ("what people told us last quarter"): the data file that
//! `lookout reports public-stats` writes into the campaign (by default
//! `data/public-stats.json`) and the `{{ public_stats() }}` shortcode shows. The file holds
//! counts by closed quarter (of the day reports were received), area and trade only, already
//! protected; the build refuses a file that breaks the rules ([`check`]), so `lookout check`
//! and `lookout build` do too:
//!
//! - a quarter is published only once it closed at least a month before the day it was
//!   published (and that day is not in the future); the CLI never changes a quarter once in the
//!   file, so two versions of the page cannot tell when a report arrived;
//! - every count is 0 or at least `min_count` (K, at least 3); smaller ones are "fewer";
//! - where a quarter's total and all but one of its areas (or trades) are known, the one left
//!   is not "fewer" (secondary suppression: another figure is "hidden"), and known figures add
//!   up to the total.

use std::path::{Path, PathBuf};

use lookout_questionnaire::Questionnaire;
use serde::{Deserialize, Serialize};
use time::{Date, Month};

/// Where the shortcode looks without a `file` argument, relative to the campaign.
pub const DEFAULT_FILE: &str = "data/public-stats.json";
/// The id of "no answer" rows (the question's answer was missing).
pub const NO_ANSWER: &str = "-";
/// The smallest K the public page may use.
pub const MIN_K: u64 = 3;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicStats {
    pub format: u32,
    pub min_count: u64,
    /// Oldest first.
    pub quarters: Vec<Quarter>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quarter {
    /// `2026-Q3`.
    pub quarter: String,
    /// The day it was published, `YYYY-MM-DD`.
    pub published_on: String,
    pub total: Figure,
    /// By area option id, in questionnaire order.
    pub areas: Vec<(String, Figure)>,
    /// By trade (reporter) option id.
    pub trades: Vec<(String, Figure)>,
}

/// A published figure: a count, "fewer than K", or hidden to protect one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Figure {
    Count(u64),
    Suppressed(Suppressed),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Suppressed {
    Fewer,
    Hidden,
}

impl Figure {
    pub fn count(self) -> Option<u64> {
        match self {
            Figure::Count(n) => Some(n),
            Figure::Suppressed(_) => None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct PublicStatsError {
    pub path: PathBuf,
    pub message: String,
}

/// The quarter `2026-Q3` as (first day, last day).
pub fn quarter_days(quarter: &str) -> Option<(Date, Date)> {
    let (year, q) = quarter.split_once("-Q")?;
    let year: i32 = year.parse().ok()?;
    let q: u8 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
    let first = Date::from_calendar_date(year, Month::try_from(q * 3 - 2).ok()?, 1).ok()?;
    let next = if q == 4 {
        Date::from_calendar_date(year + 1, Month::January, 1).ok()?
    } else {
        Date::from_calendar_date(year, Month::try_from(q * 3 + 1).ok()?, 1).ok()?
    };
    Some((first, next.previous_day()?))
}

/// The first day a quarter may be published: one month after it closed.
pub fn publishable_from(quarter: &str) -> Option<Date> {
    let (_, last) = quarter_days(quarter)?;
    let closed = last.next_day()?;
    let month = closed.month().next();
    let year = if month == Month::January {
        closed.year() + 1
    } else {
        closed.year()
    };
    Date::from_calendar_date(year, month, 1).ok()
}

fn parse_day(text: &str) -> Option<Date> {
    Date::parse(
        text,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()
}

impl PublicStats {
    pub fn load(path: &Path) -> Result<PublicStats, PublicStatsError> {
        let err = |message: String| PublicStatsError {
            path: path.to_path_buf(),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
        serde_json::from_str(&text).map_err(|e| err(format!("line {}: {e}", e.line())))
    }

    /// Every way the file breaks the rules, as messages; empty when it keeps them.
    pub fn problems(&self, today: Date, questionnaire: &Questionnaire) -> Vec<String> {
        let mut problems = Vec::new();
        if self.format != 1 {
            problems.push(format!("format {} is not 1", self.format));
        }
        let k = self.min_count;
        if k < MIN_K {
            problems.push(format!("min_count {k} is below {MIN_K}"));
        }
        let options = |id: &str| -> Vec<String> {
            questionnaire
                .question(id)
                .map(|q| q.options.iter().map(|o| o.id.clone()).collect())
                .unwrap_or_default()
        };
        let (areas, trades) = (options("area"), options("reporter"));
        let mut previous: Option<Date> = None;
        for q in &self.quarters {
            let at = |m: String| format!("quarter {}: {m}", q.quarter);
            let Some((first, _)) = quarter_days(&q.quarter) else {
                problems.push(at("not a quarter like 2026-Q3".into()));
                continue;
            };
            if previous.is_some_and(|p| p >= first) {
                problems.push(at("quarters must be listed oldest first, each once".into()));
            }
            previous = Some(first);
            match (parse_day(&q.published_on), publishable_from(&q.quarter)) {
                (Some(on), Some(from)) if on < from => problems.push(at(format!(
                    "published on {} but may be published only from {from}, a month after it closed",
                    q.published_on
                ))),
                (Some(on), _) if on > today => problems.push(at(format!(
                    "published on {}, which has not come yet",
                    q.published_on
                ))),
                (None, _) => problems.push(at(format!("published_on {:?} is not a day", q.published_on))),
                _ => {}
            }
            let figures = std::iter::once(("total", &q.total))
                .chain(q.areas.iter().map(|(id, f)| (id.as_str(), f)))
                .chain(q.trades.iter().map(|(id, f)| (id.as_str(), f)));
            for (id, figure) in figures {
                if let Figure::Count(n) = figure
                    && *n > 0
                    && *n < k
                {
                    problems.push(at(format!("{id}: {n} is below {k}; it must be \"fewer\"")));
                }
            }
            for (what, rows, known) in [("area", &q.areas, &areas), ("trade", &q.trades, &trades)] {
                for (id, _) in rows {
                    if !known.contains(id) && id != NO_ANSWER {
                        problems.push(at(format!("{id} is not a {what} of the questionnaire")));
                    }
                }
                let members: Vec<Figure> = rows.iter().map(|(_, f)| *f).chain([q.total]).collect();
                let hidden = members.iter().filter(|f| f.count().is_none()).count();
                if hidden == 1 {
                    problems.push(at(format!(
                        "one {what} figure or the total is suppressed alone, so it can be worked \
                         out from the others: hide another"
                    )));
                }
                if hidden == 0 {
                    let sum: u64 = rows.iter().filter_map(|(_, f)| f.count()).sum();
                    if Some(sum) != q.total.count() {
                        problems.push(at(format!("the {what}s add up to {sum}, not to the total")));
                    }
                }
            }
        }
        problems
    }
}

/// What the shortcode template gets: each quarter's figures in the page's language.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    pub quarters: Vec<QuarterView>,
    /// The rules, in the page's language.
    pub rules: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuarterView {
    pub quarter: String,
    pub heading: String,
    pub total: String,
    pub areas: Vec<(String, String)>,
    pub trades: Vec<(String, String)>,
}

/// Loads and checks the file for a page in `lang`; `text(key)` gives interface strings.
pub fn view(
    root: &Path,
    file: Option<&str>,
    today: Date,
    questionnaire: &Questionnaire,
    lang: &str,
    text: impl Fn(&str) -> String,
) -> Result<View, PublicStatsError> {
    let path = root.join(file.unwrap_or(DEFAULT_FILE));
    // Before the first quarter is published the default file does not exist yet: the page
    // says so. A file named in the shortcode must exist.
    let stats = if file.is_none() && !path.exists() {
        PublicStats {
            format: 1,
            min_count: MIN_K,
            quarters: Vec::new(),
        }
    } else {
        PublicStats::load(&path)?
    };
    let problems = stats.problems(today, questionnaire);
    if !problems.is_empty() {
        return Err(PublicStatsError {
            path,
            message: format!(
                "breaks the rules of public statistics: {}",
                problems.join("; ")
            ),
        });
    }
    let k = stats.min_count;
    let shown = |f: &Figure| match f {
        Figure::Count(n) => n.to_string(),
        Figure::Suppressed(Suppressed::Fewer) => {
            text("public_stats_fewer").replace("{k}", &k.to_string())
        }
        Figure::Suppressed(Suppressed::Hidden) => text("public_stats_hidden"),
    };
    let label = |question: &str, id: &str| {
        questionnaire
            .question(question)
            .and_then(|q| q.choice(id))
            .map_or_else(
                || id.to_string(),
                |c| {
                    c.label
                        .get(lang, &questionnaire.default_language)
                        .to_string()
                },
            )
    };
    let day = |d: Date| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day());
    let quarters = stats
        .quarters
        .iter()
        .rev()
        .map(|q| {
            let (from, to) = quarter_days(&q.quarter).unwrap_or((today, today));
            QuarterView {
                quarter: q.quarter.clone(),
                heading: text("public_stats_quarter")
                    .replace("{from}", &day(from))
                    .replace("{to}", &day(to)),
                total: shown(&q.total),
                areas: q
                    .areas
                    .iter()
                    .map(|(id, f)| (label("area", id), shown(f)))
                    .collect(),
                trades: q
                    .trades
                    .iter()
                    .map(|(id, f)| (label("reporter", id), shown(f)))
                    .collect(),
            }
        })
        .collect();
    let rules = text("public_stats_rules").replace("{k}", &k.to_string());
    Ok(View { quarters, rules })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_quarter_waits_a_month_after_it_closes() {
        assert_eq!(
            quarter_days("2026-Q3"),
            Some((date!(2026 - 07 - 01), date!(2026 - 09 - 30)))
        );
        assert_eq!(publishable_from("2026-Q3"), Some(date!(2026 - 11 - 01)));
        assert_eq!(publishable_from("2026-Q4"), Some(date!(2027 - 02 - 01)));
        assert_eq!(quarter_days("2026-Q5"), None);
    }
}
