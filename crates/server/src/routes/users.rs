//! User administration (administrators only).

use axum::extract::State;
use crm_api::Page;
use crm_api::query::PageQuery;
use crm_api::users::UserView;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::db::users;
use crate::error::AppResult;
use crate::extract::{Admins, Auth, Json, Query};

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_users))
}

/// All users, staff first.
#[utoipa::path(get, path = "/api/v1/users", tag = "users", params(PageQuery),
    responses((status = 200, body = Page<UserView>), (status = 401, body = crm_api::ApiErrorBody),
              (status = 403, body = crm_api::ApiErrorBody)))]
pub async fn list_users(
    State(state): State<AppState>,
    _auth: Auth<Admins>,
    Query(query): Query<PageQuery>,
) -> AppResult<Json<Page<UserView>>> {
    let (page, per_page, offset) = query.resolve()?;
    let (items, total) = users::list(&state.db, i64::from(per_page), offset).await?;
    Ok(Json(Page {
        items,
        total,
        page,
        per_page,
    }))
}
