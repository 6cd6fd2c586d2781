//! The third stage: the site model, built once from a loaded campaign and never changed after.
//! It is made in the order its parts depend on each other: the pages chosen for the build, the
//! per-language site views (which need only the chosen pages' names and addresses) with the
//! parts of every page that depend on the language alone, each
//! page's Markdown rendered with its shortcodes (in parallel; shortcodes see only the views and
//! strings), then the translations between the live pages. The renderers and `check` read it;
//! nothing writes to it.
//!
//! Pages and their rendered Markdown are behind `Arc`, so a later model (an incremental
//! rebuild, [`Site::build_after`]) shares the ones that did not change.

pub mod gone;
mod parts;
mod shortcodes;
pub mod views;

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use tera::Context;
use time::OffsetDateTime;

use crate::error::Result;
use crate::load::Campaign;
use crate::load::page::Page;
use crate::markup::{self, Markup};
use gone::Gone;
use views::{LanguageLink, SiteView, Views};

/// What decides which pages are in the model, and how its pages behave.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Include drafts, scheduled and expired pages.
    pub include_held: bool,
    /// Pages load the dev server's reload script.
    pub live_reload: bool,
    /// The moment the build is for (scheduling).
    pub now: OffsetDateTime,
    /// Record what `check` reads of each page's Markdown (links, HTML, headings, prose).
    pub facts: bool,
}

/// A page that made it into the build, with its Markdown rendered.
#[derive(Debug, Clone)]
pub struct LivePage {
    pub page: Arc<Page>,
    pub markup: Arc<Markup>,
}

/// The site: the campaign, its views, its live pages and their translations.
pub struct Site {
    campaign: Campaign,
    views: Views,
    live: Vec<LivePage>,
    /// Pages the clock keeps out, and where links to them lead.
    gone: Gone,
    /// Page key → the languages it is live in, in config order.
    translations: Arc<Translations>,
}

impl Site {
    pub fn build(campaign: Campaign, options: &Options) -> Result<Self> {
        Self::build_after(campaign, options, None)
    }

    /// The next generation after `previous`: a page loaded by the same `Arc` keeps its
    /// rendered Markdown when what shortcodes see (views, strings, templates) is unchanged.
    pub fn build_after(
        campaign: Campaign,
        options: &Options,
        previous: Option<&Site>,
    ) -> Result<Self> {
        let gone = Gone::new(&campaign, options.now, options.include_held);
        let chosen: Vec<&Arc<Page>> = campaign
            .pages
            .iter()
            .filter(|p| {
                options.include_held
                    || (p.held(options.now).is_none() && gone.get(&p.url).is_none())
            })
            .collect();
        let chosen_pages: Vec<&Page> = chosen.iter().map(|p| p.as_ref()).collect();
        let views = Views::new(&campaign, &chosen_pages, options.live_reload)?;
        // Keyed by the page's address: the same `Arc` is the same load of the same file. Links
        // show which pages are gone, so a page or translation coming or going remakes them all.
        let kept: HashMap<usize, &Arc<Markup>> = previous
            .filter(|p| {
                p.views == views
                    && Arc::ptr_eq(&p.campaign.parts, &campaign.parts)
                    && p.gone == gone
            })
            .map(|p| {
                let by_page = p
                    .live
                    .iter()
                    .map(|l| (Arc::as_ptr(&l.page) as usize, &l.markup));
                by_page.collect()
            })
            .unwrap_or_default();
        let live = chosen
            .par_iter()
            .map(|page| {
                if let Some(markup) = kept.get(&(Arc::as_ptr(page) as usize)) {
                    return Ok(LivePage {
                        page: Arc::clone(page),
                        markup: Arc::clone(markup),
                    });
                }
                let markup = markup::render(
                    &page.source,
                    &page.markdown,
                    page.body_line,
                    options.facts,
                    &|target| gone.relink(target, &page.url),
                    |call| shortcodes::render(&campaign, &views, page, call, options.now.date()),
                )?;
                Ok(LivePage {
                    page: Arc::clone(page),
                    markup: Arc::new(markup),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        // The same live pages in the same languages: the same translations.
        let translations = match previous {
            Some(p)
                if Arc::ptr_eq(&p.campaign.config, &campaign.config)
                    && same_pages(&p.live, &live) =>
            {
                Arc::clone(&p.translations)
            }
            _ => Arc::new(translations(&campaign, &live)),
        };
        Ok(Self {
            campaign,
            views,
            live,
            gone,
            translations,
        })
    }

    pub fn campaign(&self) -> &Campaign {
        &self.campaign
    }

    /// The live pages, in file-name order.
    pub fn live(&self) -> &[LivePage] {
        &self.live
    }

    /// The pages the clock keeps out of the build, and where links to them lead.
    pub fn gone(&self) -> &Gone {
        &self.gone
    }

    /// The site as seen from `lang`.
    pub fn view(&self, lang: &str) -> &SiteView {
        self.views.get(lang)
    }

    /// What every template in `lang` sees (`site`, `t`, `lang`), made once per language.
    pub fn context(&self, lang: &str) -> Cow<'_, Context> {
        self.views.context(self.campaign.strings(lang), lang)
    }

    /// Whether every template sees the same site in `self` as in `other`.
    pub fn same_views(&self, other: &Site) -> bool {
        self.views == other.views
    }

    /// The languages the page `key` is live in, in config order.
    pub fn translations(&self, key: &str) -> Vec<LanguageLink> {
        let languages = &self.campaign.config.languages;
        self.versions(key)
            .iter()
            .map(|&(language, index)| {
                LanguageLink::to(&languages[language], self.live[index].page.url.clone())
            })
            .collect()
    }

    /// Whether the page `key` is live in `lang`.
    pub fn is_translated(&self, key: &str, lang: &str) -> bool {
        let languages = &self.campaign.config.languages;
        self.versions(key)
            .iter()
            .any(|&(language, _)| languages[language].code == lang)
    }

    fn versions(&self, key: &str) -> &[(usize, usize)] {
        self.translations.get(key).map_or(&[], Vec::as_slice)
    }
}

/// Whether two lists of live pages are of the same files (and so the same keys, languages and
/// addresses).
fn same_pages(a: &[LivePage], b: &[LivePage]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(a, b)| Arc::ptr_eq(&a.page, &b.page) || a.page.source == b.page.source)
}

/// Page key → its live versions as (language, live page) indices, in config order: small, as
/// there is an entry for every page.
type Translations = HashMap<String, Vec<(usize, usize)>>;

fn translations(campaign: &Campaign, live: &[LivePage]) -> Translations {
    let languages = &campaign.config.languages;
    let mut map: Translations = HashMap::with_capacity(live.len());
    for (index, live_page) in live.iter().enumerate() {
        let page = &live_page.page;
        let Some(language) = languages.iter().position(|l| l.code == page.lang) else {
            continue;
        };
        map.entry(page.key.clone())
            .or_default()
            .push((language, index));
    }
    for links in map.values_mut() {
        links.sort_by_key(|(language, _)| *language);
    }
    map
}
