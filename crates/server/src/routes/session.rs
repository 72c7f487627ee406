//! Sign in, who am I, sign out.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{AppendHeaders, IntoResponse, Response};
use crm_api::auth::{SessionInfo, SignInRequest};
use crm_api::users::PasswordChangeRequest;
use crm_api::validate::{Errors, Problem};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::{self, SESSION_COOKIE};
use crate::db::{audit, sign_in, users};
use crate::error::{AppError, AppResult};
use crate::extract::{Auth, Json, PasswordChange, cookie};

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_session, get_session, delete_session))
        .routes(routes!(probe_session))
        .routes(routes!(change_password))
}

/// Sign in with user name and password. Sets the HttpOnly session cookie.
/// After 5 failures on one account within 15 minutes each further attempt
/// waits (2 s, doubling, at most a minute); 30 failures from one address
/// refuse it for the rest of the window. Both answer 429 with `Retry-After`.
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = SignInRequest,
    responses(
        (status = 200, body = SessionInfo, description = "Signed in; Set-Cookie carries the session"),
        (status = 401, body = crm_api::ApiErrorBody, description = "Wrong user name or password"),
        (status = 422, body = crm_api::ApiErrorBody),
        (status = 429, body = crm_api::ApiErrorBody, description = "Too many failures; see Retry-After")))]
pub async fn create_session(
    State(state): State<AppState>,
    Json(req): Json<SignInRequest>,
) -> AppResult<Response> {
    req.validate()?;
    let cfg = &state.config;
    let now = crate::domain::time::now();
    let limits = auth::Limits::of(cfg);
    let address = audit::client_ip().unwrap_or_else(|| "local".to_owned());
    let (account_key, address_key) = auth::limiter_keys(&req.username, &address);
    let waits = [
        limits.address_wait(sign_in::get(&state.db, &address_key).await?.as_ref(), now),
        limits.account_wait(sign_in::get(&state.db, &account_key).await?.as_ref(), now),
    ];
    if let Some(retry_after) = waits.into_iter().flatten().max() {
        return Err(AppError::RateLimited { retry_after });
    }
    let creds = users::credentials(&state.db, req.username.trim()).await?;
    let hash = creds.as_ref().map_or_else(
        || auth::dummy_hash().to_owned(),
        |c| c.password_hash.clone(),
    );
    let ok = auth::verify_blocking(req.password.clone(), hash).await?;
    let Some(creds) = creds.filter(|c| ok && c.active) else {
        for key in [&account_key, &address_key] {
            sign_in::fail(&state.db, key, now, limits.window).await?;
        }
        let entry = audit::Entry {
            user_id: users::id_of(&state.db, req.username.trim()).await?,
            action: "session.sign_in_failed",
            customer_id: None,
            detail: "",
        };
        audit::insert(&state.db.pool, entry, now).await?;
        tracing::info!("sign-in failed");
        return Err(AppError::BadCredentials);
    };
    sign_in::clear(&state.db, &account_key, now, limits.window).await?;
    let (token, expires_at) = auth::create_session(&state, creds.id).await?;
    audit::insert(
        &state.db.pool,
        audit::Entry::by(creds.id, "session.sign_in", ""),
        now,
    )
    .await?;
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

/// Change your own password: the current one, and a new one that follows
/// the password rules (at least 12 characters, not common, not containing the
/// user name). Every other session of the user ends; a wrong current password
/// counts as a failed sign-in.
#[utoipa::path(put, path = "/api/v1/session/password", tag = "session",
    request_body = PasswordChangeRequest,
    responses(
        (status = 204, description = "Changed; other sessions ended"),
        (status = 401, body = crm_api::ApiErrorBody),
        (status = 422, body = crm_api::ApiErrorBody),
        (status = 429, body = crm_api::ApiErrorBody)))]
pub async fn change_password(
    State(state): State<AppState>,
    auth: Auth<PasswordChange>,
    Json(req): Json<PasswordChangeRequest>,
) -> AppResult<StatusCode> {
    req.validate(&auth.user.username)?;
    let now = crate::domain::time::now();
    let limits = auth::Limits::of(&state.config);
    let (account_key, _) = auth::limiter_keys(&auth.user.username, "");
    if let Some(retry_after) =
        limits.account_wait(sign_in::get(&state.db, &account_key).await?.as_ref(), now)
    {
        return Err(AppError::RateLimited { retry_after });
    }
    let creds = users::credentials(&state.db, &auth.user.username)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    if !auth::verify_blocking(req.current_password.clone(), creds.password_hash).await? {
        sign_in::fail(&state.db, &account_key, now, limits.window).await?;
        let mut e = Errors::default();
        e.add(
            "current_password",
            Problem::Format {
                zh: "当前密码不正确。",
                en: "The current password is wrong.",
            },
        );
        return Err(e.into());
    }
    let hash = auth::hash_blocking(req.new_password.clone()).await?;
    let entry = audit::Entry::by(auth.user.id, "user.password_change", "");
    users::set_password(
        &state.db,
        auth.user.id,
        &hash,
        false,
        Some(&auth.session_hash),
        entry,
        now,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in user and when the session ends.
#[utoipa::path(get, path = "/api/v1/session", tag = "session",
    responses((status = 200, body = SessionInfo), (status = 401, body = crm_api::ApiErrorBody)))]
pub async fn get_session(
    State(state): State<AppState>,
    auth: Auth<PasswordChange>,
) -> Json<SessionInfo> {
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
        if let Some(session) = auth::load_session(&state, &token).await? {
            let entry = audit::Entry::by(session.user.id, "session.sign_out", "");
            audit::insert(&state.db.pool, entry, crate::domain::time::now()).await?;
        }
        auth::delete_session(&state, &auth::token_hash(&token)).await?;
    }
    let clear = auth::session_cookie("", 0, state.config.secure_cookies);
    Ok((
        StatusCode::NO_CONTENT,
        AppendHeaders([(header::SET_COOKIE, clear)]),
    )
        .into_response())
}
