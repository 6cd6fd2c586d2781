//! A bundle folder read whole and held to its manifest: every file listed is there with its
//! hash, and nothing else is (a file the manifest does not list would ship unchecked).

use std::fs;
use std::path::{Path, PathBuf};

use crate::{BundleError, MANIFEST, Manifest, SOURCES};

/// A bundle folder whose files are exactly those its manifest lists.
#[derive(Debug)]
pub struct Bundle {
    pub dir: PathBuf,
    pub manifest: Manifest,
    /// Name and bytes of every listed file, sorted by name.
    files: Vec<(String, Vec<u8>)>,
}

impl Bundle {
    /// The bundle's digest: the SHA-256 of its manifest.
    pub fn digest(&self) -> String {
        self.manifest.digest()
    }

    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files
            .iter()
            .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
    }
}

/// Reads the bundle in `dir` and holds it to its manifest, naming every file that differs,
/// is missing or is not listed.
pub fn open(dir: &Path) -> Result<Bundle, BundleError> {
    let manifest_path = dir.join(MANIFEST);
    let text = fs::read_to_string(&manifest_path).map_err(BundleError::io(&manifest_path))?;
    let manifest = Manifest::parse(&text, &manifest_path)?;
    let files = listed_files(dir)?;
    let found = Manifest::of(files.iter().map(|(n, b)| (n.as_str(), b.as_slice())));
    let names = manifest.differing(&found);
    if !names.is_empty() {
        return Err(BundleError::NotAsBuilt {
            dir: dir.to_path_buf(),
            names,
        });
    }
    Ok(Bundle {
        dir: dir.to_path_buf(),
        manifest,
        files,
    })
}

/// The files of `dir` but the two lists, sorted by name. The bundle is flat: a folder in it is
/// named as a file the manifest does not list.
fn listed_files(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, BundleError> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).map_err(BundleError::io(dir))? {
        let entry = entry.map_err(BundleError::io(dir))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == MANIFEST || name == SOURCES {
            continue;
        }
        let path = entry.path();
        let bytes = if path.is_file() {
            fs::read(&path).map_err(BundleError::io(&path))?
        } else {
            Vec::new()
        };
        files.push((name, bytes));
    }
    files.sort();
    Ok(files)
}

/// A deployed function's check at its start: the bundle in `dir` is whole and is the one the
/// deployment names (`expected`, when it names one).
pub fn check_deployed(dir: Option<&Path>, expected: Option<&str>) -> Result<(), BundleError> {
    let Some(expected) = expected else {
        return Ok(());
    };
    let dir = dir.ok_or(BundleError::NoBundle)?;
    let found = open(dir)?.digest();
    if found.eq_ignore_ascii_case(expected.trim()) {
        Ok(())
    } else {
        Err(BundleError::Mismatch {
            path: dir.join(MANIFEST),
            found,
            expected: expected.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            fs::write(dir.path().join(name), text).unwrap();
        }
        let manifest = Manifest::of(files.iter().map(|(n, t)| (*n, t.as_bytes())));
        fs::write(dir.path().join(MANIFEST), manifest.text()).unwrap();
        dir
    }

    #[test]
    fn only_the_named_bundle_passes() {
        let dir = bundle_with(&[("shell.en.html", "<html>")]);
        let named = open(dir.path()).unwrap().digest();
        assert!(check_deployed(Some(dir.path()), Some(&named)).is_ok());
        assert!(check_deployed(Some(dir.path()), None).is_ok());
        let other = crate::digest(b"other");
        assert!(matches!(
            check_deployed(Some(dir.path()), Some(&other)),
            Err(BundleError::Mismatch { .. })
        ));
        assert!(matches!(
            check_deployed(None, Some(&named)),
            Err(BundleError::NoBundle)
        ));
    }

    #[test]
    fn names_a_changed_a_missing_and_a_stray_file() {
        let dir = bundle_with(&[("a.yaml", "a"), ("b.html", "b"), ("c.html", "c")]);
        fs::write(dir.path().join("a.yaml"), "changed").unwrap();
        fs::remove_file(dir.path().join("b.html")).unwrap();
        fs::write(dir.path().join("stray.js"), "x").unwrap();
        let Err(BundleError::NotAsBuilt { names, .. }) = open(dir.path()) else {
            panic!("a bundle unlike its manifest opened");
        };
        assert_eq!(names, vec!["a.yaml", "b.html", "stray.js"]);
    }
}
