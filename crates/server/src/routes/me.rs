//! The cardholder's own data. The customer comes from the session, never from
//! the request, so a cardholder cannot reach anyone else's records.

use axum::extract::{Path, State};
use crm_api::Page;
use crm_api::cards::{CardView, TransactionView};
use crm_api::query::PageQuery;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::db::cards;
use crate::error::{AppError, AppResult};
use crate::extract::{Auth, Cardholders, Json, Query};

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_my_cards))
        .routes(routes!(get_my_card))
        .routes(routes!(list_my_transactions))
}

/// The signed-in cardholder's cards, masked.
#[utoipa::path(get, path = "/api/v1/me/cards", tag = "me",
    responses((status = 200, body = Vec<CardView>), (status = 401, body = crm_api::ApiErrorBody),
              (status = 403, body = crm_api::ApiErrorBody)))]
pub async fn list_my_cards(
    State(state): State<AppState>,
    auth: Auth<Cardholders>,
) -> AppResult<Json<Vec<CardView>>> {
    Ok(Json(
        cards::of_customer(&state.db, auth.own_customer_id()?).await?,
    ))
}

/// One of the signed-in cardholder's cards; another customer's card is 404.
#[utoipa::path(get, path = "/api/v1/me/cards/{id}", tag = "me",
    params(("id" = i64, Path, description = "Card id")),
    responses((status = 200, body = CardView), (status = 401, body = crm_api::ApiErrorBody),
              (status = 403, body = crm_api::ApiErrorBody), (status = 404, body = crm_api::ApiErrorBody)))]
pub async fn get_my_card(
    State(state): State<AppState>,
    auth: Auth<Cardholders>,
    Path(id): Path<i64>,
) -> AppResult<Json<CardView>> {
    let cards = cards::of_customer(&state.db, auth.own_customer_id()?).await?;
    cards
        .into_iter()
        .find(|c| c.id == id)
        .map(Json)
        .ok_or(AppError::NotFound)
}

/// The signed-in cardholder's transactions, newest first.
#[utoipa::path(get, path = "/api/v1/me/transactions", tag = "me", params(PageQuery),
    responses((status = 200, body = Page<TransactionView>), (status = 401, body = crm_api::ApiErrorBody),
              (status = 403, body = crm_api::ApiErrorBody)))]
pub async fn list_my_transactions(
    State(state): State<AppState>,
    auth: Auth<Cardholders>,
    Query(query): Query<PageQuery>,
) -> AppResult<Json<Page<TransactionView>>> {
    let (page, per_page, offset) = query.resolve()?;
    let (items, total) = cards::transactions(
        &state.db,
        auth.own_customer_id()?,
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
