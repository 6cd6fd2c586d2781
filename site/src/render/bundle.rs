//! The functions' bundle in the built site (`_lookout/`, the contract in `lookout_bundle`):
//! the page shells the render writes there, a copy of the questionnaire the forms were built
//! from, the manifest of their hashes, and the hashes of the campaign files they were made
//! from (`config.yaml`, `questionnaire.yaml`, `templates/`), so staging can refuse a campaign
//! changed since the build. The deploy path then ships the site and the functions from one
//! build, or says which file differs.

use std::path::Path;

use lookout_bundle::{DIR, MANIFEST, Manifest, QUESTIONNAIRE, SOURCES};

use crate::error::{Result, SiteError};
use crate::load::paths::{CONFIG_FILE, CampaignPaths};

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| SiteError::io(path, e))
}

/// The questionnaire's copy and the two hash lists (output path, bytes), for the `_lookout/`
/// files among `rendered` (output path, bytes).
pub fn files<'a>(
    paths: &CampaignPaths,
    rendered: impl Iterator<Item = (&'a str, &'a [u8])>,
) -> Result<Vec<(String, Vec<u8>)>> {
    let prefix = format!("{DIR}/");
    let questionnaire = read(&paths.questionnaire())?;
    let bundled = rendered
        .filter_map(|(path, bytes)| Some((path.strip_prefix(&prefix)?, bytes)))
        .chain(std::iter::once((QUESTIONNAIRE, questionnaire.as_slice())));
    let manifest = Manifest::of(bundled).text();
    let sources = sources(paths, &questionnaire)?;
    let sources = Manifest::of(sources.iter().map(|(n, b)| (n.as_str(), b.as_slice()))).text();
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
