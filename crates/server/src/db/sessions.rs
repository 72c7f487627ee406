//! Session rows: keyed by the SHA-256 of the cookie token.

use sqlx::Row;

use crate::Db;
use crate::error::AppError;

/// Inserts a session row for `user_id`.
pub async fn create(
    db: &Db,
    hash: &str,
    user_id: i64,
    now: i64,
    expires_at: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(hash)
    .bind(user_id)
    .bind(now)
    .bind(now)
    .bind(expires_at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Drops `user_id`'s sessions whose absolute expiry is at or before `now`.
pub async fn delete_expired_for_user(db: &Db, user_id: i64, now: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND expires_at <= $2")
        .bind(user_id)
        .bind(now)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// A session row joined with its user (role still as stored text).
#[derive(Clone, Debug)]
pub struct SessionRow {
    /// Last request seen, Unix seconds.
    pub last_seen_at: i64,
    /// Absolute expiry, Unix seconds.
    pub expires_at: i64,
    /// User id.
    pub user_id: i64,
    /// Login name.
    pub username: String,
    /// Name shown in the app.
    pub display_name: String,
    /// Role, as stored.
    pub role: String,
    /// Home branch, if any.
    pub branch_id: Option<i64>,
    /// Home branch name, if any.
    pub branch_name: Option<String>,
    /// Own customer (portal users), if any.
    pub customer_id: Option<i64>,
    /// Province of the home branch (a manager's region), if any.
    pub branch_province: Option<String>,
    /// `branches.head_office` of the home branch (1 = sees every customer).
    pub branch_head_office: Option<i64>,
    /// `users.active` (0 = disabled).
    pub active: i64,
    /// `users.must_change_password` (1 = only the password change is open).
    pub must_change_password: i64,
}

/// The session keyed by `hash` and its user, if the row exists.
pub async fn load(db: &Db, hash: &str) -> Result<Option<SessionRow>, AppError> {
    let row = sqlx::query(
        "SELECT s.last_seen_at, s.expires_at, u.id, u.username, u.display_name, u.role, \
                u.branch_id, b.name AS branch_name, b.province AS branch_province, b.head_office AS branch_head_office, \
                u.customer_id, u.active, u.must_change_password \
         FROM sessions s JOIN users u ON u.id = s.user_id \
         LEFT JOIN branches b ON b.id = u.branch_id \
         WHERE s.token_hash = $1",
    )
    .bind(hash)
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(SessionRow {
        last_seen_at: row.try_get("last_seen_at")?,
        expires_at: row.try_get("expires_at")?,
        active: row.try_get("active")?,
        role: row.try_get("role")?,
        user_id: row.try_get("id")?,
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        branch_id: row.try_get("branch_id")?,
        branch_name: row.try_get("branch_name")?,
        customer_id: row.try_get("customer_id")?,
        branch_province: row.try_get("branch_province")?,
        branch_head_office: row.try_get("branch_head_office")?,
        must_change_password: row.try_get("must_change_password")?,
    }))
}

/// Moves the session's idle timer to `now`.
pub async fn touch(db: &Db, hash: &str, now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(now)
        .bind(hash)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Deletes the session keyed by `hash`.
pub async fn delete(db: &Db, hash: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(hash)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Ends every session of `user_id` except the one keyed by `keep` (if any):
/// a disabled user, a changed role or a new password takes effect at once.
pub async fn delete_for_user<'e, E>(
    exec: E,
    user_id: i64,
    keep: Option<&str>,
) -> Result<u64, AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(keep.unwrap_or(""))
        .execute(exec)
        .await?;
    Ok(done.rows_affected())
}
