//! Which files of the site can change from one generation of the model to the next. A page's
//! file shows the page and its translations' addresses; a section's or an audience's page also
//! shows what a listing shows of the pages it lists; the search index shows each page's text;
//! every file shows the site views. So a touched page (read again, added, removed, or in or out
//! of the build with the clock) remakes itself, its language's search index, and, when what a
//! listing or feed shows of it changed (or it came or went): its other languages, the sections
//! holding any of them, the landing pages (written or generated) of every audience any of them
//! is for, their languages' feeds, the posters when one is an audience's page, and the sitemap
//! when an address or date in it changed. A change to the site views remakes everything.

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use crate::load::front_matter::Moment;
use crate::load::page::Page;
use crate::model::{LivePage, Site};
use crate::render::Selection;

/// What to make again, and the live pages of the old generation that are gone.
pub struct Affected {
    pub selection: Selection,
    pub gone: Vec<PathBuf>,
}

pub fn affected(old: &Site, new: &Site) -> Affected {
    let mut touched = Touched::default();
    for (was, is) in pairs(old.live(), new.live()) {
        touched.add(was, is);
    }
    let Touched {
        mut selection,
        keys,
        gone,
    } = touched;
    if !new.same_views(old) {
        return Affected {
            selection: Selection::all(),
            gone,
        };
    }
    // Every language version, before and after, of a page whose listing entry changed.
    let mut sections = BTreeSet::new();
    for (site, is_new) in [(old, false), (new, true)] {
        for live in site.live().iter().filter(|l| keys.contains(&l.page.key)) {
            let page = &live.page;
            if is_new {
                selection.pages.insert(page.source.clone());
            }
            sections.extend(page.parent.clone());
            selection.languages.insert(page.lang.clone());
            selection
                .audiences
                .extend(page.front.audiences.iter().cloned());
            if let Some(audience) = page.landing_audience() {
                selection.audiences.insert(audience.to_string());
                selection.posters = true;
            }
        }
    }
    if !sections.is_empty() || !selection.audiences.is_empty() {
        for live in new.live() {
            let page = &live.page;
            let lists_touched = sections.contains(&page.key)
                || page
                    .landing_audience()
                    .is_some_and(|a| selection.audiences.contains(a));
            if lists_touched {
                selection.pages.insert(page.source.clone());
            }
        }
    }
    Affected { selection, gone }
}

#[derive(Default)]
struct Touched {
    selection: Selection,
    /// Keys of pages whose listing entry changed, or that came or went.
    keys: BTreeSet<String>,
    gone: Vec<PathBuf>,
}

impl Touched {
    fn add(&mut self, was: Option<&LivePage>, is: Option<&LivePage>) {
        let selection = &mut self.selection;
        let listed_changed = match (was, is) {
            (Some(was), Some(is)) => {
                selection.sitemap |= sitemap_date(&was.page) != sitemap_date(&is.page);
                listed(&was.page) != listed(&is.page)
            }
            _ => {
                selection.sitemap = true;
                true
            }
        };
        for live in was.into_iter().chain(is) {
            // Its own language's search index shows its text.
            selection.languages.insert(live.page.lang.clone());
            if listed_changed {
                self.keys.insert(live.page.key.clone());
            }
        }
        match is {
            Some(is) => {
                selection.pages.insert(is.page.source.clone());
            }
            None => self.gone.extend(was.map(|w| w.page.source.clone())),
        }
    }
}

/// The old and new live pages side by side, by source file (both lists are in file order):
/// `(Some, Some)` for a page read again, `(Some, None)` gone, `(None, Some)` new. Pages that
/// are the same `Arc` with the same rendered Markdown are skipped.
fn pairs<'s>(
    old: &'s [LivePage],
    new: &'s [LivePage],
) -> Vec<(Option<&'s LivePage>, Option<&'s LivePage>)> {
    let (mut i, mut j) = (0, 0);
    let mut pairs = Vec::new();
    while i < old.len() || j < new.len() {
        let order = match (old.get(i), new.get(j)) {
            (Some(a), Some(b)) if Arc::ptr_eq(&a.page, &b.page) => {
                if !Arc::ptr_eq(&a.markup, &b.markup) {
                    pairs.push((Some(a), Some(b)));
                }
                Ordering::Equal
            }
            (Some(a), Some(b)) => a.page.source.cmp(&b.page.source),
            (Some(_), None) => Ordering::Less,
            _ => Ordering::Greater,
        };
        match order {
            Ordering::Equal => {
                if !Arc::ptr_eq(&old[i].page, &new[j].page) {
                    pairs.push((Some(&old[i]), Some(&new[j])));
                }
                i += 1;
                j += 1;
            }
            Ordering::Less => {
                pairs.push((Some(&old[i]), None));
                i += 1;
            }
            Ordering::Greater => {
                pairs.push((None, Some(&new[j])));
                j += 1;
            }
        }
    }
    pairs
}

/// What listings, feeds and posters show of a page, and what orders and places it there.
fn listed(page: &Page) -> impl PartialEq + '_ {
    let front = &page.front;
    (
        &front.title,
        &front.description,
        front.date,
        front.updated,
        front.weight,
        &front.audiences,
        &page.parent,
    )
}

/// What the sitemap shows of a page besides its address and languages.
fn sitemap_date(page: &Page) -> Option<Moment> {
    page.front.updated.or(page.front.date)
}
