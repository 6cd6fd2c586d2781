//! Renders a loaded campaign into the list of files that make the site.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use tera::Context;
use time::OffsetDateTime;

use crate::campaign::Campaign;
use crate::content::markdown::{self, Rendered};
use crate::content::{Audience, Page, PageKind, shortcodes};
use crate::error::{Result, SiteError};
use crate::output::{self, OutputFile};
use crate::views::{self, LanguageLink, MenuItem, PageView, SiteView, Summary};
use crate::{assets, forms};

pub struct RenderOptions {
    pub include_held: bool,
    pub live_reload: bool,
    pub now: OffsetDateTime,
}

/// A page that made it into the build, with its Markdown rendered.
pub struct LivePage<'a> {
    pub page: &'a Page,
    pub rendered: Rendered,
}

pub struct Renderer<'a> {
    pub campaign: &'a Campaign,
    pub sites: BTreeMap<String, SiteView>,
    pub live: Vec<LivePage<'a>>,
    /// Page key → the languages it is live in.
    pub translations: HashMap<&'a str, Vec<LanguageLink>>,
}

pub fn render_site(campaign: &Campaign, options: &RenderOptions) -> Result<Vec<OutputFile>> {
    let (asset_urls, mut files) = assets::fingerprinted(&campaign.paths)?;
    let chosen: Vec<&Page> = campaign
        .pages
        .iter()
        .filter(|p| options.include_held || p.held(options.now).is_none())
        .collect();
    let sites = site_views(campaign, &chosen, &asset_urls, options.live_reload);
    let mut renderer = Renderer {
        campaign,
        sites,
        live: Vec::new(),
        translations: HashMap::new(),
    };
    renderer.live = renderer.render_markdown(&chosen)?;
    renderer.translations = translations(campaign, &renderer.live);

    let pages: Vec<Result<OutputFile>> = renderer
        .live
        .par_iter()
        .map(|p| renderer.page_file(p))
        .collect();
    files.extend(pages.into_iter().collect::<Result<Vec<_>>>()?);
    files.extend(renderer.audience_files()?);
    files.extend(renderer.not_found_files()?);
    files.extend(renderer.alias_files());
    files.extend(renderer.shell_files()?);
    files.extend(crate::posters::poster_files(&renderer)?);
    files.extend(crate::search::index_files(&renderer)?);
    files.push(output::sitemap(&renderer));
    files.extend(output::feeds(&renderer));
    files.push(output::robots(&campaign.config));
    Ok(files)
}

fn site_views(
    campaign: &Campaign,
    pages: &[&Page],
    assets: &BTreeMap<String, String>,
    live_reload: bool,
) -> BTreeMap<String, SiteView> {
    let config = &campaign.config;
    let languages: Vec<LanguageLink> = config
        .languages
        .iter()
        .map(|l| LanguageLink {
            code: l.code.clone(),
            name: l.name.clone(),
            dir: l.dir().as_str(),
            url: config.language_root(&l.code),
        })
        .collect();
    let mut views = BTreeMap::new();
    for language in &config.languages {
        let lang = language.code.as_str();
        let root = config.language_root(lang);
        let localise =
            |path: &str| localised_url(pages, config.default_language().code.as_str(), path, lang);
        let view = SiteView {
            title: language.title.clone(),
            description: language.description.clone(),
            base_url: config.base_url.clone(),
            lang: lang.to_string(),
            dir: language.dir().as_str(),
            root: root.clone(),
            languages: languages.clone(),
            menu: menu(campaign, pages, lang),
            exit_url: config.exit_url.clone(),
            report_url: localise("/report/"),
            follow_up_url: localise("/follow-up/"),
            safety_url: localise("/safety/"),
            search_url: format!("{root}search/"),
            assets: assets.clone(),
            audiences: Audience::ALL
                .into_iter()
                .map(|a| {
                    views::audience_link(
                        a,
                        campaign.text(lang, &format!("audience.{}", a.slug())),
                        &root,
                    )
                })
                .collect(),
            live_reload,
            captcha_site_key: config.captcha_site_key.clone(),
        };
        views.insert(lang.to_string(), view);
    }
    views
}

/// The URL of a default-language page's translation in `lang`, or of the page itself.
fn localised_url(pages: &[&Page], default_lang: &str, path: &str, lang: &str) -> String {
    let Some(original) = pages
        .iter()
        .find(|p| p.lang == default_lang && p.url == path)
    else {
        return path.to_string();
    };
    pages
        .iter()
        .find(|p| p.key == original.key && p.lang == lang)
        .map_or_else(|| original.url.clone(), |p| p.url.clone())
}

fn menu(campaign: &Campaign, pages: &[&Page], lang: &str) -> Vec<MenuItem> {
    let default_lang = campaign.config.default_language().code.as_str();
    campaign
        .config
        .menu
        .iter()
        .filter_map(|path| {
            let original = pages
                .iter()
                .find(|p| p.lang == default_lang && &p.url == path)?;
            let shown = pages
                .iter()
                .find(|p| p.key == original.key && p.lang == lang)
                .unwrap_or(original);
            Some(MenuItem {
                title: shown.front.title.clone(),
                url: shown.url.clone(),
                lang: shown.lang.clone(),
            })
        })
        .collect()
}

fn translations<'a>(
    campaign: &Campaign,
    live: &[LivePage<'a>],
) -> HashMap<&'a str, Vec<LanguageLink>> {
    let mut map: HashMap<&'a str, Vec<LanguageLink>> = HashMap::new();
    for live_page in live {
        let page = live_page.page;
        let Some(language) = campaign.config.language(&page.lang) else {
            continue;
        };
        map.entry(page.key.as_str())
            .or_default()
            .push(LanguageLink {
                code: page.lang.clone(),
                name: language.name.clone(),
                dir: language.dir().as_str(),
                url: page.url.clone(),
            });
    }
    let order: Vec<&str> = campaign
        .config
        .languages
        .iter()
        .map(|l| l.code.as_str())
        .collect();
    for links in map.values_mut() {
        links.sort_by_key(|l| order.iter().position(|c| *c == l.code));
    }
    map
}

impl<'a> Renderer<'a> {
    pub fn site(&self, lang: &str) -> &SiteView {
        self.sites
            .get(lang)
            .unwrap_or_else(|| &self.sites[&self.campaign.config.default_language().code])
    }

    pub fn base_context(&self, lang: &str) -> Context {
        let mut context = Context::new();
        context.insert("site", self.site(lang));
        context.insert("t", self.campaign.strings(lang));
        context.insert("lang", lang);
        context
    }

    pub fn render_template(&self, name: &str, context: &Context) -> Result<String> {
        self.campaign
            .templates
            .render(name, context)
            .map_err(|e| SiteError::template(name, &e))
    }

    fn render_markdown(&self, pages: &[&'a Page]) -> Result<Vec<LivePage<'a>>> {
        pages
            .par_iter()
            .map(|page| {
                let expanded =
                    shortcodes::expand(&page.source, &page.markdown, page.body_line, |call| {
                        self.render_shortcode(page, call)
                    })?;
                Ok(LivePage {
                    page,
                    rendered: markdown::render(&expanded, page.body_line),
                })
            })
            .collect()
    }

    fn render_shortcode(&self, page: &Page, call: shortcodes::Call<'_>) -> Result<String> {
        let name = format!("shortcodes/{}.html", call.name);
        if self.campaign.templates.get_template(&name).is_err() {
            return Err(SiteError::content(
                &page.source,
                Some(call.line),
                format!("unknown shortcode `{}` (no template {name})", call.name),
            ));
        }
        let mut context = self.base_context(&page.lang);
        for (key, value) in &call.args {
            context.insert(key.as_str(), value);
        }
        if call.name == "public_stats" {
            let view = crate::public_stats::view(
                &self.campaign.paths.root,
                call.args.get("file").and_then(|f| f.as_str()),
                OffsetDateTime::now_utc().date(),
                &self.campaign.questionnaire,
                &page.lang,
                |key| self.campaign.text(&page.lang, key),
            )
            .map_err(|e| SiteError::content(&page.source, Some(call.line), e.to_string()))?;
            context.insert("stats", &view);
        }
        if let Some(body) = call.body {
            context.insert("body", &markdown::render(body, call.line).html);
        }
        self.campaign
            .templates
            .render(&name, &context)
            .map_err(|e| {
                SiteError::content(
                    &page.source,
                    Some(call.line),
                    SiteError::template(&name, &e).to_string(),
                )
            })
    }

    pub fn page_view(&self, live: &LivePage<'_>) -> PageView {
        let page = live.page;
        let front = &page.front;
        let root = self.campaign.config.language_root(&page.lang);
        PageView {
            key: page.key.clone(),
            lang: page.lang.clone(),
            title: front.title.clone(),
            description: front.description.clone().unwrap_or_default(),
            url: page.url.clone(),
            permalink: format!("{}{}", self.campaign.config.base_url, page.url),
            content: live.rendered.html.clone(),
            toc: live.rendered.toc.clone(),
            date: front.date.map(|d| d.ymd()),
            updated: front.updated.map(|d| d.ymd()),
            weight: front.weight,
            audiences: front
                .audiences
                .iter()
                .map(|a| {
                    views::audience_link(
                        *a,
                        self.campaign
                            .text(&page.lang, &format!("audience.{}", a.slug())),
                        &root,
                    )
                })
                .collect(),
            topics: front.topics.clone(),
            is_section: views::is_section(page),
            translations: self.other_languages(page),
        }
    }

    fn other_languages(&self, page: &Page) -> Vec<LanguageLink> {
        self.translations
            .get(page.key.as_str())
            .map(|links| {
                links
                    .iter()
                    .filter(|l| l.code != page.lang)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }

    fn template_for(page: &Page) -> String {
        if let Some(template) = &page.front.template {
            return template.clone();
        }
        match (page.kind, page.key.as_str(), page.landing_audience()) {
            (PageKind::Section, "_index", _) => "index.html".into(),
            (PageKind::Section, _, _) => "section.html".into(),
            (PageKind::Page, _, Some(_)) => "audience.html".into(),
            (PageKind::Page, _, None) => "page.html".into(),
        }
    }

    fn page_file(&self, live: &LivePage<'_>) -> Result<OutputFile> {
        let page = live.page;
        let mut context = self.base_context(&page.lang);
        context.insert("page", &self.page_view(live));
        if page.kind == PageKind::Section {
            context.insert("pages", &self.section_listing(page));
        }
        if let Some(audience) = page.landing_audience() {
            context.insert(
                "audience_pages",
                &self.audience_listing(audience, &page.lang),
            );
        }
        let template = Self::template_for(page);
        forms::insert_forms(self.campaign, &template, &page.lang, &mut context);
        let html = self
            .render_template(&template, &context)
            .map_err(|e| match e {
                SiteError::Template { name, message } => {
                    // Point at the `template:` key when the page chose the template.
                    let line = page.front.template.as_ref().and_then(|_| {
                        let text = std::fs::read_to_string(&page.source).ok()?;
                        crate::error::yaml_key_line(&text, "template", 1)
                    });
                    SiteError::content(&page.source, line, format!("template: {name}: {message}"))
                }
                other => other,
            })?;
        Ok(OutputFile::page(&page.url, html))
    }

    /// The live pages directly in a section, in its language.
    fn section_listing(&self, section: &Page) -> Vec<Summary> {
        let mut pages: Vec<&Page> = self
            .live
            .iter()
            .map(|l| l.page)
            .filter(|p| p.lang == section.lang && p.parent.as_deref() == Some(section.key.as_str()))
            .filter(|p| !(section.key == "_index" && p.landing_audience().is_some()))
            .collect();
        pages.sort_by(|a, b| views::listing_order(a, b));
        pages.into_iter().map(Summary::of).collect()
    }

    /// Pages tagged for an audience in `lang`, plus default-language pages not translated.
    pub fn audience_listing(&self, audience: Audience, lang: &str) -> Vec<Summary> {
        let default_lang = &self.campaign.config.default_language().code;
        let translated = |key: &str| {
            self.translations
                .get(key)
                .is_some_and(|l| l.iter().any(|l| l.code == lang))
        };
        let mut pages: Vec<&Page> = self
            .live
            .iter()
            .map(|l| l.page)
            .filter(|p| {
                p.front.audiences.contains(&audience) && p.landing_audience() != Some(audience)
            })
            .filter(|p| p.lang == lang || (&p.lang == default_lang && !translated(&p.key)))
            .collect();
        pages.sort_by(|a, b| views::listing_order(a, b));
        pages.into_iter().map(Summary::of).collect()
    }

    /// A landing page for every audience in every language that has no page of its own.
    fn audience_files(&self) -> Result<Vec<OutputFile>> {
        let mut files = Vec::new();
        for language in &self.campaign.config.languages {
            let lang = language.code.as_str();
            for audience in Audience::ALL {
                let has_page = self
                    .live
                    .iter()
                    .any(|l| l.page.lang == lang && l.page.landing_audience() == Some(audience));
                if has_page {
                    continue;
                }
                let mut context = self.base_context(lang);
                let title = self
                    .campaign
                    .text(lang, &format!("audience.{}", audience.slug()));
                context.insert(
                    "page",
                    &self.generated_page(lang, &format!("{}/", audience.slug()), &title),
                );
                context.insert("audience_pages", &self.audience_listing(audience, lang));
                let url = format!(
                    "{}{}/",
                    self.campaign.config.language_root(lang),
                    audience.slug()
                );
                files.push(OutputFile::page(
                    &url,
                    self.render_template("audience.html", &context)?,
                ));
            }
        }
        Ok(files)
    }

    /// The `page` of a page the generator makes itself in every language (audience pages
    /// without a Markdown page, posters, search), at `<language root><path>`: a title, its
    /// address and its translations, so it gets a canonical link, hreflang and the switcher.
    pub fn generated_page(&self, lang: &str, path: &str, title: &str) -> serde_json::Value {
        let config = &self.campaign.config;
        let url = format!("{}{path}", config.language_root(lang));
        let translations: Vec<LanguageLink> = config
            .languages
            .iter()
            .filter(|l| l.code != lang)
            .map(|l| LanguageLink {
                code: l.code.clone(),
                name: l.name.clone(),
                dir: l.dir().as_str(),
                url: format!("{}{path}", config.language_root(&l.code)),
            })
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

    fn not_found_files(&self) -> Result<Vec<OutputFile>> {
        let mut files = Vec::new();
        for language in &self.campaign.config.languages {
            let context = self.base_context(&language.code);
            let html = self.render_template("404.html", &context)?;
            let root = self.campaign.config.language_root(&language.code);
            files.push(OutputFile::new(
                format!("{}404.html", root.trim_start_matches('/')),
                html.into_bytes(),
            ));
        }
        Ok(files)
    }

    fn alias_files(&self) -> Vec<OutputFile> {
        let mut files = Vec::new();
        for live in &self.live {
            for alias in &live.page.front.aliases {
                files.push(OutputFile::page(
                    alias,
                    output::redirect_page(&live.page.url),
                ));
            }
        }
        files
    }

    /// Page shells the report functions wrap their HTML answers in (see ARCHITECTURE.md).
    fn shell_files(&self) -> Result<Vec<OutputFile>> {
        let mut files = Vec::new();
        for language in &self.campaign.config.languages {
            let context = self.base_context(&language.code);
            let html = self.render_template("shell.html", &context)?;
            files.push(OutputFile::new(
                lookout_questionnaire::shell::site_path(&language.code),
                html.into_bytes(),
            ));
        }
        Ok(files)
    }
}
