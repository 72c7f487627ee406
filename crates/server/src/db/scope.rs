//! Branch data separation in SQL: whether a customer, card or ticket is in a
//! user's [`Scope`].

use crate::Db;
use crate::domain::scope::Scope;
use crate::error::AppError;

/// `Ok` when customer `id` exists and is in `scope`; 404 otherwise (also for
/// a customer of another branch: no existence oracle).
pub async fn require_customer(db: &Db, scope: &Scope, id: i64) -> Result<(), AppError> {
    let sql = format!(
        "SELECT COUNT(*) FROM customers c WHERE c.id = $1 AND {}",
        scope.branch_condition("c.branch_id")
    );
    let found: i64 = sqlx::query_scalar(&sql)
        .bind(id)
        .fetch_one(&db.pool)
        .await?;
    if found == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// The customer who holds card `card_id`, when the card exists and the
/// customer is in `scope`; 404 otherwise.
pub async fn card_holder(db: &Db, scope: &Scope, card_id: i64) -> Result<i64, AppError> {
    let sql = format!(
        "SELECT k.customer_id FROM cards k JOIN customers c ON c.id = k.customer_id \
         WHERE k.id = $1 AND {}",
        scope.branch_condition("c.branch_id")
    );
    sqlx::query_scalar::<_, i64>(&sql)
        .bind(card_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)
}

/// The customer a ticket is about, when the ticket exists and the customer
/// is in `scope`; 404 otherwise.
pub async fn ticket_customer(db: &Db, scope: &Scope, ticket_id: i64) -> Result<i64, AppError> {
    let sql = format!(
        "SELECT t.customer_id FROM tickets t JOIN customers c ON c.id = t.customer_id \
         WHERE t.id = $1 AND {}",
        scope.branch_condition("c.branch_id")
    );
    sqlx::query_scalar::<_, i64>(&sql)
        .bind(ticket_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)
}

/// `Ok` when follow-up task `id` exists and its branch is in `scope`; 404 otherwise.
pub async fn require_follow_up(db: &Db, scope: &Scope, id: i64) -> Result<(), AppError> {
    let sql = format!(
        "SELECT COUNT(*) FROM follow_up_tasks t WHERE t.id = $1 AND {}",
        scope.branch_condition("t.branch_id")
    );
    let found: i64 = sqlx::query_scalar(&sql)
        .bind(id)
        .fetch_one(&db.pool)
        .await?;
    if found == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}
