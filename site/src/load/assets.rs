//! Static files: the theme's stylesheet and scripts get a content hash in their names so they
//! can be cached for ever (a campaign file replacing one of them is hashed the same way); the
//! campaign's other `static/` files are copied as they are.

use std::collections::BTreeMap;
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

use super::embedded;
use super::files::files_under;
use super::paths::CampaignPaths;
use crate::error::{Result, SiteError};
use crate::markup::tags::html_tags;
use crate::output::OutputFile;

/// Theme assets whose names carry a fingerprint.
const FINGERPRINTED: &[&str] = &["css", "js"];

/// The static files of a site, ready to write, and where each one is served.
#[derive(Debug, Clone, Default)]
pub struct Assets {
    /// The URL of each file by its plain name (`style.css` → `/style.3f2a9c1b0d4e5f67.css`).
    pub urls: BTreeMap<String, String>,
    /// `sha256-<base64>` of each theme script by its plain name: its `integrity` attribute and
    /// its source in the page's Content-Security-Policy (render/scripts.rs).
    pub integrity: BTreeMap<String, String>,
    pub files: Vec<OutputFile>,
}

/// The browser editor's folder in `static/`: never part of the site, so never on the
/// reporters' origin (`lookout serve` serves it locally; see infra/README.md).
pub const EDITOR_DIR: &str = "admin/";

/// The theme's stylesheet, which the campaign's colours (`brand.colours`) are appended to.
const STYLESHEET: &str = "style.css";

/// Reads the theme's static files and the campaign's `static/` over them; `brand_css`, when
/// given, ends the stylesheet (so its fingerprint changes with it).
pub fn load(paths: &CampaignPaths, brand_css: Option<&str>) -> Result<Assets> {
    let theme_files = embedded::files_in("static");
    let theme_names: Vec<String> = theme_files.iter().map(|(name, _)| name.clone()).collect();
    let mut sources: BTreeMap<String, Vec<u8>> = theme_files
        .into_iter()
        .map(|(name, bytes)| (name, bytes.to_vec()))
        .collect();
    let own = paths.static_files();
    if own.is_dir() {
        for (name, path) in files_under(&own)? {
            if name.starts_with(EDITOR_DIR) {
                continue;
            }
            let bytes = std::fs::read(&path).map_err(|e| SiteError::io(&path, e))?;
            refuse_script(&name, &path, &bytes, &theme_names)?;
            sources.insert(name, bytes);
        }
    }
    if let (Some(css), Some(sheet)) = (brand_css, sources.get_mut(STYLESHEET)) {
        sheet.extend_from_slice(css.as_bytes());
    }
    let mut urls = BTreeMap::new();
    let mut integrity = BTreeMap::new();
    let mut files = Vec::new();
    for (name, bytes) in sources {
        let fingerprint = theme_names.contains(&name)
            && FINGERPRINTED
                .iter()
                .any(|ext| name.ends_with(&format!(".{ext}")));
        let path = if fingerprint {
            fingerprinted_name(&name, &bytes)
        } else {
            name.clone()
        };
        if fingerprint && name.ends_with(".js") {
            integrity.insert(name.clone(), integrity_of(&bytes));
        }
        urls.insert(name, format!("/{path}"));
        files.push(OutputFile::new(path, bytes));
    }
    Ok(Assets {
        urls,
        integrity,
        files,
    })
}

/// Scripts come from the build only: a campaign file may not replace one of the theme's
/// scripts (every page would load it), nor be a page or image that carries a script of its own
/// (opened at its address, it would run on the reporters' origin).
fn refuse_script(name: &str, path: &Path, bytes: &[u8], theme_names: &[String]) -> Result<()> {
    if name.ends_with(".js") && theme_names.iter().any(|theme| theme == name) {
        return Err(SiteError::content(
            path,
            None,
            format!(
                "{name} would replace the theme's script of that name: scripts come from the build only (restyle with a stylesheet or a template instead)"
            ),
        ));
    }
    let document = [".html", ".htm", ".xhtml", ".svg", ".xml"]
        .iter()
        .any(|ext| name.to_ascii_lowercase().ends_with(ext));
    let text = String::from_utf8_lossy(bytes);
    if let Some(tag) = document
        .then(|| html_tags(&text))
        .into_iter()
        .flatten()
        .find(|t| t.name == "script")
    {
        let line = text[..tag.offset].matches('\n').count() + 1;
        return Err(SiteError::content(
            path,
            Some(line),
            "a static file may not carry a <script> element: scripts come from the build only",
        ));
    }
    Ok(())
}

/// `sha256-<base64>`: the form both `integrity` and a CSP hash source take.
pub fn integrity_of(bytes: &[u8]) -> String {
    format!("sha256-{}", STANDARD.encode(Sha256::digest(bytes)))
}

/// `style.css` → `style.3f2a9c1b0d4e5f67.css`.
fn fingerprinted_name(name: &str, bytes: &[u8]) -> String {
    let hash = hex::encode(&Sha256::digest(bytes)[..8]);
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
        None => format!("{name}.{hash}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fingerprint_changes_with_content() {
        let a = super::fingerprinted_name("style.css", b"a{}");
        let b = super::fingerprinted_name("style.css", b"b{}");
        assert!(
            a.starts_with("style.") && a.ends_with(".css") && a.len() == "style.".len() + 16 + 4
        );
        assert_ne!(a, b);
    }
}
