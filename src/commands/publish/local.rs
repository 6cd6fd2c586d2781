//! The built site as publish sees it: every file under the output folder by its bucket key,
//! with the MD5 S3 compares (a single-part upload's ETag) and the headers it is served with.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;
use md5::{Digest, Md5};

/// Fingerprinted files never change under their name: browsers and the edge keep them a year.
pub const LONG_CACHE: &str = "public, max-age=31536000, immutable";
/// Everything else may change at the next publish; publish invalidates the edge, and browsers
/// ask again after five minutes.
pub const SHORT_CACHE: &str = "public, max-age=300";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalFile {
    /// The bucket key: the path under the output folder with `/` separators (`pl/index.html`).
    pub key: String,
    pub path: PathBuf,
    /// Lower-case hex MD5 of the file.
    pub md5: String,
}

impl LocalFile {
    pub fn is_html(&self) -> bool {
        self.key.ends_with(".html")
    }
}

/// Every file of the built site at `out`, sorted by key.
pub fn files(out: &Path) -> anyhow::Result<Vec<LocalFile>> {
    let mut found = Vec::new();
    walk(out, out, &mut found)?;
    found.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(found)
}

fn walk(root: &Path, dir: &Path, into: &mut Vec<LocalFile>) -> anyhow::Result<()> {
    let entries = fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            walk(root, &path, into)?;
            continue;
        }
        let bytes = fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let key = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        into.push(LocalFile {
            key,
            path,
            md5: hex::encode(Md5::digest(&bytes)),
        });
    }
    Ok(())
}

/// `style.5ad90b3f5b58c156.css`: the build puts 16 hex digits of the content's hash in the names
/// of the theme's stylesheet and scripts.
pub fn is_fingerprinted(key: &str) -> bool {
    let name = key.rsplit('/').next().unwrap_or(key);
    let mut parts = name.rsplit('.');
    let (Some(_ext), Some(hash), Some(_stem)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

pub fn cache_control(key: &str) -> &'static str {
    if is_fingerprinted(key) {
        LONG_CACHE
    } else {
        SHORT_CACHE
    }
}

/// The Content-Type a file is served with; text says it is UTF-8, as the build writes it.
pub fn content_type(key: &str) -> String {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let textual = mime.type_() == mime_guess::mime::TEXT
        || matches!(
            mime.subtype().as_str(),
            "javascript" | "json" | "xml" | "atom+xml" | "manifest+json"
        )
        || mime.suffix().is_some_and(|s| s == "xml" || s == "json");
    if textual {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprinted_files_are_cached_long_and_pages_briefly() {
        assert!(is_fingerprinted("style.5ad90b3f5b58c156.css"));
        assert!(is_fingerprinted("admin/lookout.7f566016412b3a34.js"));
        assert!(!is_fingerprinted("index.html"));
        assert!(!is_fingerprinted("images/logo.svg"));
        assert!(!is_fingerprinted("style.5ad90b3f5b58c15.css"));
        assert!(!is_fingerprinted("5ad90b3f5b58c156.css"));
        assert_eq!(cache_control("search.dc02a606b28158d5.js"), LONG_CACHE);
        assert_eq!(cache_control("pl/report/index.html"), SHORT_CACHE);
    }

    #[test]
    fn text_is_served_as_utf8() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("style.5ad90b3f5b58c156.css"),
            "text/css; charset=utf-8"
        );
        assert!(content_type("a.js").ends_with("javascript; charset=utf-8"));
        assert_eq!(content_type("logo.svg"), "image/svg+xml; charset=utf-8");
        assert_eq!(content_type("photo.jpg"), "image/jpeg");
        assert_eq!(content_type("admin/fonts/icons.woff2"), "font/woff2");
    }
}
