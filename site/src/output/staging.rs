//! A full build's output: files written into a folder beside the output folder as they are
//! made (from any thread), then swapped in whole, so a failed build never touches the site.
//!
//! The folder written into is the site the last build replaced, kept beside it as
//! `.<out>.lookout-old`: writing over a file that is there costs less than removing it and
//! making it again (no `unlink`, `mkdir` or `rmdir`), and a rebuilt site is mostly files that
//! are there again. What that folder holds is listed first ([`Inventory`]); a file this build
//! does not make is removed before the swap, only what an earlier build left is ever removed to
//! make way, and nothing but plain files and folders is followed.

use std::collections::HashSet;
use std::fs;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

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
    /// Files this build wrote (or is writing).
    written: HashSet<String>,
    /// Paths two things of this build were written at.
    clashes: Vec<String>,
    /// Links and other things the inventory removed, whose folders may now be empty.
    removed: Vec<String>,
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
        if dir.exists() && !names_are_exact(&dir)? {
            // Where `About/` and `about/` are one folder (macOS, Windows), writing one over the
            // other would keep the old name: start afresh there.
            remove_tree(&dir)?;
        }
        let inventory = Inventory::take(&dir)?;
        fs::create_dir_all(&dir).map_err(|e| SiteError::io(&dir, e))?;
        Ok(Self {
            out: out.to_path_buf(),
            dir,
            paths: Mutex::new(Paths {
                left: inventory.files,
                removed: inventory.removed,
                ..Paths::default()
            }),
        })
    }

    /// Writes one file: over the earlier build's file at that path (`open`, `write`, `close`),
    /// or as a new one, with the folders it needs.
    pub fn write(&self, file: &OutputFile) -> Result<()> {
        let there = {
            let mut paths = self.paths();
            if !paths.written.insert(file.path.clone()) {
                paths.clashes.push(file.path.clone());
                return Ok(());
            }
            paths.left.remove(&file.path)
        };
        let path = self.dir.join(&file.path);
        if there {
            if overwrite(&path, &file.bytes).is_ok() {
                return Ok(());
            }
            // Shared with another folder, or not ours to write: a file of its own instead.
            let _ = fs::remove_file(&path);
        }
        self.create(&file.path, &path, &file.bytes)
    }

    /// A new file at `path` (`relative` inside the folder), with the folders it needs. What an
    /// earlier build left in the way is removed; what this build wrote there is a clash.
    fn create(&self, relative: &str, path: &Path, bytes: &[u8]) -> Result<()> {
        if let Some(parent) = path.parent()
            && fs::create_dir_all(parent).is_err()
        {
            if !self.clear_way(relative)? {
                return Ok(());
            }
            fs::create_dir_all(parent).map_err(|e| SiteError::io(parent, e))?;
        }
        let created = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path);
        let mut handle = match created {
            Ok(handle) => handle,
            Err(_) if path.is_dir() && !self.written_under(relative) => {
                remove_tree(path)?;
                fs::File::create_new(path).map_err(|e| SiteError::io(path, e))?
            }
            // A folder of this build's files, or (where names ignore case) a file of this
            // build under another case: two things at one address.
            Err(e) if e.kind() == ErrorKind::AlreadyExists || path.is_dir() => {
                self.paths().clashes.push(relative.to_string());
                return Ok(());
            }
            Err(e) => return Err(SiteError::io(path, e)),
        };
        handle.write_all(bytes).map_err(|e| SiteError::io(path, e))
    }

    /// Removes the files an earlier build left where the folders of `relative` go; false (and
    /// a clash) where one of them is a file of this build.
    fn clear_way(&self, relative: &str) -> Result<bool> {
        let folders = Path::new(relative).ancestors().skip(1);
        for folder in folders.filter(|f| !f.as_os_str().is_empty()) {
            let name = folder.to_string_lossy();
            let path = self.dir.join(folder);
            if !fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
                continue;
            }
            if self.paths().written.contains(name.as_ref()) {
                self.paths().clashes.push(relative.to_string());
                return Ok(false);
            }
            match fs::remove_file(&path) {
                // Another thread cleared it first.
                Err(e) if e.kind() != ErrorKind::NotFound => return Err(SiteError::io(&path, e)),
                _ => {}
            }
        }
        Ok(true)
    }

    /// Whether this build wrote anything inside the folder `relative`.
    fn written_under(&self, relative: &str) -> bool {
        let prefix = format!("{relative}/");
        self.paths().written.iter().any(|p| p.starts_with(&prefix))
    }

    fn paths(&self) -> MutexGuard<'_, Paths> {
        self.paths.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Removes what this build did not make and swaps the folder in for the output folder
    /// (kept for the next build to write over), unless two files shared a path.
    pub fn commit(self) -> Result<()> {
        let paths = self.paths.into_inner().unwrap_or_else(|p| p.into_inner());
        SiteError::collect(clash_errors(
            &self.out,
            paths.clashes.iter().map(String::as_str),
        ))?;
        // A file left where this build made a folder or a file of its own is gone already;
        // where the inventory removed a link and this build made nothing, its folders may
        // be empty.
        let there = |p: &String| fs::symlink_metadata(self.dir.join(p));
        let stale: Vec<String> = paths
            .left
            .into_iter()
            .filter(|p| there(p).is_ok_and(|m| m.is_file()))
            .chain(paths.removed.into_iter().filter(|p| there(p).is_err()))
            .collect();
        in_place::remove(&self.dir, &stale)?;
        let previous = sibling(&self.out, "lookout-old");
        if self.out.exists() {
            fs::rename(&self.out, &previous).map_err(|e| SiteError::io(&self.out, e))?;
            keep_out_of_git(&previous);
        }
        if let Err(e) = fs::rename(&self.dir, &self.out) {
            let _ = fs::rename(&previous, &self.out);
            return Err(SiteError::io(&self.out, e));
        }
        Ok(())
    }
}

/// Writes over the file at `path` in place (cutting off what is left of a longer one), unless
/// it is linked from elsewhere too: a snapshot made with hard links would change with it.
fn overwrite(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = fs::OpenOptions::new().write(true).open(path)?;
    let metadata = file.metadata()?;
    if linked_elsewhere(&metadata) {
        return Err(ErrorKind::AlreadyExists.into());
    }
    file.write_all(bytes)?;
    let length = bytes.len() as u64;
    if metadata.len() > length {
        file.set_len(length)?;
    }
    Ok(())
}

#[cfg(unix)]
fn linked_elsewhere(metadata: &fs::Metadata) -> bool {
    std::os::unix::fs::MetadataExt::nlink(metadata) > 1
}

#[cfg(not(unix))]
fn linked_elsewhere(_: &fs::Metadata) -> bool {
    false
}

/// Whether the file system under `dir` tells `a` from `A`.
fn names_are_exact(dir: &Path) -> Result<bool> {
    let probe = dir.join(".lookout-case-probe");
    fs::write(&probe, b"").map_err(|e| SiteError::io(&probe, e))?;
    let exact = !dir.join(".LOOKOUT-CASE-PROBE").exists();
    fs::remove_file(&probe).map_err(|e| SiteError::io(&probe, e))?;
    Ok(exact)
}

/// The kept copy of the site sits beside the output, in the campaign folder as often as not:
/// it tells git to leave it alone, whatever the campaign's own `.gitignore` says. (A next build
/// removes the file, or writes the site's own over it.)
fn keep_out_of_git(kept: &Path) {
    let _ = fs::write(kept.join(".gitignore"), "*\n");
}

fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.{suffix}"))
}
