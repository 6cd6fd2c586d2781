//! What goes stale as a campaign ages: pages past `expires_at` (a warning), pages missing a translation
//! their section has, and menu entries that are no longer live pages.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use time::OffsetDateTime;

use super::ahead::Upcoming;
use super::report::{Finding, Severity};
use crate::load::config::Language;
use crate::load::front_matter::PageForm;
use crate::load::page::{Held, Page, PageKind};
use crate::model::Site;
use crate::model::gone::GonePage;

/// A page that chooses its form by its template's name still carries it; this asks for
/// `form:`, which a later release will need.
pub fn check_form_key(page: &Page, out: &mut Vec<Finding>) {
    let (None, Some(form)) = (page.front.form, page.front.page_form()) else {
        return;
    };
    let line = page.front_yaml.line_of("template");
    let key = match form {
        PageForm::Report => "report",
        PageForm::FollowUp => "follow-up",
    };
    out.push(Finding::new(
        Severity::Warning,
        &page.source,
        line,
        format!(
            "template: {} chooses the page's form by its name; say `form: {key}` instead (the template follows from it)",
            form.default_template()
        ),
    ));
}

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

fn gone_state(gone: &GonePage) -> String {
    match gone.why {
        Held::NotYetPublished => format!("to appear on {}", gone.at.ymd()),
        _ => format!("expired since {}", gone.at.ymd()),
    }
}

/// An expired page whose `replaced_by` leads to no live page: links to it show their text
/// alone, and its address is gone.
pub fn check_replacements(site: &Site, out: &mut Vec<Finding>) {
    for page in &site.campaign().pages {
        let Some(gone) = site.gone().get(&page.url) else {
            continue;
        };
        let Some(written) = gone.unresolved.as_deref() else {
            continue;
        };
        if gone.source != gone.decided_by && page.front.replaced_by.is_none() {
            continue; // said once, on the original
        }
        let line = page.front_yaml.line_of("replaced_by").or(Some(1));
        out.push(Finding::new(
            Severity::Warning,
            &page.source,
            line,
            format!(
                "replaced_by: {written} is not a live page, so links to this expired page show their text alone"
            ),
        ));
    }
}

/// `check`'s warning a week ahead of an expiry: "`pages/signs.md` expires on 2027-02-01 09:00
/// (Europe/London); 2 pages link to it: ...".
pub fn check_upcoming(upcoming: &[Upcoming], root: &Path, out: &mut Vec<Finding>) {
    for item in upcoming
        .iter()
        .filter(|u| u.change == crate::schedule::Change::Expires)
    {
        let links = match item.linked_from.len() {
            0 => "no page links to it".to_string(),
            n => format!(
                "{n} {} to it: {}",
                if n == 1 { "page links" } else { "pages link" },
                list(&item.linked_from)
            ),
        };
        let then = match &item.replaced_by {
            Some(to) => format!("those links will lead to {to} (replaced_by)"),
            None => "those links will show their text alone; name a page in replaced_by to send them there".to_string(),
        };
        let then = if item.linked_from.is_empty() {
            String::new()
        } else {
            format!("; {then}")
        };
        out.push(Finding::new(
            Severity::Warning,
            &root.join(&item.page),
            Some(item.line),
            format!(
                "`{}` expires on {}; {links}{then}",
                item.page.display(),
                item.wall
            ),
        ));
    }
}

fn list(files: &[PathBuf]) -> String {
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    names.join(", ")
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
            if lang != default
                && languages.contains(lang)
                && !site.is_translated(&page.key, lang)
                && !has_stub(site, page, lang)
            {
                out.push(missing_translation(site, page, language, now));
            }
        }
    }
}

/// A stub (`translation: needed`) is listed as such (see `languages`), not as missing.
fn has_stub(site: &Site, page: &Page, lang: &str) -> bool {
    site.campaign()
        .pages
        .iter()
        .any(|p| p.key == page.key && p.lang == lang && p.held_for_translation())
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
    let wanted = page.file_in(lang);
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
        // A page the clock took out (or has yet to let in) leaves the menu by itself: a
        // scheduled publish must not stop on it.
        let (severity, why) = match site.gone().get(entry) {
            Some(gone) => (
                Severity::Warning,
                format!("is {} ({})", gone_state(gone), gone.decided_by.display()),
            ),
            None => (
                Severity::Error,
                "is not a live page in the default language".to_string(),
            ),
        };
        out.push(Finding::new(
            severity,
            config.path(),
            config.line_of("menu").or(Some(1)),
            format!("menu: {entry} {why}, so the menu leaves it out"),
        ));
    }
}

/// The audiences follow the questionnaire: a group of signs no audience's poster draws from is
/// on the report form but printed nowhere.
pub fn check_audiences(site: &Site, out: &mut Vec<Finding>) {
    let campaign = site.campaign();
    let config = &campaign.config;
    let source = &campaign.config_yaml;
    let q = &campaign.questionnaire;
    let signed: BTreeSet<&str> = q
        .questions
        .iter()
        .filter(|question| question.grouped_by.is_some())
        .flat_map(|question| question.options.iter().filter_map(|o| o.group.as_deref()))
        .collect();
    for group in signed {
        if !config
            .audiences
            .iter()
            .any(|a| a.signs.as_deref() == Some(group))
        {
            out.push(Finding::new(
                Severity::Warning,
                source.path(),
                source.line_of("audiences").or(Some(1)),
                format!(
                    "audiences: the questionnaire's signs for `{group}` are on the report form but on no poster: give an audience `signs: {group}`"
                ),
            ));
        }
    }
}
