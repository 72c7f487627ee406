//! Online backup of the SQLite database and the check a copy must pass.

use crate::Db;
use crate::error::AppError;

/// Writes a consistent copy of the live database to `file` (`VACUUM INTO`:
/// a read transaction, so writers carry on meanwhile).
pub async fn vacuum_into(db: &Db, file: &str) -> Result<(), AppError> {
    sqlx::query("VACUUM INTO $1")
        .bind(file)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Checks a copy, opened read-only: SQLite's integrity check passes and it
/// holds Cardinal's migrations. Answers a one-line summary.
pub async fn check(file: &std::path::Path) -> Result<String, AppError> {
    use sqlx::Connection;
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(file)
        .read_only(true);
    let mut copy = sqlx::sqlite::SqliteConnection::connect_with(&options).await?;
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut copy)
        .await?;
    if integrity != "ok" {
        return Err(AppError::Internal(format!(
            "the copy is damaged: {integrity}"
        )));
    }
    let migrations: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(&mut copy)
        .await
        .map_err(|_| AppError::Internal("not a Cardinal database (no migrations)".into()))?;
    let customers: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers")
        .fetch_one(&mut copy)
        .await?;
    copy.close().await?;
    Ok(format!("{migrations} migrations, {customers} customers"))
}
