//! When the site next changes by itself: the first moment after a build at which a page's
//! `publish_at` lets it in or its `expires_at` takes it out, so the build can say when it must
//! run again (the publish workflow runs every hour).

use std::path::PathBuf;

use lookout_questionnaire::when::CampaignTimeZone;
use time::OffsetDateTime;
use time::macros::format_description;

use crate::load::page::Page;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Appears,
    Expires,
}

impl Change {
    pub fn describe(self) -> &'static str {
        match self {
            Change::Appears => "appears (publish_at)",
            Change::Expires => "is taken down (expires_at)",
        }
    }
}

/// The next scheduled change to the site after `now`, and the page it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextChange {
    pub at: OffsetDateTime,
    /// The moment on the campaign's clocks: `2027-01-10 09:00 (Europe/London)`.
    pub wall: String,
    pub page: PathBuf,
    pub change: Change,
}

/// A moment on the campaign's clocks: `2027-01-10 09:00 (Europe/London)`.
pub fn wall(zone: &CampaignTimeZone, at: OffsetDateTime) -> String {
    let shown = zone
        .wall_time(at)
        .format(format_description!("[year]-[month]-[day] [hour]:[minute]"))
        .unwrap_or_default();
    format!("{shown} ({})", zone.name())
}

/// The earliest moment after `now` at which a page (not a draft) appears or expires.
pub fn next_change<'p>(
    pages: impl Iterator<Item = &'p Page>,
    now: OffsetDateTime,
    zone: &CampaignTimeZone,
) -> Option<NextChange> {
    let wall = |at: OffsetDateTime| wall(zone, at);
    pages
        .filter(|page| !page.front.draft)
        .flat_map(|page| {
            let appears = page.front.publish_at.map(|m| (m.0, Change::Appears));
            // A page that expires before it would appear never changes the site.
            let expires = page
                .front
                .expires_at
                .filter(|e| page.front.publish_at.is_none_or(|p| p.0 < e.0))
                .map(|m| (m.0, Change::Expires));
            [appears, expires]
                .into_iter()
                .flatten()
                .filter(|(at, _)| *at > now)
                .map(|(at, change)| NextChange {
                    at,
                    wall: wall(at),
                    page: page.source.clone(),
                    change,
                })
        })
        .min_by(|a, b| (a.at, &a.page).cmp(&(b.at, &b.page)))
}
