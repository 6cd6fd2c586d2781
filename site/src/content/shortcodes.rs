//! Zola-style shortcodes in Markdown: `{{ name(key="value") }}` inline and
//! `{% name(key="value") %}Markdown{% end %}` with a body. Each is rendered by the template
//! `shortcodes/<name>.html`; this module only finds and parses them.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Result, SiteError};

/// A shortcode argument: a string, number or boolean.
pub type Args = BTreeMap<String, serde_json::Value>;

pub struct Call<'a> {
    pub name: &'a str,
    pub args: Args,
    /// The Markdown between `{% name() %}` and `{% end %}`.
    pub body: Option<&'a str>,
    pub line: usize,
}

/// Replaces every shortcode call in `markdown` with what `render` returns for it. Fenced code
/// blocks are left alone so documentation can show shortcode syntax.
pub fn expand(
    path: &Path,
    markdown: &str,
    first_line: usize,
    mut render: impl FnMut(Call<'_>) -> Result<String>,
) -> Result<String> {
    if !markdown.contains("{{") && !markdown.contains("{%") {
        return Ok(markdown.to_string());
    }
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    let mut consumed = 0;
    while let Some(start) = next_call(rest) {
        let line = first_line + markdown[..consumed + start].matches('\n').count();
        out.push_str(&rest[..start]);
        let (call, len) = parse_call(path, &rest[start..], line)?;
        let html = render(call)?;
        // A blank line inside would end an HTML block early in Markdown.
        out.push_str(
            &html
                .lines()
                .filter(|l| !l.trim().is_empty())
                .collect::<Vec<_>>()
                .join("\n"),
        );
        rest = &rest[start + len..];
        consumed += start + len;
    }
    out.push_str(rest);
    Ok(out)
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

fn parse_call<'a>(path: &Path, text: &'a str, line: usize) -> Result<(Call<'a>, usize)> {
    let err = |message: String| SiteError::content(path, Some(line), message);
    let with_body = text.starts_with("{%");
    let close = if with_body { "%}" } else { "}}" };
    // Search after the opening `{{`/`{%`, so text such as `{%}` is an error, not a panic.
    let end = text[2..]
        .find(close)
        .map(|at| at + 2)
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
        let end_tag = find_end_tag(after)
            .ok_or_else(|| err(format!("shortcode `{name}` has no `{{% end %}}`")))?;
        body = Some(after[..end_tag.0].trim_matches('\n'));
        len += end_tag.0 + end_tag.1;
    }
    Ok((
        Call {
            name,
            args,
            body,
            line,
        },
        len,
    ))
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

    fn run(markdown: &str) -> Result<String> {
        expand(Path::new("a.md"), markdown, 5, |call| {
            Ok(format!(
                "<{} {:?} {:?} @{}>",
                call.name, call.args, call.body, call.line
            ))
        })
    }

    #[test]
    fn expands_inline_and_body_calls() {
        let out = run(
            "Intro\n\n{{ emergency() }}\n\n{% callout(title=\"Hi\", n=2) %}\n**Body**\n{% end %}\n",
        )
        .unwrap();
        assert!(out.contains("<emergency {} None @7>"), "{out}");
        assert!(
            out.contains(
                r#"<callout {"n": Number(2), "title": String("Hi")} Some("**Body**") @9>"#
            ),
            "{out}"
        );
    }

    #[test]
    fn overlapping_braces_are_an_error_not_a_panic() {
        let err = run("a {%} b").unwrap_err().to_string();
        assert!(err.starts_with("a.md:5: "), "{err}");
    }

    #[test]
    fn leaves_fenced_code_alone() {
        let out = run("```\n{{ emergency() }}\n```\n").unwrap();
        assert_eq!(out, "```\n{{ emergency() }}\n```\n");
    }

    #[test]
    fn errors_name_the_line() {
        let err = run("a\n\n{{ emergency( }}").unwrap_err().to_string();
        assert!(err.starts_with("a.md:7: "), "{err}");
        let err = run("{% callout() %}never closed").unwrap_err().to_string();
        assert!(err.contains("{% end %}"), "{err}");
    }
}
