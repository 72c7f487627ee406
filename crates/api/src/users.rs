//! Staff user administration.

use serde::{Deserialize, Serialize};

use crate::enums::Role;

/// A user as the admin's user list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserView {
    /// User id.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Home branch name, for staff.
    pub branch_name: Option<String>,
    /// Whether the user may sign in.
    pub active: bool,
    /// Created (Unix seconds, UTC).
    pub created_at: i64,
}
