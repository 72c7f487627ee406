//! The signed-in cardholder's own data.

use crm_api::Page;
use crm_api::cards::{CardView, PointsSummary, TransactionView};

use super::ApiError;

/// Own cards.
pub async fn cards() -> Result<Vec<CardView>, ApiError> {
    super::get("/api/v1/me/cards").await
}

/// Own transactions.
pub async fn transactions(page: u32, per_page: u32) -> Result<Page<TransactionView>, ApiError> {
    super::get(&format!(
        "/api/v1/me/transactions?page={page}&per_page={per_page}"
    ))
    .await
}

/// Own points balance.
pub async fn points() -> Result<PointsSummary, ApiError> {
    super::get("/api/v1/me/points").await
}
