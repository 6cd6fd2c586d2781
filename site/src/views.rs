//! What templates see: plain serialisable views of the site, a page, a listing.

use serde::Serialize;

use crate::content::markdown::Heading;
use crate::content::{Audience, Page, PageKind};

/// The site as seen from one language.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub lang: String,
    pub dir: &'static str,
    /// `/` or `/pl/`.
    pub root: String,
    pub languages: Vec<LanguageLink>,
    pub menu: Vec<MenuItem>,
    pub exit_url: String,
    pub report_url: String,
    pub follow_up_url: String,
    pub safety_url: String,
    pub search_url: String,
    /// Fingerprinted asset URLs by original name (`style.css` → `/style.3f2a9c1b.css`).
    pub assets: std::collections::BTreeMap<String, String>,
    pub audiences: Vec<AudienceLink>,
    pub live_reload: bool,
    pub captcha_site_key: Option<String>,
    /// The campaign's time zone (`config.yaml`), written into the page shells.
    pub time_zone: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LanguageLink {
    pub code: String,
    pub name: String,
    pub dir: &'static str,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MenuItem {
    pub title: String,
    pub url: String,
    pub lang: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AudienceLink {
    pub slug: &'static str,
    pub title: String,
    pub url: String,
}

/// One page, rendered.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    pub key: String,
    pub lang: String,
    pub title: String,
    pub description: String,
    pub url: String,
    pub permalink: String,
    pub content: String,
    pub toc: Vec<Heading>,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub weight: Option<i64>,
    pub audiences: Vec<AudienceLink>,
    pub topics: Vec<String>,
    pub is_section: bool,
    /// The other languages this page exists in.
    pub translations: Vec<LanguageLink>,
}

/// A page in a list (sections, audience pages, feeds).
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub title: String,
    pub description: String,
    pub url: String,
    pub lang: String,
    pub date: Option<String>,
}

impl Summary {
    pub fn of(page: &Page) -> Self {
        Summary {
            title: page.front.title.clone(),
            description: page.front.description.clone().unwrap_or_default(),
            url: page.url.clone(),
            lang: page.lang.clone(),
            date: page.front.date.map(|d| d.ymd()),
        }
    }
}

/// Sort order of listings: weight first (pages without one last), then newest, then title.
pub fn listing_order(a: &Page, b: &Page) -> std::cmp::Ordering {
    let weight = |p: &Page| p.front.weight.unwrap_or(i64::MAX);
    weight(a)
        .cmp(&weight(b))
        .then_with(|| b.front.date.cmp(&a.front.date))
        .then_with(|| a.front.title.cmp(&b.front.title))
}

pub fn is_section(page: &Page) -> bool {
    page.kind == PageKind::Section
}

pub fn audience_link(audience: Audience, title: String, root: &str) -> AudienceLink {
    AudienceLink {
        slug: audience.slug(),
        title,
        url: format!("{root}{}/", audience.slug()),
    }
}
