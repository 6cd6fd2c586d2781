//! Time in the figures. A period is a span of days, and a report is in it when it was
//! received in it (the one day every report has exactly, and that never changes afterwards).
//! When the concern was seen is the readable answer: an ISO week (`2026-W47`), a month
//! (`2026-11`) or `earlier`; weekly figures count the week seen, monthly ones the month seen (a
//! week's month is its Thursday's, the day ISO 8601 dates a week by).

use std::fmt;

use time::{Date, Duration, Month, Weekday};

/// An ISO week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Week {
    pub year: i32,
    pub week: u8,
}

impl Week {
    pub fn of(day: Date) -> Week {
        let (year, week, _) = day.to_iso_week_date();
        Week { year, week }
    }

    /// `2026-W47`.
    pub fn parse(text: &str) -> Option<Week> {
        let (year, week) = text.trim().split_once("-W")?;
        let year: i32 = year.parse().ok()?;
        let week: u8 = week.parse().ok()?;
        Date::from_iso_week_date(year, week, Weekday::Monday).ok()?;
        Some(Week { year, week })
    }

    pub fn monday(self) -> Date {
        // Parsed or made from a date, so the week exists.
        Date::from_iso_week_date(self.year, self.week, Weekday::Monday).unwrap_or(Date::MIN)
    }

    pub fn thursday(self) -> Date {
        self.monday() + Duration::days(3)
    }

    pub fn next(self) -> Week {
        Week::of(self.monday() + Duration::days(7))
    }

    pub fn previous(self) -> Week {
        Week::of(self.monday() - Duration::days(7))
    }

    /// The month (year, month) this week is counted in: its Thursday's.
    pub fn month(self) -> YearMonth {
        YearMonth::of(self.thursday())
    }

    /// `count` weeks ending with `self`, oldest first.
    pub fn ending_with(self, count: usize) -> Vec<Week> {
        let mut weeks = Vec::with_capacity(count);
        let mut week = self;
        for _ in 0..count {
            weeks.push(week);
            week = week.previous();
        }
        weeks.reverse();
        weeks
    }
}

impl fmt::Display for Week {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.week)
    }
}

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    pub year: i32,
    pub month: u8,
}

impl YearMonth {
    pub fn of(day: Date) -> YearMonth {
        YearMonth {
            year: day.year(),
            month: u8::from(day.month()),
        }
    }

    /// `2026-11`.
    pub fn parse(text: &str) -> Option<YearMonth> {
        let (year, month) = text.trim().split_once('-')?;
        if month.len() != 2 {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        let month: u8 = month.parse().ok()?;
        Month::try_from(month).ok()?;
        Some(YearMonth { year, month })
    }

    pub fn next(self) -> YearMonth {
        if self.month == 12 {
            YearMonth {
                year: self.year + 1,
                month: 1,
            }
        } else {
            YearMonth {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// The quarter (1..=4) this month is in.
    pub fn quarter(self) -> u8 {
        (self.month - 1) / 3 + 1
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.year, self.month)
    }
}

/// When a concern was seen, from the readable answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Seen {
    Week(Week),
    /// Only the month is known: counted in monthly figures, left out of weekly ones.
    Month(YearMonth),
    /// Before the form's dates: in no period.
    Earlier,
    /// No answer (or one this version cannot read).
    Unknown,
}

impl Seen {
    pub fn parse(value: Option<&str>) -> Seen {
        let Some(value) = value.map(str::trim) else {
            return Seen::Unknown;
        };
        if value.eq_ignore_ascii_case("earlier") {
            return Seen::Earlier;
        }
        if let Some(week) = Week::parse(value) {
            return Seen::Week(week);
        }
        if let Some(month) = YearMonth::parse(value) {
            return Seen::Month(month);
        }
        Seen::Unknown
    }

    pub fn week(self) -> Option<Week> {
        match self {
            Seen::Week(week) => Some(week),
            _ => None,
        }
    }

    pub fn month(self) -> Option<YearMonth> {
        match self {
            Seen::Week(week) => Some(week.month()),
            Seen::Month(month) => Some(month),
            Seen::Earlier | Seen::Unknown => None,
        }
    }
}

/// A span of days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

impl Period {
    pub fn new(from: Date, to: Date) -> Option<Period> {
        (from <= to).then_some(Period { from, to })
    }

    pub fn includes(self, day: Date) -> bool {
        self.from <= day && day <= self.to
    }

    pub fn days(self) -> i64 {
        (self.to - self.from).whole_days() + 1
    }

    /// The period of the same length just before this one.
    pub fn previous(self) -> Period {
        let to = self.from - Duration::days(1);
        Period {
            from: to - Duration::days(self.days() - 1),
            to,
        }
    }

    /// The weeks whose Thursday is in the period, in order.
    #[cfg(test)]
    fn weeks(self) -> Vec<Week> {
        let mut weeks = Vec::new();
        let mut week = Week::of(self.from);
        if week.thursday() < self.from {
            week = week.next();
        }
        while week.thursday() <= self.to {
            weeks.push(week);
            week = week.next();
        }
        weeks
    }
}

/// `YYYY-MM-DD`.
pub fn parse_day(text: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text.trim(), format).ok()
}

pub fn format_day(day: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        day.year(),
        u8::from(day.month()),
        day.day()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn answers_are_read_as_weeks_months_or_earlier() {
        assert_eq!(
            Seen::parse(Some("2026-W47")),
            Seen::Week(Week {
                year: 2026,
                week: 47
            })
        );
        assert_eq!(
            Seen::parse(Some("2026-11")),
            Seen::Month(YearMonth {
                year: 2026,
                month: 11
            })
        );
        assert_eq!(Seen::parse(Some("earlier")), Seen::Earlier);
        assert_eq!(Seen::parse(Some("2026-W60")), Seen::Unknown);
        assert_eq!(Seen::parse(Some("2026-13")), Seen::Unknown);
        assert_eq!(Seen::parse(None), Seen::Unknown);
    }

    #[test]
    fn periods_weeks_and_months() {
        let q4 = Period::new(date!(2026 - 10 - 01), date!(2026 - 12 - 31)).unwrap();
        let q3 = q4.previous();
        assert_eq!(q3.from, date!(2026 - 07 - 01));
        assert_eq!(q3.to, date!(2026 - 09 - 30));
        assert!(q4.includes(date!(2026 - 12 - 31)) && !q3.includes(date!(2026 - 10 - 01)));
        // 2026-W40 runs Mon 28 Sep .. Sun 4 Oct; its Thursday is 1 Oct.
        let w40 = Week {
            year: 2026,
            week: 40,
        };
        assert_eq!(
            w40.month(),
            YearMonth {
                year: 2026,
                month: 10
            }
        );
        assert_eq!(
            Seen::parse(Some("2026-W53")).month(),
            Some(YearMonth {
                year: 2026,
                month: 12
            })
        );
        assert_eq!(q4.weeks().first(), Some(&w40));
        assert_eq!(q4.weeks().len(), 14);
        assert_eq!(
            Week {
                year: 2026,
                week: 1
            }
            .previous()
            .to_string(),
            "2025-W52"
        );
        assert_eq!(
            Week {
                year: 2026,
                week: 47
            }
            .ending_with(3)
            .len(),
            3
        );
    }
}
