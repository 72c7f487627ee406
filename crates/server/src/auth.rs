//! Passwords, sessions and sign-in rate limiting.
//!
//! Passwords are hashed with Argon2id at the OWASP minimum (19 MiB, 2 passes,
//! 1 lane; the `argon2` crate's defaults, from RustCrypto). A session is a
//! random 256-bit token in an HttpOnly, SameSite=Strict cookie; the database
//! keeps only its SHA-256, so a leaked table cannot be replayed.

use std::sync::OnceLock;

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
use crate::db::sign_in::Failures;
use crate::domain::scope::{HomeBranch, Scope};
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

/// [`verify_password`] off the async threads (Argon2 takes tens of ms).
pub async fn verify_blocking(password: String, hash: String) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))
}

/// [`hash_password`] off the async threads.
pub async fn hash_blocking(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
}

/// A one-time password: 16 letters and digits from an alphabet without
/// look-alikes (0/O, 1/l/I), in groups of four — about 90 bits.
#[must_use]
pub fn one_time_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
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
    /// Which customers the user may see.
    pub scope: Scope,
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
    let home = HomeBranch {
        id: row.branch_id,
        province: row.branch_province,
        head_office: row.branch_head_office.unwrap_or(0) != 0,
    };
    let user = UserInfo {
        id: row.user_id,
        username: row.username,
        display_name: row.display_name,
        role,
        branch_id: row.branch_id,
        branch_name: row.branch_name,
        customer_id: row.customer_id,
        must_change_password: row.must_change_password != 0,
    };
    Ok(Some(SessionUser {
        scope: Scope::of(role, &home),
        user,
        hash,
        expires_at,
    }))
}

/// Ends a session on the server.
pub async fn delete_session(state: &AppState, hash: &str) -> Result<(), AppError> {
    sessions::delete(&state.db, hash).await
}

/// The sign-in limits, from the configuration.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Failures on an account before its attempts are delayed.
    pub account_max: i64,
    /// Longest delay between attempts on an account, seconds.
    pub max_delay: i64,
    /// Failures from an address before it is refused.
    pub address_max: i64,
    /// Window, seconds.
    pub window: i64,
}

impl Limits {
    /// The limits of `config`.
    #[must_use]
    pub fn of(config: &crate::Config) -> Self {
        Self {
            account_max: i64::from(config.sign_in_max_failures),
            max_delay: config.sign_in_max_delay_secs,
            address_max: i64::from(config.sign_in_address_max_failures),
            window: config.sign_in_window_secs,
        }
    }

    /// Seconds to wait before the account may try again: none below the
    /// limit, then 2 s doubling with each failure, capped — a delay, never a
    /// lock, so nobody can keep a real user out by failing on their name.
    #[must_use]
    pub fn account_wait(&self, f: Option<&Failures>, now: i64) -> Option<u64> {
        let f =
            f.filter(|f| now - f.window_start < self.window && f.failures >= self.account_max)?;
        let steps = u32::try_from(f.failures - self.account_max + 1)
            .unwrap_or(u32::MAX)
            .min(16);
        let delay = 2_i64.saturating_pow(steps).min(self.max_delay);
        let left = delay - (now - f.last_at);
        (left > 0).then(|| u64::try_from(left).unwrap_or(1))
    }

    /// Seconds until the address may try again: refused for the rest of the
    /// window once it has failed `address_max` times.
    #[must_use]
    pub fn address_wait(&self, f: Option<&Failures>, now: i64) -> Option<u64> {
        let f = f.filter(|f| f.failures >= self.address_max)?;
        let left = self.window - (now - f.window_start);
        (left > 0).then(|| u64::try_from(left).unwrap_or(1))
    }
}

/// Limiter keys of an account and an address.
#[must_use]
pub fn limiter_keys(username: &str, address: &str) -> (String, String) {
    (
        format!("u:{}", username.trim().to_lowercase()),
        format!("ip:{address}"),
    )
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
    fn one_time_passwords_follow_the_rules() {
        let a = one_time_password();
        assert_eq!(a.len(), 19);
        assert_eq!(a.matches('-').count(), 3);
        assert_ne!(a, one_time_password());
        assert_eq!(crm_api::password::problem(&a, "agent"), None);
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

    const LIMITS: Limits = Limits {
        account_max: 5,
        max_delay: 60,
        address_max: 30,
        window: 900,
    };

    fn failures(failures: i64, window_start: i64, last_at: i64) -> Failures {
        Failures {
            failures,
            window_start,
            last_at,
        }
    }

    #[test]
    fn account_is_delayed_never_locked() {
        assert_eq!(LIMITS.account_wait(None, 1000), None);
        assert_eq!(
            LIMITS.account_wait(Some(&failures(4, 900, 999)), 1000),
            None
        );
        // the 5th failure: wait 2 s after it
        assert_eq!(
            LIMITS.account_wait(Some(&failures(5, 900, 999)), 1000),
            Some(1)
        );
        assert_eq!(
            LIMITS.account_wait(Some(&failures(5, 900, 999)), 1001),
            None
        );
        // doubling, capped at a minute however many failures
        assert_eq!(
            LIMITS.account_wait(Some(&failures(7, 900, 1000)), 1000),
            Some(8)
        );
        assert_eq!(
            LIMITS.account_wait(Some(&failures(500, 900, 1000)), 1000),
            Some(60)
        );
        assert_eq!(
            LIMITS.account_wait(Some(&failures(500, 900, 1000)), 1060),
            None
        );
        // a window over: forgotten
        assert_eq!(LIMITS.account_wait(Some(&failures(9, 0, 1000)), 1000), None);
    }

    #[test]
    fn address_is_refused_for_the_rest_of_the_window() {
        assert_eq!(
            LIMITS.address_wait(Some(&failures(29, 100, 200)), 200),
            None
        );
        assert_eq!(
            LIMITS.address_wait(Some(&failures(30, 100, 200)), 200),
            Some(800)
        );
        assert_eq!(
            LIMITS.address_wait(Some(&failures(30, 100, 200)), 1000),
            None
        );
        let (account, address) = limiter_keys(" Agent ", "10.0.0.1");
        assert_eq!(
            (account.as_str(), address.as_str()),
            ("u:agent", "ip:10.0.0.1")
        );
    }
}
