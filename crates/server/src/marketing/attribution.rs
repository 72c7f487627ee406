//! Attribution: which members responded, from real activity in the window
//! after launch — both arms, so the holdout gives the baseline.
//!
//! | offer | a response is |
//! |---|---|
//! | category discount | spend in the category reaching the offer's threshold (any spend without one) |
//! | points multiplier | spend in its category (or any purchase) reaching the threshold |
//! | interest-free installment | a purchase converted to installments |
//! | card upgrade | a card of the target product opened |
//! | limit increase | a credit-limit request to the service desk |
//! | information | any purchase |
//!
//! The first qualifying time is the response time; the amount is the
//! qualifying spend in the window.

use crm_api::campaigns::{CampaignStatus, OfferKind};
use sqlx::Row;

use crate::Db;
use crate::db::campaigns::get_row;
use crate::db::insert_rows;
use crate::domain::time::{local_date, start_of_day};
use crate::error::AppError;

/// A response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// Customer.
    pub customer_id: i64,
    /// Arm.
    pub arm: String,
    /// First qualifying activity (Unix seconds).
    pub at: i64,
    /// Qualifying spend (fen).
    pub amount_fen: i64,
}

/// The attribution window of a launched campaign, capped at `now`.
#[must_use]
pub fn window(launched_at: i64, days: u32, now: i64) -> (i64, i64) {
    (
        launched_at,
        (launched_at + i64::from(days) * 86_400).min(now),
    )
}

/// Recomputes the responses of one launched campaign.
pub async fn attribute(db: &Db, campaign_id: i64, now: i64) -> Result<usize, AppError> {
    let row = get_row(db, campaign_id).await?;
    let Some(launched) = row.launched_at else {
        return Ok(0);
    };
    let d = &row.draft;
    let (from, to) = window(launched, d.attribution_days, now);
    let threshold = d.offer.min_spend_fen.unwrap_or(0).max(1);
    let kind = d.offer_kind.unwrap_or(OfferKind::Information);
    let spend_filter = match (kind, d.offer.category) {
        (OfferKind::CategoryDiscount | OfferKind::PointsMultiplier, Some(c)) => {
            format!("t.category = '{}'", c.as_str())
        }
        (OfferKind::InterestFreeInstallment, _) => "t.installment = 1".to_owned(),
        _ => "t.category <> 'cash_advance'".to_owned(),
    };
    let responses: Vec<Response> = match kind {
        OfferKind::CardUpgrade => {
            let product = d.offer.target_product.map_or("platinum", |p| p.as_str());
            let first_day = local_date(from).format("%Y-%m-%d").to_string();
            let last_day = local_date(to).format("%Y-%m-%d").to_string();
            let rows = sqlx::query(
                "SELECT m.customer_id, m.arm, MIN(k.opened_on) AS first_on FROM campaign_members m \
                 JOIN cards k ON k.customer_id = m.customer_id JOIN card_products p ON p.id = k.product_id \
                 WHERE m.campaign_id = $1 AND p.code = $2 AND k.opened_on >= $3 AND k.opened_on <= $4 \
                 GROUP BY m.customer_id, m.arm",
            )
            .bind(campaign_id)
            .bind(product)
            .bind(first_day)
            .bind(last_day)
            .fetch_all(&db.pool)
            .await?;
            rows.iter()
                .map(|r| {
                    let day: String = r.try_get("first_on")?;
                    Ok(Response {
                        customer_id: r.try_get("customer_id")?,
                        arm: r.try_get("arm")?,
                        at: crate::domain::time::parse_date(&day)
                            .map_or(from, start_of_day)
                            .max(from),
                        amount_fen: 0,
                    })
                })
                .collect::<Result<_, AppError>>()?
        }
        OfferKind::LimitIncrease => {
            let rows = sqlx::query(
                "SELECT m.customer_id, m.arm, MIN(i.occurred_at) AS at FROM campaign_members m \
                 JOIN service_interactions i ON i.customer_id = m.customer_id \
                 WHERE m.campaign_id = $1 AND i.kind = 'limit_request' AND i.occurred_at >= $2 AND i.occurred_at < $3 \
                 GROUP BY m.customer_id, m.arm",
            )
            .bind(campaign_id)
            .bind(from)
            .bind(to)
            .fetch_all(&db.pool)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(Response {
                        customer_id: r.try_get("customer_id")?,
                        arm: r.try_get("arm")?,
                        at: r.try_get("at")?,
                        amount_fen: 0,
                    })
                })
                .collect::<Result<_, AppError>>()?
        }
        _ => {
            let sql = format!(
                "SELECT m.customer_id, m.arm, MIN(t.occurred_at) AS at, CAST(SUM(t.amount_fen) AS BIGINT) AS amount \
                 FROM campaign_members m JOIN transactions t ON t.customer_id = m.customer_id \
                 WHERE m.campaign_id = $1 AND t.occurred_at >= $2 AND t.occurred_at < $3 AND {spend_filter} \
                 GROUP BY m.customer_id, m.arm HAVING SUM(t.amount_fen) >= $4"
            );
            let rows = sqlx::query(&sql)
                .bind(campaign_id)
                .bind(from)
                .bind(to)
                .bind(threshold)
                .fetch_all(&db.pool)
                .await?;
            rows.iter()
                .map(|r| {
                    Ok(Response {
                        customer_id: r.try_get("customer_id")?,
                        arm: r.try_get("arm")?,
                        at: r.try_get("at")?,
                        amount_fen: r.try_get("amount")?,
                    })
                })
                .collect::<Result<_, AppError>>()?
        }
    };
    let mut tx = db.pool.begin().await?;
    sqlx::query("DELETE FROM campaign_responses WHERE campaign_id = $1")
        .bind(campaign_id)
        .execute(&mut *tx)
        .await?;
    let kind_text = kind.as_str();
    struct Out<'a>(i64, &'a Response, &'static str);
    let out: Vec<Out<'_>> = responses
        .iter()
        .map(|r| Out(campaign_id, r, kind_text))
        .collect();
    insert_rows(
        &mut tx,
        db.backend,
        "campaign_responses",
        &[
            "campaign_id",
            "customer_id",
            "arm",
            "responded_at",
            "kind",
            "amount_fen",
        ],
        &out,
        |q, o| {
            q.bind(o.0)
                .bind(o.1.customer_id)
                .bind(o.1.arm.as_str())
                .bind(o.1.at)
                .bind(o.2)
                .bind(o.1.amount_fen)
        },
    )
    .await?;
    let over = launched + i64::from(d.attribution_days) * 86_400 <= now;
    let status = if over && row.status == CampaignStatus::Launched {
        "completed"
    } else {
        row.status.as_str()
    };
    sqlx::query("UPDATE campaigns SET attributed_at = $1, status = $2, completed_at = CASE WHEN $2 = 'completed' THEN COALESCE(completed_at, $1) ELSE completed_at END WHERE id = $3")
        .bind(now)
        .bind(status)
        .bind(campaign_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(responses.len())
}

/// Attributes every launched campaign (completed ones are final).
pub async fn attribute_all(db: &Db, now: i64) -> Result<usize, AppError> {
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM campaigns WHERE status = 'launched'")
        .fetch_all(&db.pool)
        .await?;
    for id in &ids {
        attribute(db, *id, now).await?;
    }
    Ok(ids.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_is_capped_at_now() {
        assert_eq!(
            window(1_000, 30, 1_000_000_000),
            (1_000, 1_000 + 30 * 86_400)
        );
        assert_eq!(window(1_000, 30, 5_000), (1_000, 5_000));
    }
}
