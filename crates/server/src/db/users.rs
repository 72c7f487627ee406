//! Users: sign-in lookup, administration and branches.

use crm_api::Role;
use crm_api::users::{BranchView, UserView};
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

/// The id of `username`, if the account exists.
pub async fn id_of(db: &Db, username: &str) -> Result<Option<i64>, AppError> {
    Ok(
        sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
            .bind(username)
            .fetch_optional(&db.pool)
            .await?,
    )
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
    /// The password is one-time: change it at the first sign-in.
    pub must_change_password: bool,
}

/// Inserts a user; returns its id.
pub async fn insert(db: &Db, user: &NewUser<'_>, now: i64) -> Result<i64, AppError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (username, display_name, password_hash, role, branch_id, customer_id, active, \
         must_change_password, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $9) RETURNING id",
    )
    .bind(user.username)
    .bind(user.display_name)
    .bind(user.password_hash)
    .bind(user.role.as_str())
    .bind(user.branch_id)
    .bind(user.customer_id)
    .bind(i64::from(user.must_change_password))
    .bind(now)
    .bind(now)
    .fetch_one(&db.pool)
    .await?;
    Ok(id)
}

const USER_COLS: &str = "u.id, u.username, u.display_name, u.role, u.branch_id, b.name AS branch_name, \
                         u.active, u.must_change_password, u.created_at, u.version \
                         FROM users u LEFT JOIN branches b ON b.id = u.branch_id";

fn user_view(r: &sqlx::any::AnyRow) -> Result<UserView, AppError> {
    Ok(UserView {
        id: r.try_get("id")?,
        username: r.try_get("username")?,
        display_name: r.try_get("display_name")?,
        role: enum_col(r, "role", Role::parse)?,
        branch_id: r.try_get("branch_id")?,
        branch_name: r.try_get("branch_name")?,
        active: r.try_get::<i64, _>("active")? != 0,
        must_change_password: r.try_get::<i64, _>("must_change_password")? != 0,
        created_at: r.try_get("created_at")?,
        version: r.try_get("version")?,
    })
}

/// Page of users ordered by role then name, with the total count.
pub async fn list(db: &Db, limit: i64, offset: i64) -> Result<(Vec<UserView>, i64), AppError> {
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&db.pool)
        .await?;
    let rows = sqlx::query(&format!(
        "SELECT {USER_COLS} \
         ORDER BY CASE u.role WHEN 'cardholder' THEN 1 ELSE 0 END, u.username LIMIT $1 OFFSET $2"
    ))
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await?;
    let users = rows.iter().map(user_view).collect::<Result<Vec<_>, _>>()?;
    Ok((users, total))
}

/// One user; 404 when there is none.
pub async fn get(db: &Db, id: i64) -> Result<UserView, AppError> {
    let row = sqlx::query(&format!("SELECT {USER_COLS} WHERE u.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    user_view(&row)
}

/// Whether branch `id` exists.
pub async fn branch_exists(db: &Db, id: i64) -> Result<bool, AppError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM branches WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await?;
    Ok(n > 0)
}

/// The id of the branch with `code`, if any.
pub async fn branch_by_code(db: &Db, code: &str) -> Result<Option<i64>, AppError> {
    Ok(
        sqlx::query_scalar("SELECT id FROM branches WHERE code = $1")
            .bind(code)
            .fetch_optional(&db.pool)
            .await?,
    )
}

/// Every branch, by code.
pub async fn branches(db: &Db) -> Result<Vec<BranchView>, AppError> {
    let rows = sqlx::query("SELECT id, code, name, name_en, province, head_office FROM branches ORDER BY head_office DESC, code")
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(BranchView {
                id: r.try_get("id")?,
                code: r.try_get("code")?,
                name: r.try_get("name")?,
                name_en: r.try_get("name_en")?,
                province: r.try_get("province")?,
                head_office: r.try_get::<i64, _>("head_office")? != 0,
            })
        })
        .collect()
}

/// What an administrator changes on a user.
pub struct Change<'a> {
    /// Display name.
    pub display_name: &'a str,
    /// Role.
    pub role: Role,
    /// Home branch.
    pub branch_id: Option<i64>,
    /// May sign in.
    pub active: bool,
}

/// Applies `change` to user `id` at `version` (412 when stale), ends the
/// user's sessions when `end_sessions`, and writes `audit` — one transaction.
pub async fn update(
    db: &Db,
    id: i64,
    version: i64,
    change: &Change<'_>,
    end_sessions: bool,
    audit: super::audit::Entry<'_>,
    now: i64,
) -> Result<(), AppError> {
    let mut tx = db.pool.begin().await?;
    let q = sqlx::query(
        "UPDATE users SET display_name = $1, role = $2, branch_id = $3, active = $4, \
         version = version + 1, updated_at = $5 WHERE id = $6 AND version = $7",
    )
    .bind(change.display_name)
    .bind(change.role.as_str())
    .bind(change.branch_id)
    .bind(i64::from(change.active))
    .bind(now);
    super::update_versioned(q, id, version, &mut *tx).await?;
    if end_sessions {
        super::sessions::delete_for_user(&mut *tx, id, None).await?;
    }
    super::audit::insert(&mut *tx, audit, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Sets user `id`'s password hash; `must_change` marks a one-time password.
/// Ends every other session of the user (all of them when `keep` is `None`)
/// and writes `audit` — one transaction.
pub async fn set_password(
    db: &Db,
    id: i64,
    hash: &str,
    must_change: bool,
    keep: Option<&str>,
    audit: super::audit::Entry<'_>,
    now: i64,
) -> Result<(), AppError> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(
        "UPDATE users SET password_hash = $1, must_change_password = $2, demo_password = 0, \
         version = version + 1, updated_at = $3 WHERE id = $4",
    )
    .bind(hash)
    .bind(i64::from(must_change))
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    super::sessions::delete_for_user(&mut *tx, id, keep).await?;
    super::audit::insert(&mut *tx, audit, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Active administrators other than `except`.
pub async fn other_active_admins(db: &Db, except: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1 AND id <> $1",
    )
    .bind(except)
    .fetch_one(&db.pool)
    .await?)
}

/// Active accounts that still have the demo password.
pub async fn demo_password_accounts(db: &Db) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE demo_password = 1 AND active = 1")
            .fetch_one(&db.pool)
            .await?,
    )
}

/// Marks every account as having the demo password (the demo seed only).
pub async fn mark_demo_passwords(db: &Db) -> Result<(), AppError> {
    sqlx::query("UPDATE users SET demo_password = 1")
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The lowest admin user id, if any (the CLI records imports under it).
/// Returns the raw `sqlx` error so the CLI's message is unchanged.
pub async fn first_admin_id(db: &Db) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT MIN(id) FROM users WHERE role = 'admin'")
        .fetch_one(&db.pool)
        .await
}
