//! Sign in, who am I, sign out.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{AppendHeaders, IntoResponse, Response};
use crm_api::auth::{SessionInfo, SignInRequest};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::{self, SESSION_COOKIE};
use crate::db::users;
use crate::error::{AppError, AppResult};
use crate::extract::{AnyRole, Auth, Json, cookie};

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_session, get_session, delete_session))
        .routes(routes!(probe_session))
}

/// Sign in with user name and password. Sets the HttpOnly session cookie.
/// Five failures for one user name within 15 minutes answer 429 until the window passes.
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = SignInRequest,
    responses(
        (status = 200, body = SessionInfo, description = "Signed in; Set-Cookie carries the session"),
        (status = 401, body = crm_api::ApiErrorBody, description = "Wrong user name or password"),
        (status = 422, body = crm_api::ApiErrorBody),
        (status = 429, body = crm_api::ApiErrorBody)))]
pub async fn create_session(
    State(state): State<AppState>,
    Json(req): Json<SignInRequest>,
) -> AppResult<Response> {
    req.validate()?;
    let cfg = &state.config;
    let now = crate::domain::time::now();
    if let Err(retry_after) = state.sign_in_limiter.check(
        &req.username,
        now,
        cfg.sign_in_max_failures,
        cfg.sign_in_window_secs,
    ) {
        return Err(AppError::RateLimited { retry_after });
    }
    let creds = users::credentials(&state.db, req.username.trim()).await?;
    let password = req.password.clone();
    let hash = creds.as_ref().map_or_else(
        || auth::dummy_hash().to_owned(),
        |c| c.password_hash.clone(),
    );
    let ok = tokio::task::spawn_blocking(move || auth::verify_password(&password, &hash))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let Some(creds) = creds.filter(|c| ok && c.active) else {
        state
            .sign_in_limiter
            .fail(&req.username, now, cfg.sign_in_window_secs);
        tracing::info!("sign-in failed");
        return Err(AppError::BadCredentials);
    };
    state.sign_in_limiter.succeed(&req.username);
    let (token, expires_at) = auth::create_session(&state, creds.id).await?;
    let session = auth::load_session(&state, &token)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let info = SessionInfo {
        user: session.user,
        expires_at,
        idle_timeout_secs: cfg.session_idle_secs,
    };
    let set_cookie = auth::session_cookie(&token, cfg.session_absolute_secs, cfg.secure_cookies);
    Ok((
        AppendHeaders([(header::SET_COOKIE, set_cookie)]),
        Json(info),
    )
        .into_response())
}

/// The signed-in user and when the session ends.
#[utoipa::path(get, path = "/api/v1/session", tag = "session",
    responses((status = 200, body = SessionInfo), (status = 401, body = crm_api::ApiErrorBody)))]
pub async fn get_session(State(state): State<AppState>, auth: Auth<AnyRole>) -> Json<SessionInfo> {
    Json(SessionInfo {
        user: auth.user,
        expires_at: auth.expires_at,
        idle_timeout_secs: state.config.session_idle_secs,
    })
}

/// Whether anyone is signed in: the session, or `null` — never 401, so a signed-out
/// browser opening the app has no failed request in its console.
#[utoipa::path(get, path = "/api/v1/session/probe", tag = "session",
    responses((status = 200, body = Option<SessionInfo>, description = "The session, or null when signed out")))]
pub async fn probe_session(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> AppResult<Json<Option<SessionInfo>>> {
    let Some(token) = cookie(&headers, SESSION_COOKIE) else {
        return Ok(Json(None));
    };
    Ok(Json(auth::load_session(&state, &token).await?.map(|s| {
        SessionInfo {
            user: s.user,
            expires_at: s.expires_at,
            idle_timeout_secs: state.config.session_idle_secs,
        }
    })))
}

/// Sign out: ends the session on the server and clears the cookie. Always 204.
#[utoipa::path(delete, path = "/api/v1/session", tag = "session",
    responses((status = 204, description = "Signed out")))]
pub async fn delete_session(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> AppResult<Response> {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        auth::delete_session(&state, &auth::token_hash(&token)).await?;
    }
    let clear = auth::session_cookie("", 0, state.config.secure_cookies);
    Ok((
        StatusCode::NO_CONTENT,
        AppendHeaders([(header::SET_COOKIE, clear)]),
    )
        .into_response())
}
