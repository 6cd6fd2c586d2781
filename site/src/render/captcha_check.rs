//! The spam-check step of a campaign that chose hCaptcha (`/report/check/`, `/pl/report/check/`):
//! the only page that runs hCaptcha's script. It holds no form field, answer, receipt or
//! thread, so that script never sees what a reporter writes; its own script leaves the token in
//! sessionStorage and goes on to the report form, which sends it. A campaign without hCaptcha
//! has no such page.

use super::scripts::render_document;
use crate::error::Result;
use crate::model::Site;
use crate::output::OutputFile;

use super::views::generated_page;

/// Where the step is, under a language's root.
pub const PATH: &str = "report/check/";

pub fn check_files(site: &Site) -> Result<Vec<OutputFile>> {
    let campaign = site.campaign();
    if campaign.config.captcha_site_key().is_none() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for language in &campaign.config.languages {
        let lang = language.code.as_str();
        let mut context = site.context(lang).into_owned();
        let title = campaign.text(lang, "captcha_check_title");
        context.insert("page", &generated_page(site, lang, PATH, &title));
        let html = render_document(site, lang, "captcha-check.html", &context)?;
        let root = campaign.config.language_root(lang);
        files.push(OutputFile::new(
            format!("{}{PATH}index.html", root.trim_start_matches('/')),
            html.into_bytes(),
        ));
    }
    Ok(files)
}
