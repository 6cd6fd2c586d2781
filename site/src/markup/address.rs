//! Where a link in a page leads on the site: the site path and fragment of a link as written,
//! relative to the page's own address, or nothing for links that leave the site.

/// The site path and fragment a link leads to, or `None` for links that leave the site or
/// go to the report functions.
pub fn resolve(target: &str, page_url: &str) -> Option<(String, Option<String>)> {
    if target.starts_with("//") || has_scheme(target) || looks_like_email(target) {
        return None;
    }
    let (rest, fragment) = match target.split_once('#') {
        Some((rest, fragment)) => (rest, Some(fragment.to_string())),
        None => (target, None),
    };
    let rest = rest.split('?').next().unwrap_or("");
    let joined = if rest.is_empty() {
        page_url.to_string()
    } else if rest.starts_with('/') {
        rest.to_string()
    } else {
        // Page URLs end with `/`, so a relative link is relative to the page's own folder.
        format!("{}/{rest}", page_url.trim_end_matches('/'))
    };
    let path = percent_decode(&normalise(&joined));
    if path.starts_with("/api/") {
        return None;
    }
    Some((path, fragment))
}

/// Applies `.` and `..` segments; the result starts with `/`.
fn normalise(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    let parts: Vec<&str> = path.split('/').collect();
    let last = parts.len() - 1;
    let mut trailing = path.ends_with('/');
    for (i, part) in parts.into_iter().enumerate() {
        match part {
            "" => {}
            "." => trailing |= i == last,
            ".." => {
                segments.pop();
                trailing |= i == last;
            }
            other => segments.push(other),
        }
    }
    let mut out = format!("/{}", segments.join("/"));
    if trailing && !segments.is_empty() {
        out.push('/');
    }
    out
}

fn has_scheme(target: &str) -> bool {
    let Some(colon) = target.find(':') else {
        return false;
    };
    let scheme = &target[..colon];
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
}

/// `<someone@example.org>` autolinks reach us without their `mailto:`.
fn looks_like_email(target: &str) -> bool {
    target.contains('@') && !target.contains('/')
}

pub fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(high), Some(low)) =
                (hex_digit(bytes.get(i + 1)), hex_digit(bytes.get(i + 2)))
        {
            out.push(high * 16 + low);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_digit(byte: Option<&u8>) -> Option<u8> {
    (*byte? as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_and_root_links() {
        let r = |t: &str| resolve(t, "/news/launch/");
        assert_eq!(r("/signs/"), Some(("/signs/".into(), None)));
        assert_eq!(
            r("../../signs/#what-to-do"),
            Some(("/signs/".into(), Some("what-to-do".into())))
        );
        assert_eq!(r("../other/"), Some(("/news/other/".into(), None)));
        assert_eq!(
            r("photo.png"),
            Some(("/news/launch/photo.png".into(), None))
        );
        assert_eq!(
            r("#top"),
            Some(("/news/launch/".into(), Some("top".into())))
        );
        assert_eq!(r("/a%20b.pdf?x=1"), Some(("/a b.pdf".into(), None)));
        assert_eq!(r("https://example.org/"), None);
        assert_eq!(r("mailto:a@b.org"), None);
        assert_eq!(r("tel:999"), None);
        assert_eq!(r("someone@example.org"), None);
        assert_eq!(r("//cdn.example.org/x.js"), None);
        assert_eq!(r("/api/reports"), None);
    }
}
