//! Links to other sites (helplines, partners), gathered for `lookout check --external`: the
//! checking itself needs the network, so it is the command's, and `check` stays offline.

use std::path::PathBuf;

use crate::markup::tags::{decode_entities, html_tags};
use crate::model::LivePage;

/// A link to another site, where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalLink {
    pub url: String,
    pub path: PathBuf,
    pub line: usize,
}

/// The `http(s)://` links and images of a live page, from Markdown and from HTML in it.
pub fn external_links(live: &LivePage, out: &mut Vec<ExternalLink>) {
    let page = &live.page;
    let facts = &live.markup.facts;
    let mut push = |url: &str, line: usize| {
        let url = url.trim();
        if url.starts_with("https://") || url.starts_with("http://") {
            out.push(ExternalLink {
                url: url.to_string(),
                path: page.source.clone(),
                line,
            });
        }
    };
    for link in &facts.links {
        push(&link.target, link.line);
    }
    for piece in &facts.raw_html {
        for tag in html_tags(&piece.html) {
            for attr in ["href", "src"] {
                if let Some(value) = tag.attr(attr) {
                    push(&decode_entities(value), piece.line_at(tag.offset));
                }
            }
        }
    }
}
