//! `POST /api/reports`: take a report, seal it, store it, and answer with a receipt only
//! once the store has it. Every outside call runs inside the request's deadline, the store
//! write last with its own slot; after the store says "stored" nothing can fail or wait.

use axum::body::Body;
use axum::extract::{Extension, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use rand::Rng;
use serde::Serialize;

use super::body::{self, Format};
use super::deadline::Deadline;
use super::problem::Problem;
use super::{AppState, fault, pages, respond};
use crate::captcha::CaptchaError;
use crate::receipt::{Receipt, idempotency_key};
use crate::report::{ReportId, StoredReport};
use crate::reporter_key::new_reporter_key;
use crate::store::{InsertOutcome, NewReport, StoreError};
use lookout_questionnaire::FormState;
use lookout_questionnaire::submission::{Submission, SubmissionError, validate};

#[derive(Serialize)]
struct Created {
    receipt: String,
}

pub(super) async fn submit(
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
    let lang = state.lang(submission.lang.as_deref());
    match accept(&state, &deadline, &submission, &lang).await {
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

/// Spam checks, validation, captcha, sealing and the store, in that order: the cheap local
/// checks first, the captcha (a network call) only for an otherwise good submission.
async fn accept(
    state: &AppState,
    deadline: &Deadline,
    submission: &Submission,
    lang: &str,
) -> Result<Receipt, Problem> {
    spam_check(state, submission)?;
    let today = state.today();
    let mut scoped = submission.clone();
    scoped.lang = Some(lang.to_string());
    let answers = validate(&state.questionnaire, &scoped, today)
        .map_err(|errors| Problem::Invalid(errors.0))?;
    // A retry of a stored report (its 201 lost on the way) is answered before the captcha:
    // its token was spent on the first try and would fail now.
    if let Some(key) = submission.idempotency_key.as_deref() {
        let stored = deadline
            .call(state.store.already_stored(&idempotency_key(key)))
            .await
            .map_err(|_| out_of_time("looking up an earlier try"))?
            .map_err(|e| {
                tracing::warn!(reason = %e, "store unavailable; report not saved");
                Problem::NotSaved
            })?;
        if stored {
            return state
                .receipts
                .receipt_for(Some(key))
                .map_err(fault("receipt"));
        }
    }
    deadline
        .call(state.captcha.verify(submission.captcha_response.as_deref()))
        .await
        .map_err(|_| out_of_time("the captcha check"))?
        .map_err(|e| match e {
            CaptchaError::Unavailable => Problem::NotSaved,
            CaptchaError::Failed | CaptchaError::BadUrl(_) => Problem::Captcha,
        })?;

    let receipt = state
        .receipts
        .receipt_for(submission.idempotency_key.as_deref())
        .map_err(fault("receipt"))?;
    let keys = deadline
        .call(state.receipt_keys(&receipt))
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
    };
    let new = NewReport {
        report,
        receipt_hash: keys.hash,
        idempotency_key: submission.idempotency_key.as_deref().map(idempotency_key),
    };
    // The write gets whatever time is left (at least its slot). Once it says "stored", the
    // receipt goes back: nothing after this line calls out or can fail.
    let written = deadline
        .write(state.store.insert_report(new))
        .await
        .map_err(|_| out_of_time("storing the report"))?;
    match written {
        // A retry finds its earlier report: the receipt is derived from the idempotency key,
        // so it is the same.
        Ok(InsertOutcome::Stored | InsertOutcome::AlreadyStored { .. }) => Ok(receipt),
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
