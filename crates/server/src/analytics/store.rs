//! Runs, watermarks, model fits and feature rows: the analytics' values as
//! the rows [`crate::db::analytics`] reads and writes.

use super::Models;
use super::compute::{Base, Ctx, FeatureRow};

use crate::Db;
use crate::db::analytics::{self as rows, CategorySpend, CustomerData, FeatureRecord};
pub use crate::db::analytics::{
    Watermarks, changed_customers, finish_run, last_full_run_at, last_run, watermarks,
};
use crate::domain::analytics::summary::Summary;
use crate::error::AppError;

/// Records the start of a run.
pub async fn start_run(db: &Db, mode: &str, ctx: &Ctx) -> Result<i64, AppError> {
    rows::start_run(db, mode, &ctx.today.format("%Y-%m-%d").to_string()).await
}

/// Stores the portfolio models of a full run.
pub async fn save_models(
    db: &Db,
    run_id: i64,
    models: &Models,
    bases: &[Base],
    _ctx: &Ctx,
) -> Result<(), AppError> {
    let n = bases.iter().filter(|b| b.summary.is_some()).count() as i64;
    let params = serde_json::to_string(models).map_err(|e| AppError::Internal(e.to_string()))?;
    rows::save_models(db, run_id, n, params).await
}

/// The latest portfolio models and when they were fitted.
pub async fn load_models_with_time(db: &Db) -> Result<Option<(Models, i64, i64)>, AppError> {
    rows::latest_models(db)
        .await?
        .map(|(text, fitted_at, n)| {
            let models: Models =
                serde_json::from_str(&text).map_err(|e| AppError::Internal(e.to_string()))?;
            Ok((models, fitted_at, n))
        })
        .transpose()
}

/// The latest portfolio models.
pub async fn load_models(db: &Db) -> Result<Option<Models>, AppError> {
    Ok(load_models_with_time(db).await?.map(|m| m.0))
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".to_owned())
}

/// The `customer_features` row of a customer's facts and scores.
fn feature_record(b: &Base, r: &FeatureRow, computed_at: i64) -> FeatureRecord {
    let s = b.summary.unwrap_or(Summary {
        x: 0.0,
        t_x: 0.0,
        t: 0.0,
        monetary: 0.0,
    });
    FeatureRecord {
        customer_id: r.customer_id,
        computed_at,
        primary_product: b.primary.map(|p| p.0.as_str()),
        primary_tier: b.primary.map(|p| p.1.as_str()),
        open_cards: b.open_cards,
        credit_limit_fen: b.limit_fen,
        balance_fen: b.balance_fen,
        utilisation: b.credit.utilisation,
        utilisation_3m_ago: b.credit.utilisation_3m_ago,
        tenure_months: b.credit.tenure_months,
        tx_count_12m: b.tx_count_12m,
        spend_12m_fen: b.spend_12m,
        spend_90d_fen: b.spend_90d,
        spend_prev_90d_fen: b.spend_prev_90d,
        spend_30d_fen: b.spend_30d,
        first_tx_at: b.first_tx_at,
        last_tx_at: b.last_tx_at,
        recency_days: b.rfm.recency_days,
        rfm_r: i64::from(r.rfm.r),
        rfm_f: i64::from(r.rfm.f),
        rfm_m: i64::from(r.rfm.m),
        rfm_segment: r.segment.as_str(),
        bg_x: s.x,
        bg_t_x: s.t_x,
        bg_t: s.t,
        p_alive: r.p_alive,
        expected_tx_90d: r.expected_90d,
        expected_avg_spend_fen: r.expected_avg_fen,
        clv_12m_fen: r.clv_fen,
        value_tier: r.value_tier.as_str(),
        churn_band: r.churn.0.as_str(),
        churn_reasons: json(&r.churn.1),
        risk_score: r.credit.score,
        risk_band: r.credit.band.as_str(),
        risk_reasons: json(&r.credit.reasons),
        limit_increase_candidate: i64::from(r.credit.limit_increase_candidate),
        days_past_due: b.credit.days_past_due,
        max_dpd_12m: b.credit.max_dpd_12m,
        min_pay_streak: b.credit.min_pay_streak,
        cash_advances_90d: b.cash_advances_90d,
        top_category: b.top_category.map(|c| c.0.as_str()),
        top_category_share: b.top_category.map_or(0.0, |c| c.1),
        preferred_channel: b.preferred_channel.map(|c| c.as_str()),
        points_balance: b.points_balance,
        points_expiring_60d: b.points_expiring.map_or(0, |p| p.0),
        points_expiring_on: b
            .points_expiring
            .map(|(_, d)| d.format("%Y-%m-%d").to_string()),
        offers: json(&r.offers),
    }
}

/// Replaces the features of the computed customers (all of them when `full`)
/// in one transaction, so readers see either the old or the new rows.
pub async fn write_features(
    db: &Db,
    data: &[CustomerData],
    bases: &[Base],
    rows: &[FeatureRow],
    ctx: &Ctx,
    full: bool,
    progress: bool,
) -> Result<(), AppError> {
    let bar = crate::progress::bar(progress, rows.len() as u64, "writing features");
    let features: Vec<FeatureRecord> = bases
        .iter()
        .zip(rows)
        .map(|(b, r)| feature_record(b, r, ctx.now))
        .collect();
    let cats: Vec<CategorySpend> = data
        .iter()
        .zip(bases)
        .flat_map(|(c, b)| {
            b.categories
                .iter()
                .map(move |(cat, v)| (c.id, cat.as_str(), *v))
        })
        .collect();
    let ids: Vec<i64> = data.iter().map(|c| c.id).collect();
    rows::replace_features(
        db,
        (!full).then_some(ids.as_slice()),
        &features,
        &cats,
        |done| bar.set_position(done as u64),
    )
    .await?;
    bar.finish_and_clear();
    Ok(())
}
