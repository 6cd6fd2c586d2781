//! The parts of every page that depend on its language alone (the footer, the exit button),
//! rendered once per language rather than once per page. Each is an HTML template directly in
//! the theme's `parts/`, which a campaign can override or add to like any other; it sees
//! `site`, `t` and `lang`, and every template then sees its HTML as `parts.<name>`
//! (`parts/footer.html` is `parts.footer`).

use std::collections::BTreeMap;

use tera::Context;

use crate::error::{Result, SiteError};
use crate::load::theme::Theme;

/// Where the parts' templates are in the theme.
const FOLDER: &str = "parts/";

/// Each part's HTML in one language, by name.
pub type Parts = BTreeMap<String, String>;

/// The key under which templates find the parts.
pub const KEY: &str = "parts";

/// Renders every part with `context` (a language's `site`, `t` and `lang`).
pub fn render(theme: &Theme, context: &Context) -> Result<Parts> {
    theme
        .html_in(FOLDER)
        .map(|template| {
            let name = template
                .strip_prefix(FOLDER)
                .and_then(|file| file.strip_suffix(".html"))
                .unwrap_or(template);
            let html = theme.render(template, context).map_err(explain)?;
            Ok((name.to_string(), html.trim().to_string()))
        })
        .collect()
}

/// A part that asks for something not there most likely asked for a page's own values.
fn explain(error: SiteError) -> SiteError {
    match error {
        SiteError::Template { name, message } if message.contains("not found in context") => {
            SiteError::Template {
                name,
                message: format!(
                    "{message} (a part is made once per language: it sees `site`, `t` and `lang`, not `page`)"
                ),
            }
        }
        other => other,
    }
}
