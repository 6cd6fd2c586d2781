//! The functions' bundle (the built site's `_lookout/` folder, shipped as a Lambda layer) is
//! the one the deployment names. `infra/stage-bundle.sh` prints the SHA-256 of the bundle's
//! `manifest.sha256`, the stack passes it to each function as `LOOKOUT_BUNDLE_SHA256`, and a
//! function whose layer holds another manifest refuses to start, naming both digests: a stack
//! deployed with a stale or mismatched bundle fails loudly at its first request, and
//! `lookout publish` reads the same variable to refuse a site the functions do not match.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The manifest's name inside the bundle.
pub const MANIFEST: &str = "manifest.sha256";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BundleError {
    #[error(
        "the functions' bundle is not the one this deployment names: {path} hashes to {found}, \
         LOOKOUT_BUNDLE_SHA256 is {expected}; stage the bundle (infra/stage-bundle.sh) and deploy \
         with the BundleSha256 it prints"
    )]
    Mismatch {
        path: PathBuf,
        found: String,
        expected: String,
    },
    #[error("cannot read the bundle's manifest {path}: {reason}")]
    Unreadable { path: PathBuf, reason: String },
    #[error("LOOKOUT_BUNDLE_SHA256 is set but LOOKOUT_SHELL_DIR names no bundle")]
    NoBundle,
}

/// The SHA-256 (hex) of a manifest's text: the bundle's digest.
pub fn digest(manifest: &[u8]) -> String {
    hex::encode(Sha256::digest(manifest))
}

/// Checks the bundle in `dir` against `expected` (when the deployment names one).
pub fn check(dir: Option<&Path>, expected: Option<&str>) -> Result<(), BundleError> {
    let Some(expected) = expected else {
        return Ok(());
    };
    let path = dir.ok_or(BundleError::NoBundle)?.join(MANIFEST);
    let manifest = std::fs::read(&path).map_err(|e| BundleError::Unreadable {
        path: path.clone(),
        reason: e.to_string(),
    })?;
    let found = digest(&manifest);
    if found.eq_ignore_ascii_case(expected.trim()) {
        Ok(())
    } else {
        Err(BundleError::Mismatch {
            path,
            found,
            expected: expected.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_named_bundle_passes() {
        let dir = tempfile::tempdir().unwrap();
        let manifest = b"abc  shell.en.html\n";
        std::fs::write(dir.path().join(MANIFEST), manifest).unwrap();
        let named = digest(manifest);
        assert_eq!(check(Some(dir.path()), Some(&named)), Ok(()));
        assert_eq!(check(Some(dir.path()), None), Ok(()));
        let other = digest(b"other");
        assert!(matches!(
            check(Some(dir.path()), Some(&other)),
            Err(BundleError::Mismatch { .. })
        ));
        assert_eq!(check(None, Some(&named)), Err(BundleError::NoBundle));
    }
}
