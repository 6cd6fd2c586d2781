//! Staging for deployment: the built site's bundle copied into the Lambda layer's folder, only
//! when it is exactly what the build wrote and the campaign has not changed since; and the
//! check before a site upload that the staged bundle is still the built one.

use std::fs;
use std::path::{Path, PathBuf};

use crate::{BundleError, DIR, LAYER_DIR, MANIFEST, Manifest, SOURCES, digest, open};

/// What [`stage`] put in place.
#[derive(Debug)]
pub struct Staged {
    /// `<layer>/lookout`.
    pub dir: PathBuf,
    /// The digest the stack passes to the functions (`BundleSha256`).
    pub digest: String,
    /// The names of the bundle's files.
    pub names: Vec<String>,
}

/// Copies `<site>/_lookout/` into `<layer>/lookout/`, refusing (and naming the file) a bundle
/// that is not what the build wrote or a campaign changed since the build.
pub fn stage(campaign: &Path, site: &Path, layer: &Path) -> Result<Staged, BundleError> {
    let from = site.join(DIR);
    let bundle = open(&from)?;
    check_sources(campaign, &from.join(SOURCES))?;
    let into = layer.join(LAYER_DIR);
    if into.exists() {
        fs::remove_dir_all(&into).map_err(BundleError::io(&into))?;
    }
    fs::create_dir_all(&into).map_err(BundleError::io(&into))?;
    for name in [MANIFEST, SOURCES] {
        let (source, target) = (from.join(name), into.join(name));
        fs::copy(&source, &target).map_err(BundleError::io(&target))?;
    }
    for (name, bytes) in bundle.files() {
        let target = into.join(name);
        fs::write(&target, bytes).map_err(BundleError::io(&target))?;
    }
    let staged = open(&into)?;
    Ok(Staged {
        digest: staged.digest(),
        names: staged.manifest.names().map(str::to_owned).collect(),
        dir: into,
    })
}

/// Every campaign file the bundle was made from still hashes as it did at the build.
fn check_sources(campaign: &Path, sources: &Path) -> Result<(), BundleError> {
    let text = fs::read_to_string(sources).map_err(BundleError::io(sources))?;
    let recorded = Manifest::parse(&text, sources)?;
    let names: Vec<String> = recorded
        .names()
        .filter(|name| {
            let now = fs::read(campaign.join(name)).ok();
            now.map(|bytes| digest(&bytes)).as_deref() != recorded.hash(name)
        })
        .map(str::to_owned)
        .collect();
    if names.is_empty() {
        Ok(())
    } else {
        Err(BundleError::CampaignChanged {
            campaign: campaign.to_path_buf(),
            names,
        })
    }
}

/// Before a site upload: the bundle staged in `layer` (what the functions were last built
/// from) is the one the site at `site` was built with.
pub fn compare(site: &Path, layer: &Path) -> Result<(), BundleError> {
    let read = |path: PathBuf| -> Result<Manifest, BundleError> {
        let text = fs::read_to_string(&path).map_err(BundleError::io(&path))?;
        Manifest::parse(&text, &path)
    };
    let built = read(site.join(DIR).join(MANIFEST))?;
    let staged_dir = layer.join(LAYER_DIR);
    let staged = read(staged_dir.join(MANIFEST))?;
    let names = built.differing(&staged);
    if names.is_empty() {
        Ok(())
    } else {
        Err(BundleError::StagedDiffers {
            staged: staged_dir,
            names,
        })
    }
}
