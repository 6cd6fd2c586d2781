//! What goes stale as a campaign ages: pages past `expires_at` (a warning), pages missing a translation
//! their section has, and menu entries that are no longer live pages.

use std::collections::{BTreeSet, HashMap};

use time::OffsetDateTime;

use super::report::{Finding, Severity};
use crate::load::config::Language;
use crate::load::page::{Page, PageKind};
use crate::model::Site;

/// A warning, not an error: the build already leaves the page out and `lookout publish` takes
/// it down, so a scheduled publish must not stop on it.
pub fn check_expiry(page: &Page, now: OffsetDateTime, out: &mut Vec<Finding>) {
    let Some(expires) = page.front.expires_at.filter(|at| at.0 <= now) else {
        return;
    };
    let line = page.front_yaml.line_of("expires_at").unwrap_or(1);
    out.push(Finding::new(
        Severity::Warning,
        &page.source,
        Some(line),
        format!(
            "the page expired on {} (expires_at) and is left out of the site: delete the file, or set a later date if it is still true",
            expires.ymd()
        ),
    ));
}

/// For each section and language: if any live page of the section is in that language, every
/// live default-language page of the section should be too. A section's `_index.md` belongs to
/// the section it introduces.
pub fn check_translations(site: &Site, now: OffsetDateTime, out: &mut Vec<Finding>) {
    let campaign = site.campaign();
    let live: Vec<&Page> = site.live().iter().map(|l| l.page.as_ref()).collect();
    let default = campaign.config.default_language().code.as_str();
    let mut languages_of_section: HashMap<String, BTreeSet<&str>> = HashMap::new();
    for page in &live {
        languages_of_section
            .entry(section_of(page))
            .or_default()
            .insert(page.lang.as_str());
    }
    for page in live.iter().filter(|p| p.lang == default) {
        let Some(languages) = languages_of_section.get(&section_of(page)) else {
            continue;
        };
        for language in &campaign.config.languages {
            let lang = language.code.as_str();
            if lang != default && languages.contains(lang) && !site.is_translated(&page.key, lang) {
                out.push(missing_translation(site, page, language, now));
            }
        }
    }
}

fn section_of(page: &Page) -> String {
    match page.kind {
        PageKind::Section => page.key.clone(),
        PageKind::Page => page.parent.clone().unwrap_or_default(),
    }
}

/// The warning for `page` lacking its translation into `language`: the file to add, or why the
/// one there is left out.
fn missing_translation(
    site: &Site,
    page: &Page,
    language: &Language,
    now: OffsetDateTime,
) -> Finding {
    let lang = language.code.as_str();
    let stem = page
        .source
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let wanted = page.source.with_file_name(format!("{stem}.{lang}.md"));
    let held = site
        .campaign()
        .pages
        .iter()
        .find(|p| p.key == page.key && p.lang == lang)
        .and_then(|p| p.held(now));
    let state = match held {
        Some(why) => format!(
            "{} is left out of the build ({})",
            wanted.display(),
            why.describe()
        ),
        None => format!("add {}", wanted.display()),
    };
    Finding::new(
        Severity::Warning,
        &page.source,
        Some(1),
        format!(
            "no {} ({lang}) translation, though other pages in this section have one: {state}",
            language.name
        ),
    )
}

/// `menu:` entries that are not live default-language pages are silently left out of the
/// menu; say so.
pub fn check_menu(site: &Site, out: &mut Vec<Finding>) {
    let campaign = site.campaign();
    let default = campaign.config.default_language().code.as_str();
    let config = &campaign.config_yaml;
    for entry in &campaign.config.menu {
        if site
            .live()
            .iter()
            .any(|l| l.page.lang == default && &l.page.url == entry)
        {
            continue;
        }
        out.push(Finding::new(
            Severity::Error,
            config.path(),
            config.line_of("menu").or(Some(1)),
            format!(
                "menu: {entry} is not a live page in the default language, so the menu leaves it out"
            ),
        ));
    }
}
