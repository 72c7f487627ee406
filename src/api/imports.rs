//! Imports (admin): start a run with the file as the body, poll it, list
//! past runs, and keep column mappings.

use std::collections::BTreeMap;

use crm_api::Page;
use crm_api::imports::{ImportKind, ImportMapping, ImportRun, NewImportMapping};
use crm_api::query::{ImportQuery, LangQuery, MappingListQuery, PageQuery, url};

use super::ApiError;

/// Starts importing `file`; `dry_run` validates and counts without writing.
/// `mapping` (header → field, `""` to ignore) overrides the automatic one.
pub async fn start(
    kind: ImportKind,
    dry_run: bool,
    file: &web_sys::File,
    mapping: &BTreeMap<String, String>,
) -> Result<ImportRun, ApiError> {
    let query = ImportQuery {
        kind,
        dry_run,
        file_name: Some(file.name()),
        mapping: serde_json::to_string(mapping).ok(),
        wait: false,
    };
    super::post_blob(&url("/api/v1/imports", &query), "text/csv", file).await
}

/// One run (progress while it runs, the report once done).
pub async fn run(id: i64) -> Result<ImportRun, ApiError> {
    super::get(&format!("/api/v1/imports/{id}")).await
}

/// Past runs, newest first.
pub async fn runs(page: u32) -> Result<Page<ImportRun>, ApiError> {
    super::get(&url("/api/v1/imports", &PageQuery::sized(page, 10))).await
}

/// Where every problem of a run downloads.
#[must_use]
pub fn problems_href(id: i64, lang: crm_api::validate::Lang) -> String {
    url(
        &format!("/api/v1/imports/{id}/problems.csv"),
        &LangQuery { lang },
    )
}

/// Saved mappings of `kind`.
pub async fn mappings(kind: ImportKind) -> Result<Vec<ImportMapping>, ApiError> {
    let query = MappingListQuery { kind: Some(kind) };
    super::get(&url("/api/v1/import-mappings", &query)).await
}

/// Saves a mapping (replacing one of the same name).
pub async fn save_mapping(input: &NewImportMapping) -> Result<ImportMapping, ApiError> {
    super::post("/api/v1/import-mappings", input).await
}

/// Deletes a saved mapping.
pub async fn delete_mapping(id: i64) -> Result<(), ApiError> {
    super::delete(&format!("/api/v1/import-mappings/{id}")).await
}
