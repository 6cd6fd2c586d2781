//! Checks the answer to a date question: a choice (today ... earlier), or a typed month or
//! day, from the form's three fields (`seen_on-day`, `-month`, `-year`) or as one
//! `YYYY-MM-DD` / `YYYY-MM` string in JSON. Typed fields go with "earlier" (or with no choice
//! at all: the reporter plainly meant them); beside another choice they are ignored, as
//! GOV.UK ignores the revealed fields of a radio that is not chosen.

use std::collections::BTreeMap;

use time::{Date, Duration, Month};

use super::Messages;
use crate::Question;
use crate::when::{DATE_PARTS, DateAnswer, Seen, fold_digits, part_field};

/// `Ok(None)` for no answer, `Ok(Some)` for a good one, `Err(message)` otherwise.
pub(super) fn check(
    question: &Question,
    answers: &BTreeMap<String, Vec<String>>,
    today: Date,
    m: &Messages<'_>,
) -> Result<Option<Seen>, String> {
    let text = &m.q.text;
    let allowed = question.date_answers();
    let one = |field: &str| -> Result<Option<String>, String> {
        match answers.get(field).map(Vec::as_slice) {
            None | Some([]) => Ok(None),
            Some([value]) => Ok(Some(fold_digits(value.trim()))),
            Some(_) => Err(m.get(&text.error_invalid_date)),
        }
    };
    let parts = if question.types_a_date() {
        let [day, month, year] = DATE_PARTS.map(|part| one(&part_field(&question.id, part)));
        Typed {
            day: day?,
            month: month?,
            year: year?,
        }
    } else {
        Typed::default()
    };
    let seen = match one(&question.id)? {
        Some(value) => match DateAnswer::choice(&value) {
            Some(choice) if !allowed.contains(&choice) => {
                return Err(m.get(&text.error_invalid_option));
            }
            Some(DateAnswer::Earlier) if !parts.is_empty() => parts.seen(question, m)?,
            Some(choice) => Seen::of_choice(choice, today),
            None => Some(date_string(&value, question, m)?),
        },
        None if !parts.is_empty() => parts.seen(question, m)?,
        None => None,
    };
    match seen {
        Some(seen) => within_window(seen, question, today, m).map(Some),
        None => Ok(None),
    }
}

/// The typed fields, folded to ASCII digits; blank ones are `None`.
#[derive(Default)]
struct Typed {
    day: Option<String>,
    month: Option<String>,
    year: Option<String>,
}

impl Typed {
    fn is_empty(&self) -> bool {
        self.day.is_none() && self.month.is_none() && self.year.is_none()
    }

    /// A month or a day, or which part is missing (GOV.UK's order: missing, then not real).
    fn seen(&self, question: &Question, m: &Messages<'_>) -> Result<Option<Seen>, String> {
        let text = &m.q.text;
        let allowed = question.date_answers();
        let (month, year) = match (&self.month, &self.year) {
            (None, None) => return Err(m.get(&text.error_date_needs_month_and_year)),
            (None, Some(_)) => return Err(m.get(&text.error_date_needs_month)),
            (Some(_), None) => return Err(m.get(&text.error_date_needs_year)),
            (Some(month), Some(year)) => (month, year),
        };
        let not_real = || m.get(&text.error_invalid_date);
        let year = number(year, 4, 4).ok_or_else(not_real)?;
        let month = number(month, 1, 2)
            .and_then(|n| Month::try_from(u8::try_from(n).ok()?).ok())
            .ok_or_else(not_real)?;
        match &self.day {
            // A day given where only the month is asked for: the month is what is kept.
            Some(day) if allowed.contains(&DateAnswer::Day) => {
                let day = number(day, 1, 2)
                    .and_then(|n| u8::try_from(n).ok())
                    .ok_or_else(not_real)?;
                let date = Date::from_calendar_date(year, month, day).map_err(|_| not_real())?;
                Ok(Some(Seen::Day(date)))
            }
            _ if allowed.contains(&DateAnswer::Month) => Ok(Some(Seen::Month { year, month })),
            _ => Err(m.get(&text.error_date_needs_day)),
        }
    }
}

/// A whole number of `min..=max` ASCII digits.
fn number(text: &str, min: usize, max: usize) -> Option<i32> {
    let digits = (min..=max).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit());
    digits.then(|| text.parse().ok()).flatten()
}

/// `YYYY-MM-DD` (a day) or `YYYY-MM` (a month), as JSON clients send a typed date.
fn date_string(value: &str, question: &Question, m: &Messages<'_>) -> Result<Seen, String> {
    let text = &m.q.text;
    if !value.starts_with(|c: char| c.is_ascii_digit()) {
        // Neither a choice nor a date: a choice this form does not have.
        return Err(m.get(&text.error_invalid_option));
    }
    let allowed = question.date_answers();
    let mut fields = value.split('-');
    let (year, month, day) = (fields.next(), fields.next(), fields.next());
    let invalid = || m.get(&text.error_invalid_date);
    if fields.next().is_some() {
        return Err(invalid());
    }
    let parts = Typed {
        year: year.map(str::to_string),
        month: month.map(str::to_string),
        day: day.map(str::to_string),
    };
    // Only the exact shapes: `2026-11-18`, `2026-11`.
    let exact = |part: Option<&str>, len: usize| part.is_none_or(|p| p.len() == len);
    if month.is_none() || !exact(year, 4) || !exact(month, 2) || !exact(day, 2) {
        return Err(invalid());
    }
    let wanted = if day.is_some() {
        DateAnswer::Day
    } else {
        DateAnswer::Month
    };
    if !allowed.contains(&wanted) {
        return Err(invalid());
    }
    parts.seen(question, m)?.ok_or_else(invalid)
}

/// A typed date may not be in the future nor older than `max_age_days`.
fn within_window(
    seen: Seen,
    question: &Question,
    today: Date,
    m: &Messages<'_>,
) -> Result<Seen, String> {
    let text = &m.q.text;
    let max_age = i64::from(question.max_age_days());
    let too_old = || {
        m.get(&text.error_date_too_old)
            .replace("{days}", &max_age.to_string())
    };
    let oldest = today
        .checked_sub(Duration::days(max_age))
        .unwrap_or(Date::MIN);
    match seen {
        Seen::Day(day) if day > today => Err(m.get(&text.error_date_in_future)),
        Seen::Day(day) if day < oldest => Err(too_old()),
        Seen::Month { year, month } => {
            if (year, u8::from(month)) > (today.year(), u8::from(today.month())) {
                return Err(m.get(&text.error_date_in_future));
            }
            // A month is too old only when all of it is.
            let last = Date::from_calendar_date(year, month, month.length(year))
                .map_err(|_| m.get(&text.error_invalid_date))?;
            if last < oldest {
                return Err(too_old());
            }
            Ok(seen)
        }
        other => Ok(other),
    }
}
