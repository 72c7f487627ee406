//! User administration: users, their one-time passwords, and branches.

use crm_api::Page;
use crm_api::query::{PageQuery, url};
use crm_api::users::{BranchView, NewUserRequest, UpdateUserRequest, UserView, UserWithPassword};

use super::{ApiError, Tagged};

/// A page of users.
pub async fn list(page: u32) -> Result<Page<UserView>, ApiError> {
    super::get(&url("/api/v1/users", &PageQuery::page(page))).await
}

/// One user with the `ETag` to edit it by (the row version when the server
/// sent no header).
pub async fn get(id: i64) -> Result<Tagged<UserView>, ApiError> {
    super::get_tagged(&format!("/api/v1/users/{id}"))
        .await
        .map(with_version_tag)
}

/// Creates a staff user; the answer holds the one-time password (shown once).
pub async fn create(req: &NewUserRequest) -> Result<UserWithPassword, ApiError> {
    super::post("/api/v1/users", req).await
}

/// Edits a user at the version `etag` names (412 when someone changed it since).
pub async fn update(
    id: i64,
    req: &UpdateUserRequest,
    etag: &str,
) -> Result<Tagged<UserView>, ApiError> {
    super::patch_if_match(&format!("/api/v1/users/{id}"), req, etag)
        .await
        .map(with_version_tag)
}

/// Forces a password reset: a new one-time password, every session ended.
pub async fn reset_password(id: i64) -> Result<UserWithPassword, ApiError> {
    super::post(
        &format!("/api/v1/users/{id}/password-reset"),
        &serde_json::json!({}),
    )
    .await
}

/// Every branch, by code.
pub async fn branches() -> Result<Vec<BranchView>, ApiError> {
    super::get("/api/v1/branches").await
}

fn with_version_tag(mut t: Tagged<UserView>) -> Tagged<UserView> {
    if t.etag.is_none() {
        t.etag = Some(format!("\"{}\"", t.value.version));
    }
    t
}
