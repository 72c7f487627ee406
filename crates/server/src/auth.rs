//! Passwords, sessions and sign-in rate limiting.
//!
//! Passwords are hashed with Argon2id at the OWASP minimum (19 MiB, 2 passes,
//! 1 lane; the `argon2` crate's defaults, from RustCrypto). A session is a
//! random 256-bit token in an HttpOnly, SameSite=Strict cookie; the database
//! keeps only its SHA-256, so a leaked table cannot be replayed.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use crm_api::Role;
use crm_api::auth::UserInfo;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::db::sessions;
use crate::domain::time::now;
use crate::error::AppError;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "cardinal_session";

/// Argon2id PHC string for `password`.
pub fn hash_password(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("hashing password: {e}")))
}

/// Whether `password` matches the PHC string `hash`.
#[must_use]
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A hash to verify against when the user does not exist, so that a wrong
/// user name takes as long as a wrong password.
pub fn dummy_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| hash_password("not-a-real-password").unwrap_or_default())
}

/// A fresh session token and the hash stored for it.
#[must_use]
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

/// SHA-256 of a token, hex.
#[must_use]
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// `Set-Cookie` value that stores `token` for `max_age` seconds (0 clears it).
#[must_use]
pub fn session_cookie(token: &str, max_age: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    )
}

/// Starts a session for `user_id`; returns the token and the absolute expiry.
pub async fn create_session(state: &AppState, user_id: i64) -> Result<(String, i64), AppError> {
    let (token, hash) = new_token();
    let now = now();
    let expires_at = now + state.config.session_absolute_secs;
    sessions::create(&state.db, &hash, user_id, now, expires_at).await?;
    // Housekeeping: drop this user's sessions that have run out.
    sessions::delete_expired_for_user(&state.db, user_id, now).await?;
    Ok((token, expires_at))
}

/// A live session and its user.
#[derive(Clone, Debug)]
pub struct SessionUser {
    /// The signed-in user.
    pub user: UserInfo,
    /// SHA-256 of the token (the session row's key).
    pub hash: String,
    /// Absolute expiry, Unix seconds.
    pub expires_at: i64,
}

/// The user of a live session, touching its idle timer; `None` when the token
/// is unknown, the session has expired (idle or absolute), or the user is disabled.
pub async fn load_session(state: &AppState, token: &str) -> Result<Option<SessionUser>, AppError> {
    let hash = token_hash(token);
    let Some(row) = sessions::load(&state.db, &hash).await? else {
        return Ok(None);
    };
    let now = now();
    let last_seen = row.last_seen_at;
    let expires_at = row.expires_at;
    if now >= expires_at || now - last_seen >= state.config.session_idle_secs || row.active == 0 {
        delete_session(state, &hash).await?;
        return Ok(None);
    }
    if now - last_seen >= 30 {
        sessions::touch(&state.db, &hash, now).await?;
    }
    let role = Role::parse(&row.role)
        .ok_or_else(|| AppError::Internal(format!("unknown role {}", row.role)))?;
    let user = UserInfo {
        id: row.user_id,
        username: row.username,
        display_name: row.display_name,
        role,
        branch_id: row.branch_id,
        branch_name: row.branch_name,
        customer_id: row.customer_id,
    };
    Ok(Some(SessionUser {
        user,
        hash,
        expires_at,
    }))
}

/// Ends a session on the server.
pub async fn delete_session(state: &AppState, hash: &str) -> Result<(), AppError> {
    sessions::delete(&state.db, hash).await
}

/// Counts failed sign-ins per user name in a fixed window.
#[derive(Debug, Default)]
pub struct SignInLimiter {
    failures: Mutex<HashMap<String, (u32, i64)>>,
}

impl SignInLimiter {
    fn key(username: &str) -> String {
        username.trim().to_lowercase()
    }

    /// `Err(seconds to wait)` when `username` has used up its attempts.
    pub fn check(&self, username: &str, now: i64, max: u32, window: i64) -> Result<(), u64> {
        let map = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match map.get(&Self::key(username)) {
            Some(&(count, start)) if count >= max && now - start < window => {
                Err(u64::try_from(window - (now - start)).unwrap_or(1).max(1))
            }
            _ => Ok(()),
        }
    }

    /// Records a failed attempt.
    pub fn fail(&self, username: &str, now: i64, window: i64) {
        let mut map = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if map.len() > 100_000 {
            map.retain(|_, (_, start)| now - *start < window);
        }
        let entry = map.entry(Self::key(username)).or_insert((0, now));
        if now - entry.1 >= window {
            *entry = (0, now);
        }
        entry.0 += 1;
    }

    /// Forgets failures after a successful sign-in.
    pub fn succeed(&self, username: &str) {
        let mut map = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.remove(&Self::key(username));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_round_trip_and_wrong_password() {
        let hash = hash_password("s3cret!").unwrap_or_default();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password("s3cret!", &hash));
        assert!(!verify_password("s3cret", &hash));
        assert!(!verify_password("s3cret!", "not a hash"));
    }

    #[test]
    fn tokens_are_unique_and_hashed() {
        let (a, ha) = new_token();
        let (b, _) = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(ha, token_hash(&a));
        assert_ne!(ha, a);
    }

    #[test]
    fn cookie_is_http_only_and_strict() {
        let c = session_cookie("tok", 60, false);
        assert!(
            c.contains("HttpOnly") && c.contains("SameSite=Strict") && c.contains("Max-Age=60")
        );
        assert!(!c.contains("Secure"));
        assert!(session_cookie("tok", 60, true).ends_with("; Secure"));
    }

    #[test]
    fn limiter_blocks_after_max_failures_within_window() {
        let limiter = SignInLimiter::default();
        for i in 0..5 {
            assert!(limiter.check("Agent", 1000 + i, 5, 900).is_ok());
            limiter.fail("agent", 1000 + i, 900);
        }
        assert_eq!(limiter.check("AGENT", 1010, 5, 900), Err(890));
        assert!(limiter.check("agent", 1900, 5, 900).is_ok());
        limiter.succeed("agent");
        assert!(limiter.check("agent", 1010, 5, 900).is_ok());
    }
}
