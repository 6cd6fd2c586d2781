//! The last stage: the files of a built site, and writing them so a failed build never leaves
//! a half-written site over a good one. A leaf: it knows files and folders, not campaigns.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Result, SiteError};

#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path inside the output folder, with `/`, no leading slash.
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: Vec<u8>) -> Self {
        Self {
            path: path.into(),
            bytes,
        }
    }

    /// A page at a site URL such as `/pl/news/`: written as `pl/news/index.html`.
    pub fn page(url: &str, html: String) -> Self {
        let dir = url.trim_matches('/');
        let path = if dir.is_empty() {
            "index.html".to_string()
        } else {
            format!("{dir}/index.html")
        };
        Self::new(path, html.into_bytes())
    }
}

/// Writes `files` into a fresh folder beside `out`, then swaps it in.
pub fn write_site(out: &Path, files: &[OutputFile]) -> Result<()> {
    refuse_clashes(out, files)?;
    let staging = sibling(out, "lookout-new");
    let previous = sibling(out, "lookout-old");
    for stale in [&staging, &previous] {
        if stale.exists() {
            fs::remove_dir_all(stale).map_err(|e| SiteError::io(stale, e))?;
        }
    }
    fs::create_dir_all(&staging).map_err(|e| SiteError::io(&staging, e))?;
    let written: Vec<Result<()>> = files
        .par_iter()
        .map(|file| write_one(&staging, file))
        .collect();
    if let Err(error) = written.into_iter().collect::<Result<Vec<()>>>() {
        let _ = fs::remove_dir_all(&staging);
        return Err(error);
    }
    if out.exists() {
        fs::rename(out, &previous).map_err(|e| SiteError::io(out, e))?;
    }
    if let Err(e) = fs::rename(&staging, out) {
        let _ = fs::rename(&previous, out);
        return Err(SiteError::io(out, e));
    }
    if previous.exists() {
        fs::remove_dir_all(&previous).map_err(|e| SiteError::io(&previous, e))?;
    }
    Ok(())
}

/// Two files for one address (a page named like a generated page, or an alias on a page)
/// would leave which one wins to chance.
fn refuse_clashes(out: &Path, files: &[OutputFile]) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    let clashes: Vec<SiteError> = files
        .iter()
        .filter(|f| !seen.insert(f.path.as_str()))
        .map(|f| {
            SiteError::content(
                &out.join(&f.path),
                None,
                "two things would be written here (a page, an alias, a static file or a generated page share this address); rename one",
            )
        })
        .collect();
    SiteError::collect(clashes)
}

fn write_one(root: &Path, file: &OutputFile) -> Result<()> {
    let path = root.join(&file.path);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| SiteError::io(parent, e))?;
    }
    fs::write(&path, &file.bytes).map_err(|e| SiteError::io(&path, e))
}

fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.{suffix}"))
}
