//! Statistical disclosure control for figures that leave the team (the problem profile, the
//! public statistics). Every published count is a cell of one [`Sheet`], and every published
//! total with its parts is a [`Line`], so that a figure printed in several places (an area's
//! count in the map, its table and a cross-tab margin) is protected the same everywhere.
//!
//! The rules, as the documents state them ([`RULES`]):
//! - primary suppression: a count from 1 to K−1 is shown as "fewer than K"; zeros are shown;
//! - secondary suppression: where a total and all but one of its parts would be known, the
//!   smallest other non-zero part (or, if there is none, the total) is hidden too, repeated
//!   until no line gives a hidden cell away;
//! - a change between periods is computed only from two shown figures;
//! - hot-spot figures are shown in bands ([`band`]).

use std::fmt;

/// How a cell is published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Shown {
    Count(u64),
    /// 1..K−1.
    Fewer,
    /// Hidden so that a total cannot give a "fewer than K" cell away.
    Hidden,
}

impl Shown {
    pub fn count(self) -> Option<u64> {
        match self {
            Shown::Count(n) => Some(n),
            _ => None,
        }
    }

    /// The text printed for it.
    pub fn text(self, k: u64) -> String {
        match self {
            Shown::Count(n) => n.to_string(),
            Shown::Fewer => format!("fewer than {k}"),
            Shown::Hidden => "not shown".to_string(),
        }
    }
}

/// A cell of a sheet.
pub type Cell = usize;

/// A published total and the published parts it is the sum of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub parts: Vec<Cell>,
    pub total: Cell,
}

/// The counts of one publication and how they add up.
#[derive(Debug, Clone)]
pub struct Sheet {
    counts: Vec<u64>,
    lines: Vec<Line>,
}

/// The sheet after protection.
#[derive(Debug, Clone)]
pub struct Protected {
    pub k: u64,
    shown: Vec<Shown>,
}

impl Sheet {
    pub fn new() -> Self {
        Sheet {
            counts: Vec::new(),
            lines: Vec::new(),
        }
    }

    pub fn cell(&mut self, count: u64) -> Cell {
        self.counts.push(count);
        self.counts.len() - 1
    }

    /// Declares that `total` is the sum of `parts`.
    pub fn line(&mut self, parts: Vec<Cell>, total: Cell) {
        debug_assert_eq!(
            parts.iter().map(|c| self.counts[*c]).sum::<u64>(),
            self.counts[total],
            "a line's parts must add up to its total"
        );
        self.lines.push(Line { parts, total });
    }

    /// Applies the rules with threshold `k` (at least 2).
    pub fn protect(&self, k: u64) -> Protected {
        let k = k.max(2);
        let mut shown: Vec<Shown> = self
            .counts
            .iter()
            .map(|&n| {
                if n > 0 && n < k {
                    Shown::Fewer
                } else {
                    Shown::Count(n)
                }
            })
            .collect();
        loop {
            let mut changed = false;
            for line in &self.lines {
                let members = line.parts.iter().chain(std::iter::once(&line.total));
                let hidden = members.filter(|c| shown[**c].count().is_none()).count();
                if hidden != 1 {
                    continue;
                }
                let candidate = line
                    .parts
                    .iter()
                    .filter(|c| matches!(shown[**c], Shown::Count(n) if n > 0))
                    .min_by_key(|c| (self.counts[**c], **c))
                    .copied()
                    .or_else(|| shown[line.total].count().map(|_| line.total));
                if let Some(cell) = candidate {
                    shown[cell] = Shown::Hidden;
                    changed = true;
                }
            }
            if !changed {
                return Protected { k, shown };
            }
        }
    }
}

impl Default for Sheet {
    fn default() -> Self {
        Sheet::new()
    }
}

impl Protected {
    pub fn shown(&self, cell: Cell) -> Shown {
        self.shown[cell]
    }

    pub fn text(&self, cell: Cell) -> String {
        self.shown[cell].text(self.k)
    }

    /// The change from `before` to `now`, only when both are shown.
    pub fn change(&self, before: Cell, now: Cell) -> Option<i64> {
        let (b, n) = (self.shown[before].count()?, self.shown[now].count()?);
        Some(i64::try_from(n).ok()? - i64::try_from(b).ok()?)
    }
}

/// A band a hot-spot figure is shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    pub low: u64,
    /// `None`: and more.
    pub high: Option<u64>,
}

impl fmt::Display for Band {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.high {
            Some(high) if high == self.low => write!(f, "{}", self.low),
            Some(high) => write!(f, "{}–{high}", self.low),
            None => write!(f, "{} or more", self.low),
        }
    }
}

/// The band of `n`: 0; 1..K−1 (printed "fewer than K"); then K up to the next of 10, 25, 50,
/// 100, 250, 500, 1000; and "1000 or more".
pub fn band(n: u64, k: u64) -> Band {
    let k = k.max(2);
    if n == 0 {
        return Band {
            low: 0,
            high: Some(0),
        };
    }
    if n < k {
        return Band {
            low: 1,
            high: Some(k - 1),
        };
    }
    let mut low = k;
    for edge in [10, 25, 50, 100, 250, 500, 1000] {
        if edge <= low {
            continue;
        }
        if n < edge {
            return Band {
                low,
                high: Some(edge - 1),
            };
        }
        low = edge;
    }
    Band { low, high: None }
}

/// A band as printed, with "fewer than K" for the lowest non-zero one.
pub fn band_text(n: u64, k: u64) -> String {
    let b = band(n, k);
    if b.low == 1 {
        format!("fewer than {}", k.max(2))
    } else {
        b.to_string()
    }
}

/// The rules, as every document that leaves the team states them.
pub fn rules(k: u64) -> Vec<String> {
    vec![
        "No free text: only the coarse answers kept readable for statistics are counted.".into(),
        format!(
            "Every count from 1 to {} is shown as \u{201c}fewer than {k}\u{201d}; zeros are shown.",
            k - 1
        ),
        "Where a total and all but one of its parts would be known, another part (the smallest \
         non-zero one) or the total is \u{201c}not shown\u{201d}, so that no hidden count can be \
         worked out by subtraction."
            .into(),
        "Changes from the previous period are given only where both figures are shown.".into(),
        format!(
            "Hot-spot figures are given in bands (0, fewer than {k}, {k}\u{2013}9, 10\u{2013}24, \
             25\u{2013}49, \u{2026}), never as exact counts."
        ),
        format!("On the map, every area with fewer than {k} reports has one colour."),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_counts_are_hidden_and_cannot_be_worked_out() {
        let mut sheet = Sheet::new();
        let parts: Vec<Cell> = [5, 2, 7, 0].iter().map(|n| sheet.cell(*n)).collect();
        let total = sheet.cell(14);
        sheet.line(parts.clone(), total);
        let p = sheet.protect(3);
        assert_eq!(p.shown(parts[1]), Shown::Fewer);
        assert_eq!(p.shown(parts[0]), Shown::Hidden, "the smallest other part");
        assert_eq!(p.shown(parts[2]), Shown::Count(7));
        assert_eq!(p.shown(parts[3]), Shown::Count(0), "zeros are shown");
        assert_eq!(p.shown(total), Shown::Count(14));
        assert_eq!(p.text(parts[1]), "fewer than 3");
    }

    #[test]
    fn a_line_with_no_other_part_hides_its_total() {
        let mut sheet = Sheet::new();
        let parts: Vec<Cell> = [0, 2, 0].iter().map(|n| sheet.cell(*n)).collect();
        let total = sheet.cell(2);
        sheet.line(parts.clone(), total);
        let p = sheet.protect(3);
        assert_eq!(p.shown(total), Shown::Fewer);
        let mut sheet = Sheet::new();
        let a = sheet.cell(1);
        let b = sheet.cell(4);
        let row = sheet.cell(5);
        sheet.line(vec![a, b], row);
        let other = sheet.cell(9);
        let total = sheet.cell(14);
        sheet.line(vec![row, other], total);
        let p = sheet.protect(3);
        assert_eq!(p.shown(b), Shown::Hidden);
        // The row total 5 is shown: a + b = 5 with a hidden in 1..2 and b hidden.
        assert_eq!(p.shown(row), Shown::Count(5));
    }

    #[test]
    fn linked_lines_are_protected_together() {
        // A 2x2 cross-tab with margins: one small cell forces a rectangle of hidden cells.
        let mut sheet = Sheet::new();
        let c = [[1u64, 6], [5, 8]];
        let cells: Vec<Vec<Cell>> = c
            .iter()
            .map(|row| row.iter().map(|n| sheet.cell(*n)).collect())
            .collect();
        let rows: Vec<Cell> = c.iter().map(|r| sheet.cell(r.iter().sum())).collect();
        let cols: Vec<Cell> = (0..2).map(|j| sheet.cell(c[0][j] + c[1][j])).collect();
        let total = sheet.cell(20);
        for i in 0..2 {
            sheet.line(cells[i].clone(), rows[i]);
        }
        for j in 0..2 {
            sheet.line(vec![cells[0][j], cells[1][j]], cols[j]);
        }
        sheet.line(rows.clone(), total);
        sheet.line(cols.clone(), total);
        let p = sheet.protect(3);
        for (i, row) in cells.iter().enumerate() {
            for (j, cell) in row.iter().enumerate() {
                assert_eq!(p.shown(*cell).count(), None, "cell {i},{j} must be hidden");
            }
        }
        assert_eq!(p.shown(total), Shown::Count(20));
    }

    #[test]
    fn changes_only_between_shown_figures() {
        let mut sheet = Sheet::new();
        let before = sheet.cell(2);
        let now = sheet.cell(9);
        let p = sheet.protect(3);
        assert_eq!(p.change(before, now), None);
        let mut sheet = Sheet::new();
        let before = sheet.cell(4);
        let now = sheet.cell(9);
        assert_eq!(sheet.protect(3).change(before, now), Some(5));
    }

    #[test]
    fn bands_start_at_k() {
        assert_eq!(band_text(0, 3), "0");
        assert_eq!(band_text(2, 3), "fewer than 3");
        assert_eq!(band_text(3, 3), "3–9");
        assert_eq!(band_text(24, 3), "10–24");
        assert_eq!(band_text(1200, 3), "1000 or more");
        assert_eq!(band_text(12, 12), "12–24");
    }
}
