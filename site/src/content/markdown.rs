//! Markdown to HTML with tables, footnotes and heading anchors, collecting what later steps
//! need: the table of contents, the plain text (search, reading level) and the links (`check`).

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;

#[derive(Debug, Clone, Default, Serialize)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<Heading>,
    /// The words a reader sees, for the search index and the reading-level check.
    #[serde(skip)]
    pub text: String,
    #[serde(skip)]
    pub links: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link or image in the body, with the file line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub target: String,
    pub line: usize,
    pub is_image: bool,
    /// For images: whether the alternative text is empty.
    pub missing_alt: bool,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders `markdown` whose first line is line `first_line` of its file.
pub fn render(markdown: &str, first_line: usize) -> Rendered {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(markdown.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| first_line + line_starts.partition_point(|&s| s <= offset) - 1;

    let mut events: Vec<Event<'_>> = Vec::new();
    let mut rendered = Rendered::default();
    let mut used_ids = HashSet::new();
    let mut heading: Option<(usize, String)> = None;
    let mut image: Option<(String, usize, String)> = None;

    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match &event {
            Event::Start(Tag::Heading { .. }) => heading = Some((events.len(), String::new())),
            Event::End(TagEnd::Heading(level)) => {
                if let Some((start, title)) = heading.take() {
                    set_heading_id(
                        &mut events[start],
                        &title,
                        &mut used_ids,
                        *level,
                        &mut rendered.toc,
                    );
                }
                // Keep the heading's last word apart from the next block's first.
                rendered.text.push(' ');
            }
            Event::Start(Tag::Link { dest_url, .. }) => rendered.links.push(Link {
                target: dest_url.to_string(),
                line: line_of(range.start),
                is_image: false,
                missing_alt: false,
            }),
            Event::Start(Tag::Image { dest_url, .. }) => {
                image = Some((dest_url.to_string(), line_of(range.start), String::new()));
            }
            Event::End(TagEnd::Image) => {
                if let Some((target, line, alt)) = image.take() {
                    let missing_alt = alt.trim().is_empty();
                    rendered.links.push(Link {
                        target,
                        line,
                        is_image: true,
                        missing_alt,
                    });
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, title)) = heading.as_mut() {
                    title.push_str(text);
                }
                if let Some((_, _, alt)) = image.as_mut() {
                    alt.push_str(text);
                }
                rendered.text.push_str(text);
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                rendered.text.push(' ');
            }
            _ => {}
        }
        events.push(event);
    }
    html::push_html(&mut rendered.html, events.into_iter());
    rendered
}

/// Gives a heading an id (its own `{#id}` if the author wrote one) and records it in the table
/// of contents.
fn set_heading_id(
    event: &mut Event<'_>,
    title: &str,
    used: &mut HashSet<String>,
    level: HeadingLevel,
    toc: &mut Vec<Heading>,
) {
    let Event::Start(Tag::Heading { id, .. }) = event else {
        return;
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
    toc.push(Heading {
        level: level as u8,
        id: unique,
        title: title.to_string(),
    });
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
            out.text.split_whitespace().collect::<Vec<_>>(),
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
        assert_eq!(
            out.links[0],
            Link {
                target: "/signs/".into(),
                line: 12,
                is_image: false,
                missing_alt: false
            }
        );
        assert_eq!(
            out.links[1],
            Link {
                target: "/a.png".into(),
                line: 14,
                is_image: true,
                missing_alt: true
            }
        );
    }

    #[test]
    fn urdu_headings_keep_their_letters() {
        assert_eq!(slugify("علامات کیا ہیں؟"), "علامات-کیا-ہیں");
        assert_eq!(slugify("Hotels & B&Bs"), "hotels-b-bs");
    }
}
