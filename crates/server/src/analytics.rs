//! `crm-server analytics`: computes every customer's features, scores and
//! offers from the raw rows and stores them in `customer_features` (with the
//! model fits in `model_fits`, stamped with the time they were computed).
//!
//! A full run refits the portfolio models (BG/NBD, Gamma-Gamma, RFM quintile
//! edges, CLV tier edges). An incremental run recomputes only the customers
//! whose transactions, statements, points, interactions or cards changed
//! since the last run's watermarks, scoring them against the stored models.

pub mod compute;
pub mod load;
pub mod store;

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::Db;
use crate::domain::analytics::bgnbd::BgNbd;
use crate::domain::analytics::gamma_gamma::GammaGamma;
use crate::domain::analytics::rfm::Cutpoints;
use crate::error::AppError;
use crate::progress::bar;
use compute::Ctx;

/// Settings of a run.
#[derive(Clone, Debug)]
pub struct AnalyticsOptions {
    /// "Now" (Unix seconds).
    pub now: i64,
    /// RFM window in days.
    pub rfm_days: i64,
    /// Monthly discount rate for CLV.
    pub monthly_discount: f64,
    /// Only customers whose data changed since the last run.
    pub incremental: bool,
    /// Draw progress bars.
    pub progress: bool,
}

impl AnalyticsOptions {
    /// Defaults: now, 365-day RFM window, 1% monthly discount, full run.
    #[must_use]
    pub fn full(now: i64) -> Self {
        Self {
            now,
            rfm_days: 365,
            monthly_discount: 0.01,
            incremental: false,
            progress: false,
        }
    }
}

/// The portfolio models a run scores against.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Models {
    /// Purchase and drop-out process (time unit: weeks).
    pub bgnbd: BgNbd,
    /// Spend per purchase (currency unit: yuan).
    pub gamma_gamma: GammaGamma,
    /// RFM quintile edges.
    pub rfm: Cutpoints,
    /// CLV (fen) at the 80th and 50th percentiles: high above the first, medium above the second.
    pub clv_edges: [f64; 2],
}

/// What a run did.
#[derive(Clone, Debug)]
pub struct RunReport {
    /// Run id.
    pub run_id: i64,
    /// `full` or `incremental`.
    pub mode: &'static str,
    /// Customers recomputed.
    pub customers: usize,
    /// The models used.
    pub models: Option<Models>,
    /// Wall time.
    pub elapsed: Duration,
    /// Time per phase: load, fit, score, write.
    pub phases: [Duration; 4],
}

/// Runs the analytics.
pub async fn run(db: &Db, opts: &AnalyticsOptions) -> Result<RunReport, AppError> {
    let started = Instant::now();
    let ctx = Ctx::new(opts.now, opts.rfm_days, opts.monthly_discount);
    let previous = store::last_run(db).await?;
    let watermarks = store::watermarks(db).await?;
    let (mode, subset) = match (&previous, opts.incremental) {
        (Some(prev), true) => (
            "incremental",
            Some(store::changed_customers(db, prev).await?),
        ),
        _ => ("full", None),
    };
    let run_id = store::start_run(db, mode, &ctx).await?;

    let t0 = Instant::now();
    let data = load::load(db, subset.as_deref(), &ctx, opts.progress).await?;
    let t_load = t0.elapsed();
    let t1 = Instant::now();
    let bases: Vec<compute::Base> = data.iter().map(|c| compute::base(c, &ctx)).collect();
    let models = match (mode, &previous) {
        ("incremental", Some(_)) => store::load_models(db).await?,
        _ => {
            let spinner = bar(opts.progress, 1, "fitting models");
            let fitted = compute::fit_models(&bases, &ctx);
            spinner.finish_and_clear();
            fitted
        }
    };
    let Some(models) = models else {
        // nothing to fit (no purchases at all): record an empty run
        store::finish_run(db, run_id, 0, &watermarks).await?;
        return Ok(RunReport {
            run_id,
            mode,
            customers: 0,
            models: None,
            elapsed: started.elapsed(),
            phases: [t_load, t1.elapsed(), Duration::ZERO, Duration::ZERO],
        });
    };
    let t_fit = t1.elapsed();
    let t2 = Instant::now();
    let scoring = bar(opts.progress, bases.len() as u64, "scoring customers");
    let rows: Vec<compute::FeatureRow> = data
        .iter()
        .zip(&bases)
        .map(|(c, b)| {
            scoring.inc(1);
            compute::score(c, b, &models, &ctx)
        })
        .collect();
    scoring.finish_and_clear();
    let t_score = t2.elapsed();
    let t3 = Instant::now();
    if mode == "full" {
        store::save_models(db, run_id, &models, &bases, &ctx).await?;
    }
    store::write_features(
        db,
        &data,
        &bases,
        &rows,
        &ctx,
        subset.is_none(),
        opts.progress,
    )
    .await?;
    store::finish_run(db, run_id, rows.len(), &watermarks).await?;
    if mode == "full" {
        // segment sizes move with the scores: keep their history
        crate::db::segment_store::record_all_sizes(db, opts.now).await?;
    }
    // responses to running campaigns come from the same new activity
    crate::marketing::attribution::attribute_all(db, opts.now).await?;
    // closed service requests, campaign responses and the periodic survey invite answers
    crate::db::surveys::invite_due(db, opts.now).await?;
    // the dashboards' rollups follow the same new data
    crate::dashboard::rollups::rebuild(db, opts.now).await?;
    Ok(RunReport {
        run_id,
        mode,
        customers: rows.len(),
        models: Some(models),
        elapsed: started.elapsed(),
        phases: [t_load, t_fit, t_score, t3.elapsed()],
    })
}

/// Keeps the analytics current while the server runs: a full run at start
/// when none exists or the last is older than a day, then every `every` an
/// incremental run for customers with new data (and a full refit once a day).
pub async fn keep_current(db: Db, every: Duration) {
    let mut last_full: Option<i64> = store::last_full_run_at(&db).await.ok().flatten();
    loop {
        let now = crate::domain::time::now();
        let full_due = last_full.is_none_or(|t| now - t >= 24 * 3600);
        let opts = AnalyticsOptions {
            incremental: !full_due,
            ..AnalyticsOptions::full(now)
        };
        match run(&db, &opts).await {
            Ok(report) => {
                if report.mode == "full" {
                    last_full = Some(now);
                }
                if report.customers > 0 {
                    tracing::info!(
                        mode = report.mode,
                        customers = report.customers,
                        seconds = report.elapsed.as_secs_f64(),
                        "analytics updated"
                    );
                }
            }
            Err(err) => tracing::error!(%err, "analytics run failed"),
        }
        tokio::time::sleep(every).await;
    }
}
