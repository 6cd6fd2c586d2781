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
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
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
    fn leaves_plain_text_and_other_scripts_alone() {
        assert_eq!(escape("Zgłoś — رپورٹ"), "Zgłoś — رپورٹ");
    }

    #[test]
    fn knows_urdu_is_rtl() {
        assert!(is_rtl("ur"));
        assert!(!is_rtl("pl"));
    }
}
