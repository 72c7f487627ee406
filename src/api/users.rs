//! User administration.

use crm_api::Page;
use crm_api::query::{PageQuery, url};
use crm_api::users::UserView;

use super::ApiError;

/// A page of users.
pub async fn list(page: u32) -> Result<Page<UserView>, ApiError> {
    super::get(&url("/api/v1/users", &PageQuery::page(page))).await
}
