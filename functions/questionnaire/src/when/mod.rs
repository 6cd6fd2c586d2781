//! "When was it seen", as people remember it: today, yesterday, this week, last week, or
//! earlier, with a month or a day if they remember one. What a `date` question may allow, what
//! an answer becomes, and the coarse value kept readable for statistics: the ISO week when
//! the answer gives one, else the month, else `earlier`. A day is only ever sealed.

mod zone;

use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month};

pub use zone::{CampaignTimeZone, DEFAULT_TIME_ZONE, TimeZoneError};

/// One kind of answer a `date` question can allow (`answers:` in questionnaire.yaml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateAnswer {
    Today,
    Yesterday,
    ThisWeek,
    LastWeek,
    /// Before last week; with `month` or `day` allowed, a typed date may go with it.
    Earlier,
    /// A month and year typed in the date fields (or `YYYY-MM` in JSON).
    Month,
    /// A day, month and year typed in the date fields (or `YYYY-MM-DD` in JSON).
    Day,
}

impl DateAnswer {
    /// Every answer, in the order the form shows them: the default of a date question.
    pub const ALL: [DateAnswer; 7] = [
        Self::Today,
        Self::Yesterday,
        Self::ThisWeek,
        Self::LastWeek,
        Self::Earlier,
        Self::Month,
        Self::Day,
    ];

    /// The value sent for the answer (a radio's value; `month` and `day` are typed instead).
    pub fn id(self) -> &'static str {
        match self {
            Self::Today => "today",
            Self::Yesterday => "yesterday",
            Self::ThisWeek => "this-week",
            Self::LastWeek => "last-week",
            Self::Earlier => "earlier",
            Self::Month => "month",
            Self::Day => "day",
        }
    }

    /// Whether it is picked from a list (a radio button) rather than typed.
    pub fn is_choice(self) -> bool {
        !matches!(self, Self::Month | Self::Day)
    }

    /// The choice sent as `value`, if it is one.
    pub fn choice(value: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|a| a.is_choice() && a.id() == value)
    }
}

/// The three typed fields of a date, in the order the form shows them.
pub const DATE_PARTS: [&str; 3] = ["day", "month", "year"];

/// The form field of one typed part of a date question: `seen_on-day`. Question ids never
/// hold `-`, so these cannot clash with another question.
pub fn part_field(question_id: &str, part: &str) -> String {
    format!("{question_id}-{part}")
}

/// A valid answer to a date question, as finely as the reporter gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    Day(Date),
    /// An ISO week, given by any day in it.
    Week(Date),
    Month {
        year: i32,
        month: Month,
    },
    Earlier,
}

impl Seen {
    /// What a choice means on `today` (the campaign's today); `None` for typed answers.
    pub fn of_choice(choice: DateAnswer, today: Date) -> Option<Self> {
        let days_ago = |n: i64| today.checked_sub(Duration::days(n)).unwrap_or(today);
        Some(match choice {
            DateAnswer::Today => Self::Day(today),
            DateAnswer::Yesterday => Self::Day(days_ago(1)),
            DateAnswer::ThisWeek => Self::Week(today),
            DateAnswer::LastWeek => Self::Week(days_ago(7)),
            DateAnswer::Earlier => Self::Earlier,
            DateAnswer::Month | DateAnswer::Day => return None,
        })
    }

    /// The coarse value kept readable: the ISO week when the answer gives one, else the
    /// month, else `earlier`.
    pub fn readable(&self) -> String {
        match self {
            Self::Day(day) | Self::Week(day) => iso_week(*day),
            Self::Month { year, month } => format!("{year}-{:02}", u8::from(*month)),
            Self::Earlier => EARLIER.to_string(),
        }
    }

    /// The finest value known, for the sealed part: the day, else the week or month, else
    /// `earlier`.
    pub fn finest(&self) -> String {
        match self {
            Self::Day(day) => day.to_string(),
            other => other.readable(),
        }
    }
}

/// The readable value of an answer that gave no week or month.
pub const EARLIER: &str = "earlier";

/// The ISO week of a day, e.g. `2026-W47`.
pub fn iso_week(date: Date) -> String {
    let (year, week, _) = date.to_iso_week_date();
    format!("{year}-W{week:02}")
}

/// A readable date value as stored, for the triage tools: reports stored before answers
/// could be coarser than a week hold weeks only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Period<'a> {
    /// `2026-W47`.
    Week(&'a str),
    /// `2026-11`.
    Month(&'a str),
    Earlier,
}

impl<'a> Period<'a> {
    /// Reads a stored readable value; `None` for anything else.
    pub fn parse(value: &'a str) -> Option<Self> {
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if value == EARLIER {
            return Some(Self::Earlier);
        }
        let (year, rest) = value.split_once('-')?;
        if !digits(year, 4) {
            return None;
        }
        match rest.strip_prefix('W') {
            Some(week) if digits(week, 2) => Some(Self::Week(value)),
            None if digits(rest, 2) && (1..=12).contains(&rest.parse::<u8>().ok()?) => {
                Some(Self::Month(value))
            }
            _ => None,
        }
    }
}

/// Digits as typed on an Urdu, Arabic or full-width keyboard, folded to ASCII so `۲۷` is 27.
pub fn fold_digits(text: &str) -> String {
    text.chars()
        .map(|c| {
            let zero = match c {
                '\u{0660}'..='\u{0669}' => 0x0660,
                '\u{06F0}'..='\u{06F9}' => 0x06F0,
                '\u{FF10}'..='\u{FF19}' => 0xFF10,
                _ => return c,
            };
            char::from(b'0' + (u32::from(c) - zero) as u8)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn iso_weeks_follow_iso_8601() {
        assert_eq!(iso_week(date!(2026 - 11 - 18)), "2026-W47");
        assert_eq!(iso_week(date!(2021 - 01 - 01)), "2020-W53");
        assert_eq!(iso_week(date!(2026 - 01 - 05)), "2026-W02");
    }

    #[test]
    fn choices_mean_days_and_weeks_counted_from_today() {
        // A Monday: yesterday and last week are in the week before.
        let monday = date!(2026 - 11 - 23);
        let readable = |c| Seen::of_choice(c, monday).unwrap().readable();
        assert_eq!(readable(DateAnswer::Today), "2026-W48");
        assert_eq!(readable(DateAnswer::Yesterday), "2026-W47");
        assert_eq!(readable(DateAnswer::ThisWeek), "2026-W48");
        assert_eq!(readable(DateAnswer::LastWeek), "2026-W47");
        assert_eq!(readable(DateAnswer::Earlier), "earlier");
        assert_eq!(
            Seen::of_choice(DateAnswer::Yesterday, monday)
                .unwrap()
                .finest(),
            "2026-11-22"
        );
        assert_eq!(
            Seen::of_choice(DateAnswer::LastWeek, monday)
                .unwrap()
                .finest(),
            "2026-W47"
        );
        assert_eq!(Seen::of_choice(DateAnswer::Month, monday), None);
    }

    #[test]
    fn a_month_is_readable_as_itself() {
        let seen = Seen::Month {
            year: 2026,
            month: Month::March,
        };
        assert_eq!(seen.readable(), "2026-03");
        assert_eq!(seen.finest(), "2026-03");
    }

    #[test]
    fn stored_values_parse_as_periods() {
        assert_eq!(Period::parse("2026-W47"), Some(Period::Week("2026-W47")));
        assert_eq!(Period::parse("2026-03"), Some(Period::Month("2026-03")));
        assert_eq!(Period::parse("earlier"), Some(Period::Earlier));
        for other in ["2026-13", "2026-W4", "26-03", "2026-11-18", "", "later"] {
            assert_eq!(Period::parse(other), None, "{other}");
        }
    }

    #[test]
    fn urdu_arabic_and_full_width_digits_fold_to_ascii() {
        assert_eq!(fold_digits("۲۷ ٣ ２０２６"), "27 3 2026");
        assert_eq!(fold_digits("abc 12"), "abc 12");
    }
}
