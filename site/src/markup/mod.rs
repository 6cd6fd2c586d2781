//! The second stage: a page's Markdown to HTML. Shortcodes are expanded first (each call
//! rendered by a function the caller gives, so this stage knows no templates), then the
//! expanded Markdown is parsed once; that one parse gives the HTML, the table of contents, the
//! search text and the facts `check` reads, with file lines mapped back through the expansion.

pub mod address;
pub mod facts;
pub mod lines;
pub mod markdown;
pub mod sanitize;
pub mod shortcodes;
pub mod tags;

use std::path::Path;

use facts::Facts;
use lines::{LineIndex, SourceMap};
use shortcodes::{Call, without_blank_lines};

use crate::error::{Result, SiteError};
pub use markdown::Markup;

/// What becomes of a link in a page's Markdown: kept as written, shown as its text alone (it
/// leads to a page the clock has taken out of the build, or not yet let in), or sent to
/// another address (the page named by the expired page's `replaced_by`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Relink {
    Keep,
    Unlink,
    To(String),
}

/// Renders the Markdown of `path`, whose first line is file line `first_line`, rendering each
/// shortcode call with `shortcode` and asking `relink` about each link; with `facts`, records
/// what `check` reads (the links as written).
pub fn render(
    path: &Path,
    markdown: &str,
    first_line: usize,
    facts: bool,
    relink: &dyn Fn(&str) -> Relink,
    mut shortcode: impl FnMut(&Call<'_>) -> Result<String>,
) -> Result<Markup> {
    let lines = LineIndex::new(markdown, first_line);
    let calls = shortcodes::scan(path, markdown, &lines)?;
    let mut expanded = String::with_capacity(markdown.len());
    let mut map = SourceMap::new(&lines);
    let mut body_facts = Facts::default();
    let mut refused = Vec::new();
    let mut copied = 0;
    for found in &calls {
        map.push_written(expanded.len(), copied);
        expanded.push_str(&markdown[copied..found.range.start]);
        let body = found.body.clone().map(|range| {
            let parsed = markdown::parse(
                &markdown[range.clone()],
                &SourceMap::copied(&lines, range.start),
                facts,
                relink,
            );
            body_facts.merge(parsed.facts);
            refused.extend(parsed.refused);
            parsed.html
        });
        let call = Call {
            name: found.name,
            args: &found.args,
            body: body.as_deref(),
            line: found.line,
        };
        let html = shortcode(&call)?;
        map.push_shortcode(expanded.len(), found.range.start);
        expanded.push_str(&without_blank_lines(&html));
        copied = found.range.end;
    }
    map.push_written(expanded.len(), copied);
    expanded.push_str(&markdown[copied..]);
    let mut markup = markdown::parse(&expanded, &map, facts, relink);
    markup.facts.merge(body_facts);
    refused.append(&mut markup.refused);
    if refused.is_empty() {
        return Ok(markup);
    }
    refused.sort();
    Err(SiteError::Many(
        refused
            .into_iter()
            .map(|(line, why)| SiteError::content(path, Some(line), why))
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_with_tags(markdown: &str) -> Markup {
        render(
            Path::new("a.md"),
            markdown,
            10,
            true,
            &|_| Relink::Keep,
            |call| match call.body {
                Some(body) => Ok(format!("<div class=\"{}\">\n\n{body}</div>", call.name)),
                None => Ok(format!("<b>{}</b>", call.name)),
            },
        )
        .unwrap()
    }

    #[test]
    fn shortcodes_are_rendered_in_place() {
        let out = render_with_tags("A\n\n{{ note() }}\n\nB\n");
        assert_eq!(out.html, "<p>A</p>\n<p><b>note</b></p>\n<p>B</p>\n");
    }

    #[test]
    fn facts_keep_file_lines_through_expansion_and_skip_template_output() {
        let md = "A {{ button() }} b\n{% callout(title=\"Hi\") %}\nSee [x](/y/).\n\nMore [z](/w/).\n{% end %}\n\nAfter [a](/b/) <img src=\"/c.png\">\n```\n{{ kept() }}\n```\n";
        let out = render_with_tags(md);
        let links: Vec<(&str, usize)> = out
            .facts
            .links
            .iter()
            .map(|l| (l.target.as_str(), l.line))
            .collect();
        assert_eq!(links, [("/y/", 12), ("/w/", 14), ("/b/", 17)]);
        let html: Vec<(&str, usize)> = out
            .facts
            .raw_html
            .iter()
            .map(|h| (h.html.as_str(), h.line))
            .collect();
        assert_eq!(html, [("<img src=\"/c.png\">", 17)]);
        let prose: Vec<&str> = out.facts.prose.iter().map(|p| p.text.trim()).collect();
        assert_eq!(prose, ["A  b", "See x.", "More z.", "After a"]);
        assert!(out.html.contains("{{ kept() }}"), "{}", out.html);
    }
}
