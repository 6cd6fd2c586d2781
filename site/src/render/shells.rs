//! Page shells the report functions wrap their HTML answers in (see ARCHITECTURE.md): the
//! site's base page with `lookout_questionnaire::shell::CONTENT_MARKER` where the content goes,
//! one per language at `_lookout/shell.<lang>.html`.

use lookout_questionnaire::shell;

use crate::error::Result;
use crate::model::Site;
use crate::output::OutputFile;

pub fn shell_files(site: &Site) -> Result<Vec<OutputFile>> {
    let campaign = site.campaign();
    let mut files = Vec::new();
    for language in &campaign.config.languages {
        let html = campaign
            .theme
            .render("shell.html", &site.context(&language.code))?;
        files.push(OutputFile::new(
            shell::site_path(&language.code),
            html.into_bytes(),
        ));
    }
    Ok(files)
}
