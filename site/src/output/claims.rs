//! The addresses a full build has written and the folders they need. Two things of one build at
//! one address (the same file twice, a file where a folder of its files goes, a folder where
//! one of its files is) are found here, from these sets alone, so whatever a build then finds in
//! its way on disk can only be what an earlier build left.

use std::borrow::Cow;
use std::collections::HashSet;

#[derive(Default)]
pub struct Claims {
    files: HashSet<String>,
    folders: HashSet<String>,
}

impl Claims {
    /// Claims `path` (a [`key`]) for a file: false where an earlier claim holds it.
    pub fn claim(&mut self, path: &str) -> bool {
        if self.files.contains(path) || self.folders.contains(path) {
            return false;
        }
        if folders_of(path).any(|folder| self.files.contains(folder)) {
            return false;
        }
        self.files.insert(path.to_string());
        for folder in folders_of(path) {
            if !self.folders.contains(folder) {
                self.folders.insert(folder.to_string());
            }
        }
        true
    }
}

/// A file's path inside the output as the disk names it: `a//b` and `a/./b` are `a/b` (an
/// alias may be written either way).
pub fn key(path: &str) -> Cow<'_, str> {
    let plain = |part: &str| !part.is_empty() && part != ".";
    if path.split('/').all(plain) {
        Cow::Borrowed(path)
    } else {
        Cow::Owned(
            path.split('/')
                .filter(|p| plain(p))
                .collect::<Vec<_>>()
                .join("/"),
        )
    }
}

/// The folders `path` is in, innermost last: `a/b/c` is in `a` and `a/b`.
fn folders_of(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(|(at, _)| &path[..at])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_and_a_folder_at_one_address_clash_whichever_comes_first() {
        let mut claims = Claims::default();
        assert!(claims.claim("news/index.html"));
        assert!(!claims.claim("news"), "a file where a folder of files is");
        assert!(!claims.claim("news/index.html"), "the same file twice");
        assert!(claims.claim("news/more/index.html"));

        let mut claims = Claims::default();
        assert!(claims.claim("news"));
        assert!(!claims.claim("news/index.html"), "a folder where a file is");
        assert!(claims.claim("newsletter/index.html"));
    }

    #[test]
    fn paths_are_keyed_as_the_disk_names_them() {
        assert_eq!(key("old//news/./index.html"), "old/news/index.html");
        assert!(matches!(key("a/b.html"), Cow::Borrowed(_)));
    }
}
