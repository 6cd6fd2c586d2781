//! GOV.UK's error pattern, shared by the report and follow-up forms: the v5 error summary at
//! the top of the form (its `role="alert"` on an inner element, so JAWS reads it whole; the
//! page script moves focus to it) and each field's message with a visually hidden "Error:".

use std::fmt::Write as _;

use crate::dom::{MODULE, modules};
use crate::html::escape;

/// One line of the summary: the text (unescaped) and the id of the control it leads to.
pub(crate) struct SummaryItem {
    pub target: Option<String>,
    pub text: String,
}

/// Writes the summary: `title` and `prefix` are escaped already, `message` and items not.
pub(crate) fn error_summary(
    out: &mut String,
    title: &str,
    message: Option<&str>,
    items: &[SummaryItem],
) {
    let _ = write!(
        out,
        "<div class=\"error-summary\" {MODULE}=\"{}\"><div role=\"alert\">\
         <h2 class=\"error-summary__title\">{title}</h2><div class=\"error-summary__body\">",
        modules::ERROR_SUMMARY
    );
    if let Some(message) = message {
        let _ = write!(out, "<p>{}</p>", escape(message));
    }
    if !items.is_empty() {
        out.push_str("<ul class=\"error-summary__list\">");
        for item in items {
            match &item.target {
                Some(target) => {
                    let _ = write!(
                        out,
                        "<li><a href=\"#{}\">{}</a></li>",
                        escape(target),
                        escape(&item.text)
                    );
                }
                None => {
                    let _ = write!(out, "<li>{}</li>", escape(&item.text));
                }
            }
        }
        out.push_str("</ul>");
    }
    out.push_str("</div></div></div>");
}

/// A field's message, `id` for `aria-describedby`; `prefix` ("Error") is escaped already.
pub(crate) fn field_error(out: &mut String, id: &str, prefix: &str, message: &str) {
    let _ = write!(
        out,
        "<p class=\"field-error\" id=\"{id}\"><span class=\"visually-hidden\">{prefix}:</span> {}</p>",
        escape(message)
    );
}

/// `Error: Report a concern`, the page title of a form shown again with problems.
pub fn error_title(prefix: &str, title: &str) -> String {
    format!("{prefix}: {title}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_has_the_v5_markup() {
        let mut out = String::new();
        error_summary(
            &mut out,
            "There is a problem",
            Some("Not <saved>"),
            &[SummaryItem {
                target: Some("q-a".into()),
                text: "A: answer it".into(),
            }],
        );
        assert!(out.starts_with(
            "<div class=\"error-summary\" data-module=\"error-summary\"><div role=\"alert\"><h2 class=\"error-summary__title\">"
        ));
        assert!(!out.contains("aria-labelledby"));
        assert!(out.contains("<p>Not &lt;saved&gt;</p>"));
        assert!(out.contains("<li><a href=\"#q-a\">A: answer it</a></li>"));
        let mut field = String::new();
        field_error(&mut field, "q-a-error", "Błąd", "Odpowiedz");
        assert_eq!(
            field,
            "<p class=\"field-error\" id=\"q-a-error\"><span class=\"visually-hidden\">Błąd:</span> Odpowiedz</p>"
        );
    }
}
