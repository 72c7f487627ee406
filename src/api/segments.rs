//! Segments and the live count.

use crm_api::segments::{CountRequest, CountResult, SegmentInput, SegmentSummary, SegmentView};

use super::ApiError;

/// All saved segments.
pub async fn list() -> Result<Vec<SegmentSummary>, ApiError> {
    super::get("/api/v1/segments").await
}

/// One segment.
pub async fn get(id: i64) -> Result<SegmentView, ApiError> {
    super::get(&format!("/api/v1/segments/{id}")).await
}

/// Live count of rules being edited.
pub async fn count(req: &CountRequest) -> Result<CountResult, ApiError> {
    super::post("/api/v1/segments/count", req).await
}

/// Saves a new segment.
pub async fn create(input: &SegmentInput) -> Result<SegmentView, ApiError> {
    super::post("/api/v1/segments", input).await
}

/// Updates a segment (optimistic concurrency through `input.version`).
pub async fn update(id: i64, input: &SegmentInput) -> Result<SegmentView, ApiError> {
    super::put(&format!("/api/v1/segments/{id}"), input).await
}

/// Deletes a segment.
pub async fn delete(id: i64) -> Result<(), ApiError> {
    super::delete(&format!("/api/v1/segments/{id}")).await
}

/// Copies a segment.
pub async fn duplicate(id: i64) -> Result<SegmentView, ApiError> {
    super::post(
        &format!("/api/v1/segments/{id}/duplicate"),
        &serde_json::json!({}),
    )
    .await
}

/// Size history.
pub async fn history(id: i64) -> Result<Vec<(i64, i64)>, ApiError> {
    super::get(&format!("/api/v1/segments/{id}/history")).await
}
