//! What `lookout check` needs to know about a page, recorded by the one Markdown parse the
//! build makes: its links and images, the HTML written into it, its heading ids and its
//! prose, each with the file line it is on. Only what the author wrote counts; what shortcode
//! templates add is the theme's, not the page's.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::lines::{Located, SourceMap};

/// A link or image in the body, with the file line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub target: String,
    pub line: usize,
    pub is_image: bool,
    /// For images: whether the alternative text is empty.
    pub missing_alt: bool,
    at: usize,
}

/// A stretch of HTML the author wrote into the Markdown (an HTML block or inline HTML).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawHtml {
    pub html: String,
    /// The file line the HTML starts on.
    pub line: usize,
    at: usize,
}

impl RawHtml {
    /// The file line of a byte offset in [`RawHtml::html`].
    pub fn line_at(&self, offset: usize) -> usize {
        self.line
            + self.html[..offset.min(self.html.len())]
                .matches('\n')
                .count()
    }
}

/// A run of prose: a paragraph, heading, list item or table cell, and its first file line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prose {
    pub text: String,
    pub line: usize,
    at: usize,
}

/// The facts of one page, in the order they come in its file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    pub links: Vec<Link>,
    pub raw_html: Vec<RawHtml>,
    /// The ids of the page's headings, including those in shortcode bodies.
    pub heading_ids: Vec<String>,
    /// The page's prose, block by block: headings and list items end a sentence even without a
    /// full stop, which plain text run together would not show. Code and image alt text are
    /// left out.
    pub prose: Vec<Prose>,
    heading_at: Vec<usize>,
}

impl Facts {
    /// Adds the facts of another parse of the same page (a shortcode's body), keeping file
    /// order.
    pub fn merge(&mut self, other: Facts) {
        self.links.extend(other.links);
        self.links.sort_by_key(|l| l.at);
        self.raw_html.extend(other.raw_html);
        self.raw_html.sort_by_key(|h| h.at);
        self.prose.extend(other.prose);
        self.prose.sort_by_key(|p| p.at);
        let mut headings: Vec<(usize, String)> = self
            .heading_at
            .drain(..)
            .zip(self.heading_ids.drain(..))
            .chain(other.heading_at.into_iter().zip(other.heading_ids))
            .collect();
        headings.sort_by_key(|(at, _)| *at);
        (self.heading_at, self.heading_ids) = headings.into_iter().unzip();
    }
}

/// Records facts while the Markdown renderer walks its events.
pub struct Recorder<'m> {
    map: &'m SourceMap<'m>,
    facts: Facts,
    image: Option<(String, Located, String)>,
    /// Merged byte ranges (in the parsed text) of HTML blocks and inline HTML.
    html_ranges: Vec<std::ops::Range<usize>>,
    block: Option<Prose>,
    /// Depth inside code blocks and images, whose text is not prose.
    skip: usize,
}

impl<'m> Recorder<'m> {
    pub fn new(map: &'m SourceMap<'m>) -> Self {
        Self {
            map,
            facts: Facts::default(),
            image: None,
            html_ranges: Vec::new(),
            block: None,
            skip: 0,
        }
    }

    pub fn event(&mut self, event: &Event<'_>, range: std::ops::Range<usize>) {
        let here = self.map.locate(range.start);
        match event {
            Event::Start(Tag::Heading { .. }) => self.facts.heading_at.push(here.at),
            Event::Start(Tag::Link { dest_url, .. }) if here.written => {
                self.facts.links.push(link(dest_url, here, false, false));
            }
            Event::Start(Tag::Image { dest_url, .. }) if here.written => {
                self.image = Some((dest_url.to_string(), here, String::new()));
            }
            Event::End(TagEnd::Image) => {
                if let Some((target, at, alt)) = self.image.take() {
                    let missing_alt = alt.trim().is_empty();
                    self.facts.links.push(link(&target, at, true, missing_alt));
                }
            }
            Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_) => self.html(range),
            _ => {}
        }
        if let (Event::Text(text) | Event::Code(text), Some((_, _, alt))) =
            (event, self.image.as_mut())
        {
            alt.push_str(text);
        }
        self.prose(event, here);
    }

    /// The facts, with the ids the renderer gave the headings, in order.
    pub fn finish(mut self, text: &str, heading_ids: Vec<String>) -> Facts {
        self.flush();
        self.facts.heading_ids = heading_ids;
        for range in std::mem::take(&mut self.html_ranges) {
            for part in self.map.written_parts(range) {
                if text[part.clone()].trim().is_empty() {
                    continue;
                }
                let here = self.map.locate(part.start);
                self.facts.raw_html.push(RawHtml {
                    html: text[part].to_string(),
                    line: here.line,
                    at: here.at,
                });
            }
        }
        self.facts
    }

    fn html(&mut self, range: std::ops::Range<usize>) {
        match self.html_ranges.last_mut() {
            Some(last) if last.end >= range.start => last.end = last.end.max(range.end),
            _ => self.html_ranges.push(range),
        }
    }

    fn prose(&mut self, event: &Event<'_>, here: Located) {
        match event {
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell) => {
                self.flush();
                self.block = Some(prose_at(here));
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => self.flush(),
            Event::Start(Tag::CodeBlock(_) | Tag::Image { .. }) => self.skip += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Image) => {
                self.skip = self.skip.saturating_sub(1);
            }
            Event::Text(text) | Event::Code(text) if self.skip == 0 && here.written => {
                let block = self.block.get_or_insert_with(|| prose_at(here));
                block.text.push_str(text);
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(block) = self.block.as_mut() {
                    block.text.push(' ');
                }
            }
            _ => {}
        }
    }

    fn flush(&mut self) {
        if let Some(block) = self.block.take()
            && !block.text.trim().is_empty()
        {
            self.facts.prose.push(block);
        }
    }
}

fn link(target: &str, here: Located, is_image: bool, missing_alt: bool) -> Link {
    Link {
        target: target.to_string(),
        line: here.line,
        is_image,
        missing_alt,
        at: here.at,
    }
}

fn prose_at(here: Located) -> Prose {
    Prose {
        text: String::new(),
        line: here.line,
        at: here.at,
    }
}
