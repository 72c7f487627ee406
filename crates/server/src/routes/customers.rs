//! Customer search and the customer 360 (staff who serve customers).

use axum::extract::{Path, State};
use crm_api::cards::TransactionView;
use crm_api::customers::{
    CategorySpend, ChannelSpend, Customer360, CustomerSearchQuery, CustomerSummary, MerchantSpend,
    MonthSpend, Preferences,
};
use crm_api::history::{
    InteractionView, PaymentView, PointsOverview, RevealRequest, RevealedId, StatementView,
    SurveyView,
};
use crm_api::query::PageQuery;
use crm_api::{Money, Page};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::db::cards::TxFilter;
use crate::db::{cards, customers, history};
use crate::domain::{spend, time};
use crate::error::{AppError, AppResult};
use crate::extract::{Auth, CustomerStaff, Json, Managers, Query};

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_customers))
        .routes(routes!(export_customers))
        .routes(routes!(get_customer))
        .routes(routes!(list_customer_transactions))
        .routes(routes!(list_customer_statements))
        .routes(routes!(list_customer_payments))
        .routes(routes!(get_customer_points))
        .routes(routes!(list_customer_installments))
        .routes(routes!(list_customer_interactions))
        .routes(routes!(list_customer_surveys))
        .routes(routes!(reveal_national_id))
        .routes(routes!(list_customer_campaigns))
}

/// Search customers by name prefix, full mobile number, card last four or
/// customer number, optionally narrowed to an RFM segment, churn or risk band
/// or value tier; paginated on the server, with the total count.
#[utoipa::path(get, path = "/api/v1/customers", tag = "customers", params(CustomerSearchQuery),
    responses((status = 200, body = Page<CustomerSummary>), (status = 401, body = crm_api::ApiErrorBody),
              (status = 403, body = crm_api::ApiErrorBody), (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn list_customers(
    State(state): State<AppState>,
    auth: Auth<CustomerStaff>,
    Query(query): Query<CustomerSearchQuery>,
) -> AppResult<Json<Page<CustomerSummary>>> {
    let (page, per_page) = query.paging()?;
    let offset = i64::from(page - 1) * i64::from(per_page);
    let (items, total) =
        customers::search(&state.db, &auth.scope, &query, i64::from(per_page), offset).await?;
    Ok(Json(Page {
        items,
        total,
        page,
        per_page,
    }))
}

/// The search's customers as CSV (UTF-8 with BOM), masked like a segment
/// export — customer number, surname only, masked mobile, province, city,
/// RFM segment, value tier — streamed by keyset pages, audit-logged with
/// the number of rows (never the search term: it may be a name or a mobile).
#[utoipa::path(get, path = "/api/v1/customers.csv", tag = "customers", params(CustomerSearchQuery),
    responses((status = 200, content_type = "text/csv", body = String), (status = 403, body = crm_api::ApiErrorBody),
              (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn export_customers(
    State(state): State<AppState>,
    auth: Auth<CustomerStaff>,
    Query(query): Query<CustomerSearchQuery>,
) -> AppResult<axum::response::Response> {
    query.paging()?;
    let total = customers::search_count(&state.db, &auth.scope, &query).await?;
    let filters: Vec<String> = [
        query.rfm_segment.map(|v| format!("segment={}", v.as_str())),
        query.churn_band.map(|v| format!("churn={}", v.as_str())),
        query.risk_band.map(|v| format!("risk={}", v.as_str())),
        query.value_tier.map(|v| format!("tier={}", v.as_str())),
    ]
    .into_iter()
    .flatten()
    .collect();
    customers::audit(
        &state.db,
        auth.user.id,
        "export.customers",
        None,
        &format!(
            "search ({}; filters: {}): {total} customers",
            query.term().kind(),
            if filters.is_empty() {
                "none".to_owned()
            } else {
                filters.join(" ")
            }
        ),
    )
    .await?;
    let db = state.db.clone();
    let scope = std::sync::Arc::new(auth.scope.clone());
    let query = std::sync::Arc::new(query);
    Ok(crate::csv_stream::stream(
        "customers.csv",
        crate::csv_stream::MEMBER_CSV_HEADER,
        move |after| {
            let (db, query, scope) = (db.clone(), query.clone(), scope.clone());
            async move {
                let rows =
                    customers::search_page(&db, &scope, &query, after, crate::csv_stream::PAGE)
                        .await?;
                Ok(crate::csv_stream::member_lines(&rows))
            }
        },
    ))
}

/// The customer 360: profile and consent, masked cards, 12-month spend by
/// month and category, recent transactions, points balance. Every view is
/// written to the audit log.
#[utoipa::path(get, path = "/api/v1/customers/{id}", tag = "customers",
    params(("id" = i64, Path, description = "Customer id")),
    responses((status = 200, body = Customer360), (status = 401, body = crm_api::ApiErrorBody),
              (status = 403, body = crm_api::ApiErrorBody), (status = 404, body = crm_api::ApiErrorBody)))]
pub async fn get_customer(
    State(state): State<AppState>,
    auth: Auth<CustomerStaff>,
    Path(id): Path<i64>,
) -> AppResult<Json<Customer360>> {
    auth.check_customer(&state.db, id).await?;
    let view = customer_360(&state, id).await?;
    customers::audit(&state.db, auth.user.id, "customer.view_360", Some(id), "").await?;
    Ok(Json(view))
}

/// Builds the 360 of customer `id`.
pub async fn customer_360(state: &AppState, id: i64) -> AppResult<Customer360> {
    let db = &state.db;
    let profile = customers::profile(db, id).await?;
    let today = time::today();
    let months = time::last_months(today, 12);
    let since = months
        .first()
        .and_then(|m| time::parse_date(&format!("{m}-01")))
        .map_or(0, time::start_of_day);
    let (cards, rows, (recent, _), points_balance, (inst_n, inst_fen), insight) = tokio::try_join!(
        cards::of_customer(db, id),
        customers::spend_rows(db, id, since),
        cards::transactions(db, id, 20, 0),
        customers::points_balance(db, id),
        customers::installments(db, id),
        customers::insight(db, id),
    )?;
    let rollup = spend::rollup(&rows, &months);
    let preferences = Preferences {
        preferred_channel: rollup.by_channel.iter().max_by_key(|c| c.2).map(|c| c.0),
        dayparts: rollup.dayparts.clone(),
        channels: rollup
            .by_channel
            .iter()
            .map(|(channel, fen, count)| ChannelSpend {
                channel: *channel,
                spend: Money::cny(*fen),
                count: *count,
            })
            .collect(),
        top_merchants: rollup
            .top_merchants
            .iter()
            .map(|(merchant, category, fen, count)| MerchantSpend {
                merchant: merchant.clone(),
                category: *category,
                spend: Money::cny(*fen),
                count: *count,
            })
            .collect(),
    };
    Ok(Customer360 {
        profile,
        cards,
        spend_by_month: rollup
            .by_month
            .into_iter()
            .map(|(month, fen, count)| MonthSpend {
                month,
                spend: Money::cny(fen),
                count,
            })
            .collect(),
        spend_by_category: rollup
            .by_category
            .into_iter()
            .map(|(category, fen, count)| CategorySpend {
                category,
                spend: Money::cny(fen),
                count,
            })
            .collect(),
        spend_12m: Money::cny(rollup.total_fen),
        recent_transactions: recent,
        points_balance,
        preferences,
        installments: (inst_n, Money::cny(inst_fen)),
        insight,
        as_of: crate::domain::time::now(),
    })
}

/// All transactions of a customer, newest first.
#[utoipa::path(get, path = "/api/v1/customers/{id}/transactions", tag = "customers",
    params(("id" = i64, Path, description = "Customer id"), PageQuery),
    responses((status = 200, body = Page<TransactionView>), (status = 404, body = crm_api::ApiErrorBody)))]
pub async fn list_customer_transactions(
    State(state): State<AppState>,
    auth: Auth<CustomerStaff>,
    Path(id): Path<i64>,
    Query(query): Query<PageQuery>,
) -> AppResult<Json<Page<TransactionView>>> {
    let (page, per_page, offset) = query.resolve()?;
    auth.open_customer(&state.db, id, "customer.view_transactions")
        .await?;
    let (items, total) = cards::transactions(&state.db, id, i64::from(per_page), offset).await?;
    Ok(Json(Page {
        items,
        total,
        page,
        per_page,
    }))
}

/// One page of a list as the JSON answer.
pub(crate) fn page<T>(items: Vec<T>, total: i64, page: u32, per_page: u32) -> Json<Page<T>> {
    Json(Page {
        items,
        total,
        page,
        per_page,
    })
}

/// Monthly statements across the customer's cards, newest first, with how each was paid.
#[utoipa::path(get, path = "/api/v1/customers/{id}/statements", tag = "customers",
    params(("id" = i64, Path, description = "Customer id"), PageQuery),
    responses((status = 200, body = Page<StatementView>), (status = 404, body = crm_api::ApiErrorBody)))]
pub async fn list_customer_statements(
    State(state): State<AppState>,
    auth: Auth<CustomerStaff>,
    Path(id): Path<i64>,
    Query(query): Query<PageQuery>,
) -> AppResult<Json<Page<StatementView>>> {
    let (p, per, offset) = query.resolve()?;
    auth.open_customer(&state.db, id, "customer.view_statements")
        .await?;
    let (items, total) = history::statements(&state.db, id, i64::from(per), offset).await?;
    Ok(page(items, total, p, per))
}

/// Payments, newest first.
#[utoipa::path(get, path = "/api/v1/customers/{id}/payments", tag = "customers",
    params(("id" = i64, Path, description = "Customer id"), PageQuery),
    responses((status = 200, body = Page<PaymentView>), (status = 404, body = crm_api::ApiErrorBody)))]
pub async fn list_customer_payments(
    State(state): State<AppState>,
    auth: Auth<CustomerStaff>,
    Path(id): Path<i64>,
    Query(query): Query<PageQuery>,
) -> AppResult<Json<Page<PaymentView>>> {
    let (p, per, offset) = query.resolve()?;
    auth.open_customer(&state.db, id, "customer.view_payments")
        .await?;
    let (items, total) = history::payments(&state.db, id, i64::from(per), offset).await?;
    Ok(page(items, total, p, per))
}

/// Points: balance, earned and redeemed in 12 months, held points by expiry
/// date (first-in, first-out), and the ledger, newest first.
#[utoipa::path(get, path = "/api/v1/customers/{id}/points", tag = "customers",
    params(("id" = i64, Path, description = "Customer id"), PageQuery),
    responses((status = 200, body = PointsOverview), (status = 404, body = crm_api::ApiErrorBody)))]
pub async fn get_customer_points(
    State(state): State<AppState>,
    auth: Auth<CustomerStaff>,
    Path(id): Path<i64>,
    Query(query): Query<PageQuery>,
) -> AppResult<Json<PointsOverview>> {
    let (p, per, offset) = query.resolve()?;
    auth.open_customer(&state.db, id, "customer.view_points")
        .await?;
    Ok(Json(
        history::points_overview(&state.db, id, p, per, offset).await?,
    ))
}

/// Purchases converted to installments, newest first.
#[utoipa::path(get, path = "/api/v1/customers/{id}/installments", tag = "customers",
    params(("id" = i64, Path, description = "Customer id"), PageQuery),
    responses((status = 200, body = Page<TransactionView>), (status = 404, body = crm_api::ApiErrorBody)))]
pub async fn list_customer_installments(
    State(state): State<AppState>,
    auth: Auth<CustomerStaff>,
    Path(id): Path<i64>,
    Query(query): Query<PageQuery>,
) -> AppResult<Json<Page<TransactionView>>> {
    let (p, per, offset) = query.resolve()?;
    auth.open_customer(&state.db, id, "customer.view_installments")
        .await?;
    let (items, total) = cards::transactions_where(
        &state.db,
        id,
        TxFilter::Installments,
        i64::from(per),
        offset,
    )
    .await?;
    Ok(page(items, total, p, per))
}

/// Service interactions across all channels, newest first.
#[utoipa::path(get, path = "/api/v1/customers/{id}/interactions", tag = "customers",
    params(("id" = i64, Path, description = "Customer id"), PageQuery),
    responses((status = 200, body = Page<InteractionView>), (status = 404, body = crm_api::ApiErrorBody)))]
pub async fn list_customer_interactions(
    State(state): State<AppState>,
    auth: Auth<CustomerStaff>,
    Path(id): Path<i64>,
    Query(query): Query<PageQuery>,
) -> AppResult<Json<Page<InteractionView>>> {
    let (p, per, offset) = query.resolve()?;
    auth.open_customer(&state.db, id, "customer.view_interactions")
        .await?;
    let (items, total) = history::interactions(&state.db, id, i64::from(per), offset).await?;
    Ok(page(items, total, p, per))
}

/// NPS and CSAT responses with comments, newest first.
#[utoipa::path(get, path = "/api/v1/customers/{id}/surveys", tag = "customers",
    params(("id" = i64, Path, description = "Customer id"), PageQuery),
    responses((status = 200, body = Page<SurveyView>), (status = 404, body = crm_api::ApiErrorBody)))]
pub async fn list_customer_surveys(
    State(state): State<AppState>,
    auth: Auth<CustomerStaff>,
    Path(id): Path<i64>,
    Query(query): Query<PageQuery>,
) -> AppResult<Json<Page<SurveyView>>> {
    let (p, per, offset) = query.resolve()?;
    auth.open_customer(&state.db, id, "customer.view_surveys")
        .await?;
    let (items, total) = history::surveys(&state.db, id, i64::from(per), offset).await?;
    Ok(page(items, total, p, per))
}

/// Reveals the full national ID to a manager who states why; the reveal
/// (who, whom, when, why) is written to the audit log before the answer.
#[utoipa::path(post, path = "/api/v1/customers/{id}/national-id", tag = "customers",
    params(("id" = i64, Path, description = "Customer id")), request_body = RevealRequest,
    responses((status = 200, body = RevealedId), (status = 403, body = crm_api::ApiErrorBody),
              (status = 404, body = crm_api::ApiErrorBody), (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn reveal_national_id(
    State(state): State<AppState>,
    auth: Auth<Managers>,
    Path(id): Path<i64>,
    Json(req): Json<RevealRequest>,
) -> AppResult<Json<RevealedId>> {
    req.validate()?;
    auth.check_customer(&state.db, id).await?;
    let sealed = customers::sealed_national_id(&state.db, id).await?;
    let national_id = crate::crypto::unseal(&state.config.secret, &sealed).ok_or_else(|| {
        AppError::Internal("national ID cannot be unsealed with this server secret".into())
    })?;
    customers::audit(
        &state.db,
        auth.user.id,
        "customer.reveal_national_id",
        Some(id),
        req.reason.trim(),
    )
    .await?;
    Ok(Json(RevealedId { national_id }))
}

/// Campaigns the customer was a member of: arm, delivery and attributed response.
#[utoipa::path(get, path = "/api/v1/customers/{id}/campaigns", tag = "customers",
    params(("id" = i64, Path, description = "Customer id")),
    responses((status = 200, body = Vec<crm_api::campaigns::CustomerCampaign>), (status = 404, body = crm_api::ApiErrorBody)))]
pub async fn list_customer_campaigns(
    State(state): State<AppState>,
    auth: Auth<CustomerStaff>,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<crm_api::campaigns::CustomerCampaign>>> {
    auth.open_customer(&state.db, id, "customer.view_campaigns")
        .await?;
    Ok(Json(customers::campaigns(&state.db, id).await?))
}
