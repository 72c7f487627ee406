//! Imports from the admin UI: the CSV is the request body; the answer is the
//! report. A dry run validates and counts without writing.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use crm_api::imports::{ImportKind, ImportReport};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::now;
use crate::error::{AppError, AppResult};
use crate::extract::{Admins, Auth, Json, Query};
use crate::import::{Options, import_file};

/// Largest upload the UI may send (the command line has no limit).
pub const MAX_UPLOAD: usize = 256 << 20;

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import))
        .layer(DefaultBodyLimit::max(MAX_UPLOAD))
}

/// What the body holds and whether to write.
#[derive(Debug, Deserialize, IntoParams)]
pub struct ImportQuery {
    /// customers, cards or transactions.
    pub kind: ImportKind,
    /// Validate and count only.
    #[serde(default)]
    pub dry_run: bool,
}

/// Imports the CSV in the body (UTF-8 or GBK, comma or tab, header row): all
/// rows or none; a second import of the same file adds nothing. Card numbers
/// are tokenised; the report never quotes a cell.
#[utoipa::path(post, path = "/api/v1/imports", tag = "imports", params(ImportQuery),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = ImportReport), (status = 400, body = crm_api::ApiErrorBody),
              (status = 413, body = crm_api::ApiErrorBody)))]
pub async fn import(
    State(state): State<AppState>,
    auth: Auth<Admins>,
    Query(q): Query<ImportQuery>,
    body: Bytes,
) -> AppResult<Json<ImportReport>> {
    if body.is_empty() {
        return Err(AppError::BadRequest("the file is empty".to_owned()));
    }
    let path = std::env::temp_dir().join(format!(
        "cardinal-upload-{}-{}.csv",
        std::process::id(),
        rand::random::<u64>()
    ));
    std::fs::write(&path, &body)
        .map_err(|e| AppError::Internal(format!("cannot spool the upload: {e}")))?;
    let opts = Options {
        kind: q.kind,
        dry_run: q.dry_run,
        mapping: std::collections::BTreeMap::new(),
        user_id: auth.user.id,
        now: now(),
        progress: false,
        errors_to: None,
    };
    let result = import_file(&state.db, &state.config, &path, &opts).await;
    let _ = std::fs::remove_file(&path);
    let report = result?;
    if report.committed && report.inserted > 0 {
        // the insight and dashboards catch up in the background
        let db = state.db.clone();
        tokio::spawn(async move {
            let opts = crate::analytics::AnalyticsOptions {
                incremental: true,
                ..crate::analytics::AnalyticsOptions::full(now())
            };
            if let Err(e) = crate::analytics::run(&db, &opts).await {
                tracing::warn!("analytics after an import failed: {e}");
            }
        });
    }
    Ok(Json(report))
}
