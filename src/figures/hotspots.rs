//! Hot spots: areas whose recent count is well above their own baseline.
//!
//! The rule ([`Rule::describe`] words it for the documents): for each area, take the reports
//! seen in the last 4 complete weeks (`recent`) and in the 12 weeks before them (`baseline`).
//! If the area's weekly rate had not changed, then given the `n = recent + baseline` reports
//! of those 16 weeks, `recent` would follow a binomial distribution with `n` trials and
//! probability 4/16 (the conditional test for comparing two Poisson counts). The one-sided
//! p-value is P(X ≥ recent). An area is hot when that p-value is below 0.05 divided by the
//! number of areas tested (a Bonferroni correction, so that a quiet map raises a false alarm
//! at most one time in twenty). Only week answers count; months and "earlier" cannot be placed
//! in a week.

use std::collections::BTreeMap;

use crate::figures::facts::Fact;
use crate::figures::period::Week;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub recent_weeks: usize,
    pub baseline_weeks: usize,
    pub alpha: f64,
}

impl Default for Rule {
    fn default() -> Self {
        Rule {
            recent_weeks: 4,
            baseline_weeks: 12,
            alpha: 0.05,
        }
    }
}

impl Rule {
    pub fn describe(&self) -> String {
        format!(
            "An area is a hot spot when its reports seen in the last {r} complete weeks are well \
             above its own rate in the {b} weeks before: given the reports of those {t} weeks, \
             the chance of at least as many in the last {r} weeks, were the rate unchanged, is \
             below {alpha} divided by the number of areas tested (a one-sided conditional \
             binomial test for two Poisson counts, with a Bonferroni correction). Only reports \
             that give the week count; those giving only a month or \u{201c}earlier\u{201d} are left out.",
            r = self.recent_weeks,
            b = self.baseline_weeks,
            t = self.recent_weeks + self.baseline_weeks,
            alpha = self.alpha,
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct HotSpot {
    pub area: String,
    pub recent: u64,
    pub baseline: u64,
    /// What `recent` would be at the baseline's weekly rate.
    pub expected: f64,
    pub p_value: f64,
    pub hot: bool,
}

/// The areas' figures for the windows ending with `last_week`, every area with a report in
/// them tested; hot ones first, then by p-value.
pub fn hot_spots(facts: &[Fact], last_week: Week, rule: Rule) -> Vec<HotSpot> {
    let weeks = last_week.ending_with(rule.recent_weeks + rule.baseline_weeks);
    let Some(first_recent) = weeks.get(rule.baseline_weeks).copied() else {
        return Vec::new();
    };
    let first = weeks.first().copied().unwrap_or(last_week);
    let mut counts: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for fact in facts {
        let (Some(week), Some(area)) = (fact.seen.week(), fact.area.as_deref()) else {
            continue;
        };
        if week < first || week > last_week {
            continue;
        }
        let entry = counts.entry(area).or_default();
        if week >= first_recent {
            entry.0 += 1;
        } else {
            entry.1 += 1;
        }
    }
    let share = rule.recent_weeks as f64 / (rule.recent_weeks + rule.baseline_weeks) as f64;
    let tested = counts.len().max(1) as f64;
    let mut spots: Vec<HotSpot> = counts
        .into_iter()
        .map(|(area, (recent, baseline))| {
            let p_value = binomial_upper_tail(recent + baseline, recent, share);
            let expected = baseline as f64 * rule.recent_weeks as f64 / rule.baseline_weeks as f64;
            HotSpot {
                area: area.to_string(),
                recent,
                baseline,
                expected,
                p_value,
                hot: p_value < rule.alpha / tested && recent as f64 > expected,
            }
        })
        .collect();
    spots.sort_by(|a, b| {
        b.hot
            .cmp(&a.hot)
            .then(a.p_value.total_cmp(&b.p_value))
            .then(a.area.cmp(&b.area))
    });
    spots
}

/// The last complete week on or before `day` (its own week if `day` is a Sunday).
pub fn last_complete_week(day: time::Date) -> Week {
    if day.weekday() == time::Weekday::Sunday {
        Week::of(day)
    } else {
        Week::of(day).previous()
    }
}

/// P(X ≥ k) for X ~ Binomial(n, p), summed in log space so large `n` does not underflow.
pub fn binomial_upper_tail(n: u64, k: u64, p: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if k > n {
        return 0.0;
    }
    if p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    let (ln_p, ln_q) = (p.ln(), (1.0 - p).ln());
    // ln P(X = i), from i = 0 upwards.
    let mut ln_term = n as f64 * ln_q;
    let mut terms = Vec::new();
    for i in 0..=n {
        if i >= k {
            terms.push(ln_term);
        }
        if i < n {
            ln_term += ((n - i) as f64).ln() - ((i + 1) as f64).ln() + ln_p - ln_q;
        }
    }
    let max = terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = terms.iter().map(|t| (t - max).exp()).sum();
    (max + sum.ln()).exp().min(1.0)
}

#[cfg(test)]
mod tests {
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    use super::*;
    use crate::figures::period::Seen;

    #[test]
    fn the_tail_matches_known_values() {
        // P(X >= 3), X ~ Bin(3, 0.25) = 1/64.
        assert!((binomial_upper_tail(3, 3, 0.25) - 1.0 / 64.0).abs() < 1e-12);
        // P(X >= 1), X ~ Bin(2, 0.5) = 3/4.
        assert!((binomial_upper_tail(2, 1, 0.5) - 0.75).abs() < 1e-12);
        assert_eq!(binomial_upper_tail(5, 0, 0.3), 1.0);
        assert_eq!(binomial_upper_tail(5, 6, 0.3), 0.0);
        // Large n stays finite: the mean of Bin(4000, .25) is 1000.
        let mid = binomial_upper_tail(4000, 1000, 0.25);
        assert!(mid > 0.4 && mid < 0.6, "{mid}");
        assert!(binomial_upper_tail(4000, 1400, 0.25) < 1e-20);
    }

    fn poisson(rng: &mut StdRng, lambda: f64) -> u64 {
        // Knuth's method; fine for the small rates of weekly report counts.
        let limit = (-lambda).exp();
        let mut k = 0;
        let mut p = 1.0;
        loop {
            p *= rng.random::<f64>();
            if p <= limit {
                return k;
            }
            k += 1;
        }
    }

    /// 8 areas over 16 weeks at `rate` a week; area "a0" at `surge` in the last 4 weeks.
    fn generated(rng: &mut StdRng, last: Week, rate: f64, surge: f64) -> Vec<Fact> {
        let mut facts = Vec::new();
        for (i, week) in last.ending_with(16).into_iter().enumerate() {
            for area in 0..8 {
                let lambda = if area == 0 && i >= 12 { surge } else { rate };
                for _ in 0..poisson(rng, lambda) {
                    facts.push(Fact {
                        received: week.thursday(),
                        seen: Seen::Week(week),
                        area: Some(format!("a{area}")),
                        trade: None,
                        indicators: vec![],
                    });
                }
            }
        }
        facts
    }

    /// A fourfold surge over 4 weeks in one of 8 areas at 2 reports a week is found nearly
    /// always (a threefold one about 5 times in 6, as the test is deliberately strict).
    #[test]
    fn a_surge_is_found_and_a_steady_map_stays_quiet() {
        let last = Week {
            year: 2026,
            week: 47,
        };
        let mut rng = StdRng::seed_from_u64(20261124);
        let (runs, mut found, mut false_alarms) = (300, 0, 0);
        for _ in 0..runs {
            let spots = hot_spots(&generated(&mut rng, last, 2.0, 8.0), last, Rule::default());
            if spots.iter().any(|s| s.area == "a0" && s.hot) {
                found += 1;
            }
            if spots.iter().any(|s| s.area != "a0" && s.hot) {
                false_alarms += 1;
            }
        }
        assert!(
            found >= runs * 95 / 100,
            "the surge was found in {found} of {runs}"
        );
        assert!(
            false_alarms <= runs / 20,
            "false alarms in {false_alarms} of {runs}"
        );

        let mut quiet_alarms = 0;
        for _ in 0..runs {
            let spots = hot_spots(&generated(&mut rng, last, 2.0, 2.0), last, Rule::default());
            if spots.iter().any(|s| s.hot) {
                quiet_alarms += 1;
            }
        }
        // The Bonferroni bound: at most 5% of quiet maps show any hot spot.
        assert!(
            quiet_alarms <= runs / 20,
            "quiet maps alarmed {quiet_alarms} of {runs}"
        );
    }

    #[test]
    fn only_weeks_in_the_windows_count() {
        let last = Week {
            year: 2026,
            week: 47,
        };
        let at = |week: Week, area: &str| Fact {
            received: week.thursday(),
            seen: Seen::Week(week),
            area: Some(area.into()),
            trade: None,
            indicators: vec![],
        };
        let mut facts: Vec<Fact> = (0..6).map(|_| at(last, "x")).collect();
        facts.push(at(last.ending_with(17)[0], "x")); // before the baseline
        facts.push(at(last.next(), "x")); // after the last week
        facts.push(Fact {
            received: last.thursday(),
            seen: Seen::parse(Some("2026-11")),
            area: Some("x".into()),
            trade: None,
            indicators: vec![],
        });
        let spots = hot_spots(&facts, last, Rule::default());
        assert_eq!(spots.len(), 1);
        assert_eq!((spots[0].recent, spots[0].baseline), (6, 0));
        assert!(spots[0].hot, "{spots:?}");
    }
}
