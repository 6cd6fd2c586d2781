//! Printable A4 posters, one per audience and language, each with a QR code that opens the
//! report form in that language.

use qrcode::QrCode;
use qrcode::render::svg;
use serde::Serialize;

use crate::content::Audience;
use crate::error::{Result, SiteError};
use crate::forms;
use crate::output::OutputFile;
use crate::render::Renderer;

#[derive(Serialize)]
struct Poster {
    audience: &'static str,
    title: String,
    description: String,
    signs: Vec<String>,
    report_link: String,
    qr_svg: String,
}

pub fn poster_files(renderer: &Renderer<'_>) -> Result<Vec<OutputFile>> {
    let campaign = renderer.campaign;
    let mut files = Vec::new();
    for language in &campaign.config.languages {
        let lang = language.code.as_str();
        let site = renderer.site(lang);
        let report_link = format!("{}{}", campaign.config.base_url, site.report_url);
        let qr_svg = qr_svg(&report_link)?;
        for audience in Audience::ALL {
            let landing = renderer
                .live
                .iter()
                .find(|l| l.page.lang == lang && l.page.landing_audience() == Some(audience));
            let poster = Poster {
                audience: audience.slug(),
                title: campaign.text(lang, &format!("audience.{}", audience.slug())),
                description: landing
                    .and_then(|l| l.page.front.description.clone())
                    .unwrap_or_default(),
                signs: forms::signs_for(campaign, audience, lang),
                report_link: report_link.clone(),
                qr_svg: qr_svg.clone(),
            };
            let mut context = renderer.base_context(lang);
            context.insert(
                "page",
                &renderer.generated_page(
                    lang,
                    &format!("posters/{}/", audience.slug()),
                    &poster.title,
                ),
            );
            context.insert("poster", &poster);
            let url = format!("{}posters/{}/", site.root, audience.slug());
            files.push(OutputFile::page(
                &url,
                renderer.render_template("poster.html", &context)?,
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
    let label = crate::output::escape_xml(&format!("QR code: {link}"));
    Ok(svg.replacen(
        "<svg ",
        &format!("<svg role=\"img\" aria-label=\"{label}\" "),
        1,
    ))
}
