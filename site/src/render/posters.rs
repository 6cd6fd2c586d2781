//! Printable posters, one per audience, language and paper size (A4 at `/posters/<audience>/`,
//! A5 at `/posters/<audience>/a5/`), each filling one sheet. Each poster's QR code carries its
//! own short address, `/r/<audience>/` (under the language's root), a page that sends the
//! reader on to the report form: the edge's request counts then show how many scans each
//! poster brought, with no cookie, script or query string.

use qrcode::QrCode;
use qrcode::render::svg;
use serde::Serialize;

use lookout_questionnaire::Question;

use super::scripts::render_document;
use crate::error::{Result, SiteError};
use crate::load::Campaign;
use crate::model::{LivePage, Site};
use crate::output::OutputFile;

use super::aliases::redirect_page_in;
use super::views::generated_page;

/// The paper sizes, by the path segment after the poster's own (`""` for A4).
const SIZES: [(&str, &str); 2] = [("a4", ""), ("a5", "a5/")];

/// Who gets a poster, as the model lists audiences: the one place that knows where they come
/// from.
struct PosterAudience<'s> {
    id: &'s str,
    name: String,
    /// The questionnaire group whose signs the poster lists; none: the signs for anyone.
    signs: Option<&'s str>,
    /// The audience's own page in this language, if it has one.
    landing: Option<&'s LivePage>,
}

fn audiences<'s>(site: &'s Site, lang: &str) -> Vec<PosterAudience<'s>> {
    let config = &site.campaign().config;
    config
        .audiences
        .iter()
        .map(|audience| PosterAudience {
            id: &audience.id,
            name: config.audience_name(audience, lang).to_string(),
            signs: audience.signs.as_deref(),
            landing: site.live().iter().find(|l| {
                l.page.lang == lang && l.page.landing_audience() == Some(audience.id.as_str())
            }),
        })
        .collect()
}

#[derive(Serialize)]
struct Poster<'a> {
    audience: &'a str,
    /// `a4` or `a5`.
    size: &'static str,
    /// Who it is for, above the headline.
    kicker: &'a str,
    headline: String,
    lead: String,
    signs: &'a [String],
    /// Where the QR code leads: the short address, in full.
    short_link: &'a str,
    /// The short address as printed, without the scheme or the final `/`: the host, then the
    /// path (where a line may break).
    short_host: &'a str,
    short_path: &'a str,
    qr_svg: &'a str,
    /// The same poster on the other paper size.
    other_size_url: String,
}

pub fn poster_files(site: &Site) -> Result<Vec<OutputFile>> {
    let campaign = site.campaign();
    let mut files = Vec::new();
    for language in &campaign.config.languages {
        let lang = language.code.as_str();
        let view = site.view(lang);
        for audience in audiences(site, lang) {
            let redirect_url = format!("{}r/{}/", view.root, audience.id);
            let short_link = format!("{}{redirect_url}", campaign.config.base_url);
            let printed = short_link
                .split_once("://")
                .map_or(short_link.as_str(), |(_, rest)| rest)
                .trim_end_matches('/');
            let (short_host, short_path) = printed.split_at(printed.find('/').unwrap_or(0));
            let qr_svg = qr_svg(&short_link)?;
            let signs = signs_for(campaign, audience.signs, lang);
            let front = audience.landing.map(|l| &l.page.front);
            for (size, segment) in SIZES {
                let path = format!("posters/{}/{segment}", audience.id);
                let other = SIZES
                    .iter()
                    .find(|(s, _)| *s != size)
                    .map_or("", |(_, s)| s);
                let poster = Poster {
                    audience: audience.id,
                    size,
                    kicker: &audience.name,
                    headline: front.map_or_else(|| audience.name.clone(), |f| f.title.clone()),
                    lead: front
                        .and_then(|f| f.description.clone())
                        .unwrap_or_default(),
                    signs: &signs,
                    short_link: &short_link,
                    short_host,
                    short_path,
                    qr_svg: &qr_svg,
                    other_size_url: format!("{}posters/{}/{other}", view.root, audience.id),
                };
                let mut context = site.context(lang).into_owned();
                context.insert("page", &generated_page(site, lang, &path, &audience.name));
                context.insert("poster", &poster);
                files.push(OutputFile::page(
                    &format!("{}{path}", view.root),
                    render_document(site, lang, "poster.html", &context)?,
                ));
            }
            let note = campaign.text(lang, "poster_redirect");
            files.push(OutputFile::page(
                &redirect_url,
                redirect_page_in(&view.report_url, lang, &note, &note),
            ));
        }
    }
    Ok(files)
}

/// An SVG QR code; medium error correction survives a creased or smudged poster.
fn qr_svg(link: &str) -> Result<String> {
    let code =
        QrCode::with_error_correction_level(link.as_bytes(), qrcode::EcLevel::M).map_err(|e| {
            SiteError::Template {
                name: "poster QR code".into(),
                message: format!("{link}: {e}"),
            }
        })?;
    let svg = code
        .render::<svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    // Inline in HTML: no XML declaration, and a name for assistive technology.
    let svg = svg.trim_start_matches(|c| c != '<').to_string();
    let svg = match svg.strip_prefix("<?xml") {
        Some(rest) => rest
            .split_once("?>")
            .map_or(rest, |(_, after)| after)
            .trim_start()
            .to_string(),
        None => svg,
    };
    let label = lookout_questionnaire::html::escape(&format!("QR code: {link}"));
    Ok(svg.replacen(
        "<svg ",
        &format!("<svg role=\"img\" aria-label=\"{label}\" "),
        1,
    ))
}

/// The signs a poster lists: the indicator options of the questionnaire group `group`, or
/// those for anyone.
fn signs_for(campaign: &Campaign, group: Option<&str>, lang: &str) -> Vec<String> {
    let q = &campaign.questionnaire;
    let Some(indicators) = q
        .questions
        .iter()
        .find(|question: &&Question| question.grouped_by.is_some())
    else {
        return Vec::new();
    };
    indicators
        .options
        .iter()
        .filter(|option| option.group.as_deref() == group)
        .map(|option| option.label.get(lang, &q.default_language).to_string())
        .collect()
}
