//! Links and anchors: every link and image in a page (Markdown or HTML) must lead to a file
//! of the site as it would be built now, and a `#fragment` to an id in that file. Anything the
//! build makes (audience pages, posters, aliases, the theme's static files) is a valid target.

use std::collections::{HashMap, HashSet};

use time::OffsetDateTime;

use super::report::{Finding, Severity};
use crate::load::page::{Held, Page};
use crate::markup::address::{percent_decode, resolve};
use crate::markup::facts::Link;
use crate::markup::tags::html_ids;
use crate::model::Site;
use crate::model::gone::{Gone, GonePage};
use crate::output::OutputFile;

/// Every file of the built site, and the ids in each HTML file.
struct SiteIndex {
    files: HashMap<String, Option<HashSet<String>>>,
}

impl SiteIndex {
    fn new(files: &[OutputFile]) -> Self {
        let files = files
            .iter()
            .map(|f| {
                let ids = f
                    .path
                    .ends_with(".html")
                    .then(|| html_ids(&String::from_utf8_lossy(&f.bytes)));
                (f.path.clone(), ids)
            })
            .collect();
        Self { files }
    }

    /// The file served at a site path: `/a/` and `/a` (redirected to `/a/`) serve
    /// `a/index.html`.
    fn lookup(&self, path: &str) -> Option<&Option<HashSet<String>>> {
        let key = path.trim_start_matches('/');
        if key.is_empty() || key.ends_with('/') {
            return self.files.get(&format!("{key}index.html"));
        }
        self.files
            .get(key)
            .or_else(|| self.files.get(&format!("{key}/index.html")))
    }
}

/// What a link may lead to: the site's files, and what to say about pages that are not there.
pub struct Targets<'a> {
    site: SiteIndex,
    /// Page URL → why it is left out of the build.
    held: HashMap<&'a str, Held>,
    /// Page URL → the ids of its headings, to suggest when an anchor is wrong.
    headings: HashMap<&'a str, Vec<&'a str>>,
    gone: &'a Gone,
}

impl<'a> Targets<'a> {
    /// The targets of `site` as built at `now` into `files`.
    pub fn new(site: &'a Site, files: &[OutputFile], now: OffsetDateTime) -> Self {
        let held = site
            .campaign()
            .pages
            .iter()
            .filter_map(|p| p.held(now).map(|why| (p.url.as_str(), why)))
            .collect();
        let headings = site
            .live()
            .iter()
            .map(|l| {
                let ids = l.markup.facts.heading_ids.iter().map(String::as_str);
                (l.page.url.as_str(), ids.collect())
            })
            .collect();
        Self {
            site: SiteIndex::new(files),
            held,
            headings,
            gone: site.gone(),
        }
    }

    /// The warning for a link to a page the clock keeps out, if `target` is one.
    pub fn gone_link(
        &self,
        page: &Page,
        line: usize,
        target: &str,
        in_html: bool,
    ) -> Option<Finding> {
        let (url, gone) = self.gone.linked(target, &page.url)?;
        Some(gone_link(page, line, target, url, gone, in_html))
    }

    /// Why `target`, linked from the page at `page_url`, leads nowhere; `None` when it is fine
    /// or not ours to check (other sites, `mailto:`, the report API).
    pub fn problem(&self, target: &str, page_url: &str) -> Option<String> {
        let target = target.trim();
        if target.is_empty() {
            return Some("it has no address".into());
        }
        let (path, fragment) = resolve(target, page_url)?;
        let Some(ids) = self.site.lookup(&path) else {
            let as_page = if path.ends_with('/') {
                path.clone()
            } else {
                format!("{path}/")
            };
            return Some(match self.held.get(as_page.as_str()) {
                Some(why) => format!("{as_page} is left out of the build ({})", why.describe()),
                None if path == target => "there is no page or file there".to_string(),
                None => format!("there is no page or file at {path}"),
            });
        };
        let fragment = percent_decode(fragment.as_deref().unwrap_or(""));
        if fragment.is_empty() || fragment == "top" {
            return None;
        }
        let ids = ids.as_ref()?;
        if ids.contains(&fragment) {
            return None;
        }
        let page = if path.ends_with('/') {
            path.clone()
        } else {
            format!("{path}/")
        };
        let known = self
            .headings
            .get(page.as_str())
            .filter(|h| !h.is_empty())
            .map(|h| {
                let list: Vec<String> = h.iter().map(|id| format!("#{id}")).collect();
                format!(" (its headings are {})", list.join(", "))
            })
            .unwrap_or_default();
        Some(format!(
            "{page} has no heading or element with id `{fragment}`{known}"
        ))
    }
}

/// A link to a page the clock keeps out: a warning, as the build already shows the link's
/// text alone (or leads it to the page's `replaced_by`); `in_html` links are left as written.
fn gone_link(
    page: &Page,
    line: usize,
    target: &str,
    url: &str,
    gone: &GonePage,
    in_html: bool,
) -> Finding {
    let when = match gone.why {
        Held::NotYetPublished => format!(
            "{url} appears on {} (publish_at of {})",
            gone.at.ymd(),
            gone.decided_by.display()
        ),
        _ => format!(
            "{url} expired on {} (expires_at of {})",
            gone.at.ymd(),
            gone.decided_by.display()
        ),
    };
    let outcome = match (&gone.replaced_by, in_html, gone.why) {
        (Some(to), _, _) => format!("the link leads to {to} (replaced_by) instead"),
        (None, true, _) => "this HTML link now leads nowhere: edit it".to_string(),
        (None, false, Held::NotYetPublished) => {
            "the link shows its text alone until then".to_string()
        }
        (None, false, _) => {
            "the link shows its text alone: remove it, or name a page in replaced_by".to_string()
        }
    };
    Finding::new(
        Severity::Warning,
        &page.source,
        Some(line),
        format!("link to {target}: {when}, so {outcome}"),
    )
}

/// A link or image (from Markdown or raw HTML) whose target is not on the site.
pub fn broken(page: &Page, line: usize, target: &str, is_image: bool, problem: &str) -> Finding {
    let what = if is_image {
        "broken image"
    } else {
        "broken link to"
    };
    Finding::new(
        Severity::Error,
        &page.source,
        Some(line),
        format!("{what} {target}: {problem}"),
    )
}

pub fn check_links(page: &Page, links: &[Link], targets: &Targets<'_>, out: &mut Vec<Finding>) {
    for link in links {
        if link.is_image && link.missing_alt {
            out.push(Finding::new(
                Severity::Error,
                &page.source,
                Some(link.line),
                format!(
                    "image {} has no alt text: describe it between the brackets, ![like this]({}), for people who cannot see it",
                    link.target, link.target
                ),
            ));
        }
        if let Some(finding) = targets.gone_link(page, link.line, &link.target, false) {
            out.push(finding);
        } else if let Some(problem) = targets.problem(&link.target, &page.url) {
            out.push(broken(
                page,
                link.line,
                &link.target,
                link.is_image,
                &problem,
            ));
        }
    }
}
