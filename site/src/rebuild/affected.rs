//! Which files of the site can change from one generation of the model to the next. A page's
//! file shows the page, its translations' addresses, and (for a section or an audience's
//! page) the pages it lists; every file shows the site views. So a touched page (read again,
//! added, removed, or in or out of the build with the clock) remakes: itself and its other
//! languages, the sections holding any of them, the landing pages (written or generated) of
//! every audience any of them is for, the search index and feed of their languages, the
//! posters when one is an audience's page, and the sitemap when an address or date in it
//! changed. A change to the site views remakes everything.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use crate::model::{LivePage, Site};
use crate::render::Selection;

pub fn selection(old: &Site, new: &Site) -> Selection {
    if !new.same_views(old) {
        return Selection::all();
    }
    let before = by_source(old);
    let after = by_source(new);
    let sources: BTreeSet<&Path> = before.keys().chain(after.keys()).copied().collect();
    let mut selection = Selection::default();
    let mut keys = BTreeSet::new();
    for source in sources {
        let (was, is) = (before.get(source).copied(), after.get(source).copied());
        if let (Some(was), Some(is)) = (was, is)
            && Arc::ptr_eq(&was.page, &is.page)
            && Arc::ptr_eq(&was.markup, &is.markup)
        {
            continue;
        }
        if let Some(is) = is {
            selection.pages.insert(is.page.source.clone());
        }
        selection.sitemap |= match (was, is) {
            (Some(was), Some(is)) => sitemap_date(was) != sitemap_date(is),
            _ => true,
        };
        for live in was.into_iter().chain(is) {
            keys.insert(live.page.key.clone());
        }
    }
    // Every language version of a touched page, before and after: its translations, and what
    // lists them.
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
                .extend(page.front.audiences.iter().copied());
            if let Some(audience) = page.landing_audience() {
                selection.audiences.insert(audience);
                selection.posters = true;
            }
        }
    }
    for live in new.live() {
        let page = &live.page;
        let lists_touched = sections.contains(&page.key)
            || page
                .landing_audience()
                .is_some_and(|a| selection.audiences.contains(&a));
        if lists_touched {
            selection.pages.insert(page.source.clone());
        }
    }
    selection
}

fn by_source(site: &Site) -> BTreeMap<&Path, &LivePage> {
    site.live()
        .iter()
        .map(|live| (live.page.source.as_path(), live))
        .collect()
}

/// What the sitemap shows of a page besides its address and languages.
fn sitemap_date(live: &LivePage) -> Option<String> {
    let front = &live.page.front;
    front.updated.or(front.date).map(|d| d.ymd())
}
