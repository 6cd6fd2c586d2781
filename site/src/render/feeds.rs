//! What the site says to machines, from templates a campaign can override as Zola's can:
//! `sitemap.xml` (every page with the languages it exists in), `atom.xml` per language (dated
//! pages, newest first) and `robots.txt`. This module gathers what they list; the theme's
//! templates of the same names decide how it is written.

use serde::Serialize;

use crate::error::Result;
use crate::load::config::Language;
use crate::load::page::{Page, PageKind};
use crate::model::Site;
use crate::output::OutputFile;

use super::listings::{audience_url, generated_audiences};

/// How many pages a feed lists.
const FEED_LENGTH: usize = 30;

/// An address in the sitemap, with its versions in every language when it has more than one.
#[derive(Serialize)]
struct SitemapEntry {
    permalink: String,
    /// `YYYY-MM-DD`, from `updated` or else `date`.
    updated: Option<String>,
    alternates: Vec<Alternate>,
}

#[derive(Serialize)]
struct Alternate {
    lang: String,
    permalink: String,
}

/// A page in a feed.
#[derive(Serialize)]
struct FeedPage {
    title: String,
    permalink: String,
    /// RFC 3339, from `updated` or else `date`.
    updated: String,
    description: String,
}

/// `sitemap.xml`: the live pages, then the audience pages the generator made, each with an
/// alternate for every language it exists in.
pub fn sitemap(site: &Site) -> Result<OutputFile> {
    let base = &site.campaign().config.base_url;
    let alternate = |lang: &str, url: &str| Alternate {
        lang: lang.to_string(),
        permalink: format!("{base}{url}"),
    };
    let mut entries: Vec<SitemapEntry> = site
        .live()
        .iter()
        .map(|live| {
            let page = &live.page;
            let versions = site.translations(&page.key);
            SitemapEntry {
                permalink: format!("{base}{}", page.url),
                updated: page.front.updated.or(page.front.date).map(|d| d.ymd()),
                // A page in one language has no alternate to name (and a sitemap of a large
                // campaign is mostly those: naming the page itself would double its size).
                alternates: if versions.len() > 1 {
                    versions
                        .iter()
                        .map(|link| alternate(&link.code, &link.url))
                        .collect()
                } else {
                    Vec::new()
                },
            }
        })
        .collect();
    let config = &site.campaign().config;
    let generated = generated_audiences(site);
    for audience in &config.audiences {
        for (lang, _) in generated.iter().filter(|(_, a)| *a == audience) {
            entries.push(SitemapEntry {
                permalink: format!("{base}{}", audience_url(site, lang, audience)),
                updated: None,
                alternates: config
                    .languages
                    .iter()
                    .map(|l| alternate(&l.code, &audience_url(site, &l.code, audience)))
                    .collect(),
            });
        }
    }
    let mut context = site.context(&config.default_language().code).into_owned();
    context.insert("entries", &entries);
    // The context holds a copy; this one would only raise the peak while the sitemap is made.
    drop(entries);
    let xml = site.campaign().theme.render("sitemap.xml", &context)?;
    Ok(OutputFile::new("sitemap.xml", xml.into_bytes()))
}

/// The Atom feed of a language (`/atom.xml`, `/pl/atom.xml`): its dated pages, newest first.
pub fn feed(site: &Site, language: &Language) -> Result<OutputFile> {
    let config = &site.campaign().config;
    let mut dated: Vec<&Page> = site
        .live()
        .iter()
        .map(|l| l.page.as_ref())
        .filter(|p| p.lang == language.code && p.front.date.is_some())
        .filter(|p| p.kind == PageKind::Page)
        .collect();
    dated.sort_by_key(|p| std::cmp::Reverse(p.front.date));
    dated.truncate(FEED_LENGTH);
    let last_updated = dated
        .iter()
        .filter_map(|p| p.front.updated.or(p.front.date))
        .max()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339());
    let pages: Vec<FeedPage> = dated
        .iter()
        .map(|page| FeedPage {
            title: page.front.title.clone(),
            permalink: format!("{}{}", config.base_url, page.url),
            updated: page
                .front
                .updated
                .or(page.front.date)
                .map(|d| d.rfc3339())
                .unwrap_or_default(),
            description: page.front.description.clone().unwrap_or_default(),
        })
        .collect();
    let root = config.language_root(&language.code);
    let mut context = site.context(&language.code).into_owned();
    context.insert("feed_url", &format!("{}{root}atom.xml", config.base_url));
    context.insert("last_updated", &last_updated);
    context.insert("pages", &pages);
    let xml = site.campaign().theme.render("atom.xml", &context)?;
    let path = format!("{}atom.xml", root.trim_start_matches('/'));
    Ok(OutputFile::new(path, xml.into_bytes()))
}

/// `robots.txt`: the page shells and the report API are not for search engines.
pub fn robots(site: &Site) -> Result<OutputFile> {
    let config = &site.campaign().config;
    let mut context = site.context(&config.default_language().code).into_owned();
    context.insert("shell_dir", lookout_questionnaire::shell::DIR);
    let text = site.campaign().theme.render("robots.txt", &context)?;
    Ok(OutputFile::new("robots.txt", text.into_bytes()))
}
