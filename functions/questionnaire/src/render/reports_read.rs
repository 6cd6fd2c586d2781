//! When reports are read (`text.reports_read`), said under the report form's submit button, on
//! the site's form and on the form the functions show again, so a reporter never expects an
//! answer the moment they send. The campaign words it to match its deployment's digest hours.

use crate::Questionnaire;
use crate::html::escape;

/// The note in `lang` (falling back to `default_lang`), escaped.
pub fn render_reports_read(q: &Questionnaire, lang: &str, default_lang: &str) -> String {
    format!(
        "<p class=\"reports-read\" id=\"reports-read\">{}</p>",
        escape(q.text.reports_read.get(lang, default_lang))
    )
}
