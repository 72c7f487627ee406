//! The audit log: search and CSV export.

use crm_api::Page;
use crm_api::audit::{AuditEntry, AuditQuery};
use crm_api::query::url;

use super::ApiError;

/// A page of entries matching `query`, newest first.
pub async fn search(query: &AuditQuery) -> Result<Page<AuditEntry>, ApiError> {
    super::get(&url("/api/v1/audit", query)).await
}

/// The CSV download of every entry matching `query` (without paging).
#[must_use]
pub fn csv_url(query: &AuditQuery) -> String {
    let all = AuditQuery {
        page: None,
        per_page: None,
        ..query.clone()
    };
    url("/api/v1/audit.csv", &all)
}
