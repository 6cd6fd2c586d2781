//! Page shells the report functions wrap their HTML answers in (see ARCHITECTURE.md): the
//! site's base page with `lookout_questionnaire::shell::CONTENT_MARKER` where the content goes,
//! one per language at `_lookout/shell.<lang>.html`.
//!
//! The contract is checked here, at build time: a shell without the marker would build cleanly
//! and then stop `lookout serve` and the functions at start, far from the template that lost
//! it. The error names that template and a line.

use lookout_questionnaire::shell::{self, CONTENT_MARKER};

use super::scripts::render_document;
use crate::error::{Result, SiteError};
use crate::load::theme::{TemplateSource, Theme};
use crate::model::Site;
use crate::output::OutputFile;

const SHELL: &str = "shell.html";

pub fn shell_files(site: &Site) -> Result<Vec<OutputFile>> {
    let theme = &site.campaign().theme;
    let mut files = Vec::new();
    for language in &site.campaign().config.languages {
        let html = render_document(site, &language.code, SHELL, &site.context(&language.code))?;
        if !html.contains(CONTENT_MARKER) {
            return Err(missing_marker(theme));
        }
        let path = shell::site_path(&language.code);
        files.push(OutputFile::new(path, html.into_bytes()));
    }
    Ok(files)
}

/// The error for a shell rendered without the marker, at the template to fix: `shell.html`
/// when it lacks the marker or does not render it, else the template it extends when that
/// one has lost its `{% block content %}`.
fn missing_marker(theme: &Theme) -> SiteError {
    let Some(shell) = theme.source(SHELL) else {
        return SiteError::Template {
            name: SHELL.into(),
            message: format!("the page shell does not hold {CONTENT_MARKER}"),
        };
    };
    let parent = tag_argument(&shell.text, "extends").and_then(|name| {
        let source = theme.source(name)?;
        Some((name, source))
    });
    if !shell.text.contains(CONTENT_MARKER) {
        let line = tag_line(&shell.text, "block content")
            .or_else(|| text_line(&shell.text, "<main"))
            .or_else(|| tag_line(&shell.text, "extends"));
        return at(
            shell,
            line,
            format!(
                "{SHELL} must hold {CONTENT_MARKER} where the report functions put their pages: write {{% block content %}}{CONTENT_MARKER}{{% endblock content %}}"
            ),
        );
    }
    match parent {
        Some((name, base)) if tag_line(&base.text, "block content").is_none() => at(
            base,
            text_line(&base.text, "<main"),
            format!(
                "{name} has no {{% block content %}}, so the page shell ({SHELL}) loses its {CONTENT_MARKER} and the report functions have nowhere to put their pages: put {{% block content %}}{{% endblock content %}} where a page's content goes"
            ),
        ),
        _ => at(
            shell,
            text_line(&shell.text, CONTENT_MARKER),
            format!(
                "{SHELL} holds {CONTENT_MARKER} but does not render it as written (inside a condition, or escaped): the report functions need it in every shell"
            ),
        ),
    }
}

fn at(source: &TemplateSource, line: Option<usize>, message: String) -> SiteError {
    SiteError::content(&source.path, line.or(Some(1)), message)
}

/// The line of the first `{% <words> ...` tag (with or without `-`) in a template.
fn tag_line(text: &str, words: &str) -> Option<usize> {
    text.lines()
        .position(|line| tags_in(line).any(|tag| starts_with_words(tag, words)))
        .map(|index| index + 1)
}

/// The quoted argument of the first `{% <keyword> "..." %}` tag: `base.html` of
/// `{% extends "base.html" %}`.
fn tag_argument<'t>(text: &'t str, keyword: &str) -> Option<&'t str> {
    text.lines()
        .flat_map(tags_in)
        .find(|tag| starts_with_words(tag, keyword))
        .and_then(|tag| {
            let rest = tag[keyword.len()..].trim_start();
            let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
            rest[1..].split(quote).next()
        })
}

/// The inside of each `{% ... %}` tag of a line, without `-` and the spaces around it.
fn tags_in(line: &str) -> impl Iterator<Item = &str> {
    line.split("{%").skip(1).map(|tag| {
        let tag = tag.split("%}").next().unwrap_or(tag);
        tag.trim_start_matches('-').trim_end_matches('-').trim()
    })
}

/// Whether `tag` starts with `words` (separated by any white space) as whole words.
fn starts_with_words(tag: &str, words: &str) -> bool {
    let mut tag_words = tag.split_whitespace();
    words
        .split_whitespace()
        .all(|word| tag_words.next() == Some(word))
}

/// The line of the first occurrence of `needle` in a template.
fn text_line(text: &str, needle: &str) -> Option<usize> {
    text.lines()
        .position(|line| line.contains(needle))
        .map(|index| index + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_tags_with_and_without_whitespace_control() {
        let text = "{% extends \"base.html\" %}\n{% block head %}{% endblock head %}\n{%- block  content -%}x{% endblock %}\n";
        assert_eq!(tag_argument(text, "extends"), Some("base.html"));
        assert_eq!(tag_line(text, "block content"), Some(3));
        assert_eq!(tag_line(text, "block head"), Some(2));
        assert_eq!(tag_line("{% block contents %}", "block content"), None);
        assert_eq!(tag_line("{% endblock content %}", "block content"), None);
    }
}
