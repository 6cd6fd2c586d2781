//! What an earlier build left in the folder a full build writes over: its plain files, by path
//! inside the folder (`/`-separated). Anything else there (a link, a socket, a name that is not
//! UTF-8, none of which a build makes) is removed, so writing into the folder never follows a
//! link out of it.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::error::{Result, SiteError};

#[derive(Default)]
pub struct Inventory {
    pub files: HashSet<String>,
    /// What was removed (by path inside the folder, where it has one), so the folders it
    /// leaves empty can go too.
    pub removed: Vec<String>,
}

impl Inventory {
    /// The files under `dir` (none if it is not there), its top-level entries listed in
    /// parallel (a built site is many small folders).
    pub fn take(dir: &Path) -> Result<Self> {
        let Ok(entries) = fs::read_dir(dir) else {
            return Ok(Self::default());
        };
        let tops: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        let lists = tops
            .par_iter()
            .map(|top| Self::under(dir, top))
            .collect::<Result<Vec<_>>>()?;
        let mut inventory = Self::default();
        for list in lists {
            inventory.files.extend(list.files);
            inventory.removed.extend(list.removed);
        }
        Ok(inventory)
    }

    fn under(dir: &Path, top: &Path) -> Result<Self> {
        let mut inventory = Self::default();
        let walk = WalkDir::new(top)
            .follow_links(false)
            .follow_root_links(false);
        for entry in walk {
            let entry =
                entry.map_err(|e| SiteError::io(top, std::io::Error::other(e.to_string())))?;
            let kind = entry.file_type();
            if kind.is_dir() {
                continue;
            }
            let path = entry.path();
            let relative = path
                .strip_prefix(dir)
                .ok()
                .and_then(Path::to_str)
                .map(|r| r.replace(std::path::MAIN_SEPARATOR, "/"));
            match relative {
                Some(relative) if kind.is_file() => {
                    inventory.files.insert(relative);
                }
                _ => {
                    fs::remove_file(path).map_err(|e| SiteError::io(path, e))?;
                    inventory.removed.extend(relative);
                }
            }
        }
        Ok(inventory)
    }
}

/// Removes a folder, its top-level entries in parallel.
pub fn remove_tree(dir: &Path) -> Result<()> {
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
