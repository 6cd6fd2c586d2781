//! The functions' bundle, as publish compares it: the built site's `_lookout/` folder (the
//! page shells, the questionnaire, and whatever else the functions read at run time, such as
//! the spam setting), listed as `sha256sum` lines sorted by name. That list is the bundle's
//! manifest (`_lookout/manifest.sha256`, which `infra/stage-bundle.sh` checks and ships), and
//! its SHA-256 is the bundle's digest. The deployed functions carry the digest of the bundle
//! they run with in their configuration ([`DIGEST_VARIABLE`]); a build whose digest differs
//! would give the site a form the functions validate differently, so publish refuses it.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use anyhow::Context;
use lookout_questionnaire::shell;
use sha2::{Digest, Sha256};

/// The function environment variable holding the SHA-256 (hex) of its bundle's manifest.
pub const DIGEST_VARIABLE: &str = "LOOKOUT_BUNDLE_SHA256";
/// The manifest's name inside `_lookout/`.
pub const MANIFEST: &str = "manifest.sha256";
/// The hashes of the campaign files the bundle was made from: a record, not part of it.
const SOURCES: &str = "sources.sha256";
const QUESTIONNAIRE: &str = "questionnaire.yaml";

#[derive(Debug)]
pub struct Bundle {
    /// `<sha256>  <name>` lines, sorted by name.
    pub manifest: String,
    pub digest: String,
    /// The page shells' HTML.
    pub shells: Vec<String>,
}

/// The bundle of the site built at `out` from the campaign at `root`. A build that does not
/// copy the questionnaire into `_lookout/` bundles the campaign's own.
pub fn built(out: &Path, root: &Path) -> anyhow::Result<Bundle> {
    let dir = out.join(shell::DIR);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let entries = fs::read_dir(&dir)
        .with_context(|| format!("reading {} (the functions' bundle)", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == MANIFEST || name == SOURCES || !entry.file_type()?.is_file() {
            continue;
        }
        let bytes = fs::read(entry.path())
            .with_context(|| format!("reading {}", entry.path().display()))?;
        files.push((name, bytes));
    }
    if !files.iter().any(|(name, _)| name == QUESTIONNAIRE) {
        let path = root.join(QUESTIONNAIRE);
        let bytes = fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        files.push((QUESTIONNAIRE.to_string(), bytes));
    }
    files.sort();
    let shells = files
        .iter()
        .filter(|(name, _)| shell::lang_of(name).is_some())
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .collect();
    let manifest: String = files
        .iter()
        .map(|(name, bytes)| format!("{}  {name}\n", hex::encode(Sha256::digest(bytes))))
        .collect();
    Ok(Bundle {
        digest: digest(&manifest),
        manifest,
        shells,
    })
}

pub fn digest(manifest: &str) -> String {
    hex::encode(Sha256::digest(manifest.as_bytes()))
}

/// The files two manifests disagree on, by name: changed, added or gone.
pub fn differing(built: &str, deployed: &str) -> Vec<String> {
    let lines = |text: &str| -> BTreeSet<(String, String)> {
        text.lines()
            .filter_map(|line| line.split_once("  "))
            .map(|(hash, name)| (name.to_string(), hash.to_string()))
            .collect()
    };
    let (a, b) = (lines(built), lines(deployed));
    let names: BTreeSet<String> = a
        .symmetric_difference(&b)
        .map(|(name, _)| name.clone())
        .collect();
    names.into_iter().collect()
}

/// The bucket keys of the site's own files a page refers to (`href="/style.….css"`,
/// `src="/lookout.….js"`).
pub fn referenced_keys(html: &str) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for attribute in ["href=\"", "src=\""] {
        for (at, _) in html.match_indices(attribute) {
            let value = &html[at + attribute.len()..];
            let Some(end) = value.find('"') else { continue };
            let value = &value[..end];
            let path = value.split(['?', '#']).next().unwrap_or_default();
            if let Some(key) = path.strip_prefix('/')
                && !key.starts_with('/')
                && !key.is_empty()
                && !key.ends_with('/')
            {
                keys.insert(key.to_string());
            }
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differing_names_changed_added_and_gone_files() {
        let built = "aa  questionnaire.yaml\nbb  shell.en.html\ncc  spam.json\n";
        let deployed = "a0  questionnaire.yaml\nbb  shell.en.html\ndd  shell.pl.html\n";
        assert_eq!(
            differing(built, deployed),
            vec!["questionnaire.yaml", "shell.pl.html", "spam.json"]
        );
        assert!(differing(built, built).is_empty());
    }

    #[test]
    fn shells_refer_to_their_own_assets_only() {
        let html = r#"<link rel="stylesheet" href="/style.5ad90b3f5b58c156.css"><script src="/lookout.7f566016412b3a34.js" defer></script><a href="/report/">x</a><a href="https://x.org/a.css">y</a><img src="//cdn/x.png"><img src="/images/logo.svg?v=1">"#;
        let keys: Vec<String> = referenced_keys(html).into_iter().collect();
        assert_eq!(
            keys,
            vec![
                "images/logo.svg",
                "lookout.7f566016412b3a34.js",
                "style.5ad90b3f5b58c156.css"
            ]
        );
    }
}
