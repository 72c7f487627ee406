//! Imports (admin).

use crm_api::imports::{ImportKind, ImportReport};

use super::ApiError;

/// Sends a CSV file; `dry_run` validates and counts without writing.
pub async fn import(
    kind: ImportKind,
    dry_run: bool,
    bytes: Vec<u8>,
) -> Result<ImportReport, ApiError> {
    super::post_bytes(
        &format!("/api/v1/imports?kind={}&dry_run={dry_run}", kind.as_str()),
        "text/csv",
        bytes,
    )
    .await
}
