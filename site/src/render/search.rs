//! The client-side search index: one small JSON file per language, fetched by the search page
//! only when a reader searches, so no other page pays for it.

use serde::Serialize;
use serde_json::value::RawValue;

use super::scripts::render_document;
use crate::error::{Result, SiteError};
use crate::model::Site;
use crate::output::OutputFile;

use super::views::generated_page;

#[derive(Serialize)]
struct Entry<'a> {
    /// Title, URL, description and text; short keys keep the download small.
    t: &'a str,
    u: &'a str,
    d: &'a str,
    x: &'a RawValue,
}

/// The search index of `lang` and the search page that reads it.
pub fn index_files(site: &Site, lang: &str) -> Result<Vec<OutputFile>> {
    let campaign = site.campaign();
    let mut files = Vec::new();
    let entries: Vec<Entry<'_>> = site
        .live()
        .iter()
        .filter(|l| l.page.lang == lang)
        .map(|l| Entry {
            t: &l.page.front.title,
            u: &l.page.url,
            d: l.page.front.description.as_deref().unwrap_or_default(),
            x: l.markup.text.as_json(),
        })
        .collect();
    // Sized up front: the index of a large campaign is megabytes, and growing it by doubling
    // would copy it over and over.
    let size: usize = entries
        .iter()
        .map(|e| e.t.len() + e.u.len() + e.d.len() + e.x.get().len())
        .sum();
    let mut json = Vec::with_capacity(size + size / 8 + entries.len() * 32);
    serde_json::to_writer(&mut json, &entries).map_err(|e| SiteError::Template {
        name: "search index".into(),
        message: e.to_string(),
    })?;
    let root = campaign.config.language_root(lang);
    let root = root.trim_start_matches('/');
    files.push(OutputFile::new(format!("{root}search/index.json"), json));

    let mut context = site.context(lang).into_owned();
    let title = campaign.text(lang, "search");
    context.insert("page", &generated_page(site, lang, "search/", &title));
    context.insert("index_url", &format!("/{root}search/index.json"));
    let html = render_document(site, lang, "search.html", &context)?;
    files.push(OutputFile::new(
        format!("{root}search/index.html"),
        html.into_bytes(),
    ));
    Ok(files)
}
