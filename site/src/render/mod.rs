//! The fourth stage: the site model to the files of the site. Every file is made by a function
//! of the model alone (a page's file from that page and the model, each generated file from the
//! model), so files can be made in any order and, later, only where something changed.

mod aliases;
pub mod bundle;
mod dates;
mod feeds;
mod forms;
mod listings;
mod not_found;
mod pages;
mod posters;
mod search;
mod shells;
mod views;

use rayon::prelude::*;

use crate::error::Result;
use crate::model::Site;
use crate::output::OutputFile;

/// Every file of the site: static files, pages, generated pages and machine-readable files.
pub fn site(site: &Site) -> Result<Vec<OutputFile>> {
    let mut files = site.campaign().assets.files.clone();
    let pages: Vec<Result<OutputFile>> = site
        .live()
        .par_iter()
        .map(|live| pages::page_file(site, live))
        .collect();
    files.extend(pages.into_iter().collect::<Result<Vec<_>>>()?);
    files.extend(listings::audience_files(site)?);
    files.extend(not_found::not_found_files(site)?);
    files.extend(aliases::alias_files(site));
    files.extend(shells::shell_files(site)?);
    files.extend(posters::poster_files(site)?);
    files.extend(search::index_files(site)?);
    files.push(feeds::sitemap(site)?);
    files.extend(feeds::feeds(site)?);
    files.push(feeds::robots(site)?);
    // Last: the functions' bundle lists the hashes of what went into `_lookout/` above.
    let rendered = files.iter().map(|f| (f.path.as_str(), f.bytes.as_slice()));
    let bundle = bundle::files(&site.campaign().paths, rendered)?;
    files.extend(
        bundle
            .into_iter()
            .map(|(path, bytes)| OutputFile::new(path, bytes)),
    );
    Ok(files)
}
