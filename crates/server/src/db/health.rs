//! Database reachability.

use crate::Db;
use crate::error::AppError;

/// Runs `SELECT 1`: fails when the database does not answer.
pub async fn ping(db: &Db) -> Result<(), AppError> {
    sqlx::query("SELECT 1").execute(&db.pool).await?;
    Ok(())
}
