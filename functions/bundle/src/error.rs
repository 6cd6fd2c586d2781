//! What can be wrong with a bundle, naming the file and the way to put it right.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}, line {line}: not a `<sha256>  <name>` line")]
    Malformed { path: PathBuf, line: usize },
    #[error(
        "{dir} is not what the build wrote ({}): build the site again",
        names.join(", ")
    )]
    NotAsBuilt { dir: PathBuf, names: Vec<String> },
    #[error(
        "the campaign {campaign} changed since the site was built ({}): build the site again",
        names.join(", ")
    )]
    CampaignChanged {
        campaign: PathBuf,
        names: Vec<String>,
    },
    #[error(
        "the staged bundle {staged} is from another build ({}): run `lookout bundle stage`, then \
         sam build and sam deploy, before uploading the site",
        names.join(", ")
    )]
    StagedDiffers { staged: PathBuf, names: Vec<String> },
    #[error(
        "the functions' bundle is not the one this deployment names: {path} hashes to {found}, \
         LOOKOUT_BUNDLE_SHA256 is {expected}; stage the bundle (`lookout bundle stage`) and \
         deploy with the BundleSha256 it prints"
    )]
    Mismatch {
        path: PathBuf,
        found: String,
        expected: String,
    },
    #[error("LOOKOUT_BUNDLE_SHA256 is set but LOOKOUT_SHELL_DIR names no bundle")]
    NoBundle,
}

impl BundleError {
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| Self::Io { path, source }
    }
}
