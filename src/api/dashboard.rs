//! Manager dashboards, comments, drill-downs and detractor follow-ups.

use crm_api::Page;
use crm_api::dashboard::{
    CardsView, CommentRow, DashboardFilter, DrillRow, SatisfactionView, ServiceView,
};
use crm_api::query::{DashQuery, FollowUpListQuery, url};
use crm_api::surveys::{FollowUpClose, FollowUpView};

use super::ApiError;

/// Satisfaction widgets.
pub async fn satisfaction(filter: &DashboardFilter) -> Result<SatisfactionView, ApiError> {
    super::get(&url(
        "/api/v1/dashboard/satisfaction",
        &DashQuery::of(filter),
    ))
    .await
}

/// Card-business widgets.
pub async fn cards(filter: &DashboardFilter) -> Result<CardsView, ApiError> {
    super::get(&url("/api/v1/dashboard/cards", &DashQuery::of(filter))).await
}

/// Service widgets.
pub async fn service(filter: &DashboardFilter) -> Result<ServiceView, ApiError> {
    super::get(&url("/api/v1/dashboard/service", &DashQuery::of(filter))).await
}

/// Survey comments.
pub async fn comments(
    filter: &DashboardFilter,
    q: &str,
    topic: &str,
    detractors: bool,
    page: u32,
) -> Result<Page<CommentRow>, ApiError> {
    let text = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
    let query = DashQuery {
        q: text(q),
        topic: text(topic),
        detractors: detractors.then_some(true),
        page: Some(page),
        ..DashQuery::of(filter)
    };
    super::get(&url("/api/v1/dashboard/comments", &query)).await
}

/// The customers behind a number.
pub async fn drill(
    filter: &DashboardFilter,
    metric: &str,
    dim: &str,
    key: &str,
    page: u32,
) -> Result<Page<DrillRow>, ApiError> {
    let text = |v: &str| Some(v.to_owned()).filter(|v| !v.is_empty());
    let query = DashQuery {
        metric: text(metric),
        dim: text(dim),
        key: text(key),
        page: Some(page),
        ..DashQuery::of(filter)
    };
    super::get(&url("/api/v1/dashboard/drill", &query)).await
}

/// Follow-up tasks: `open`, `overdue` or `done`.
pub async fn follow_ups(status: &str, page: u32) -> Result<Page<FollowUpView>, ApiError> {
    let query = FollowUpListQuery {
        status: Some(status.to_owned()),
        page: Some(page),
        ..FollowUpListQuery::default()
    };
    super::get(&url("/api/v1/follow-ups", &query)).await
}

/// Marks a follow-up done.
pub async fn close_follow_up(id: i64, body: &FollowUpClose) -> Result<FollowUpView, ApiError> {
    super::post(&format!("/api/v1/follow-ups/{id}/close"), body).await
}

/// Records a dashboard table's CSV download in the audit log.
pub async fn log_export(input: &crm_api::dashboard::DashboardExport) -> Result<(), ApiError> {
    super::post_quiet("/api/v1/dashboard/exports", input).await
}
