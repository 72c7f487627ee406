//! Service tickets for agents and managers, and the cardholder's own requests.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use crm_api::Page;
use crm_api::query::TicketListQuery;
use crm_api::tickets::{
    Assignment, CommentInput, StatusChange, TicketDetail, TicketInput, TicketView,
};
use crm_api::validate::{Errors, Problem};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::db::scope::ticket_customer;
use crate::db::tickets::{self as store, Scope};
use crate::domain::scope::Scope as Org;
use crate::domain::time::now;
use crate::error::{AppError, AppResult};
use crate::extract::{Auth, Cardholders, CustomerStaff, Json, Query, ServiceStaff};

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_tickets, create_ticket))
        .routes(routes!(get_ticket))
        .routes(routes!(change_status))
        .routes(routes!(assign_ticket))
        .routes(routes!(comment_ticket))
        .routes(routes!(customer_tickets))
        .routes(routes!(list_my_tickets, create_my_ticket))
        .routes(routes!(get_my_ticket))
        .routes(routes!(reply_my_ticket))
}

/// Tickets, open ones first by SLA risk (overdue first).
#[utoipa::path(get, path = "/api/v1/tickets", tag = "tickets", params(TicketListQuery),
    responses((status = 200, body = Page<TicketView>), (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn list_tickets(
    State(state): State<AppState>,
    auth: Auth<ServiceStaff>,
    Query(q): Query<TicketListQuery>,
) -> AppResult<Json<Page<TicketView>>> {
    let scope = match q.view.as_deref() {
        None | Some("" | "mine") => Scope::Mine(auth.user.id),
        Some("team") => Scope::Team(q.queue),
        Some("all") => Scope::All,
        Some(_) => {
            let mut e = Errors::default();
            e.add("view", Problem::NotAllowed);
            return Err(AppError::Validation(e));
        }
    };
    Ok(Json(
        store::list(
            &state.db,
            scope,
            &auth.scope,
            !q.all_statuses.unwrap_or(false),
            q.page.unwrap_or(1),
            q.per_page.unwrap_or(20),
            now(),
        )
        .await?,
    ))
}

/// Opens a ticket for a customer; its SLA due times follow the kind and the customer's tier.
#[utoipa::path(post, path = "/api/v1/tickets", tag = "tickets", request_body = TicketInput,
    responses((status = 201, body = TicketDetail), (status = 404, body = crm_api::ApiErrorBody),
              (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn create_ticket(
    State(state): State<AppState>,
    auth: Auth<ServiceStaff>,
    Json(input): Json<TicketInput>,
) -> AppResult<(StatusCode, Json<TicketDetail>)> {
    input.validate(true)?;
    let t = now();
    let customer = input.customer_id.unwrap_or_default();
    auth.check_customer(&state.db, customer).await?;
    let id = store::create(&state.db, customer, &input, auth.user.id, false, t).await?;
    Ok((
        StatusCode::CREATED,
        Json(store::detail(&state.db, id, false, t).await?),
    ))
}

/// One ticket with its whole history (internal notes included).
#[utoipa::path(get, path = "/api/v1/tickets/{id}", tag = "tickets",
    params(("id" = i64, Path, description = "Ticket id")),
    responses((status = 200, body = TicketDetail), (status = 404, body = crm_api::ApiErrorBody)))]
pub async fn get_ticket(
    State(state): State<AppState>,
    auth: Auth<ServiceStaff>,
    Path(id): Path<i64>,
) -> AppResult<Json<TicketDetail>> {
    let customer = ticket_customer(&state.db, &auth.scope, id).await?;
    crate::db::customers::audit(
        &state.db,
        auth.user.id,
        "ticket.view",
        Some(customer),
        &format!("ticket {id}"),
    )
    .await?;
    Ok(Json(store::detail(&state.db, id, false, now()).await?))
}

/// Moves a ticket through its statuses (409 for a move the machine does not
/// allow, 412 when stale); closing sends the service survey.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/status", tag = "tickets",
    params(("id" = i64, Path, description = "Ticket id")), request_body = StatusChange,
    responses((status = 200, body = TicketDetail), (status = 404, body = crm_api::ApiErrorBody),
              (status = 409, body = crm_api::ApiErrorBody), (status = 412, body = crm_api::ApiErrorBody),
              (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn change_status(
    State(state): State<AppState>,
    auth: Auth<ServiceStaff>,
    Path(id): Path<i64>,
    Json(body): Json<StatusChange>,
) -> AppResult<Json<TicketDetail>> {
    let mut e = Errors::default();
    if body.status.is_none() {
        e.add("status", Problem::Required);
    }
    if body
        .note
        .as_deref()
        .is_some_and(|n| n.chars().count() > 2_000)
    {
        e.add("note", Problem::TooLong { max: 2_000 });
    }
    e.into_result()?;
    ticket_customer(&state.db, &auth.scope, id).await?;
    let t = now();
    let to = body
        .status
        .unwrap_or(crm_api::tickets::TicketStatus::InProgress);
    store::change_status(
        &state.db,
        id,
        body.version,
        to,
        body.note.as_deref(),
        auth.user.id,
        t,
    )
    .await?;
    Ok(Json(store::detail(&state.db, id, false, t).await?))
}

/// Assigns a ticket to an agent or manager, or back to a queue.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/assign", tag = "tickets",
    params(("id" = i64, Path, description = "Ticket id")), request_body = Assignment,
    responses((status = 200, body = TicketDetail), (status = 404, body = crm_api::ApiErrorBody),
              (status = 412, body = crm_api::ApiErrorBody), (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn assign_ticket(
    State(state): State<AppState>,
    auth: Auth<ServiceStaff>,
    Path(id): Path<i64>,
    Json(body): Json<Assignment>,
) -> AppResult<Json<TicketDetail>> {
    ticket_customer(&state.db, &auth.scope, id).await?;
    let t = now();
    store::assign(&state.db, id, &body, auth.user.id, t).await?;
    Ok(Json(store::detail(&state.db, id, false, t).await?))
}

/// Adds an internal note, or a reply the customer sees.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/comments", tag = "tickets",
    params(("id" = i64, Path, description = "Ticket id")), request_body = CommentInput,
    responses((status = 200, body = TicketDetail), (status = 404, body = crm_api::ApiErrorBody),
              (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn comment_ticket(
    State(state): State<AppState>,
    auth: Auth<ServiceStaff>,
    Path(id): Path<i64>,
    Json(body): Json<CommentInput>,
) -> AppResult<Json<TicketDetail>> {
    body.validate()?;
    ticket_customer(&state.db, &auth.scope, id).await?;
    let t = now();
    store::comment(&state.db, id, &body, auth.user.id, false, t).await?;
    Ok(Json(store::detail(&state.db, id, false, t).await?))
}

/// Paging.
#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct PageOnly {
    /// 1-based page.
    pub page: Option<u32>,
    /// Rows per page (1–100, default 20).
    pub per_page: Option<u32>,
}

/// A customer's tickets, newest first after the open ones (for the 360).
#[utoipa::path(get, path = "/api/v1/customers/{id}/tickets", tag = "tickets",
    params(("id" = i64, Path, description = "Customer id"), PageOnly),
    responses((status = 200, body = Page<TicketView>), (status = 404, body = crm_api::ApiErrorBody)))]
pub async fn customer_tickets(
    State(state): State<AppState>,
    auth: Auth<CustomerStaff>,
    Path(id): Path<i64>,
    Query(q): Query<PageOnly>,
) -> AppResult<Json<Page<TicketView>>> {
    auth.open_customer(&state.db, id, "customer.view_tickets")
        .await?;
    Ok(Json(
        store::list(
            &state.db,
            Scope::Customer(id),
            &Org::All,
            false,
            q.page.unwrap_or(1),
            q.per_page.unwrap_or(20),
            now(),
        )
        .await?,
    ))
}

/// The signed-in cardholder's requests.
#[utoipa::path(get, path = "/api/v1/me/tickets", tag = "me", params(PageOnly),
    responses((status = 200, body = Page<TicketView>)))]
pub async fn list_my_tickets(
    State(state): State<AppState>,
    auth: Auth<Cardholders>,
    Query(q): Query<PageOnly>,
) -> AppResult<Json<Page<TicketView>>> {
    Ok(Json(
        store::list(
            &state.db,
            Scope::Customer(auth.own_customer_id()?),
            &Org::All,
            false,
            q.page.unwrap_or(1),
            q.per_page.unwrap_or(20),
            now(),
        )
        .await?,
    ))
}

/// The cardholder opens a request or complaint (channel: app).
#[utoipa::path(post, path = "/api/v1/me/tickets", tag = "me", request_body = TicketInput,
    responses((status = 201, body = TicketDetail), (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn create_my_ticket(
    State(state): State<AppState>,
    auth: Auth<Cardholders>,
    Json(mut input): Json<TicketInput>,
) -> AppResult<(StatusCode, Json<TicketDetail>)> {
    let customer = auth.own_customer_id()?;
    input.customer_id = Some(customer);
    input.channel = Some(crm_api::InteractionChannel::App);
    input.priority = None;
    input.validate(false)?;
    let t = now();
    let id = store::create(&state.db, customer, &input, auth.user.id, true, t).await?;
    Ok((
        StatusCode::CREATED,
        Json(store::detail(&state.db, id, true, t).await?),
    ))
}

/// One of the cardholder's requests with the replies (another customer's is 404).
#[utoipa::path(get, path = "/api/v1/me/tickets/{id}", tag = "me",
    params(("id" = i64, Path, description = "Ticket id")),
    responses((status = 200, body = TicketDetail), (status = 404, body = crm_api::ApiErrorBody)))]
pub async fn get_my_ticket(
    State(state): State<AppState>,
    auth: Auth<Cardholders>,
    Path(id): Path<i64>,
) -> AppResult<Json<TicketDetail>> {
    if store::owner(&state.db, id).await? != auth.own_customer_id()? {
        return Err(AppError::NotFound);
    }
    Ok(Json(store::detail(&state.db, id, true, now()).await?))
}

/// The cardholder replies to their request.
#[utoipa::path(post, path = "/api/v1/me/tickets/{id}/replies", tag = "me",
    params(("id" = i64, Path, description = "Ticket id")), request_body = CommentInput,
    responses((status = 200, body = TicketDetail), (status = 404, body = crm_api::ApiErrorBody),
              (status = 409, body = crm_api::ApiErrorBody), (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn reply_my_ticket(
    State(state): State<AppState>,
    auth: Auth<Cardholders>,
    Path(id): Path<i64>,
    Json(body): Json<CommentInput>,
) -> AppResult<Json<TicketDetail>> {
    body.validate()?;
    if store::owner(&state.db, id).await? != auth.own_customer_id()? {
        return Err(AppError::NotFound);
    }
    let t = now();
    store::comment(&state.db, id, &body, auth.user.id, true, t).await?;
    Ok(Json(store::detail(&state.db, id, true, t).await?))
}
