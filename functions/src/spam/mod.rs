//! Telling people from bots without turning anyone away. A submission that proves its work —
//! Lookout's own proof-of-work challenge by default, or an hCaptcha token where the campaign
//! chose hCaptcha in `config.yaml` — is stored as verified; every other one is stored too, as
//! unverified, in a lane with a much stricter limit (`http::lanes`). Only the honeypot and the
//! minimum fill time refuse a report (`http::reports`).

pub mod hcaptcha;

use std::sync::Arc;

use time::{Date, OffsetDateTime};

use crate::store::{Binding, ChallengeKey, SpentChallenge};
pub use hcaptcha::{Captcha, CaptchaError};
use lookout_challenge::Unsolved;
pub use lookout_challenge::{Challenges, solve};

/// The campaign's choice, as the bundle's page shells carry it
/// (`lookout_questionnaire::shell::SPAM_META`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SpamSetting {
    #[default]
    ProofOfWork,
    HCaptcha {
        site_key: String,
    },
}

impl SpamSetting {
    /// From the shell's meta element: `altcha`, or `hcaptcha <site key>`.
    pub fn parse(value: &str) -> Result<Self, String> {
        let mut words = value.split_whitespace();
        match (words.next(), words.next(), words.next()) {
            (Some("altcha") | None, None, None) => Ok(Self::ProofOfWork),
            (Some("hcaptcha"), Some(site_key), None) => Ok(Self::HCaptcha {
                site_key: site_key.to_string(),
            }),
            _ => Err(format!(
                "`{value}`: expected `altcha` or `hcaptcha <site key>`"
            )),
        }
    }
}

/// Why a submission is not verified. None of these refuses it: it goes to the strict lane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Unverified {
    #[error("no challenge or token")]
    Missing,
    /// Lookout's own challenge, not solved.
    #[error(transparent)]
    Unsolved(#[from] Unsolved),
    #[error("a challenge already spent on another submission")]
    Spent,
    #[error("the captcha service refused the token")]
    Refused,
    #[error("the captcha service could not be asked")]
    Unreachable,
}

/// A challenge (or token) that checked out: its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub key: ChallengeKey,
}

impl Verified {
    /// The record that spends it on `binding`, received on the campaign's `today`.
    pub fn spent_on(&self, binding: Binding, today: Date) -> SpentChallenge {
        SpentChallenge {
            key: self.key.clone(),
            binding,
            expires_at: spent_until(today),
        }
    }
}

/// When a spent-challenge record may go: midnight (UTC) two days after the day it was spent
/// on. Counted from the day alone, so the record says which day and never what time (from the
/// challenge's own expiry it would tell the last hours of a day from the rest). Two days is
/// after any challenge's expiry in any time zone (a challenge lives two hours, the zones span
/// 26), and after the store's own now, which is never more than a day past today's midnight;
/// a test's clock fixed in the past still gets a record that lives in the store's time.
pub fn spent_until(today: Date) -> i64 {
    let by_day = (today + time::Duration::days(2))
        .midnight()
        .assume_utc()
        .unix_timestamp();
    by_day.max(next_midnight(crate::store::now_unix()))
}

/// Lookout's own challenge (the `altcha` field), checked at `now`.
pub fn proof_of_work(
    challenges: &Challenges,
    altcha: Option<&str>,
    now: OffsetDateTime,
) -> Result<Verified, Unverified> {
    let solved = challenges.verify(altcha.ok_or(Unverified::Missing)?, now.unix_timestamp())?;
    Ok(Verified {
        key: crate::receipt::challenge_key(&solved.signature),
    })
}

/// The first midnight (UTC) after `unix`, in unix seconds.
fn next_midnight(unix: i64) -> i64 {
    const DAY: i64 = 86_400;
    (unix.div_euclid(DAY) + 1) * DAY
}

/// The functions' half of the campaign's setting.
#[derive(Debug)]
pub enum Guard {
    ProofOfWork(Arc<Challenges>),
    HCaptcha(Captcha),
}

impl Guard {
    /// The local part of the check: the challenge's signature and expiry, or that an hCaptcha
    /// token is there at all. An hCaptcha token still needs [`Guard::confirm`].
    pub fn check(
        &self,
        altcha: Option<&str>,
        hcaptcha_token: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<Verified, Unverified> {
        match self {
            Self::ProofOfWork(challenges) => proof_of_work(challenges, altcha, now),
            Self::HCaptcha(_) => {
                let token = hcaptcha_token
                    .filter(|t| !t.trim().is_empty() && t.len() <= 8 * 1024)
                    .ok_or(Unverified::Missing)?;
                // hCaptcha's tokens live two minutes, well inside the record's two days.
                Ok(Verified {
                    key: crate::receipt::challenge_key(token),
                })
            }
        }
    }

    /// The remote part: asks hCaptcha about the token (nothing to do for a proof of work).
    pub async fn confirm(&self, hcaptcha_token: Option<&str>) -> Result<(), Unverified> {
        match self {
            Self::ProofOfWork(_) => Ok(()),
            Self::HCaptcha(captcha) => captcha.verify(hcaptcha_token).await.map_err(|e| match e {
                CaptchaError::Unavailable => Unverified::Unreachable,
                CaptchaError::Failed | CaptchaError::BadUrl(_) => Unverified::Refused,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spent_records_last_two_days_from_the_day_whatever_the_hour() {
        let at = |s: &str| {
            OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
                .unwrap()
                .unix_timestamp()
        };
        assert_eq!(
            next_midnight(at("2026-12-01T13:45:07Z")),
            at("2026-12-02T00:00:00Z")
        );
        assert_eq!(
            next_midnight(at("2026-12-02T00:00:00Z")),
            at("2026-12-03T00:00:00Z")
        );
        let far = time::macros::date!(2099 - 06 - 01);
        assert_eq!(spent_until(far), at("2099-06-03T00:00:00Z"));
        // A day in the past (a test's fixed clock) still lives past the store's now.
        let past = time::macros::date!(2001 - 01 - 01);
        assert!(spent_until(past) > crate::store::now_unix());
    }

    #[test]
    fn the_setting_reads_both_forms() {
        assert_eq!(SpamSetting::parse("altcha"), Ok(SpamSetting::ProofOfWork));
        assert_eq!(
            SpamSetting::parse("hcaptcha 10000000-ffff"),
            Ok(SpamSetting::HCaptcha {
                site_key: "10000000-ffff".into()
            })
        );
        assert!(SpamSetting::parse("hcaptcha").is_err());
        assert!(SpamSetting::parse("recaptcha x").is_err());
    }
}
