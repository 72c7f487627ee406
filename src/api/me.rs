//! The signed-in cardholder's own data.

use crm_api::Page;
use crm_api::cards::{CardView, PointsSummary, TransactionView};
use crm_api::surveys::{SurveyInvitationView, SurveyResponseInput, SurveyResponseView};

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
