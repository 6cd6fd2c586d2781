//! Receipts: the reporter's only key to a report (the code itself is
//! `lookout_questionnaire::receipt`). A receipt is never stored: only a slow, peppered hash
//! of it, which is also the key that finds the report.

use std::fmt;

use argon2::{Algorithm, Argon2, Params, Version};
use hmac::{Hmac, Mac};
use lookout_questionnaire::receipt::RECEIPT_SPACE;
pub use lookout_questionnaire::receipt::{NotAReceipt, RECEIPT_DIGITS, Receipt};
use rand::Rng;
use sha2::{Digest, Sha256};

use crate::store::{Binding, ChallengeKey, ReceiptHash};

#[derive(Debug, thiserror::Error)]
pub enum ReceiptError {
    #[error("the receipt secret must be at least 16 bytes")]
    WeakSecret,
    #[error("receipt hashing failed: {0}")]
    Hash(String),
}

/// A fresh receipt, uniform over all 20-digit codes.
pub fn random_receipt() -> Receipt {
    Receipt::from_number(rand::rng().random_range(0..RECEIPT_SPACE))
}

/// A 256-bit key derived from a receipt that unwraps the report's reporter identity.
#[derive(Clone)]
pub struct WrapKey(pub(crate) [u8; 32]);

impl fmt::Debug for WrapKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WrapKey(<hidden>)")
    }
}

/// What a receipt opens: the store key of the report and the key to the reporter identity.
#[derive(Debug, Clone)]
pub struct ReceiptKeys {
    pub hash: ReceiptHash,
    pub wrap_key: WrapKey,
}

/// Hashes receipts with Argon2id and the server-side secret (a pepper).
///
/// The salt is fixed per deployment (derived from the secret) rather than random per
/// receipt: the hash must be computable from the receipt alone, because it is how the
/// report is found. The secret means a copy of the table alone is useless for guessing, and
/// Argon2id makes every guess against the live endpoint cost memory and time.
pub struct ReceiptHasher {
    secret: Vec<u8>,
    salt: [u8; 16],
    params: Params,
}

impl fmt::Debug for ReceiptHasher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReceiptHasher")
            .field("params", &self.params)
            .finish_non_exhaustive()
    }
}

type HmacSha256 = Hmac<Sha256>;

fn hmac(key: &[u8], parts: &[&[u8]]) -> Result<[u8; 32], ReceiptError> {
    // HMAC takes keys of any length, so this error cannot happen; it is still handled.
    let mut mac = HmacSha256::new_from_slice(key).map_err(|e| ReceiptError::Hash(e.to_string()))?;
    for part in parts {
        mac.update(part);
    }
    Ok(mac.finalize().into_bytes().into())
}

impl ReceiptHasher {
    /// A hasher with Argon2's default cost (19 MiB, 2 passes): tens of milliseconds per
    /// hash, bearable in a Lambda and for the reporter, costly for a guesser.
    pub fn new(secret: &[u8]) -> Result<Self, ReceiptError> {
        Self::with_params(secret, Params::default())
    }

    /// A hasher with explicit Argon2 cost (memory in KiB, passes, lanes).
    pub fn with_cost(secret: &[u8], m_kib: u32, t: u32, p: u32) -> Result<Self, ReceiptError> {
        let params =
            Params::new(m_kib, t, p, Some(32)).map_err(|e| ReceiptError::Hash(e.to_string()))?;
        Self::with_params(secret, params)
    }

    fn with_params(secret: &[u8], params: Params) -> Result<Self, ReceiptError> {
        if secret.len() < 16 {
            return Err(ReceiptError::WeakSecret);
        }
        let digest = Sha256::new()
            .chain_update(b"lookout receipt salt v1\0")
            .chain_update(secret)
            .finalize();
        let mut salt = [0u8; 16];
        salt.copy_from_slice(&digest[..16]);
        Ok(Self {
            secret: secret.to_vec(),
            salt,
            params,
        })
    }

    /// Runs Argon2id once and derives from its output both the lookup hash and the wrap key
    /// (by HMAC with distinct labels), so a submission pays for one slow hash, not two, and
    /// knowing the stored hash reveals nothing about the wrap key.
    pub fn keys(&self, receipt: &Receipt) -> Result<ReceiptKeys, ReceiptError> {
        let argon = Argon2::new_with_secret(
            &self.secret,
            Algorithm::Argon2id,
            Version::V0x13,
            self.params.clone(),
        )
        .map_err(|e| ReceiptError::Hash(e.to_string()))?;
        let mut master = [0u8; 32];
        argon
            .hash_password_into(receipt.digits().as_bytes(), &self.salt, &mut master)
            .map_err(|e| ReceiptError::Hash(e.to_string()))?;
        let hash = hmac(&master, &[b"lookout receipt lookup v1"])?;
        let wrap = hmac(&master, &[b"lookout reporter key wrap v1"])?;
        Ok(ReceiptKeys {
            hash: ReceiptHash(hex::encode(hash)),
            wrap_key: WrapKey(wrap),
        })
    }

    /// The stored form of a receipt.
    pub fn hash(&self, receipt: &Receipt) -> Result<ReceiptHash, ReceiptError> {
        Ok(self.keys(receipt)?.hash)
    }

    /// A keyed hash of a submission's answers (their canonical JSON): equal answers give
    /// equal fingerprints, so the team can see a resent form as a duplicate; without the
    /// pepper it reveals nothing about them.
    pub fn fingerprint(&self, canonical_answers: &str) -> Result<String, ReceiptError> {
        let mac = hmac(
            &self.secret,
            &[b"lookout answers v1\0", canonical_answers.as_bytes()],
        )?;
        Ok(hex::encode(mac))
    }

    /// What a challenge is spent on: HMAC(pepper, idempotency key ‖ answers' fingerprint). A
    /// retry with the same key and answers has the same binding; anything else does not.
    /// Without a key the binding is random: the answers and the challenge alone are no secret
    /// of the reporter's, so they must never be enough to get a receipt back.
    pub fn binding(
        &self,
        idempotency_key: Option<&str>,
        fingerprint: &str,
    ) -> Result<Binding, ReceiptError> {
        let Some(key) = idempotency_key else {
            let random: [u8; 32] = rand::rng().random();
            return Ok(Binding(hex::encode(random)));
        };
        let length = (key.len() as u64).to_be_bytes();
        let mac = hmac(
            &self.secret,
            &[
                b"lookout binding v1\0",
                &length,
                key.as_bytes(),
                fingerprint.as_bytes(),
            ],
        )?;
        Ok(Binding(hex::encode(mac)))
    }

    /// The receipt of a verified submission, derived from its binding and the challenge it
    /// spent, so the retry of a stored report (its answer lost) is answered with the same
    /// receipt while nothing else (another key, other answers, another challenge) ever is.
    pub fn receipt_for(
        &self,
        binding: &Binding,
        challenge: &ChallengeKey,
    ) -> Result<Receipt, ReceiptError> {
        let mac = hmac(
            &self.secret,
            &[
                b"lookout receipt v2\0",
                binding.0.as_bytes(),
                challenge.0.as_bytes(),
            ],
        )?;
        let mut first = [0u8; 16];
        first.copy_from_slice(&mac[..16]);
        // 2^128 is 3.4e18 times 10^20, so the modulo bias is far below anything measurable.
        Ok(Receipt::from_number(u128::from_be_bytes(first)))
    }

    /// A secret for `purpose` derived from the pepper (the challenge signing keys), so the
    /// deployment needs no further secret.
    pub fn derived_secret(&self, purpose: &str) -> Result<String, ReceiptError> {
        Ok(hex::encode(hmac(
            &self.secret,
            &[b"lookout derived v1\0", purpose.as_bytes()],
        )?))
    }
}

/// The stored form of a challenge or captcha token: SHA-256 hex.
pub fn challenge_key(raw: &str) -> ChallengeKey {
    ChallengeKey(hex::encode(Sha256::digest(raw.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hasher() -> ReceiptHasher {
        // Cheap parameters: these tests are about formats, not cost.
        ReceiptHasher::with_cost(b"0123456789abcdef-test-secret", 256, 1, 1).unwrap()
    }

    #[test]
    fn receipts_are_twenty_digits_in_groups_of_four() {
        let r = random_receipt();
        assert_eq!(r.digits().len(), 20);
        assert!(r.digits().bytes().all(|b| b.is_ascii_digit()));
        let shown = r.to_string();
        assert_eq!(shown.len(), 24);
        assert_eq!(
            shown.split(' ').map(str::len).collect::<Vec<_>>(),
            [4, 4, 4, 4, 4]
        );
        assert_eq!(format!("{r:?}"), "Receipt(<hidden>)");
    }

    #[test]
    fn random_receipts_spread_over_all_digits() {
        // A coarse check that every digit position varies: 200 receipts would repeat a
        // digit in one position everywhere with probability ~10^-198.
        let receipts: Vec<_> = (0..200).map(|_| random_receipt()).collect();
        for pos in 0..20 {
            let distinct: std::collections::HashSet<_> = receipts
                .iter()
                .map(|r| r.digits().as_bytes()[pos])
                .collect();
            assert!(distinct.len() >= 5, "position {pos} looks stuck");
        }
        let unique: std::collections::HashSet<_> =
            receipts.iter().map(|r| r.digits().to_string()).collect();
        assert_eq!(unique.len(), 200);
    }

    #[test]
    fn hashes_are_stable_and_depend_on_the_secret() {
        let r = Receipt::parse("4821 0937 5521 8804 3316").unwrap();
        let a = hasher().hash(&r).unwrap();
        assert_eq!(a, hasher().hash(&r).unwrap());
        assert_eq!(a.0.len(), 64);
        assert!(!a.0.contains("4821"));
        let other = ReceiptHasher::with_cost(b"another-secret-of-16+bytes", 256, 1, 1).unwrap();
        assert_ne!(a, other.hash(&r).unwrap());
        let r2 = Receipt::parse("4821 0937 5521 8804 3317").unwrap();
        assert_ne!(a, hasher().hash(&r2).unwrap());
    }

    #[test]
    fn the_wrap_key_differs_from_the_lookup_hash() {
        let r = random_receipt();
        let keys = hasher().keys(&r).unwrap();
        assert_ne!(hex::encode(keys.wrap_key.0), keys.hash.0);
    }

    #[test]
    fn short_secrets_are_refused() {
        assert!(matches!(
            ReceiptHasher::new(b"short"),
            Err(ReceiptError::WeakSecret)
        ));
    }

    #[test]
    fn receipts_repeat_for_the_same_key_answers_and_challenge_only() {
        let h = hasher();
        let answers = h.fingerprint("{\"a\":1}").unwrap();
        let binding = h.binding(Some("3f1c-key"), &answers).unwrap();
        let challenge = challenge_key("challenge one");
        let a = h.receipt_for(&binding, &challenge).unwrap();
        assert_eq!(a, h.receipt_for(&binding, &challenge).unwrap());
        let other_key = h.binding(Some("3f1c-kez"), &answers).unwrap();
        assert_ne!(a, h.receipt_for(&other_key, &challenge).unwrap());
        let other_answers = h.fingerprint("{\"a\":2}").unwrap();
        let other = h.binding(Some("3f1c-key"), &other_answers).unwrap();
        assert_ne!(a, h.receipt_for(&other, &challenge).unwrap());
        assert_ne!(
            a,
            h.receipt_for(&binding, &challenge_key("challenge two"))
                .unwrap()
        );
        // The key's length is bound, so key and answers cannot be shifted into each other.
        assert_ne!(
            h.binding(Some("ab"), "c").unwrap(),
            h.binding(Some("a"), "bc").unwrap()
        );
    }

    #[test]
    fn challenge_keys_are_stored_as_sha256_hex() {
        let k = challenge_key("abc");
        assert_eq!(
            k.0,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
