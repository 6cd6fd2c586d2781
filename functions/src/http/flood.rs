//! Work that rises with a flood. Each function instance counts, in memory, the challenges it
//! issued in the last minute; while that count is unusual, new challenges ask for more work
//! ([`Effort`]), so a bot pays more for every report while a person's phone still finishes in a
//! few seconds. Nothing here is stored, logged or tied to a report: the count is one number per
//! instance, forgotten within two minutes, and a challenge does not say what it cost.

use std::sync::Mutex;
use std::time::Duration;

use lookout_challenge::Effort;
use tokio::time::Instant;

/// The window challenges are counted over.
const WINDOW: Duration = Duration::from_secs(60);

/// Challenges a minute one instance issues on a busy day: a campaign's launch peak is a few a
/// minute across all instances (infra/README.md, "Limits"), so more than this is a flood.
pub const USUAL_PER_MINUTE: u32 = 60;

/// Counts the challenges of the current and the last window.
#[derive(Debug)]
pub struct FloodMeter {
    counts: Mutex<Counts>,
}

#[derive(Debug)]
struct Counts {
    started: Instant,
    current: u32,
    previous: u32,
}

impl Default for FloodMeter {
    fn default() -> Self {
        Self {
            counts: Mutex::new(Counts {
                started: Instant::now(),
                current: 0,
                previous: 0,
            }),
        }
    }
}

impl FloodMeter {
    /// Counts one challenge issued at `now` and says how much work it should ask for: the usual
    /// up to [`USUAL_PER_MINUTE`] in the last minute, twice that up to four times the rate, and
    /// [`Effort::MAX`] beyond.
    pub fn issue(&self, now: Instant) -> Effort {
        let mut counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        let elapsed = now.saturating_duration_since(counts.started);
        if elapsed >= WINDOW * 2 {
            *counts = Counts {
                started: now,
                current: 0,
                previous: 0,
            };
        } else if elapsed >= WINDOW {
            counts.previous = counts.current;
            counts.current = 0;
            counts.started += WINDOW;
        }
        counts.current = counts.current.saturating_add(1);
        effort_for(counts.current.max(counts.previous))
    }
}

fn effort_for(per_minute: u32) -> Effort {
    if per_minute <= USUAL_PER_MINUTE {
        Effort::USUAL
    } else if per_minute <= USUAL_PER_MINUTE * 4 {
        Effort::times(2)
    } else {
        Effort::MAX
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_effort_rises_with_the_rate_and_stops_at_the_cap() {
        assert_eq!(effort_for(1), Effort::USUAL);
        assert_eq!(effort_for(USUAL_PER_MINUTE), Effort::USUAL);
        assert_eq!(effort_for(USUAL_PER_MINUTE + 1), Effort::times(2));
        assert_eq!(effort_for(USUAL_PER_MINUTE * 4), Effort::times(2));
        assert_eq!(effort_for(USUAL_PER_MINUTE * 4 + 1), Effort::MAX);
        assert_eq!(effort_for(u32::MAX), Effort::MAX);
    }

    #[test]
    fn a_flood_raises_the_effort_until_a_quiet_window_has_passed() {
        let meter = FloodMeter::default();
        let start = Instant::now();
        assert_eq!(meter.issue(start), Effort::USUAL);
        let mut last = Effort::USUAL;
        for _ in 0..USUAL_PER_MINUTE * 4 + 1 {
            last = meter.issue(start + Duration::from_secs(10));
        }
        assert_eq!(last, Effort::MAX);
        // The next minute remembers the flood of the last one...
        assert_eq!(meter.issue(start + Duration::from_secs(70)), Effort::MAX);
        // ...and a minute after that, it is forgotten.
        assert_eq!(meter.issue(start + Duration::from_secs(200)), Effort::USUAL);
    }
}
