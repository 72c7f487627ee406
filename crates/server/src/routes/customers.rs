//! Customer search and the customer 360 (staff who serve customers).

use axum::extract::{Path, State};
use crm_api::cards::TransactionView;
use crm_api::customers::{
    CategorySpend, Customer360, CustomerSearchQuery, CustomerSummary, MonthSpend,
};
use crm_api::{Money, Page};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::db::{cards, customers};
use crate::domain::{spend, time};
use crate::error::{AppError, AppResult};
use crate::extract::{Auth, CustomerStaff, Json, Query};

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_customers))
        .routes(routes!(get_customer))
        .routes(routes!(list_customer_transactions))
}

/// Search customers by name prefix, full mobile number, card last four or
/// customer number; paginated on the server, with the total count.
#[utoipa::path(get, path = "/api/v1/customers", tag = "customers", params(CustomerSearchQuery),
    responses((status = 200, body = Page<CustomerSummary>), (status = 401, body = crm_api::ApiErrorBody),
              (status = 403, body = crm_api::ApiErrorBody), (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn list_customers(
    State(state): State<AppState>,
    _auth: Auth<CustomerStaff>,
    Query(query): Query<CustomerSearchQuery>,
) -> AppResult<Json<Page<CustomerSummary>>> {
    let (page, per_page) = query.paging()?;
    let offset = i64::from(page - 1) * i64::from(per_page);
    let (items, total) =
        customers::search(&state.db, &query.term(), i64::from(per_page), offset).await?;
    Ok(Json(Page {
        items,
        total,
        page,
        per_page,
    }))
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
    let view = customer_360(&state, id).await?;
    customers::audit(&state.db, auth.user.id, "view_360", Some(id), "").await?;
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
    let (cards, rows, (recent, _), points_balance) = tokio::try_join!(
        cards::of_customer(db, id),
        customers::spend_rows(db, id, since),
        cards::transactions(db, id, 20, 0),
        customers::points_balance(db, id),
    )?;
    let rollup = spend::rollup(&rows, &months);
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
        as_of: crate::auth::now(),
    })
}

/// Paging of transaction lists.
#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct PageQuery {
    /// 1-based page (default 1).
    pub page: Option<u32>,
    /// Rows per page, 1–100 (default 20).
    pub per_page: Option<u32>,
}

impl PageQuery {
    /// Validated `(page, per_page, offset)`.
    pub fn resolve(&self) -> AppResult<(u32, u32, i64)> {
        let q = CustomerSearchQuery {
            q: None,
            page: self.page,
            per_page: self.per_page,
        };
        let (page, per_page) = q.paging().map_err(AppError::Validation)?;
        Ok((page, per_page, i64::from(page - 1) * i64::from(per_page)))
    }
}

/// All transactions of a customer, newest first.
#[utoipa::path(get, path = "/api/v1/customers/{id}/transactions", tag = "customers",
    params(("id" = i64, Path, description = "Customer id"), PageQuery),
    responses((status = 200, body = Page<TransactionView>), (status = 404, body = crm_api::ApiErrorBody)))]
pub async fn list_customer_transactions(
    State(state): State<AppState>,
    _auth: Auth<CustomerStaff>,
    Path(id): Path<i64>,
    Query(query): Query<PageQuery>,
) -> AppResult<Json<Page<TransactionView>>> {
    let (page, per_page, offset) = query.resolve()?;
    customers::profile(&state.db, id).await?;
    let (items, total) = cards::transactions(&state.db, id, i64::from(per_page), offset).await?;
    Ok(Json(Page {
        items,
        total,
        page,
        per_page,
    }))
}
