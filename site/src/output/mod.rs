//! The last stage: the files of a built site, and writing them. A full build writes into a
//! folder beside the output (over the site the last build replaced) and swaps it in
//! ([`Staging`]), so a failed build never leaves a half-written site over a good one; an
//! incremental rebuild in `lookout serve` rewrites only the files whose bytes changed and
//! removes the ones no longer made ([`in_place`]). A leaf: it knows files and folders, not
//! campaigns.

mod claims;
pub mod in_place;
mod inventory;
mod staging;

use std::path::Path;

use crate::error::SiteError;

pub use staging::Staging;

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

/// Two files for one address (a page named like a generated page, or an alias on a page)
/// would leave which one wins to chance. One error per extra file, in path order.
pub fn clash_errors<'p>(out: &Path, extra: impl IntoIterator<Item = &'p str>) -> Vec<SiteError> {
    let mut paths: Vec<&str> = extra.into_iter().collect();
    paths.sort_unstable();
    paths
        .into_iter()
        .map(|path| {
            SiteError::content(
                &out.join(path),
                None,
                "two things would be written here (a page, an alias, a static file or a generated page share this address); rename one",
            )
        })
        .collect()
}
