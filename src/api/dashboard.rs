//! Manager dashboards, comments, drill-downs and detractor follow-ups.

use crm_api::Page;
use crm_api::dashboard::{
    CardsView, CommentRow, DashboardFilter, DrillRow, SatisfactionView, ServiceView,
};
use crm_api::surveys::{FollowUpClose, FollowUpView};

use super::{ApiError, encode};

fn with(filter: &DashboardFilter, extra: &[(&str, String)]) -> String {
    let mut q = filter.query_string();
    for (k, v) in extra {
        if v.is_empty() {
            continue;
        }
        if !q.is_empty() {
            q.push('&');
        }
        q.push_str(&format!("{k}={}", encode(v)));
    }
    if q.is_empty() { q } else { format!("?{q}") }
}

/// Satisfaction widgets.
pub async fn satisfaction(filter: &DashboardFilter) -> Result<SatisfactionView, ApiError> {
    super::get(&format!(
        "/api/v1/dashboard/satisfaction{}",
        with(filter, &[])
    ))
    .await
}

/// Card-business widgets.
pub async fn cards(filter: &DashboardFilter) -> Result<CardsView, ApiError> {
    super::get(&format!("/api/v1/dashboard/cards{}", with(filter, &[]))).await
}

/// Service widgets.
pub async fn service(filter: &DashboardFilter) -> Result<ServiceView, ApiError> {
    super::get(&format!("/api/v1/dashboard/service{}", with(filter, &[]))).await
}

/// Survey comments.
pub async fn comments(
    filter: &DashboardFilter,
    q: &str,
    topic: &str,
    detractors: bool,
    page: u32,
) -> Result<Page<CommentRow>, ApiError> {
    let extra = [
        ("q", q.to_owned()),
        ("topic", topic.to_owned()),
        (
            "detractors",
            if detractors {
                "true".into()
            } else {
                String::new()
            },
        ),
        ("page", page.to_string()),
    ];
    super::get(&format!(
        "/api/v1/dashboard/comments{}",
        with(filter, &extra)
    ))
    .await
}

/// The customers behind a number.
pub async fn drill(
    filter: &DashboardFilter,
    metric: &str,
    dim: &str,
    key: &str,
    page: u32,
) -> Result<Page<DrillRow>, ApiError> {
    let extra = [
        ("metric", metric.to_owned()),
        ("dim", dim.to_owned()),
        ("key", key.to_owned()),
        ("page", page.to_string()),
    ];
    super::get(&format!("/api/v1/dashboard/drill{}", with(filter, &extra))).await
}

/// Follow-up tasks: `open`, `overdue` or `done`.
pub async fn follow_ups(status: &str, page: u32) -> Result<Page<FollowUpView>, ApiError> {
    super::get(&format!("/api/v1/follow-ups?status={status}&page={page}")).await
}

/// Marks a follow-up done.
pub async fn close_follow_up(id: i64, body: &FollowUpClose) -> Result<FollowUpView, ApiError> {
    super::post(&format!("/api/v1/follow-ups/{id}/close"), body).await
}

/// Records a dashboard table's CSV download in the audit log.
pub async fn log_export(input: &crm_api::dashboard::DashboardExport) -> Result<(), ApiError> {
    super::post_quiet("/api/v1/dashboard/exports", input).await
}
