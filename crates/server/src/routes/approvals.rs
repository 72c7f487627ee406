//! Maker–checker: managers approve or reject large points adjustments that
//! someone else asked for.

use axum::extract::{Path, State};
use crm_api::Page;
use crm_api::approvals::{
    ApprovalDecision, ApprovalListQuery, ApprovalStatus, PointsAdjustmentRequest,
};
use crm_api::validate::{Errors, Problem};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::db::points_approvals as store;
use crate::domain::time::now;
use crate::error::{AppError, AppResult};
use crate::extract::{Auth, Json, Managers, Query};

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_requests))
        .routes(routes!(approve_request))
        .routes(routes!(reject_request))
}

/// Large points adjustments by status (pending: the approval queue, oldest
/// first), for the manager's customers.
#[utoipa::path(get, path = "/api/v1/points-adjustments", tag = "cards", params(ApprovalListQuery),
    responses((status = 200, body = Page<PointsAdjustmentRequest>), (status = 401, body = crm_api::ApiErrorBody),
              (status = 403, body = crm_api::ApiErrorBody), (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn list_requests(
    State(state): State<AppState>,
    auth: Auth<Managers>,
    Query(q): Query<ApprovalListQuery>,
) -> AppResult<Json<Page<PointsAdjustmentRequest>>> {
    let mut e = Errors::default();
    let page = q.page.unwrap_or(1);
    let per_page = q.per_page.unwrap_or(20);
    e.range("page", i64::from(page), 1, 100_000);
    e.range("per_page", i64::from(per_page), 1, 100);
    e.into_result()?;
    let status = q.status.unwrap_or(ApprovalStatus::Pending);
    Ok(Json(
        store::list(&state.db, &auth.scope, status, page, per_page).await?,
    ))
}

/// Approves a pending request (not one's own: 403): the points are posted
/// in the same transaction (422 if the balance would go below zero).
#[utoipa::path(post, path = "/api/v1/points-adjustments/{id}/approve", tag = "cards",
    params(("id" = i64, Path, description = "Request id")), request_body = ApprovalDecision,
    responses((status = 200, body = PointsAdjustmentRequest), (status = 403, body = crm_api::ApiErrorBody),
              (status = 404, body = crm_api::ApiErrorBody), (status = 409, body = crm_api::ApiErrorBody),
              (status = 412, body = crm_api::ApiErrorBody), (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn approve_request(
    State(state): State<AppState>,
    auth: Auth<Managers>,
    Path(id): Path<i64>,
    Json(d): Json<ApprovalDecision>,
) -> AppResult<Json<PointsAdjustmentRequest>> {
    decide(&state, &auth, id, &d, true).await
}

/// Rejects a pending request with a comment; nothing is posted.
#[utoipa::path(post, path = "/api/v1/points-adjustments/{id}/reject", tag = "cards",
    params(("id" = i64, Path, description = "Request id")), request_body = ApprovalDecision,
    responses((status = 200, body = PointsAdjustmentRequest), (status = 403, body = crm_api::ApiErrorBody),
              (status = 404, body = crm_api::ApiErrorBody), (status = 409, body = crm_api::ApiErrorBody),
              (status = 412, body = crm_api::ApiErrorBody), (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn reject_request(
    State(state): State<AppState>,
    auth: Auth<Managers>,
    Path(id): Path<i64>,
    Json(d): Json<ApprovalDecision>,
) -> AppResult<Json<PointsAdjustmentRequest>> {
    decide(&state, &auth, id, &d, false).await
}

async fn decide(
    state: &AppState,
    auth: &Auth<Managers>,
    id: i64,
    d: &ApprovalDecision,
    approve: bool,
) -> AppResult<Json<PointsAdjustmentRequest>> {
    let mut e = Errors::default();
    if approve {
        if d.comment.chars().count() > 200 {
            e.add("comment", Problem::TooLong { max: 200 });
        }
    } else {
        e.text("comment", &d.comment, 200);
    }
    e.into_result()?;
    let decided = store::decide(
        &state.db,
        &auth.scope,
        (id, d.version),
        (approve, &d.comment),
        auth.user.id,
        now(),
    )
    .await
    .map_err(|err| match err {
        // the balance check of the posting names `points`
        AppError::Validation(_) if approve => {
            let mut e = Errors::default();
            e.add(
                "points",
                Problem::Format {
                    zh: "积分余额不足，无法扣减这么多。",
                    en: "The balance is too low to take back this many points.",
                },
            );
            AppError::Validation(e)
        }
        other => other,
    })?;
    Ok(Json(decided))
}
