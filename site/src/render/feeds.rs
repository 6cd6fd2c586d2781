//! What the site says to machines: `sitemap.xml` (with every language a page exists in),
//! an Atom feed per language, and `robots.txt`.

use lookout_questionnaire::html::escape;

use crate::load::front_matter::Audience;
use crate::load::page::PageKind;
use crate::model::Site;
use crate::output::OutputFile;

use super::listings::{audience_url, generated_audiences};
use super::views::Summary;

/// `sitemap.xml` with an `xhtml:link` alternate for every language a page exists in.
pub fn sitemap(site: &Site) -> OutputFile {
    let base = &site.campaign().config.base_url;
    let mut xml = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
    ));
    for live in site.live() {
        let page = &live.page;
        xml.push_str(&format!(
            "  <url>\n    <loc>{}</loc>\n",
            escape(&format!("{base}{}", page.url))
        ));
        if let Some(date) = page.front.updated.or(page.front.date) {
            xml.push_str(&format!("    <lastmod>{}</lastmod>\n", date.ymd()));
        }
        for link in site.translations(&page.key) {
            xml.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                escape(&link.code),
                escape(&format!("{base}{}", link.url))
            ));
        }
        xml.push_str("  </url>\n");
    }
    for (url, alternates) in generated_audience_pages(site) {
        xml.push_str(&format!(
            "  <url>\n    <loc>{}</loc>\n",
            escape(&format!("{base}{url}"))
        ));
        for (lang, alternate) in alternates {
            xml.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                escape(&lang),
                escape(&format!("{base}{alternate}"))
            ));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    OutputFile::new("sitemap.xml", xml.into_bytes())
}

/// Audience pages the generator makes where the campaign has no Markdown page, audience by
/// audience, with the audience's address in every language as alternates.
fn generated_audience_pages(site: &Site) -> Vec<(String, Vec<(String, String)>)> {
    let config = &site.campaign().config;
    let generated = generated_audiences(site);
    let mut pages = Vec::new();
    for audience in Audience::ALL {
        let alternates: Vec<(String, String)> = config
            .languages
            .iter()
            .map(|l| (l.code.clone(), audience_url(site, &l.code, audience)))
            .collect();
        for (lang, _) in generated.iter().filter(|(_, a)| *a == audience) {
            pages.push((audience_url(site, lang, audience), alternates.clone()));
        }
    }
    pages
}

/// An Atom feed per language (`/atom.xml`, `/pl/atom.xml`) of dated pages, newest first.
pub fn feeds(site: &Site) -> Vec<OutputFile> {
    let config = &site.campaign().config;
    config
        .languages
        .iter()
        .map(|language| {
            let mut dated: Vec<_> = site
                .live()
                .iter()
                .map(|l| l.page.as_ref())
                .filter(|p| p.lang == language.code && p.front.date.is_some())
                .filter(|p| p.kind == PageKind::Page)
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
                escape(&language.code),
                escape(&language.title),
                escape(&self_url),
                escape(&self_url),
                escape(&config.base_url),
                updated.unwrap_or_else(|| "1970-01-01T00:00:00Z".into()),
            );
            for page in dated {
                let summary = Summary::of(page);
                let url = format!("{}{}", config.base_url, page.url);
                let when = page.front.updated.or(page.front.date).map(|d| d.rfc3339()).unwrap_or_default();
                xml.push_str(&format!(
                    "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n    <link href=\"{}\"/>\n    <updated>{when}</updated>\n    <author><name>{}</name></author>\n    <summary>{}</summary>\n  </entry>\n",
                    escape(&summary.title),
                    escape(&url),
                    escape(&url),
                    escape(&language.title),
                    escape(&summary.description),
                ));
            }
            xml.push_str("</feed>\n");
            OutputFile::new(format!("{}atom.xml", root.trim_start_matches('/')), xml.into_bytes())
        })
        .collect()
}

pub fn robots(site: &Site) -> OutputFile {
    let text = format!(
        "User-agent: *\nDisallow: /{}/\nDisallow: /api/\nAllow: /\n\nSitemap: {}/sitemap.xml\n",
        lookout_questionnaire::shell::DIR,
        site.campaign().config.base_url
    );
    OutputFile::new("robots.txt", text.into_bytes())
}
