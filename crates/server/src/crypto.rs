//! Keyed hashing and sealing of national IDs, and the webhook signature.
//!
//! The ID is stored three ways: masked (for display), HMAC-SHA256 (for exact
//! lookup without storing it), and sealed with ChaCha20-Poly1305 (so a
//! manager can unmask it with a stated reason). Each purpose has its own key,
//! derived from the server's master secret with HKDF-SHA256 ([`derive`]), so
//! a key that leaks from one use (say, a webhook receiver's copy of the
//! signing key) opens nothing else.

use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

/// What a derived key is for (the HKDF `info`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// The national-ID lookup hash.
    Lookup,
    /// Sealing national IDs.
    Sealing,
    /// Signing webhook bodies.
    WebhookSigning,
}

impl Purpose {
    const fn info(self) -> &'static [u8] {
        match self {
            Self::Lookup => b"cardinal/v1/national-id-lookup",
            Self::Sealing => b"cardinal/v1/national-id-sealing",
            Self::WebhookSigning => b"cardinal/v1/webhook-signing",
        }
    }
}

/// The key for `purpose`, derived from the master `secret` (HKDF-SHA256).
#[must_use]
pub fn derive(secret: &[u8; 32], purpose: Purpose) -> [u8; 32] {
    let hk = hkdf::Hkdf::<Sha256>::new(Some(b"cardinal"), secret);
    let mut key = [0u8; 32];
    // 32 bytes is far below HKDF-SHA256's limit (255 × 32): cannot fail
    if hk.expand(purpose.info(), &mut key).is_err() {
        return [0u8; 32];
    }
    key
}

/// `X-Cardinal-Signature` of a webhook body sent at `timestamp` (Unix
/// seconds): `t=<timestamp>,v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`
/// under the webhook-signing key. A receiver recomputes it and refuses old
/// timestamps (replays).
#[must_use]
pub fn webhook_signature(secret: &[u8; 32], timestamp: i64, body: &[u8]) -> String {
    let key = derive(secret, Purpose::WebhookSigning);
    let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(&key) else {
        return String::new();
    };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!(
        "t={timestamp},v1={}",
        hex::encode(mac.finalize().into_bytes())
    )
}

/// HMAC-SHA256 of `value` under the lookup key, hex. Normalises case and spaces.
#[must_use]
pub fn keyed_hash(secret: &[u8; 32], value: &str) -> String {
    let secret = &derive(secret, Purpose::Lookup);
    let normalised: String = value
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(secret) else {
        return String::new();
    };
    mac.update(normalised.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Encrypts `plain` under the sealing key: base64 of nonce ‖ ciphertext.
#[must_use]
pub fn seal(secret: &[u8; 32], plain: &str) -> String {
    let key = derive(secret, Purpose::Sealing);
    let cipher = ChaCha20Poly1305::new((&key).into());
    let mut nonce = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let Ok(ciphertext) = cipher.encrypt(Nonce::from_slice(&nonce), plain.as_bytes()) else {
        return String::new();
    };
    let mut out = nonce.to_vec();
    out.extend_from_slice(&ciphertext);
    base64::engine::general_purpose::STANDARD.encode(out)
}

/// Decrypts a value made by [`seal`]; `None` if it was tampered with or the
/// key differs. Values sealed before keys were derived (under the master
/// secret itself) still open.
#[must_use]
pub fn unseal(secret: &[u8; 32], sealed: &str) -> Option<String> {
    unseal_with(&derive(secret, Purpose::Sealing), sealed).or_else(|| unseal_with(secret, sealed))
}

fn unseal_with(secret: &[u8; 32], sealed: &str) -> Option<String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(sealed)
        .ok()?;
    if bytes.len() < 12 {
        return None;
    }
    let (nonce, ciphertext) = bytes.split_at(12);
    let cipher = ChaCha20Poly1305::new(secret.into());
    let plain = cipher.decrypt(Nonce::from_slice(nonce), ciphertext).ok()?;
    String::from_utf8(plain).ok()
}

/// Parses a 64-hex-digit secret.
#[must_use]
pub fn parse_secret(hex_text: &str) -> Option<[u8; 32]> {
    let bytes = hex::decode(hex_text.trim()).ok()?;
    bytes.try_into().ok()
}

/// A fresh random secret.
#[must_use]
pub fn random_secret() -> [u8; 32] {
    let mut secret = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut secret);
    secret
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: [u8; 32] = [7; 32];

    #[test]
    fn keyed_hash_is_stable_normalised_and_key_dependent() {
        let a = keyed_hash(&KEY, "11010119900307123x");
        assert_eq!(a, keyed_hash(&KEY, " 11010119900307123X "));
        assert_ne!(a, keyed_hash(&[8; 32], "11010119900307123X"));
        assert_eq!(a.len(), 64);
    }

    #[test]
    fn seal_round_trips_and_detects_tampering() {
        let sealed = seal(&KEY, "110101199003071234");
        assert_eq!(unseal(&KEY, &sealed).as_deref(), Some("110101199003071234"));
        assert_eq!(unseal(&[9; 32], &sealed), None);
        assert_ne!(
            seal(&KEY, "110101199003071234"),
            sealed,
            "nonce must differ"
        );
        assert_eq!(unseal(&KEY, "AAAA"), None);
    }

    #[test]
    fn each_purpose_has_its_own_key() {
        let keys =
            [Purpose::Lookup, Purpose::Sealing, Purpose::WebhookSigning].map(|p| derive(&KEY, p));
        assert_ne!(keys[0], keys[1]);
        assert_ne!(keys[1], keys[2]);
        assert_ne!(keys[0], keys[2]);
        assert!(keys.iter().all(|k| *k != KEY));
        assert_eq!(derive(&KEY, Purpose::Sealing), keys[1], "stable");
        // the lookup hash is an HMAC under the derived key, not the master
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&KEY).unwrap();
        mac.update(b"11010119900307123X");
        assert_ne!(
            keyed_hash(&KEY, "11010119900307123X"),
            hex::encode(mac.finalize().into_bytes())
        );
    }

    #[test]
    fn values_sealed_under_the_master_secret_still_open() {
        let cipher = ChaCha20Poly1305::new((&KEY).into());
        let nonce = [3u8; 12];
        let mut legacy = nonce.to_vec();
        legacy.extend(
            cipher
                .encrypt(Nonce::from_slice(&nonce), b"110101199003071234".as_ref())
                .unwrap(),
        );
        let legacy = base64::engine::general_purpose::STANDARD.encode(legacy);
        assert_eq!(unseal(&KEY, &legacy).as_deref(), Some("110101199003071234"));
    }

    #[test]
    fn webhook_signature_covers_time_and_body() {
        let s = webhook_signature(&KEY, 1_765_000_000, b"{\"a\":1}");
        assert!(s.starts_with("t=1765000000,v1="), "{s}");
        assert_eq!(s.len(), "t=1765000000,v1=".len() + 64);
        assert_ne!(s, webhook_signature(&KEY, 1_765_000_001, b"{\"a\":1}"));
        assert_ne!(s, webhook_signature(&KEY, 1_765_000_000, b"{\"a\":2}"));
        let key = derive(&KEY, Purpose::WebhookSigning);
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key).unwrap();
        mac.update(b"1765000000.{\"a\":1}");
        assert!(s.ends_with(&hex::encode(mac.finalize().into_bytes())));
    }

    #[test]
    fn secret_parses_from_hex() {
        assert_eq!(parse_secret(&"07".repeat(32)), Some(KEY));
        assert_eq!(parse_secret("zz"), None);
    }
}
