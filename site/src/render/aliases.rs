//! Pages at a page's old addresses (`aliases:`), and at expired pages' addresses (to their
//! `replaced_by`), that send the reader on to the new one.

use std::collections::HashSet;

use lookout_questionnaire::html::escape;

use crate::model::Site;
use crate::output::OutputFile;

pub fn alias_files(site: &Site) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for live in site.live() {
        for alias in &live.page.front.aliases {
            files.push(OutputFile::page(alias, redirect_page(&live.page.url)));
        }
    }
    // An expired page's address leads on to the page that replaced it, unless a live page or
    // a live page's alias took the address over (a scheduled swap): that later choice wins,
    // so the moment of expiry never makes two files at one address and stops the build.
    let taken: HashSet<String> = files
        .iter()
        .map(|f| f.path.clone())
        .chain(
            site.live()
                .iter()
                .map(|live| OutputFile::page(&live.page.url, String::new()).path),
        )
        .collect();
    for (old, new) in site.gone().redirects() {
        let file = OutputFile::page(old, redirect_page(new));
        if !taken.contains(&file.path) {
            files.push(file);
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// A page at an old address that sends the reader on to the new one, with or without scripts.
fn redirect_page(target: &str) -> String {
    redirect_page_in(target, "en", "Moved", "This page has moved.")
}

/// A page that sends the reader on to `target` at once, with `note` (in `lang`) as the link
/// for a browser that does not follow the refresh; search engines index the target instead.
pub(super) fn redirect_page_in(target: &str, lang: &str, title: &str, note: &str) -> String {
    let (target, lang) = (escape(target), escape(lang));
    let (title, note) = (escape(title), escape(note));
    format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'none'\"><title>{title}</title><link rel=\"canonical\" href=\"{target}\"><meta http-equiv=\"refresh\" content=\"0; url={target}\"><meta name=\"robots\" content=\"noindex\"></head><body><p><a href=\"{target}\">{note}</a></p></body></html>\n"
    )
}
