//! The cardholder portal beyond cards and tickets: bills by cycle (with
//! search, category filter and CSV), installment conversion, membership,
//! Learn, messages, points, and the home summary. The customer is always the
//! session's own; another customer's card, purchase or plan is 404.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use crm_api::Page;
use crm_api::history::PointsOverview;
use crm_api::insight::OfferKind;
use crm_api::portal::{
    ArticlePick, BillCycle, BillQuery, BillView, EligiblePurchase, InstallmentInput,
    InstallmentPlan, InstallmentQuote, Membership, MessageView, PortalHome,
};
use crm_api::query::{PageQuery, QuoteQuery};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::db::{customers, history, portal};
use crate::domain::time;
use crate::domain::time::now;
use crate::error::AppResult;
use crate::extract::{Auth, Cardholders, Json, Query, idempotency_key};

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(home))
        .routes(routes!(bill_cycles))
        .routes(routes!(bill))
        .routes(routes!(bill_csv))
        .routes(routes!(list_plans, convert))
        .routes(routes!(eligible))
        .routes(routes!(quote))
        .routes(routes!(membership))
        .routes(routes!(articles))
        .routes(routes!(messages))
        .routes(routes!(read_messages))
        .routes(routes!(points))
}

/// Offers a cardholder may see: not the win-back nudge (it is about the bank's
/// worry, not the customer's benefit), at most three.
fn cardholder_offers(offers: Vec<crm_api::insight::Offer>) -> Vec<crm_api::portal::PortalOffer> {
    offers
        .into_iter()
        .filter(|o| o.kind != OfferKind::WinBack)
        .take(3)
        .map(|o| crm_api::portal::PortalOffer {
            kind: o.kind,
            reason: o.reason,
        })
        .collect()
}

/// Home: latest statement per card, unread messages, offers with their
/// reasons, membership, and articles worth reading now.
#[utoipa::path(get, path = "/api/v1/me/home", tag = "me",
    responses((status = 200, body = PortalHome), (status = 401, body = crm_api::ApiErrorBody),
              (status = 403, body = crm_api::ApiErrorBody)))]
pub async fn home(
    State(state): State<AppState>,
    auth: Auth<Cardholders>,
) -> AppResult<Json<PortalHome>> {
    let me = auth.own_customer_id()?;
    let t = now();
    let db = &state.db;
    let (statements, unread, insight, membership, articles) = tokio::try_join!(
        portal::latest_statements(db, me),
        portal::unread(db, me),
        customers::insight(db, me),
        portal::membership(db, me, t),
        portal::learn_picks(db, me, t),
    )?;
    Ok(Json(PortalHome {
        statements,
        unread_messages: unread,
        offers: cardholder_offers(insight.map(|i| i.offers).unwrap_or_default()),
        membership,
        articles: articles
            .into_iter()
            .filter(|a| a.reason.is_some())
            .collect(),
    }))
}

/// Cycles with a bill: the open cycle of each card, then every statement, newest first.
#[utoipa::path(get, path = "/api/v1/me/bills/cycles", tag = "me",
    responses((status = 200, body = Vec<BillCycle>), (status = 401, body = crm_api::ApiErrorBody)))]
pub async fn bill_cycles(
    State(state): State<AppState>,
    auth: Auth<Cardholders>,
) -> AppResult<Json<Vec<BillCycle>>> {
    Ok(Json(
        portal::cycles(&state.db, auth.own_customer_id()?, now()).await?,
    ))
}

/// One card's bill for one cycle: the statement (none while the cycle is
/// open), installment instalments posting in it, and its transactions,
/// searched by merchant and filtered by category.
#[utoipa::path(get, path = "/api/v1/me/bills", tag = "me", params(BillQuery),
    responses((status = 200, body = BillView), (status = 404, body = crm_api::ApiErrorBody),
              (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn bill(
    State(state): State<AppState>,
    auth: Auth<Cardholders>,
    Query(q): Query<BillQuery>,
) -> AppResult<Json<BillView>> {
    let (page, per, _) = PageQuery {
        page: q.page,
        per_page: q.per_page,
    }
    .resolve()?;
    Ok(Json(
        portal::bill(&state.db, auth.own_customer_id()?, &q, page, per).await?,
    ))
}

/// The bill's transactions as CSV (UTF-8 with BOM, opens in Excel; card masked).
#[utoipa::path(get, path = "/api/v1/me/bills.csv", tag = "me", params(BillQuery),
    responses((status = 200, content_type = "text/csv", body = String),
              (status = 404, body = crm_api::ApiErrorBody)))]
pub async fn bill_csv(
    State(state): State<AppState>,
    auth: Auth<Cardholders>,
    Query(q): Query<BillQuery>,
) -> AppResult<Response> {
    let rows = portal::bill_transactions(&state.db, auth.own_customer_id()?, &q).await?;
    let mut out =
        String::from("time_shanghai,merchant,category,amount_yuan,currency,card,installment\n");
    for t in &rows {
        let when = chrono::DateTime::from_timestamp(t.occurred_at, 0)
            .unwrap_or_default()
            .with_timezone(&time::shanghai())
            .format("%Y-%m-%d %H:%M");
        out.push_str(&format!(
            "{when},{},{},{},{},*{},{}\n",
            crate::csv_stream::field(&t.merchant),
            t.category.as_str(),
            yuan(t.amount.fen),
            t.amount.currency,
            t.card_last4,
            if t.installment { "yes" } else { "no" },
        ));
    }
    Ok(crate::csv_stream::download(
        &format!("bill-{}.csv", q.cycle),
        &out,
    ))
}

/// Fen as a plain decimal yuan amount: `-1234` → `-12.34`.
fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", fen.abs() / 100, fen.abs() % 100)
}

/// The cardholder's installment plans, newest first, each with its schedule.
#[utoipa::path(get, path = "/api/v1/me/installments", tag = "me",
    responses((status = 200, body = Vec<InstallmentPlan>), (status = 401, body = crm_api::ApiErrorBody)))]
pub async fn list_plans(
    State(state): State<AppState>,
    auth: Auth<Cardholders>,
) -> AppResult<Json<Vec<InstallmentPlan>>> {
    Ok(Json(
        portal::plans_of(&state.db, auth.own_customer_id()?, None).await?,
    ))
}

/// Purchases that can be converted now (≥ ¥500, last 60 days, active card),
/// each with the fee and schedule of every term.
#[utoipa::path(get, path = "/api/v1/me/installments/eligible", tag = "me",
    responses((status = 200, body = Vec<EligiblePurchase>), (status = 401, body = crm_api::ApiErrorBody)))]
pub async fn eligible(
    State(state): State<AppState>,
    auth: Auth<Cardholders>,
) -> AppResult<Json<Vec<EligiblePurchase>>> {
    Ok(Json(
        portal::eligible(&state.db, auth.own_customer_id()?, now()).await?,
    ))
}

/// The fee and schedule of converting one purchase over one term, before confirming.
#[utoipa::path(get, path = "/api/v1/me/installments/quote", tag = "me", params(QuoteQuery),
    responses((status = 200, body = InstallmentQuote), (status = 404, body = crm_api::ApiErrorBody),
              (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn quote(
    State(state): State<AppState>,
    auth: Auth<Cardholders>,
    Query(q): Query<QuoteQuery>,
) -> AppResult<Json<InstallmentQuote>> {
    InstallmentInput {
        transaction_id: q.transaction_id,
        months: q.months,
    }
    .validate()?;
    Ok(Json(
        portal::quote(
            &state.db,
            auth.own_customer_id()?,
            q.transaction_id,
            q.months,
            now(),
        )
        .await?,
    ))
}

/// Converts a purchase into installments (needs an `Idempotency-Key`: a
/// retry returns the same plan with 200). The fee is waived when a campaign
/// the cardholder is in grants interest-free installments.
#[utoipa::path(post, path = "/api/v1/me/installments", tag = "me", request_body = InstallmentInput,
    params(("Idempotency-Key" = String, Header, description = "Unique per conversion")),
    responses((status = 201, body = InstallmentPlan), (status = 200, body = InstallmentPlan),
              (status = 404, body = crm_api::ApiErrorBody), (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn convert(
    State(state): State<AppState>,
    auth: Auth<Cardholders>,
    headers: HeaderMap,
    Json(input): Json<InstallmentInput>,
) -> AppResult<(StatusCode, Json<InstallmentPlan>)> {
    let me = auth.own_customer_id()?;
    let key = idempotency_key(&headers)?;
    input.validate()?;
    let (plan, created) = portal::convert(
        &state.db,
        me,
        input.transaction_id,
        input.months,
        &key,
        auth.user.id,
        now(),
    )
    .await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(plan)))
}

/// Membership tier from 12-month spend, and progress to the next.
#[utoipa::path(get, path = "/api/v1/me/membership", tag = "me",
    responses((status = 200, body = Membership), (status = 401, body = crm_api::ApiErrorBody)))]
pub async fn membership(
    State(state): State<AppState>,
    auth: Auth<Cardholders>,
) -> AppResult<Json<Membership>> {
    Ok(Json(
        portal::membership(&state.db, auth.own_customer_id()?, now()).await?,
    ))
}

/// Every Learn article, those that fit the cardholder first with the reason.
#[utoipa::path(get, path = "/api/v1/me/articles", tag = "me",
    responses((status = 200, body = Vec<ArticlePick>), (status = 401, body = crm_api::ApiErrorBody)))]
pub async fn articles(
    State(state): State<AppState>,
    auth: Auth<Cardholders>,
) -> AppResult<Json<Vec<ArticlePick>>> {
    Ok(Json(
        portal::learn_picks(&state.db, auth.own_customer_id()?, now()).await?,
    ))
}

/// Messages the bank sent, newest first.
#[utoipa::path(get, path = "/api/v1/me/messages", tag = "me", params(PageQuery),
    responses((status = 200, body = Page<MessageView>), (status = 401, body = crm_api::ApiErrorBody)))]
pub async fn messages(
    State(state): State<AppState>,
    auth: Auth<Cardholders>,
    Query(query): Query<PageQuery>,
) -> AppResult<Json<Page<MessageView>>> {
    let (page, per_page, offset) = query.resolve()?;
    let (items, total, _) = portal::messages(
        &state.db,
        auth.own_customer_id()?,
        i64::from(per_page),
        offset,
    )
    .await?;
    Ok(super::customers::page(items, total, page, per_page))
}

/// Marks every message read.
#[utoipa::path(post, path = "/api/v1/me/messages/read", tag = "me",
    responses((status = 204), (status = 401, body = crm_api::ApiErrorBody)))]
pub async fn read_messages(
    State(state): State<AppState>,
    auth: Auth<Cardholders>,
) -> AppResult<StatusCode> {
    portal::mark_read(&state.db, auth.own_customer_id()?, now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Points: balance, 12-month earned and redeemed, expiring points, and the history.
#[utoipa::path(get, path = "/api/v1/me/points", tag = "me", params(PageQuery),
    responses((status = 200, body = PointsOverview), (status = 401, body = crm_api::ApiErrorBody),
              (status = 403, body = crm_api::ApiErrorBody)))]
pub async fn points(
    State(state): State<AppState>,
    auth: Auth<Cardholders>,
    Query(query): Query<PageQuery>,
) -> AppResult<Json<PointsOverview>> {
    let (p, per, offset) = query.resolve()?;
    Ok(Json(
        history::points_overview(&state.db, auth.own_customer_id()?, p, per, offset).await?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crm_api::insight::{Offer, OfferReason};

    #[test]
    fn yuan_keeps_two_decimals_and_the_sign() {
        assert_eq!(yuan(123_456), "1234.56");
        assert_eq!(yuan(-5), "-0.05");
        assert_eq!(yuan(0), "0.00");
    }

    #[test]
    fn cardholders_never_see_win_back_and_at_most_three() {
        let offer = |kind| Offer {
            kind,
            score: 50.0,
            reason: OfferReason::TopCategory {
                category: crm_api::Category::Dining,
                share: 0.5,
            },
            channel: None,
            suppressed: None,
        };
        let kept = cardholder_offers(vec![
            offer(OfferKind::WinBack),
            offer(OfferKind::CategoryBonus),
            offer(OfferKind::Upgrade),
            offer(OfferKind::PointsExpiring),
            offer(OfferKind::LimitIncrease),
        ]);
        assert_eq!(kept.len(), 3);
        assert!(kept.iter().all(|o| o.kind != OfferKind::WinBack));
        assert_eq!(kept[0].kind, OfferKind::CategoryBonus);
    }
}
