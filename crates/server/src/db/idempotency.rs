//! Idempotency keys bound to the request they were first used for: the same
//! key with the same request replays the first answer; with another request
//! it is refused (422), so a replay never answers a request that was not made.

use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use crate::error::AppError;
use crm_api::validate::{Errors, Problem};

/// A request's fingerprint: SHA-256 of its parts (route, who, canonical body).
#[must_use]
pub fn fingerprint(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    hex::encode(h.finalize())
}

/// Records the first use of `key` (inside the transaction that acts on it).
pub async fn remember(
    conn: &mut AnyConnection,
    key: &str,
    fingerprint: &str,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO idempotency_requests (key, fingerprint, created_at) VALUES ($1, $2, $3)",
    )
    .bind(key)
    .bind(fingerprint)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Checks a repeated `key` against its first request: 422 on
/// `Idempotency-Key` when the request differs. (A key recorded before
/// fingerprints were kept has none to compare and replays as before.)
pub async fn check_repeat(
    conn: &mut AnyConnection,
    key: &str,
    fingerprint: &str,
) -> Result<(), AppError> {
    let stored: Option<String> =
        sqlx::query_scalar("SELECT fingerprint FROM idempotency_requests WHERE key = $1")
            .bind(key)
            .fetch_optional(conn)
            .await?;
    match stored {
        Some(f) if f != fingerprint => Err(reused()),
        _ => Ok(()),
    }
}

/// The 422 for a key reused for another request.
#[must_use]
pub fn reused() -> AppError {
    let mut e = Errors::default();
    e.add(
        "Idempotency-Key",
        Problem::Format {
            zh: "这个幂等键已用于另一个请求，请换一个新的键。",
            en: "This idempotency key was used for a different request; use a new key.",
        },
    );
    AppError::Validation(e)
}
