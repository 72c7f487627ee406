//! The delivery outbox the dispatcher drains: due deliveries with what the
//! send-time rules need, their status changes, the delivery log and the
//! counts read from it.

use crm_api::ConsentChannel;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::Db;
use crate::error::AppError;

/// A pending delivery that is due, with its campaign's rules and the
/// customer's consent and address for its channel.
#[derive(Clone, Debug)]
pub struct Due {
    /// Delivery id.
    pub id: i64,
    /// Customer.
    pub customer_id: i64,
    /// Campaign.
    pub campaign_id: i64,
    /// Channel.
    pub channel: ConsentChannel,
    /// Rendered message.
    pub message: String,
    /// Failed attempts so far.
    pub attempts: i64,
    /// The campaign never sends in quiet hours.
    pub quiet_hours: bool,
    /// Frequency cap: at most this many messages …
    pub cap_messages: i64,
    /// … in this many days.
    pub cap_days: i64,
    /// The customer consents to the channel.
    pub consented: bool,
    /// The customer asked not to be disturbed.
    pub dnd: bool,
    /// Mobile number, or email address for the email channel.
    pub address: String,
}

fn due_from_row(r: &AnyRow) -> Result<Due, AppError> {
    let channel_text: String = r.try_get("channel")?;
    let channel = ConsentChannel::parse(&channel_text)
        .ok_or_else(|| AppError::Internal("bad channel".into()))?;
    let consent_col = format!("consent_{}", channel.as_str());
    let email: Option<String> = r.try_get("email")?;
    Ok(Due {
        id: r.try_get("id")?,
        customer_id: r.try_get("customer_id")?,
        campaign_id: r.try_get("campaign_id")?,
        channel,
        message: r.try_get("message")?,
        attempts: r.try_get("attempts")?,
        quiet_hours: r.try_get::<i64, _>("quiet_hours")? != 0,
        cap_messages: r.try_get("cap_messages")?,
        cap_days: r.try_get("cap_days")?,
        consented: r.try_get::<i64, _>(consent_col.as_str())? != 0,
        dnd: r.try_get::<i64, _>("do_not_disturb")? != 0,
        address: if channel == ConsentChannel::Email {
            email.unwrap_or_default()
        } else {
            r.try_get("mobile")?
        },
    })
}

/// Up to `limit` pending deliveries due at `now`, oldest first.
pub async fn due(db: &Db, now: i64, limit: i64) -> Result<Vec<Due>, AppError> {
    let rows = sqlx::query(
        "SELECT d.id, d.customer_id, d.campaign_id, d.channel, d.message, d.attempts, c.quiet_hours, c.cap_messages, c.cap_days, \
                u.consent_sms, u.consent_app_push, u.consent_wechat, u.consent_email, u.consent_outbound_call, u.do_not_disturb, \
                u.mobile, u.email \
         FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id JOIN customers u ON u.id = d.customer_id \
         WHERE d.status = 'pending' AND d.next_attempt_at <= $1 ORDER BY d.next_attempt_at, d.id LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(due_from_row).collect()
}

/// Suppresses a pending delivery for `reason`.
pub async fn suppress(db: &Db, id: i64, reason: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE deliveries SET status = $1, suppressed_reason = $2 WHERE id = $3 AND status = 'pending'")
        .bind("suppressed")
        .bind(reason)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Moves a pending delivery's next attempt to `until`.
pub async fn defer(db: &Db, id: i64, until: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE deliveries SET next_attempt_at = $1 WHERE id = $2 AND status = 'pending'")
        .bind(until)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Marketing messages `customer_id` was sent after `since` (any campaign).
pub async fn sent_since(db: &Db, customer_id: i64, since: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM delivery_log WHERE customer_id = $1 AND sent_at > $2",
    )
    .bind(customer_id)
    .bind(since)
    .fetch_one(&db.pool)
    .await?)
}

/// Records a send: log row and status in one transaction (no-op if already
/// sent). Answers whether this call recorded it.
pub async fn record_sent(db: &Db, d: &Due, now: i64) -> Result<bool, AppError> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(
        "UPDATE deliveries SET status = 'sent', sent_at = $1, attempts = attempts + 1, last_error = NULL \
         WHERE id = $2 AND status = 'pending'",
    )
    .bind(now)
    .bind(d.id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query("INSERT INTO delivery_log (delivery_id, customer_id, channel, sent_at, message) VALUES ($1, $2, $3, $4, $5)")
        .bind(d.id)
        .bind(d.customer_id)
        .bind(d.channel.as_str())
        .bind(now)
        .bind(d.message.as_str())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// A failed send of a pending delivery: how it stands afterwards.
#[derive(Clone, Debug)]
pub struct Failure<'a> {
    /// Attempts including this one.
    pub attempts: i64,
    /// When to try again.
    pub next_attempt_at: i64,
    /// `pending` (will retry) or `failed` (given up).
    pub status: &'a str,
    /// The error, shortened.
    pub error: String,
}

/// Records a failed send of pending delivery `id`.
pub async fn record_failure(db: &Db, id: i64, f: Failure<'_>) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE deliveries SET attempts = $1, next_attempt_at = $2, status = $3, last_error = $4 \
         WHERE id = $5 AND status = 'pending'",
    )
    .bind(f.attempts)
    .bind(f.next_attempt_at)
    .bind(f.status)
    .bind(f.error)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Deliveries of `campaign_id` that were sent.
pub async fn sent_count(db: &Db, campaign_id: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM deliveries WHERE campaign_id = $1 AND status = 'sent'",
    )
    .bind(campaign_id)
    .fetch_one(&db.pool)
    .await?)
}
