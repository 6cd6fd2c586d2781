//! The files of a built site, and writing them so a failed build never leaves a half-written
//! site over a good one.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::error::{Result, SiteError};
use crate::render::Renderer;
use crate::views::Summary;

#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path inside the output folder, with `/`, no leading slash.
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: Vec<u8>) -> Self {
        Self {
            path: path.into(),
            bytes,
        }
    }

    /// A page at a site URL such as `/pl/news/`: written as `pl/news/index.html`.
    pub fn page(url: &str, html: String) -> Self {
        let dir = url.trim_matches('/');
        let path = if dir.is_empty() {
            "index.html".to_string()
        } else {
            format!("{dir}/index.html")
        };
        Self::new(path, html.into_bytes())
    }
}

/// Writes `files` into a fresh folder beside `out`, then swaps it in.
pub fn write_site(out: &Path, files: &[OutputFile]) -> Result<()> {
    refuse_clashes(out, files)?;
    let staging = sibling(out, "lookout-new");
    let previous = sibling(out, "lookout-old");
    for stale in [&staging, &previous] {
        if stale.exists() {
            fs::remove_dir_all(stale).map_err(|e| SiteError::io(stale, e))?;
        }
    }
    fs::create_dir_all(&staging).map_err(|e| SiteError::io(&staging, e))?;
    let written: Vec<Result<()>> = files
        .par_iter()
        .map(|file| write_one(&staging, file))
        .collect();
    if let Err(error) = written.into_iter().collect::<Result<Vec<()>>>() {
        let _ = fs::remove_dir_all(&staging);
        return Err(error);
    }
    if out.exists() {
        fs::rename(out, &previous).map_err(|e| SiteError::io(out, e))?;
    }
    if let Err(e) = fs::rename(&staging, out) {
        let _ = fs::rename(&previous, out);
        return Err(SiteError::io(out, e));
    }
    if previous.exists() {
        fs::remove_dir_all(&previous).map_err(|e| SiteError::io(&previous, e))?;
    }
    Ok(())
}

/// Two files for one address (a page named like a generated page, or an alias on a page)
/// would leave which one wins to chance.
fn refuse_clashes(out: &Path, files: &[OutputFile]) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    let clashes: Vec<SiteError> = files
        .iter()
        .filter(|f| !seen.insert(f.path.as_str()))
        .map(|f| {
            SiteError::content(
                &out.join(&f.path),
                None,
                "two things would be written here (a page, an alias, a static file or a generated page share this address); rename one",
            )
        })
        .collect();
    SiteError::collect(clashes)
}

fn write_one(root: &Path, file: &OutputFile) -> Result<()> {
    let path = root.join(&file.path);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| SiteError::io(parent, e))?;
    }
    fs::write(&path, &file.bytes).map_err(|e| SiteError::io(&path, e))
}

fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.{suffix}"))
}

/// Escapes text for XML content and attributes (the same rules as HTML here).
pub fn escape_xml(text: &str) -> String {
    lookout_questionnaire::html::escape(text)
}

/// `sitemap.xml` with an `xhtml:link` alternate for every language a page exists in.
pub fn sitemap(renderer: &Renderer<'_>) -> OutputFile {
    let base = &renderer.campaign.config.base_url;
    let mut xml = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
    ));
    for live in &renderer.live {
        let page = live.page;
        xml.push_str(&format!(
            "  <url>\n    <loc>{}</loc>\n",
            escape_xml(&format!("{base}{}", page.url))
        ));
        if let Some(date) = page.front.updated.or(page.front.date) {
            xml.push_str(&format!("    <lastmod>{}</lastmod>\n", date.ymd()));
        }
        for link in renderer
            .translations
            .get(page.key.as_str())
            .into_iter()
            .flatten()
        {
            xml.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                escape_xml(&link.code),
                escape_xml(&format!("{base}{}", link.url))
            ));
        }
        xml.push_str("  </url>\n");
    }
    for (url, alternates) in generated_audience_pages(renderer) {
        xml.push_str(&format!(
            "  <url>\n    <loc>{}</loc>\n",
            escape_xml(&format!("{base}{url}"))
        ));
        for (lang, alternate) in alternates {
            xml.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                escape_xml(&lang),
                escape_xml(&format!("{base}{alternate}"))
            ));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    OutputFile::new("sitemap.xml", xml.into_bytes())
}

/// Audience pages the generator makes where the campaign has no Markdown page, with the
/// audience's address in every language as alternates.
fn generated_audience_pages(renderer: &Renderer<'_>) -> Vec<(String, Vec<(String, String)>)> {
    let config = &renderer.campaign.config;
    let mut pages = Vec::new();
    for audience in crate::content::Audience::ALL {
        let in_lang = |lang: &str| format!("{}{}/", config.language_root(lang), audience.slug());
        let alternates: Vec<(String, String)> = config
            .languages
            .iter()
            .map(|l| (l.code.clone(), in_lang(&l.code)))
            .collect();
        for language in &config.languages {
            let written = renderer.live.iter().any(|l| {
                l.page.lang == language.code && l.page.landing_audience() == Some(audience)
            });
            if !written {
                pages.push((in_lang(&language.code), alternates.clone()));
            }
        }
    }
    pages
}

/// An Atom feed per language (`/atom.xml`, `/pl/atom.xml`) of dated pages, newest first.
pub fn feeds(renderer: &Renderer<'_>) -> Vec<OutputFile> {
    let config = &renderer.campaign.config;
    config
        .languages
        .iter()
        .map(|language| {
            let mut dated: Vec<_> = renderer
                .live
                .iter()
                .map(|l| l.page)
                .filter(|p| p.lang == language.code && p.front.date.is_some())
                .filter(|p| p.kind == crate::content::PageKind::Page)
                .collect();
            dated.sort_by_key(|p| std::cmp::Reverse(p.front.date));
            dated.truncate(30);
            let root = config.language_root(&language.code);
            let self_url = format!("{}{root}atom.xml", config.base_url);
            let updated = dated
                .iter()
                .filter_map(|p| p.front.updated.or(p.front.date))
                .max()
                .map(|d| d.rfc3339());
            let mut xml = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <id>{}</id>\n  <link rel=\"self\" href=\"{}\"/>\n  <link rel=\"alternate\" href=\"{}{root}\"/>\n  <updated>{}</updated>\n",
                escape_xml(&language.code),
                escape_xml(&language.title),
                escape_xml(&self_url),
                escape_xml(&self_url),
                escape_xml(&config.base_url),
                updated.unwrap_or_else(|| "1970-01-01T00:00:00Z".into()),
            );
            for page in dated {
                let summary = Summary::of(page);
                let url = format!("{}{}", config.base_url, page.url);
                let when = page.front.updated.or(page.front.date).map(|d| d.rfc3339()).unwrap_or_default();
                xml.push_str(&format!(
                    "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n    <link href=\"{}\"/>\n    <updated>{when}</updated>\n    <author><name>{}</name></author>\n    <summary>{}</summary>\n  </entry>\n",
                    escape_xml(&summary.title),
                    escape_xml(&url),
                    escape_xml(&url),
                    escape_xml(&language.title),
                    escape_xml(&summary.description),
                ));
            }
            xml.push_str("</feed>\n");
            OutputFile::new(format!("{}atom.xml", root.trim_start_matches('/')), xml.into_bytes())
        })
        .collect()
}

pub fn robots(config: &Config) -> OutputFile {
    let text = format!(
        "User-agent: *\nDisallow: /{}/\nDisallow: /api/\nAllow: /\n\nSitemap: {}/sitemap.xml\n",
        lookout_questionnaire::shell::DIR,
        config.base_url
    );
    OutputFile::new("robots.txt", text.into_bytes())
}

/// A page at an old address that sends the reader on to the new one, with or without scripts.
pub fn redirect_page(target: &str) -> String {
    let target = escape_xml(target);
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Moved</title><link rel=\"canonical\" href=\"{target}\"><meta http-equiv=\"refresh\" content=\"0; url={target}\"><meta name=\"robots\" content=\"noindex\"></head><body><p><a href=\"{target}\">This page has moved.</a></p></body></html>\n"
    )
}
