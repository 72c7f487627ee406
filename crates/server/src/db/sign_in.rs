//! Failed sign-ins per key (`u:<user name>`, `ip:<address>`), kept in the
//! database so the limit holds across every instance behind a load balancer.

use sqlx::Row;

use crate::Db;
use crate::error::AppError;

/// Failures recorded for one key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Failures {
    /// Failures since `window_start`.
    pub failures: i64,
    /// Start of the current window, Unix seconds.
    pub window_start: i64,
    /// Last failure, Unix seconds.
    pub last_at: i64,
}

/// The failures of `key`, if any.
pub async fn get(db: &Db, key: &str) -> Result<Option<Failures>, AppError> {
    let row =
        sqlx::query("SELECT failures, window_start, last_at FROM sign_in_failures WHERE key = $1")
            .bind(key)
            .fetch_optional(&db.pool)
            .await?;
    row.map(|r| {
        Ok(Failures {
            failures: r.try_get("failures")?,
            window_start: r.try_get("window_start")?,
            last_at: r.try_get("last_at")?,
        })
    })
    .transpose()
}

/// Counts one more failure of `key` at `now`; a window older than `window`
/// seconds starts again. One statement, so concurrent failures all count.
pub async fn fail(db: &Db, key: &str, now: i64, window: i64) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO sign_in_failures (key, failures, window_start, last_at) VALUES ($1, 1, $2, $3) \
         ON CONFLICT (key) DO UPDATE SET \
           failures = CASE WHEN sign_in_failures.window_start <= $4 THEN 1 ELSE sign_in_failures.failures + 1 END, \
           window_start = CASE WHEN sign_in_failures.window_start <= $5 THEN $6 ELSE sign_in_failures.window_start END, \
           last_at = $7",
    )
    .bind(key)
    .bind(now)
    .bind(now)
    .bind(now - window)
    .bind(now - window)
    .bind(now)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Forgets the failures of `key`, and rows idle for over `2 × window`.
pub async fn clear(db: &Db, key: &str, now: i64, window: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sign_in_failures WHERE key = $1 OR last_at < $2")
        .bind(key)
        .bind(now - 2 * window)
        .execute(&db.pool)
        .await?;
    Ok(())
}
