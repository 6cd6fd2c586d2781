//! A full build's output: files written into a folder beside the output folder as they are
//! made (from any thread), then swapped in whole, so a failed build never touches the site.
//!
//! The folder written into is the site the last build replaced, kept beside it as
//! `.<out>.lookout-old`: writing over a file that is there costs less than removing it and
//! making it again (no `unlink`, `mkdir` or `rmdir`), and a rebuilt site is mostly files that
//! are there again. What that folder holds is listed first ([`Inventory`]), so a file this build
//! does not make is removed before the swap, and nothing but plain files and folders is
//! followed.

use std::collections::HashSet;
use std::fs;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::inventory::{Inventory, remove_tree};
use super::{OutputFile, clash_errors, in_place};
use crate::error::{Result, SiteError};

pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    paths: Mutex<Paths>,
}

#[derive(Default)]
struct Paths {
    /// Files an earlier build left in the folder that this one has not written (yet).
    left: HashSet<String>,
    /// Files this build wrote.
    written: HashSet<String>,
    /// Paths written twice.
    clashes: Vec<String>,
}

impl Staging {
    /// The folder to write `out`'s next version into: what an interrupted or failed build left,
    /// or else the version of `out` the last build replaced, or else a new folder.
    pub fn new(out: &Path) -> Result<Self> {
        let dir = sibling(out, "lookout-new");
        let previous = sibling(out, "lookout-old");
        if dir.exists() {
            if previous.exists() {
                remove_tree(&previous)?;
            }
        } else if previous.exists() {
            fs::rename(&previous, &dir).map_err(|e| SiteError::io(&previous, e))?;
        }
        let inventory = Inventory::take(&dir)?;
        fs::create_dir_all(&dir).map_err(|e| SiteError::io(&dir, e))?;
        Ok(Self {
            out: out.to_path_buf(),
            dir,
            paths: Mutex::new(Paths {
                left: inventory.files,
                ..Paths::default()
            }),
        })
    }

    /// Writes one file: over the earlier build's file at that path (`open`, `write`, `close`),
    /// or as a new one, with the folders it needs.
    pub fn write(&self, file: &OutputFile) -> Result<()> {
        let there = {
            let mut paths = self.paths.lock().unwrap_or_else(|p| p.into_inner());
            if !paths.written.insert(file.path.clone()) {
                paths.clashes.push(file.path.clone());
                return Ok(());
            }
            paths.left.remove(&file.path)
        };
        let path = self.dir.join(&file.path);
        if there && overwrite(&path, &file.bytes).is_ok() {
            return Ok(());
        }
        create(&self.dir, &path, &file.bytes)
    }

    /// Removes what this build did not make and swaps the folder in for the output folder
    /// (kept for the next build to write over), unless two files shared a path.
    pub fn commit(self) -> Result<()> {
        let Paths { left, clashes, .. } =
            self.paths.into_inner().unwrap_or_else(|p| p.into_inner());
        SiteError::collect(clash_errors(&self.out, clashes.iter().map(String::as_str)))?;
        // A file left where this build made a folder or a file of its own is gone already.
        let stale: Vec<String> = left
            .into_iter()
            .filter(|path| fs::symlink_metadata(self.dir.join(path)).is_ok_and(|m| m.is_file()))
            .collect();
        in_place::remove(&self.dir, &stale)?;
        let previous = sibling(&self.out, "lookout-old");
        if self.out.exists() {
            fs::rename(&self.out, &previous).map_err(|e| SiteError::io(&self.out, e))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.out) {
            let _ = fs::rename(&previous, &self.out);
            return Err(SiteError::io(&self.out, e));
        }
        Ok(())
    }
}

fn overwrite(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(path)?
        .write_all(bytes)
}

/// A new file at `path` inside `dir`, with the folders it needs; whatever an earlier build left
/// in the way (a file where a folder goes, a folder where the file goes) is removed first.
fn create(dir: &Path, path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent()
        && fs::create_dir_all(parent).is_err()
    {
        clear_way(dir, parent)?;
        fs::create_dir_all(parent).map_err(|e| SiteError::io(parent, e))?;
    }
    let mut handle = match fs::File::create(path) {
        Ok(handle) => handle,
        Err(e) if e.kind() == ErrorKind::IsADirectory || path.is_dir() => {
            remove_tree(path)?;
            fs::File::create(path).map_err(|e| SiteError::io(path, e))?
        }
        Err(e) => return Err(SiteError::io(path, e)),
    };
    handle.write_all(bytes).map_err(|e| SiteError::io(path, e))
}

/// Removes any file standing where a folder on the way to `folder` (inside `dir`) goes.
fn clear_way(dir: &Path, folder: &Path) -> Result<()> {
    for ancestor in folder.ancestors().take_while(|a| *a != dir) {
        if fs::symlink_metadata(ancestor).is_ok_and(|m| !m.is_dir()) {
            fs::remove_file(ancestor).map_err(|e| SiteError::io(ancestor, e))?;
        }
    }
    Ok(())
}

fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.{suffix}"))
}
