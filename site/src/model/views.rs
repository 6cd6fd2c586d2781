//! The site as seen from each language: the title, menu, links and assets every template
//! (shortcodes included) may use. Built from the chosen pages' names and addresses only, before
//! any Markdown is rendered, so shortcodes can use it.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;
use tera::Context;

use super::parts::{self, Parts};
use crate::error::Result;
use crate::load::Campaign;
use crate::load::audiences::Audience;
use crate::load::brand::{self, BrandView};
use crate::load::config::{Config, Language};
use crate::load::page::Page;
use crate::load::strings::Strings;

/// The site as seen from one language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub base_url: String,
    /// Built for another address than the campaign's own: keep search engines out.
    pub noindex: bool,
    /// A preview for review: the live site's address, where real reports go.
    pub preview: Option<String>,
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
    pub assets: BTreeMap<String, String>,
    pub audiences: Vec<AudienceLink>,
    pub live_reload: bool,
    pub captcha_site_key: Option<String>,
    /// The campaign's time zone (`config.yaml`), written into the page shells.
    pub time_zone: String,
    /// The campaign's logo, partners and helplines in this language.
    pub brand: BrandView,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LanguageLink {
    pub code: String,
    pub name: String,
    pub dir: &'static str,
    pub url: String,
}

impl LanguageLink {
    /// A link to `url`, which is in `language`.
    pub fn to(language: &Language, url: String) -> Self {
        Self {
            code: language.code.clone(),
            name: language.name.clone(),
            dir: language.dir().as_str(),
            url,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MenuItem {
    pub title: String,
    pub url: String,
    pub lang: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AudienceLink {
    pub slug: String,
    pub title: String,
    pub url: String,
}

/// An audience's landing page in the language whose root is `root`, under its name there.
pub fn audience_link(
    campaign: &Campaign,
    audience: &Audience,
    lang: &str,
    root: &str,
) -> AudienceLink {
    AudienceLink {
        slug: audience.id.clone(),
        title: campaign.config.audience_name(audience, lang).to_string(),
        url: format!("{root}{}/", audience.id),
    }
}

/// The site views of every language of a campaign, and what every template in each language
/// sees, made once: templates are rendered thousands of times with the same `site` and `t`.
#[derive(Debug, Clone)]
pub struct Views {
    by_lang: BTreeMap<String, SiteView>,
    /// The default language's view, for a language the site does not have.
    default: SiteView,
    /// The parts of the page in each language.
    parts: BTreeMap<String, Parts>,
    contexts: BTreeMap<String, Context>,
}

impl PartialEq for Views {
    /// Same views and parts, same site for every template (the contexts are made from them and
    /// the strings, which are compared by the caller).
    fn eq(&self, other: &Self) -> bool {
        self.by_lang == other.by_lang && self.default == other.default && self.parts == other.parts
    }
}

impl Views {
    /// `pages` are the pages chosen for the build (the menu and the report, follow-up and
    /// safety links point at them, in each language where they are translated).
    /// Fails where a part of the page (`parts/`) does not render.
    pub fn new(campaign: &Campaign, pages: &[&Page], live_reload: bool) -> Result<Self> {
        let config = &campaign.config;
        let languages: Vec<LanguageLink> = config
            .languages
            .iter()
            .map(|l| LanguageLink::to(l, config.language_root(&l.code)))
            .collect();
        let view = |language| site_view(campaign, pages, language, &languages, live_reload);
        let by_lang: BTreeMap<String, SiteView> = config
            .languages
            .iter()
            .map(|language| (language.code.clone(), view(language)))
            .collect();
        let mut contexts = BTreeMap::new();
        let mut parts_by_lang = BTreeMap::new();
        for (lang, view) in &by_lang {
            let mut context = context(view, campaign.strings(lang), lang);
            let rendered = parts::render(&campaign.theme, &context)?;
            context.insert(parts::KEY, &rendered);
            contexts.insert(lang.clone(), context);
            parts_by_lang.insert(lang.clone(), rendered);
        }
        Ok(Self {
            by_lang,
            default: view(config.default_language()),
            parts: parts_by_lang,
            contexts,
        })
    }

    /// The view of `lang`, or of the default language for a language the site does not have.
    pub fn get(&self, lang: &str) -> &SiteView {
        self.by_lang.get(lang).unwrap_or(&self.default)
    }

    /// What every template in `lang` sees: `site`, the interface strings `t`, `lang`, and the
    /// `parts` of the page rendered in that language.
    /// `strings` are used only for a language the site does not have.
    pub fn context(&self, strings: &Strings, lang: &str) -> Cow<'_, Context> {
        match self.contexts.get(lang) {
            Some(context) => Cow::Borrowed(context),
            None => {
                let mut context = context(self.get(lang), strings, lang);
                if let Some(default_parts) = self.parts.get(&self.default.lang) {
                    context.insert(parts::KEY, default_parts);
                }
                Cow::Owned(context)
            }
        }
    }
}

fn context(view: &SiteView, strings: &Strings, lang: &str) -> Context {
    let mut context = Context::new();
    context.insert("site", view);
    context.insert("t", strings);
    context.insert("lang", lang);
    context
}

fn site_view(
    campaign: &Campaign,
    pages: &[&Page],
    language: &Language,
    languages: &[LanguageLink],
    live_reload: bool,
) -> SiteView {
    let config = &campaign.config;
    let lang = language.code.as_str();
    let root = config.language_root(lang);
    let localise = |path: &str| localised_url(config, pages, path, lang);
    SiteView {
        title: language.title.clone(),
        description: language.description.clone(),
        base_url: config.base_url.clone(),
        noindex: config.noindex,
        preview: config.preview.clone(),
        lang: lang.to_string(),
        dir: language.dir().as_str(),
        root: root.clone(),
        languages: languages.to_vec(),
        menu: menu(config, pages, lang),
        exit_url: config.exit_url.clone(),
        report_url: localise("/report/"),
        follow_up_url: localise("/follow-up/"),
        safety_url: localise("/safety/"),
        search_url: format!("{root}search/"),
        assets: campaign.assets.urls.clone(),
        audiences: config
            .audiences
            .iter()
            .map(|a| audience_link(campaign, a, lang, &root))
            .collect(),
        live_reload,
        captcha_site_key: config.captcha_site_key().map(str::to_owned),
        time_zone: config.time_zone.clone(),
        brand: brand::view(
            &config.brand,
            &config.partners,
            &config.helplines,
            lang,
            &config.default_language().code,
        ),
    }
}

/// The default-language page at `path`, shown in `lang` where it is translated.
fn localised<'p>(config: &Config, pages: &[&'p Page], path: &str, lang: &str) -> Option<&'p Page> {
    let default_lang = config.default_language().code.as_str();
    let original = pages
        .iter()
        .find(|p| p.lang == default_lang && p.url == path)?;
    let shown = pages
        .iter()
        .find(|p| p.key == original.key && p.lang == lang)
        .unwrap_or(original);
    Some(shown)
}

/// The URL of a default-language page's translation in `lang`, or of the page itself.
fn localised_url(config: &Config, pages: &[&Page], path: &str, lang: &str) -> String {
    localised(config, pages, path, lang).map_or_else(|| path.to_string(), |p| p.url.clone())
}

fn menu(config: &Config, pages: &[&Page], lang: &str) -> Vec<MenuItem> {
    config
        .menu
        .iter()
        .filter_map(|path| {
            let shown = localised(config, pages, path, lang)?;
            Some(MenuItem {
                title: shown.front.title.clone(),
                url: shown.url.clone(),
                lang: shown.lang.clone(),
            })
        })
        .collect()
}
