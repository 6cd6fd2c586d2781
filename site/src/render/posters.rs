//! Printable A4 posters, one per audience and language, each with a QR code that opens the
//! report form in that language.

use qrcode::QrCode;
use qrcode::render::svg;
use serde::Serialize;

use lookout_questionnaire::Question;

use crate::error::{Result, SiteError};
use crate::load::Campaign;
use crate::load::audiences::Audience;
use crate::model::Site;
use crate::output::OutputFile;

use super::views::generated_page;

#[derive(Serialize)]
struct Poster {
    audience: String,
    title: String,
    description: String,
    signs: Vec<String>,
    report_link: String,
    qr_svg: String,
}

pub fn poster_files(site: &Site) -> Result<Vec<OutputFile>> {
    let campaign = site.campaign();
    let mut files = Vec::new();
    for language in &campaign.config.languages {
        let lang = language.code.as_str();
        let view = site.view(lang);
        let report_link = format!("{}{}", campaign.config.base_url, view.report_url);
        let qr_svg = qr_svg(&report_link)?;
        for audience in &campaign.config.audiences {
            let landing = site.live().iter().find(|l| {
                l.page.lang == lang && l.page.landing_audience() == Some(audience.id.as_str())
            });
            let poster = Poster {
                audience: audience.id.clone(),
                title: campaign.config.audience_name(audience, lang).to_string(),
                description: landing
                    .and_then(|l| l.page.front.description.clone())
                    .unwrap_or_default(),
                signs: signs_for(campaign, audience, lang),
                report_link: report_link.clone(),
                qr_svg: qr_svg.clone(),
            };
            let mut context = site.context(lang).into_owned();
            let path = format!("posters/{}/", audience.id);
            context.insert("page", &generated_page(site, lang, &path, &poster.title));
            context.insert("poster", &poster);
            let url = format!("{}{path}", view.root);
            files.push(OutputFile::page(
                &url,
                campaign.theme.render("poster.html", &context)?,
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

/// The signs a poster for `audience` lists: the indicator options of the questionnaire group
/// the audience's `signs` names in config.yaml, or those for anyone.
fn signs_for(campaign: &Campaign, audience: &Audience, lang: &str) -> Vec<String> {
    let q = &campaign.questionnaire;
    let group = audience.signs.as_deref();
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
