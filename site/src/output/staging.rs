//! A full build's output: files written into a folder beside the output folder as they are
//! made (from any thread), then swapped in whole, so a failed build never touches the site.
//!
//! The folder written into is the site the last build replaced, kept beside it as
//! `.<out>.lookout-old`: writing over a file that is there costs less than removing it and
//! making it again (no `unlink`, `mkdir` or `rmdir`), and a rebuilt site is mostly files that
//! are there again. What that folder holds is listed first ([`Inventory`]); a file this build
//! does not make is removed before the swap; two things of this build at one address are found
//! from the paths alone ([`Claims`]), so only what an earlier build left is ever removed to make
//! way; and nothing but plain files and folders is followed.

use std::collections::HashSet;
use std::fs;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use super::claims::{Claims, key};
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
    claims: Claims,
    /// Paths two things of this build were written at.
    clashes: Vec<String>,
    /// Links and other things the inventory removed, whose folders may now be empty.
    removed: Vec<String>,
    /// Files found under another name than the one written (a file system that folds names).
    folded: Vec<String>,
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
        if dir.exists() && !names_are_exact(&dir) {
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
        let relative = key(&file.path);
        let there = {
            let mut paths = self.paths();
            if !paths.claims.claim(&relative) {
                paths.clashes.push(file.path.clone());
                return Ok(());
            }
            paths.left.remove(relative.as_ref())
        };
        let path = self.dir.join(relative.as_ref());
        if there {
            if overwrite(&path, &file.bytes).is_ok() {
                return Ok(());
            }
            // Shared with another folder, or not ours to write: a file of its own instead.
            let _ = fs::remove_file(&path);
        }
        if let Created::Folded = create(&self.dir, &path, &file.bytes)? {
            self.paths().folded.push(relative.into_owned());
        }
        Ok(())
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
        if let Some(file) = paths.folded.first() {
            // Which of the two names the disk kept is not known, so neither may be removed:
            // throw the folder away, and the next build starts afresh.
            remove_tree(&self.dir)?;
            return Err(SiteError::content(
                &self.out.join(file),
                None,
                "the folder's file system took this for a file of another name; build again",
            ));
        }
        // A file left where this build made a folder or a file of its own is gone already;
        // where the inventory removed a link and this build made nothing, its folders may be
        // empty.
        let there = |p: &String| fs::symlink_metadata(self.dir.join(p));
        let stale: Vec<String> = paths
            .left
            .into_iter()
            .filter(|p| there(p).is_ok_and(|m| m.is_file()))
            .chain(
                (paths.removed.into_iter())
                    .filter(|p| there(p).is_err_and(|e| e.kind() == ErrorKind::NotFound)),
            )
            .collect();
        in_place::remove(&self.dir, &stale)?;
        let previous = sibling(&self.out, "lookout-old");
        let replacing = self.out.exists();
        if replacing {
            fs::rename(&self.out, &previous).map_err(|e| SiteError::io(&self.out, e))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.out) {
            let _ = fs::rename(&previous, &self.out);
            return Err(SiteError::io(&self.out, e));
        }
        if replacing {
            keep_out_of_git(&previous);
        }
        Ok(())
    }
}

/// What [`create`] did.
enum Created {
    Written,
    /// A file of another name the file system takes for this one is there.
    Folded,
}

/// A new file at `path` inside `dir`, with the folders it needs. Whatever is in the way was
/// left by an earlier build (this one's own are clashes, found before), so it is removed.
fn create(dir: &Path, path: &Path, bytes: &[u8]) -> Result<Created> {
    if let Some(parent) = path.parent()
        && fs::create_dir_all(parent).is_err()
    {
        clear_way(dir, parent)?;
        fs::create_dir_all(parent).map_err(|e| SiteError::io(parent, e))?;
    }
    let mut handle = match fs::File::create_new(path) {
        Ok(handle) => handle,
        Err(_) if fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) => {
            remove_tree(path)?;
            fs::File::create_new(path).map_err(|e| SiteError::io(path, e))?
        }
        Err(e) if e.kind() == ErrorKind::AlreadyExists => return Ok(Created::Folded),
        Err(e) => return Err(SiteError::io(path, e)),
    };
    handle
        .write_all(bytes)
        .map_err(|e| SiteError::io(path, e))?;
    Ok(Created::Written)
}

/// Removes the files an earlier build left where the folders on the way to `folder` (inside
/// `dir`) go.
fn clear_way(dir: &Path, folder: &Path) -> Result<()> {
    for ancestor in folder.ancestors().take_while(|a| *a != dir) {
        if fs::symlink_metadata(ancestor).is_ok_and(|m| !m.is_dir()) {
            match fs::remove_file(ancestor) {
                // Another thread cleared it first.
                Err(e) if e.kind() != ErrorKind::NotFound => {
                    return Err(SiteError::io(ancestor, e));
                }
                _ => {}
            }
        }
    }
    Ok(())
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

/// Whether the file system under `dir` tells `a` from `A` (false where it cannot be told, which
/// costs only the speed of writing over the folder).
fn names_are_exact(dir: &Path) -> bool {
    let probe = dir.join(".lookout-case-probe");
    let upper = dir.join(".LOOKOUT-CASE-PROBE");
    if fs::symlink_metadata(&upper).is_ok() || fs::File::create_new(&probe).is_err() {
        return false;
    }
    let exact = fs::symlink_metadata(&upper).is_err();
    exact && fs::remove_file(&probe).is_ok()
}

/// The kept copy of the site sits beside the output, in the campaign folder as often as not:
/// it tells git to leave it alone, whatever the campaign's own `.gitignore` says. (A next build
/// removes the file, or writes the site's own over it.) It replaces the site's own file, which
/// may be linked from elsewhere, rather than writing into it.
fn keep_out_of_git(kept: &Path) {
    let ignore = kept.join(".gitignore");
    let _ = fs::remove_file(&ignore);
    if let Ok(mut file) = fs::File::create_new(&ignore) {
        let _ = file.write_all(b"*\n");
    }
}

fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.{suffix}"))
}
