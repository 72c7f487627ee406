//! Keyed hashing and sealing of national IDs.
//!
//! The ID is stored three ways: masked (for display), HMAC-SHA256 under the
//! server secret (for exact lookup without storing it), and sealed with
//! ChaCha20-Poly1305 (so a manager can unmask it with a stated reason).

use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

/// HMAC-SHA256 of `value` under `secret`, hex. Normalises case and spaces.
#[must_use]
pub fn keyed_hash(secret: &[u8; 32], value: &str) -> String {
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

/// Encrypts `plain` under `secret`: base64 of nonce ‖ ciphertext.
#[must_use]
pub fn seal(secret: &[u8; 32], plain: &str) -> String {
    let cipher = ChaCha20Poly1305::new(secret.into());
    let mut nonce = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let Ok(ciphertext) = cipher.encrypt(Nonce::from_slice(&nonce), plain.as_bytes()) else {
        return String::new();
    };
    let mut out = nonce.to_vec();
    out.extend_from_slice(&ciphertext);
    base64::engine::general_purpose::STANDARD.encode(out)
}

/// Decrypts a value made by [`seal`]; `None` if it was tampered with or the key differs.
#[must_use]
pub fn unseal(secret: &[u8; 32], sealed: &str) -> Option<String> {
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
    fn secret_parses_from_hex() {
        assert_eq!(parse_secret(&"07".repeat(32)), Some(KEY));
        assert_eq!(parse_secret("zz"), None);
    }
}
