//! The campaign's time zone: what "today" and "yesterday" mean to the people it serves.

use std::fmt;

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

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

impl CampaignTimeZone {
    /// The moment the clocks of this zone show `wall` (the earlier one when they show it twice,
    /// the later when they skip it, as jiff's "compatible" rule), with the zone's offset.
    pub fn at_wall_time(&self, wall: PrimitiveDateTime) -> OffsetDateTime {
        let civil = jiff::civil::DateTime::new(
            i16::try_from(wall.year()).unwrap_or(i16::MAX),
            i8::try_from(u8::from(wall.month())).unwrap_or(1),
            i8::try_from(wall.day()).unwrap_or(1),
            i8::try_from(wall.hour()).unwrap_or(0),
            i8::try_from(wall.minute()).unwrap_or(0),
            i8::try_from(wall.second()).unwrap_or(0),
            0,
        );
        let offset = civil
            .ok()
            .and_then(|c| c.to_zoned(self.zone.clone()).ok())
            .and_then(|z| UtcOffset::from_whole_seconds(z.offset().seconds()).ok())
            .unwrap_or(UtcOffset::UTC);
        wall.assume_offset(offset)
    }

    /// What the clocks of this zone show at `at`.
    pub fn wall_time(&self, at: OffsetDateTime) -> PrimitiveDateTime {
        let offset = jiff::Timestamp::from_second(at.unix_timestamp())
            .ok()
            .map(|instant| self.zone.to_offset(instant).seconds())
            .and_then(|seconds| UtcOffset::from_whole_seconds(seconds).ok())
            .unwrap_or(UtcOffset::UTC);
        let local = at.to_offset(offset);
        PrimitiveDateTime::new(
            local.date(),
            Time::from_hms(local.hour(), local.minute(), local.second()).unwrap_or(Time::MIDNIGHT),
        )
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
    fn wall_times_are_read_and_shown_in_the_zone() {
        let london = CampaignTimeZone::default();
        // Summer time: 09:00 in London is 08:00 UTC; winter: the same.
        let summer = london.at_wall_time(datetime!(2027-07-10 09:00));
        assert_eq!(summer, datetime!(2027-07-10 08:00 UTC));
        assert_eq!(
            london.at_wall_time(datetime!(2027-01-10 09:00)),
            datetime!(2027-01-10 09:00 UTC)
        );
        assert_eq!(
            london.wall_time(datetime!(2027-07-10 08:00 UTC)),
            datetime!(2027-07-10 09:00)
        );
        let warsaw = CampaignTimeZone::new("Europe/Warsaw").unwrap();
        assert_eq!(
            warsaw.at_wall_time(datetime!(2027-01-10 09:00)),
            datetime!(2027-01-10 08:00 UTC)
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
