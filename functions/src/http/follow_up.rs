//! `POST /api/follow-up` (read the thread) and `POST /api/follow-up/messages` (add to it),
//! both opened by the receipt in the body, each with its strict twin (`…/unverified`,
//! `http::lanes`): a receipt is hashed only after a solved challenge, or inside the strict
//! lane's limit. A receipt that finds nothing gets the same answer whether it was mistyped or
//! never existed.
//!
//! Every store call runs inside the request's deadline. A new message is the last write: the
//! thread shown after it is the one read before it plus the new message, so once the store
//! has the message nothing else can fail or wait.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::extract::{Extension, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Serialize;

use super::body::{self, Format};
use super::deadline::Deadline;
use super::lanes::admit_follow_up;
use super::problem::Problem;
use super::{AppState, fault, pages, respond};
use crate::deploy::{Lane, Route};
use crate::receipt::Receipt;
use crate::report::{Author, StoredReport};
use crate::reporter_key::open_reporter_key;
use crate::seal::Sealer;
use crate::store::{NewMessage, StoreError};
use lookout_questionnaire::submission::Submission;
use lookout_questionnaire::{DEFAULT_TEXT_MAX, FollowUpState, ThreadEntry};

#[derive(Serialize)]
struct ThreadBody {
    received_on: String,
    messages: Vec<MessageBody>,
}

#[derive(Serialize)]
struct MessageBody {
    author: Author,
    sent_on: String,
    text: String,
}

/// A parsed follow-up request.
struct Ask {
    format: Format,
    lang: String,
    receipt: String,
    message: String,
    /// The solved challenge, if the page script ran.
    altcha: Option<String>,
    lane: Lane,
}

/// The most messages one report's follow-up thread holds.
pub const MAX_THREAD_MESSAGES: u32 = 200;

pub(super) async fn thread_verified(
    state: State<AppState>,
    deadline: Extension<Deadline>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    thread(Route::FollowUpThread, state, deadline, headers, body).await
}

pub(super) async fn thread_strict(
    state: State<AppState>,
    deadline: Extension<Deadline>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    thread(Route::FollowUpThreadUnverified, state, deadline, headers, body).await
}

pub(super) async fn add_message_verified(
    state: State<AppState>,
    deadline: Extension<Deadline>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    add_message(Route::FollowUpMessage, state, deadline, headers, body).await
}

pub(super) async fn add_message_strict(
    state: State<AppState>,
    deadline: Extension<Deadline>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    add_message(Route::FollowUpMessageUnverified, state, deadline, headers, body).await
}

async fn thread(
    route: Route,
    State(state): State<AppState>,
    Extension(deadline): Extension<Deadline>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let ask = match read(&state, &deadline, &headers, body, route, false).await {
        Ok(ask) => ask,
        Err((format, lang, problem)) => {
            return problem_response(&state, format, &lang, None, problem);
        }
    };
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

async fn add_message(
    route: Route,
    State(state): State<AppState>,
    Extension(deadline): Extension<Deadline>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let ask = match read(&state, &deadline, &headers, body, route, true).await {
        Ok(ask) => ask,
        Err((format, lang, problem)) => {
            return problem_response(&state, format, &lang, None, problem);
        }
    };
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
        Err(error) => return fail_in_thread(store_problem(error), thread),
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

/// The message's problem, if any: required, and at most the text length limit.
fn check_message(state: &AppState, ask: &Ask) -> Option<String> {
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
async fn read(
    state: &AppState,
    deadline: &Deadline,
    headers: &HeaderMap,
    body: Body,
    route: Route,
    with_message: bool,
) -> Result<Ask, (Format, String, Problem)> {
    let default = state.lang(None);
    let lane = route
        .lane()
        .ok_or_else(|| (Format::Json, default.clone(), Problem::Internal))?;
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
    let mut answers = parsed.answers;
    let mut take = |name: &str| -> Result<String, Problem> {
        match answers.remove(name).as_deref() {
            None => Ok(String::new()),
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

fn parse_receipt(state: &AppState, ask: &Ask) -> Result<Receipt, Problem> {
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

fn not_found(state: &AppState, ask: &Ask) -> Problem {
    let q = &state.questionnaire;
    let text = q
        .text
        .error_receipt_not_found
        .get(&ask.lang, &q.default_language)
        .to_string();
    Problem::Invalid(BTreeMap::from([("receipt".to_string(), text)]))
}

fn store_problem(error: StoreError) -> Problem {
    match error {
        StoreError::Unavailable(reason) => {
            tracing::warn!(%reason, "store unavailable");
            Problem::NotSaved
        }
        other => {
            tracing::error!(error = %other, "store error");
            Problem::Internal
        }
    }
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
        Err(error) => return Err(store_problem(error)),
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
        .map_err(store_problem)?;
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

fn success(
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

fn problem_response(
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
fn thread_problem(state: &AppState, ask: &Ask, thread: ThreadBody, problem: Problem) -> Response {
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
