//! Counts over a period: breakdowns by one answer, cross-tabulations of two, and weekly and
//! monthly series. Keys are option ids in questionnaire order, with [`NO_ANSWER`] last when
//! some report has none, so that every breakdown of a single-answer question adds up to the
//! period's total.

use std::collections::BTreeMap;

use crate::figures::facts::Fact;
use crate::figures::period::{Period, Seen, Week, YearMonth};

/// The key of reports without an answer to the question counted.
pub const NO_ANSWER: &str = "-";

/// The reports of `facts` received in `period`.
pub fn in_period(facts: &[Fact], period: Period) -> Vec<&Fact> {
    facts
        .iter()
        .filter(|f| period.includes(f.received))
        .collect()
}

/// How one question's answers are read off a fact.
pub type Values = fn(&Fact) -> Vec<&str>;

pub fn area_of(fact: &Fact) -> Vec<&str> {
    fact.area.as_deref().into_iter().collect()
}

pub fn trade_of(fact: &Fact) -> Vec<&str> {
    fact.trade.as_deref().into_iter().collect()
}

pub fn indicators_of(fact: &Fact) -> Vec<&str> {
    fact.indicators.iter().map(String::as_str).collect()
}

/// Counts by one question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakdown {
    pub keys: Vec<String>,
    pub counts: Vec<u64>,
    /// Reports counted (not the sum of `counts` for a question with several answers).
    pub total: u64,
}

impl Breakdown {
    pub fn of(facts: &[&Fact], options: &[String], values: Values) -> Breakdown {
        let mut keys: Vec<String> = options.to_vec();
        let mut tally: BTreeMap<String, u64> = BTreeMap::new();
        for fact in facts {
            let found = values(fact);
            if found.is_empty() {
                *tally.entry(NO_ANSWER.to_string()).or_default() += 1;
            }
            for value in found {
                *tally.entry(value.to_string()).or_default() += 1;
            }
        }
        // Answers the questionnaire no longer offers are kept, after its own.
        for key in tally.keys() {
            if !keys.contains(key) && key != NO_ANSWER {
                keys.push(key.clone());
            }
        }
        if tally.contains_key(NO_ANSWER) {
            keys.push(NO_ANSWER.to_string());
        }
        let counts = keys
            .iter()
            .map(|k| tally.get(k).copied().unwrap_or(0))
            .collect();
        Breakdown {
            keys,
            counts,
            total: facts.len() as u64,
        }
    }
}

/// Rows by one question, columns by another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossTab {
    pub rows: Breakdown,
    pub cols: Breakdown,
    /// `cells[row][col]`.
    pub cells: Vec<Vec<u64>>,
}

impl CrossTab {
    pub fn of(
        facts: &[&Fact],
        (row_options, row_values): (&[String], Values),
        (col_options, col_values): (&[String], Values),
    ) -> CrossTab {
        let rows = Breakdown::of(facts, row_options, row_values);
        let cols = Breakdown::of(facts, col_options, col_values);
        let mut cells = vec![vec![0; cols.keys.len()]; rows.keys.len()];
        let index = |keys: &[String], found: Vec<&str>| -> Vec<usize> {
            if found.is_empty() {
                return keys
                    .iter()
                    .position(|k| k == NO_ANSWER)
                    .into_iter()
                    .collect();
            }
            found
                .iter()
                .filter_map(|v| keys.iter().position(|k| k == v))
                .collect()
        };
        for fact in facts {
            for r in index(&rows.keys, row_values(fact)) {
                for c in index(&cols.keys, col_values(fact)) {
                    cells[r][c] += 1;
                }
            }
        }
        CrossTab { rows, cols, cells }
    }
}

/// Reports per week (the week the concern was seen), and what could not be placed in one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weekly {
    pub weeks: Vec<Week>,
    /// `counts[week][key]` for the keys of `keys`.
    pub keys: Vec<String>,
    pub counts: Vec<Vec<u64>>,
    /// Reports per week, whatever their answer to the question counted.
    pub totals: Vec<u64>,
    /// Reports in the period that gave only a month: left out of the weeks.
    pub month_only: u64,
}

impl Weekly {
    /// Every week from the earliest to the latest seen among `facts`.
    pub fn of(facts: &[&Fact], options: &[String], values: Values) -> Weekly {
        let seen: Vec<Week> = facts.iter().filter_map(|f| f.seen.week()).collect();
        let mut weeks = Vec::new();
        if let (Some(first), Some(last)) = (seen.iter().min(), seen.iter().max()) {
            let mut week = *first;
            while week <= *last {
                weeks.push(week);
                week = week.next();
            }
        }
        let keys = Breakdown::of(facts, options, values).keys;
        let mut counts = vec![vec![0; keys.len()]; weeks.len()];
        let mut totals = vec![0; weeks.len()];
        let mut month_only = 0;
        for fact in facts {
            let Some(week) = fact.seen.week() else {
                if matches!(fact.seen, Seen::Month(_)) {
                    month_only += 1;
                }
                continue;
            };
            let Some(w) = weeks.iter().position(|x| *x == week) else {
                continue;
            };
            totals[w] += 1;
            for value in values(fact) {
                if let Some(k) = keys.iter().position(|x| x == value) {
                    counts[w][k] += 1;
                }
            }
        }
        Weekly {
            weeks,
            keys,
            counts,
            totals,
            month_only,
        }
    }
}

/// Reports per month seen (a week in its Thursday's month), and how many were seen "earlier"
/// (or gave no usable answer), so that the months and that count hold every report.
pub fn monthly(facts: &[&Fact]) -> (Vec<(YearMonth, u64)>, u64) {
    let mut by_month: BTreeMap<YearMonth, u64> = BTreeMap::new();
    let mut earlier = 0;
    for fact in facts {
        match fact.seen.month() {
            Some(month) => *by_month.entry(month).or_default() += 1,
            None => earlier += 1,
        }
    }
    (by_month.into_iter().collect(), earlier)
}

/// How many of `facts` gave only a month, and how many "earlier" or nothing usable.
pub fn unplaced(facts: &[Fact]) -> (u64, u64) {
    let month = facts
        .iter()
        .filter(|f| matches!(f.seen, Seen::Month(_)))
        .count() as u64;
    let earlier = facts
        .iter()
        .filter(|f| matches!(f.seen, Seen::Earlier | Seen::Unknown))
        .count() as u64;
    (month, earlier)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn fact(seen: &str, area: Option<&str>, trade: &str, signs: &[&str]) -> Fact {
        Fact {
            received: date!(2026 - 11 - 20),
            seen: Seen::parse(Some(seen)),
            area: area.map(String::from),
            trade: Some(trade.into()),
            indicators: signs.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn breakdowns_cross_tabs_and_series_add_up() {
        let facts = vec![
            fact("2026-W45", Some("north"), "taxi", &["a", "b"]),
            fact("2026-W46", Some("north"), "hotel", &["a"]),
            fact("2026-11", Some("south"), "taxi", &[]),
            fact("2026-W46", None, "taxi", &["b"]),
            fact("earlier", Some("south"), "taxi", &["a"]),
            Fact {
                received: date!(2026 - 12 - 01),
                ..fact("2026-W48", Some("south"), "taxi", &[])
            },
        ];
        let period = Period::new(date!(2026 - 11 - 01), date!(2026 - 11 - 30)).unwrap();
        let seen = in_period(&facts, period);
        assert_eq!(seen.len(), 5, "received in November");
        let areas = ["north".to_string(), "south".to_string(), "east".to_string()];
        let by_area = Breakdown::of(&seen, &areas, area_of);
        assert_eq!(by_area.keys, ["north", "south", "east", NO_ANSWER]);
        assert_eq!(by_area.counts, [2, 2, 0, 1]);
        assert_eq!(by_area.counts.iter().sum::<u64>(), by_area.total);
        let trades = ["taxi".to_string(), "hotel".to_string()];
        let tab = CrossTab::of(&seen, (&areas, area_of), (&trades, trade_of));
        assert_eq!(
            tab.cells,
            vec![vec![1, 1], vec![2, 0], vec![0, 0], vec![1, 0]]
        );
        let signs = CrossTab::of(&seen, (&areas, area_of), (&[], indicators_of));
        assert_eq!(signs.cols.keys, ["a", "b", NO_ANSWER]);
        assert_eq!(signs.cells[0], vec![2, 1, 0]);
        let weekly = Weekly::of(&seen, &areas, area_of);
        assert_eq!(weekly.weeks.len(), 2, "W45 and W46");
        assert_eq!(weekly.month_only, 1);
        assert_eq!(weekly.totals.iter().sum::<u64>(), 3);
        let (months, earlier) = monthly(&seen);
        assert_eq!(months.iter().map(|(_, n)| n).sum::<u64>() + earlier, 5);
        assert_eq!(earlier, 1);
        assert_eq!(unplaced(&facts), (1, 1));
    }
}
