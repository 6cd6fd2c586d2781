//! Markdown to HTML with tables, footnotes, heading anchors and smart punctuation, in one
//! parse that also collects what later steps need: the table of contents, the plain text (the
//! search index) and the page's [`Facts`] (`check`).

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;
use serde_json::value::{RawValue, to_raw_value};

use super::Relink;
use super::facts::{Facts, Recorder};
use super::lines::SourceMap;
use super::sanitize;

/// Markdown, rendered: a page's, or a shortcode body's.
#[derive(Debug, Clone, Default)]
pub struct Markup {
    pub html: String,
    pub toc: Vec<Heading>,
    /// The words a reader sees, one space apart, cut at [`TEXT_LIMIT`] characters: what the
    /// search index holds of the page.
    pub text: SearchText,
    pub facts: Facts,
    /// What the author wrote that cannot be on a page (see [`super::sanitize`]): file line
    /// and why. The build refuses a page with any.
    pub refused: Vec<(usize, String)>,
}

/// A page's text as the search index holds it, written as JSON once, when the page is
/// rendered: the index of a large campaign is megabytes, made again on every edit, and copying
/// each page's text into it is many times quicker than escaping it again.
#[derive(Debug, Clone)]
pub struct SearchText(Box<RawValue>);

impl SearchText {
    fn of(text: &str) -> Self {
        // Writing a string as JSON cannot fail; were it to, the page is found by its title.
        Self(to_raw_value(text).unwrap_or_else(|_| RawValue::NULL.to_owned()))
    }

    /// The text as a JSON string, quoted and escaped.
    pub fn as_json(&self) -> &RawValue {
        &self.0
    }

    /// The text itself.
    #[cfg(test)]
    pub fn words(&self) -> String {
        serde_json::from_str(self.0.get()).unwrap_or_default()
    }
}

impl Default for SearchText {
    fn default() -> Self {
        Self::of("")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// The Markdown the site accepts; the one definition, for pages and shortcode bodies alike.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// How much of a page's text is indexed; enough for matching, small enough for a phone.
pub const TEXT_LIMIT: usize = 1500;

/// Renders `markdown`, whose bytes `map` places in the page's file; with `facts`, also records
/// what `check` reads (a build does not need them, and they are as large as the text). Each
/// link is kept, unlinked or sent elsewhere as `relink` says; the facts keep it as written.
pub fn parse(
    markdown: &str,
    map: &SourceMap<'_>,
    facts: bool,
    relink: &dyn Fn(&str) -> Relink,
) -> Markup {
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut parsed = Markup::default();
    let mut recorder = facts.then(|| Recorder::new(map));
    let mut used_ids = HashSet::new();
    let mut heading: Option<(usize, String)> = None;
    let mut text = String::new();
    let mut unlinked = false;
    let mut authors_html = false;

    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        authors_html |= refuse_code(&event, map, range.start, &mut parsed.refused);
        if let Some(recorder) = recorder.as_mut() {
            recorder.event(&event, range);
        }
        match &event {
            Event::Start(Tag::Heading { .. }) => heading = Some((events.len(), String::new())),
            Event::End(TagEnd::Heading(level)) => {
                if let Some((start, title)) = heading.take() {
                    let heading = set_heading_id(&mut events[start], &title, &mut used_ids, *level);
                    parsed.toc.extend(heading);
                }
                // Keep the heading's last word apart from the next block's first.
                text.push(' ');
            }
            Event::Text(words) | Event::Code(words) => {
                if let Some((_, title)) = heading.as_mut() {
                    title.push_str(words);
                }
                text.push_str(words);
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                text.push(' ');
            }
            _ => {}
        }
        if let Some(event) = relinked(event, relink, &mut unlinked) {
            events.push(event);
        }
    }
    if let Some(recorder) = recorder {
        let ids = parsed.toc.iter().map(|h| h.id.clone()).collect();
        parsed.facts = recorder.finish(markdown, ids);
    }
    parsed.html.reserve(markdown.len() * 3 / 2);
    html::push_html(&mut parsed.html, events.into_iter());
    if authors_html {
        parsed.html = sanitize::clean(&parsed.html);
    }
    // Kept for the life of the model: no spare capacity.
    parsed.html.shrink_to_fit();
    parsed.text = SearchText::of(&collapse(&text, TEXT_LIMIT));
    parsed
}

/// The event as the page shows it: a link `relink` unlinks loses its start and end (its text
/// stays, `unlinked` remembering that the next link end is its own: links do not nest), and
/// one it sends elsewhere gets the new address.
fn relinked<'e>(
    event: Event<'e>,
    relink: &dyn Fn(&str) -> Relink,
    unlinked: &mut bool,
) -> Option<Event<'e>> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => match relink(&dest_url) {
            Relink::Keep => Some(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })),
            Relink::Unlink => {
                *unlinked = true;
                None
            }
            Relink::To(address) => Some(Event::Start(Tag::Link {
                link_type,
                dest_url: CowStr::from(address),
                title,
                id,
            })),
        },
        Event::End(TagEnd::Link) if *unlinked => {
            *unlinked = false;
            None
        }
        other => Some(other),
    }
}

/// Records in `refused` what in `event`, if the author wrote it, carries code; whether it is
/// HTML the author wrote (the page then goes through the sanitizer too).
fn refuse_code(
    event: &Event<'_>,
    map: &SourceMap<'_>,
    at: usize,
    refused: &mut Vec<(usize, String)>,
) -> bool {
    let here = map.locate(at);
    if !here.written {
        return false;
    }
    match event {
        Event::Html(html) | Event::InlineHtml(html) => {
            if let Some(why) = sanitize::refusal(html) {
                refused.push((here.line, why));
            }
            true
        }
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
            if sanitize::refused_url(dest_url) =>
        {
            refused.push((
                here.line,
                format!("the link target \"{dest_url}\" is not allowed: a script URL runs code"),
            ));
            false
        }
        _ => false,
    }
}

/// The words of `text` one space apart, cut after `limit` characters.
fn collapse(text: &str, limit: usize) -> String {
    let mut collapsed = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        if !collapsed.is_empty() {
            if chars >= limit {
                return collapsed;
            }
            collapsed.push(' ');
            chars += 1;
        }
        for c in word.chars() {
            if chars >= limit {
                return collapsed;
            }
            collapsed.push(c);
            chars += 1;
        }
    }
    collapsed
}

/// Gives a heading an id (its own `{#id}` if the author wrote one), returning its entry in the
/// table of contents.
fn set_heading_id(
    event: &mut Event<'_>,
    title: &str,
    used: &mut HashSet<String>,
    level: HeadingLevel,
) -> Option<Heading> {
    let Event::Start(Tag::Heading { id, .. }) = event else {
        return None;
    };
    let base = match id {
        Some(given) => given.to_string(),
        None => slugify(title),
    };
    let mut unique = base.clone();
    let mut n = 1;
    while !used.insert(unique.clone()) {
        unique = format!("{base}-{n}");
        n += 1;
    }
    *id = Some(CowStr::from(unique.clone()));
    Some(Heading {
        level: level as u8,
        id: unique,
        title: title.to_string(),
    })
}

/// Lower-case words joined by `-`; letters of any script are kept so Urdu headings get ids.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.extend(word.chars().flat_map(char::to_lowercase));
    }
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::lines::LineIndex;

    /// Parses Markdown that starts on file line `first_line`.
    fn render(markdown: &str, first_line: usize) -> Markup {
        let lines = LineIndex::new(markdown, first_line);
        parse(markdown, &SourceMap::copied(&lines, 0), true, &|_| {
            Relink::Keep
        })
    }

    #[test]
    fn links_are_unlinked_or_sent_on_as_relink_says() {
        let lines = LineIndex::new("", 1);
        let relink = |target: &str| match target {
            "/gone/" => Relink::Unlink,
            "/old/" => Relink::To("/new/".into()),
            _ => Relink::Keep,
        };
        let md = "See [the *signs*](/gone/), [help](/old/) and [more](/more/).\n";
        let out = parse(md, &SourceMap::copied(&lines, 0), true, &relink);
        assert_eq!(
            out.html,
            "<p>See the <em>signs</em>, <a href=\"/new/\">help</a> and <a href=\"/more/\">more</a>.</p>\n"
        );
        let targets: Vec<&str> = out.facts.links.iter().map(|l| l.target.as_str()).collect();
        assert_eq!(
            targets,
            ["/gone/", "/old/", "/more/"],
            "check sees what was written"
        );
    }

    #[test]
    fn headings_get_unique_anchors_and_a_toc() {
        let out = render("# Signs to look for\n\n## What to do\n\n## What to do\n", 1);
        assert!(
            out.html.contains(r#"<h1 id="signs-to-look-for">"#),
            "{}",
            out.html
        );
        assert!(
            out.html.contains(r#"<h2 id="what-to-do-1">"#),
            "{}",
            out.html
        );
        assert_eq!(out.toc.len(), 3);
        assert_eq!(out.toc[1].title, "What to do");
        assert_eq!(
            out.text.words().split_whitespace().collect::<Vec<_>>(),
            [
                "Signs", "to", "look", "for", "What", "to", "do", "What", "to", "do"
            ]
        );
    }

    #[test]
    fn tables_and_footnotes_render() {
        let out = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1]\n\n[^1]: Note.\n",
            1,
        );
        assert!(out.html.contains("<table>"), "{}", out.html);
        assert!(out.html.contains("footnote-definition"), "{}", out.html);
    }

    #[test]
    fn links_and_images_carry_file_lines() {
        let out = render("Intro\n\nSee [the signs](/signs/).\n\n![](/a.png)\n", 10);
        let links: Vec<_> = out
            .facts
            .links
            .iter()
            .map(|l| (l.target.as_str(), l.line, l.is_image, l.missing_alt))
            .collect();
        assert_eq!(
            links,
            [("/signs/", 12, false, false), ("/a.png", 14, true, true)]
        );
    }

    #[test]
    fn headings_and_list_items_end_sentences() {
        let out = render(
            "# Signs\n\n- going missing\n- new phones\n\nCall 999 now.\n",
            4,
        );
        let blocks: Vec<(&str, usize)> = out
            .facts
            .prose
            .iter()
            .map(|b| (b.text.as_str(), b.line))
            .collect();
        assert_eq!(
            blocks,
            [
                ("Signs", 4),
                ("going missing", 6),
                ("new phones", 7),
                ("Call 999 now.", 9)
            ]
        );
        assert_eq!(out.facts.heading_ids, ["signs"]);
    }

    #[test]
    fn raw_html_in_code_is_not_html() {
        let md = "Text <img src=\"/a.png\"> and `<img src=x>`.\n\n```\n<img src=y>\n```\n\n<div>\n<img src=\"/c.png\">\n</div>\n";
        let out = render(md, 1);
        let found: Vec<(&str, usize)> = out
            .facts
            .raw_html
            .iter()
            .map(|h| (h.html.as_str(), h.line))
            .collect();
        assert_eq!(
            found,
            [
                ("<img src=\"/a.png\">", 1),
                ("<div>\n<img src=\"/c.png\">\n</div>\n", 7)
            ]
        );
        assert_eq!(out.facts.raw_html[1].line_at(6), 8);
    }

    #[test]
    fn search_text_is_words_one_space_apart_cut_at_the_limit() {
        assert_eq!(collapse("  a  bc\n d ", 100), "a bc d");
        assert_eq!(collapse("ab cd", 2), "ab");
        assert_eq!(collapse("ab cd", 3), "ab ");
        assert_eq!(collapse("ab cd", 4), "ab c");
        assert_eq!(collapse("żółw", 2), "żó");
    }

    #[test]
    fn urdu_headings_keep_their_letters() {
        assert_eq!(slugify("علامات کیا ہیں؟"), "علامات-کیا-ہیں");
        assert_eq!(slugify("Hotels & B&Bs"), "hotels-b-bs");
    }
}
