//! Static files: the theme's stylesheet and scripts get a content hash in their names so they
//! can be cached for ever (a campaign file replacing one of them is hashed the same way); the
//! campaign's other `static/` files are copied as they are.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::config::CampaignPaths;
use crate::error::{Result, SiteError};
use crate::output::OutputFile;
use crate::theme;

/// Theme assets whose names carry a fingerprint.
const FINGERPRINTED: &[&str] = &["css", "js"];

/// Returns the URL of each fingerprinted asset by its plain name, and the files to write.
pub fn fingerprinted(paths: &CampaignPaths) -> Result<(BTreeMap<String, String>, Vec<OutputFile>)> {
    let theme_files = theme::static_files();
    let theme_names: Vec<String> = theme_files.iter().map(|(name, _)| name.clone()).collect();
    let mut sources: BTreeMap<String, Vec<u8>> = theme_files
        .into_iter()
        .map(|(name, bytes)| (name, bytes.to_vec()))
        .collect();
    let own = paths.static_files();
    if own.is_dir() {
        for (name, path) in theme::files_under(&own)? {
            let bytes = std::fs::read(&path).map_err(|e| SiteError::io(&path, e))?;
            sources.insert(name, bytes);
        }
    }
    let mut urls = BTreeMap::new();
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
        urls.insert(name, format!("/{path}"));
        files.push(OutputFile::new(path, bytes));
    }
    Ok((urls, files))
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
