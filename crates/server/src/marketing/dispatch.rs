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

use crate::Db;
use crate::db::deliveries::{self, Due, Failure};
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
        /// The master secret (the signing key is derived from it).
        secret: [u8; 32],
    },
}

impl Adapter {
    /// A webhook adapter with a 10-second timeout, TLS by rustls (webpki
    /// roots), signing every body with a key derived from `secret`. The URL
    /// must be `https://`, except on the loopback interface.
    pub fn webhook(url: &str, secret: &[u8; 32]) -> Result<Self, AppError> {
        if !webhook_url_allowed(url) {
            return Err(AppError::Internal(format!(
                "the webhook URL must use https:// (plain http only to localhost): {url}"
            )));
        }
        let client = reqwest::Client::builder()
            .use_rustls_tls()
            .https_only(!url.starts_with("http://"))
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(Self::Webhook {
            url: url.to_owned(),
            client,
            secret: *secret,
        })
    }
}

/// Whether a webhook URL is acceptable: HTTPS anywhere, plain HTTP only to
/// `localhost`, `127.0.0.1` or `[::1]`.
#[must_use]
pub fn webhook_url_allowed(url: &str) -> bool {
    if url.starts_with("https://") {
        return true;
    }
    let Some(rest) = url.strip_prefix("http://") else {
        return false;
    };
    let host = rest.split(['/', '?']).next().unwrap_or_default();
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let name = if host.starts_with('[') {
        host.split(']')
            .next()
            .map(|h| format!("{h}]"))
            .unwrap_or_default()
    } else {
        host.split(':').next().unwrap_or_default().to_owned()
    };
    matches!(name.as_str(), "localhost" | "127.0.0.1" | "[::1]")
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

/// What the send-time rules make of a due delivery.
enum Verdict {
    /// Send it now.
    Send,
    /// Suppressed (counted).
    Suppressed,
    /// Deferred to the end of quiet hours (counted).
    Deferred,
}

/// Applies the send-time rules (do-not-disturb, consent, quiet hours,
/// frequency cap), recording a suppression or deferral.
async fn judge(db: &Db, d: &Due, now: i64) -> Result<Verdict, AppError> {
    if d.dnd {
        deliveries::suppress(db, d.id, "do_not_disturb").await?;
        return Ok(Verdict::Suppressed);
    }
    if !d.consented {
        deliveries::suppress(db, d.id, "no_consent").await?;
        return Ok(Verdict::Suppressed);
    }
    if d.quiet_hours {
        let allowed = outside_quiet_hours(now);
        if allowed > now {
            deliveries::defer(db, d.id, allowed).await?;
            return Ok(Verdict::Deferred);
        }
    }
    let recent = deliveries::sent_since(db, d.customer_id, now - d.cap_days * 86_400).await?;
    if recent >= d.cap_messages {
        deliveries::suppress(db, d.id, "frequency_cap").await?;
        return Ok(Verdict::Suppressed);
    }
    Ok(Verdict::Send)
}

/// Posts one delivery to the gateway; a failure is recorded for retry (or
/// given up after [`MAX_ATTEMPTS`]). Answers whether the post went through.
async fn post(
    db: &Db,
    (url, client, secret): (&str, &reqwest::Client, &[u8; 32]),
    d: &Due,
    now: i64,
) -> Result<bool, AppError> {
    let body = serde_json::json!({
        "idempotency_key": format!("delivery-{}", d.id),
        "delivery_id": d.id,
        "campaign_id": d.campaign_id,
        "customer_id": d.customer_id,
        "channel": d.channel.as_str(),
        "to": d.address,
        "message": d.message,
    });
    let bytes = serde_json::to_vec(&body).map_err(|e| AppError::Internal(e.to_string()))?;
    let signature = crate::crypto::webhook_signature(secret, now, &bytes);
    let outcome = client
        .post(url)
        .header("Idempotency-Key", format!("delivery-{}", d.id))
        .header("Content-Type", "application/json")
        .header("X-Cardinal-Signature", signature)
        .body(bytes)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status);
    let Err(err) = outcome else {
        return Ok(true);
    };
    let attempts = d.attempts + 1;
    let status = if attempts >= MAX_ATTEMPTS {
        "failed"
    } else {
        "pending"
    };
    let error = err.to_string().chars().take(200).collect::<String>();
    tracing::warn!(delivery = d.id, attempts, "webhook send failed");
    let failure = Failure {
        attempts,
        next_attempt_at: now + backoff_secs(attempts),
        status,
        error,
    };
    deliveries::record_failure(db, d.id, failure).await?;
    Ok(false)
}

/// Sends up to `limit` due deliveries; call repeatedly (the server does every few seconds).
pub async fn dispatch_due(
    db: &Db,
    adapter: &Adapter,
    now: i64,
    limit: i64,
) -> Result<DispatchReport, AppError> {
    let due = deliveries::due(db, now, limit).await?;
    let mut report = DispatchReport::default();
    for d in due {
        match judge(db, &d, now).await? {
            Verdict::Suppressed => {
                report.suppressed += 1;
                continue;
            }
            Verdict::Deferred => {
                report.deferred += 1;
                continue;
            }
            Verdict::Send => {}
        }
        let posted = match adapter {
            Adapter::Log => true,
            Adapter::Webhook {
                url,
                client,
                secret,
            } => post(db, (url, client, secret), &d, now).await?,
        };
        if !posted {
            report.failed += 1;
        } else if deliveries::record_sent(db, &d, now).await? {
            report.sent += 1;
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
    fn webhooks_need_https_except_on_loopback() {
        assert!(webhook_url_allowed("https://sms.example.com/send"));
        assert!(webhook_url_allowed("http://127.0.0.1:9000/send"));
        assert!(webhook_url_allowed("http://localhost/send"));
        assert!(webhook_url_allowed("http://[::1]:80/x"));
        assert!(!webhook_url_allowed("http://sms.example.com/send"));
        assert!(!webhook_url_allowed("http://127.0.0.1.evil.com/send"));
        assert!(!webhook_url_allowed("http://localhost@evil.com/send"));
        assert!(!webhook_url_allowed("ftp://localhost/x"));
    }

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(backoff_secs(1), 60);
        assert_eq!(backoff_secs(2), 120);
        assert_eq!(backoff_secs(5), 960);
        assert_eq!(backoff_secs(10), 3_600);
    }
}
