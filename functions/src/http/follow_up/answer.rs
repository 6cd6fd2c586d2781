//! Answering a follow-up: the thread as JSON or as its page, and a problem the same way.

use axum::http::StatusCode;
use axum::response::Response;

use super::super::body::Format;
use super::super::problem::Problem;
use super::super::{AppState, pages, respond};
use super::ask::Ask;
use super::{MessageBody, ThreadBody};
use lookout_questionnaire::{FollowUpState, ThreadEntry};

pub(super) fn success(
    state: &AppState,
    ask: &Ask,
    status: StatusCode,
    thread: ThreadBody,
    notice: Option<String>,
) -> Response {
    match ask.format {
        Format::Json => respond::json(status, &thread),
        Format::Form => {
            let view = FollowUpState {
                receipt: ask.receipt.clone(),
                thread: Some((
                    thread.received_on,
                    thread.messages.into_iter().map(entry).collect(),
                )),
                notice,
                ..FollowUpState::default()
            };
            respond::html(
                status,
                state.page(
                    &ask.lang,
                    pages::follow_up(&state.questionnaire, &ask.lang, &view),
                ),
            )
        }
    }
}

pub(super) fn problem_response(
    state: &AppState,
    format: Format,
    lang: &str,
    ask: Option<&Ask>,
    problem: Problem,
) -> Response {
    if let Some(redirect) = problem.redirect() {
        return redirect;
    }
    match format {
        Format::Json => problem.json(&state.questionnaire, lang),
        Format::Form => {
            let view = FollowUpState {
                receipt: ask.map(|a| a.receipt.clone()).unwrap_or_default(),
                message: ask.map(|a| a.message.clone()).unwrap_or_default(),
                errors: problem.fields(),
                problem: problem.form_message(&state.questionnaire, lang),
                ..FollowUpState::default()
            };
            respond::html(
                problem.status(),
                state.page(lang, pages::follow_up(&state.questionnaire, lang, &view)),
            )
        }
    }
}

/// A problem shown on the thread page (form posts after the receipt was proved).
pub(super) fn thread_problem(
    state: &AppState,
    ask: &Ask,
    thread: ThreadBody,
    problem: Problem,
) -> Response {
    let view = FollowUpState {
        receipt: ask.receipt.clone(),
        thread: Some((
            thread.received_on,
            thread.messages.into_iter().map(entry).collect(),
        )),
        message: ask.message.clone(),
        errors: problem.fields(),
        problem: problem.form_message(&state.questionnaire, &ask.lang),
        notice: None,
    };
    respond::html(
        problem.status(),
        state.page(
            &ask.lang,
            pages::follow_up(&state.questionnaire, &ask.lang, &view),
        ),
    )
}

fn entry(m: MessageBody) -> ThreadEntry {
    ThreadEntry {
        author: m.author,
        sent_on: m.sent_on,
        text: m.text,
    }
}
