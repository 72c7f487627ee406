//! Cards and transactions as the screens see them (always masked).

use serde::{Deserialize, Serialize};

use crate::enums::{CardStatus, Category, ProductCode, Tier, TxChannel};
use crate::money::Money;

/// One card, with its number masked (`622202******1234`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardView {
    /// Card id.
    pub id: i64,
    /// Card product.
    pub product: ProductCode,
    /// Product tier.
    pub tier: Tier,
    /// Masked card number: first six, six asterisks, last four.
    pub masked_pan: String,
    /// Last four digits, for lists where space is short.
    pub last4: String,
    /// Credit limit.
    pub credit_limit: Money,
    /// Balance of the latest statement.
    pub statement_balance: Money,
    /// Life-cycle state.
    pub status: CardStatus,
    /// Opening date, `YYYY-MM-DD` (Asia/Shanghai).
    pub opened_on: String,
    /// Closing date when closed.
    pub closed_on: Option<String>,
    /// Primary card (false for a supplementary card).
    pub is_primary: bool,
}

/// One card transaction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransactionView {
    /// Transaction id.
    pub id: i64,
    /// Card used.
    pub card_id: i64,
    /// Last four digits of the card used.
    pub card_last4: String,
    /// When it happened (Unix seconds, UTC).
    pub occurred_at: i64,
    /// Amount (positive = purchase).
    pub amount: Money,
    /// Merchant name.
    pub merchant: String,
    /// Merchant category.
    pub category: Category,
    /// How it was paid.
    pub channel: TxChannel,
    /// Converted to an installment plan.
    pub installment: bool,
}
