//! Actions that change a customer's cards and points: lock and unlock, report
//! a card lost (blocked at once; from the portal a lost-card ticket opens
//! with it), order a replacement, and goodwill points adjustments. Each is
//! one transaction with its audit-log entry.

use chrono::Duration;
use crm_api::validate::{Errors, Problem};
use rand::Rng;
use sqlx::{AnyConnection, Row};

use crate::Db;
use crate::domain::time;
use crate::error::AppError;

async fn audit(
    conn: &mut AnyConnection,
    user: i64,
    action: &str,
    customer: i64,
    detail: &str,
    now: i64,
) -> Result<(), AppError> {
    let entry = crate::db::audit::Entry::by(user, action, detail).about(Some(customer));
    crate::db::audit::insert(&mut *conn, entry, now).await
}

/// A card's owner and status; 404 when it is not `customer`'s (when given).
async fn card(
    conn: &mut AnyConnection,
    card_id: i64,
    customer: Option<i64>,
) -> Result<(i64, String, String), AppError> {
    let row = sqlx::query("SELECT customer_id, status, pan_last4 FROM cards WHERE id = $1")
        .bind(card_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let owner: i64 = row.try_get("customer_id")?;
    if customer.is_some_and(|c| c != owner) {
        return Err(AppError::NotFound);
    }
    Ok((owner, row.try_get("status")?, row.try_get("pan_last4")?))
}

fn not_now() -> AppError {
    let mut e = Errors::default();
    e.add("status", Problem::NotAllowed);
    AppError::Conflict(e)
}

/// Locks (`lock`) or unlocks a card: active ↔ locked. `customer` limits the
/// card to that customer's (the portal).
pub async fn set_lock(
    db: &Db,
    card_id: i64,
    customer: Option<i64>,
    lock: bool,
    user: i64,
    now: i64,
) -> Result<(), AppError> {
    let mut tx = db.pool.begin().await?;
    let (owner, status, last4) = card(&mut tx, card_id, customer).await?;
    let (from, to) = if lock {
        ("active", "locked")
    } else {
        ("locked", "active")
    };
    if status != from {
        return Err(not_now());
    }
    let done = sqlx::query(
        "UPDATE cards SET status = $1, version = version + 1 WHERE id = $2 AND status = $3",
    )
    .bind(to)
    .bind(card_id)
    .bind(from)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(not_now());
    }
    let action = if lock { "card.lock" } else { "card.unlock" };
    audit(&mut tx, user, action, owner, &format!("*{last4}"), now).await?;
    tx.commit().await?;
    Ok(())
}

/// Reports a card lost or stolen: it is blocked at once (status `lost`).
/// Returns the owner.
pub async fn report_lost(
    conn: &mut AnyConnection,
    card_id: i64,
    customer: Option<i64>,
    user: i64,
    now: i64,
) -> Result<(i64, String), AppError> {
    let (owner, status, last4) = card(conn, card_id, customer).await?;
    if !matches!(status.as_str(), "active" | "locked") {
        return Err(not_now());
    }
    let done = sqlx::query(
        "UPDATE cards SET status = 'lost', version = version + 1 \
         WHERE id = $1 AND status IN ('active', 'locked')",
    )
    .bind(card_id)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Err(not_now());
    }
    audit(conn, user, "card.lost", owner, &format!("*{last4}"), now).await?;
    Ok((owner, last4))
}

/// Issues a replacement for a lost card: a new card of the same product and
/// limit (new token and number; only first 6 and last 4 are kept), and the
/// lost one is closed. Returns the new card's id.
pub async fn replace(db: &Db, card_id: i64, user: i64, now: i64) -> Result<i64, AppError> {
    let mut tx = db.pool.begin().await?;
    let today = time::local_date(now).format("%Y-%m-%d").to_string();
    // Close the lost card first, guarded by its status: of two racing
    // replacements the second waits for the first's row lock (PostgreSQL) or
    // write lock (SQLite), then finds the card closed and makes nothing.
    let closed = sqlx::query(
        "UPDATE cards SET status = 'closed', closed_on = $1, version = version + 1 \
         WHERE id = $2 AND status = 'lost'",
    )
    .bind(today.as_str())
    .bind(card_id)
    .execute(&mut *tx)
    .await?;
    let row = sqlx::query(
        "SELECT customer_id, product_id, pan_first6, credit_limit_fen, currency, status, \
                is_primary, pan_last4 FROM cards WHERE id = $1",
    )
    .bind(card_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    if closed.rows_affected() != 1 {
        return Err(not_now());
    }
    let owner: i64 = row.try_get("customer_id")?;
    let (token, last4) = {
        let mut rng = rand::thread_rng();
        (
            format!("tok_{:024x}", rng.r#gen::<u128>() >> 32),
            format!("{:04}", rng.gen_range(0..10_000)),
        )
    };
    let new_id: i64 = sqlx::query_scalar(
        "INSERT INTO cards (customer_id, product_id, pan_token, pan_first6, pan_last4, \
             credit_limit_fen, currency, status, opened_on, is_primary) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', $8, $9) RETURNING id",
    )
    .bind(owner)
    .bind(row.try_get::<i64, _>("product_id")?)
    .bind(token)
    .bind(row.try_get::<String, _>("pan_first6")?)
    .bind(last4.as_str())
    .bind(row.try_get::<i64, _>("credit_limit_fen")?)
    .bind(row.try_get::<String, _>("currency")?)
    .bind(today.as_str())
    .bind(row.try_get::<i64, _>("is_primary")?)
    .fetch_one(&mut *tx)
    .await?;
    let old4: String = row.try_get("pan_last4")?;
    audit(
        &mut tx,
        user,
        "card.replace",
        owner,
        &format!("*{old4} -> *{last4}"),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(new_id)
}

/// A points ledger entry to post.
pub struct PointsEntry<'a> {
    /// Customer.
    pub customer: i64,
    /// Points (negative takes away).
    pub points: i64,
    /// `adjust` or `redeem`.
    pub kind: &'static str,
    /// What the customer sees in their history.
    pub description: &'a str,
    /// Idempotency key, already namespaced (`adjust:…`, `redeem:…`).
    pub key: String,
    /// Audit-log action.
    pub audit_action: &'static str,
}

/// Posts a ledger entry once per key; the balance never goes below zero.
/// Returns the balance after it and whether this call posted it.
pub async fn post_points(
    db: &Db,
    entry: &PointsEntry<'_>,
    user: i64,
    now: i64,
) -> Result<(i64, bool), AppError> {
    let mut tx = db.pool.begin().await?;
    let done = post_points_in(&mut tx, entry, user, now).await?;
    tx.commit().await?;
    Ok(done)
}

/// [`post_points`] inside the caller's transaction.
pub async fn post_points_in(
    tx: &mut AnyConnection,
    entry: &PointsEntry<'_>,
    user: i64,
    now: i64,
) -> Result<(i64, bool), AppError> {
    let PointsEntry {
        customer,
        points,
        kind,
        description,
        ref key,
        audit_action,
    } = *entry;
    // Take the customer's row lock first: concurrent entries then run one
    // after another and each sees the balance the previous one left
    // (PostgreSQL: a row lock; SQLite: the write lock, before any read).
    let locked = sqlx::query("UPDATE customers SET version = version WHERE id = $1")
        .bind(customer)
        .execute(&mut *tx)
        .await?;
    if locked.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    let done: Option<i64> =
        sqlx::query_scalar("SELECT customer_id FROM points_ledger WHERE idempotency_key = $1")
            .bind(key.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    let created = done.is_none();
    let request = super::idempotency::fingerprint(&[
        kind,
        &customer.to_string(),
        &points.to_string(),
        description.trim(),
    ]);
    if let Some(owner) = done {
        if owner != customer {
            return Err(AppError::Conflict(Errors::default()));
        }
        super::idempotency::check_repeat(tx, key, &request).await?;
    } else {
        super::idempotency::remember(tx, key, &request, now).await?;
        let balance = balance_of(tx, customer).await?;
        if balance + points < 0 {
            let mut e = Errors::default();
            e.add(
                "points",
                Problem::OutOfRange {
                    min: -balance,
                    max: 10_000_000,
                },
            );
            return Err(AppError::Validation(e));
        }
        let expires = (time::local_date(now) + Duration::days(3 * 365))
            .format("%Y-%m-%d")
            .to_string();
        sqlx::query(
            "INSERT INTO points_ledger (customer_id, occurred_at, kind, points, expires_on, \
                 description, idempotency_key) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(customer)
        .bind(now)
        .bind(kind)
        .bind(points)
        .bind((points > 0).then_some(expires))
        .bind(description.trim())
        .bind(key.as_str())
        .execute(&mut *tx)
        .await?;
        audit(
            tx,
            user,
            audit_action,
            customer,
            &format!("{points:+} {}", description.trim()),
            now,
        )
        .await?;
    }
    let balance = balance_of(tx, customer).await?;
    Ok((balance, created))
}

async fn balance_of(conn: &mut AnyConnection, customer: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM points_ledger WHERE customer_id = $1",
    )
    .bind(customer)
    .fetch_one(&mut *conn)
    .await?)
}

/// A goodwill points adjustment (positive or negative), idempotent by key;
/// the balance never goes below zero. Returns the new balance.
pub async fn adjust_points(
    db: &Db,
    customer: i64,
    points: i64,
    reason: &str,
    key: &str,
    user: i64,
    now: i64,
) -> Result<i64, AppError> {
    let entry = PointsEntry {
        customer,
        points,
        kind: "adjust",
        description: reason,
        key: format!("adjust:{key}"),
        audit_action: "points.adjust",
    };
    Ok(post_points(db, &entry, user, now).await?.0)
}

/// A customer's marketing consent and the row version.
pub async fn consent_of(
    db: &Db,
    customer: i64,
) -> Result<crm_api::customers::ConsentView, AppError> {
    let r = sqlx::query(
        "SELECT consent_sms, consent_app_push, consent_wechat, consent_email, \
                consent_outbound_call, do_not_disturb, version FROM customers WHERE id = $1",
    )
    .bind(customer)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(crm_api::customers::ConsentView {
        consent: super::customers::consent_from_row(&r)?,
        version: r.try_get("version")?,
    })
}

/// Changes a customer's consent at the version read (412 when stale); the
/// dispatcher reads consent at send time, so it applies to the next message.
pub async fn set_consent(
    db: &Db,
    customer: i64,
    update: &crm_api::customers::ConsentView,
    user: i64,
    now: i64,
) -> Result<(), AppError> {
    let c = update.consent;
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(
        "UPDATE customers SET consent_sms = $1, consent_app_push = $2, consent_wechat = $3, \
                consent_email = $4, consent_outbound_call = $5, do_not_disturb = $6, \
                version = version + 1, updated_at = $7 \
         WHERE id = $8 AND version = $9",
    )
    .bind(i64::from(c.sms))
    .bind(i64::from(c.app_push))
    .bind(i64::from(c.wechat))
    .bind(i64::from(c.email))
    .bind(i64::from(c.outbound_call))
    .bind(i64::from(c.do_not_disturb))
    .bind(now)
    .bind(customer)
    .bind(update.version)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::PreconditionFailed);
    }
    let detail = format!(
        "sms={} app_push={} wechat={} email={} call={} dnd={}",
        c.sms, c.app_push, c.wechat, c.email, c.outbound_call, c.do_not_disturb
    );
    audit(&mut tx, user, "consent.update", customer, &detail, now).await?;
    tx.commit().await?;
    Ok(())
}
