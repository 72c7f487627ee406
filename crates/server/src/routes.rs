//! The HTTP surface: every API route under `/api/v1`, the OpenAPI document,
//! and the web app's static files with a fallback to `index.html` for deep links.

pub mod approvals;
pub mod audit;
pub mod campaigns;
pub mod card_actions;
pub mod customers;
pub mod dashboard;
pub mod health;
pub mod imports;
pub mod me;
pub mod portal;
pub mod segments;
pub mod session;
pub mod surveys;
pub mod tickets;
pub mod users;

use axum::http::{HeaderName, HeaderValue, Request, header};
use axum::routing::{any, get};
use axum::{Router, middleware};
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::AppState;
use crate::error::{AppError, localize_errors};
use crate::extract::Json;

/// Top-level OpenAPI metadata; paths are collected from the handlers.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Cardinal CRM API",
        description = "Credit-card CRM. JSON under /api/v1; errors always as \
                       {\"error\":{\"code\",\"message\",\"fields\"}}. Money is integer fen plus an \
                       ISO 4217 currency; times are Unix seconds UTC; dates are YYYY-MM-DD in Asia/Shanghai. \
                       Sign in with POST /api/v1/session; the session is an HttpOnly cookie."
    ),
    components(schemas(crm_api::ApiErrorBody))
)]
struct ApiDoc;

/// All API routes with their OpenAPI description.
fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(health::router())
        .merge(session::router())
        .merge(customers::router())
        .merge(me::router())
        .merge(portal::router())
        .merge(users::router())
        .merge(audit::router())
        .merge(segments::router())
        .merge(campaigns::router())
        .merge(surveys::router())
        .merge(dashboard::router())
        .merge(tickets::router())
        .merge(card_actions::router())
        .merge(approvals::router())
        .merge(imports::router())
}

/// The OpenAPI document (also served at `/api/v1/openapi.json`).
#[must_use]
pub fn openapi() -> utoipa::openapi::OpenApi {
    api_routes().split_for_parts().1
}

/// The whole application: API, OpenAPI document, and (when configured) the web app.
pub fn router(state: AppState) -> Router {
    let (api, doc) = api_routes().split_for_parts();
    let doc = std::sync::Arc::new(doc);
    let mut app = api
        .route(
            "/api/v1/openapi.json",
            get(move || {
                let doc = doc.clone();
                async move { Json(doc.as_ref().clone()) }
            }),
        )
        .route("/api", any(api_not_found))
        .route("/api/{*rest}", any(api_not_found))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    if let Some(dist) = &state.config.web_dist {
        let index = dist.join("index.html");
        app = app.fallback_service(ServeDir::new(dist).fallback(ServeFile::new(index)));
    }
    app.layer(middleware::from_fn_with_state(
        state.clone(),
        crate::security::guard,
    ))
    .layer(middleware::from_fn(localize_errors))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("x-content-type-options"),
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("x-frame-options"),
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("referrer-policy"),
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(CompressionLayer::new())
        .layer(
            // Spans carry the method and path only: query strings can hold
            // names and phone numbers, which must never reach the logs.
            TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                tracing::info_span!("http", method = %req.method(), path = %req.uri().path())
            }),
        )
        .with_state(state)
}

async fn api_not_found() -> AppError {
    AppError::NotFound
}
