//! Users: sign-in lookup and the admin list.

use crm_api::Role;
use crm_api::users::UserView;
use sqlx::Row;

use super::enum_col;
use crate::Db;
use crate::error::AppError;

/// What sign-in needs to know about a user name.
pub struct Credentials {
    /// User id.
    pub id: i64,
    /// Argon2 PHC string.
    pub password_hash: String,
    /// Disabled users cannot sign in.
    pub active: bool,
}

/// Credentials of `username` (exact, case-sensitive), if it exists.
pub async fn credentials(db: &Db, username: &str) -> Result<Option<Credentials>, AppError> {
    let row = sqlx::query("SELECT id, password_hash, active FROM users WHERE username = $1")
        .bind(username)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| {
        Ok(Credentials {
            id: r.try_get("id")?,
            password_hash: r.try_get("password_hash")?,
            active: r.try_get::<i64, _>("active")? != 0,
        })
    })
    .transpose()
}

/// A new user row.
pub struct NewUser<'a> {
    /// Login name.
    pub username: &'a str,
    /// Display name.
    pub display_name: &'a str,
    /// Argon2 PHC string.
    pub password_hash: &'a str,
    /// Role.
    pub role: Role,
    /// Home branch (staff).
    pub branch_id: Option<i64>,
    /// Linked customer (cardholders).
    pub customer_id: Option<i64>,
}

/// Inserts a user; returns its id.
pub async fn insert(db: &Db, user: &NewUser<'_>, now: i64) -> Result<i64, AppError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (username, display_name, password_hash, role, branch_id, customer_id, active, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7) RETURNING id",
    )
    .bind(user.username)
    .bind(user.display_name)
    .bind(user.password_hash)
    .bind(user.role.as_str())
    .bind(user.branch_id)
    .bind(user.customer_id)
    .bind(now)
    .fetch_one(&db.pool)
    .await?;
    Ok(id)
}

/// Page of users ordered by role then name, with the total count.
pub async fn list(db: &Db, limit: i64, offset: i64) -> Result<(Vec<UserView>, i64), AppError> {
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&db.pool)
        .await?;
    let rows = sqlx::query(
        "SELECT u.id, u.username, u.display_name, u.role, b.name AS branch_name, u.active, u.created_at \
         FROM users u LEFT JOIN branches b ON b.id = u.branch_id \
         ORDER BY CASE u.role WHEN 'cardholder' THEN 1 ELSE 0 END, u.username LIMIT $1 OFFSET $2",
    )
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await?;
    let users = rows
        .iter()
        .map(|r| {
            Ok(UserView {
                id: r.try_get("id")?,
                username: r.try_get("username")?,
                display_name: r.try_get("display_name")?,
                role: enum_col(r, "role", Role::parse)?,
                branch_name: r.try_get("branch_name")?,
                active: r.try_get::<i64, _>("active")? != 0,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok((users, total))
}

/// The lowest admin user id, if any (the CLI records imports under it).
/// Returns the raw `sqlx` error so the CLI's message is unchanged.
pub async fn first_admin_id(db: &Db) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT MIN(id) FROM users WHERE role = 'admin'")
        .fetch_one(&db.pool)
        .await
}
