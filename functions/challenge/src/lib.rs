//! Lookout's own proof-of-work challenges (ALTCHA v2, through the official `altcha` crate).
//! The page fetches one from `GET /api/challenge`, solves it in the browser and sends the
//! solution with the report; the functions check it here.
//!
//! The expiry is our own, in the signed `data` (`exp`), checked against the caller's clock:
//! the crate's own expiry reads the system clock, which tests could not fix. The crate does no
//! I/O and keeps nothing: that a solution is used once is the store's job. It is a crate of its
//! own so the decoder a stranger reaches can be fuzzed without the cloud's dependencies.

use std::collections::BTreeMap;

pub use altcha::Challenge;
use altcha::{
    CreateChallengeOptions, Payload, VerifySolutionOptions, create_challenge, verify_solution,
};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use rand::Rng;

/// How long a challenge may be used after it is issued, in seconds: long enough to fill in the
/// form on a phone between fares (the page fetches it only when the form is first touched).
pub const LIFETIME_SECONDS: i64 = 2 * 60 * 60;

/// The work asked of the browser: the counter the solver must reach, drawn in this range.
/// At the ~10,000 SHA-256 digests a second of a cheap phone's main thread, the mean is about
/// a second; a bot pays the same for every report.
const COUNTER: std::ops::RangeInclusive<u32> = 2_000..=20_000;

/// How many times the usual work a challenge asks for: raised while the functions see an
/// unusual rate of challenges (`lookout_functions::http::flood`), at most [`Effort::MAX`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Effort(u32);

impl Effort {
    pub const USUAL: Effort = Effort(1);
    /// Three times the usual: a cheap phone's mean goes from about 1 s to about 3 s, and its
    /// worst case (the top of the range) to 6 s.
    pub const MAX: Effort = Effort(3);

    /// `times` the usual work, within [`Effort::USUAL`] and [`Effort::MAX`].
    pub fn times(times: u32) -> Self {
        Self(times.clamp(Self::USUAL.0, Self::MAX.0))
    }

    pub fn multiplier(self) -> u32 {
        self.0
    }

    /// The range the counter is drawn from at this effort.
    pub fn counter_range(self) -> std::ops::RangeInclusive<u32> {
        COUNTER.start() * self.0..=COUNTER.end() * self.0
    }
}

#[derive(Debug, thiserror::Error)]
#[error("cannot make a challenge: {0}")]
pub struct ChallengeError(String);

/// A solution that checks out: the challenge's signature (what makes it single-use) and the
/// unix second it expires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Solved {
    pub signature: String,
    pub expires_unix: i64,
}

/// Why a solution does not check out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Unsolved {
    #[error("a challenge solution that cannot be read")]
    Malformed,
    #[error("a wrong solution or a forged challenge")]
    Wrong,
    #[error("an expired challenge")]
    Expired,
}

/// Issues and checks challenges.
pub struct Challenges {
    signing: String,
    key_signing: String,
}

impl std::fmt::Debug for Challenges {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Challenges(<keys hidden>)")
    }
}

impl Challenges {
    pub fn new(signing: String, key_signing: String) -> Self {
        Self {
            signing,
            key_signing,
        }
    }

    /// A fresh signed challenge, good until `now_unix + LIFETIME_SECONDS`.
    pub fn issue(&self, now_unix: i64) -> Result<Challenge, ChallengeError> {
        self.issue_with(now_unix, Effort::USUAL)
    }

    /// A fresh signed challenge asking `effort` times the usual work.
    pub fn issue_with(&self, now_unix: i64, effort: Effort) -> Result<Challenge, ChallengeError> {
        let exp = now_unix + LIFETIME_SECONDS;
        let data = BTreeMap::from([("exp".to_string(), serde_json::Value::from(exp))]);
        create_challenge(CreateChallengeOptions {
            algorithm: "SHA-256".into(),
            cost: 1,
            counter: Some(rand::rng().random_range(effort.counter_range())),
            data: Some(data),
            expires_at: None,
            hmac_signature_secret: Some(self.signing.clone()),
            hmac_key_signature_secret: Some(self.key_signing.clone()),
            ..Default::default()
        })
        .map_err(|e| ChallengeError(e.to_string()))
    }

    /// Checks a solution (the base64 payload the page sends) at `now_unix`.
    pub fn verify(&self, payload: &str, now_unix: i64) -> Result<Solved, Unsolved> {
        let payload = decode(payload).ok_or(Unsolved::Malformed)?;
        let exp = payload
            .challenge
            .parameters
            .data
            .as_ref()
            .and_then(|data| data.get("exp"))
            .and_then(serde_json::Value::as_i64)
            .ok_or(Unsolved::Malformed)?;
        let signature = payload
            .challenge
            .signature
            .clone()
            .ok_or(Unsolved::Malformed)?;
        let result = verify_solution(VerifySolutionOptions {
            hmac_key_signature_secret: Some(self.key_signing.clone()),
            ..VerifySolutionOptions::new(&payload.challenge, &payload.solution, &self.signing)
        })
        .map_err(|_| Unsolved::Malformed)?;
        // The signature covers `data`, so `exp` is checked only once it is known to be ours.
        if !result.verified {
            return Err(Unsolved::Wrong);
        }
        if now_unix > exp {
            return Err(Unsolved::Expired);
        }
        Ok(Solved {
            signature,
            expires_unix: exp,
        })
    }
}

/// The payload as the page sends it; `None` for anything that is not one.
fn decode(payload: &str) -> Option<Payload> {
    // A real payload is well under a kilobyte; anything much longer is not worth decoding.
    if payload.len() > 8 * 1024 {
        return None;
    }
    let bytes = BASE64.decode(payload.trim()).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Solves a challenge (its JSON, as `GET /api/challenge` answers) as the page does, giving the
/// `altcha` field: for tests and load tools, never on a request.
pub fn solve(challenge_json: &str) -> Option<String> {
    let challenge: Challenge = serde_json::from_str(challenge_json).ok()?;
    let challenge = &challenge;
    let solution =
        altcha::solve_challenge(altcha::SolveChallengeOptions::new(challenge)).ok()??;
    let payload = Payload {
        challenge: challenge.clone(),
        solution,
    };
    Some(BASE64.encode(serde_json::to_vec(&payload).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_796_000_000;

    fn challenges() -> Challenges {
        Challenges::new("signing key".into(), "key signing key".into())
    }

    #[test]
    fn a_solved_challenge_checks_out_until_it_expires() {
        let c = challenges();
        let challenge = serde_json::to_string(&c.issue(NOW).unwrap()).unwrap();
        let payload = solve(&challenge).unwrap();
        let solved = c.verify(&payload, NOW + 60).unwrap();
        assert_eq!(solved.expires_unix, NOW + LIFETIME_SECONDS);
        assert!(solved.signature.len() >= 64);
        assert_eq!(
            c.verify(&payload, NOW + LIFETIME_SECONDS + 1),
            Err(Unsolved::Expired)
        );
        let other = Challenges::new("another key".into(), "key signing key".into());
        assert_eq!(other.verify(&payload, NOW), Err(Unsolved::Wrong));
        assert_eq!(c.verify("%%%", NOW), Err(Unsolved::Malformed));
        assert_eq!(c.verify(&"A".repeat(20_000), NOW), Err(Unsolved::Malformed));
    }

    /// The counter the solver reached, read back from the payload.
    fn counter_of(payload: &str) -> u64 {
        let json: serde_json::Value =
            serde_json::from_slice(&BASE64.decode(payload).unwrap()).unwrap();
        json["solution"]["counter"].as_u64().unwrap()
    }

    #[test]
    fn a_raised_effort_asks_for_more_work_and_still_checks_out() {
        assert_eq!(Effort::times(0), Effort::USUAL);
        assert_eq!(Effort::times(9), Effort::MAX);
        assert_eq!(Effort::MAX.counter_range(), 6_000..=60_000);
        let c = challenges();
        for effort in [Effort::USUAL, Effort::MAX] {
            let challenge = serde_json::to_string(&c.issue_with(NOW, effort).unwrap()).unwrap();
            let payload = solve(&challenge).unwrap();
            assert!(c.verify(&payload, NOW).is_ok());
            let counter = counter_of(&payload);
            let range = effort.counter_range();
            assert!(
                u64::from(*range.start()) <= counter && counter <= u64::from(*range.end()),
                "{counter} outside {range:?}"
            );
        }
    }
}
