//! The two lanes of every submission route (`deploy::Lane`). The verified lane takes only a
//! submission whose challenge checks out and sends everything else on to its strict twin with
//! a 307, so it never stores an unverified report and an unverified flood cannot use it to
//! skip the strict limit. The strict lane takes everything, inside a small shared limit: the
//! API's route throttle in the cloud, and [`strict_slot`] in every process.

use std::time::Duration;

use tokio::sync::OwnedSemaphorePermit;

use super::AppState;
use super::deadline::{Budget, Deadline};
use super::problem::Problem;
use crate::deploy::Lane;
use crate::spam::{Unverified, Verified};
use crate::store::{Binding, StoreError};

/// How long a strict-lane submission waits for a slot before it is answered "not saved,
/// please try again".
const STRICT_WAIT: Duration = Duration::from_secs(2);

/// The strict lane's share of a request's time. In the cloud each strict route's throttle
/// (rate r a second, burst b) then holds at most r × 3 s + b executions of its function at once
/// (4 with the defaults), so the verified lane keeps the rest of the function's reserved
/// concurrency whatever arrives unverified.
pub(super) const STRICT_BUDGET: Budget = Budget {
    total: Duration::from_secs(3),
    write: Duration::from_millis(1500),
};

/// The request's deadline in `lane`: the strict lane's is cut to [`STRICT_BUDGET`].
pub(super) fn lane_deadline(lane: Lane, deadline: Deadline) -> Deadline {
    match lane {
        Lane::Strict => deadline.capped(STRICT_BUDGET),
        Lane::Verified(_) => deadline,
    }
}

/// A slot of the strict lane, held while its submission is hashed and stored.
pub(super) async fn strict_slot(state: &AppState) -> Result<OwnedSemaphorePermit, Problem> {
    let slots = std::sync::Arc::clone(&state.strict_slots);
    match tokio::time::timeout(STRICT_WAIT, slots.acquire_owned()).await {
        Ok(Ok(permit)) => Ok(permit),
        _ => {
            tracing::warn!("strict lane full; submission not saved");
            Err(Problem::NotSaved)
        }
    }
}

/// What a follow-up may go on with: in the verified lane its challenge, checked and spent; in
/// the strict lane a slot.
pub(super) enum Admission {
    Verified,
    Strict { _slot: OwnedSemaphorePermit },
}

/// Admits a follow-up: a fresh challenge spent now (a follow-up stores no report to spend it
/// with), or a strict slot. Only then may its receipt be hashed.
pub(super) async fn admit_follow_up(
    state: &AppState,
    deadline: &Deadline,
    lane: Lane,
    altcha: Option<&str>,
) -> Result<Admission, Problem> {
    let twin = match lane {
        Lane::Strict => {
            return Ok(Admission::Strict {
                _slot: strict_slot(state).await?,
            });
        }
        Lane::Verified(twin) => twin,
    };
    let Ok(verified) = checked(state, altcha) else {
        return Err(Problem::SendOn(twin));
    };
    let fresh = deadline
        .call(
            state
                .store
                .spend_challenge(verified.spent_on(Binding(String::new()), state.today())),
        )
        .await
        .map_err(|_| Problem::NotSaved)?
        .map_err(not_saved)?;
    if fresh {
        Ok(Admission::Verified)
    } else {
        Err(Problem::SendOn(twin))
    }
}

/// Lookout's own challenge, checked at the request's time.
pub(super) fn checked(state: &AppState, altcha: Option<&str>) -> Result<Verified, Unverified> {
    crate::spam::proof_of_work(&state.challenges, altcha, state.clock.now())
}

pub(super) fn not_saved(error: StoreError) -> Problem {
    match error {
        StoreError::Unavailable(reason) => {
            tracing::warn!(%reason, "store unavailable; not saved");
            Problem::NotSaved
        }
        other => {
            tracing::error!(error = %other, "store error");
            Problem::Internal
        }
    }
}
