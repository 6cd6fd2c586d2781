//! The functions' bundle in the built site: `_lookout/` holds everything the deployed report
//! functions read at run time (the page shells the render writes there, a copy of the
//! questionnaire the forms were built from, and whatever later settings the build puts there),
//! plus two lists of SHA-256 hashes in `sha256sum` format:
//!
//! - `manifest.sha256`: every other file in `_lookout/`, so `infra/stage-bundle.sh` can refuse a
//!   bundle that is not exactly what this build wrote;
//! - `sources.sha256`: the campaign files the bundle was made from (`config.yaml`,
//!   `questionnaire.yaml`, `templates/`), relative to the campaign folder, so the stage script
//!   can refuse a campaign changed since the build.
//!
//! The deploy path then ships the site and the functions from one build, or says which file
//! differs.

use std::path::Path;

use lookout_questionnaire::shell;
use sha2::{Digest, Sha256};

use crate::error::{Result, SiteError};
use crate::load::paths::{CONFIG_FILE, CampaignPaths};

pub const MANIFEST: &str = "manifest.sha256";
pub const SOURCES: &str = "sources.sha256";
/// The questionnaire's name inside `_lookout/` (and in the campaign folder).
pub const QUESTIONNAIRE: &str = "questionnaire.yaml";

fn line(bytes: &[u8], name: &str) -> String {
    format!("{}  {name}\n", hex::encode(Sha256::digest(bytes)))
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| SiteError::io(path, e))
}

/// The questionnaire's copy and the two hash lists (output path, bytes), for the `_lookout/`
/// files among `rendered` (output path, bytes).
pub fn files<'a>(
    paths: &CampaignPaths,
    rendered: impl Iterator<Item = (&'a str, &'a [u8])>,
) -> Result<Vec<(String, Vec<u8>)>> {
    let prefix = format!("{}/", shell::DIR);
    let questionnaire = read(&paths.questionnaire())?;
    let mut bundled: Vec<(&str, &[u8])> = rendered
        .filter_map(|(path, bytes)| Some((path.strip_prefix(&prefix)?, bytes)))
        .chain(std::iter::once((QUESTIONNAIRE, questionnaire.as_slice())))
        .collect();
    bundled.sort();
    let manifest: String = bundled
        .iter()
        .map(|(name, bytes)| line(bytes, name))
        .collect();
    let sources: String = sources(paths, &questionnaire)?
        .iter()
        .map(|(name, bytes)| line(bytes, name))
        .collect();
    Ok(vec![
        (format!("{prefix}{QUESTIONNAIRE}"), questionnaire),
        (format!("{prefix}{MANIFEST}"), manifest.into_bytes()),
        (format!("{prefix}{SOURCES}"), sources.into_bytes()),
    ])
}

/// The campaign files the bundle is made from, by their path in the campaign folder.
fn sources(paths: &CampaignPaths, questionnaire: &[u8]) -> Result<Vec<(String, Vec<u8>)>> {
    let mut sources = vec![
        (
            CONFIG_FILE.to_string(),
            read(&paths.root.join(CONFIG_FILE))?,
        ),
        (QUESTIONNAIRE.to_string(), questionnaire.to_vec()),
    ];
    let templates = paths.templates();
    if templates.is_dir() {
        for entry in walkdir::WalkDir::new(&templates).sort_by_file_name() {
            let entry = entry
                .map_err(|e| SiteError::io(&templates, std::io::Error::other(e.to_string())))?;
            if entry.file_type().is_file() {
                let relative = entry
                    .path()
                    .strip_prefix(&paths.root)
                    .unwrap_or(entry.path())
                    .to_string_lossy()
                    .replace('\\', "/");
                sources.push((relative, read(entry.path())?));
            }
        }
    }
    Ok(sources)
}
