//! What page templates see of a page: plain serialisable views of one page and of a page in a
//! listing, made from the model.

use serde::Serialize;

use super::dates::in_words;
use crate::load::config::Config;
use crate::load::page::{Page, PageKind};
use crate::markup::markdown::Heading;
use crate::model::views::{AudienceLink, LanguageLink, audience_link};
use crate::model::{LivePage, Site};

/// One page, rendered (its HTML borrowed from the model, not copied per page).
#[derive(Debug, Clone, Serialize)]
pub struct PageView<'a> {
    pub key: String,
    pub lang: String,
    pub title: String,
    pub description: String,
    pub url: String,
    pub permalink: String,
    pub content: &'a str,
    pub toc: &'a [Heading],
    pub date: Option<String>,
    pub updated: Option<String>,
    /// `date` and `updated` in the page language's words ("2 listopada 2026").
    pub date_text: Option<String>,
    pub updated_text: Option<String>,
    pub weight: Option<i64>,
    pub audiences: Vec<AudienceLink>,
    pub topics: Vec<String>,
    pub is_section: bool,
    /// The other languages this page exists in.
    pub translations: Vec<LanguageLink>,
}

/// A page in a list (sections, audience pages), borrowed from the model: a listing can hold
/// thousands.
#[derive(Debug, Clone, Serialize)]
pub struct Summary<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub url: &'a str,
    pub lang: &'a str,
    /// The direction of the page's language, for a listing in another language.
    pub dir: &'static str,
    pub date: Option<String>,
}

impl<'a> Summary<'a> {
    pub fn of(page: &'a Page, config: &Config) -> Self {
        Summary {
            title: &page.front.title,
            description: page.front.description.as_deref().unwrap_or_default(),
            url: &page.url,
            lang: &page.lang,
            dir: config
                .language(&page.lang)
                .map_or("ltr", |language| language.dir().as_str()),
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

pub fn page_view<'a>(site: &Site, live: &'a LivePage) -> PageView<'a> {
    let page = &live.page;
    let front = &page.front;
    let config = &site.campaign().config;
    let root = config.language_root(&page.lang);
    let strings = site.campaign().strings(&page.lang);
    PageView {
        key: page.key.clone(),
        lang: page.lang.clone(),
        title: front.title.clone(),
        description: front.description.clone().unwrap_or_default(),
        url: page.url.clone(),
        permalink: format!("{}{}", config.base_url, page.url),
        content: &live.markup.html,
        toc: &live.markup.toc,
        date: front.date.map(|d| d.ymd()),
        updated: front.updated.map(|d| d.ymd()),
        date_text: front.date.map(|d| in_words(strings, d)),
        updated_text: front.updated.map(|d| in_words(strings, d)),
        weight: front.weight,
        audiences: front
            .audiences
            .iter()
            .filter_map(|id| config.audience(id))
            .map(|a| audience_link(site.campaign(), a, &page.lang, &root))
            .collect(),
        topics: front.topics.clone(),
        is_section: page.kind == PageKind::Section,
        translations: site
            .translations(&page.key)
            .iter()
            .filter(|l| l.code != page.lang)
            .cloned()
            .collect(),
    }
}

/// The `page` of a page the generator makes itself in every language (audience pages
/// without a Markdown page, posters, search), at `<language root><path>`: a title, its
/// address and its translations, so it gets a canonical link, hreflang and the switcher.
pub fn generated_page(site: &Site, lang: &str, path: &str, title: &str) -> serde_json::Value {
    let config = &site.campaign().config;
    let url = format!("{}{path}", config.language_root(lang));
    let translations: Vec<LanguageLink> = config
        .languages
        .iter()
        .filter(|l| l.code != lang)
        .map(|l| LanguageLink::to(l, format!("{}{path}", config.language_root(&l.code))))
        .collect();
    serde_json::json!({
        "title": title,
        "content": "",
        "toc": [],
        "url": url,
        "permalink": format!("{}{url}", config.base_url),
        "translations": translations,
    })
}
