//! `GET /api/v1/health`: liveness and database reachability (no sign-in).

use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::AppResult;
use crate::extract::Json;
use crate::{AppState, Backend};
use axum::extract::State;

/// Health answer.
#[derive(Serialize, ToSchema)]
pub struct Health {
    /// `ok` when the database answered.
    pub status: &'static str,
    /// `sqlite` or `postgres`.
    pub database: &'static str,
    /// Server version.
    pub version: &'static str,
}

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_health))
}

/// Liveness and database check.
#[utoipa::path(get, path = "/api/v1/health", tag = "system",
    responses((status = 200, body = Health), (status = 500, body = crm_api::ApiErrorBody)))]
pub async fn get_health(State(state): State<AppState>) -> AppResult<Json<Health>> {
    crate::db::health::ping(&state.db).await?;
    Ok(Json(Health {
        status: "ok",
        database: match state.db.backend {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        },
        version: env!("CARGO_PKG_VERSION"),
    }))
}
