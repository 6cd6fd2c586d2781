//! Lists of pages (a section's pages, an audience's pages) and the audience landing pages the
//! generator makes for every language where the campaign wrote none.

use super::scripts::render_document;
use crate::error::Result;
use crate::load::audiences::Audience;
use crate::load::page::Page;
use crate::model::Site;
use crate::output::OutputFile;

use super::views::{Summary, generated_page, listing_order};

/// The live pages directly in a section, in its language.
pub fn section_listing<'s>(site: &'s Site, section: &Page) -> Vec<Summary<'s>> {
    let mut pages: Vec<&Page> = site
        .live()
        .iter()
        .map(|l| l.page.as_ref())
        .filter(|p| p.lang == section.lang && p.parent.as_deref() == Some(section.key.as_str()))
        .filter(|p| !(section.key == "_index" && p.landing_audience().is_some()))
        .collect();
    pages.sort_by(|a, b| listing_order(a, b));
    let config = &site.campaign().config;
    pages.into_iter().map(|p| Summary::of(p, config)).collect()
}

/// Pages tagged for an audience in `lang`, plus default-language pages not translated.
pub fn audience_listing<'s>(site: &'s Site, audience: &str, lang: &str) -> Vec<Summary<'s>> {
    let default_lang = &site.campaign().config.default_language().code;
    let mut pages: Vec<&Page> = site
        .live()
        .iter()
        .map(|l| l.page.as_ref())
        .filter(|p| {
            p.front.audiences.iter().any(|a| a == audience)
                && p.landing_audience() != Some(audience)
        })
        .filter(|p| {
            p.lang == lang || (&p.lang == default_lang && !site.is_translated(&p.key, lang))
        })
        .collect();
    pages.sort_by(|a, b| listing_order(a, b));
    let config = &site.campaign().config;
    pages.into_iter().map(|p| Summary::of(p, config)).collect()
}

/// The audience landing pages the generator makes: (language, audience) for every pair with no
/// live Markdown page of its own, languages in config order.
pub fn generated_audiences(site: &Site) -> Vec<(&str, &Audience)> {
    let config = &site.campaign().config;
    // One pass over the pages (this runs on every rebuild), then the pairs in order.
    let written: std::collections::HashSet<(&str, &str)> = site
        .live()
        .iter()
        .filter_map(|l| Some((l.page.lang.as_str(), l.page.landing_audience()?)))
        .collect();
    let mut pairs = Vec::new();
    for language in &config.languages {
        let lang = language.code.as_str();
        for audience in &config.audiences {
            if !written.contains(&(lang, audience.id.as_str())) {
                pairs.push((lang, audience));
            }
        }
    }
    pairs
}

/// The address of an audience's landing page in `lang`.
pub fn audience_url(site: &Site, lang: &str, audience: &Audience) -> String {
    format!(
        "{}{}/",
        site.campaign().config.language_root(lang),
        audience.id
    )
}

/// The landing page of an audience in a language that has no page of its own.
pub fn audience_file(site: &Site, lang: &str, audience: &Audience) -> Result<OutputFile> {
    let campaign = site.campaign();
    let mut context = site.context(lang).into_owned();
    let title = campaign.config.audience_name(audience, lang);
    let page = generated_page(site, lang, &format!("{}/", audience.id), title);
    context.insert("page", &page);
    context.insert(
        "audience_pages",
        &audience_listing(site, &audience.id, lang),
    );
    let html = render_document(site, lang, "audience.html", &context)?;
    Ok(OutputFile::page(&audience_url(site, lang, audience), html))
}
