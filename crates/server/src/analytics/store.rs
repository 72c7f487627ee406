//! Runs, watermarks, model fits and feature rows in the database.

use sqlx::Row;

use super::Models;
use super::compute::{Base, Ctx, FeatureRow};
use super::load::CustomerData;
use crate::Db;
use crate::db::{insert_rows, placeholders};
use crate::error::AppError;

/// The highest ids of the tables a customer's analytics depend on.
#[derive(Clone, Copy, Debug, Default)]
pub struct Watermarks {
    /// transactions.id
    pub tx: i64,
    /// statements.id
    pub statement: i64,
    /// points_ledger.id
    pub points: i64,
    /// service_interactions.id
    pub interaction: i64,
    /// cards.id
    pub card: i64,
}

const TABLES: [(&str, &str); 5] = [
    ("transactions", "watermark_tx"),
    ("statements", "watermark_statement"),
    ("points_ledger", "watermark_points"),
    ("service_interactions", "watermark_interaction"),
    ("cards", "watermark_card"),
];

/// Current watermarks.
pub async fn watermarks(db: &Db) -> Result<Watermarks, AppError> {
    let mut v = [0i64; 5];
    for (i, (table, _)) in TABLES.iter().enumerate() {
        v[i] = sqlx::query_scalar(&format!(
            "SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM {table}"
        ))
        .fetch_one(&db.pool)
        .await?;
    }
    Ok(Watermarks {
        tx: v[0],
        statement: v[1],
        points: v[2],
        interaction: v[3],
        card: v[4],
    })
}

/// The last finished run's id and watermarks.
pub async fn last_run(db: &Db) -> Result<Option<(i64, Watermarks)>, AppError> {
    let row = sqlx::query(
        "SELECT id, watermark_tx, watermark_statement, watermark_points, watermark_interaction, watermark_card \
         FROM analytics_runs WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1",
    )
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| {
        Ok((
            r.try_get("id")?,
            Watermarks {
                tx: r.try_get("watermark_tx")?,
                statement: r.try_get("watermark_statement")?,
                points: r.try_get("watermark_points")?,
                interaction: r.try_get("watermark_interaction")?,
                card: r.try_get("watermark_card")?,
            },
        ))
    })
    .transpose()
}

/// When the last full run finished.
pub async fn last_full_run_at(db: &Db) -> Result<Option<i64>, AppError> {
    Ok(
        sqlx::query_scalar("SELECT MAX(finished_at) FROM analytics_runs WHERE mode = 'full'")
            .fetch_one(&db.pool)
            .await?,
    )
}

/// Customers with rows newer than the last run's watermarks.
pub async fn changed_customers(db: &Db, last: &(i64, Watermarks)) -> Result<Vec<i64>, AppError> {
    let w = last.1;
    let sql = format!(
        "SELECT customer_id FROM transactions WHERE id > {} UNION \
         SELECT customer_id FROM statements WHERE id > {} UNION \
         SELECT customer_id FROM points_ledger WHERE id > {} UNION \
         SELECT customer_id FROM service_interactions WHERE id > {} UNION \
         SELECT customer_id FROM cards WHERE id > {} UNION \
         SELECT id AS customer_id FROM customers WHERE id NOT IN (SELECT customer_id FROM customer_features)",
        w.tx, w.statement, w.points, w.interaction, w.card
    );
    let mut ids: Vec<i64> = sqlx::query_scalar(&sql).fetch_all(&db.pool).await?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// Records the start of a run.
pub async fn start_run(db: &Db, mode: &str, ctx: &Ctx) -> Result<i64, AppError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO analytics_runs (mode, started_at, as_of) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(mode)
    .bind(crate::domain::time::now())
    .bind(ctx.today.format("%Y-%m-%d").to_string())
    .fetch_one(&db.pool)
    .await?;
    Ok(id)
}

/// Records the end of a run with the watermarks read at its start.
pub async fn finish_run(
    db: &Db,
    run_id: i64,
    customers: usize,
    w: &Watermarks,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE analytics_runs SET finished_at = $1, customers = $2, watermark_tx = $3, watermark_statement = $4, \
         watermark_points = $5, watermark_interaction = $6, watermark_card = $7 WHERE id = $8",
    )
    .bind(crate::domain::time::now())
    .bind(customers as i64)
    .bind(w.tx)
    .bind(w.statement)
    .bind(w.points)
    .bind(w.interaction)
    .bind(w.card)
    .bind(run_id)
    .execute(&db.pool)
    .await?;
    Ok(())
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
    sqlx::query(
        "INSERT INTO model_fits (run_id, model, fitted_at, n, params) VALUES ($1, 'portfolio', $2, $3, $4)",
    )
    .bind(run_id)
    .bind(crate::domain::time::now())
    .bind(n)
    .bind(params)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The latest portfolio models and when they were fitted.
pub async fn load_models_with_time(db: &Db) -> Result<Option<(Models, i64, i64)>, AppError> {
    let row = sqlx::query("SELECT params, fitted_at, n FROM model_fits WHERE model = 'portfolio' ORDER BY id DESC LIMIT 1")
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| {
        let text: String = r.try_get("params")?;
        let models: Models =
            serde_json::from_str(&text).map_err(|e| AppError::Internal(e.to_string()))?;
        Ok((models, r.try_get("fitted_at")?, r.try_get("n")?))
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
    let bar = super::bar(progress, rows.len() as u64, "writing features");
    let mut tx = db.pool.begin().await?;
    if full {
        sqlx::query("DELETE FROM customer_category_spend")
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM customer_features")
            .execute(&mut *tx)
            .await?;
    } else {
        for chunk in data.chunks(500) {
            let list = placeholders(1, chunk.len());
            for table in ["customer_category_spend", "customer_features"] {
                let sql = format!("DELETE FROM {table} WHERE customer_id IN ({list})");
                let mut q = sqlx::query(&sql);
                for c in chunk {
                    q = q.bind(c.id);
                }
                q.execute(&mut *tx).await?;
            }
        }
    }
    struct Out<'a> {
        base: &'a Base,
        row: &'a FeatureRow,
        churn: String,
        risk: String,
        offers: String,
        expiring_on: Option<String>,
        computed_at: i64,
    }
    let out: Vec<Out<'_>> = bases
        .iter()
        .zip(rows)
        .map(|(base, row)| Out {
            base,
            row,
            churn: json(&row.churn.1),
            risk: json(&row.credit.reasons),
            offers: json(&row.offers),
            expiring_on: base
                .points_expiring
                .map(|(_, d)| d.format("%Y-%m-%d").to_string()),
            computed_at: ctx.now,
        })
        .collect();
    for (i, chunk) in out.chunks(2_000).enumerate() {
        insert_rows(
            &mut tx,
            db.backend,
            "customer_features",
            &[
                "customer_id",
                "computed_at",
                "primary_product",
                "primary_tier",
                "open_cards",
                "credit_limit_fen",
                "balance_fen",
                "utilisation",
                "utilisation_3m_ago",
                "tenure_months",
                "tx_count_12m",
                "spend_12m_fen",
                "spend_90d_fen",
                "spend_prev_90d_fen",
                "spend_30d_fen",
                "first_tx_at",
                "last_tx_at",
                "recency_days",
                "rfm_r",
                "rfm_f",
                "rfm_m",
                "rfm_segment",
                "bg_x",
                "bg_t_x",
                "bg_t",
                "p_alive",
                "expected_tx_90d",
                "expected_avg_spend_fen",
                "clv_12m_fen",
                "value_tier",
                "churn_band",
                "churn_reasons",
                "risk_score",
                "risk_band",
                "risk_reasons",
                "limit_increase_candidate",
                "days_past_due",
                "max_dpd_12m",
                "min_pay_streak",
                "cash_advances_90d",
                "top_category",
                "top_category_share",
                "preferred_channel",
                "points_balance",
                "points_expiring_60d",
                "points_expiring_on",
                "offers",
            ],
            chunk,
            |q, o| {
                let (b, r) = (o.base, o.row);
                let s = b
                    .summary
                    .unwrap_or(crate::domain::analytics::summary::Summary {
                        x: 0.0,
                        t_x: 0.0,
                        t: 0.0,
                        monetary: 0.0,
                    });
                q.bind(r.customer_id)
                    .bind(o.computed_at)
                    .bind(b.primary.map(|p| p.0.as_str()))
                    .bind(b.primary.map(|p| p.1.as_str()))
                    .bind(b.open_cards)
                    .bind(b.limit_fen)
                    .bind(b.balance_fen)
                    .bind(b.credit.utilisation)
                    .bind(b.credit.utilisation_3m_ago)
                    .bind(b.credit.tenure_months)
                    .bind(b.tx_count_12m)
                    .bind(b.spend_12m)
                    .bind(b.spend_90d)
                    .bind(b.spend_prev_90d)
                    .bind(b.spend_30d)
                    .bind(b.first_tx_at)
                    .bind(b.last_tx_at)
                    .bind(b.rfm.recency_days)
                    .bind(i64::from(r.rfm.r))
                    .bind(i64::from(r.rfm.f))
                    .bind(i64::from(r.rfm.m))
                    .bind(r.segment.as_str())
                    .bind(s.x)
                    .bind(s.t_x)
                    .bind(s.t)
                    .bind(r.p_alive)
                    .bind(r.expected_90d)
                    .bind(r.expected_avg_fen)
                    .bind(r.clv_fen)
                    .bind(r.value_tier.as_str())
                    .bind(r.churn.0.as_str())
                    .bind(o.churn.as_str())
                    .bind(r.credit.score)
                    .bind(r.credit.band.as_str())
                    .bind(o.risk.as_str())
                    .bind(i64::from(r.credit.limit_increase_candidate))
                    .bind(b.credit.days_past_due)
                    .bind(b.credit.max_dpd_12m)
                    .bind(b.credit.min_pay_streak)
                    .bind(b.cash_advances_90d)
                    .bind(b.top_category.map(|c| c.0.as_str()))
                    .bind(b.top_category.map_or(0.0, |c| c.1))
                    .bind(b.preferred_channel.map(|c| c.as_str()))
                    .bind(b.points_balance)
                    .bind(b.points_expiring.map_or(0, |p| p.0))
                    .bind(o.expiring_on.as_deref())
                    .bind(o.offers.as_str())
            },
        )
        .await?;
        bar.set_position(((i + 1) * 2_000).min(out.len()) as u64);
    }
    let cats: Vec<(i64, &'static str, [i64; 5])> = data
        .iter()
        .zip(bases)
        .flat_map(|(c, b)| {
            b.categories
                .iter()
                .map(move |(cat, v)| (c.id, cat.as_str(), *v))
        })
        .collect();
    insert_rows(
        &mut tx,
        db.backend,
        "customer_category_spend",
        &[
            "customer_id",
            "category",
            "spend_30d_fen",
            "spend_90d_fen",
            "spend_365d_fen",
            "count_90d",
            "count_365d",
        ],
        &cats,
        |q, (id, cat, v)| {
            q.bind(*id)
                .bind(*cat)
                .bind(v[0])
                .bind(v[1])
                .bind(v[2])
                .bind(v[3])
                .bind(v[4])
        },
    )
    .await?;
    tx.commit().await?;
    bar.finish_and_clear();
    Ok(())
}
