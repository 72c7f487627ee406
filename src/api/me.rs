//! The signed-in cardholder's own data.

use crm_api::Page;
use crm_api::cards::{CardView, PointsSummary, TransactionView};
use crm_api::surveys::{SurveyInvitationView, SurveyResponseInput, SurveyResponseView};
use crm_api::tickets::{CommentInput, TicketDetail, TicketInput, TicketView};

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

/// Open survey invitations.
pub async fn surveys() -> Result<Vec<SurveyInvitationView>, ApiError> {
    super::get("/api/v1/me/surveys").await
}

/// Answers a survey; `key` makes a retry harmless.
pub async fn answer_survey(
    body: &SurveyResponseInput,
    key: &str,
) -> Result<SurveyResponseView, ApiError> {
    super::post_keyed("/api/v1/me/survey-responses", body, key).await
}

/// Own service requests.
pub async fn tickets(page: u32) -> Result<Page<TicketView>, ApiError> {
    super::get(&format!("/api/v1/me/tickets?page={page}")).await
}

/// Opens a request.
pub async fn open_ticket(input: &TicketInput) -> Result<TicketDetail, ApiError> {
    super::post("/api/v1/me/tickets", input).await
}

/// One own request with the replies.
pub async fn ticket(id: i64) -> Result<TicketDetail, ApiError> {
    super::get(&format!("/api/v1/me/tickets/{id}")).await
}

/// Replies to an own request.
pub async fn reply(id: i64, body: &CommentInput) -> Result<TicketDetail, ApiError> {
    super::post(&format!("/api/v1/me/tickets/{id}/replies"), body).await
}

/// `lock`, `unlock` or `report-lost` one of the cardholder's cards.
pub async fn card_action(card: i64, action: &str) -> Result<super::tickets::ActionDone, ApiError> {
    super::post(
        &format!("/api/v1/me/cards/{card}/{action}"),
        &serde_json::json!({}),
    )
    .await
}

/// Redeems a reward; `key` makes a retry harmless.
pub async fn redeem(
    input: &crm_api::rewards::RedeemInput,
    key: &str,
) -> Result<crm_api::rewards::Redemption, ApiError> {
    super::post_keyed("/api/v1/me/redemptions", input, key).await
}

/// Own marketing consent.
pub async fn consent() -> Result<crm_api::customers::ConsentView, ApiError> {
    super::get("/api/v1/me/consent").await
}

/// Changes own marketing consent at the version read.
pub async fn set_consent(
    view: &crm_api::customers::ConsentView,
) -> Result<crm_api::customers::ConsentView, ApiError> {
    super::put("/api/v1/me/consent", view).await
}
