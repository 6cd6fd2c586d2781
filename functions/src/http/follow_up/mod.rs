//! `POST /api/follow-up` (read the thread) and `POST /api/follow-up/messages` (add to it),
//! both opened by the receipt in the body, each with its strict twin (`…/unverified`,
//! `http::lanes`): a receipt is hashed only after a solved challenge, or inside the strict
//! lane's limit. A receipt that finds nothing gets the same answer whether it was mistyped or
//! never existed.
//!
//! Every store call runs inside the request's deadline. A new message is the last write: the
//! thread shown after it is the one read before it plus the new message, so once the store
//! has the message nothing else can fail or wait.

mod answer;
mod ask;

use std::collections::BTreeMap;

use axum::body::Body;
use axum::extract::{Extension, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Serialize;

use super::body::Format;
use super::deadline::Deadline;
use super::lanes::{admit_follow_up, lane_deadline, not_saved};
use super::problem::Problem;
use super::{AppState, fault};
use crate::deploy::Lane;
use crate::receipt::Receipt;
use crate::report::{Author, StoredReport};
use crate::reporter_key::open_reporter_key;
use crate::seal::Sealer;
use crate::store::{NewMessage, StoreError};
use answer::{problem_response, success, thread_problem};
use ask::{Ask, check_message, not_found, parse_receipt, read};

#[derive(Serialize)]
pub(super) struct ThreadBody {
    received_on: String,
    messages: Vec<MessageBody>,
}

#[derive(Serialize)]
pub(super) struct MessageBody {
    author: Author,
    sent_on: String,
    text: String,
}

/// The most messages one report's follow-up thread holds.
pub const MAX_THREAD_MESSAGES: u32 = 200;

pub(super) async fn thread(
    lane: Lane,
    State(state): State<AppState>,
    Extension(deadline): Extension<Deadline>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let ask = match read(&state, &deadline, &headers, body, lane, false).await {
        Ok(ask) => ask,
        Err((format, lang, problem)) => {
            return problem_response(&state, format, &lang, None, problem);
        }
    };
    let deadline = lane_deadline(ask.lane, deadline);
    let result = async {
        let receipt = parse_receipt(&state, &ask)?;
        let (report, identity) = open(&state, &deadline, &ask, &receipt).await?;
        load_thread(&state, &deadline, &report, &identity).await
    }
    .await;
    match result {
        Ok(thread) => success(&state, &ask, StatusCode::OK, thread, None),
        Err(problem) => problem_response(&state, ask.format, &ask.lang, Some(&ask), problem),
    }
}

pub(super) async fn add_message(
    lane: Lane,
    State(state): State<AppState>,
    Extension(deadline): Extension<Deadline>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let ask = match read(&state, &deadline, &headers, body, lane, true).await {
        Ok(ask) => ask,
        Err((format, lang, problem)) => {
            return problem_response(&state, format, &lang, None, problem);
        }
    };
    let deadline = lane_deadline(ask.lane, deadline);
    let fail =
        |problem: Problem| problem_response(&state, ask.format, &ask.lang, Some(&ask), problem);
    let message_error = check_message(&state, &ask);
    let receipt = match parse_receipt(&state, &ask) {
        Ok(receipt) => receipt,
        Err(Problem::Invalid(mut fields)) => {
            // Report both problems at once.
            if let Some(error) = message_error {
                fields.insert("message".to_string(), error);
            }
            return fail(Problem::Invalid(fields));
        }
        Err(problem) => return fail(problem),
    };
    let (report, identity) = match open(&state, &deadline, &ask, &receipt).await {
        Ok(opened) => opened,
        Err(problem) => return fail(problem),
    };
    // Read before the write, so the answer after it needs no further call.
    let thread = match load_thread(&state, &deadline, &report, &identity).await {
        Ok(thread) => thread,
        Err(problem) => return fail(problem),
    };
    // From here on the reporter has proved the receipt: a problem is shown with the thread
    // and the message kept, so nothing they wrote is lost.
    let fail_in_thread = |problem: Problem, thread: ThreadBody| match ask.format {
        Format::Form => thread_problem(&state, &ask, thread, problem),
        Format::Json => fail(problem),
    };
    // A thread is read whole on every visit; bound it so a receipt cannot grow it forever.
    let message_error = message_error.or_else(|| {
        (report.message_count >= MAX_THREAD_MESSAGES).then(|| {
            format!("This conversation is full ({MAX_THREAD_MESSAGES} messages). Please make a new report.")
        })
    });
    if let Some(error) = message_error {
        return fail_in_thread(
            Problem::Invalid(BTreeMap::from([("message".to_string(), error)])),
            thread,
        );
    }
    // The same cleaning as report answers: no control characters reach the team's terminal.
    let message = lookout_questionnaire::submission::clean_text(&ask.message, false);
    let sealed = match state
        .sealer
        .seal_with_reporter(&report.reporter_key.recipient, message.as_bytes())
    {
        Ok(sealed) => sealed,
        Err(error) => return fail(fault("seal")(error)),
    };
    let sent_on = state.today().to_string();
    let new = NewMessage {
        author: Author::Reporter,
        sent_on: sent_on.clone(),
        sealed,
    };
    let written = match deadline
        .write(state.store.append_message(&report.id, new))
        .await
    {
        Ok(written) => written,
        Err(_) => return fail_in_thread(out_of_time("storing a message"), thread),
    };
    match written {
        Ok(_) => {}
        Err(StoreError::NotFound(_)) => return fail(not_found(&state, &ask)),
        Err(error) => return fail_in_thread(not_saved(error), thread),
    }
    let mut thread = thread;
    thread.messages.push(MessageBody {
        author: Author::Reporter,
        sent_on,
        text: message,
    });
    let q = &state.questionnaire;
    let notice = q
        .text
        .follow_up_sent
        .get(&ask.lang, &q.default_language)
        .to_string();
    success(&state, &ask, StatusCode::CREATED, thread, Some(notice))
}

/// The request ran out of time at `what`; nothing the reporter wrote is lost (a form post shows
/// it again).
fn out_of_time(what: &'static str) -> Problem {
    tracing::warn!(what, "out of time; follow-up not answered");
    Problem::NotSaved
}

/// Finds the report by the receipt's hash and unwraps the reporter identity.
async fn open(
    state: &AppState,
    deadline: &Deadline,
    ask: &Ask,
    receipt: &Receipt,
) -> Result<(StoredReport, age::x25519::Identity), Problem> {
    // Held until the receipt is hashed and looked up: the strict lane's slot, if any.
    let _admission = admit_follow_up(state, deadline, ask.lane, ask.altcha.as_deref()).await?;
    let keys = deadline
        .call(state.receipt_keys(receipt))
        .await
        .map_err(|_| out_of_time("hashing the receipt"))??;
    let found = deadline
        .call(state.store.report_by_receipt(&keys.hash))
        .await
        .map_err(|_| out_of_time("finding the report"))?;
    let report = match found {
        Ok(Some(report)) => report,
        Ok(None) => return Err(not_found(state, ask)),
        Err(error) => return Err(not_saved(error)),
    };
    let identity =
        open_reporter_key(&report.reporter_key, &keys.wrap_key).map_err(fault("reporter key"))?;
    Ok((report, identity))
}

async fn load_thread(
    state: &AppState,
    deadline: &Deadline,
    report: &StoredReport,
    identity: &age::x25519::Identity,
) -> Result<ThreadBody, Problem> {
    let messages = deadline
        .call(state.store.messages(&report.id))
        .await
        .map_err(|_| out_of_time("reading the thread"))?
        .map_err(not_saved)?;
    let mut out = Vec::with_capacity(messages.len());
    for message in messages {
        let plain = Sealer::open(std::slice::from_ref(identity), &message.sealed)
            .map_err(fault("open message"))?;
        out.push(MessageBody {
            author: message.author,
            sent_on: message.sent_on,
            text: String::from_utf8_lossy(&plain).into_owned(),
        });
    }
    Ok(ThreadBody {
        received_on: report.received_on.clone(),
        messages: out,
    })
}
