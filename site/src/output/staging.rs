//! A full build's output: files written into a fresh folder beside the output folder as they
//! are made (from any thread), then swapped in whole, or thrown away if the build fails.

use std::fs;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use super::{OutputFile, clash_errors};
use crate::error::{Result, SiteError};

pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    /// Paths written twice (found as the file is made: each path is new in a fresh folder).
    clashes: Mutex<Vec<String>>,
    committed: bool,
}

impl Staging {
    /// A fresh staging folder for `out` (left-overs of an interrupted build removed).
    pub fn new(out: &Path) -> Result<Self> {
        let dir = sibling(out, "lookout-new");
        for stale in [&dir, &sibling(out, "lookout-old")] {
            if stale.exists() {
                remove_tree(stale)?;
            }
        }
        fs::create_dir_all(&dir).map_err(|e| SiteError::io(&dir, e))?;
        Ok(Self {
            out: out.to_path_buf(),
            dir,
            clashes: Mutex::default(),
            committed: false,
        })
    }

    /// Writes one file: `mkdir` (almost every page has a folder of its own, so trying to make
    /// it is as cheap as asking whether it is there), `open`, `write` and `close`.
    pub fn write(&self, file: &OutputFile) -> Result<()> {
        let path = self.dir.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| SiteError::io(parent, e))?;
        }
        let created = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path);
        let mut handle = match created {
            Ok(handle) => handle,
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                let mut clashes = self.clashes.lock().unwrap_or_else(|p| p.into_inner());
                clashes.push(file.path.clone());
                return Ok(());
            }
            Err(e) => return Err(SiteError::io(&path, e)),
        };
        handle
            .write_all(&file.bytes)
            .map_err(|e| SiteError::io(&path, e))
    }

    /// Swaps the written folder in for the output folder, unless two files shared a path.
    pub fn commit(mut self) -> Result<()> {
        let clashes = std::mem::take(&mut *self.clashes.lock().unwrap_or_else(|p| p.into_inner()));
        SiteError::collect(clash_errors(&self.out, clashes.iter().map(String::as_str)))?;
        let previous = sibling(&self.out, "lookout-old");
        if self.out.exists() {
            fs::rename(&self.out, &previous).map_err(|e| SiteError::io(&self.out, e))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.out) {
            let _ = fs::rename(&previous, &self.out);
            return Err(SiteError::io(&self.out, e));
        }
        self.committed = true;
        if previous.exists() {
            remove_tree(&previous)?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    /// A build that did not commit leaves nothing behind.
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_tree(&self.dir);
        }
    }
}

/// Removes a folder, its subfolders in parallel (a built site is mostly many small files).
fn remove_tree(dir: &Path) -> Result<()> {
    let entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| SiteError::io(dir, e))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    entries
        .par_iter()
        .map(|path| {
            let removed = if fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
                fs::remove_dir_all(path)
            } else {
                fs::remove_file(path)
            };
            removed.map_err(|e| SiteError::io(path, e))
        })
        .collect::<Result<()>>()?;
    fs::remove_dir(dir).map_err(|e| SiteError::io(dir, e))
}

fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.{suffix}"))
}
