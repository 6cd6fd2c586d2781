//! The per-report key pair that lets the team write to an anonymous reporter.
//!
//! At submission a fresh age X25519 identity is made. Its public half is stored in clear so
//! the team (and the follow-up page) can seal messages to it; the secret half is stored
//! wrapped with a key derived from the receipt.
//!
//! The wrapping is ChaCha20-Poly1305 under the receipt-derived key from
//! [`ReceiptHasher::keys`](crate::receipt::ReceiptHasher::keys) rather than an age scrypt
//! passphrase recipient: that key already comes out of Argon2id with the server secret, so a
//! second slow KDF (scrypt) would only double the cost of every submission and follow-up,
//! and it would not involve the secret. The recipient string is bound as associated data so
//! a wrapped identity cannot be moved to another report.

use age::secrecy::ExposeSecret;
use age::x25519;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use rand::Rng;

use crate::receipt::WrapKey;
use crate::report::ReporterKey;
use crate::seal::SealError;

const NONCE_LEN: usize = 12;

/// Makes a reporter key pair; returns the stored form and the identity.
pub fn new_reporter_key(wrap_key: &WrapKey) -> Result<(ReporterKey, x25519::Identity), SealError> {
    let identity = x25519::Identity::generate();
    let recipient = identity.to_public().to_string();
    let cipher = ChaCha20Poly1305::new(Key::from_slice(&wrap_key.0));
    let mut nonce = [0u8; NONCE_LEN];
    rand::rng().fill(&mut nonce);
    let secret = identity.to_string();
    let sealed = cipher
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: secret.expose_secret().as_bytes(),
                aad: recipient.as_bytes(),
            },
        )
        .map_err(|_| SealError::Encrypt("reporter key".into()))?;
    let mut wrapped = nonce.to_vec();
    wrapped.extend_from_slice(&sealed);
    Ok((
        ReporterKey {
            recipient,
            wrapped_identity: BASE64.encode(wrapped),
        },
        identity,
    ))
}

/// Unwraps the reporter identity with the key derived from the receipt.
pub fn open_reporter_key(
    key: &ReporterKey,
    wrap_key: &WrapKey,
) -> Result<x25519::Identity, SealError> {
    let wrapped = BASE64
        .decode(&key.wrapped_identity)
        .map_err(|_| SealError::ReporterKey)?;
    if wrapped.len() <= NONCE_LEN {
        return Err(SealError::ReporterKey);
    }
    let (nonce, sealed) = wrapped.split_at(NONCE_LEN);
    let cipher = ChaCha20Poly1305::new(Key::from_slice(&wrap_key.0));
    let secret = cipher
        .decrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: sealed,
                aad: key.recipient.as_bytes(),
            },
        )
        .map_err(|_| SealError::ReporterKey)?;
    let secret = String::from_utf8(secret).map_err(|_| SealError::ReporterKey)?;
    secret
        .parse::<x25519::Identity>()
        .map_err(|_| SealError::ReporterKey)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_and_unwraps_with_the_same_key_only() {
        let key = WrapKey([7; 32]);
        let (stored, identity) = new_reporter_key(&key).unwrap();
        assert_eq!(stored.recipient, identity.to_public().to_string());
        let opened = open_reporter_key(&stored, &key).unwrap();
        assert_eq!(opened.to_public().to_string(), stored.recipient);
        assert!(open_reporter_key(&stored, &WrapKey([8; 32])).is_err());
        let moved = ReporterKey {
            recipient: new_reporter_key(&key).unwrap().0.recipient,
            ..stored
        };
        assert!(open_reporter_key(&moved, &key).is_err());
    }
}
