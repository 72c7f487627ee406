//! The dispatcher: sends due deliveries from the outbox through an adapter.
//!
//! Rules at send time (not only at launch): consent and do-not-disturb are
//! checked again; campaigns with quiet hours never send 21:00–08:00 Asia/Shanghai
//! (the delivery waits until 08:00); the frequency cap counts marketing
//! messages the customer got from any campaign in the cap window.
//!
//! Exactly once: with the default log adapter, writing the delivery log row
//! (keyed by delivery id) and marking the delivery sent happen in one
//! transaction, so a crash either leaves both or neither. The webhook adapter
//! posts first and records second; a crash in between re-posts on restart
//! with the same `Idempotency-Key` (the delivery id), which the gateway uses
//! to drop the duplicate. Failed posts retry with exponential backoff
//! (30 s × 2ⁿ, at most 1 h); after five attempts the delivery is `failed`.

use std::time::Duration;

use crm_api::ConsentChannel;
use sqlx::Row;

use crate::Db;
use crate::domain::campaigns::outside_quiet_hours;
use crate::error::AppError;

/// Attempts before a delivery is given up.
pub const MAX_ATTEMPTS: i64 = 5;

/// How messages leave the system.
#[derive(Clone, Debug)]
pub enum Adapter {
    /// Record the message in the delivery log (visible in the UI and the 360).
    Log,
    /// POST JSON to a gateway (the message is also recorded in the log).
    Webhook {
        /// Gateway URL.
        url: String,
        /// HTTP client.
        client: reqwest::Client,
    },
}

impl Adapter {
    /// A webhook adapter with a 10-second timeout.
    pub fn webhook(url: &str) -> Result<Self, AppError> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(Self::Webhook {
            url: url.to_owned(),
            client,
        })
    }
}

/// What one pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DispatchReport {
    /// Sent.
    pub sent: usize,
    /// Suppressed now (consent, do-not-disturb, frequency cap).
    pub suppressed: usize,
    /// Moved to the end of quiet hours.
    pub deferred: usize,
    /// Failed this time (will retry) or given up.
    pub failed: usize,
}

/// Backoff after `attempts` failures.
#[must_use]
pub fn backoff_secs(attempts: i64) -> i64 {
    (30_i64 << attempts.clamp(0, 7)).min(3_600)
}

struct Due {
    id: i64,
    customer_id: i64,
    campaign_id: i64,
    channel: ConsentChannel,
    message: String,
    attempts: i64,
    quiet_hours: bool,
    cap_messages: i64,
    cap_days: i64,
    consented: bool,
    dnd: bool,
    address: String,
}

async fn set_status(db: &Db, id: i64, status: &str, reason: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE deliveries SET status = $1, suppressed_reason = $2 WHERE id = $3 AND status = 'pending'")
        .bind(status)
        .bind(reason)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Records a send: log row and status in one transaction (no-op if already sent).
async fn record_sent(db: &Db, d: &Due, now: i64) -> Result<bool, AppError> {
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

/// Sends up to `limit` due deliveries; call repeatedly (the server does every few seconds).
pub async fn dispatch_due(
    db: &Db,
    adapter: &Adapter,
    now: i64,
    limit: i64,
) -> Result<DispatchReport, AppError> {
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
    let mut due = Vec::with_capacity(rows.len());
    for r in &rows {
        let channel_text: String = r.try_get("channel")?;
        let channel = ConsentChannel::parse(&channel_text)
            .ok_or_else(|| AppError::Internal("bad channel".into()))?;
        let consent_col = format!("consent_{}", channel.as_str());
        let email: Option<String> = r.try_get("email")?;
        due.push(Due {
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
        });
    }
    let mut report = DispatchReport::default();
    for d in due {
        if d.dnd {
            set_status(db, d.id, "suppressed", "do_not_disturb").await?;
            report.suppressed += 1;
            continue;
        }
        if !d.consented {
            set_status(db, d.id, "suppressed", "no_consent").await?;
            report.suppressed += 1;
            continue;
        }
        if d.quiet_hours {
            let allowed = outside_quiet_hours(now);
            if allowed > now {
                sqlx::query("UPDATE deliveries SET next_attempt_at = $1 WHERE id = $2 AND status = 'pending'")
                    .bind(allowed)
                    .bind(d.id)
                    .execute(&db.pool)
                    .await?;
                report.deferred += 1;
                continue;
            }
        }
        let recent: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM delivery_log WHERE customer_id = $1 AND sent_at > $2",
        )
        .bind(d.customer_id)
        .bind(now - d.cap_days * 86_400)
        .fetch_one(&db.pool)
        .await?;
        if recent >= d.cap_messages {
            set_status(db, d.id, "suppressed", "frequency_cap").await?;
            report.suppressed += 1;
            continue;
        }
        match adapter {
            Adapter::Log => {
                if record_sent(db, &d, now).await? {
                    report.sent += 1;
                }
            }
            Adapter::Webhook { url, client } => {
                let body = serde_json::json!({
                    "idempotency_key": format!("delivery-{}", d.id),
                    "delivery_id": d.id,
                    "campaign_id": d.campaign_id,
                    "customer_id": d.customer_id,
                    "channel": d.channel.as_str(),
                    "to": d.address,
                    "message": d.message,
                });
                let outcome = client
                    .post(url)
                    .header("Idempotency-Key", format!("delivery-{}", d.id))
                    .json(&body)
                    .send()
                    .await
                    .and_then(reqwest::Response::error_for_status);
                match outcome {
                    Ok(_) => {
                        if record_sent(db, &d, now).await? {
                            report.sent += 1;
                        }
                    }
                    Err(err) => {
                        let attempts = d.attempts + 1;
                        let status = if attempts >= MAX_ATTEMPTS {
                            "failed"
                        } else {
                            "pending"
                        };
                        let error = err.to_string().chars().take(200).collect::<String>();
                        tracing::warn!(delivery = d.id, attempts, "webhook send failed");
                        sqlx::query(
                            "UPDATE deliveries SET attempts = $1, next_attempt_at = $2, status = $3, last_error = $4 \
                             WHERE id = $5 AND status = 'pending'",
                        )
                        .bind(attempts)
                        .bind(now + backoff_secs(attempts))
                        .bind(status)
                        .bind(error)
                        .bind(d.id)
                        .execute(&db.pool)
                        .await?;
                        report.failed += 1;
                    }
                }
            }
        }
    }
    Ok(report)
}

/// Drains the outbox every `every` while the server runs.
pub async fn keep_sending(db: Db, adapter: Adapter, every: Duration) {
    loop {
        loop {
            match dispatch_due(&db, &adapter, crate::domain::time::now(), 500).await {
                Ok(r) if r.sent + r.suppressed + r.deferred + r.failed < 500 => break,
                Ok(_) => {}
                Err(err) => {
                    tracing::error!(%err, "dispatch failed");
                    break;
                }
            }
        }
        tokio::time::sleep(every).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(backoff_secs(1), 60);
        assert_eq!(backoff_secs(2), 120);
        assert_eq!(backoff_secs(5), 960);
        assert_eq!(backoff_secs(10), 3_600);
    }
}
