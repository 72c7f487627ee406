//! Reads what the analytics need, streaming the large tables row by row.

use std::collections::HashMap;

use chrono::NaiveDate;
use crm_api::customers::Consent;
use crm_api::{CardStatus, Category, PointsKind, ProductCode, Tier, TxChannel};
use futures_util::TryStreamExt;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::compute::Ctx;
use crate::Db;
use crate::db::{enum_col, placeholders};
use crate::domain::time::parse_date;
use crate::error::AppError;

/// A card.
#[derive(Clone, Debug)]
pub struct Card {
    /// Card id.
    pub id: i64,
    /// Product.
    pub product: ProductCode,
    /// Tier.
    pub tier: Tier,
    /// Credit limit (fen).
    pub limit_fen: i64,
    /// Status.
    pub status: CardStatus,
    /// Opening date.
    pub opened_on: NaiveDate,
    /// Primary card.
    pub is_primary: bool,
}

/// A transaction.
#[derive(Clone, Copy, Debug)]
pub struct Tx {
    /// Unix seconds.
    pub at: i64,
    /// Fen.
    pub amount_fen: i64,
    /// Category.
    pub category: Category,
    /// Channel.
    pub channel: TxChannel,
    /// In installments already.
    pub installment: bool,
}

/// A statement.
#[derive(Clone, Debug)]
pub struct Stmt {
    /// Card.
    pub card_id: i64,
    /// `YYYY-MM`.
    pub cycle: String,
    /// Closing date.
    pub closing: NaiveDate,
    /// New balance (fen).
    pub new_fen: i64,
    /// Minimum due (fen).
    pub min_fen: i64,
    /// Paid against it (fen).
    pub paid_fen: i64,
    /// Days past due.
    pub dpd: i64,
    /// Due date.
    pub due: NaiveDate,
}

/// A points-ledger entry.
#[derive(Clone, Copy, Debug)]
pub struct Pt {
    /// Unix seconds.
    pub at: i64,
    /// Kind.
    pub kind: PointsKind,
    /// Signed points.
    pub points: i64,
    /// Expiry of earned points.
    pub expires_on: Option<NaiveDate>,
}

/// Everything about one customer the analytics use.
#[derive(Clone, Debug)]
pub struct CustomerData {
    /// Customer id.
    pub id: i64,
    /// Joined.
    pub joined_on: NaiveDate,
    /// Marketing consent.
    pub consent: Consent,
    /// Cards.
    pub cards: Vec<Card>,
    /// Transactions, oldest first.
    pub txs: Vec<Tx>,
    /// Statements, by card then cycle.
    pub statements: Vec<Stmt>,
    /// Points ledger, oldest first.
    pub points: Vec<Pt>,
    /// Latest lost-card report in the last 30 days.
    pub lost_card_at: Option<i64>,
    /// Largest purchase ≥ ¥3,000 in the last 30 days not in installments: fen, merchant, time.
    pub large_purchase: Option<(i64, String, i64)>,
}

fn date_col(row: &AnyRow, col: &str) -> Result<NaiveDate, AppError> {
    let text: String = row.try_get(col)?;
    parse_date(&text).ok_or_else(|| AppError::Internal(format!("bad date in {col}")))
}

/// Runs `sql`, whose `{filter}` becomes `column IN (…)` for `subset` (in
/// chunks) or a no-op for everyone, calling `each` per row as it streams in.
async fn stream(
    db: &Db,
    sql: &str,
    column: &str,
    subset: Option<&[i64]>,
    mut each: impl FnMut(&AnyRow) -> Result<(), AppError>,
) -> Result<(), AppError> {
    let chunks: Vec<Option<&[i64]>> = match subset {
        None => vec![None],
        Some(ids) => ids.chunks(500).map(Some).collect(),
    };
    for chunk in chunks {
        let filter = chunk.map_or_else(
            || "1 = 1".to_owned(),
            |ids| format!("{column} IN ({})", placeholders(1, ids.len())),
        );
        let text = sql.replace("{filter}", &filter);
        let mut q = sqlx::query(&text);
        for id in chunk.unwrap_or_default() {
            q = q.bind(*id);
        }
        let mut rows = q.fetch(&db.pool);
        while let Some(row) = rows.try_next().await? {
            each(&row)?;
        }
    }
    Ok(())
}

fn tx_from_row(r: &AnyRow) -> Result<(i64, Tx), AppError> {
    Ok((
        r.try_get(0)?,
        Tx {
            at: r.try_get(1)?,
            amount_fen: r.try_get(2)?,
            category: enum_col(r, "category", Category::parse)?,
            channel: enum_col(r, "channel", TxChannel::parse)?,
            installment: r.try_get::<i64, _>(5)? != 0,
        },
    ))
}

const TX_SQL: &str =
    "SELECT customer_id, occurred_at, amount_fen, category, channel, installment FROM transactions";

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
        let mut out = Vec::new();
        let sql = format!("{TX_SQL} WHERE {{filter}} ORDER BY customer_id, occurred_at");
        stream(db, &sql, "customer_id", Some(ids), |r| {
            out.push(tx_from_row(r)?);
            Ok(())
        })
        .await?;
        return Ok(out);
    }
    const SLICES: i64 = 4;
    let step = max_id / SLICES + 1;
    let slices = (0..SLICES).map(|k| {
        let (db, bar) = (db.clone(), bar.clone());
        tokio::spawn(async move {
        let sql = format!(
            "{TX_SQL} WHERE customer_id >= {} AND customer_id < {} ORDER BY customer_id, occurred_at",
            k * step,
            (k + 1) * step
        );
        let mut out = Vec::new();
        let mut rows = sqlx::query(&sql).fetch(&db.pool);
        let mut last_customer = 0;
        while let Some(row) = rows.try_next().await? {
            let (customer_id, tx) = tx_from_row(&row)?;
            if customer_id != last_customer {
                bar.inc(1);
                last_customer = customer_id;
            }
            out.push((customer_id, tx));
        }
        Ok::<_, AppError>(out)
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
    let mut customers: Vec<CustomerData> = Vec::new();
    let flag = |r: &AnyRow, c: &str| -> Result<bool, AppError> { Ok(r.try_get::<i64, _>(c)? != 0) };
    stream(
        db,
        "SELECT id AS customer_id, joined_on, consent_sms, consent_app_push, consent_wechat, consent_email, \
         consent_outbound_call, do_not_disturb FROM customers WHERE {filter} ORDER BY id",
        "id",
        subset,
        |r| {
            customers.push(CustomerData {
                id: r.try_get("customer_id")?,
                joined_on: date_col(r, "joined_on")?,
                consent: Consent {
                    sms: flag(r, "consent_sms")?,
                    app_push: flag(r, "consent_app_push")?,
                    wechat: flag(r, "consent_wechat")?,
                    email: flag(r, "consent_email")?,
                    outbound_call: flag(r, "consent_outbound_call")?,
                    do_not_disturb: flag(r, "do_not_disturb")?,
                },
                cards: vec![],
                txs: vec![],
                statements: vec![],
                points: vec![],
                lost_card_at: None,
                large_purchase: None,
            });
            Ok(())
        },
    )
    .await?;
    let index: HashMap<i64, usize> = customers
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id, i))
        .collect();
    let slot = |r: &AnyRow| -> Result<Option<usize>, AppError> {
        let id: i64 = r.try_get("customer_id")?;
        Ok(index.get(&id).copied())
    };

    stream(
        db,
        "SELECT c.customer_id, c.id, p.code, p.tier, c.credit_limit_fen, c.status, c.opened_on, c.is_primary \
         FROM cards c JOIN card_products p ON p.id = c.product_id WHERE {filter} ORDER BY c.id",
        "customer_id",
        subset,
        |r| {
            if let Some(i) = slot(r)? {
                customers[i].cards.push(Card {
                    id: r.try_get("id")?,
                    product: enum_col(r, "code", ProductCode::parse)?,
                    tier: enum_col(r, "tier", Tier::parse)?,
                    limit_fen: r.try_get("credit_limit_fen")?,
                    status: enum_col(r, "status", CardStatus::parse)?,
                    opened_on: date_col(r, "opened_on")?,
                    is_primary: flag(r, "is_primary")?,
                });
            }
            Ok(())
        },
    )
    .await?;

    let bar = super::bar(
        progress && subset.is_none(),
        customers.len() as u64,
        "loading transactions",
    );
    let txs = load_transactions(db, subset, customers.last().map_or(0, |c| c.id), &bar).await?;
    bar.finish_and_clear();
    for (customer_id, tx) in txs {
        if let Some(&i) = index.get(&customer_id) {
            customers[i].txs.push(tx);
        }
    }

    stream(
        db,
        &format!(
            "SELECT customer_id, card_id, cycle, closing_date, new_balance_fen, minimum_due_fen, paid_fen, days_past_due, due_date \
             FROM statements WHERE {{filter}} AND cycle >= '{}' ORDER BY customer_id, card_id, cycle",
            // 14 months cover the 12-month signals plus the three-statement trend
            ctx.today.checked_sub_months(chrono::Months::new(14)).unwrap_or(ctx.today).format("%Y-%m")
        ),
        "customer_id",
        subset,
        |r| {
            if let Some(i) = slot(r)? {
                customers[i].statements.push(Stmt {
                    card_id: r.try_get("card_id")?,
                    cycle: r.try_get("cycle")?,
                    closing: date_col(r, "closing_date")?,
                    new_fen: r.try_get("new_balance_fen")?,
                    min_fen: r.try_get("minimum_due_fen")?,
                    paid_fen: r.try_get("paid_fen")?,
                    dpd: r.try_get("days_past_due")?,
                    due: date_col(r, "due_date")?,
                });
            }
            Ok(())
        },
    )
    .await?;

    stream(
        db,
        "SELECT customer_id, occurred_at, kind, points, expires_on FROM points_ledger \
         WHERE {filter} ORDER BY customer_id, occurred_at, id",
        "customer_id",
        subset,
        |r| {
            if let Some(i) = slot(r)? {
                let expires: Option<String> = r.try_get("expires_on")?;
                customers[i].points.push(Pt {
                    at: r.try_get("occurred_at")?,
                    kind: enum_col(r, "kind", PointsKind::parse)?,
                    points: r.try_get("points")?,
                    expires_on: expires.as_deref().and_then(parse_date),
                });
            }
            Ok(())
        },
    )
    .await?;

    let month_ago = ctx.now - 30 * 86_400;
    stream(
        db,
        &format!(
            "SELECT customer_id, MAX(occurred_at) AS at FROM service_interactions \
             WHERE {{filter}} AND kind = 'card_lost' AND occurred_at >= {month_ago} AND occurred_at <= {} GROUP BY customer_id",
            ctx.now
        ),
        "customer_id",
        subset,
        |r| {
            if let Some(i) = slot(r)? {
                customers[i].lost_card_at = Some(r.try_get("at")?);
            }
            Ok(())
        },
    )
    .await?;

    stream(
        db,
        &format!(
            "SELECT customer_id, amount_fen, merchant, occurred_at FROM transactions \
             WHERE {{filter}} AND occurred_at >= {month_ago} AND occurred_at <= {} AND amount_fen >= 300000 \
             AND installment = 0 AND category <> 'cash_advance' ORDER BY customer_id, amount_fen DESC",
            ctx.now
        ),
        "customer_id",
        subset,
        |r| {
            if let Some(i) = slot(r)?
                && customers[i].large_purchase.is_none()
            {
                customers[i].large_purchase =
                    Some((r.try_get("amount_fen")?, r.try_get("merchant")?, r.try_get("occurred_at")?));
            }
            Ok(())
        },
    )
    .await?;
    Ok(customers)
}
