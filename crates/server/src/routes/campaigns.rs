//! Campaigns: build (marketers), decide (managers, never on their own),
//! launch, send, measure, export.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use crm_api::Page;
use crm_api::campaigns::{
    CampaignDraft, CampaignResults, CampaignStatus, CampaignUpdate, CampaignView, Decision,
    DeliveryView, MessagePreview, Transition,
};
use crm_api::mask::{mask_mobile, mask_surname};
use crm_api::query::{CampaignListQuery, DeliveryListQuery, PageQuery, PreviewQuery};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::csv_stream::{download, field};
use crate::db::campaigns as store;
use crate::db::segment_store;
use crate::domain::campaigns::sms_parts;
use crate::domain::time::now;
use crate::error::{AppError, AppResult};
use crate::extract::{Auth, Json, Managers, Marketing, Query};
use crate::marketing::{attribution, results};

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_campaigns, create_campaign))
        .routes(routes!(get_campaign, update_campaign))
        .routes(routes!(submit_campaign))
        .routes(routes!(approve_campaign))
        .routes(routes!(reject_campaign))
        .routes(routes!(launch_campaign))
        .routes(routes!(cancel_campaign))
        .routes(routes!(preview_campaign))
        .routes(routes!(campaign_results))
        .routes(routes!(list_deliveries))
        .routes(routes!(export_results))
        .routes(routes!(export_contacts))
}

/// Campaigns, most recently changed first.
#[utoipa::path(get, path = "/api/v1/campaigns", tag = "campaigns", params(CampaignListQuery),
    responses((status = 200, body = Vec<CampaignView>)))]
pub async fn list_campaigns(
    State(state): State<AppState>,
    _auth: Auth<Marketing>,
    Query(q): Query<CampaignListQuery>,
) -> AppResult<Json<Vec<CampaignView>>> {
    Ok(Json(store::list(&state.db, q.status).await?))
}

/// Starts a draft (only the name is required; every step is savable).
#[utoipa::path(post, path = "/api/v1/campaigns", tag = "campaigns", request_body = CampaignDraft,
    responses((status = 201, body = CampaignView), (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn create_campaign(
    State(state): State<AppState>,
    auth: Auth<Marketing>,
    Json(draft): Json<CampaignDraft>,
) -> AppResult<(StatusCode, Json<CampaignView>)> {
    draft.validate_partial()?;
    if let Some(segment) = draft.segment_id {
        segment_store::get(&state.db, segment).await?;
    }
    let id = store::create(&state.db, auth.user.id, &draft, now()).await?;
    Ok((StatusCode::CREATED, Json(store::view(&state.db, id).await?)))
}

/// One campaign with its delivery counts.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}", tag = "campaigns",
    params(("id" = i64, Path, description = "Campaign id")),
    responses((status = 200, body = CampaignView), (status = 404, body = crm_api::ApiErrorBody)))]
pub async fn get_campaign(
    State(state): State<AppState>,
    _auth: Auth<Marketing>,
    Path(id): Path<i64>,
) -> AppResult<Json<CampaignView>> {
    Ok(Json(store::view(&state.db, id).await?))
}

/// Saves a draft or rejected campaign at the version it was read (412 when stale, 409 once submitted).
#[utoipa::path(patch, path = "/api/v1/campaigns/{id}", tag = "campaigns",
    params(("id" = i64, Path, description = "Campaign id")), request_body = CampaignUpdate,
    responses((status = 200, body = CampaignView), (status = 409, body = crm_api::ApiErrorBody),
              (status = 412, body = crm_api::ApiErrorBody), (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn update_campaign(
    State(state): State<AppState>,
    _auth: Auth<Marketing>,
    Path(id): Path<i64>,
    Json(update): Json<CampaignUpdate>,
) -> AppResult<Json<CampaignView>> {
    update.draft.validate_partial()?;
    if let Some(segment) = update.draft.segment_id {
        segment_store::get(&state.db, segment).await?;
    }
    store::update(&state.db, id, update.version, &update.draft, now()).await?;
    Ok(Json(store::view(&state.db, id).await?))
}

/// Submits a complete campaign for a manager's approval.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/submit", tag = "campaigns",
    params(("id" = i64, Path, description = "Campaign id")), request_body = Transition,
    responses((status = 200, body = CampaignView), (status = 409, body = crm_api::ApiErrorBody),
              (status = 412, body = crm_api::ApiErrorBody), (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn submit_campaign(
    State(state): State<AppState>,
    auth: Auth<Marketing>,
    Path(id): Path<i64>,
    Json(t): Json<Transition>,
) -> AppResult<Json<CampaignView>> {
    store::submit(&state.db, id, t.version, auth.user.id, now()).await?;
    Ok(Json(store::view(&state.db, id).await?))
}

/// A manager approves (maker–checker: not a campaign they created or submitted).
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/approve", tag = "campaigns",
    params(("id" = i64, Path, description = "Campaign id")), request_body = Decision,
    responses((status = 200, body = CampaignView), (status = 403, body = crm_api::ApiErrorBody),
              (status = 409, body = crm_api::ApiErrorBody), (status = 412, body = crm_api::ApiErrorBody)))]
pub async fn approve_campaign(
    State(state): State<AppState>,
    auth: Auth<Managers>,
    Path(id): Path<i64>,
    Json(d): Json<Decision>,
) -> AppResult<Json<CampaignView>> {
    decide(&state, &auth, id, &d, true).await
}

/// A manager rejects with a comment; the campaign becomes editable again.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/reject", tag = "campaigns",
    params(("id" = i64, Path, description = "Campaign id")), request_body = Decision,
    responses((status = 200, body = CampaignView), (status = 403, body = crm_api::ApiErrorBody),
              (status = 409, body = crm_api::ApiErrorBody), (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn reject_campaign(
    State(state): State<AppState>,
    auth: Auth<Managers>,
    Path(id): Path<i64>,
    Json(d): Json<Decision>,
) -> AppResult<Json<CampaignView>> {
    decide(&state, &auth, id, &d, false).await
}

/// Records a manager's decision on campaign `id` and answers its new view.
async fn decide(
    state: &AppState,
    auth: &Auth<Managers>,
    id: i64,
    d: &Decision,
    approve: bool,
) -> AppResult<Json<CampaignView>> {
    store::decide(
        &state.db,
        id,
        d.version,
        auth.user.id,
        approve,
        &d.comment,
        now(),
    )
    .await?;
    Ok(Json(store::view(&state.db, id).await?))
}

/// Launches an approved campaign: members, holdout and deliveries are written
/// in one transaction; the dispatcher sends from there.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/launch", tag = "campaigns",
    params(("id" = i64, Path, description = "Campaign id")), request_body = Transition,
    responses((status = 200, body = CampaignView), (status = 409, body = crm_api::ApiErrorBody),
              (status = 412, body = crm_api::ApiErrorBody)))]
pub async fn launch_campaign(
    State(state): State<AppState>,
    auth: Auth<Marketing>,
    Path(id): Path<i64>,
    Json(t): Json<Transition>,
) -> AppResult<Json<CampaignView>> {
    store::launch(&state.db, &auth.scope, auth.user.id, id, t.version, now()).await?;
    Ok(Json(store::view(&state.db, id).await?))
}

/// Cancels a campaign that has not been launched.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/cancel", tag = "campaigns",
    params(("id" = i64, Path, description = "Campaign id")), request_body = Transition,
    responses((status = 200, body = CampaignView), (status = 409, body = crm_api::ApiErrorBody)))]
pub async fn cancel_campaign(
    State(state): State<AppState>,
    auth: Auth<Marketing>,
    Path(id): Path<i64>,
    Json(t): Json<Transition>,
) -> AppResult<Json<CampaignView>> {
    store::cancel(&state.db, id, t.version, auth.user.id, now()).await?;
    Ok(Json(store::view(&state.db, id).await?))
}

/// The message as a real customer of the audience would get it, with its SMS length.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/preview", tag = "campaigns",
    params(("id" = i64, Path, description = "Campaign id"), PreviewQuery),
    responses((status = 200, body = MessagePreview), (status = 404, body = crm_api::ApiErrorBody)))]
pub async fn preview_campaign(
    State(state): State<AppState>,
    auth: Auth<Marketing>,
    Path(id): Path<i64>,
    Query(q): Query<PreviewQuery>,
) -> AppResult<Json<MessagePreview>> {
    let row = store::get_row(&state.db, id).await?;
    let customer_id = match q.customer_id {
        Some(c) => {
            auth.check_customer(&state.db, c).await?;
            c
        }
        None => {
            let segment =
                segment_store::get(&state.db, row.draft.segment_id.ok_or(AppError::NotFound)?)
                    .await?;
            let c = first_member(&state, &auth.scope, &segment.rules).await?;
            c.ok_or(AppError::NotFound)?
        }
    };
    let message = store::preview(&state.db, &row.draft, customer_id).await?;
    let customer_no = store::customer_no(&state.db, customer_id).await?;
    let (chars, parts) = sms_parts(&message);
    Ok(Json(MessagePreview {
        customer_id,
        customer_no,
        message,
        chars,
        sms_parts: parts,
    }))
}

/// The first customer in `scope` of the audience `rules`, if any.
async fn first_member(
    state: &AppState,
    scope: &crate::domain::scope::Scope,
    rules: &crm_api::segments::Rule,
) -> AppResult<Option<i64>> {
    Ok(segment_store::member_ids(&state.db, scope, rules, now())
        .await?
        .first()
        .copied())
}

/// Results against the holdout: response rates, uplift with its 95% interval,
/// incremental spend and ROI, by day since launch. Attribution is refreshed first.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/results", tag = "campaigns",
    params(("id" = i64, Path, description = "Campaign id")),
    responses((status = 200, body = CampaignResults), (status = 404, body = crm_api::ApiErrorBody)))]
pub async fn campaign_results(
    State(state): State<AppState>,
    _auth: Auth<Marketing>,
    Path(id): Path<i64>,
) -> AppResult<Json<CampaignResults>> {
    let row = store::get_row(&state.db, id).await?;
    if row.status == CampaignStatus::Launched {
        attribution::attribute(&state.db, id, now()).await?;
    }
    Ok(Json(results::results(&state.db, id).await?))
}

/// The contact list (masked), with each delivery's state.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/deliveries", tag = "campaigns",
    params(("id" = i64, Path, description = "Campaign id"), DeliveryListQuery),
    responses((status = 200, body = Page<DeliveryView>), (status = 404, body = crm_api::ApiErrorBody)))]
pub async fn list_deliveries(
    State(state): State<AppState>,
    auth: Auth<Marketing>,
    Path(id): Path<i64>,
    Query(q): Query<DeliveryListQuery>,
) -> AppResult<Json<Page<DeliveryView>>> {
    store::get_row(&state.db, id).await?;
    let (page, per_page, offset) = PageQuery {
        page: q.page,
        per_page: q.per_page,
    }
    .resolve()?;
    let (items, total) = store::deliveries(
        &state.db,
        &auth.scope,
        id,
        q.status,
        i64::from(per_page),
        offset,
    )
    .await?;
    Ok(Json(Page {
        items,
        total,
        page,
        per_page,
    }))
}

/// Results as CSV (UTF-8 with BOM, opens in Excel).
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/results.csv", tag = "campaigns",
    params(("id" = i64, Path, description = "Campaign id")),
    responses((status = 200, content_type = "text/csv", body = String), (status = 404, body = crm_api::ApiErrorBody)))]
pub async fn export_results(
    State(state): State<AppState>,
    auth: Auth<Marketing>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let Json(r) = campaign_results(State(state), auth, Path(id)).await?;
    let mut out = String::from("metric,treatment,control\n");
    out.push_str(&format!(
        "members,{},{}\n",
        r.treatment.members, r.control.members
    ));
    out.push_str(&format!("sent,{},{}\n", r.treatment.sent, r.control.sent));
    out.push_str(&format!(
        "responded,{},{}\n",
        r.treatment.responded, r.control.responded
    ));
    out.push_str(&format!(
        "response_rate,{:.6},{:.6}\n",
        r.treatment.response_rate, r.control.response_rate
    ));
    out.push_str(&format!(
        "attributed_spend_fen,{},{}\n",
        r.treatment.spend.fen, r.control.spend.fen
    ));
    out.push_str(&format!("uplift,{:.6},\n", r.uplift));
    out.push_str(&format!("uplift_ci_low,{:.6},\n", r.uplift_ci.0));
    out.push_str(&format!("uplift_ci_high,{:.6},\n", r.uplift_ci.1));
    out.push_str(&format!(
        "incremental_spend_fen,{},\n",
        r.incremental_spend.fen
    ));
    out.push_str(&format!("budget_fen,{},\n", r.budget.fen));
    out.push_str(&format!(
        "roi,{},\n",
        r.roi.map_or_else(String::new, |x| format!("{x:.6}"))
    ));
    out.push_str("\nday,treatment_cumulative_rate,control_cumulative_rate\n");
    for (day, t, c) in &r.by_day {
        out.push_str(&format!("{day},{t:.6},{c:.6}\n"));
    }
    Ok(download(&format!("campaign-{id}-results.csv"), &out))
}

/// The contact list as CSV (masked), with responses; streamed a page at a
/// time and audit-logged.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/contacts.csv", tag = "campaigns",
    params(("id" = i64, Path, description = "Campaign id")),
    responses((status = 200, content_type = "text/csv", body = String), (status = 404, body = crm_api::ApiErrorBody)))]
pub async fn export_contacts(
    State(state): State<AppState>,
    auth: Auth<Marketing>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    store::get_row(&state.db, id).await?;
    let members = store::member_count(&state.db, id).await?;
    crate::db::customers::audit(
        &state.db,
        auth.user.id,
        "export.campaign_contacts",
        None,
        &format!("campaign {id}: {members} contacts"),
    )
    .await?;
    let db = state.db.clone();
    let scope = std::sync::Arc::new(auth.scope.clone());
    Ok(crate::csv_stream::stream(
        &format!("campaign-{id}-contacts.csv"),
        "customer_no,name,mobile,arm,channel,delivery,reason,sent_at,responded_at,response_amount_fen",
        move |after| {
            let (db, scope) = (db.clone(), scope.clone());
            async move { contacts_page(&db, &scope, id, after).await }
        },
    ))
}

/// One page of a campaign's contacts as CSV lines, and the next cursor.
async fn contacts_page(
    db: &crate::Db,
    scope: &crate::domain::scope::Scope,
    id: i64,
    after: i64,
) -> Result<(String, Option<i64>), AppError> {
    let rows = store::contact_rows(db, scope, id, after, crate::csv_stream::PAGE).await?;
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let num = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    let mut out = String::new();
    for r in &rows {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{}\n",
            field(&r.customer_no),
            field(&mask_surname(&r.name)),
            mask_mobile(&r.mobile),
            r.arm,
            text(&r.channel),
            text(&r.status),
            text(&r.suppressed_reason),
            num(r.sent_at),
            num(r.responded_at),
            num(r.amount_fen),
        ));
    }
    let last = rows.last().map(|r| r.customer_id);
    Ok((out, crate::csv_stream::next_after(rows.len(), last)))
}
