//! Quick actions on cards and points (agents and managers, audit-logged) and
//! the cardholder's own card controls.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use crm_api::InteractionChannel;
use crm_api::tickets::{TicketInput, TicketKind, TicketPriority};
use crm_api::validate::{Errors, Problem};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::db::{card_actions, scope, tickets};
use crate::domain::scope::Scope;
use crate::domain::time::now;
use crate::error::{AppError, AppResult};
use crate::extract::{Auth, Cardholders, Json, ServiceStaff};

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(lock_card))
        .routes(routes!(unlock_card))
        .routes(routes!(report_card_lost))
        .routes(routes!(replace_card))
        .routes(routes!(adjust_points))
        .routes(routes!(lock_my_card))
        .routes(routes!(unlock_my_card))
        .routes(routes!(report_my_card_lost))
        .routes(routes!(redeem))
        .routes(routes!(get_my_consent, set_my_consent))
}

/// The ticket an action is taken from (its history records the action).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CardAction {
    /// Ticket to note the action on.
    pub ticket_id: Option<i64>,
}

/// What an action did.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionDone {
    /// The card acted on (for a replacement: the new card).
    pub card_id: i64,
    /// The ticket opened by a lost-card report from the portal.
    pub ticket_id: Option<i64>,
}

/// What a staff action targets, checked against the user's scope before
/// anything changes: 404 for a card or customer outside it (or missing), and
/// for a ticket outside it; 422 when the ticket is about someone else.
async fn check_targets(
    state: &AppState,
    scope: &Scope,
    card: Option<i64>,
    customer: Option<i64>,
    ticket: Option<i64>,
) -> AppResult<()> {
    let holder = match (card, customer) {
        (Some(card), _) => Some(scope::card_holder(&state.db, scope, card).await?),
        (None, Some(customer)) => {
            scope::require_customer(&state.db, scope, customer).await?;
            Some(customer)
        }
        (None, None) => None,
    };
    if let Some(t) = ticket {
        let about = scope::ticket_customer(&state.db, scope, t).await?;
        if holder.is_some_and(|h| h != about) {
            let mut e = Errors::default();
            e.add("ticket_id", Problem::NotAllowed);
            return Err(AppError::Validation(e));
        }
    }
    Ok(())
}

async fn note_on_ticket(
    state: &AppState,
    ticket: Option<i64>,
    user: i64,
    text: &str,
) -> AppResult<()> {
    if let Some(t) = ticket {
        tickets::record_action(&state.db, t, user, text, now()).await?;
    }
    Ok(())
}

/// Locks or unlocks a card, for staff (noted on `ticket` when given) or for
/// its owner (`owner`: 404 when the card is someone else's).
async fn set_lock(
    state: &AppState,
    ticket: Option<i64>,
    owner: Option<i64>,
    id: i64,
    lock: bool,
    user: i64,
) -> AppResult<Json<ActionDone>> {
    card_actions::set_lock(&state.db, id, owner, lock, user, now()).await?;
    let action = if lock { "card.lock" } else { "card.unlock" };
    note_on_ticket(state, ticket, user, action).await?;
    Ok(Json(ActionDone {
        card_id: id,
        ticket_id: ticket,
    }))
}

/// Locks a card (active → locked).
#[utoipa::path(post, path = "/api/v1/cards/{id}/lock", tag = "cards", request_body = CardAction,
    params(("id" = i64, Path, description = "Card id")),
    responses((status = 200, body = ActionDone), (status = 404, body = crm_api::ApiErrorBody),
              (status = 409, body = crm_api::ApiErrorBody)))]
pub async fn lock_card(
    State(state): State<AppState>,
    auth: Auth<ServiceStaff>,
    Path(id): Path<i64>,
    Json(a): Json<CardAction>,
) -> AppResult<Json<ActionDone>> {
    check_targets(&state, &auth.scope, Some(id), None, a.ticket_id).await?;
    set_lock(&state, a.ticket_id, None, id, true, auth.user.id).await
}

/// Unlocks a card (locked → active).
#[utoipa::path(post, path = "/api/v1/cards/{id}/unlock", tag = "cards", request_body = CardAction,
    params(("id" = i64, Path, description = "Card id")),
    responses((status = 200, body = ActionDone), (status = 404, body = crm_api::ApiErrorBody),
              (status = 409, body = crm_api::ApiErrorBody)))]
pub async fn unlock_card(
    State(state): State<AppState>,
    auth: Auth<ServiceStaff>,
    Path(id): Path<i64>,
    Json(a): Json<CardAction>,
) -> AppResult<Json<ActionDone>> {
    check_targets(&state, &auth.scope, Some(id), None, a.ticket_id).await?;
    set_lock(&state, a.ticket_id, None, id, false, auth.user.id).await
}

/// Marks a card lost or stolen: blocked at once.
#[utoipa::path(post, path = "/api/v1/cards/{id}/report-lost", tag = "cards", request_body = CardAction,
    params(("id" = i64, Path, description = "Card id")),
    responses((status = 200, body = ActionDone), (status = 404, body = crm_api::ApiErrorBody),
              (status = 409, body = crm_api::ApiErrorBody)))]
pub async fn report_card_lost(
    State(state): State<AppState>,
    auth: Auth<ServiceStaff>,
    Path(id): Path<i64>,
    Json(a): Json<CardAction>,
) -> AppResult<Json<ActionDone>> {
    check_targets(&state, &auth.scope, Some(id), None, a.ticket_id).await?;
    let mut tx = state.db.pool.begin().await?;
    card_actions::report_lost(&mut tx, id, None, auth.user.id, now()).await?;
    tx.commit().await?;
    note_on_ticket(&state, a.ticket_id, auth.user.id, "card.lost").await?;
    Ok(Json(ActionDone {
        card_id: id,
        ticket_id: a.ticket_id,
    }))
}

/// Orders a replacement for a lost card (new number; the lost card is closed).
#[utoipa::path(post, path = "/api/v1/cards/{id}/replace", tag = "cards", request_body = CardAction,
    params(("id" = i64, Path, description = "Card id")),
    responses((status = 201, body = ActionDone), (status = 404, body = crm_api::ApiErrorBody),
              (status = 409, body = crm_api::ApiErrorBody)))]
pub async fn replace_card(
    State(state): State<AppState>,
    auth: Auth<ServiceStaff>,
    Path(id): Path<i64>,
    Json(a): Json<CardAction>,
) -> AppResult<(StatusCode, Json<ActionDone>)> {
    check_targets(&state, &auth.scope, Some(id), None, a.ticket_id).await?;
    let new_id = card_actions::replace(&state.db, id, auth.user.id, now()).await?;
    note_on_ticket(&state, a.ticket_id, auth.user.id, "card.replace").await?;
    Ok((
        StatusCode::CREATED,
        Json(ActionDone {
            card_id: new_id,
            ticket_id: a.ticket_id,
        }),
    ))
}

/// A goodwill points adjustment.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct PointsAdjustment {
    /// Points to add (negative to take back), non-zero, at most 1,000,000 either way.
    pub points: i64,
    /// Why (required, at most 200 characters); goes to the ledger and the audit log.
    pub reason: String,
    /// Ticket to note the adjustment on.
    pub ticket_id: Option<i64>,
}

/// The balance after an adjustment.
#[derive(Debug, Serialize, ToSchema)]
pub struct PointsBalance {
    /// Points balance (unchanged while the adjustment awaits approval).
    pub balance: i64,
    /// The request awaiting a manager's approval, for an adjustment above
    /// the threshold (then the answer is 202 and nothing is posted yet).
    pub pending_request_id: Option<i64>,
}

/// Adds or takes back goodwill points (needs an `Idempotency-Key`; a retry
/// changes nothing); the balance never goes below zero. More than
/// 10,000 points either way waits for a manager who did not ask for it
/// (202 with the request id; maker–checker).
#[utoipa::path(post, path = "/api/v1/customers/{id}/points-adjustments", tag = "cards",
    request_body = PointsAdjustment,
    params(("id" = i64, Path, description = "Customer id"),
           ("Idempotency-Key" = String, Header, description = "Unique per adjustment")),
    responses((status = 200, body = PointsBalance), (status = 202, body = PointsBalance),
              (status = 404, body = crm_api::ApiErrorBody), (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn adjust_points(
    State(state): State<AppState>,
    auth: Auth<ServiceStaff>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Json(a): Json<PointsAdjustment>,
) -> AppResult<(StatusCode, Json<PointsBalance>)> {
    let mut e = Errors::default();
    if a.points == 0 || a.points.abs() > 1_000_000 {
        e.add(
            "points",
            Problem::OutOfRange {
                min: -1_000_000,
                max: 1_000_000,
            },
        );
    }
    e.text("reason", &a.reason, 200);
    let key = crate::extract::idempotency_key_into(&headers, &mut e);
    e.into_result()?;
    check_targets(&state, &auth.scope, None, Some(id), a.ticket_id).await?;
    if a.points.abs() > crm_api::approvals::POINTS_APPROVAL_THRESHOLD {
        let ask = crate::db::points_approvals::Ask {
            customer: id,
            points: a.points,
            reason: &a.reason,
            ticket: a.ticket_id,
            key: &key,
        };
        let request =
            crate::db::points_approvals::request(&state.db, &ask, auth.user.id, now()).await?;
        note_on_ticket(
            &state,
            a.ticket_id,
            auth.user.id,
            &format!("points.adjust_request {:+} #{request}", a.points),
        )
        .await?;
        return Ok((
            StatusCode::ACCEPTED,
            Json(PointsBalance {
                balance: crate::db::customers::points_balance(&state.db, id).await?,
                pending_request_id: Some(request),
            }),
        ));
    }
    let balance = card_actions::adjust_points(
        &state.db,
        id,
        a.points,
        &a.reason,
        &key,
        auth.user.id,
        now(),
    )
    .await?;
    note_on_ticket(
        &state,
        a.ticket_id,
        auth.user.id,
        &format!("points.adjust {:+}", a.points),
    )
    .await?;
    Ok((
        StatusCode::OK,
        Json(PointsBalance {
            balance,
            pending_request_id: None,
        }),
    ))
}

/// The cardholder locks one of their cards.
#[utoipa::path(post, path = "/api/v1/me/cards/{id}/lock", tag = "me",
    params(("id" = i64, Path, description = "Card id")),
    responses((status = 200, body = ActionDone), (status = 404, body = crm_api::ApiErrorBody),
              (status = 409, body = crm_api::ApiErrorBody)))]
pub async fn lock_my_card(
    State(state): State<AppState>,
    auth: Auth<Cardholders>,
    Path(id): Path<i64>,
) -> AppResult<Json<ActionDone>> {
    let me = auth.own_customer_id()?;
    set_lock(&state, None, Some(me), id, true, auth.user.id).await
}

/// The cardholder unlocks one of their cards.
#[utoipa::path(post, path = "/api/v1/me/cards/{id}/unlock", tag = "me",
    params(("id" = i64, Path, description = "Card id")),
    responses((status = 200, body = ActionDone), (status = 404, body = crm_api::ApiErrorBody),
              (status = 409, body = crm_api::ApiErrorBody)))]
pub async fn unlock_my_card(
    State(state): State<AppState>,
    auth: Auth<Cardholders>,
    Path(id): Path<i64>,
) -> AppResult<Json<ActionDone>> {
    let me = auth.own_customer_id()?;
    set_lock(&state, None, Some(me), id, false, auth.user.id).await
}

/// The cardholder reports a card lost: blocked at once, and a lost-card
/// ticket opens for the service desk.
#[utoipa::path(post, path = "/api/v1/me/cards/{id}/report-lost", tag = "me",
    params(("id" = i64, Path, description = "Card id")),
    responses((status = 200, body = ActionDone), (status = 404, body = crm_api::ApiErrorBody),
              (status = 409, body = crm_api::ApiErrorBody)))]
pub async fn report_my_card_lost(
    State(state): State<AppState>,
    auth: Auth<Cardholders>,
    Path(id): Path<i64>,
) -> AppResult<Json<ActionDone>> {
    let me = auth.own_customer_id()?;
    let t = now();
    // block first: if opening the ticket fails, the card is still safe
    let mut tx = state.db.pool.begin().await?;
    let (_, last4) = card_actions::report_lost(&mut tx, id, Some(me), auth.user.id, t).await?;
    tx.commit().await?;
    let input = TicketInput {
        customer_id: Some(me),
        card_id: Some(id),
        kind: Some(TicketKind::CardLost),
        channel: Some(InteractionChannel::App),
        priority: Some(TicketPriority::Urgent),
        subject: format!("挂失 *{last4}"),
        body: String::new(),
    };
    let ticket = tickets::create(&state.db, me, &input, auth.user.id, true, t).await?;
    Ok(Json(ActionDone {
        card_id: id,
        ticket_id: Some(ticket),
    }))
}

/// The cardholder redeems points for a catalogue item (needs an
/// `Idempotency-Key`: a double tap or a retry redeems once). The balance never
/// goes below zero, however many requests arrive at once.
#[utoipa::path(post, path = "/api/v1/me/redemptions", tag = "me",
    request_body = crm_api::rewards::RedeemInput,
    params(("Idempotency-Key" = String, Header, description = "Unique per redemption")),
    responses((status = 201, body = crm_api::rewards::Redemption),
              (status = 200, body = crm_api::rewards::Redemption),
              (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn redeem(
    State(state): State<AppState>,
    auth: Auth<Cardholders>,
    headers: HeaderMap,
    Json(input): Json<crm_api::rewards::RedeemInput>,
) -> AppResult<(StatusCode, Json<crm_api::rewards::Redemption>)> {
    let me = auth.own_customer_id()?;
    let mut e = Errors::default();
    let item = crm_api::rewards::item(&input.item);
    if item.is_none() {
        e.add("item", Problem::NotAllowed);
    }
    let key = crate::extract::idempotency_key_into(&headers, &mut e);
    e.into_result()?;
    let Some(item) = item else {
        return Err(crate::error::AppError::NotFound);
    };
    let entry = card_actions::PointsEntry {
        customer: me,
        points: -item.points,
        kind: "redeem",
        description: item.name_zh,
        key: format!("redeem:{me}:{key}"),
        audit_action: "points.redeem",
    };
    let (balance, created) =
        match card_actions::post_points(&state.db, &entry, auth.user.id, now()).await {
            Err(crate::error::AppError::Validation(_)) => {
                let mut e = Errors::default();
                e.add(
                    "item",
                    Problem::Format {
                        zh: "积分不足，无法兑换。",
                        en: "Not enough points for this reward.",
                    },
                );
                return Err(crate::error::AppError::Validation(e));
            }
            other => other?,
        };
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(crm_api::rewards::Redemption {
            item: item.code.to_owned(),
            points: item.points,
            balance,
        }),
    ))
}

/// The cardholder's marketing consent per channel and do-not-disturb.
#[utoipa::path(get, path = "/api/v1/me/consent", tag = "me",
    responses((status = 200, body = crm_api::customers::ConsentView)))]
pub async fn get_my_consent(
    State(state): State<AppState>,
    auth: Auth<Cardholders>,
) -> AppResult<Json<crm_api::customers::ConsentView>> {
    Ok(Json(
        card_actions::consent_of(&state.db, auth.own_customer_id()?).await?,
    ))
}

/// Changes the cardholder's consent at the version read (412 when stale);
/// campaigns check consent when they send, so it applies at once.
#[utoipa::path(put, path = "/api/v1/me/consent", tag = "me",
    request_body = crm_api::customers::ConsentView,
    responses((status = 200, body = crm_api::customers::ConsentView),
              (status = 412, body = crm_api::ApiErrorBody)))]
pub async fn set_my_consent(
    State(state): State<AppState>,
    auth: Auth<Cardholders>,
    Json(update): Json<crm_api::customers::ConsentView>,
) -> AppResult<Json<crm_api::customers::ConsentView>> {
    let me = auth.own_customer_id()?;
    card_actions::set_consent(&state.db, me, &update, auth.user.id, now()).await?;
    Ok(Json(card_actions::consent_of(&state.db, me).await?))
}
