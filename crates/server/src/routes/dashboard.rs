//! Manager dashboards. Every widget reads the rollup tables; comments and
//! drill-downs read raw rows a page at a time.

use axum::extract::State;
use crm_api::Page;
use crm_api::dashboard::DashboardFilter;
use crm_api::dashboard::{
    CardsView, CommentRow, DrillMetric, DrillRow, SatisfactionView, ServiceView,
};
use crm_api::query::DashQuery;
use crm_api::surveys::Topic;
use crm_api::validate::{Errors, Problem};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::dashboard::queries::{self, CommentQuery, DrillQuery};
use crate::domain::scope::Scope;
use crate::domain::time;
use crate::domain::time::now;
use crate::error::{AppError, AppResult};
use crate::extract::{Auth, Json, Managers, Query};

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(satisfaction))
        .routes(routes!(cards))
        .routes(routes!(service))
        .routes(routes!(comments))
        .routes(routes!(drill))
        .routes(routes!(log_export))
}

/// The filter confined to the manager's region: a regional manager's
/// figures are their province's (asking for another province is a 422 on
/// `province`); head office sees every province. Rollups are kept per
/// province, so a scope narrower than a province has no dashboard (403).
fn in_region(scope: &Scope, mut filter: DashboardFilter) -> AppResult<DashboardFilter> {
    match scope {
        Scope::All => Ok(filter),
        Scope::Region { province, .. } => {
            if filter.province.as_ref().is_some_and(|p| p != province) {
                let mut e = Errors::default();
                e.add("province", Problem::NotAllowed);
                return Err(AppError::Validation(e));
            }
            filter.province = Some(province.clone());
            Ok(filter)
        }
        Scope::Branch(_) | Scope::Nothing => Err(AppError::Forbidden),
    }
}

/// Records that a dashboard table was downloaded as CSV (the browser builds
/// the file from the aggregates on screen: no customer data is in it).
#[utoipa::path(post, path = "/api/v1/dashboard/exports", tag = "dashboard",
    request_body = crm_api::dashboard::DashboardExport,
    responses((status = 204), (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn log_export(
    State(state): State<AppState>,
    auth: Auth<Managers>,
    Json(input): Json<crm_api::dashboard::DashboardExport>,
) -> AppResult<axum::http::StatusCode> {
    input.validate().map_err(AppError::Validation)?;
    crate::db::customers::audit(
        &state.db,
        auth.user.id,
        "export.dashboard",
        None,
        &format!("{}: {} rows", input.file, input.rows),
    )
    .await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// NPS, CSAT and their breakdowns, complaint topics and follow-up counts.
#[utoipa::path(get, path = "/api/v1/dashboard/satisfaction", tag = "dashboard", params(DashQuery),
    responses((status = 200, body = SatisfactionView), (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn satisfaction(
    State(state): State<AppState>,
    auth: Auth<Managers>,
    Query(q): Query<DashQuery>,
) -> AppResult<Json<SatisfactionView>> {
    let today = time::local_date(now());
    let filter = in_region(&auth.scope, q.filter())?;
    Ok(Json(
        queries::satisfaction(&state.db, &filter, &auth.scope, today).await?,
    ))
}

/// Card-business KPIs by month, province and product, and campaign results.
#[utoipa::path(get, path = "/api/v1/dashboard/cards", tag = "dashboard", params(DashQuery),
    responses((status = 200, body = CardsView), (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn cards(
    State(state): State<AppState>,
    auth: Auth<Managers>,
    Query(q): Query<DashQuery>,
) -> AppResult<Json<CardsView>> {
    let today = time::local_date(now());
    let filter = in_region(&auth.scope, q.filter())?;
    Ok(Json(
        queries::cards(&state.db, &filter, &auth.scope, today).await?,
    ))
}

/// Interactions by channel and month; first-response and resolution times against SLA.
#[utoipa::path(get, path = "/api/v1/dashboard/service", tag = "dashboard", params(DashQuery),
    responses((status = 200, body = ServiceView), (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn service(
    State(state): State<AppState>,
    auth: Auth<Managers>,
    Query(q): Query<DashQuery>,
) -> AppResult<Json<ServiceView>> {
    let today = time::local_date(now());
    let filter = in_region(&auth.scope, q.filter())?;
    Ok(Json(queries::service(&state.db, &filter, today).await?))
}

/// Survey comments with their scores, newest first, searchable.
#[utoipa::path(get, path = "/api/v1/dashboard/comments", tag = "dashboard", params(DashQuery),
    responses((status = 200, body = Page<CommentRow>), (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn comments(
    State(state): State<AppState>,
    auth: Auth<Managers>,
    Query(q): Query<DashQuery>,
) -> AppResult<Json<Page<CommentRow>>> {
    let topic = match q.topic.as_deref().filter(|t| !t.is_empty()) {
        None => None,
        Some(t) => Some(Topic::parse(t).ok_or_else(|| {
            let mut e = Errors::default();
            e.add("topic", Problem::NotAllowed);
            AppError::Validation(e)
        })?),
    };
    let cq = CommentQuery {
        q: q.q.clone(),
        topic,
        detractors: q.detractors.unwrap_or(false),
        page: q.page.unwrap_or(1),
        per_page: q.per_page.unwrap_or(20),
    };
    let today = time::local_date(now());
    Ok(Json(
        queries::comments(
            &state.db,
            &in_region(&auth.scope, q.filter())?,
            &auth.scope,
            &cq,
            today,
        )
        .await?,
    ))
}

/// The customers behind a number: a metric, optionally one bar of a breakdown.
#[utoipa::path(get, path = "/api/v1/dashboard/drill", tag = "dashboard", params(DashQuery),
    responses((status = 200, body = Page<DrillRow>), (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn drill(
    State(state): State<AppState>,
    auth: Auth<Managers>,
    Query(q): Query<DashQuery>,
) -> AppResult<Json<Page<DrillRow>>> {
    let Some(metric) = q.metric.as_deref().and_then(DrillMetric::parse) else {
        let mut e = Errors::default();
        e.add(
            "metric",
            if q.metric.is_none() {
                Problem::Required
            } else {
                Problem::NotAllowed
            },
        );
        return Err(AppError::Validation(e));
    };
    let dq = DrillQuery {
        metric,
        dim: q.dim.clone(),
        key: q.key.clone(),
        page: q.page.unwrap_or(1),
        per_page: q.per_page.unwrap_or(20),
    };
    let today = time::local_date(now());
    Ok(Json(
        queries::drill(
            &state.db,
            &in_region(&auth.scope, q.filter())?,
            &auth.scope,
            &dq,
            today,
        )
        .await?,
    ))
}
