//! Pages the clock keeps out of the build (past `expires_at`, or before `publish_at`), with
//! the translations of such an original, and where a link to each goes instead: the live page
//! its `replaced_by` names (in the linking page's language where there is one), or nowhere,
//! the link showing its text alone. A link to one is never a broken link, so an expiry can
//! never stop a scheduled publish.

use std::collections::HashMap;
use std::path::PathBuf;

use time::OffsetDateTime;

use crate::load::Campaign;
use crate::load::front_matter::Moment;
use crate::load::page::{Held, Page};
use crate::markup::Relink;
use crate::markup::address::resolve;

/// A page out of the build by the clock, at its address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GonePage {
    /// The file of the page itself.
    pub source: PathBuf,
    /// The file whose date decides: the page's own, or its original's for a translation.
    pub decided_by: PathBuf,
    /// `Expired` or `NotYetPublished`.
    pub why: Held,
    /// When it expired, or when it appears.
    pub at: Moment,
    /// The live page links to it lead to, and its address redirects to (expired pages only).
    pub replaced_by: Option<String>,
    /// A `replaced_by` that leads to no live page (links show their text alone).
    pub unresolved: Option<String>,
}

/// Every page out of the build by the clock, by address.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Gone {
    by_url: HashMap<String, GonePage>,
}

/// How many `replaced_by` steps are followed (a replacement that expired in turn).
const MAX_HOPS: usize = 8;

impl Gone {
    /// The pages of `campaign` the clock keeps out at `now`; none when held pages are shown.
    pub fn new(campaign: &Campaign, now: OffsetDateTime, include_held: bool) -> Self {
        if include_held {
            return Self::default();
        }
        let default = campaign.config.default_language().code.as_str();
        let originals: HashMap<&str, &Page> = campaign
            .pages
            .iter()
            .filter(|p| p.lang == default)
            .map(|p| (p.key.as_str(), p.as_ref()))
            .collect();
        let mut by_url = HashMap::new();
        for page in &campaign.pages {
            let original = originals.get(page.key.as_str()).copied();
            if let Some(gone) = by_clock(page, original, now) {
                by_url.insert(page.url.clone(), gone);
            }
        }
        if by_url.is_empty() {
            // The usual case, on every build and rebuild: nothing more to work out.
            return Self { by_url };
        }
        let live = Live::of(campaign, now, &by_url);
        let written: HashMap<String, Option<String>> = by_url
            .iter()
            .map(|(url, gone)| (url.clone(), replaced_by_written(campaign, gone)))
            .collect();
        for (url, gone) in &mut by_url {
            let lang = campaign
                .pages
                .iter()
                .find(|p| p.source == gone.source)
                .map_or("", |p| p.lang.as_str());
            if let Some(first) = written.get(url).cloned().flatten() {
                match live.follow(&first, lang, &written) {
                    Some(to) => gone.replaced_by = Some(to),
                    None => gone.unresolved = Some(first),
                }
            }
        }
        Self { by_url }
    }

    /// The page out of the build at this address (`/signs/`).
    pub fn get(&self, url: &str) -> Option<&GonePage> {
        self.by_url.get(url)
    }

    /// The page out of the build that `target`, linked from the page at `page_url`, leads to.
    pub fn linked(&self, target: &str, page_url: &str) -> Option<(&str, &GonePage)> {
        if self.by_url.is_empty() {
            return None;
        }
        let (path, _) = resolve(target.trim(), page_url)?;
        let as_page = if path.ends_with('/') {
            path
        } else {
            format!("{path}/")
        };
        self.by_url
            .get_key_value(&as_page)
            .map(|(url, gone)| (url.as_str(), gone))
    }

    /// What a link to `target` in the page at `page_url` becomes.
    pub fn relink(&self, target: &str, page_url: &str) -> Relink {
        match self.linked(target, page_url) {
            None => Relink::Keep,
            Some((_, gone)) => match &gone.replaced_by {
                Some(to) => Relink::To(to.clone()),
                None => Relink::Unlink,
            },
        }
    }

    /// Expired pages with a live replacement: (old address, new address).
    pub fn redirects(&self) -> impl Iterator<Item = (&str, &str)> {
        self.by_url.iter().filter_map(|(url, gone)| {
            let to = gone.replaced_by.as_deref()?;
            Some((url.as_str(), to))
        })
    }
}

/// Why the clock keeps `page` out: its own dates, or (for a translation that would be live)
/// its original's.
fn by_clock(page: &Page, original: Option<&Page>, now: OffsetDateTime) -> Option<GonePage> {
    let clock = |p: &Page| match p.held(now) {
        Some(Held::Expired) => p.front.expires_at.map(|at| (Held::Expired, at)),
        Some(Held::NotYetPublished) => p.front.publish_at.map(|at| (Held::NotYetPublished, at)),
        _ => None,
    };
    let (decided_by, (why, at)) = match (clock(page), page.held(now), original) {
        (Some(own), _, _) => (page, own),
        (None, None, Some(original)) => (original, clock(original)?),
        _ => return None,
    };
    Some(GonePage {
        source: page.source.clone(),
        decided_by: decided_by.source.clone(),
        why,
        at,
        replaced_by: None,
        unresolved: None,
    })
}

/// An expired page's `replaced_by`: its own, else its original's. A page still to appear has
/// none: links to it wait for it.
fn replaced_by_written(campaign: &Campaign, gone: &GonePage) -> Option<String> {
    if gone.why != Held::Expired {
        return None;
    }
    let front_of = |source: &PathBuf| {
        campaign
            .pages
            .iter()
            .find(|p| &p.source == source)
            .and_then(|p| p.front.replaced_by.clone())
    };
    let written = front_of(&gone.source).or_else(|| front_of(&gone.decided_by))?;
    // Page addresses end with `/`; `/get-help` names the same page.
    Some(if written.ends_with('/') {
        written
    } else {
        format!("{written}/")
    })
}

/// The live pages' addresses, and each page's address in every language it is live in.
struct Live<'c> {
    key_of: HashMap<&'c str, &'c str>,
    url_of: HashMap<(&'c str, &'c str), &'c str>,
}

impl<'c> Live<'c> {
    fn of(campaign: &'c Campaign, now: OffsetDateTime, gone: &HashMap<String, GonePage>) -> Self {
        let live = campaign
            .pages
            .iter()
            .filter(|p| p.held(now).is_none() && !gone.contains_key(&p.url));
        let mut key_of = HashMap::new();
        let mut url_of = HashMap::new();
        for page in live {
            key_of.insert(page.url.as_str(), page.key.as_str());
            url_of.insert((page.key.as_str(), page.lang.as_str()), page.url.as_str());
        }
        Self { key_of, url_of }
    }

    /// The live page `written` leads to (through replacements that are gone in turn), in `lang`
    /// where it has that language.
    fn follow(
        &self,
        written: &str,
        lang: &str,
        replacements: &HashMap<String, Option<String>>,
    ) -> Option<String> {
        let mut at = written.to_string();
        for _ in 0..MAX_HOPS {
            if let Some(key) = self.key_of.get(at.as_str()) {
                let in_lang = self.url_of.get(&(*key, lang)).copied();
                return Some(in_lang.unwrap_or(&at).to_string());
            }
            at = replacements.get(&at)?.clone()?;
        }
        None
    }
}
