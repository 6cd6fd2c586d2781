//! Reading a follow-up request: its body into an [`Ask`], and the checks of its receipt and
//! message that need no store.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::HeaderMap;

use super::super::AppState;
use super::super::body::{self, Format};
use super::super::deadline::Deadline;
use super::super::problem::Problem;
use crate::deploy::Lane;
use crate::receipt::Receipt;
use lookout_questionnaire::DEFAULT_TEXT_MAX;
use lookout_questionnaire::submission::Submission;

/// A parsed follow-up request.
pub(super) struct Ask {
    pub format: Format,
    pub lang: String,
    pub receipt: String,
    pub message: String,
    /// The solved challenge, if the page script ran.
    pub altcha: Option<String>,
    pub lane: Lane,
}

/// The message's problem, if any: required, and at most the text length limit.
pub(super) fn check_message(state: &AppState, ask: &Ask) -> Option<String> {
    let q = &state.questionnaire;
    let t = |text: &lookout_questionnaire::Translated| {
        text.get(&ask.lang, &q.default_language).to_string()
    };
    let message = ask.message.trim();
    if message.is_empty() {
        Some(t(&q.text.error_required))
    } else if message.chars().count() > DEFAULT_TEXT_MAX {
        Some(t(&q.text.error_too_long).replace("{max}", &DEFAULT_TEXT_MAX.to_string()))
    } else {
        None
    }
}

/// Reads the body into an [`Ask`]; only `receipt`, `lang` (and `message` when adding) are
/// accepted.
pub(super) async fn read(
    state: &AppState,
    deadline: &Deadline,
    headers: &HeaderMap,
    body: Body,
    lane: Lane,
    with_message: bool,
) -> Result<Ask, (Format, String, Problem)> {
    let default = state.lang(None);
    let format = body::format_of(headers).map_err(|p| (Format::Json, default.clone(), p))?;
    let bytes = deadline
        .call(body::read(headers, body, state.body_limit))
        .await
        .unwrap_or(Err(Problem::NotSaved))
        .map_err(|p| (format, default.clone(), p))?;
    let parsed = match format {
        Format::Json => Submission::from_json(&bytes),
        Format::Form => Submission::from_form(&bytes),
    }
    .map_err(|e| (format, default.clone(), Problem::Malformed(e.to_string())))?;
    let lang = state.lang(parsed.lang.as_deref());
    super::super::origin::same_site(state, headers).map_err(|p| (format, lang.clone(), p))?;
    let mut answers = parsed.answers;
    let mut take = |name: &str| -> Result<String, Problem> {
        match answers.remove(name).as_deref() {
            None | Some([]) => Ok(String::new()),
            Some([one]) => Ok(one.clone()),
            Some(_) => Err(Problem::Malformed(format!(
                "`{name}` is given more than once"
            ))),
        }
    };
    let receipt = take("receipt").map_err(|p| (format, lang.clone(), p))?;
    let message = if with_message {
        take("message").map_err(|p| (format, lang.clone(), p))?
    } else {
        String::new()
    };
    // Control fields of the report form are tolerated (and ignored); anything else is named.
    let q = &state.questionnaire;
    let unknown: BTreeMap<String, String> = answers
        .into_keys()
        .map(|field| {
            (
                field,
                q.text
                    .error_unknown_field
                    .get(&lang, &q.default_language)
                    .to_string(),
            )
        })
        .collect();
    if !unknown.is_empty() {
        return Err((format, lang, Problem::Invalid(unknown)));
    }
    Ok(Ask {
        format,
        lang,
        receipt,
        message,
        altcha: parsed.altcha,
        lane,
    })
}

pub(super) fn parse_receipt(state: &AppState, ask: &Ask) -> Result<Receipt, Problem> {
    Receipt::parse(&ask.receipt).map_err(|_| {
        let q = &state.questionnaire;
        let text = q
            .text
            .error_receipt_invalid
            .get(&ask.lang, &q.default_language)
            .to_string();
        Problem::Invalid(BTreeMap::from([("receipt".to_string(), text)]))
    })
}

pub(super) fn not_found(state: &AppState, ask: &Ask) -> Problem {
    let q = &state.questionnaire;
    let text = q
        .text
        .error_receipt_not_found
        .get(&ask.lang, &q.default_language)
        .to_string();
    Problem::Invalid(BTreeMap::from([("receipt".to_string(), text)]))
}
