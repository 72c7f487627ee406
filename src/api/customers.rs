//! Customer search and 360.

use crm_api::Page;
use crm_api::cards::TransactionView;
use crm_api::customers::{Customer360, CustomerSummary};
use crm_api::query::{PageQuery, url};

use super::ApiError;

/// Searches customers; `query` is the query string built by `SearchFilters::to_query`.
pub async fn search(query: &str) -> Result<Page<CustomerSummary>, ApiError> {
    super::get(&format!("/api/v1/customers?{query}")).await
}

/// The 360 of one customer.
pub async fn get(id: i64) -> Result<Customer360, ApiError> {
    super::get(&format!("/api/v1/customers/{id}")).await
}

/// The 360 of `id` when there is one to show; `None` without an id.
pub async fn get_if(id: Option<i64>) -> Option<Result<Customer360, ApiError>> {
    match id {
        Some(id) => Some(get(id).await),
        None => None,
    }
}

/// The URL of a paged part of customer `id`'s 360.
fn part(id: i64, what: &str, page: PageQuery) -> String {
    url(&format!("/api/v1/customers/{id}/{what}"), &page)
}

/// A customer's transactions, newest first.
pub async fn transactions(id: i64, page: u32) -> Result<Page<TransactionView>, ApiError> {
    super::get(&part(id, "transactions", PageQuery::page(page))).await
}

/// Statements, newest first.
pub async fn statements(
    id: i64,
    page: u32,
) -> Result<Page<crm_api::history::StatementView>, ApiError> {
    super::get(&part(id, "statements", PageQuery::sized(page, 12))).await
}

/// Payments, newest first.
pub async fn payments(id: i64, page: u32) -> Result<Page<crm_api::history::PaymentView>, ApiError> {
    super::get(&part(id, "payments", PageQuery::sized(page, 12))).await
}

/// Points overview with a ledger page.
pub async fn points(id: i64, page: u32) -> Result<crm_api::history::PointsOverview, ApiError> {
    super::get(&part(id, "points", PageQuery::sized(page, 15))).await
}

/// Installment purchases.
pub async fn installments(id: i64, page: u32) -> Result<Page<TransactionView>, ApiError> {
    super::get(&part(id, "installments", PageQuery::page(page))).await
}

/// Service interactions, newest first.
pub async fn interactions(
    id: i64,
    page: u32,
) -> Result<Page<crm_api::history::InteractionView>, ApiError> {
    super::get(&part(id, "interactions", PageQuery::page(page))).await
}

/// Survey responses, newest first.
pub async fn surveys(id: i64, page: u32) -> Result<Page<crm_api::history::SurveyView>, ApiError> {
    super::get(&part(id, "surveys", PageQuery::page(page))).await
}

/// Reveals the full national ID (managers, with a reason; audited).
pub async fn reveal_national_id(
    id: i64,
    reason: &str,
) -> Result<crm_api::history::RevealedId, ApiError> {
    let body = crm_api::history::RevealRequest {
        reason: reason.to_owned(),
    };
    super::post(&format!("/api/v1/customers/{id}/national-id"), &body).await
}
