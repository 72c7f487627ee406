//! Service tickets.

use crm_api::Page;
use crm_api::query::{PageQuery, TicketListQuery, url};
use crm_api::tickets::{
    Assignment, CommentInput, StatusChange, TicketDetail, TicketInput, TicketView,
};

use super::ApiError;

/// `mine`, `team` or `all` (open ones unless `all_statuses`).
pub async fn list(view: &str, all_statuses: bool, page: u32) -> Result<Page<TicketView>, ApiError> {
    let query = TicketListQuery {
        view: Some(view.to_owned()),
        all_statuses: all_statuses.then_some(true),
        page: Some(page),
        ..TicketListQuery::default()
    };
    super::get(&url("/api/v1/tickets", &query)).await
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
    super::get(&url(
        &format!("/api/v1/customers/{id}/tickets"),
        &PageQuery::page(page),
    ))
    .await
}

/// What a card action did.
#[derive(Clone, Debug, serde::Deserialize)]
pub struct ActionDone {
    /// The card acted on (a replacement: the new card).
    pub card_id: i64,
    /// The ticket a portal lost-card report opened.
    pub ticket_id: Option<i64>,
}

/// `lock`, `unlock`, `report-lost` or `replace` a card, noted on `ticket`.
pub async fn card_action(
    card: i64,
    action: &str,
    ticket: Option<i64>,
) -> Result<ActionDone, ApiError> {
    super::post(
        &format!("/api/v1/cards/{card}/{action}"),
        &serde_json::json!({ "ticket_id": ticket }),
    )
    .await
}

/// What a goodwill adjustment did: the balance after it, or — above
/// [`crm_api::approvals::POINTS_APPROVAL_THRESHOLD`] — the request a manager
/// must approve first (the balance is then unchanged).
#[derive(Clone, Debug, serde::Deserialize)]
pub struct PointsBalance {
    /// Points balance.
    pub balance: i64,
    /// The request for approval (202), when the adjustment was not posted.
    #[serde(default)]
    pub pending_request_id: Option<i64>,
}

/// A goodwill points adjustment, noted on `ticket`; `key` makes a retry
/// harmless. Large ones come back with `pending_request_id` instead of posting.
pub async fn adjust_points(
    customer: i64,
    points: i64,
    reason: &str,
    ticket: Option<i64>,
    key: &str,
) -> Result<PointsBalance, ApiError> {
    super::post_keyed(
        &format!("/api/v1/customers/{customer}/points-adjustments"),
        &serde_json::json!({ "points": points, "reason": reason, "ticket_id": ticket }),
        key,
    )
    .await
}
