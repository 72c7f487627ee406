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

use crate::Db;
use crate::db::campaigns::get_row;
use crate::db::responses::{self, Spend};
use crate::domain::time::{local_date, start_of_day};
use crate::error::AppError;

pub use crate::db::responses::Response;

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
    let spend = match (kind, d.offer.category) {
        (OfferKind::CategoryDiscount | OfferKind::PointsMultiplier, Some(c)) => {
            Spend::InCategory(c)
        }
        (OfferKind::InterestFreeInstallment, _) => Spend::Installment,
        _ => Spend::AnyPurchase,
    };
    let responses: Vec<Response> = match kind {
        OfferKind::CardUpgrade => {
            let product = d.offer.target_product.map_or("platinum", |p| p.as_str());
            let first_day = local_date(from).format("%Y-%m-%d").to_string();
            let last_day = local_date(to).format("%Y-%m-%d").to_string();
            responses::cards_opened(db, campaign_id, product, &first_day, &last_day)
                .await?
                .into_iter()
                .map(|c| Response {
                    customer_id: c.customer_id,
                    arm: c.arm,
                    at: crate::domain::time::parse_date(&c.first_on)
                        .map_or(from, start_of_day)
                        .max(from),
                    amount_fen: 0,
                })
                .collect()
        }
        OfferKind::LimitIncrease => responses::limit_requests(db, campaign_id, from, to).await?,
        _ => responses::qualifying_spend(db, campaign_id, spend, (from, to), threshold).await?,
    };
    let over = launched + i64::from(d.attribution_days) * 86_400 <= now;
    let status = if over && row.status == CampaignStatus::Launched {
        "completed"
    } else {
        row.status.as_str()
    };
    responses::replace(db, campaign_id, kind.as_str(), &responses, status, now).await?;
    Ok(responses.len())
}

/// Attributes every launched campaign (completed ones are final).
pub async fn attribute_all(db: &Db, now: i64) -> Result<usize, AppError> {
    let ids = responses::launched_campaign_ids(db).await?;
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
