//! Segments: the builder's live count, and saved segments (marketers and managers).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use crm_api::segments::{CountRequest, CountResult, SegmentInput, SegmentSummary, SegmentView};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::db::segment_store as store;
use crate::domain::time::now;
use crate::error::{AppError, AppResult};
use crate::extract::{Auth, Json, Marketing};

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_segments, create_segment))
        .routes(routes!(count_segment))
        .routes(routes!(get_segment, update_segment, delete_segment))
        .routes(routes!(duplicate_segment))
        .routes(routes!(segment_history))
        .routes(routes!(export_members))
}

/// Counts the customers matching rules as they are being edited, with the
/// breakdown by product and province, reachability per channel, the overlap
/// with another saved segment, and a masked sample.
#[utoipa::path(post, path = "/api/v1/segments/count", tag = "segments", request_body = CountRequest,
    responses((status = 200, body = CountResult), (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn count_segment(
    State(state): State<AppState>,
    auth: Auth<Marketing>,
    Json(req): Json<CountRequest>,
) -> AppResult<Json<CountResult>> {
    req.rules.validate()?;
    let other = match req.compare_with {
        Some(id) => Some(store::get(&state.db, id).await?.rules),
        None => None,
    };
    Ok(Json(
        store::count(&state.db, &auth.scope, &req.rules, other.as_ref(), now()).await?,
    ))
}

/// All saved segments.
#[utoipa::path(get, path = "/api/v1/segments", tag = "segments",
    responses((status = 200, body = Vec<SegmentSummary>)))]
pub async fn list_segments(
    State(state): State<AppState>,
    _auth: Auth<Marketing>,
) -> AppResult<Json<Vec<SegmentSummary>>> {
    Ok(Json(store::list(&state.db).await?))
}

/// Saves a new segment (and records its size).
#[utoipa::path(post, path = "/api/v1/segments", tag = "segments", request_body = SegmentInput,
    responses((status = 201, body = SegmentView), (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn create_segment(
    State(state): State<AppState>,
    auth: Auth<Marketing>,
    Json(input): Json<SegmentInput>,
) -> AppResult<(StatusCode, Json<SegmentView>)> {
    input.validate()?;
    let t = now();
    let id = store::create(
        &state.db,
        Some(auth.user.id),
        &input.name,
        &input.description,
        &input.rules,
        false,
        t,
    )
    .await?;
    let size = store::size(&state.db, &input.rules, t).await?;
    store::record_size(&state.db, id, size, t).await?;
    Ok((StatusCode::CREATED, Json(store::get(&state.db, id).await?)))
}

/// One segment with its rules.
#[utoipa::path(get, path = "/api/v1/segments/{id}", tag = "segments",
    params(("id" = i64, Path, description = "Segment id")),
    responses((status = 200, body = SegmentView), (status = 404, body = crm_api::ApiErrorBody)))]
pub async fn get_segment(
    State(state): State<AppState>,
    _auth: Auth<Marketing>,
    Path(id): Path<i64>,
) -> AppResult<Json<SegmentView>> {
    Ok(Json(store::get(&state.db, id).await?))
}

/// Replaces a segment's name, description and rules; `version` must be the
/// one that was read (412 when someone saved in between).
#[utoipa::path(put, path = "/api/v1/segments/{id}", tag = "segments",
    params(("id" = i64, Path, description = "Segment id")), request_body = SegmentInput,
    responses((status = 200, body = SegmentView), (status = 404, body = crm_api::ApiErrorBody),
              (status = 412, body = crm_api::ApiErrorBody), (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn update_segment(
    State(state): State<AppState>,
    _auth: Auth<Marketing>,
    Path(id): Path<i64>,
    Json(input): Json<SegmentInput>,
) -> AppResult<Json<SegmentView>> {
    input.validate()?;
    let version = input.version.ok_or_else(|| {
        let mut e = crm_api::validate::Errors::default();
        e.add("version", crm_api::validate::Problem::Required);
        AppError::Validation(e)
    })?;
    let t = now();
    store::update(
        &state.db,
        id,
        version,
        &input.name,
        &input.description,
        &input.rules,
        t,
    )
    .await?;
    let size = store::size(&state.db, &input.rules, t).await?;
    store::record_size(&state.db, id, size, t).await?;
    Ok(Json(store::get(&state.db, id).await?))
}

/// Deletes a segment no campaign uses (409 otherwise).
#[utoipa::path(delete, path = "/api/v1/segments/{id}", tag = "segments",
    params(("id" = i64, Path, description = "Segment id")),
    responses((status = 204), (status = 404, body = crm_api::ApiErrorBody), (status = 409, body = crm_api::ApiErrorBody)))]
pub async fn delete_segment(
    State(state): State<AppState>,
    _auth: Auth<Marketing>,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    store::delete(&state.db, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Copies a segment ("… (copy)").
#[utoipa::path(post, path = "/api/v1/segments/{id}/duplicate", tag = "segments",
    params(("id" = i64, Path, description = "Segment id")),
    responses((status = 201, body = SegmentView), (status = 404, body = crm_api::ApiErrorBody)))]
pub async fn duplicate_segment(
    State(state): State<AppState>,
    auth: Auth<Marketing>,
    Path(id): Path<i64>,
) -> AppResult<(StatusCode, Json<SegmentView>)> {
    let original = store::get(&state.db, id).await?;
    let name: String = format!("{}（副本）", original.summary.name)
        .chars()
        .take(60)
        .collect();
    let t = now();
    let copy = store::create(
        &state.db,
        Some(auth.user.id),
        &name,
        &original.summary.description,
        &original.rules,
        false,
        t,
    )
    .await?;
    if let Some(size) = original.summary.last_size {
        store::record_size(&state.db, copy, size, t).await?;
    }
    Ok((
        StatusCode::CREATED,
        Json(store::get(&state.db, copy).await?),
    ))
}

/// Sizes over time, oldest first: `[unix seconds, customers]`.
#[utoipa::path(get, path = "/api/v1/segments/{id}/history", tag = "segments",
    params(("id" = i64, Path, description = "Segment id")),
    responses((status = 200, body = Vec<(i64, i64)>), (status = 404, body = crm_api::ApiErrorBody)))]
pub async fn segment_history(
    State(state): State<AppState>,
    _auth: Auth<Marketing>,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<(i64, i64)>>> {
    Ok(Json(store::history(&state.db, id).await?))
}

/// The segment's members as CSV (UTF-8 with BOM for Excel), masked: customer
/// number, name (surname only), masked mobile, province, city, RFM segment and
/// value tier. Streamed a page at a time (keyset on the customer id), never
/// buffered whole; the export is audit-logged with its size.
#[utoipa::path(get, path = "/api/v1/segments/{id}/members.csv", tag = "segments",
    params(("id" = i64, Path, description = "Segment id")),
    responses((status = 200, content_type = "text/csv", body = String), (status = 404, body = crm_api::ApiErrorBody)))]
pub async fn export_members(
    State(state): State<AppState>,
    auth: Auth<Marketing>,
    Path(id): Path<i64>,
) -> AppResult<axum::response::Response> {
    let segment = store::get(&state.db, id).await?;
    let t = now();
    let today = crate::domain::time::local_date(t);
    let size = crate::db::segments::count(&state.db, &auth.scope, &segment.rules, today, t).await?;
    crate::db::customers::audit(
        &state.db,
        auth.user.id,
        "export.segment",
        None,
        &format!(
            "segment {id}: {size} customers (scope {})",
            auth.scope.describe()
        ),
    )
    .await?;
    let db = state.db.clone();
    let scope = std::sync::Arc::new(auth.scope.clone());
    let rules = std::sync::Arc::new(segment.rules);
    Ok(crate::csv_stream::stream(
        &format!("segment-{id}.csv"),
        crate::csv_stream::MEMBER_CSV_HEADER,
        move |after| {
            let (db, rules, scope) = (db.clone(), rules.clone(), scope.clone());
            async move {
                let rows = crate::db::segments::member_page(
                    &db,
                    &scope,
                    &rules,
                    today,
                    t,
                    after,
                    crate::csv_stream::PAGE,
                )
                .await?;
                Ok(crate::csv_stream::member_lines(&rows))
            }
        },
    ))
}
