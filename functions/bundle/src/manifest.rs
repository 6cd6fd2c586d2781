//! A list of files and their SHA-256 hashes, as `sha256sum` writes it (`<hex>  <name>`, one a
//! line, sorted by name), so `sha256sum --check` reads it too.

use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::BundleError;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    /// Name to SHA-256 (lowercase hex).
    hashes: BTreeMap<String, String>,
}

/// The SHA-256 (hex) of `bytes`: of a manifest's text, the bundle's digest.
pub fn digest(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl Manifest {
    /// The manifest of `files` (name, bytes).
    pub fn of<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Self {
        let hashes = files
            .into_iter()
            .map(|(name, bytes)| (name.to_string(), digest(bytes)))
            .collect();
        Self { hashes }
    }

    /// Reads a manifest's text; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Self, BundleError> {
        let mut hashes = BTreeMap::new();
        for (index, line) in text.lines().enumerate() {
            let malformed = || BundleError::Malformed {
                path: path.to_path_buf(),
                line: index + 1,
            };
            let (hash, name) = line.split_once("  ").ok_or_else(malformed)?;
            if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) || name.is_empty() {
                return Err(malformed());
            }
            hashes.insert(name.to_string(), hash.to_ascii_lowercase());
        }
        Ok(Self { hashes })
    }

    pub fn text(&self) -> String {
        self.hashes
            .iter()
            .map(|(name, hash)| format!("{hash}  {name}\n"))
            .collect()
    }

    /// The SHA-256 of [`Manifest::text`].
    pub fn digest(&self) -> String {
        digest(self.text().as_bytes())
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.hashes.keys().map(String::as_str)
    }

    pub fn hash(&self, name: &str) -> Option<&str> {
        self.hashes.get(name).map(String::as_str)
    }

    /// The names the two disagree on: changed, added or gone, sorted.
    pub fn differing(&self, other: &Manifest) -> Vec<String> {
        let mut names: Vec<String> = self
            .hashes
            .iter()
            .filter(|(name, hash)| other.hashes.get(*name) != Some(hash))
            .map(|(name, _)| name.clone())
            .chain(
                other
                    .hashes
                    .keys()
                    .filter(|name| !self.hashes.contains_key(*name))
                    .cloned(),
            )
            .collect();
        names.sort();
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_what_it_writes_in_sha256sum_form() {
        let manifest = Manifest::of([("shell.en.html", &b"<html>"[..]), ("a.yaml", b"x")]);
        let text = manifest.text();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].ends_with("  a.yaml"), "{text}");
        assert_eq!(lines[0].len(), 64 + 2 + "a.yaml".len());
        assert_eq!(Manifest::parse(&text, Path::new("m")).unwrap(), manifest);
        assert_eq!(manifest.digest(), digest(text.as_bytes()));
    }

    #[test]
    fn names_the_line_that_is_not_a_hash() {
        let good = format!("{}  a\n", "0".repeat(64));
        let error = Manifest::parse(&format!("{good}zz  b\n"), Path::new("m")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "m, line 2: not a `<sha256>  <name>` line"
        );
    }

    #[test]
    fn differing_names_changed_added_and_gone_files() {
        let built = Manifest::of([("q", &b"1"[..]), ("shell.en.html", b"s"), ("spam", b"x")]);
        let deployed = Manifest::of([("q", &b"0"[..]), ("shell.en.html", b"s"), ("pl", b"p")]);
        assert_eq!(built.differing(&deployed), vec!["pl", "q", "spam"]);
        assert!(built.differing(&built).is_empty());
    }
}
