//! Reading a campaign's files, naming the file in every error.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::{Result, SiteError};

/// Reads a campaign file, naming it in the error.
pub fn read_to_string(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| SiteError::io(path, source))
}

/// Files under a folder as (relative path with `/`, full path), sorted.
pub fn files_under(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let mut files = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| SiteError::io(dir, e.into()))?;
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            files.push((
                relative.to_string_lossy().replace('\\', "/"),
                entry.into_path(),
            ));
        }
    }
    Ok(files)
}
