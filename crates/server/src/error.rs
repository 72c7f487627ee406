//! One error type for every handler, mapped to the one error body in one place.
//!
//! [`AppError::into_response`] renders the body in Chinese and attaches the
//! error to the response; the [`localize_errors`] middleware re-renders it in
//! English when the request asked for English. Internal errors are logged with
//! their cause (never personal data) and answered with an opaque message.

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use crm_api::validate::{Errors, Lang};
use crm_api::{ApiErrorBody, ErrorCode};

/// Everything a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 400: unreadable request; the text is shown to the caller.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// 401: no live session.
    #[error("unauthenticated")]
    Unauthenticated,
    /// 401: sign-in with a wrong user name or password (never says which).
    #[error("bad credentials")]
    BadCredentials,
    /// 403.
    #[error("forbidden")]
    Forbidden,
    /// 403: a state-changing API call without the CSRF header.
    #[error("csrf header missing")]
    CsrfRejected,
    /// 403: only the password change is open to this session.
    #[error("password change required")]
    PasswordChangeRequired,
    /// 428: the edit did not say which version it changes.
    #[error("precondition required")]
    PreconditionRequired,
    /// 404.
    #[error("not found")]
    NotFound,
    /// 409, with what conflicted.
    #[error("conflict")]
    Conflict(Errors),
    /// 412: stale version on an edit.
    #[error("precondition failed")]
    PreconditionFailed,
    /// 422 with per-field problems.
    #[error("validation failed")]
    Validation(Errors),
    /// 422 for a body that parsed as JSON but not as the expected type.
    #[error("invalid body: {0}")]
    InvalidBody(String),
    /// 413: the body is larger than the route takes.
    #[error("payload too large")]
    PayloadTooLarge,
    /// 429, with seconds until a retry may succeed.
    #[error("rate limited")]
    RateLimited {
        /// Seconds to wait.
        retry_after: u64,
    },
    /// 500: the cause is logged, never sent.
    #[error("internal: {0}")]
    Internal(String),
}

impl AppError {
    /// The error class.
    #[must_use]
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::BadRequest(_) => ErrorCode::BadRequest,
            Self::Unauthenticated | Self::BadCredentials => ErrorCode::Unauthenticated,
            Self::Forbidden | Self::CsrfRejected => ErrorCode::Forbidden,
            Self::NotFound => ErrorCode::NotFound,
            Self::PasswordChangeRequired => ErrorCode::PasswordChangeRequired,
            Self::PreconditionRequired => ErrorCode::PreconditionRequired,
            Self::Conflict(_) => ErrorCode::Conflict,
            Self::PreconditionFailed => ErrorCode::PreconditionFailed,
            Self::Validation(_) | Self::InvalidBody(_) => ErrorCode::ValidationFailed,
            Self::RateLimited { .. } => ErrorCode::RateLimited,
            Self::PayloadTooLarge => ErrorCode::PayloadTooLarge,
            Self::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The error body in `lang`.
    #[must_use]
    pub fn body(&self, lang: Lang) -> ApiErrorBody {
        let mut body = ApiErrorBody::new(self.code(), lang);
        match self {
            Self::BadRequest(detail) | Self::InvalidBody(detail) => {
                body.error.message = format!("{} ({detail})", body.error.message);
            }
            Self::Validation(errors) | Self::Conflict(errors) => {
                body.error.fields = errors.messages(lang);
            }
            Self::CsrfRejected => {
                body.error.message = match lang {
                    Lang::Zh => "请求缺少 X-Cardinal-Request 头（防跨站请求伪造），已拒绝。",
                    Lang::En => "Refused: the X-Cardinal-Request header (cross-site request forgery guard) is missing.",
                }
                .to_owned();
            }
            Self::BadCredentials => {
                body.error.message = match lang {
                    Lang::Zh => "用户名或密码不正确。",
                    Lang::En => "Wrong user name or password.",
                }
                .to_owned();
            }
            _ => {}
        }
        body
    }

    fn render(&self, lang: Lang) -> Response {
        let status =
            StatusCode::from_u16(self.code().status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, axum::Json(self.body(lang))).into_response();
        if let Self::RateLimited { retry_after } = self
            && let Ok(value) = HeaderValue::from_str(&retry_after.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}

/// Kept on an error response so the middleware can re-render it.
#[derive(Clone)]
struct RenderedError(std::sync::Arc<AppError>);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let Self::Internal(cause) = &self {
            tracing::error!(%cause, "internal error");
        }
        let mut response = self.render(Lang::Zh);
        response
            .extensions_mut()
            .insert(RenderedError(std::sync::Arc::new(self)));
        response
    }
}

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        match &err {
            sqlx::Error::RowNotFound => Self::NotFound,
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                Self::Conflict(Errors::default())
            }
            _ => Self::Internal(err.to_string()),
        }
    }
}

impl From<Errors> for AppError {
    fn from(errors: Errors) -> Self {
        Self::Validation(errors)
    }
}

/// Language of the request: `Accept-Language`, Chinese by default.
#[must_use]
pub fn request_lang(headers: &axum::http::HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map_or(Lang::Zh, Lang::from_accept_language)
}

/// Re-renders error bodies in the request's language, and gives axum's own
/// API errors (unknown route, wrong method) the same body shape.
pub async fn localize_errors(request: Request, next: Next) -> Response {
    let lang = request_lang(request.headers());
    let is_api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if let Some(RenderedError(error)) = response.extensions().get::<RenderedError>().cloned() {
        if lang == Lang::Zh {
            return response;
        }
        let (parts, _) = response.into_parts();
        let mut fresh = error.render(lang);
        for (name, value) in &parts.headers {
            if name != header::CONTENT_LENGTH && name != header::CONTENT_TYPE {
                fresh.headers_mut().insert(name.clone(), value.clone());
            }
        }
        return fresh;
    }
    if is_api {
        let status = response.status();
        let code = match status {
            StatusCode::NOT_FOUND => Some(ErrorCode::NotFound),
            StatusCode::METHOD_NOT_ALLOWED => Some(ErrorCode::MethodNotAllowed),
            StatusCode::PAYLOAD_TOO_LARGE => Some(ErrorCode::PayloadTooLarge),
            _ => None,
        };
        if let Some(code) = code {
            let is_json = response
                .headers()
                .get(header::CONTENT_TYPE)
                .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
            if !is_json {
                let mut fresh = (status, axum::Json(ApiErrorBody::new(code, lang))).into_response();
                if let Some(allow) = response.headers().get(header::ALLOW) {
                    fresh.headers_mut().insert(header::ALLOW, allow.clone());
                }
                return fresh;
            }
        }
    }
    response
}

/// Result alias for handlers.
pub type AppResult<T> = Result<T, AppError>;
