//! The shareable data set must not point at a person: "door staff, railway station, week 50,
//! night" can be one reporter. So no combination of the values a row shows is held by fewer
//! than K reports: a row whose combination is rarer has its weeks seen generalised to their
//! month, and a row still rarer than K is left out (and counted). K defaults to the profile's.

use std::collections::HashMap;

use lookout::figures::period::Week;

/// What protecting the rows did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Protection {
    pub generalised: usize,
    pub suppressed: usize,
}

/// The rule, as the data dictionary states it.
pub fn rule(k: usize) -> String {
    format!(
        "k-anonymity with K = {k}: every combination of the values a row shows is held by at least {k} reports in this file; rows whose combination was rarer had the week seen generalised to its month, and rows still rarer were left out"
    )
}

/// Protects `rows` (each with its report's index), generalising the cells at `periods`.
/// Returns the rows kept, in their order.
pub fn protect<T>(
    rows: Vec<(T, Vec<String>)>,
    periods: &[usize],
    k: usize,
) -> (Vec<(T, Vec<String>)>, Protection) {
    let mut protection = Protection::default();
    let counts = count(&rows);
    let rows: Vec<(T, Vec<String>)> = rows
        .into_iter()
        .map(|(tag, mut row)| {
            if counts[&row] < k {
                let before = row.clone();
                for &i in periods {
                    if let Some(month) = row
                        .get(i)
                        .and_then(|cell| Week::parse(cell))
                        .map(Week::month)
                    {
                        row[i] = month.to_string();
                    }
                }
                if row != before {
                    protection.generalised += 1;
                }
            }
            (tag, row)
        })
        .collect();
    let counts = count(&rows);
    let (kept, left): (Vec<_>, Vec<_>) = rows.into_iter().partition(|(_, row)| counts[row] >= k);
    protection.suppressed = left.len();
    (kept, protection)
}

fn count<T>(rows: &[(T, Vec<String>)]) -> HashMap<Vec<String>, usize> {
    let mut counts = HashMap::new();
    for (_, row) in rows {
        *counts.entry(row.clone()).or_insert(0) += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(trade: &str, week: &str) -> Vec<String> {
        vec![trade.to_string(), week.to_string()]
    }

    #[test]
    fn rare_rows_are_generalised_then_left_out() {
        let rows = vec![
            (0, row("taxi", "2026-W44")),
            (1, row("taxi", "2026-W44")),
            (2, row("taxi", "2026-W44")),
            (3, row("hotel", "2026-W45")),
            (4, row("hotel", "2026-W46")),
            (5, row("hotel", "2026-W47")),
            (6, row("door", "2026-W50")),
        ];
        let (kept, done) = protect(rows, &[1], 3);
        let tags: Vec<i32> = kept.iter().map(|(t, _)| *t).collect();
        assert_eq!(tags, [0, 1, 2, 3, 4, 5]);
        assert_eq!(kept[3].1, row("hotel", "2026-11"));
        assert_eq!(kept[5].1, row("hotel", "2026-11"));
        assert_eq!(
            kept[0].1,
            row("taxi", "2026-W44"),
            "a common row keeps its week"
        );
        assert_eq!(
            done,
            Protection {
                generalised: 4,
                suppressed: 1
            }
        );
    }
}
