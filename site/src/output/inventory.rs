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

pub struct Inventory {
    pub files: HashSet<String>,
}

impl Inventory {
    /// The files under `dir` (none if it is not there), its top-level entries listed in
    /// parallel (a built site is many small folders).
    pub fn take(dir: &Path) -> Result<Self> {
        let files = match fs::read_dir(dir) {
            Ok(entries) => {
                let tops: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
                let lists = tops
                    .par_iter()
                    .map(|top| files_under(dir, top))
                    .collect::<Result<Vec<_>>>()?;
                lists.into_iter().flatten().collect()
            }
            Err(_) => HashSet::new(),
        };
        Ok(Self { files })
    }
}

fn files_under(dir: &Path, top: &Path) -> Result<Vec<String>> {
    let mut files = Vec::new();
    for entry in WalkDir::new(top) {
        let entry = entry.map_err(|e| SiteError::io(top, std::io::Error::other(e.to_string())))?;
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        let path = entry.path();
        match path.strip_prefix(dir).ok().and_then(Path::to_str) {
            Some(relative) if kind.is_file() => {
                files.push(relative.replace(std::path::MAIN_SEPARATOR, "/"));
            }
            _ => fs::remove_file(path).map_err(|e| SiteError::io(path, e))?,
        }
    }
    Ok(files)
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
