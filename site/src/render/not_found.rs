//! The "page not found" page of each language (`/404.html`, `/pl/404.html`).

use super::scripts::render_document;
use crate::error::Result;
use crate::model::Site;
use crate::output::OutputFile;

pub fn not_found_files(site: &Site) -> Result<Vec<OutputFile>> {
    let campaign = site.campaign();
    let mut files = Vec::new();
    for language in &campaign.config.languages {
        let html = render_document(
            site,
            &language.code,
            "404.html",
            &site.context(&language.code),
        )?;
        let root = campaign.config.language_root(&language.code);
        files.push(OutputFile::new(
            format!("{}404.html", root.trim_start_matches('/')),
            html.into_bytes(),
        ));
    }
    Ok(files)
}
