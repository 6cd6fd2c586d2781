//! An incremental rebuild's output: the files made again are compared with what is on disk
//! and only those whose bytes changed are written (each to a temporary name, then renamed, so
//! the server never sends half a file); files no longer made are removed, and with them any
//! folder they leave empty.

use std::fs;
use std::io::ErrorKind;
use std::path::Path;

use rayon::prelude::*;

use super::OutputFile;
use crate::error::{Result, SiteError};

/// Writes the files of `files` whose bytes differ from the copy in `out`; returns their paths.
pub fn update(out: &Path, files: &[OutputFile]) -> Result<Vec<String>> {
    let written: Vec<Result<Option<String>>> = files
        .par_iter()
        .map(|file| {
            let path = out.join(&file.path);
            // A file of another length differs: only one of the same length is read (the
            // search index of a large campaign is megabytes).
            let same_length = match fs::metadata(&path) {
                Ok(metadata) => metadata.len() == file.bytes.len() as u64,
                Err(e) if e.kind() == ErrorKind::NotFound => false,
                Err(e) => return Err(SiteError::io(&path, e)),
            };
            if same_length && fs::read(&path).map_err(|e| SiteError::io(&path, e))? == file.bytes {
                return Ok(None);
            }
            replace(&path, &file.bytes)?;
            Ok(Some(file.path.clone()))
        })
        .collect();
    let mut paths = Vec::new();
    for result in written {
        paths.extend(result?);
    }
    Ok(paths)
}

/// Removes the files at `paths` (inside `out`) and the folders they leave empty.
pub fn remove(out: &Path, paths: &[String]) -> Result<()> {
    for relative in paths {
        let path = out.join(relative);
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => return Err(SiteError::io(&path, e)),
        }
        let mut folder = path.parent();
        while let Some(dir) = folder.filter(|d| d.starts_with(out) && *d != out) {
            // Fails (and stops) at the first folder that still holds something.
            if fs::remove_dir(dir).is_err() {
                break;
            }
            folder = dir.parent();
        }
    }
    Ok(())
}

fn replace(path: &Path, bytes: &[u8]) -> Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| SiteError::io(parent, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let temporary = parent.join(format!(".{name}.lookout-tmp"));
    fs::write(&temporary, bytes).map_err(|e| SiteError::io(&temporary, e))?;
    fs::rename(&temporary, path).map_err(|e| SiteError::io(path, e))
}
