//! The audit log as the administrator's audit screen reads it.

use serde::{Deserialize, Serialize};

/// One audit entry: who did what, to which customer, when, from where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    /// Entry id (increasing).
    pub id: i64,
    /// When (Unix seconds, UTC).
    pub at: i64,
    /// Who: the user id; `None` for a failed sign-in.
    pub user_id: Option<i64>,
    /// Who: the login name (for a failed sign-in, the name that was tried is not kept).
    pub username: Option<String>,
    /// What, e.g. `session.sign_in`, `customer.view_360`, `user.disable`.
    pub action: String,
    /// Which customer, if the action concerns one.
    pub customer_id: Option<i64>,
    /// Details (ids, reasons, counts; never personal data).
    pub detail: String,
    /// Client address the request came from.
    pub ip: Option<String>,
}

/// `GET /api/v1/audit` filters (all optional) and paging.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(default)]
pub struct AuditQuery {
    /// Login name of the actor (exact).
    pub user: Option<String>,
    /// Customer id.
    pub customer_id: Option<i64>,
    /// Action, exact or a prefix ending in `.` (e.g. `user.`).
    pub action: Option<String>,
    /// From this day, YYYY-MM-DD (Asia/Shanghai), inclusive.
    pub from: Option<String>,
    /// To this day, YYYY-MM-DD (Asia/Shanghai), inclusive.
    pub to: Option<String>,
    /// Page, from 1.
    pub page: Option<u32>,
    /// Entries per page (1–200, default 50).
    pub per_page: Option<u32>,
}
