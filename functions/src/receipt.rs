//! Receipt codes: the reporter's only key to a report. Twenty digits (about 66 bits), shown
//! in groups of four so they are easy to read out and type. A receipt is never stored: only
//! a slow, peppered hash of it, which is also the key that finds the report.

use std::fmt;

use argon2::{Algorithm, Argon2, Params, Version};
use hmac::{Hmac, Mac};
use rand::Rng;
use sha2::{Digest, Sha256};

use crate::store::{IdempotencyKey, ReceiptHash};

/// Digits in a receipt.
pub const RECEIPT_DIGITS: usize = 20;
const RECEIPT_SPACE: u128 = 10u128.pow(RECEIPT_DIGITS as u32);
// 10^20 > 2^66: a receipt carries more than the 64 bits of randomness the product promises.
const _: () = assert!(RECEIPT_SPACE > 1u128 << 64);

#[derive(Debug, thiserror::Error)]
pub enum ReceiptError {
    #[error("a receipt code is {RECEIPT_DIGITS} digits")]
    Malformed,
    #[error("the receipt secret must be at least 16 bytes")]
    WeakSecret,
    #[error("receipt hashing failed: {0}")]
    Hash(String),
}

/// A receipt code. `Debug` hides the digits so a receipt cannot reach a log by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Receipt(String);

impl fmt::Debug for Receipt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Receipt(<hidden>)")
    }
}

/// Grouped in fours: `4821 0937 5521 8804 3316`.
impl fmt::Display for Receipt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, chunk) in self.0.as_bytes().chunks(4).enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            // Only ASCII digits are ever stored in a Receipt.
            f.write_str(std::str::from_utf8(chunk).map_err(|_| fmt::Error)?)?;
        }
        Ok(())
    }
}

impl Receipt {
    /// A fresh receipt, uniform over all 20-digit codes.
    pub fn random() -> Self {
        Self::from_number(rand::rng().random_range(0..RECEIPT_SPACE))
    }

    fn from_number(n: u128) -> Self {
        Self(format!("{n:020}"))
    }

    /// Reads a receipt as a person types it: spaces, dashes and other separators are
    /// ignored, and digits may be typed in any of the scripts a reporter's keyboard gives (an
    /// Urdu or Arabic keyboard types U+06F0–U+06F9 or U+0660–U+0669, a Japanese or Chinese
    /// one full-width digits); anything else must be exactly 20 digits.
    pub fn parse(input: &str) -> Result<Self, ReceiptError> {
        let mut digits = String::with_capacity(RECEIPT_DIGITS);
        for c in input.chars() {
            match c {
                ' ' | '-' | '\u{2010}'..='\u{2015}' | '\t' | '\u{a0}' | '.' => {}
                // Right-to-left keyboards may add direction marks around the digits.
                '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{2066}'..='\u{2069}' => {}
                c => digits.push(ascii_digit(c).ok_or(ReceiptError::Malformed)?),
            }
            if digits.len() > RECEIPT_DIGITS {
                return Err(ReceiptError::Malformed);
            }
        }
        if digits.len() == RECEIPT_DIGITS {
            Ok(Self(digits))
        } else {
            Err(ReceiptError::Malformed)
        }
    }

    /// The 20 digits without separators.
    pub fn digits(&self) -> &str {
        &self.0
    }
}

/// The ASCII digit for a decimal digit of the scripts receipts are typed in.
fn ascii_digit(c: char) -> Option<char> {
    let zero = match c {
        '0'..='9' => '0',
        '\u{0660}'..='\u{0669}' => '\u{0660}', // Arabic-Indic
        '\u{06f0}'..='\u{06f9}' => '\u{06f0}', // Extended Arabic-Indic (Urdu, Persian)
        '\u{ff10}'..='\u{ff19}' => '\u{ff10}', // full-width
        _ => return None,
    };
    char::from_digit(u32::from(c) - u32::from(zero), 10)
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

    /// The receipt for a submission. With an idempotency key it is derived from the key
    /// (HMAC with the secret), so a retry is answered with the same receipt without the
    /// receipt ever being stored; without one it is random.
    pub fn receipt_for(&self, idempotency_key: Option<&str>) -> Result<Receipt, ReceiptError> {
        Ok(match idempotency_key {
            Some(key) => {
                let mac = hmac(&self.secret, &[b"receipt:", key.as_bytes()])?;
                let mut first = [0u8; 16];
                first.copy_from_slice(&mac[..16]);
                // 2^128 is 3.4e18 times 10^20, so the modulo bias is far below anything
                // measurable.
                Receipt::from_number(u128::from_be_bytes(first) % RECEIPT_SPACE)
            }
            None => Receipt::random(),
        })
    }
}

/// The stored form of a client's idempotency key: SHA-256 hex, so the raw key is not kept.
pub fn idempotency_key(raw: &str) -> IdempotencyKey {
    IdempotencyKey(hex::encode(Sha256::digest(raw.as_bytes())))
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
        let r = Receipt::random();
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
    fn receipts_keep_leading_zeros() {
        assert_eq!(
            Receipt::from_number(42).to_string(),
            "0000 0000 0000 0000 0042"
        );
    }

    #[test]
    fn parsing_tolerates_separators_and_other_scripts_digits() {
        let r = Receipt::parse("4821 0937-5521 8804 3316").unwrap();
        // Urdu (Extended Arabic-Indic), Arabic-Indic and full-width digits, with an RLM.
        let urdu = "۴۸۲۱ ۰۹۳۷ ۵۵۲۱ ۸۸۰۴ ۳۳۱۶";
        assert_eq!(Receipt::parse(urdu).unwrap(), r);
        assert_eq!(Receipt::parse("\u{200f}٤٨٢١٠٩٣٧٥٥٢١٨٨٠٤٣٣١٦").unwrap(), r);
        assert_eq!(
            Receipt::parse("４８２１０９３７５５２１８８０４３３１６").unwrap(),
            r
        );
        assert!(
            Receipt::parse("४८२१०९३७५५२१८८०४३३१६").is_err(),
            "Devanagari is not folded"
        );
        assert_eq!(r.digits(), "48210937552188043316");
        assert_eq!(Receipt::parse(" 48210937552188043316 ").unwrap(), r);
        assert_eq!(Receipt::parse("4821–0937–5521–8804–3316").unwrap(), r);
        assert!(Receipt::parse("4821 0937 5521 8804 331").is_err());
        assert!(Receipt::parse("4821 0937 5521 8804 33161").is_err());
        assert!(Receipt::parse("4821 0937 5521 8804 331x").is_err());
        assert!(Receipt::parse("").is_err());
    }

    #[test]
    fn random_receipts_spread_over_all_digits() {
        // A coarse check that every digit position varies: 200 receipts would repeat a
        // digit in one position everywhere with probability ~10^-198.
        let receipts: Vec<_> = (0..200).map(|_| Receipt::random()).collect();
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
        let r = Receipt::random();
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
    fn derived_receipts_repeat_for_the_same_key_only() {
        let h = hasher();
        let a = h.receipt_for(Some("3f1c-key")).unwrap();
        assert_eq!(a, h.receipt_for(Some("3f1c-key")).unwrap());
        assert_ne!(a, h.receipt_for(Some("3f1c-kez")).unwrap());
        assert_eq!(a.digits().len(), 20);
        assert_ne!(h.receipt_for(None).unwrap(), h.receipt_for(None).unwrap());
    }

    #[test]
    fn idempotency_keys_are_stored_as_sha256_hex() {
        let k = idempotency_key("abc");
        assert_eq!(
            k.0,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
