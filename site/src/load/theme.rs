//! The templates: the default theme's, then the campaign's `templates/` replacing any of the
//! same name (Zola's rule).

use std::collections::BTreeMap;

use tera::{Context, Tera};

use super::embedded;
use super::files::{files_under, read_to_string};
use super::paths::CampaignPaths;
use crate::error::{Result, SiteError};

/// Template names whose output is escaped (Tera matches them by suffix).
const AUTOESCAPED: [&str; 2] = [".html", ".xml"];

pub struct Theme {
    tera: Tera,
    /// Template name → its text.
    sources: BTreeMap<String, String>,
}

impl Theme {
    pub fn load(paths: &CampaignPaths) -> Result<Self> {
        let mut sources: BTreeMap<String, String> = BTreeMap::new();
        for (name, bytes) in embedded::files_in("templates") {
            if let Ok(text) = std::str::from_utf8(bytes) {
                sources.insert(name, text.to_string());
            }
        }
        let own = paths.templates();
        if own.is_dir() {
            for (name, path) in files_under(&own)? {
                sources.insert(name, read_to_string(&path)?);
            }
        }
        let mut tera = Tera::default();
        tera.autoescape_on(AUTOESCAPED.to_vec());
        tera.set_escape_fn(lookout_questionnaire::html::escape);
        tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
            .map_err(|e| SiteError::template("(parsing)", &e))?;
        Ok(Self { tera, sources })
    }

    pub fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// Renders template `name`; a failure names the template.
    pub fn render(&self, name: &str, context: &Context) -> Result<String> {
        self.tera
            .render(name, context)
            .map_err(|e| SiteError::template(name, &e))
    }
}
