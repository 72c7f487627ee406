//! Imports from the admin UI. The CSV is the request body; the import runs
//! in the background as a recorded run whose progress the page polls
//! (`wait=true` answers only when it is done). A dry run validates and
//! counts without writing. Every problem of a run can be downloaded as CSV;
//! column mappings can be saved and reused.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use crm_api::Page;
use crm_api::imports::{ImportMapping, ImportRun, NewImportMapping};
use crm_api::query::{ImportQuery, LangQuery, MappingListQuery, PageQuery};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::domain::time::now;
use crate::error::{AppError, AppResult};
use crate::extract::{Admins, Auth, Json, Query};
use crate::import::Options;
use crate::import::runs;

/// Largest upload the UI may send (the command line has no limit).
pub const MAX_UPLOAD: usize = 256 << 20;

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import, list_runs))
        .routes(routes!(get_run))
        .routes(routes!(problems))
        .routes(routes!(list_mappings, save_mapping))
        .routes(routes!(delete_mapping))
}

/// Writes the request body to `path` as it arrives (never held in memory
/// whole); answers its size. Refuses an empty body and one over `limit` bytes
/// ([`MAX_UPLOAD`] for the route), leaving no file behind.
async fn spool(body: Body, path: &std::path::Path, limit: u64) -> AppResult<u64> {
    use futures_util::StreamExt as _;
    use std::io::Write as _;
    let failed = |e: std::io::Error| AppError::Internal(format!("cannot spool the upload: {e}"));
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).map_err(failed)?);
    let mut stream = body.into_data_stream();
    let mut size = 0_u64;
    let outcome = loop {
        let Some(chunk) = stream.next().await else {
            break Ok(());
        };
        let Ok(chunk) = chunk else {
            break Err(AppError::BadRequest(
                "the upload was interrupted".to_owned(),
            ));
        };
        size += chunk.len() as u64;
        if size > limit {
            break Err(AppError::PayloadTooLarge);
        }
        // small writes into the page cache: not worth a blocking thread
        if let Err(e) = file.write_all(&chunk) {
            break Err(failed(e));
        }
    };
    let outcome = outcome.and_then(|()| file.flush().map_err(failed));
    let outcome = outcome.and_then(|()| {
        if size == 0 {
            Err(AppError::BadRequest("the file is empty".to_owned()))
        } else {
            Ok(size)
        }
    });
    if outcome.is_err() {
        let _ = std::fs::remove_file(path);
    }
    outcome
}

/// Starts importing the CSV in the body (UTF-8 or GBK, comma or tab, header
/// row): all rows or none; a second import of the same file adds nothing.
/// Card numbers are tokenised; reports never quote a cell. Answers the run
/// (202 while it runs; 200 done with `wait=true`). One import at a time.
#[utoipa::path(post, path = "/api/v1/imports", tag = "imports", params(ImportQuery),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 202, body = ImportRun), (status = 200, body = ImportRun),
              (status = 400, body = crm_api::ApiErrorBody), (status = 409, body = crm_api::ApiErrorBody),
              (status = 413, body = crm_api::ApiErrorBody)))]
pub async fn import(
    State(state): State<AppState>,
    auth: Auth<Admins>,
    Query(q): Query<ImportQuery>,
    body: Body,
) -> AppResult<(StatusCode, Json<ImportRun>)> {
    let mapping: BTreeMap<String, String> = match q.mapping.as_deref() {
        None | Some("") => BTreeMap::new(),
        Some(json) => serde_json::from_str(json).map_err(|_| {
            AppError::BadRequest("mapping must be a JSON object of header → field".to_owned())
        })?,
    };
    if mapping
        .values()
        .any(|f| !f.is_empty() && crm_api::imports::fields::field(q.kind, f).is_none())
    {
        let mut e = crm_api::validate::Errors::default();
        e.add("mapping", crm_api::validate::Problem::NotAllowed);
        return Err(AppError::Validation(e));
    }
    let busy = || {
        let mut e = crm_api::validate::Errors::default();
        e.add("file", crm_api::validate::Problem::NotAllowed);
        AppError::Conflict(e)
    };
    if state.imports.busy() {
        return Err(busy());
    }
    let path = std::env::temp_dir().join(format!(
        "cardinal-upload-{}-{}.csv",
        std::process::id(),
        rand::random::<u64>()
    ));
    let size = spool(body, &path, MAX_UPLOAD as u64).await?;
    let opts = Options {
        kind: q.kind,
        dry_run: q.dry_run,
        mapping,
        user_id: auth.user.id,
        now: now(),
        progress: false,
        errors_to: None,
        tracker: None,
    };
    let name = q.file_name.unwrap_or_else(|| "upload.csv".to_owned());
    // claimed before the run starts, so two uploads finishing together cannot both run
    let Some(claim) = state.imports.claim() else {
        let _ = std::fs::remove_file(&path);
        return Err(busy());
    };
    let run = match runs::start(&state.db, &opts, &name, size).await {
        Ok(run) => run,
        Err(e) => {
            let _ = std::fs::remove_file(&path);
            return Err(e);
        }
    };
    let task = {
        let state = state.clone();
        tokio::spawn(async move {
            let done =
                runs::execute(&state.db, &state.config, &state.imports, run, &path, opts).await;
            drop(claim);
            let _ = std::fs::remove_file(&path);
            let committed = done
                .as_ref()
                .ok()
                .and_then(|r| r.report.as_ref())
                .is_some_and(|r| r.committed && r.inserted > 0);
            if committed {
                // the insight and dashboards catch up
                let opts = crate::analytics::AnalyticsOptions {
                    incremental: true,
                    ..crate::analytics::AnalyticsOptions::full(now())
                };
                if let Err(e) = crate::analytics::run(&state.db, &opts).await {
                    tracing::warn!("analytics after an import failed: {e}");
                }
            }
            done
        })
    };
    if q.wait {
        let done = task
            .await
            .map_err(|e| AppError::Internal(format!("import task: {e}")))??;
        return Ok((StatusCode::OK, Json(done)));
    }
    let started = runs::get(&state.db, &state.imports, run)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((StatusCode::ACCEPTED, Json(started)))
}

/// Import runs, newest first.
#[utoipa::path(get, path = "/api/v1/imports", tag = "imports", params(PageQuery),
    responses((status = 200, body = Page<ImportRun>)))]
pub async fn list_runs(
    State(state): State<AppState>,
    _auth: Auth<Admins>,
    Query(q): Query<PageQuery>,
) -> AppResult<Json<Page<ImportRun>>> {
    let (page, per_page, offset) = q.resolve()?;
    Ok(Json(
        runs::list(&state.db, &state.imports, page, per_page, offset).await?,
    ))
}

/// One run: progress while it runs, the report once done.
#[utoipa::path(get, path = "/api/v1/imports/{id}", tag = "imports",
    params(("id" = i64, Path, description = "Run id")),
    responses((status = 200, body = ImportRun), (status = 404, body = crm_api::ApiErrorBody)))]
pub async fn get_run(
    State(state): State<AppState>,
    _auth: Auth<Admins>,
    Path(id): Path<i64>,
) -> AppResult<Json<ImportRun>> {
    runs::get(&state.db, &state.imports, id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}

/// Every problem of a run as CSV (line, field, code, message; UTF-8 with
/// BOM), streamed. Never quotes a cell of the file.
#[utoipa::path(get, path = "/api/v1/imports/{id}/problems.csv", tag = "imports",
    params(("id" = i64, Path, description = "Run id"), LangQuery),
    responses((status = 200, content_type = "text/csv", body = String), (status = 404, body = crm_api::ApiErrorBody)))]
pub async fn problems(
    State(state): State<AppState>,
    _auth: Auth<Admins>,
    Path(id): Path<i64>,
    Query(q): Query<LangQuery>,
) -> AppResult<axum::response::Response> {
    runs::get(&state.db, &state.imports, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let db = state.db.clone();
    let lang = q.lang;
    Ok(crate::csv_stream::stream(
        &format!("import-{id}-problems.csv"),
        crm_api::imports::ISSUES_CSV_HEADER,
        move |after| {
            let db = db.clone();
            async move { runs::problems_page(&db, id, after, lang).await }
        },
    ))
}

/// Saved column mappings, by kind and name.
#[utoipa::path(get, path = "/api/v1/import-mappings", tag = "imports", params(MappingListQuery),
    responses((status = 200, body = Vec<ImportMapping>)))]
pub async fn list_mappings(
    State(state): State<AppState>,
    _auth: Auth<Admins>,
    Query(q): Query<MappingListQuery>,
) -> AppResult<Json<Vec<ImportMapping>>> {
    Ok(Json(runs::mappings(&state.db, q.kind).await?))
}

/// Saves a column mapping (replacing one of the same kind and name).
#[utoipa::path(post, path = "/api/v1/import-mappings", tag = "imports",
    request_body = NewImportMapping,
    responses((status = 201, body = ImportMapping), (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn save_mapping(
    State(state): State<AppState>,
    auth: Auth<Admins>,
    Json(input): Json<NewImportMapping>,
) -> AppResult<(StatusCode, Json<ImportMapping>)> {
    input.validate().map_err(AppError::Validation)?;
    let saved = runs::save_mapping(&state.db, &input, auth.user.id, now()).await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// Deletes a saved mapping.
#[utoipa::path(delete, path = "/api/v1/import-mappings/{id}", tag = "imports",
    params(("id" = i64, Path, description = "Mapping id")),
    responses((status = 204), (status = 404, body = crm_api::ApiErrorBody)))]
pub async fn delete_mapping(
    State(state): State<AppState>,
    _auth: Auth<Admins>,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    if runs::delete_mapping(&state.db, id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn uploads_spool_to_disk_within_the_limit() {
        let path = std::env::temp_dir().join(format!("cardinal-spool-test-{}", std::process::id()));
        assert_eq!(
            spool(Body::from("a,b\n1,2\n"), &path, 100).await.ok(),
            Some(8)
        );
        assert_eq!(
            std::fs::read_to_string(&path).ok().as_deref(),
            Some("a,b\n1,2\n")
        );
        assert!(matches!(
            spool(Body::from("a,b\n1,2\n"), &path, 5).await,
            Err(AppError::PayloadTooLarge)
        ));
        assert!(!path.exists(), "a refused upload leaves no file");
        assert!(matches!(
            spool(Body::empty(), &path, 5).await,
            Err(AppError::BadRequest(_))
        ));
        assert!(!path.exists());
    }

    #[test]
    fn one_import_at_a_time() {
        let live = runs::Live::default();
        let claim = live.claim();
        assert!(claim.is_some() && live.busy());
        assert!(live.claim().is_none());
        drop(claim);
        assert!(!live.busy() && live.claim().is_some());
    }
}
