//! Campaign results from members, deliveries and attributed responses.

use std::collections::BTreeMap;

use crm_api::Money;
use crm_api::campaigns::{ArmResult, CampaignResults};
use sqlx::Row;

use crate::Db;
use crate::db::campaigns::get_row;
use crate::domain::campaigns::uplift;
use crate::error::AppError;

/// Per arm: members, sent, responders, spend; then uplift, incremental spend and ROI.
pub async fn results(db: &Db, campaign_id: i64) -> Result<CampaignResults, AppError> {
    let row = get_row(db, campaign_id).await?;
    let members = sqlx::query(
        "SELECT arm, COUNT(*) AS n FROM campaign_members WHERE campaign_id = $1 GROUP BY arm",
    )
    .bind(campaign_id)
    .fetch_all(&db.pool)
    .await?;
    let responses = sqlx::query(
        "SELECT arm, COUNT(*) AS n, CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) AS spend FROM campaign_responses \
         WHERE campaign_id = $1 GROUP BY arm",
    )
    .bind(campaign_id)
    .fetch_all(&db.pool)
    .await?;
    let sent: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM deliveries WHERE campaign_id = $1 AND status = 'sent'",
    )
    .bind(campaign_id)
    .fetch_one(&db.pool)
    .await?;
    let times =
        sqlx::query("SELECT arm, responded_at FROM campaign_responses WHERE campaign_id = $1")
            .bind(campaign_id)
            .fetch_all(&db.pool)
            .await?;
    let count = |rows: &[sqlx::any::AnyRow], arm: &str, col: &str| -> Result<i64, AppError> {
        for r in rows {
            if r.try_get::<String, _>("arm")? == arm {
                return Ok(r.try_get(col)?);
            }
        }
        Ok(0)
    };
    let (tn, cn) = (
        count(&members, "treatment", "n")?,
        count(&members, "control", "n")?,
    );
    let (tr, cr) = (
        count(&responses, "treatment", "n")?,
        count(&responses, "control", "n")?,
    );
    let (ts, cs) = (
        count(&responses, "treatment", "spend")?,
        count(&responses, "control", "spend")?,
    );
    let u = uplift(tn, tr, cn, cr);
    let per = |spend: i64, n: i64| if n > 0 { spend as f64 / n as f64 } else { 0.0 };
    let incremental = ((per(ts, tn) - per(cs, cn)) * tn as f64).round() as i64;
    let budget = row.draft.budget_fen;
    // cumulative response rates by day since launch
    let launched = row.launched_at.unwrap_or(0);
    let mut by_day: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
    for r in &times {
        let at: i64 = r.try_get("responded_at")?;
        let day = ((at - launched).max(0)) / 86_400;
        let e = by_day.entry(day).or_default();
        if r.try_get::<String, _>("arm")? == "treatment" {
            e.0 += 1;
        } else {
            e.1 += 1;
        }
    }
    let days = i64::from(row.draft.attribution_days);
    let mut cumulative = (0, 0);
    let series = (0..days)
        .map(|day| {
            if let Some((t, c)) = by_day.get(&day) {
                cumulative.0 += t;
                cumulative.1 += c;
            }
            (day + 1, per(cumulative.0, tn), per(cumulative.1, cn))
        })
        .collect();
    Ok(CampaignResults {
        campaign_id,
        treatment: ArmResult {
            members: tn,
            sent,
            responded: tr,
            response_rate: u.treatment_rate,
            spend: Money::cny(ts),
        },
        control: ArmResult {
            members: cn,
            sent: 0,
            responded: cr,
            response_rate: u.control_rate,
            spend: Money::cny(cs),
        },
        uplift: u.uplift,
        uplift_ci: (u.low, u.high),
        incremental_spend: Money::cny(incremental),
        budget: Money::cny(budget),
        roi: (budget > 0).then(|| incremental as f64 / budget as f64),
        by_day: series,
        computed_at: row.attributed_at.unwrap_or(0),
    })
}
