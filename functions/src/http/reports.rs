//! `POST /api/reports` and `POST /api/reports/unverified` (the two lanes, `http::lanes`): take a
//! report, seal it, store it, and answer with a receipt only once the store has it. Every
//! outside call runs inside the request's deadline, the store write last with its own slot;
//! after the store says "stored" nothing can fail or wait.
//!
//! A verified report's receipt is derived from its binding (idempotency key and answers) and
//! its challenge, so the retry of a stored report whose answer was lost gets the same receipt
//! while the challenge lives, and nothing else ever gets an earlier receipt. A strict-lane
//! report's receipt is random: a form sent again (Back, then Reload) is a second report.

use axum::body::Body;
use axum::extract::{Extension, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use rand::Rng;
use serde::Serialize;

use super::body::{self, Format};
use super::deadline::Deadline;
use super::lanes::{lane_deadline, not_saved, strict_slot};
use super::problem::Problem;
use super::{AppState, fault, origin, pages, respond};
use crate::deploy::{Lane, Route};
use crate::receipt::{Receipt, random_receipt};
use crate::report::{ReportId, StoredReport};
use crate::reporter_key::new_reporter_key;
use crate::store::{InsertOutcome, NewReport, SpentChallenge, StoreError};
use lookout_questionnaire::FormState;
use lookout_questionnaire::submission::{Submission, SubmissionError, ValidAnswers, validate};

#[derive(Serialize)]
struct Created {
    receipt: String,
}

pub(super) async fn submit(
    lane: Lane,
    State(state): State<AppState>,
    Extension(deadline): Extension<Deadline>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let format = match body::format_of(&headers) {
        Ok(format) => format,
        Err(problem) => return problem_response(&state, Format::Json, None, problem),
    };
    let bytes = match deadline
        .call(body::read(&headers, body, state.body_limit))
        .await
        .unwrap_or(Err(Problem::NotSaved))
    {
        Ok(bytes) => bytes,
        Err(problem) => return problem_response(&state, format, None, problem),
    };
    // A header that is not text is no key either: refused, not taken for none.
    let header_key = headers
        .get("idempotency-key")
        .map(|v| v.to_str().map_err(|_| SubmissionError::BadIdempotencyKey))
        .transpose();
    let parsed = match format {
        Format::Json => Submission::from_json(&bytes),
        Format::Form => Submission::from_form(&bytes),
    }
    .and_then(|s| s.with_header_key(header_key?));
    let submission = match parsed {
        Ok(submission) => submission,
        Err(error) => {
            return problem_response(&state, format, None, Problem::Malformed(error.to_string()));
        }
    };
    if let Err(problem) = origin::same_site(&state, &headers) {
        return problem_response(&state, format, Some(&submission), problem);
    }
    let lang = state.lang(submission.lang.as_deref());
    let deadline = lane_deadline(lane, deadline);
    match accept(&state, &deadline, lane, &submission, &lang).await {
        Ok(receipt) => match format {
            Format::Json => respond::json(
                StatusCode::CREATED,
                &Created {
                    receipt: receipt.to_string(),
                },
            ),
            Format::Form => respond::html(
                StatusCode::CREATED,
                state.page(&lang, pages::receipt(&state.questionnaire, &lang, &receipt)),
            ),
        },
        Err(problem) => problem_response(&state, format, Some(&submission), problem),
    }
}

/// The answer to a refused submission: the error JSON, or the form again with the answers.
fn problem_response(
    state: &AppState,
    format: Format,
    submission: Option<&Submission>,
    problem: Problem,
) -> Response {
    if let Some(redirect) = problem.redirect() {
        return redirect;
    }
    let lang = state.lang(submission.and_then(|s| s.lang.as_deref()));
    match format {
        Format::Json => problem.json(&state.questionnaire, &lang),
        Format::Form => {
            let q = &state.questionnaire;
            let form = FormState {
                answers: submission.map(|s| s.answers.clone()).unwrap_or_default(),
                errors: problem.fields(),
                message: problem.form_message(q, &lang),
                idempotency_key: submission
                    .and_then(|s| s.idempotency_key.clone())
                    .unwrap_or_default(),
                started_at: submission
                    .and_then(|s| s.started_at)
                    .map(|t| t.to_string())
                    .unwrap_or_default(),
            };
            let page = state.page(
                &lang,
                pages::report_form(q, &lang, &form, &state.form_options),
            );
            respond::html(problem.status(), page)
        }
    }
}

/// How a submission is stored: its receipt, and what its challenge is spent on.
struct Lodging {
    receipt: Receipt,
    challenge: Option<SpentChallenge>,
}

/// Spam checks, validation, the lane's check, sealing and the store, in that order: the cheap
/// local checks first, the slow hash and the store only for a submission that will be kept.
async fn accept(
    state: &AppState,
    deadline: &Deadline,
    lane: Lane,
    submission: &Submission,
    lang: &str,
) -> Result<Receipt, Problem> {
    spam_check(state, submission)?;
    let today = state.today();
    let mut scoped = submission.clone();
    scoped.lang = Some(lang.to_string());
    let answers = validate(&state.questionnaire, &scoped, today)
        .map_err(|errors| Problem::Invalid(errors.0))?;
    let fingerprint = state
        .receipts
        .fingerprint(&canonical(&answers))
        .map_err(fault("fingerprint"))?;
    // The strict lane's slot is held until the report is stored.
    let (lodging, _slot) = match lane {
        Lane::Verified(twin) => {
            match verified_lodging(state, deadline, submission, &fingerprint, twin).await? {
                Lodged::Earlier(receipt) => return Ok(receipt),
                Lodged::New(lodging) => (lodging, None),
            }
        }
        Lane::Strict => {
            let slot = strict_slot(state).await?;
            let lodging = Lodging {
                receipt: random_receipt(),
                challenge: None,
            };
            (lodging, Some(slot))
        }
    };
    let verified = lodging.challenge.is_some();
    let keys = deadline
        .call(state.receipt_keys(&lodging.receipt))
        .await
        .map_err(|_| out_of_time("hashing the receipt"))??;
    let (reporter_key, _) = new_reporter_key(&keys.wrap_key).map_err(fault("reporter key"))?;
    let sealed = state
        .sealer
        .seal(answers.sealed_json().as_bytes())
        .map_err(fault("seal"))?;

    // The finest time kept is the day (the campaign's, as the form's "today" is); the expiry
    // is counted from midnight so it does not record the time of day either.
    let expires_at = (today + time::Duration::days(i64::from(state.retention_days)))
        .midnight()
        .assume_utc()
        .unix_timestamp();
    let report = StoredReport {
        id: new_report_id(),
        received_on: today.to_string(),
        expires_at,
        readable: answers.readable,
        sealed,
        reporter_key,
        message_count: 0,
        verified: Some(verified),
        fingerprint: Some(fingerprint),
    };
    let new = NewReport {
        report,
        receipt_hash: keys.hash,
        challenge: lodging.challenge,
    };
    // The write gets whatever time is left (at least its slot). Once it says "stored", the
    // receipt goes back: nothing after this line calls out or can fail.
    let written = deadline
        .write(state.store.insert_report(new))
        .await
        .map_err(|_| out_of_time("storing the report"))?;
    match written {
        // A retry finds its earlier report: the receipt is derived from the same binding and
        // challenge, so it is the same.
        Ok(InsertOutcome::Stored | InsertOutcome::AlreadyStored { .. }) => Ok(lodging.receipt),
        // Spent by another submission between the check and the write.
        Ok(InsertOutcome::ChallengeSpent) => match lane {
            Lane::Verified(twin) => Err(Problem::SendOn(twin)),
            Lane::Strict => Err(Problem::Internal),
        },
        Err(StoreError::Unavailable(reason)) => {
            tracing::warn!(%reason, "store unavailable; report not saved");
            Err(Problem::NotSaved)
        }
        Err(error) => {
            tracing::error!(%error, "store refused the report");
            Err(Problem::Internal)
        }
    }
}

/// The verified lane's outcome before anything is written.
enum Lodged {
    /// The challenge was spent on this same submission: its receipt, nothing to write.
    Earlier(Receipt),
    New(Lodging),
}

/// Checks the challenge (or hCaptcha token), looks for an earlier spend, and derives the
/// receipt. Anything that does not check out is sent on to the strict twin.
async fn verified_lodging(
    state: &AppState,
    deadline: &Deadline,
    submission: &Submission,
    fingerprint: &str,
    twin: Route,
) -> Result<Lodged, Problem> {
    let send_on = || Problem::SendOn(twin);
    let token = submission.captcha_response.as_deref();
    let verified = state
        .report_guard
        .check(submission.altcha.as_deref(), token, state.clock.now())
        .map_err(|_| send_on())?;
    let binding = state
        .receipts
        .binding(submission.idempotency_key.as_deref(), fingerprint)
        .map_err(fault("binding"))?;
    let receipt = state
        .receipts
        .receipt_for(&binding, &verified.key)
        .map_err(fault("receipt"))?;
    // A retry of a stored report (its 201 lost) is answered before the captcha call: its token
    // was spent on the first try and would fail now.
    let earlier = deadline
        .call(state.store.spent_challenge(&verified.key))
        .await
        .map_err(|_| out_of_time("looking up the challenge"))?
        .map_err(not_saved)?;
    match earlier {
        Some(spent) if spent == binding => return Ok(Lodged::Earlier(receipt)),
        Some(_) => return Err(send_on()),
        None => {}
    }
    // A captcha service that is slow or down costs the report its verified mark, never the
    // report itself.
    match deadline.call(state.report_guard.confirm(token)).await {
        Ok(Ok(())) => {}
        Ok(Err(_)) | Err(_) => return Err(send_on()),
    }
    Ok(Lodged::New(Lodging {
        receipt,
        challenge: Some(verified.spent_on(binding, state.today())),
    }))
}

/// The answers in one canonical form, for their fingerprint: the readable fields and the
/// sealed ones, each as ordered JSON.
fn canonical(answers: &ValidAnswers) -> String {
    let readable = serde_json::to_string(&answers.readable).unwrap_or_default();
    format!("{readable}\n{}", answers.sealed_json())
}

/// The request ran out of time at `what`: nothing was stored (a write cut short may have landed;
/// the reporter's retry with the same idempotency key then gets its receipt).
fn out_of_time(what: &'static str) -> Problem {
    tracing::warn!(what, "out of time; report not saved");
    Problem::NotSaved
}

/// Honeypot and minimum fill time. `started_at` absent is the no-JavaScript form: allowed.
fn spam_check(state: &AppState, submission: &Submission) -> Result<(), Problem> {
    if submission.honeypot.is_some() {
        return Err(Problem::Spam);
    }
    if let Some(started_ms) = submission.started_at {
        let now_ms = (state.clock.now().unix_timestamp_nanos() / 1_000_000) as i64;
        let elapsed = now_ms.saturating_sub(started_ms);
        // A negative time means the reporter's clock runs ahead of ours; that is no sign of
        // a bot, so only a short positive time is refused.
        let min = i64::try_from(state.min_fill.as_millis()).unwrap_or(i64::MAX);
        if (0..min).contains(&elapsed) {
            return Err(Problem::Spam);
        }
    }
    Ok(())
}

fn new_report_id() -> ReportId {
    let bytes: [u8; 16] = rand::rng().random();
    ReportId(hex::encode(bytes))
}
