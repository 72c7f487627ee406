//! Request extractors: JSON and query strings that fail with the one error
//! body, and [`Auth`], which admits a request only for the roles its
//! [`Policy`] names.

use std::marker::PhantomData;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use crm_api::Role;
use crm_api::auth::UserInfo;
use serde::Serialize;

use crate::AppState;
use crate::auth::{self, SESSION_COOKIE};
use crate::domain::scope::Scope;
use crate::error::AppError;

/// JSON body or response; a body that cannot be read is a 400/422 in the one error shape.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct Json<T>(pub T);

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::JsonDataError(e) => Self::InvalidBody(e.body_text()),
            JsonRejection::MissingJsonContentType(_) => {
                Self::BadRequest("expected Content-Type: application/json".to_owned())
            }
            other => Self::BadRequest(other.body_text()),
        }
    }
}

/// Query string; an unreadable one is a 400 in the one error shape.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct Query<T>(pub T);

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> Self {
        Self::BadRequest(rejection.body_text())
    }
}

/// Which roles may use a route.
pub trait Policy: Send + Sync + 'static {
    /// The admitted roles.
    const ROLES: &'static [Role];
    /// Whether the route is open while the user still has a one-time password
    /// (only the password change and reading the session are).
    const WITH_ONE_TIME_PASSWORD: bool = false;
}

/// Any signed-in user.
pub struct AnyRole;
impl Policy for AnyRole {
    const ROLES: &'static [Role] = Role::ALL;
}

/// Any signed-in user, even one who must still replace a one-time password.
pub struct PasswordChange;
impl Policy for PasswordChange {
    const ROLES: &'static [Role] = Role::ALL;
    const WITH_ONE_TIME_PASSWORD: bool = true;
}

/// Staff who work with customer records: managers, marketers, agents.
/// Administrators run the system and do not see customer data.
pub struct CustomerStaff;
impl Policy for CustomerStaff {
    const ROLES: &'static [Role] = &[Role::Manager, Role::Marketer, Role::Agent];
}

/// Marketing: marketers build segments and campaigns; managers too (and approve).
pub struct Marketing;
impl Policy for Marketing {
    const ROLES: &'static [Role] = &[Role::Manager, Role::Marketer];
}

/// Managers only (e.g. revealing a national ID, with a reason).
pub struct Managers;
impl Policy for Managers {
    const ROLES: &'static [Role] = &[Role::Manager];
}

/// Front-line service: managers and agents (follow-up tasks, tickets).
pub struct ServiceStaff;
impl Policy for ServiceStaff {
    const ROLES: &'static [Role] = &[Role::Manager, Role::Agent];
}

/// Administrators only.
pub struct Admins;
impl Policy for Admins {
    const ROLES: &'static [Role] = &[Role::Admin];
}

/// Cardholders only (their own data, via `/me`).
pub struct Cardholders;
impl Policy for Cardholders {
    const ROLES: &'static [Role] = &[Role::Cardholder];
}

/// The signed-in user, admitted by policy `P`: 401 without a live session,
/// 403 when the role is not in `P::ROLES`.
pub struct Auth<P: Policy> {
    /// Who is asking.
    pub user: UserInfo,
    /// Which customers the user may see (branch data separation).
    pub scope: Scope,
    /// Hash of the session token (identifies the session row).
    pub session_hash: String,
    /// When the session ends regardless of activity (Unix seconds).
    pub expires_at: i64,
    _policy: PhantomData<fn() -> P>,
}

impl<P: Policy> Auth<P> {
    /// 404 unless customer `id` exists and is in this user's scope.
    pub async fn check_customer(&self, db: &crate::Db, id: i64) -> Result<(), AppError> {
        crate::db::scope::require_customer(db, &self.scope, id).await
    }

    /// 404 unless customer `id` is in this user's scope; then writes the read
    /// (`action`, e.g. `customer.view_statements`) to the audit log.
    pub async fn open_customer(
        &self,
        db: &crate::Db,
        id: i64,
        action: &str,
    ) -> Result<(), AppError> {
        self.check_customer(db, id).await?;
        crate::db::customers::audit(db, self.user.id, action, Some(id), "").await
    }

    /// The customer a cardholder is; 403 for anyone else.
    pub fn own_customer_id(&self) -> Result<i64, AppError> {
        self.user.customer_id.ok_or(AppError::Forbidden)
    }
}

impl<P: Policy> FromRequestParts<AppState> for Auth<P> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = cookie(&parts.headers, SESSION_COOKIE).ok_or(AppError::Unauthenticated)?;
        let session = auth::load_session(state, &token)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        if !P::ROLES.contains(&session.user.role) {
            return Err(AppError::Forbidden);
        }
        if session.user.must_change_password && !P::WITH_ONE_TIME_PASSWORD {
            return Err(AppError::PasswordChangeRequired);
        }
        Ok(Self {
            user: session.user,
            scope: session.scope,
            session_hash: session.hash,
            expires_at: session.expires_at,
            _policy: PhantomData,
        })
    }
}

/// The value of cookie `name` in the request's `Cookie` headers.
#[must_use]
pub fn cookie(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// The `Idempotency-Key` header of a money- or points-moving POST, trimmed;
/// a missing or over-long key is added to `e` (and an empty string returned).
pub fn idempotency_key_into(
    headers: &axum::http::HeaderMap,
    e: &mut crm_api::validate::Errors,
) -> String {
    use crm_api::validate::Problem;
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .unwrap_or_default();
    if key.is_empty() {
        e.add("Idempotency-Key", Problem::Required);
    } else if key.len() > 100 {
        e.add("Idempotency-Key", Problem::TooLong { max: 100 });
    }
    key.to_owned()
}

/// The `Idempotency-Key` header; 422 when missing or over 100 bytes.
///
/// # Errors
/// A 422 naming the header.
pub fn idempotency_key(headers: &axum::http::HeaderMap) -> Result<String, AppError> {
    let mut e = crm_api::validate::Errors::default();
    let key = idempotency_key_into(headers, &mut e);
    e.into_result()?;
    Ok(key)
}

/// The strong `ETag` of row version `version`: `"<version>"`.
#[must_use]
pub fn etag(version: i64) -> (axum::http::HeaderName, String) {
    (axum::http::header::ETAG, format!("\"{version}\""))
}

/// The row version an edit's `If-Match` names: 428 when the header is
/// missing, 412 when it names no version (`*` or garbage never matches).
pub fn if_match(headers: &axum::http::HeaderMap) -> Result<i64, AppError> {
    let value = headers
        .get(axum::http::header::IF_MATCH)
        .ok_or(AppError::PreconditionRequired)?;
    value
        .to_str()
        .ok()
        .map(|v| v.trim().trim_start_matches("W/").trim_matches('"'))
        .and_then(|v| v.parse::<i64>().ok())
        .ok_or(AppError::PreconditionFailed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderMap, HeaderValue, header};

    #[test]
    fn if_match_reads_the_etag_of_a_version() {
        let mut headers = HeaderMap::new();
        assert!(matches!(
            if_match(&headers),
            Err(AppError::PreconditionRequired)
        ));
        headers.insert(header::IF_MATCH, HeaderValue::from_static("\"7\""));
        assert_eq!(if_match(&headers).ok(), Some(7));
        headers.insert(header::IF_MATCH, HeaderValue::from_static("W/\"8\""));
        assert_eq!(if_match(&headers).ok(), Some(8));
        headers.insert(header::IF_MATCH, HeaderValue::from_static("*"));
        assert!(matches!(
            if_match(&headers),
            Err(AppError::PreconditionFailed)
        ));
        assert_eq!(etag(3).1, "\"3\"");
    }

    #[test]
    fn cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; cardinal_session=tok; b=2"),
        );
        assert_eq!(cookie(&headers, "cardinal_session").as_deref(), Some("tok"));
        assert_eq!(cookie(&headers, "missing"), None);
    }
}
