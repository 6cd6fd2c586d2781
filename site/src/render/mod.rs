//! The fourth stage: the site model to the files of the site. Every file is made by a function
//! of the model alone (a page's file from that page and the model, each generated file from the
//! model), so files can be made in any order, in parallel, and only where something changed:
//! each file comes from one [`Producer`], and a [`Selection`] says which producers to run.

mod aliases;
mod bundle;
mod captcha_check;
mod dates;
mod feeds;
mod forms;
mod listings;
mod not_found;
mod pages;
mod posters;
pub mod scripts;
mod search;
mod selection;
mod shells;
mod views;

use std::sync::Mutex;

use rayon::prelude::*;

use crate::error::Result;
use crate::model::Site;
use crate::output::OutputFile;

pub use listings::generated_audiences;
pub use selection::{Producer, Selection};

/// Where made files go, as each producer finishes (from any worker thread).
pub type Sink<'s> = dyn Fn(Producer, Vec<OutputFile>) -> Result<()> + Sync + 's;

/// Every file of the site: static files, pages, generated pages and machine-readable files.
pub fn site(site: &Site) -> Result<Vec<OutputFile>> {
    let files = Mutex::new(Vec::new());
    each(site, &Selection::all(), &|_, made| {
        files.lock().unwrap_or_else(|p| p.into_inner()).extend(made);
        Ok(())
    })?;
    Ok(files.into_inner().unwrap_or_else(|p| p.into_inner()))
}

/// Runs the selected producers in parallel, handing each one's files to `sink`. Of several
/// failures the first in a fixed order is returned (pages in file order, then the generated
/// files), so the same campaign always gives the same message.
pub fn each(site: &Site, selection: &Selection, sink: &Sink<'_>) -> Result<()> {
    let jobs = selection.generated(site);
    let (pages, generated) = rayon::join(
        || {
            site.live()
                .par_iter()
                .filter(|live| selection.has_page(&live.page.source))
                .map_init(pages::Contexts::default, |contexts, live| {
                    let file = pages::page_file(site, live, contexts)?;
                    sink(Producer::Page(live.page.source.clone()), vec![file])
                })
                .collect::<Vec<Result<()>>>()
        },
        // One after another beside the pages: the sitemap and the search index each hold a
        // large tree of values while they are made, and two at once would raise the peak.
        || {
            jobs.iter()
                .map(|job| sink(job.clone(), generate(site, job)?))
                .collect::<Vec<Result<()>>>()
        },
    );
    pages.into_iter().chain(generated).collect()
}

/// The files of one producer other than a page.
fn generate(site: &Site, producer: &Producer) -> Result<Vec<OutputFile>> {
    let config = &site.campaign().config;
    Ok(match producer {
        Producer::Assets => site.campaign().assets.files.clone(),
        Producer::Page(_) => Vec::new(),
        Producer::Audience(lang, id) => match site.campaign().config.audience(id) {
            Some(audience) => vec![listings::audience_file(site, lang, audience)?],
            None => Vec::new(),
        },
        Producer::Shared => {
            let mut files = not_found::not_found_files(site)?;
            files.extend(captcha_check::check_files(site)?);
            let shells = shells::shell_files(site)?;
            // The functions' bundle: `_lookout/` is the shells, the questionnaire and the
            // hashes of both, made together so they always agree (a later file of the bundle
            // belongs here too).
            let rendered = shells.iter().map(|f| (f.path.as_str(), f.bytes.as_slice()));
            let bundle = bundle::files(&site.campaign().paths, rendered)?;
            files.extend(
                bundle
                    .into_iter()
                    .map(|(path, bytes)| OutputFile::new(path, bytes)),
            );
            files.extend(shells);
            files.push(feeds::robots(site)?);
            files
        }
        Producer::Aliases => aliases::alias_files(site),
        Producer::Posters => posters::poster_files(site)?,
        Producer::Search(lang) => search::index_files(site, lang)?,
        Producer::Sitemap => vec![feeds::sitemap(site)?],
        Producer::Feed(lang) => match config.language(lang) {
            Some(language) => vec![feeds::feed(site, language)?],
            None => Vec::new(),
        },
    })
}
