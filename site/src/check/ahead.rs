//! What the clock will change soon: pages that expire or appear within the coming week, and
//! the live pages that link to them, so the team can mend links or name a `replaced_by` before
//! the day. `check` warns about expiries (`upkeep::check_upcoming`); [`markdown`] writes the whole week for the issue the
//! scheduled workflow keeps up to date ("Scheduled changes this week").

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use lookout_questionnaire::when::CampaignTimeZone;
use time::{Duration, OffsetDateTime};

use crate::load::page::Page;
use crate::markup::address::resolve;
use crate::model::Site;
use crate::schedule::{Change, wall};

/// How far ahead `check` looks.
pub const WEEK: Duration = Duration::days(7);

/// One page the clock will change within the week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upcoming {
    /// The page's file, relative to the campaign (`pages/signs.md`).
    pub page: PathBuf,
    pub change: Change,
    pub at: OffsetDateTime,
    /// The moment on the campaign's clocks.
    pub wall: String,
    /// Its `replaced_by` (for an expiry).
    pub replaced_by: Option<String>,
    /// Live pages (files relative to the campaign) with a link to it or to a translation of it.
    pub linked_from: Vec<PathBuf>,
    /// Its front matter line holding the date, for the warning.
    pub line: usize,
}

/// Pages (not drafts or stubs) that appear or expire after `now` and within `ahead` of it,
/// soonest first.
pub fn upcoming(site: &Site, now: OffsetDateTime, ahead: Duration) -> Vec<Upcoming> {
    let campaign = site.campaign();
    let zone = CampaignTimeZone::new(&campaign.config.time_zone).unwrap_or_default();
    let root = &campaign.paths.root;
    let links = links_by_key(site);
    let mut found = Vec::new();
    for page in campaign
        .pages
        .iter()
        .filter(|p| !p.front.draft && !p.held_for_translation())
    {
        for (change, at, key) in changes(page) {
            if at.0 <= now || at.0 > now + ahead {
                continue;
            }
            let linked_from = links
                .get(page.key.as_str())
                .map(|from| from.iter().map(|f| relative(f, root)).collect())
                .unwrap_or_default();
            found.push(Upcoming {
                page: relative(&page.source, root),
                change,
                at: at.0,
                wall: wall(&zone, at.0),
                replaced_by: page
                    .front
                    .replaced_by
                    .clone()
                    .filter(|_| change == Change::Expires),
                linked_from,
                line: page.front_yaml.line_of(key).unwrap_or(1),
            });
        }
    }
    found.sort_by(|a, b| (a.at, &a.page).cmp(&(b.at, &b.page)));
    found
}

/// A page's scheduled moments: the key they are under, and what happens then. A page that
/// expires before it would appear never changes the site.
fn changes(page: &Page) -> Vec<(Change, crate::load::front_matter::Moment, &'static str)> {
    let front = &page.front;
    let appears = front
        .publish_at
        .map(|at| (Change::Appears, at, "publish_at"));
    let expires = front
        .expires_at
        .filter(|e| front.publish_at.is_none_or(|p| p.0 < e.0))
        .map(|at| (Change::Expires, at, "expires_at"));
    [appears, expires].into_iter().flatten().collect()
}

/// Page key → the live pages linking to any language version of it (in file order).
fn links_by_key(site: &Site) -> HashMap<&str, BTreeSet<PathBuf>> {
    let key_of: HashMap<&str, &str> = site
        .campaign()
        .pages
        .iter()
        .map(|p| (p.url.as_str(), p.key.as_str()))
        .collect();
    let mut by_key: HashMap<&str, BTreeSet<PathBuf>> = HashMap::new();
    for live in site.live() {
        let page = &live.page;
        for link in live.markup.facts.links.iter().filter(|l| !l.is_image) {
            let Some((path, _)) = resolve(link.target.trim(), &page.url) else {
                continue;
            };
            let as_page = if path.ends_with('/') {
                path
            } else {
                format!("{path}/")
            };
            if let Some(key) = key_of.get(as_page.as_str())
                && *key != page.key
            {
                by_key.entry(key).or_default().insert(page.source.clone());
            }
        }
    }
    by_key
}

fn relative(path: &Path, root: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// The week's scheduled changes as Markdown, for an issue and a workflow's job summary.
pub fn markdown(title: &str, upcoming: &[Upcoming], now: OffsetDateTime, zone: &str) -> String {
    let zone = CampaignTimeZone::new(zone).unwrap_or_default();
    let mut text = format!(
        "## Scheduled changes this week: {}\n\nFrom {} to {}.\n\n",
        inline(title),
        wall(&zone, now),
        wall(&zone, now + WEEK)
    );
    if upcoming.is_empty() {
        text.push_str("No page appears or is taken down this week.\n");
        return text;
    }
    text.push_str(
        "| when | page | what happens | pages linking to it |\n| --- | --- | --- | --- |\n",
    );
    for item in upcoming {
        let what = match (item.change, &item.replaced_by) {
            (Change::Appears, _) => "appears (publish_at)".to_string(),
            (Change::Expires, Some(to)) => format!("taken down; links lead to `{}`", inline(to)),
            (Change::Expires, None) => "taken down; links to it show their text alone".to_string(),
        };
        let linked: Vec<String> = item
            .linked_from
            .iter()
            .map(|f| format!("`{}`", inline(&f.display().to_string())))
            .collect();
        text.push_str(&format!(
            "| {} | `{}` | {what} | {} |\n",
            item.wall,
            inline(&item.page.display().to_string()),
            if linked.is_empty() {
                "none".to_string()
            } else {
                linked.join(", ")
            }
        ));
    }
    text
}

/// Text safe in a table cell and inside backticks.
fn inline(text: &str) -> String {
    text.replace(['`', '|', '\n', '\r'], " ")
}
