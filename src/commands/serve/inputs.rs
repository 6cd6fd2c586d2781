//! Which file events the dev server rebuilds for: changes to what a build reads, and nothing
//! else. The rule is a list of the campaign's inputs (`lookout_site::is_input`) rather than a
//! list of things to ignore, so the server's own writes (the built site and the report store
//! in `.lookout/`), a `lookout build` into `public/`, `.git` and editors' files can never start
//! a rebuild, however the campaign folder was named on the command line.

use std::path::{Component, Path, PathBuf};

use anyhow::Context;

/// The campaign folder, in the one canonical form file events are compared in.
pub struct Inputs {
    root: PathBuf,
}

impl Inputs {
    pub fn new(root: &Path) -> anyhow::Result<Self> {
        let root = root
            .canonicalize()
            .with_context(|| format!("finding {}", root.display()))?;
        Ok(Self { root })
    }

    /// The folder to watch.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether a change at `path` (as a file event names it) can change the site.
    pub fn changed(&self, path: &Path) -> bool {
        let canonical;
        let plain = path
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::RootDir));
        let path = if plain && path.starts_with(&self.root) {
            path
        } else {
            // Events normally come back under the folder as watched; anything else (a path
            // through a symbolic link or `..`, a relative one) is put in the same form first.
            match canonical_form(path) {
                Some(found) => {
                    canonical = found;
                    &canonical
                }
                None => return false,
            }
        };
        path.strip_prefix(&self.root)
            .is_ok_and(lookout_site::is_input)
    }
}

/// `path` made canonical through its nearest existing ancestor (a deleted file has none of
/// its own).
fn canonical_form(path: &Path) -> Option<PathBuf> {
    let mut rest = Vec::new();
    let mut at = path;
    loop {
        if let Ok(found) = at.canonicalize() {
            return Some(rest.iter().rev().fold(found, |p, name| p.join(name)));
        }
        rest.push(at.file_name()?.to_os_string());
        at = at.parent()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inputs_count_however_the_path_is_spelt() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/pages")).unwrap();
        std::fs::create_dir_all(dir.path().join("content/.lookout/site")).unwrap();
        let inputs = Inputs::new(&dir.path().join("content")).unwrap();
        let root = inputs.root().to_path_buf();
        assert!(inputs.changed(&root.join("pages/a.md")));
        assert!(inputs.changed(&root.join("config.yaml")));
        assert!(!inputs.changed(&root.join(".lookout/site/index.html")));
        assert!(!inputs.changed(&root.join(".lookout/reports.redb")));
        assert!(!inputs.changed(&root.join("public/index.html")));
        // Spelt through `..` and through a deleted folder, the same answers.
        let odd = dir
            .path()
            .join("content/pages/../.lookout/site/gone/x.html");
        assert!(!inputs.changed(&odd));
        let odd = dir.path().join("content/.lookout/../pages/gone/x.md");
        assert!(inputs.changed(&odd));
        assert!(!inputs.changed(Path::new("/elsewhere/pages/a.md")));
    }
}
