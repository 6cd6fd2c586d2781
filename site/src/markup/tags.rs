//! A forgiving scanner of HTML start tags, as browsers are forgiving: enough to find `href`,
//! `src`, `alt` and `id` in the HTML an author wrote and in the pages the build made.

use std::collections::HashSet;

/// An HTML start tag: its lower-cased name, attributes and byte offset.
pub struct HtmlTag<'a> {
    pub name: String,
    attrs: Vec<(String, Option<&'a str>)>,
    /// The byte offset of its `<`.
    pub offset: usize,
}

impl<'a> HtmlTag<'a> {
    pub fn attr(&self, name: &str) -> Option<&'a str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.unwrap_or(""))
    }

    pub fn has_attr(&self, name: &str) -> bool {
        self.attrs.iter().any(|(n, _)| n == name)
    }

    /// Every attribute, lower-cased name and raw value (empty when it has none).
    pub fn attrs(&self) -> impl Iterator<Item = (&str, &'a str)> + '_ {
        self.attrs
            .iter()
            .map(|(n, v)| (n.as_str(), v.unwrap_or("")))
    }
}

/// The start tags in a piece of HTML; comments and end tags are skipped. Forgiving, as browsers
/// are: it only needs to find `href`, `src`, `alt` and `id`.
pub fn html_tags(html: &str) -> Vec<HtmlTag<'_>> {
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
        let name_end = find_from(html, i, |c| c.is_ascii_whitespace() || c == '>' || c == '/');
        let name = html[i..name_end].to_ascii_lowercase();
        let (attrs, end) = attributes(html, name_end);
        i = end;
        tags.push(HtmlTag {
            name,
            attrs,
            offset: start,
        });
    }
    tags
}

/// The attributes of a start tag from `i` (after its name) to its `>`, and the offset after it.
fn attributes(html: &str, mut i: usize) -> (Vec<(String, Option<&str>)>, usize) {
    let bytes = html.as_bytes();
    let mut attrs = Vec::new();
    loop {
        i = skip(bytes, i, |b| b.is_ascii_whitespace() || b == b'/');
        match bytes.get(i) {
            None => return (attrs, i),
            Some(b'>') => return (attrs, i + 1),
            Some(_) => {}
        }
        let attr_end = find_from(html, i, |c| c.is_ascii_whitespace() || "=>/".contains(c));
        let attr = html[i..attr_end].to_ascii_lowercase();
        i = skip(bytes, attr_end, |b| b.is_ascii_whitespace());
        let mut value = None;
        if bytes.get(i) == Some(&b'=') {
            let (found, end) =
                attribute_value(html, skip(bytes, i + 1, |b| b.is_ascii_whitespace()));
            value = Some(found);
            i = end;
        }
        if attr.is_empty() {
            i += 1;
            continue;
        }
        attrs.push((attr, value));
    }
}

/// A quoted or bare attribute value starting at `i`, and the offset after it.
fn attribute_value(html: &str, i: usize) -> (&str, usize) {
    match html.as_bytes().get(i) {
        Some(&quote @ (b'"' | b'\'')) => {
            let close = find_from(html, i + 1, |c| c == quote as char);
            (&html[i + 1..close], (close + 1).min(html.len()))
        }
        _ => {
            let end = find_from(html, i, |c| c.is_ascii_whitespace() || c == '>');
            (&html[i..end], end)
        }
    }
}

/// The offset of the first character from `i` on that matches, or the end of the text.
fn find_from(html: &str, i: usize, matches: impl Fn(char) -> bool) -> usize {
    html[i..].find(matches).map_or(html.len(), |e| i + e)
}

/// The offset of the first byte from `i` on that does not match.
fn skip(bytes: &[u8], mut i: usize, matches: impl Fn(u8) -> bool) -> usize {
    while bytes.get(i).is_some_and(|b| matches(*b)) {
        i += 1;
    }
    i
}

/// The values of `id` attributes in an HTML document.
pub fn html_ids(html: &str) -> HashSet<String> {
    html_tags(html)
        .into_iter()
        .filter_map(|tag| tag.attr("id").map(decode_entities))
        .collect()
}

/// Decodes the entities an attribute value may hold.
pub fn decode_entities(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
