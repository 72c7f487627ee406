//! Cards and transactions of one customer.

use crm_api::cards::{CardView, TransactionView};
use crm_api::mask::mask_pan;
use crm_api::{CardStatus, Category, Money, ProductCode, Tier, TxChannel};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::enum_col;
use super::history::customer_rows;
use crate::Db;
use crate::error::AppError;

/// All cards of `customer_id`, primary and open cards first, with the balance
/// of each card's latest statement.
pub async fn of_customer(db: &Db, customer_id: i64) -> Result<Vec<CardView>, AppError> {
    let rows = sqlx::query(
        "SELECT c.id, p.code AS product, p.tier, c.pan_first6, c.pan_last4, c.credit_limit_fen, \
                c.currency, c.status, c.opened_on, c.closed_on, c.is_primary, \
                COALESCE((SELECT s.new_balance_fen FROM statements s \
                          WHERE s.card_id = c.id ORDER BY s.cycle DESC LIMIT 1), 0) AS balance_fen \
         FROM cards c JOIN card_products p ON p.id = c.product_id \
         WHERE c.customer_id = $1 \
         ORDER BY CASE c.status WHEN 'closed' THEN 1 ELSE 0 END, c.is_primary DESC, c.id",
    )
    .bind(customer_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(card_from_row).collect()
}

fn card_from_row(r: &AnyRow) -> Result<CardView, AppError> {
    let first6: String = r.try_get("pan_first6")?;
    let last4: String = r.try_get("pan_last4")?;
    let currency: String = r.try_get("currency")?;
    Ok(CardView {
        id: r.try_get("id")?,
        product: enum_col(r, "product", ProductCode::parse)?,
        tier: enum_col(r, "tier", Tier::parse)?,
        masked_pan: mask_pan(&first6, &last4),
        last4,
        credit_limit: Money {
            fen: r.try_get("credit_limit_fen")?,
            currency: currency.clone(),
        },
        statement_balance: Money {
            fen: r.try_get("balance_fen")?,
            currency,
        },
        status: enum_col(r, "status", CardStatus::parse)?,
        opened_on: r.try_get("opened_on")?,
        closed_on: r.try_get("closed_on")?,
        is_primary: r.try_get::<i64, _>("is_primary")? != 0,
    })
}

/// Which transactions to list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TxFilter {
    /// Every transaction.
    All,
    /// Only those converted to installments.
    Installments,
}

/// Newest-first page of the customer's transactions and their total count.
pub async fn transactions(
    db: &Db,
    customer_id: i64,
    limit: i64,
    offset: i64,
) -> Result<(Vec<TransactionView>, i64), AppError> {
    transactions_where(db, customer_id, TxFilter::All, limit, offset).await
}

/// Newest-first page of the customer's transactions matching `filter`.
pub async fn transactions_where(
    db: &Db,
    customer_id: i64,
    filter: TxFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<TransactionView>, i64), AppError> {
    let extra = match filter {
        TxFilter::All => "",
        TxFilter::Installments => " AND t.installment = 1",
    };
    let total: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM transactions t WHERE t.customer_id = $1{extra}"
    ))
    .bind(customer_id)
    .fetch_one(&db.pool)
    .await?;
    let sql = format!(
        "SELECT {TX_COLUMNS} \
         FROM transactions t JOIN cards c ON c.id = t.card_id \
         WHERE t.customer_id = $1{extra} \
         ORDER BY t.occurred_at DESC, t.id DESC LIMIT $2 OFFSET $3"
    );
    let items = customer_rows(db, &sql, customer_id, limit, offset, tx_from_row).await?;
    Ok((items, total))
}

/// The columns [`tx_from_row`] reads, from `transactions t JOIN cards c`.
pub const TX_COLUMNS: &str = "t.id, t.card_id, c.pan_last4, t.occurred_at, t.amount_fen, t.currency, \
     t.merchant, t.category, t.channel, t.installment";

/// A transaction from a row selected with [`TX_COLUMNS`].
pub fn tx_from_row(r: &AnyRow) -> Result<TransactionView, AppError> {
    Ok(TransactionView {
        id: r.try_get("id")?,
        card_id: r.try_get("card_id")?,
        card_last4: r.try_get("pan_last4")?,
        occurred_at: r.try_get("occurred_at")?,
        amount: Money {
            fen: r.try_get("amount_fen")?,
            currency: r.try_get("currency")?,
        },
        merchant: r.try_get("merchant")?,
        category: enum_col(r, "category", Category::parse)?,
        channel: enum_col(r, "channel", TxChannel::parse)?,
        installment: r.try_get::<i64, _>("installment")? != 0,
    })
}
