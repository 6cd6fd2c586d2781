//! One deadline per request. Every outside call a handler makes (the store, the captcha service,
//! and the receipt hash on the blocking pool) runs inside it, so the answer always leaves before
//! the platform's own timeout: a request that runs out of time is answered 503 "not saved, please
//! try again", never cut off by Lambda with a bare gateway error.
//!
//! The last write of a request (the report, or a follow-up message) has a slot of its own at the
//! end: the calls before it must leave that much time, and the write may use everything that
//! is left. So a write that starts always has its full slot, and once it answers "stored",
//! nothing is left to do but render the answer, which makes no outside call.

use std::future::Future;
use std::time::{Duration, SystemTime};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
// Tokio's clock, so tests can run the deadline on paused time.
use tokio::time::Instant;

use super::AppState;

/// How the time of one request is shared out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// From the start of the request to its answer.
    pub total: Duration,
    /// The part of `total` kept for the request's last write.
    pub write: Duration,
}

impl Budget {
    /// Fits a 15 s Lambda timeout with room to spare; on Lambda the invocation's own deadline
    /// shortens it further if needed ([`Deadline::start`]).
    pub const DEFAULT: Budget = Budget {
        total: Duration::from_secs(12),
        write: Duration::from_secs(5),
    };
}

/// Kept between the end of a request's budget and the platform's deadline, for rendering the
/// answer and handing it back to the runtime.
pub const PLATFORM_MARGIN: Duration = Duration::from_millis(1500);

/// The deadline of one request.
#[derive(Debug, Clone, Copy)]
pub struct Deadline {
    end: Instant,
    write: Duration,
}

/// The request ran out of time before the call answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Elapsed;

impl Deadline {
    /// A deadline `budget.total` from now, or earlier when the platform's own deadline (less
    /// [`PLATFORM_MARGIN`]) comes first; the write slot shrinks in proportion.
    pub fn start(budget: Budget, platform_left: Option<Duration>) -> Self {
        let total = match platform_left {
            Some(left) => budget.total.min(left.saturating_sub(PLATFORM_MARGIN)),
            None => budget.total,
        };
        let write = if budget.total.is_zero() {
            Duration::ZERO
        } else {
            budget
                .write
                .min(budget.total)
                .mul_f64(total.as_secs_f64() / budget.total.as_secs_f64())
        };
        Self {
            end: Instant::now() + total,
            write,
        }
    }

    /// This deadline, or one `budget` from now if that comes first (a lane with less time).
    pub fn capped(self, budget: Budget) -> Self {
        let capped = Self::start(budget, Some(self.left() + PLATFORM_MARGIN));
        if capped.end < self.end { capped } else { self }
    }

    /// Time left for calls before the last write.
    pub fn before_write(&self) -> Duration {
        self.left().saturating_sub(self.write)
    }

    /// Time left in the request.
    pub fn left(&self) -> Duration {
        self.end.saturating_duration_since(Instant::now())
    }

    /// Runs a call that must leave the write slot free.
    pub async fn call<F: Future>(&self, call: F) -> Result<F::Output, Elapsed> {
        tokio::time::timeout(self.before_write(), call)
            .await
            .map_err(|_| Elapsed)
    }

    /// Runs the request's last write, with everything that is left. Refused without starting
    /// when less than the write slot is left, so a write is never begun without its time.
    pub async fn write<F: Future>(&self, write: F) -> Result<F::Output, Elapsed> {
        let left = self.left();
        if left < self.write || left.is_zero() {
            return Err(Elapsed);
        }
        tokio::time::timeout(left, write).await.map_err(|_| Elapsed)
    }
}

/// Time left before the invocation's deadline, when the request came through the Lambda runtime.
/// A deadline already past as the request starts is no deadline: Lambda's never is, but a
/// context built in tests has none (0), and `cargo lambda watch` sends a duration where Lambda
/// sends the epoch millisecond; those leave the budget alone.
fn platform_left(request: &Request) -> Option<Duration> {
    let context = request.extensions().get::<lambda_http::Context>()?;
    context.deadline().duration_since(SystemTime::now()).ok()
}

/// Gives every request its deadline, for the handlers to take as an `Extension`.
pub(super) async fn start(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let deadline = Deadline::start(state.budget, platform_left(&request));
    request.extensions_mut().insert(deadline);
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_platform_deadline_shortens_the_budget_and_the_write_slot() {
        let budget = Budget {
            total: Duration::from_secs(12),
            write: Duration::from_secs(6),
        };
        let d = Deadline::start(budget, Some(Duration::from_millis(7500)));
        // 7.5 s less the margin is 6 s, half of the budget: the slot halves too.
        assert!(d.left() <= Duration::from_secs(6));
        assert!(d.left() > Duration::from_millis(5500));
        assert!(d.before_write() <= Duration::from_secs(3));
        let d = Deadline::start(budget, None);
        assert!(d.left() > Duration::from_secs(11));
        let d = Deadline::start(budget, Some(Duration::from_secs(1)));
        assert_eq!(d.left(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn a_call_that_hangs_is_stopped_before_the_write_slot() {
        let budget = Budget {
            total: Duration::from_secs(4),
            write: Duration::from_secs(1),
        };
        let d = Deadline::start(budget, None);
        let hung = d.call(std::future::pending::<()>()).await;
        assert_eq!(hung, Err(Elapsed));
        // What is left is the write slot: a write still starts and gets it.
        assert_eq!(d.write(async { "stored" }).await, Ok("stored"));
        tokio::time::sleep(Duration::from_secs(1)).await;
        assert_eq!(d.write(async { "stored" }).await, Err(Elapsed));
    }
}
