//! Dates in the reader's own words ("2 November 2026", "2 listopada 2026"), from the
//! interface strings: `date_format` with `{day}`, `{month}` and `{year}`, and the month names
//! `month_1` to `month_12`, so a campaign adds a language's dates as it adds its other
//! strings (and `check` lists them when they fall back to English). A table of month names is
//! all a day-month-year date needs; ICU's data would add megabytes to the generator for the
//! same words in the handful of languages a campaign has.

use crate::load::front_matter::Moment;
use crate::load::strings::Strings;

/// `moment`'s day in words, or `YYYY-MM-DD` when the strings have no format for it.
pub fn in_words(strings: &Strings, moment: Moment) -> String {
    let date = moment.0.date();
    let month = strings.get(&format!("month_{}", u8::from(date.month())));
    match (strings.get("date_format"), month) {
        (Some(format), Some(month)) => format
            .replace("{day}", &date.day().to_string())
            .replace("{month}", month)
            .replace("{year}", &date.year().to_string()),
        _ => moment.ymd(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_day_month_and_year_in_the_language() {
        let polish: Strings = [
            ("date_format", "{day} {month} {year}"),
            ("month_11", "listopada"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let day = Moment::parse("2026-11-02").unwrap();
        assert_eq!(in_words(&polish, day), "2 listopada 2026");
        assert_eq!(in_words(&Strings::new(), day), "2026-11-02");
    }
}
