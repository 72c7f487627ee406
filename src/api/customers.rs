//! Customer search and 360.

use crm_api::Page;
use crm_api::cards::TransactionView;
use crm_api::customers::{Customer360, CustomerSummary};

use super::{ApiError, encode};

/// Searches customers.
pub async fn search(q: &str, page: u32) -> Result<Page<CustomerSummary>, ApiError> {
    super::get(&format!("/api/v1/customers?q={}&page={page}", encode(q))).await
}

/// The 360 of one customer.
pub async fn get(id: i64) -> Result<Customer360, ApiError> {
    super::get(&format!("/api/v1/customers/{id}")).await
}

/// A customer's transactions, newest first.
pub async fn transactions(id: i64, page: u32) -> Result<Page<TransactionView>, ApiError> {
    super::get(&format!("/api/v1/customers/{id}/transactions?page={page}")).await
}
