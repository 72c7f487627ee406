//! Service tickets.

use crm_api::Page;
use crm_api::tickets::{
    Assignment, CommentInput, StatusChange, TicketDetail, TicketInput, TicketView,
};

use super::ApiError;

/// `mine`, `team` or `all` (open ones unless `all_statuses`).
pub async fn list(view: &str, all_statuses: bool, page: u32) -> Result<Page<TicketView>, ApiError> {
    let all = if all_statuses {
        "&all_statuses=true"
    } else {
        ""
    };
    super::get(&format!("/api/v1/tickets?view={view}&page={page}{all}")).await
}

/// One ticket with its history.
pub async fn get(id: i64) -> Result<TicketDetail, ApiError> {
    super::get(&format!("/api/v1/tickets/{id}")).await
}

/// Opens a ticket.
pub async fn create(input: &TicketInput) -> Result<TicketDetail, ApiError> {
    super::post("/api/v1/tickets", input).await
}

/// Moves a ticket to another status.
pub async fn change_status(id: i64, change: &StatusChange) -> Result<TicketDetail, ApiError> {
    super::post(&format!("/api/v1/tickets/{id}/status"), change).await
}

/// Assigns a ticket.
pub async fn assign(id: i64, a: &Assignment) -> Result<TicketDetail, ApiError> {
    super::post(&format!("/api/v1/tickets/{id}/assign"), a).await
}

/// Adds a note or reply.
pub async fn comment(id: i64, c: &CommentInput) -> Result<TicketDetail, ApiError> {
    super::post(&format!("/api/v1/tickets/{id}/comments"), c).await
}

/// A customer's tickets.
pub async fn of_customer(id: i64, page: u32) -> Result<Page<TicketView>, ApiError> {
    super::get(&format!("/api/v1/customers/{id}/tickets?page={page}")).await
}
