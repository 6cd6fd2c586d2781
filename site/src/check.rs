//! `lookout check`: what a build accepts but a reader would trip over. Errors (the command
//! exits non-zero): broken internal links and anchors, images without alt text, pages past
//! `expires_at`, menu entries that are not pages. Warnings: pages missing a translation their
//! section has, and English pages that read above `check.max_reading_grade`.
//!
//! Links are checked against the site as it would be built now (every generated file and every
//! `id` in the generated HTML), so anything the build makes, such as audience pages, posters,
//! aliases and the theme's static files, is a valid target.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use time::OffsetDateTime;

use crate::campaign::Campaign;
use crate::config::CONFIG_FILE;
use crate::content::markdown::{self, Rendered};
use crate::content::{Held, Page, PageKind};
use crate::error::Result;
use crate::error::yaml_key_line;
use crate::output::OutputFile;
use crate::render::{RenderOptions, render_site};

/// Pages with fewer words than this get a reading grade but never a warning: the formula says
/// little about a few lines.
pub const MIN_WORDS_FOR_GRADE: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem, in the file (and on the line) where it can be fixed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Finding {
    /// `path:line: error: message`, the form editors and CI logs link to.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}: {}", self.severity.as_str(), self.message)
    }
}

/// The Flesch–Kincaid grade of one English page.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub path: PathBuf,
    pub grade: f64,
    pub words: usize,
}

#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Sorted by file, then line.
    pub findings: Vec<Finding>,
    /// Live pages checked.
    pub pages: usize,
    /// Every live English page's reading grade, warned about or not.
    pub readings: Vec<Reading>,
}

impl CheckReport {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    pub fn has_errors(&self) -> bool {
        self.errors() > 0
    }

    fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// Checks the campaign at `root` as if it were built at `now`. A campaign that does not load or
/// build at all is an `Err`, with the build's own located message.
pub fn check(root: &Path, now: OffsetDateTime) -> Result<CheckReport> {
    let campaign = Campaign::load(root)?;
    let files = render_site(
        &campaign,
        &RenderOptions {
            include_held: false,
            live_reload: false,
            now,
        },
    )?;
    let site = SiteIndex::new(&files);
    let live: Vec<(&Page, Rendered)> = campaign
        .pages
        .iter()
        .filter(|p| p.held(now).is_none())
        .map(|p| (p, render_for_check(p)))
        .collect();
    let held: HashMap<&str, Held> = campaign
        .pages
        .iter()
        .filter_map(|p| p.held(now).map(|why| (p.url.as_str(), why)))
        .collect();
    let headings: HashMap<&str, Vec<&str>> = live
        .iter()
        .map(|(p, r)| {
            (
                p.url.as_str(),
                r.toc.iter().map(|h| h.id.as_str()).collect(),
            )
        })
        .collect();

    let mut report = CheckReport {
        pages: live.len(),
        ..CheckReport::default()
    };
    let targets = Targets {
        site: &site,
        held: &held,
        headings: &headings,
    };
    for (page, rendered) in &live {
        check_links(page, rendered, &targets, &mut report.findings);
        check_raw_html(page, &targets, &mut report.findings);
        if is_english(&page.lang) {
            let max = campaign.config.check.max_reading_grade;
            if let Some(finding) = check_reading(page, max, &mut report.readings) {
                report.findings.push(finding);
            }
        }
    }
    for page in &campaign.pages {
        check_expiry(page, now, &mut report.findings);
    }
    check_translations(&campaign, &live, now, &mut report.findings);
    check_menu(&campaign, &live, &mut report.findings);

    report.findings.sort_by(|a, b| {
        (&a.path, a.line, a.severity, &a.message).cmp(&(&b.path, b.line, b.severity, &b.message))
    });
    report.findings.dedup();
    Ok(report)
}

fn finding(
    severity: Severity,
    path: &Path,
    line: Option<usize>,
    message: impl Into<String>,
) -> Finding {
    Finding {
        severity,
        path: path.to_path_buf(),
        line,
        message: message.into(),
    }
}

/// A link or image (from Markdown or raw HTML) whose target is not on the site.
fn broken(page: &Page, line: usize, target: &str, is_image: bool, problem: &str) -> Finding {
    let what = if is_image {
        "broken image"
    } else {
        "broken link to"
    };
    finding(
        Severity::Error,
        &page.source,
        Some(line),
        format!("{what} {target}: {problem}"),
    )
}

fn is_english(lang: &str) -> bool {
    lang == "en" || lang.starts_with("en-")
}

// ---------------------------------------------------------------------------------------------
// The page as the checks see it

/// The page's Markdown with shortcode tags blanked out, byte for byte and line for line, so
/// links (including those inside a shortcode's body) keep their file lines and the shortcode
/// syntax is not read as prose.
fn checkable_markdown(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut in_fence = false;
    let mut in_tag: Option<&str> = None;
    for line in markdown.split_inclusive('\n') {
        if in_tag.is_none() && line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            out.push_str(line);
            continue;
        }
        if in_fence {
            out.push_str(line);
            continue;
        }
        let mut rest = line;
        while !rest.is_empty() {
            match in_tag {
                Some(close) => match rest.find(close) {
                    Some(at) => {
                        out.push_str(&blank(&rest[..at + 2]));
                        rest = &rest[at + 2..];
                        in_tag = None;
                    }
                    None => {
                        out.push_str(&blank(rest));
                        rest = "";
                    }
                },
                None => {
                    let open = [rest.find("{{"), rest.find("{%")]
                        .into_iter()
                        .flatten()
                        .min();
                    match open {
                        Some(at) => {
                            out.push_str(&rest[..at]);
                            in_tag = Some(if rest[at..].starts_with("{{") {
                                "}}"
                            } else {
                                "%}"
                            });
                            rest = &rest[at..];
                            // Skip the opening braces so `{{}}` still finds its close.
                            out.push_str("  ");
                            rest = &rest[2..];
                        }
                        None => {
                            out.push_str(rest);
                            rest = "";
                        }
                    }
                }
            }
        }
    }
    out
}

/// Spaces for every character but line ends; a multi-byte character becomes as many spaces as
/// it has bytes, so offsets stay put.
fn blank(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b == b'\n' || b == b'\r' {
                b as char
            } else {
                ' '
            }
        })
        .collect()
}

fn render_for_check(page: &Page) -> Rendered {
    markdown::render(&checkable_markdown(&page.markdown), page.body_line)
}

/// Maps a byte offset in a page's body to its file line.
struct Lines {
    starts: Vec<usize>,
    first_line: usize,
}

impl Lines {
    fn new(text: &str, first_line: usize) -> Self {
        Self {
            starts: std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
            first_line,
        }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.first_line + self.starts.partition_point(|&s| s <= offset) - 1
    }
}

fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

// ---------------------------------------------------------------------------------------------
// Links and anchors

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

/// The values of `id` attributes in an HTML document.
fn html_ids(html: &str) -> HashSet<String> {
    html_tags(html)
        .into_iter()
        .filter_map(|tag| tag.attr("id").map(decode_entities))
        .collect()
}

struct Targets<'a> {
    site: &'a SiteIndex,
    held: &'a HashMap<&'a str, Held>,
    /// Page URL → the ids of its headings, to suggest when an anchor is wrong.
    headings: &'a HashMap<&'a str, Vec<&'a str>>,
}

impl Targets<'_> {
    /// Why `target`, linked from the page at `page_url`, leads nowhere; `None` when it is fine
    /// or not ours to check (other sites, `mailto:`, the report API).
    fn problem(&self, target: &str, page_url: &str) -> Option<String> {
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

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    text.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn check_links(page: &Page, rendered: &Rendered, targets: &Targets<'_>, out: &mut Vec<Finding>) {
    for link in &rendered.links {
        if link.is_image && link.missing_alt {
            out.push(finding(
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

// ---------------------------------------------------------------------------------------------
// Raw HTML in the Markdown

/// An HTML start tag: its lower-cased name, attributes and byte offset.
struct HtmlTag<'a> {
    name: String,
    attrs: Vec<(String, Option<&'a str>)>,
    offset: usize,
}

impl<'a> HtmlTag<'a> {
    fn attr(&self, name: &str) -> Option<&'a str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.unwrap_or(""))
    }

    fn has_attr(&self, name: &str) -> bool {
        self.attrs.iter().any(|(n, _)| n == name)
    }
}

/// The start tags in a piece of HTML; comments and end tags are skipped. Forgiving, as browsers
/// are: it only needs to find `href`, `src`, `alt` and `id`.
fn html_tags(html: &str) -> Vec<HtmlTag<'_>> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(at) = html[i..].find('<') {
        let start = i + at;
        i = start + 1;
        if html[start..].starts_with("<!--") {
            i = html[start..]
                .find("-->")
                .map_or(html.len(), |e| start + e + 3);
            continue;
        }
        if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_end = html[i..]
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .map_or(html.len(), |e| i + e);
        let name = html[i..name_end].to_ascii_lowercase();
        i = name_end;
        let mut attrs = Vec::new();
        loop {
            while bytes
                .get(i)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'/')
            {
                i += 1;
            }
            match bytes.get(i) {
                None => break,
                Some(b'>') => {
                    i += 1;
                    break;
                }
                Some(_) => {}
            }
            let attr_end = html[i..]
                .find(|c: char| c.is_ascii_whitespace() || "=>/".contains(c))
                .map_or(html.len(), |e| i + e);
            let attr = html[i..attr_end].to_ascii_lowercase();
            i = attr_end;
            while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            let mut value = None;
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                    i += 1;
                }
                match bytes.get(i) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        let close = html[i + 1..]
                            .find(quote as char)
                            .map_or(html.len(), |e| i + 1 + e);
                        value = Some(&html[i + 1..close]);
                        i = (close + 1).min(html.len());
                    }
                    _ => {
                        let end = html[i..]
                            .find(|c: char| c.is_ascii_whitespace() || c == '>')
                            .map_or(html.len(), |e| i + e);
                        value = Some(&html[i..end]);
                        i = end;
                    }
                }
            }
            if attr.is_empty() {
                i += 1;
                continue;
            }
            attrs.push((attr, value));
        }
        tags.push(HtmlTag {
            name,
            attrs,
            offset: start,
        });
    }
    tags
}

/// `<img>` without `alt` and broken `href`/`src` in HTML written into the Markdown. An explicit
/// `alt=""` is the HTML way to mark an image as decoration, so it is accepted.
fn check_raw_html(page: &Page, targets: &Targets<'_>, out: &mut Vec<Finding>) {
    let markdown = checkable_markdown(&page.markdown);
    if !markdown.contains('<') {
        return;
    }
    let lines = Lines::new(&markdown, page.body_line);
    for range in raw_html_ranges(&markdown) {
        let html = &markdown[range.clone()];
        for tag in html_tags(html) {
            let line = lines.line_of(range.start + tag.offset);
            if tag.name == "img" && !tag.has_attr("alt") {
                out.push(finding(
                    Severity::Error,
                    &page.source,
                    Some(line),
                    format!(
                        "<img src=\"{}\"> has no alt attribute: describe the image in alt=\"...\" (or alt=\"\" if it is only decoration)",
                        tag.attr("src").unwrap_or("")
                    ),
                ));
            }
            for attr in ["href", "src"] {
                if let Some(value) = tag.attr(attr) {
                    let value = decode_entities(value);
                    if let Some(problem) = targets.problem(&value, &page.url) {
                        out.push(broken(page, line, &value, tag.name == "img", &problem));
                    }
                }
            }
        }
    }
}

/// Byte ranges of HTML blocks and inline HTML, so HTML shown in code is left alone.
fn raw_html_ranges(markdown: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(markdown, markdown_options()).into_offset_iter() {
        let range = match event {
            Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_) => range,
            _ => continue,
        };
        match ranges.last_mut() {
            Some(last) if last.end >= range.start => last.end = last.end.max(range.end),
            _ => ranges.push(range),
        }
    }
    ranges
}

// ---------------------------------------------------------------------------------------------
// Expiry, translations and the menu

fn check_expiry(page: &Page, now: OffsetDateTime, out: &mut Vec<Finding>) {
    let Some(expires) = page.front.expires_at.filter(|at| at.0 <= now) else {
        return;
    };
    // The first `expires_at:` in the file is the front matter's: it comes first.
    let line = std::fs::read_to_string(&page.source)
        .ok()
        .and_then(|text| yaml_key_line(&text, "expires_at", 1))
        .unwrap_or(1);
    out.push(finding(
        Severity::Error,
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
fn check_translations(
    campaign: &Campaign,
    live: &[(&Page, Rendered)],
    now: OffsetDateTime,
    out: &mut Vec<Finding>,
) {
    let default = campaign.config.default_language().code.as_str();
    let section_of = |page: &Page| -> String {
        match page.kind {
            PageKind::Section => page.key.clone(),
            PageKind::Page => page.parent.clone().unwrap_or_default(),
        }
    };
    let present: HashSet<(&str, &str)> = live
        .iter()
        .map(|(p, _)| (p.key.as_str(), p.lang.as_str()))
        .collect();
    let mut languages_of_section: HashMap<String, BTreeSet<&str>> = HashMap::new();
    for (page, _) in live {
        languages_of_section
            .entry(section_of(page))
            .or_default()
            .insert(page.lang.as_str());
    }
    for (page, _) in live.iter().filter(|(p, _)| p.lang == default) {
        let Some(languages) = languages_of_section.get(&section_of(page)) else {
            continue;
        };
        for language in &campaign.config.languages {
            let lang = language.code.as_str();
            if lang == default
                || !languages.contains(lang)
                || present.contains(&(page.key.as_str(), lang))
            {
                continue;
            }
            let stem = page
                .source
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let wanted = page.source.with_file_name(format!("{stem}.{lang}.md"));
            let held = campaign
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
            out.push(finding(
                Severity::Warning,
                &page.source,
                Some(1),
                format!(
                    "no {} ({lang}) translation, though other pages in this section have one: {state}",
                    language.name
                ),
            ));
        }
    }
}

/// `menu:` entries that are not live default-language pages are silently left out of the
/// menu; say so.
fn check_menu(campaign: &Campaign, live: &[(&Page, Rendered)], out: &mut Vec<Finding>) {
    let default = campaign.config.default_language().code.as_str();
    let path = campaign.paths.root.join(CONFIG_FILE);
    let mut line = None;
    for entry in &campaign.config.menu {
        if live
            .iter()
            .any(|(p, _)| p.lang == default && &p.url == entry)
        {
            continue;
        }
        let line = *line.get_or_insert_with(|| {
            std::fs::read_to_string(&path)
                .ok()
                .and_then(|text| yaml_key_line(&text, "menu", 1))
        });
        out.push(finding(
            Severity::Error,
            &path,
            line.or(Some(1)),
            format!(
                "menu: {entry} is not a live page in the default language, so the menu leaves it out"
            ),
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// Reading level

/// A run of prose: a paragraph, heading, list item or table cell, and its first file line.
struct Block {
    text: String,
    line: usize,
}

/// The page's prose, block by block: headings and list items end a sentence even without a
/// full stop, which plain text run together would not show. Code and image alt text are left
/// out.
fn prose_blocks(page: &Page) -> Vec<Block> {
    let markdown = checkable_markdown(&page.markdown);
    let lines = Lines::new(&markdown, page.body_line);
    let mut blocks = Vec::new();
    let mut current: Option<Block> = None;
    let mut skip = 0usize;
    let flush = |current: &mut Option<Block>, blocks: &mut Vec<Block>| {
        if let Some(block) = current.take()
            && !block.text.trim().is_empty()
        {
            blocks.push(block);
        }
    };
    for (event, range) in Parser::new_ext(&markdown, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell) => {
                flush(&mut current, &mut blocks);
                current = Some(Block {
                    text: String::new(),
                    line: lines.line_of(range.start),
                });
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => flush(&mut current, &mut blocks),
            Event::Start(Tag::CodeBlock(_) | Tag::Image { .. }) => skip += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Image) => skip = skip.saturating_sub(1),
            Event::Text(text) | Event::Code(text) if skip == 0 => {
                let block = current.get_or_insert_with(|| Block {
                    text: String::new(),
                    line: lines.line_of(range.start),
                });
                block.text.push_str(&text);
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(block) = current.as_mut() {
                    block.text.push(' ');
                }
            }
            _ => {}
        }
    }
    flush(&mut current, &mut blocks);
    blocks
}

/// Counts of a text, for Flesch–Kincaid.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct TextStats {
    words: usize,
    sentences: usize,
    syllables: usize,
    /// Words in the longest sentence, and the line of its block.
    longest: (usize, usize),
}

impl TextStats {
    fn add_block(&mut self, text: &str, line: usize) {
        let mut in_sentence = 0;
        for token in text.split_whitespace() {
            if token.chars().any(char::is_alphabetic) {
                self.words += 1;
                self.syllables += token.split('-').map(syllables).sum::<usize>().max(1);
                in_sentence += 1;
            }
            let end = token.trim_end_matches(['"', '\'', ')', ']', '”', '’', '*', '_']);
            if end.ends_with(['.', '!', '?', '…']) && in_sentence > 0 {
                self.end_sentence(in_sentence, line);
                in_sentence = 0;
            }
        }
        if in_sentence > 0 {
            self.end_sentence(in_sentence, line);
        }
    }

    fn end_sentence(&mut self, words: usize, line: usize) {
        self.sentences += 1;
        if words > self.longest.0 {
            self.longest = (words, line);
        }
    }

    /// The Flesch–Kincaid grade level: the US school year a reader needs.
    fn grade(&self) -> f64 {
        if self.words == 0 || self.sentences == 0 {
            return 0.0;
        }
        let words = self.words as f64;
        0.39 * (words / self.sentences as f64) + 11.8 * (self.syllables as f64 / words) - 15.59
    }
}

/// An English word's syllables, by vowel groups with the usual corrections for silent endings.
/// Good to a syllable or so per word, which is what the grade formula was fitted with.
fn syllables(word: &str) -> usize {
    let word: Vec<char> = word
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if word.is_empty() {
        return 0;
    }
    if word.len() <= 3 {
        return 1;
    }
    let is_vowel = |i: usize| match word[i] {
        'a' | 'e' | 'i' | 'o' | 'u' => true,
        'y' => i > 0,
        _ => false,
    };
    let mut count = 0usize;
    let mut previous = false;
    for i in 0..word.len() {
        let vowel = is_vowel(i);
        if vowel && !previous {
            count += 1;
        }
        previous = vowel;
    }
    let n = word.len();
    let ends = |suffix: &str| word.ends_with(&suffix.chars().collect::<Vec<_>>());
    let consonant_before = |k: usize| n > k && !is_vowel(n - k - 1);
    let syllabic_le = ends("le") && consonant_before(2);
    if ends("e") && !syllabic_le && !ends("ee") && !ends("ye") {
        // Silent final e: "make", "sense"; not "table", "agree".
        count = count.saturating_sub(1);
    } else if ends("ed") && !matches!(word[n - 3], 't' | 'd') && consonant_before(2) {
        // "asked", "called"; not "wanted", "needed".
        count = count.saturating_sub(1);
    } else if ends("es")
        && consonant_before(2)
        && !matches!(word[n - 3], 's' | 'x' | 'z' | 'c' | 'g')
        && !(word[n - 3] == 'h' && matches!(word[n - 4], 's' | 'c'))
    {
        // "makes", "times"; not "places", "boxes", "watches".
        count = count.saturating_sub(1);
    }
    count.max(1)
}

fn check_reading(page: &Page, max_grade: f64, readings: &mut Vec<Reading>) -> Option<Finding> {
    let mut stats = TextStats::default();
    for block in prose_blocks(page) {
        stats.add_block(&block.text, block.line);
    }
    if stats.words == 0 {
        return None;
    }
    let grade = stats.grade();
    readings.push(Reading {
        path: page.source.clone(),
        grade,
        words: stats.words,
    });
    if stats.words < MIN_WORDS_FOR_GRADE || grade <= max_grade {
        return None;
    }
    let (longest, line) = stats.longest;
    Some(finding(
        Severity::Warning,
        &page.source,
        Some(line),
        format!(
            "hard to read: Flesch–Kincaid grade {grade:.1}, above the campaign's maximum of {max_grade} (check.max_reading_grade); use shorter sentences and plainer words. The longest sentence ({longest} words) is in the paragraph on this line"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_syllables_of_common_words() {
        for (word, expected) in [
            ("the", 1),
            ("signs", 1),
            ("make", 1),
            ("table", 2),
            ("asked", 1),
            ("wanted", 2),
            ("places", 2),
            ("times", 1),
            ("exploitation", 4),
            ("everyone", 3),
            ("child's", 1),
            ("young", 1),
            ("agree", 2),
            ("999", 0),
        ] {
            assert_eq!(syllables(word), expected, "{word}");
        }
    }

    #[test]
    fn grades_plain_and_hard_prose() {
        let mut plain = TextStats::default();
        plain.add_block("You do not have to be sure. Tell us what you saw.", 3);
        assert_eq!(plain.words, 12);
        assert_eq!(plain.sentences, 2);
        assert!(plain.grade() < 3.0, "{}", plain.grade());

        let mut hard = TextStats::default();
        hard.add_block(
            "Notwithstanding organisational considerations, multidisciplinary safeguarding \
             partnerships systematically disseminate comprehensive institutional documentation \
             concerning exploitation indicators, contextualising vulnerability assessments.",
            7,
        );
        assert!(hard.grade() > 20.0, "{}", hard.grade());
        assert_eq!(hard.longest, (17, 7));
    }

    #[test]
    fn headings_and_list_items_end_sentences() {
        let page = test_page("# Signs\n\n- going missing\n- new phones\n\nCall 999 now.\n");
        let blocks = prose_blocks(&page);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            ["Signs", "going missing", "new phones", "Call 999 now."]
        );
        assert_eq!(blocks[1].line, 6);
        let mut stats = TextStats::default();
        for b in &blocks {
            stats.add_block(&b.text, b.line);
        }
        assert_eq!(stats.sentences, 4);
    }

    #[test]
    fn shortcode_tags_are_blanked_in_place() {
        let md = "A {{ report_button() }} b\n{% callout(title=\"Hi\") %}\nSee [x](/y/).\n{% end %}\n```\n{{ kept() }}\n```\n";
        let out = checkable_markdown(md);
        assert_eq!(out.len(), md.len());
        assert_eq!(out.lines().count(), md.lines().count());
        assert!(
            !out.contains("report_button") && !out.contains("callout"),
            "{out}"
        );
        assert!(
            out.contains("See [x](/y/).") && out.contains("{{ kept() }}"),
            "{out}"
        );
        let rendered = markdown::render(&out, 10);
        assert_eq!(rendered.links[0].target, "/y/");
        assert_eq!(rendered.links[0].line, 12);
    }

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

    #[test]
    fn finds_tags_attributes_and_ids() {
        let tags = html_tags(
            "<!-- <img src=x> --><p id=\"a&amp;b\" data-id='no'><img src=\"/a.png\" alt><IMG SRC=/b.png class=x /></p>",
        );
        let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["p", "img", "img"]);
        assert_eq!(tags[0].attr("id"), Some("a&amp;b"));
        assert!(tags[1].has_attr("alt") && tags[1].attr("src") == Some("/a.png"));
        assert!(!tags[2].has_attr("alt") && tags[2].attr("src") == Some("/b.png"));
        let ids = html_ids("<h2 id=\"what-to-do\">x</h2><div data-id=\"n\" id='a&amp;b'>");
        assert_eq!(
            ids,
            HashSet::from(["what-to-do".to_string(), "a&b".to_string()])
        );
    }

    #[test]
    fn raw_html_in_code_is_not_html() {
        let md = "Text <img src=\"/a.png\"> and `<img src=x>`.\n\n```\n<img src=y>\n```\n\n<div>\n<img src=\"/c.png\">\n</div>\n";
        let found: Vec<&str> = raw_html_ranges(md)
            .into_iter()
            .flat_map(|r| html_tags(&md[r]).into_iter().filter_map(|t| t.attr("src")))
            .collect();
        assert_eq!(found, ["/a.png", "/c.png"]);
    }

    fn test_page(markdown: &str) -> Page {
        Page {
            source: PathBuf::from("pages/a.md"),
            key: "a".into(),
            lang: "en".into(),
            kind: PageKind::Page,
            front: crate::content::front_matter::split(Path::new("a.md"), "---\ntitle: A\n---\n")
                .unwrap()
                .front,
            markdown: markdown.into(),
            body_line: 4,
            url: "/a/".into(),
            parent: Some("_index".into()),
        }
    }

    /// A campaign on disk: English and Polish, the example questionnaire.
    fn campaign(pages: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(
            root.join("config.yaml"),
            "base_url: https://t.example\nlanguages:\n  - {code: en, name: English, title: T}\n  - {code: pl, name: Polski, title: T}\nmenu: [/, /about/]\ncheck:\n  max_reading_grade: 8\n",
        )
        .unwrap();
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/questionnaire.yaml"),
            root.join("questionnaire.yaml"),
        )
        .unwrap();
        std::fs::create_dir_all(root.join("static")).unwrap();
        std::fs::write(root.join("static/leaflet.pdf"), b"%PDF").unwrap();
        for (path, text) in pages {
            let path = root.join("pages").join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    fn now() -> OffsetDateTime {
        time::macros::datetime!(2026-11-24 12:00 UTC)
    }

    fn lines(report: &CheckReport, root: &Path) -> Vec<String> {
        report
            .findings
            .iter()
            .map(|f| {
                let f = Finding {
                    path: f.path.strip_prefix(root).unwrap_or(&f.path).to_path_buf(),
                    ..f.clone()
                };
                f.to_string()
            })
            .collect()
    }

    #[test]
    fn a_clean_campaign_has_no_findings() {
        let dir = campaign(&[
            (
                "_index.md",
                "---\ntitle: Home\n---\nSee [about](/about/#who-we-are), [the leaflet](/leaflet.pdf), [the posters](/posters/taxi-drivers/) and [help](/help/).\n\n{{ report_button() }}\n",
            ),
            (
                "about.md",
                "---\ntitle: About\naliases: [/help/]\n---\n## Who we are\n\nWe help. Read [the home page](../) or [this part](#who-we-are).\n\n<img src=\"/leaflet.pdf\" alt=\"\">\n",
            ),
            (
                "report.md",
                "---\ntitle: Report\ntemplate: report.html\n---\nTell us.\n",
            ),
        ]);
        let report = check(dir.path(), now()).unwrap();
        assert_eq!(lines(&report, dir.path()), Vec::<String>::new());
        assert_eq!(report.pages, 3);
        assert_eq!(report.readings.len(), 3);
    }

    #[test]
    fn reports_each_problem_with_its_file_and_line() {
        let dir = campaign(&[
            (
                "_index.md",
                "---\ntitle: Home\n---\nIntro.\n\n[Gone](/gone/) and [bad anchor](/about/#nope).\n\n![](/leaflet.pdf)\n\n<img src=\"/missing.png\">\n\n[Draft](/draft/)\n",
            ),
            (
                "about.md",
                "---\ntitle: About\n---\n## Who we are\n\nText.\n",
            ),
            ("about.pl.md", "---\ntitle: O nas\n---\nTekst.\n"),
            (
                "old.md",
                "---\ntitle: Old\ndescription: x\nexpires_at: 2026-01-01\n---\nOld news.\n",
            ),
            ("draft.md", "---\ntitle: Draft\ndraft: true\n---\nSoon.\n"),
        ]);
        let config = std::fs::read_to_string(dir.path().join("config.yaml")).unwrap();
        std::fs::write(
            dir.path().join("config.yaml"),
            config.replace("/about/]", "/about/, /nowhere/]"),
        )
        .unwrap();
        let report = check(dir.path(), now()).unwrap();
        let found = lines(&report, dir.path());
        let expect = [
            "pages/_index.md:1: warning: no Polski (pl) translation, though other pages in this section have one: add ",
            "pages/_index.md:6: error: broken link to /gone/: there is no page or file there",
            "pages/_index.md:6: error: broken link to /about/#nope: /about/ has no heading or element with id `nope` (its headings are #who-we-are)",
            "pages/_index.md:8: error: image /leaflet.pdf has no alt text",
            "pages/_index.md:10: error: <img src=\"/missing.png\"> has no alt attribute",
            "pages/_index.md:10: error: broken image /missing.png: there is no page or file there",
            "pages/_index.md:12: error: broken link to /draft/: /draft/ is left out of the build (draft)",
            "pages/old.md:4: error: the page expired on 2026-01-01",
            "config.yaml:5: error: menu: /nowhere/ is not a live page",
        ];
        for expected in expect {
            let expected =
                expected.replace("pages/", &format!("pages{}", std::path::MAIN_SEPARATOR));
            assert!(
                found.iter().any(|f| f.starts_with(&expected)),
                "missing {expected:?} in\n{}",
                found.join("\n")
            );
        }
        assert!(report.has_errors());
        assert_eq!(report.warnings(), 1, "{}", found.join("\n"));
        assert!(
            found
                .iter()
                .any(|f| f.contains("warning") && f.ends_with("_index.pl.md")),
            "{}",
            found.join("\n")
        );
        assert_eq!(report.errors(), 8, "{}", found.join("\n"));
    }

    #[test]
    fn hard_english_pages_get_a_warning_and_easy_ones_do_not() {
        let hard = "Notwithstanding organisational considerations, multidisciplinary safeguarding partnerships systematically disseminate comprehensive institutional documentation concerning exploitation indicators. ";
        let easy = "You do not have to be sure. Tell us what you saw. We will look at it. ";
        let dir = campaign(&[
            (
                "_index.md",
                &format!("---\ntitle: Home\n---\nIntro.\n\n{}\n", easy.repeat(6)),
            ),
            (
                "about.md",
                &format!("---\ntitle: About\n---\nIntro.\n\n{}\n", hard.repeat(4)),
            ),
        ]);
        let report = check(dir.path(), now()).unwrap();
        let found = lines(&report, dir.path());
        let warnings: Vec<&String> = found
            .iter()
            .filter(|f| f.contains("hard to read"))
            .collect();
        assert_eq!(warnings.len(), 1, "{}", found.join("\n"));
        assert!(
            warnings[0].contains("about.md:6: warning: hard to read: Flesch–Kincaid grade"),
            "{}",
            warnings[0]
        );
        assert!(warnings[0].contains("maximum of 8"), "{}", warnings[0]);
        assert!(!report.has_errors(), "{}", found.join("\n"));
    }
}
