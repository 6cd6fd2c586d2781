//! Zola-style shortcodes in Markdown: `{{ name(key="value") }}` inline and
//! `{% name(key="value") %}Markdown{% end %}` with a body. Each is rendered by the template
//! `shortcodes/<name>.html`; this module is the one scanner that finds and parses them, for
//! expansion and for anything else that needs to know where they are.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use super::lines::LineIndex;
use crate::error::{Result, SiteError};

/// A shortcode argument: a string, number or boolean.
pub type Args = BTreeMap<String, serde_json::Value>;

/// A shortcode call found in a page's Markdown.
#[derive(Debug, Clone, PartialEq)]
pub struct Shortcode<'a> {
    pub name: &'a str,
    pub args: Args,
    /// The whole call, from its opening `{{` or `{%` to the end of its `}}` or `{% end %}`.
    pub range: Range<usize>,
    /// The Markdown between `{% name() %}` and `{% end %}`, without the line ends around it.
    pub body: Option<Range<usize>>,
    /// The file line of the call.
    pub line: usize,
}

/// What a shortcode's template is given: the call, with its body already rendered to HTML.
pub struct Call<'a> {
    pub name: &'a str,
    pub args: &'a Args,
    pub body: Option<&'a str>,
    pub line: usize,
}

/// Every shortcode call in `markdown` (whose lines `lines` indexes), in order. Fenced code
/// blocks are left alone so documentation can show shortcode syntax.
pub fn scan<'a>(path: &Path, markdown: &'a str, lines: &LineIndex) -> Result<Vec<Shortcode<'a>>> {
    let mut found = Vec::new();
    if !markdown.contains("{{") && !markdown.contains("{%") {
        return Ok(found);
    }
    let mut consumed = 0;
    while let Some(start) = next_call(&markdown[consumed..]) {
        let at = consumed + start;
        let call = parse_call(path, markdown, at, lines.line_of(at))?;
        consumed = call.range.end;
        found.push(call);
    }
    Ok(found)
}

/// A shortcode's output as one block of lines: a blank line inside would end an HTML block
/// early in Markdown.
pub fn without_blank_lines(html: &str) -> String {
    html.lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Offset of the next `{{` or `{%` outside fenced code.
fn next_call(text: &str) -> Option<usize> {
    let mut in_fence = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        } else if !in_fence {
            let found = [line.find("{{"), line.find("{%")]
                .into_iter()
                .flatten()
                .min();
            if let Some(at) = found {
                return Some(offset + at);
            }
        }
        offset += line.len();
    }
    None
}

/// The call starting at `at` in `markdown`, on file line `line`.
fn parse_call<'a>(path: &Path, markdown: &'a str, at: usize, line: usize) -> Result<Shortcode<'a>> {
    let text = &markdown[at..];
    let err = |message: String| SiteError::content(path, Some(line), message);
    let with_body = text.starts_with("{%");
    let close = if with_body { "%}" } else { "}}" };
    // Search after the opening `{{`/`{%`, so text such as `{%}` is an error, not a panic.
    let end = text[2..]
        .find(close)
        .map(|found| found + 2)
        .ok_or_else(|| err(format!("shortcode is not closed by `{close}`")))?;
    let inner = text[2..end].trim();
    let open = inner
        .find('(')
        .ok_or_else(|| err(format!("expected `name(...)` in `{inner}`")))?;
    let name = inner[..open].trim();
    let args_text = inner[open + 1..]
        .strip_suffix(')')
        .ok_or_else(|| err(format!("shortcode `{name}` is missing its closing `)`")))?;
    let args = parse_args(args_text).map_err(|m| err(format!("shortcode `{name}`: {m}")))?;
    let mut len = end + 2;
    let mut body = None;
    if with_body {
        let after = &text[len..];
        let (end_at, end_len) = find_end_tag(after)
            .ok_or_else(|| err(format!("shortcode `{name}` has no `{{% end %}}`")))?;
        let raw = &after[..end_at];
        let leading = raw.len() - raw.trim_start_matches('\n').len();
        let start = at + len + leading;
        body = Some(start..start + raw.trim_matches('\n').len());
        len += end_at + end_len;
    }
    Ok(Shortcode {
        name,
        args,
        range: at..at + len,
        body,
        line,
    })
}

fn find_end_tag(text: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(at) = text[from..].find("{%") {
        let start = from + at;
        let close = text[start..].find("%}")?;
        if text[start + 2..start + close].trim() == "end" {
            return Some((start, close + 2));
        }
        from = start + 2;
    }
    None
}

/// `a="x", n=3, flag=true`.
fn parse_args(text: &str) -> Result<Args, String> {
    let mut args = Args::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let eq = rest
            .find('=')
            .ok_or_else(|| format!("expected `key=value` in `{rest}`"))?;
        let key = rest[..eq].trim().to_string();
        rest = rest[eq + 1..].trim_start();
        let (value, after) = if let Some(quoted) = rest.strip_prefix('"') {
            let close = quoted
                .find('"')
                .ok_or_else(|| format!("unclosed string for `{key}`"))?;
            (
                serde_json::Value::String(quoted[..close].to_string()),
                &quoted[close + 1..],
            )
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            let raw = rest[..end].trim();
            let value = serde_json::from_str(raw)
                .map_err(|_| format!("`{key}={raw}`: quote text values"))?;
            (value, &rest[end..])
        };
        args.insert(key, value);
        rest = after.trim_start().trim_start_matches(',').trim_start();
    }
    Ok(args)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_at_line_5(markdown: &str) -> Result<Vec<Shortcode<'_>>> {
        scan(Path::new("a.md"), markdown, &LineIndex::new(markdown, 5))
    }

    #[test]
    fn finds_inline_and_body_calls_with_their_places() {
        let md =
            "Intro\n\n{{ emergency() }}\n\n{% callout(title=\"Hi\", n=2) %}\n**Body**\n{% end %}\n";
        let calls = scan_at_line_5(md).unwrap();
        assert_eq!(calls.len(), 2);
        assert_eq!((calls[0].name, calls[0].line), ("emergency", 7));
        assert_eq!(&md[calls[0].range.clone()], "{{ emergency() }}");
        assert_eq!(calls[0].body, None);
        assert_eq!((calls[1].name, calls[1].line), ("callout", 9));
        assert_eq!(
            format!("{:?}", calls[1].args),
            r#"{"n": Number(2), "title": String("Hi")}"#
        );
        assert_eq!(&md[calls[1].body.clone().unwrap()], "**Body**");
        assert!(md[calls[1].range.clone()].ends_with("{% end %}"));
    }

    #[test]
    fn overlapping_braces_are_an_error_not_a_panic() {
        let err = scan_at_line_5("a {%} b").unwrap_err().to_string();
        assert!(err.starts_with("a.md:5: "), "{err}");
    }

    #[test]
    fn leaves_fenced_code_alone() {
        assert!(
            scan_at_line_5("```\n{{ emergency() }}\n```\n")
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn errors_name_the_line() {
        let err = scan_at_line_5("a\n\n{{ emergency( }}")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("a.md:7: "), "{err}");
        let err = scan_at_line_5("{% callout() %}never closed")
            .unwrap_err()
            .to_string();
        assert!(err.contains("{% end %}"), "{err}");
    }

    #[test]
    fn blank_lines_leave_a_shortcode_output() {
        assert_eq!(
            without_blank_lines("<div>\n\n  \n<p>x</p>\n</div>\n"),
            "<div>\n<p>x</p>\n</div>"
        );
    }
}
