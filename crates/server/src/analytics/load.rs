//! Reads what the analytics need, streaming the large tables row by row
//! (the statements are in [`crate::db::analytics`]).

use super::compute::Ctx;
use crate::Db;
use crate::db::analytics as rows;
pub use crate::db::analytics::{Card, CustomerData, Pt, Stmt, Tx};
use crate::error::AppError;

/// All transactions (of `subset`), ordered by customer and time. For the whole
/// portfolio the customer-id range is read in four slices at once: row
/// decoding, not the database, is the bottleneck, and it runs per connection.
async fn load_transactions(
    db: &Db,
    subset: Option<&[i64]>,
    max_id: i64,
    bar: &indicatif::ProgressBar,
) -> Result<Vec<(i64, Tx)>, AppError> {
    if let Some(ids) = subset {
        return rows::transactions_of(db, ids).await;
    }
    const SLICES: i64 = 4;
    let step = max_id / SLICES + 1;
    let slices = (0..SLICES).map(|k| {
        let (db, bar) = (db.clone(), bar.clone());
        tokio::spawn(async move {
            rows::transactions_between(&db, k * step, (k + 1) * step, || bar.inc(1)).await
        })
    });
    let mut all = Vec::new();
    for part in futures_util::future::join_all(slices).await {
        all.extend(part.map_err(|e| AppError::Internal(e.to_string()))??);
    }
    Ok(all)
}

/// Loads all customers (or `subset`) with their cards, transactions,
/// statements, points, recent lost-card reports and large purchases.
pub async fn load(
    db: &Db,
    subset: Option<&[i64]>,
    ctx: &Ctx,
    progress: bool,
) -> Result<Vec<CustomerData>, AppError> {
    let mut customers = rows::customers(db, subset).await?;
    rows::cards(db, subset, &mut customers).await?;

    let bar = crate::progress::bar(
        progress && subset.is_none(),
        customers.len() as u64,
        "loading transactions",
    );
    let txs = load_transactions(db, subset, customers.max_id(), &bar).await?;
    bar.finish_and_clear();
    for (customer_id, tx) in txs {
        if let Some(c) = customers.get_mut(customer_id) {
            c.txs.push(tx);
        }
    }

    // 14 months cover the 12-month signals plus the three-statement trend
    let first_cycle = ctx
        .today
        .checked_sub_months(chrono::Months::new(14))
        .unwrap_or(ctx.today)
        .format("%Y-%m")
        .to_string();
    rows::statements(db, subset, &first_cycle, &mut customers).await?;
    rows::points(db, subset, &mut customers).await?;
    let last_month = (ctx.now - 30 * 86_400, ctx.now);
    rows::recent_events(db, subset, last_month, &mut customers).await?;
    Ok(customers.into_customers())
}
