//! Branch data separation in SQL: whether a customer, card, ticket or
//! follow-up is in a user's [`Scope`].

use crate::Db;
use crate::domain::scope::Scope;
use crate::error::AppError;

/// `answer` of the row of `from` whose `key` is `id`, when its `branch`
/// column is in `scope`; 404 otherwise (also for another branch's row: no
/// existence oracle).
async fn in_scope(
    db: &Db,
    scope: &Scope,
    (answer, from, key, branch): (&str, &str, &str, &str),
    id: i64,
) -> Result<i64, AppError> {
    let sql = format!(
        "SELECT {answer} FROM {from} WHERE {key} = $1 AND {}",
        scope.branch_condition(branch)
    );
    sqlx::query_scalar::<_, i64>(&sql)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)
}

/// `Ok` when customer `id` exists and is in `scope`; 404 otherwise.
pub async fn require_customer(db: &Db, scope: &Scope, id: i64) -> Result<(), AppError> {
    in_scope(
        db,
        scope,
        ("c.id", "customers c", "c.id", "c.branch_id"),
        id,
    )
    .await
    .map(drop)
}

/// The customer who holds card `card_id`, when the card exists and the
/// customer is in `scope`; 404 otherwise.
pub async fn card_holder(db: &Db, scope: &Scope, card_id: i64) -> Result<i64, AppError> {
    let from = "cards k JOIN customers c ON c.id = k.customer_id";
    in_scope(
        db,
        scope,
        ("k.customer_id", from, "k.id", "c.branch_id"),
        card_id,
    )
    .await
}

/// The customer a ticket is about, when the ticket exists and the customer
/// is in `scope`; 404 otherwise.
pub async fn ticket_customer(db: &Db, scope: &Scope, ticket_id: i64) -> Result<i64, AppError> {
    let from = "tickets t JOIN customers c ON c.id = t.customer_id";
    in_scope(
        db,
        scope,
        ("t.customer_id", from, "t.id", "c.branch_id"),
        ticket_id,
    )
    .await
}

/// `Ok` when follow-up task `id` exists and its branch is in `scope`; 404 otherwise.
pub async fn require_follow_up(db: &Db, scope: &Scope, id: i64) -> Result<(), AppError> {
    let from = "follow_up_tasks t";
    in_scope(db, scope, ("t.id", from, "t.id", "t.branch_id"), id)
        .await
        .map(drop)
}
