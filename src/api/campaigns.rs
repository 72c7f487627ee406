//! Campaigns.

use crm_api::Page;
use crm_api::campaigns::{
    CampaignDraft, CampaignResults, CampaignStatus, CampaignUpdate, CampaignView, CustomerCampaign,
    Decision, DeliveryView, MessagePreview, Transition,
};
use crm_api::query::{CampaignListQuery, DeliveryListQuery, url};

use super::ApiError;

/// Campaigns, optionally of one status.
pub async fn list(status: Option<CampaignStatus>) -> Result<Vec<CampaignView>, ApiError> {
    super::get(&url("/api/v1/campaigns", &CampaignListQuery { status })).await
}

/// One campaign.
pub async fn get(id: i64) -> Result<CampaignView, ApiError> {
    super::get(&format!("/api/v1/campaigns/{id}")).await
}

/// Starts a draft.
pub async fn create(draft: &CampaignDraft) -> Result<CampaignView, ApiError> {
    super::post("/api/v1/campaigns", draft).await
}

/// Saves a draft.
pub async fn update(id: i64, update: &CampaignUpdate) -> Result<CampaignView, ApiError> {
    super::patch(&format!("/api/v1/campaigns/{id}"), update).await
}

/// `submit`, `launch` or `cancel`.
pub async fn transition(id: i64, action: &str, version: i64) -> Result<CampaignView, ApiError> {
    super::post(
        &format!("/api/v1/campaigns/{id}/{action}"),
        &Transition { version },
    )
    .await
}

/// `approve` or `reject` with a comment.
pub async fn decide(id: i64, action: &str, decision: &Decision) -> Result<CampaignView, ApiError> {
    super::post(&format!("/api/v1/campaigns/{id}/{action}"), decision).await
}

/// A message preview for a real customer of the audience.
pub async fn preview(id: i64) -> Result<MessagePreview, ApiError> {
    super::get(&format!("/api/v1/campaigns/{id}/preview")).await
}

/// Results against the holdout.
pub async fn results(id: i64) -> Result<CampaignResults, ApiError> {
    super::get(&format!("/api/v1/campaigns/{id}/results")).await
}

/// The contact list.
pub async fn deliveries(id: i64, page: u32) -> Result<Page<DeliveryView>, ApiError> {
    let query = DeliveryListQuery {
        page: Some(page),
        ..DeliveryListQuery::default()
    };
    super::get(&url(&format!("/api/v1/campaigns/{id}/deliveries"), &query)).await
}

/// A customer's campaigns.
pub async fn of_customer(customer_id: i64) -> Result<Vec<CustomerCampaign>, ApiError> {
    super::get(&format!("/api/v1/customers/{customer_id}/campaigns")).await
}
