//! The one HTML-escaping helper. Every string that reaches a page — labels from the
//! questionnaire, answers a reporter typed, messages from the team — goes through it, so no
//! questionnaire author or reporter can inject markup into a page.

/// Escapes text for use in HTML element content and in double- or single-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped (see [`escape`]).
pub fn push_escaped(out: &mut String, text: &str) {
    // Runs of plain text are copied whole: every page of a site goes through here.
    let mut rest = text;
    while let Some(at) = rest
        .bytes()
        .position(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
    {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        // The five are ASCII, so the next byte starts a character.
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

/// Whether a language tag reads right to left, so the built-in page shell can set `dir`.
pub fn is_rtl(lang: &str) -> bool {
    let primary = lang.split('-').next().unwrap_or(lang);
    matches!(
        primary,
        "ar" | "fa" | "he" | "ps" | "sd" | "ug" | "ur" | "yi"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<script>alert("x") & 'y'</script>"#),
            "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn escapes_characters_side_by_side_and_at_either_end() {
        assert_eq!(escape("<&&ł>'"), "&lt;&amp;&amp;ł&gt;&#39;");
        assert_eq!(escape(""), "");
    }

    #[test]
    fn leaves_plain_text_and_other_scripts_alone() {
        assert_eq!(escape("Zgłoś — رپورٹ"), "Zgłoś — رپورٹ");
    }

    #[test]
    fn knows_urdu_is_rtl() {
        assert!(is_rtl("ur"));
        assert!(!is_rtl("pl"));
    }
}
