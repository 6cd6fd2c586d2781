//! `lookout check`: what a build accepts but a reader would trip over. Errors (the command
//! exits non-zero): broken internal links and anchors, images without alt text, menu entries
//! that are not pages, brand colours below WCAG AA contrast. Warnings: pages past `expires_at`
//! (left out already), links to pages the clock keeps out (unlinked or sent to `replaced_by`),
//! pages that expire within a week and who links to them, pages missing a translation their section has, English pages that read
//! above `check.max_reading_grade`, what each language still needs (`languages`), groups of
//! signs on no audience's poster, and a browser editor configuration
//! (`static/admin/config.yml`) that no longer fits the campaign.
//!
//! It reads the same model and files as the build, made the same way: links, HTML, headings
//! and prose come from the one Markdown parse of each page (`markup::facts`), and link targets
//! are the files the build would write, so check and build cannot disagree about a page.

pub mod ahead;
mod contrast;
mod external;
pub mod handoff;
mod languages;
mod links;
pub mod needs;
mod raw_html;
mod reading;
mod report;
mod upkeep;

use std::path::Path;

use time::OffsetDateTime;

use crate::error::Result;
use crate::model::{self, LivePage};
use links::Targets;

pub use external::ExternalLink;
pub use report::{CheckReport, Finding, Reading, Severity};

/// Checks the campaign at `root` as if it were built at `now`. A campaign that does not load or
/// build at all is an `Err`, with the build's own located message.
pub fn check(root: &Path, now: OffsetDateTime) -> Result<CheckReport> {
    let options = model::Options {
        include_held: false,
        live_reload: false,
        now,
        facts: true,
    };
    let (site, files) = crate::build::render(root, &options)?;
    let campaign = site.campaign();
    let targets = Targets::new(&site, &files, now);
    let mut report = CheckReport {
        pages: site.live().len(),
        ..CheckReport::default()
    };
    let max_grade = campaign.config.check.max_reading_grade;
    for live in site.live() {
        check_page(live, &targets, max_grade, &mut report);
        external::external_links(live, &mut report.external);
    }
    for page in &campaign.pages {
        upkeep::check_expiry(page, now, &mut report.findings);
        upkeep::check_form_key(page, &mut report.findings);
    }
    upkeep::check_translations(&site, now, &mut report.findings);
    upkeep::check_menu(&site, &mut report.findings);
    upkeep::check_replacements(&site, &mut report.findings);
    report.upcoming = ahead::upcoming(&site, now, ahead::WEEK);
    upkeep::check_upcoming(&report.upcoming, root, &mut report.findings);
    upkeep::check_audiences(&site, &mut report.findings);
    let questionnaire = crate::load::paths::CampaignPaths::new(root).questionnaire();
    report.translations = languages::needs(campaign, &questionnaire);
    for needs in &report.translations {
        languages::findings(needs, &mut report.findings);
    }
    contrast::check_colours(campaign, &mut report.findings);
    if let Some(path) = crate::cms::drifted(campaign, root) {
        report.findings.push(Finding::new(
            Severity::Warning,
            &path,
            None,
            "the browser editor's configuration no longer matches the campaign (its sections, fields, languages or audiences changed): run `lookout init --cms` to write it again",
        ));
    }

    report.findings.sort_by(|a, b| {
        (&a.path, a.line, a.severity, &a.message).cmp(&(&b.path, b.line, b.severity, &b.message))
    });
    report.findings.dedup();
    Ok(report)
}

/// The findings that need only the page itself and the site's files.
fn check_page(live: &LivePage, targets: &Targets<'_>, max_grade: f64, report: &mut CheckReport) {
    let (page, facts) = (&live.page, &live.markup.facts);
    links::check_links(page, &facts.links, targets, &mut report.findings);
    raw_html::check_raw_html(page, &facts.raw_html, targets, &mut report.findings);
    if reading::is_english(&page.lang) {
        let graded = reading::check_reading(page, &facts.prose, max_grade, &mut report.readings);
        report.findings.extend(graded);
    }
}
