//! The campaign's time zone: what "today" and "yesterday" mean to the people it serves.

use std::fmt;

use time::{Date, Month, OffsetDateTime};

/// The time zone of a campaign that names none.
pub const DEFAULT_TIME_ZONE: &str = "Europe/London";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a time zone of the IANA database (for example Europe/London or Europe/Warsaw)"
)]
pub struct TimeZoneError(pub String);

/// An IANA time zone, by name (`Europe/London`), from the database built into the program.
#[derive(Clone, PartialEq, Eq)]
pub struct CampaignTimeZone {
    name: String,
    zone: jiff::tz::TimeZone,
}

impl CampaignTimeZone {
    pub fn new(name: &str) -> Result<Self, TimeZoneError> {
        let zone = jiff::tz::TimeZone::get(name).map_err(|_| TimeZoneError(name.to_string()))?;
        Ok(Self {
            name: name.to_string(),
            zone,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The calendar day `now` falls on in this zone.
    pub fn today(&self, now: OffsetDateTime) -> Date {
        let Ok(instant) = jiff::Timestamp::from_second(now.unix_timestamp()) else {
            return now.date();
        };
        let day = instant.to_zoned(self.zone.clone()).date();
        Month::try_from(day.month().unsigned_abs())
            .ok()
            .and_then(|month| {
                Date::from_calendar_date(i32::from(day.year()), month, day.day().unsigned_abs())
                    .ok()
            })
            .unwrap_or_else(|| now.date())
    }
}

impl Default for CampaignTimeZone {
    fn default() -> Self {
        Self::new(DEFAULT_TIME_ZONE).unwrap_or_else(|_| Self {
            name: "UTC".to_string(),
            zone: jiff::tz::TimeZone::UTC,
        })
    }
}

impl fmt::Debug for CampaignTimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CampaignTimeZone({})", self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn today_is_the_day_in_the_campaign_zone() {
        let london = CampaignTimeZone::default();
        assert_eq!(london.name(), "Europe/London");
        // 23:30 UTC in British Summer Time is already tomorrow in London.
        let late = datetime!(2026-06-01 23:30 UTC);
        assert_eq!(london.today(late), date!(2026 - 06 - 02));
        // In winter London is on UTC.
        assert_eq!(
            london.today(datetime!(2026-12-01 23:30 UTC)),
            date!(2026 - 12 - 01)
        );
        let warsaw = CampaignTimeZone::new("Europe/Warsaw").unwrap();
        assert_eq!(
            warsaw.today(datetime!(2026-12-01 23:30 UTC)),
            date!(2026 - 12 - 02)
        );
    }

    #[test]
    fn unknown_zones_are_refused_by_name() {
        let error = CampaignTimeZone::new("Europe/Londn").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("`Europe/Londn` is not a time zone")
        );
    }
}
