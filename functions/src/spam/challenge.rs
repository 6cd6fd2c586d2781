//! Lookout's own proof-of-work challenges (ALTCHA v2, through the official `altcha` crate).
//! The page fetches one from `GET /api/challenge`, solves it in the browser and sends the
//! solution with the report.
//!
//! The expiry is our own, in the signed `data` (`exp`), checked against the request's clock:
//! the crate's own expiry reads the system clock, which tests could not fix. The signing keys
//! are derived from the receipt pepper, so a deployment needs no further secret.

use std::collections::BTreeMap;

use altcha::{
    Challenge, CreateChallengeOptions, Payload, VerifySolutionOptions, create_challenge,
    verify_solution,
};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use rand::Rng;
use time::OffsetDateTime;

use super::{Unverified, Verified};
use crate::receipt::challenge_key;

/// How long a challenge may be used after it is issued: long enough to fill in the form on a
/// phone between fares (the page fetches it only when the form is first touched).
pub const LIFETIME: time::Duration = time::Duration::hours(2);

/// The work asked of the browser: the counter the solver must reach, drawn in this range.
/// At the ~10,000 SHA-256 digests a second of a cheap phone's main thread, the mean is about
/// a second; a bot pays the same for every report.
const COUNTER: std::ops::RangeInclusive<u32> = 2_000..=20_000;

#[derive(Debug, thiserror::Error)]
#[error("cannot make a challenge: {0}")]
pub struct ChallengeError(String);

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

    /// A fresh signed challenge, good until `now + LIFETIME`.
    pub fn issue(&self, now: OffsetDateTime) -> Result<Challenge, ChallengeError> {
        let exp = (now + LIFETIME).unix_timestamp();
        let data = BTreeMap::from([("exp".to_string(), serde_json::Value::from(exp))]);
        create_challenge(CreateChallengeOptions {
            algorithm: "SHA-256".into(),
            cost: 1,
            counter: Some(rand::rng().random_range(COUNTER)),
            data: Some(data),
            expires_at: None,
            hmac_signature_secret: Some(self.signing.clone()),
            hmac_key_signature_secret: Some(self.key_signing.clone()),
            ..Default::default()
        })
        .map_err(|e| ChallengeError(e.to_string()))
    }

    /// Checks a solution (the base64 payload the page sends) at `now`.
    pub fn verify(&self, payload: &str, now: OffsetDateTime) -> Result<Verified, Unverified> {
        let payload = decode(payload).ok_or(Unverified::Malformed)?;
        let exp = payload
            .challenge
            .parameters
            .data
            .as_ref()
            .and_then(|data| data.get("exp"))
            .and_then(serde_json::Value::as_i64)
            .ok_or(Unverified::Malformed)?;
        let signature = payload
            .challenge
            .signature
            .clone()
            .ok_or(Unverified::Malformed)?;
        let result = verify_solution(VerifySolutionOptions {
            hmac_key_signature_secret: Some(self.key_signing.clone()),
            ..VerifySolutionOptions::new(&payload.challenge, &payload.solution, &self.signing)
        })
        .map_err(|_| Unverified::Malformed)?;
        // The signature covers `data`, so `exp` is checked only once it is known to be ours.
        if !result.verified {
            return Err(Unverified::Wrong);
        }
        if now.unix_timestamp() > exp {
            return Err(Unverified::Expired);
        }
        Ok(Verified::until(challenge_key(&signature), exp))
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
