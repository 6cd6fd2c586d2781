//! Markdown cannot carry code. Raw HTML an author writes may format text, but no `script`,
//! frame, plug-in, `base`, `form`, `meta http-equiv`, event-handler attribute or `javascript:`
//! URL: the build refuses each with its file and line ([`refusal`], [`refused_url`]), and
//! every page holding HTML of its author goes through ammonia's allow-list ([`clean`]) as well,
//! so what the forgiving scanner in [`super::tags`] reads differently from a browser still
//! never reaches a page.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::tags::html_tags;

/// Elements that run, load or send something, or change where the page's links and forms go.
const REFUSED_ELEMENTS: &[&str] = &[
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "link",
    "portal",
];

/// Attributes whose value is a URL a browser may follow or load.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
];

/// Why `html` (a piece of raw HTML an author wrote) cannot be on a page, or `None`.
pub fn refusal(html: &str) -> Option<String> {
    for tag in html_tags(html) {
        let name = tag.name.as_str();
        if REFUSED_ELEMENTS.contains(&name) {
            return Some(format!(
                "<{name}> is not allowed in a page: Markdown cannot carry code, frames or forms (use a shortcode for rich content)"
            ));
        }
        if name == "meta" && tag.has_attr("http-equiv") {
            return Some(
                "<meta http-equiv> is not allowed in a page: it can redirect readers or change the page's rules".to_string(),
            );
        }
        for (attr, value) in tag.attrs() {
            if attr.starts_with("on") {
                return Some(format!(
                    "<{name} {attr}=...> is not allowed: event-handler attributes run code"
                ));
            }
            if URL_ATTRIBUTES.contains(&attr) && refused_url(value) {
                return Some(format!(
                    "<{name} {attr}=\"{value}\"> is not allowed: a script URL runs code"
                ));
            }
        }
    }
    None
}

/// Whether a link or image target runs code (`javascript:`, `vbscript:`), however it is
/// spelled: entities, case, and the blanks and control characters browsers skip.
pub fn refused_url(url: &str) -> bool {
    let plain: String = decode_all_entities(url)
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    plain.starts_with("javascript:") || plain.starts_with("vbscript:")
}

/// `text` with named (the few a URL needs) and numeric character references decoded.
fn decode_all_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').unwrap_or(rest.len());
        let name = &rest[1..end];
        let decoded = match name.strip_prefix('#') {
            Some(number) => number
                .strip_prefix(['x', 'X'])
                .map_or_else(
                    || number.parse().ok(),
                    |hex| u32::from_str_radix(hex, 16).ok(),
                )
                .and_then(char::from_u32),
            None => match name.to_ascii_lowercase().as_str() {
                "colon" => Some(':'),
                "tab" => Some('\t'),
                "newline" => Some('\n'),
                "amp" => Some('&'),
                _ => None,
            },
        };
        match decoded {
            Some(c) if end < rest.len() => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The allow-list: ammonia's own elements and URL schemes, and the attributes the theme's
/// shortcodes and accessible markup use (ids for anchors, classes for styling, roles, `aria-*`
/// and `data-*`). No `style` (the CSP refuses inline styles anyway) and no event handler.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .add_generic_attributes(["id", "class", "role", "dir", "lang", "title"])
        .generic_attribute_prefixes(HashSet::from(["aria-", "data-"]))
        .add_tag_attributes("th", ["scope"])
        .add_tag_attributes("img", ["loading"])
        .link_rel(None)
        .id_prefix(None);
    builder
});

/// `html` with everything outside the allow-list removed.
pub fn clean(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_construct_that_runs_code_is_refused() {
        for html in [
            "<script src=\"/stats.js\"></script>",
            "<SCRIPT>",
            "<iframe src=\"/x/\">",
            "<object data=\"/x\">",
            "<embed src=\"/x\">",
            "<base href=\"https://elsewhere.example/\">",
            "<form action=\"https://elsewhere.example/\">",
            "<meta http-equiv=\"refresh\" content=\"0;url=https://elsewhere.example/\">",
            "<img src=\"/a.png\" alt=\"\" onerror=\"steal()\">",
            "<a href=\"javascript:steal()\">x</a>",
            "<a href=\"  Java&#x53;cript&colon;steal()\">x</a>",
            "<a href=\"java\tscript:steal()\">x</a>",
        ] {
            assert!(refusal(html).is_some(), "{html} was accepted");
        }
    }

    #[test]
    fn formatting_html_is_accepted_and_kept() {
        let html = "<details class=\"x\"><summary id=\"s\">More</summary><p aria-hidden=\"true\">Text <a href=\"/a/\">a</a></p></details>";
        assert_eq!(refusal(html), None);
        assert_eq!(clean(html), html);
    }

    #[test]
    fn the_sanitizer_removes_what_the_scanner_could_miss() {
        let cleaned = clean(
            "<p>a</p><svg><script>steal()</script></svg><img src=x alt=\"\" oNeRrOr=steal()><a href=\"&#106;avascript:steal()\">b</a><math><mi xlink:href=\"javascript:x\">c</mi></math>",
        );
        for gone in ["<script", "onerror", "javascript", "<svg", "<math"] {
            assert!(!cleaned.to_ascii_lowercase().contains(gone), "{cleaned}");
        }
    }
}
