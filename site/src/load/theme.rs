//! The templates: the default theme's, then the campaign's `templates/` replacing any of the
//! same name (Zola's rule). Each template's file and text are kept, so a message about a
//! template can name the file the author would open.

use std::collections::BTreeMap;
use std::path::PathBuf;

use tera::{Context, Tera};

use super::embedded;
use super::files::{files_under, read_to_string};
use super::paths::CampaignPaths;
use crate::error::{Result, SiteError};

/// Template names whose output is escaped (Tera matches them by suffix).
const AUTOESCAPED: [&str; 2] = [".html", ".xml"];

/// Where a template came from, and what it says.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// The campaign's own file, or `(theme)/templates/<name>`.
    pub path: PathBuf,
    pub text: String,
}

pub struct Theme {
    tera: Tera,
    sources: BTreeMap<String, TemplateSource>,
}

/// A campaign's template may change markup and styling, never carry a script: the build adds
/// the theme's own after rendering (render/scripts.rs), and checks the output too, for a script
/// a template spells in pieces.
fn refuse_script(path: &std::path::Path, text: &str) -> Result<()> {
    let lower = text.to_ascii_lowercase();
    match lower.find("<script") {
        Some(at) => Err(SiteError::content(
            path,
            Some(text[..at].matches('\n').count() + 1),
            "a template may not carry a <script> element: the build adds the theme's scripts to every page (keep <!--lookout:scripts--> in the <head>)",
        )),
        None => Ok(()),
    }
}

impl Theme {
    pub fn load(paths: &CampaignPaths) -> Result<Self> {
        let mut sources: BTreeMap<String, TemplateSource> = BTreeMap::new();
        for (name, bytes) in embedded::files_in("templates") {
            if let Ok(text) = std::str::from_utf8(bytes) {
                let path = embedded::display_path(&format!("templates/{name}"));
                let text = text.to_string();
                sources.insert(name, TemplateSource { path, text });
            }
        }
        let own = paths.templates();
        if own.is_dir() {
            for (name, path) in files_under(&own)? {
                let text = read_to_string(&path)?;
                refuse_script(&path, &text)?;
                sources.insert(name, TemplateSource { path, text });
            }
        }
        let mut tera = Tera::default();
        tera.autoescape_on(AUTOESCAPED.to_vec());
        tera.set_escape_fn(lookout_questionnaire::html::escape);
        tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.text.as_str())))
            .map_err(|e| SiteError::template("(parsing)", &e))?;
        Ok(Self { tera, sources })
    }

    pub fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// The names of the HTML templates directly in a folder (`parts/`), in name order.
    pub fn html_in<'t>(&'t self, folder: &'t str) -> impl Iterator<Item = &'t str> + 't {
        self.sources.keys().map(String::as_str).filter(move |name| {
            name.strip_prefix(folder)
                .is_some_and(|file| file.ends_with(".html") && !file.contains('/'))
        })
    }

    /// The files of the campaign's own templates (those replacing or adding to the theme's).
    pub fn own_paths(&self) -> impl Iterator<Item = &std::path::Path> {
        self.sources
            .values()
            .map(|source| source.path.as_path())
            .filter(|path| !path.starts_with(embedded::display_path("")))
    }

    pub fn source(&self, name: &str) -> Option<&TemplateSource> {
        self.sources.get(name)
    }

    /// Renders template `name`; a failure names the template.
    pub fn render(&self, name: &str, context: &Context) -> Result<String> {
        self.tera
            .render(name, context)
            .map_err(|e| SiteError::template(name, &e))
    }
}
