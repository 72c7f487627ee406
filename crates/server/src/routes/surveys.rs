//! Survey answers (from staff systems and from the cardholder portal) and the
//! follow-up tasks detractor answers open.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use crm_api::Page;
use crm_api::query::FollowUpListQuery;
use crm_api::surveys::{
    FollowUpClose, FollowUpView, Question, SurveyInvitationView, SurveyKind, SurveyResponseInput,
    SurveyResponseView,
};
use crm_api::validate::{Errors, Problem};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::db::surveys::{self as store, FollowUpFilter};
use crate::domain::time::now;
use crate::error::{AppError, AppResult};
use crate::extract::{AnyRole, Auth, Cardholders, Json, Query, ServiceStaff};

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_surveys))
        .routes(routes!(submit_response))
        .routes(routes!(submit_my_response))
        .routes(routes!(list_my_surveys))
        .routes(routes!(list_follow_ups))
        .routes(routes!(close_follow_up))
}

/// A survey definition.
#[derive(Debug, Serialize, ToSchema)]
pub struct SurveyDefinition {
    /// Kind.
    pub kind: SurveyKind,
    /// Questions in order; the first is required.
    pub questions: Vec<Question>,
    /// When it is sent.
    pub trigger: &'static str,
}

/// The survey definitions.
#[utoipa::path(get, path = "/api/v1/surveys", tag = "surveys",
    responses((status = 200, body = Vec<SurveyDefinition>)))]
pub async fn list_surveys(_auth: Auth<AnyRole>) -> Json<Vec<SurveyDefinition>> {
    Json(
        SurveyKind::ALL
            .iter()
            .map(|k| SurveyDefinition {
                kind: *k,
                questions: k.questions().to_vec(),
                trigger: match k {
                    SurveyKind::ServiceCsat => "service_interaction_closed",
                    SurveyKind::CampaignCsat => "campaign_response",
                    SurveyKind::Relationship => "periodic",
                },
            })
            .collect(),
    )
}

/// Records a customer's answer (needs an `Idempotency-Key` header: a retry
/// with the same key returns the stored answer with 200 and changes nothing).
/// A detractor answer (NPS 0–6 or CSAT 1–2) opens a follow-up task for the
/// customer's branch.
#[utoipa::path(post, path = "/api/v1/survey-responses", tag = "surveys",
    request_body = SurveyResponseInput,
    params(("Idempotency-Key" = String, Header, description = "Unique per answer")),
    responses((status = 201, body = SurveyResponseView), (status = 200, body = SurveyResponseView),
              (status = 404, body = crm_api::ApiErrorBody), (status = 409, body = crm_api::ApiErrorBody),
              (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn submit_response(
    State(state): State<AppState>,
    auth: Auth<ServiceStaff>,
    headers: HeaderMap,
    Json(input): Json<SurveyResponseInput>,
) -> AppResult<(StatusCode, Json<SurveyResponseView>)> {
    input.validate(true)?;
    let key = crate::extract::idempotency_key(&headers)?;
    let customer = input.customer_id.unwrap_or_default();
    auth.check_customer(&state.db, customer).await?;
    submit(&state, customer, &input, &key).await
}

/// Stores the answer once per idempotency key: 201 when new, 200 with the
/// stored answer on a repeat.
async fn submit(
    state: &AppState,
    customer: i64,
    input: &SurveyResponseInput,
    key: &str,
) -> AppResult<(StatusCode, Json<SurveyResponseView>)> {
    let (view, created) = store::submit(&state.db, customer, input, key, now()).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(view)))
}

/// The signed-in cardholder answers a survey (their own customer, whatever the body says).
#[utoipa::path(post, path = "/api/v1/me/survey-responses", tag = "me",
    request_body = SurveyResponseInput,
    params(("Idempotency-Key" = String, Header, description = "Unique per answer")),
    responses((status = 201, body = SurveyResponseView), (status = 200, body = SurveyResponseView),
              (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn submit_my_response(
    State(state): State<AppState>,
    auth: Auth<Cardholders>,
    headers: HeaderMap,
    Json(mut input): Json<SurveyResponseInput>,
) -> AppResult<(StatusCode, Json<SurveyResponseView>)> {
    let customer = auth.own_customer_id()?;
    input.customer_id = Some(customer);
    input.validate(false)?;
    let key = crate::extract::idempotency_key(&headers)?;
    submit(&state, customer, &input, &key).await
}

/// The signed-in cardholder's open survey invitations, newest first.
#[utoipa::path(get, path = "/api/v1/me/surveys", tag = "me",
    responses((status = 200, body = Vec<SurveyInvitationView>)))]
pub async fn list_my_surveys(
    State(state): State<AppState>,
    auth: Auth<Cardholders>,
) -> AppResult<Json<Vec<SurveyInvitationView>>> {
    Ok(Json(
        store::open_invitations(&state.db, auth.own_customer_id()?, now()).await?,
    ))
}

/// Detractor follow-up tasks (open ones due first).
#[utoipa::path(get, path = "/api/v1/follow-ups", tag = "surveys", params(FollowUpListQuery),
    responses((status = 200, body = Page<FollowUpView>), (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn list_follow_ups(
    State(state): State<AppState>,
    auth: Auth<ServiceStaff>,
    Query(q): Query<FollowUpListQuery>,
) -> AppResult<Json<Page<FollowUpView>>> {
    let filter = match q.status.as_deref() {
        None | Some("" | "open") => FollowUpFilter::Open,
        Some("overdue") => FollowUpFilter::Overdue,
        Some("done") => FollowUpFilter::Done,
        Some(_) => {
            let mut e = Errors::default();
            e.add("status", Problem::NotAllowed);
            return Err(AppError::Validation(e));
        }
    };
    Ok(Json(
        store::follow_ups(
            &state.db,
            filter,
            &auth.scope,
            q.branch_id,
            q.page.unwrap_or(1),
            q.per_page.unwrap_or(20),
            now(),
        )
        .await?,
    ))
}

/// Marks a follow-up done with a note (412 when the version is stale, 409 when already done).
#[utoipa::path(post, path = "/api/v1/follow-ups/{id}/close", tag = "surveys",
    params(("id" = i64, Path, description = "Task id")), request_body = FollowUpClose,
    responses((status = 200, body = FollowUpView), (status = 404, body = crm_api::ApiErrorBody),
              (status = 409, body = crm_api::ApiErrorBody), (status = 412, body = crm_api::ApiErrorBody),
              (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn close_follow_up(
    State(state): State<AppState>,
    auth: Auth<ServiceStaff>,
    Path(id): Path<i64>,
    Json(body): Json<FollowUpClose>,
) -> AppResult<Json<FollowUpView>> {
    body.validate()?;
    crate::db::scope::require_follow_up(&state.db, &auth.scope, id).await?;
    Ok(Json(
        store::close_follow_up(&state.db, id, body.version, &body.note, auth.user.id, now())
            .await?,
    ))
}
