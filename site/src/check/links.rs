//! Links and anchors: every link and image in a page (Markdown or HTML) must lead to a file
//! of the site as it would be built now, and a `#fragment` to an id in that file. Anything the
//! build makes (audience pages, posters, aliases, the theme's static files) is a valid target.

use std::collections::{HashMap, HashSet};

use time::OffsetDateTime;

use super::report::{Finding, Severity};
use crate::load::page::{Held, Page};
use crate::markup::facts::Link;
use crate::markup::tags::html_ids;
use crate::model::Site;
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
        }
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

/// The site path and fragment a link leads to, or `None` for links that leave the site or
/// go to the report functions.
fn resolve(target: &str, page_url: &str) -> Option<(String, Option<String>)> {
    if target.starts_with("//") || has_scheme(target) || looks_like_email(target) {
        return None;
    }
    let (rest, fragment) = match target.split_once('#') {
        Some((rest, fragment)) => (rest, Some(fragment.to_string())),
        None => (target, None),
    };
    let rest = rest.split('?').next().unwrap_or("");
    let joined = if rest.is_empty() {
        page_url.to_string()
    } else if rest.starts_with('/') {
        rest.to_string()
    } else {
        // Page URLs end with `/`, so a relative link is relative to the page's own folder.
        format!("{}/{rest}", page_url.trim_end_matches('/'))
    };
    let path = percent_decode(&normalise(&joined));
    if path.starts_with("/api/") {
        return None;
    }
    Some((path, fragment))
}

/// Applies `.` and `..` segments; the result starts with `/`.
fn normalise(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    let parts: Vec<&str> = path.split('/').collect();
    let last = parts.len() - 1;
    let mut trailing = path.ends_with('/');
    for (i, part) in parts.into_iter().enumerate() {
        match part {
            "" => {}
            "." => trailing |= i == last,
            ".." => {
                segments.pop();
                trailing |= i == last;
            }
            other => segments.push(other),
        }
    }
    let mut out = format!("/{}", segments.join("/"));
    if trailing && !segments.is_empty() {
        out.push('/');
    }
    out
}

fn has_scheme(target: &str) -> bool {
    let Some(colon) = target.find(':') else {
        return false;
    };
    let scheme = &target[..colon];
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
}

/// `<someone@example.org>` autolinks reach us without their `mailto:`.
fn looks_like_email(target: &str) -> bool {
    target.contains('@') && !target.contains('/')
}

fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(high), Some(low)) =
                (hex_digit(bytes.get(i + 1)), hex_digit(bytes.get(i + 2)))
        {
            out.push(high * 16 + low);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_digit(byte: Option<&u8>) -> Option<u8> {
    (*byte? as char).to_digit(16).map(|d| d as u8)
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
        if let Some(problem) = targets.problem(&link.target, &page.url) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_and_root_links() {
        let r = |t: &str| resolve(t, "/news/launch/");
        assert_eq!(r("/signs/"), Some(("/signs/".into(), None)));
        assert_eq!(
            r("../../signs/#what-to-do"),
            Some(("/signs/".into(), Some("what-to-do".into())))
        );
        assert_eq!(r("../other/"), Some(("/news/other/".into(), None)));
        assert_eq!(
            r("photo.png"),
            Some(("/news/launch/photo.png".into(), None))
        );
        assert_eq!(
            r("#top"),
            Some(("/news/launch/".into(), Some("top".into())))
        );
        assert_eq!(r("/a%20b.pdf?x=1"), Some(("/a b.pdf".into(), None)));
        assert_eq!(r("https://example.org/"), None);
        assert_eq!(r("mailto:a@b.org"), None);
        assert_eq!(r("tel:999"), None);
        assert_eq!(r("someone@example.org"), None);
        assert_eq!(r("//cdn.example.org/x.js"), None);
        assert_eq!(r("/api/reports"), None);
    }
}
