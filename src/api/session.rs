//! Sign in, who am I, sign out.

use crm_api::auth::{SessionInfo, SignInRequest};
use crm_api::users::PasswordChangeRequest;

use super::ApiError;

/// Signs in; the server sets the session cookie.
pub async fn sign_in(req: &SignInRequest) -> Result<SessionInfo, ApiError> {
    super::post("/api/v1/session", req).await
}

/// The current session, or `None` when signed out (the probe never answers 401, so a
/// signed-out start logs no failed request).
pub async fn current() -> Result<Option<SessionInfo>, ApiError> {
    super::get("/api/v1/session/probe").await
}

/// Ends the session on the server.
pub async fn sign_out() -> Result<(), ApiError> {
    super::delete("/api/v1/session").await
}

/// The current session from `GET /api/v1/session` (401 when it has ended).
pub async fn get() -> Result<SessionInfo, ApiError> {
    super::get("/api/v1/session").await
}

/// Changes the signed-in user's own password; the server ends every other
/// session of the user and keeps this one.
pub async fn change_password(req: &PasswordChangeRequest) -> Result<(), ApiError> {
    super::put_quiet("/api/v1/session/password", req).await
}
