//! Maker–checker for large goodwill points adjustments: the managers'
//! queue and their decisions.

use crm_api::Page;
use crm_api::approvals::{
    ApprovalDecision, ApprovalListQuery, ApprovalStatus, PointsAdjustmentRequest,
};
use crm_api::query::url;

use super::ApiError;

/// A page of requests in `status` (pending: oldest first), for the manager's customers.
pub async fn list(
    status: ApprovalStatus,
    page: u32,
) -> Result<Page<PointsAdjustmentRequest>, ApiError> {
    let query = ApprovalListQuery {
        status: Some(status),
        page: Some(page),
        per_page: None,
    };
    super::get(&url("/api/v1/points-adjustments", &query)).await
}

/// How many requests wait for a decision (one row is fetched, `total` read).
pub async fn pending_count() -> Result<i64, ApiError> {
    let query = ApprovalListQuery {
        status: Some(ApprovalStatus::Pending),
        page: Some(1),
        per_page: Some(1),
    };
    let page: Page<PointsAdjustmentRequest> =
        super::get(&url("/api/v1/points-adjustments", &query)).await?;
    Ok(page.total)
}

/// Approves request `id` (read at `decision.version`): the points are posted.
pub async fn approve(
    id: i64,
    decision: &ApprovalDecision,
) -> Result<PointsAdjustmentRequest, ApiError> {
    super::post(
        &format!("/api/v1/points-adjustments/{id}/approve"),
        decision,
    )
    .await
}

/// Rejects request `id` with the comment of `decision`; nothing is posted.
pub async fn reject(
    id: i64,
    decision: &ApprovalDecision,
) -> Result<PointsAdjustmentRequest, ApiError> {
    super::post(&format!("/api/v1/points-adjustments/{id}/reject"), decision).await
}
