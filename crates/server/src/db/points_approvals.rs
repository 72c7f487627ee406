//! Maker–checker for large points adjustments: requests, the approvers'
//! queue and the decision (which posts the points in the same transaction).

use crm_api::Page;
use crm_api::approvals::{ApprovalStatus, PointsAdjustmentRequest};
use crm_api::validate::{Errors, Problem};
use sqlx::{AnyConnection, Row};

use super::card_actions::{PointsEntry, post_points_in};
use super::{idempotency, update_versioned};
use crate::Db;
use crate::domain::scope::Scope;
use crate::error::AppError;

const COLUMNS: &str = "r.id, r.customer_id, c.customer_no, r.points, r.reason, r.ticket_id, \
     ru.username AS requested_by, r.requested_at, r.status, du.username AS decided_by, r.decided_at, \
     r.decision_comment, r.version";
const FROM: &str = "FROM points_adjustment_requests r JOIN customers c ON c.id = r.customer_id \
     JOIN users ru ON ru.id = r.requested_by LEFT JOIN users du ON du.id = r.decided_by";

fn view_of(r: &sqlx::any::AnyRow) -> Result<PointsAdjustmentRequest, AppError> {
    let status: String = r.try_get("status")?;
    Ok(PointsAdjustmentRequest {
        id: r.try_get("id")?,
        customer_id: r.try_get("customer_id")?,
        customer_no: r.try_get("customer_no")?,
        points: r.try_get("points")?,
        reason: r.try_get("reason")?,
        ticket_id: r.try_get("ticket_id")?,
        requested_by: r.try_get("requested_by")?,
        requested_at: r.try_get("requested_at")?,
        status: ApprovalStatus::parse(&status)
            .ok_or_else(|| AppError::Internal(format!("bad status {status}")))?,
        decided_by: r.try_get("decided_by")?,
        decided_at: r.try_get("decided_at")?,
        decision_comment: r.try_get("decision_comment")?,
        version: r.try_get("version")?,
    })
}

/// What a large adjustment asks for.
pub struct Ask<'a> {
    /// Customer.
    pub customer: i64,
    /// Points (either sign).
    pub points: i64,
    /// Why.
    pub reason: &'a str,
    /// Ticket to note it on.
    pub ticket: Option<i64>,
    /// The caller's idempotency key.
    pub key: &'a str,
}

/// Files a request (once per key: the same key and request answer the first
/// request, another request with the key is 422). Answers the request id.
pub async fn request(db: &Db, ask: &Ask<'_>, user: i64, now: i64) -> Result<i64, AppError> {
    let key = format!("adjust-request:{}", ask.key);
    let fingerprint = idempotency::fingerprint(&[
        "adjust-request",
        &ask.customer.to_string(),
        &ask.points.to_string(),
        ask.reason.trim(),
    ]);
    let mut tx = db.pool.begin().await?;
    let existing: Option<i64> =
        sqlx::query_scalar("SELECT id FROM points_adjustment_requests WHERE idempotency_key = $1")
            .bind(key.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    if let Some(id) = existing {
        idempotency::check_repeat(&mut tx, &key, &fingerprint).await?;
        return Ok(id);
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO points_adjustment_requests (customer_id, points, reason, ticket_id, \
             idempotency_key, requested_by, requested_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(ask.customer)
    .bind(ask.points)
    .bind(ask.reason.trim())
    .bind(ask.ticket)
    .bind(key.as_str())
    .bind(user)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    idempotency::remember(&mut tx, &key, &fingerprint, now).await?;
    let detail = format!("request {id}: {:+} points awaiting approval", ask.points);
    let entry = crate::db::audit::Entry::by(user, "points.adjust_request", &detail)
        .about(Some(ask.customer));
    crate::db::audit::insert(&mut *tx, entry, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// One request, when its customer is in `scope`; 404 otherwise.
pub async fn get(db: &Db, scope: &Scope, id: i64) -> Result<PointsAdjustmentRequest, AppError> {
    let mut conn = db.pool.acquire().await?;
    get_in(&mut conn, scope, id).await
}

async fn get_in(
    conn: &mut AnyConnection,
    scope: &Scope,
    id: i64,
) -> Result<PointsAdjustmentRequest, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} {FROM} WHERE r.id = $1 AND {}",
        scope.branch_condition("c.branch_id")
    );
    let row = sqlx::query(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    view_of(&row)
}

/// Requests in `status` whose customers are in `scope`, oldest first when
/// pending (the queue), newest first otherwise.
pub async fn list(
    db: &Db,
    scope: &Scope,
    status: ApprovalStatus,
    page: u32,
    per_page: u32,
) -> Result<Page<PointsAdjustmentRequest>, AppError> {
    let cond = format!(
        "r.status = '{}' AND {}",
        status.as_str(),
        scope.branch_condition("c.branch_id")
    );
    let order = if status == ApprovalStatus::Pending {
        "r.requested_at, r.id"
    } else {
        "r.decided_at DESC, r.id DESC"
    };
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) {FROM} WHERE {cond}"))
        .fetch_one(&db.pool)
        .await?;
    let offset = u64::from(page - 1) * u64::from(per_page);
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} {FROM} WHERE {cond} ORDER BY {order} LIMIT {per_page} OFFSET {offset}"
    ))
    .fetch_all(&db.pool)
    .await?;
    Ok(Page {
        items: rows.iter().map(view_of).collect::<Result<_, _>>()?,
        total,
        page,
        per_page,
    })
}

/// A decision on request `id` at `version` by `user` (never the requester:
/// 403). Approving posts the points in the same transaction (422 when the
/// balance would go below zero; nothing changes then).
pub async fn decide(
    db: &Db,
    scope: &Scope,
    (id, version): (i64, i64),
    (approve, comment): (bool, &str),
    user: i64,
    now: i64,
) -> Result<PointsAdjustmentRequest, AppError> {
    let mut tx = db.pool.begin().await?;
    let current = get_in(&mut tx, scope, id).await?;
    let requester: i64 =
        sqlx::query_scalar("SELECT requested_by FROM points_adjustment_requests WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    if requester == user {
        return Err(AppError::Forbidden);
    }
    if current.status != ApprovalStatus::Pending {
        let mut e = Errors::default();
        e.add("status", Problem::NotAllowed);
        return Err(AppError::Conflict(e));
    }
    let to = if approve {
        ApprovalStatus::Approved
    } else {
        ApprovalStatus::Rejected
    };
    let q = sqlx::query(
        "UPDATE points_adjustment_requests SET status = $1, decided_by = $2, decided_at = $3, \
             decision_comment = $4, version = version + 1 \
         WHERE id = $5 AND version = $6 AND status = 'pending'",
    )
    .bind(to.as_str())
    .bind(user)
    .bind(now)
    .bind(Some(comment.trim()).filter(|c| !c.is_empty()));
    update_versioned(q, id, version, &mut *tx).await?;
    if approve {
        let entry = PointsEntry {
            customer: current.customer_id,
            points: current.points,
            kind: "adjust",
            description: &current.reason,
            key: format!("adjust-approved:{id}"),
            audit_action: "points.adjust",
        };
        post_points_in(&mut tx, &entry, user, now).await?;
    }
    let action = if approve {
        "points.adjust_approve"
    } else {
        "points.adjust_reject"
    };
    let detail = format!("request {id}: {:+} points", current.points);
    let entry = crate::db::audit::Entry::by(user, action, &detail).about(Some(current.customer_id));
    crate::db::audit::insert(&mut *tx, entry, now).await?;
    let view = get_in(&mut tx, scope, id).await?;
    tx.commit().await?;
    Ok(view)
}
