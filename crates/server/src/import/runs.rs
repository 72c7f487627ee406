//! Import runs: each import (from the UI or the command line) is a row of
//! `import_runs` — who, which file, how far, the report once done — and
//! every problem it found is kept in `import_problems` for download in full.
//! Saved column mappings live in `import_mappings`.
//!
//! While a run is going, its progress lives in memory ([`Live`]); the run
//! row is written when it starts and when it ends (on SQLite the import's
//! own transaction holds the write lock in between).

use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use crm_api::Page;
use crm_api::imports::{
    ImportKind, ImportMapping, ImportReport, ImportRun, ImportStatus, IssueCode, NewImportMapping,
};
use crm_api::validate::Lang;
use sqlx::Row;

use super::{Options, Progress, import_file};
use crate::error::AppError;
use crate::{Config, Db};

/// Progress of the runs going on in this process, by run id, and whether an
/// upload holds the one import slot.
#[derive(Debug, Default)]
pub struct Live {
    runs: Mutex<HashMap<i64, Arc<Progress>>>,
    claimed: Arc<std::sync::atomic::AtomicBool>,
}

/// The one import slot, held from the upload to the end of its run.
#[derive(Debug)]
pub struct Claim(Arc<std::sync::atomic::AtomicBool>);

impl Drop for Claim {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

impl Live {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Arc<Progress>>> {
        self.runs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Progress of run `id`, while it runs here.
    #[must_use]
    pub fn get(&self, id: i64) -> Option<Arc<Progress>> {
        self.lock().get(&id).cloned()
    }

    /// Whether an import is going (or about to).
    #[must_use]
    pub fn busy(&self) -> bool {
        self.claimed.load(Ordering::Acquire) || !self.lock().is_empty()
    }

    /// Takes the import slot, unless another import holds it.
    #[must_use]
    pub fn claim(&self) -> Option<Claim> {
        self.claimed
            .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
            .ok()
            .map(|_| Claim(self.claimed.clone()))
    }

    fn insert(&self, id: i64, p: Arc<Progress>) {
        self.lock().insert(id, p);
    }

    fn remove(&self, id: i64) {
        self.lock().remove(&id);
    }
}

/// Records the start of a run; answers its id.
pub async fn start(
    db: &Db,
    opts: &Options,
    file_name: &str,
    bytes_total: u64,
) -> Result<i64, AppError> {
    let name: String = file_name.chars().take(200).collect();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO import_runs (kind, file_name, dry_run, status, user_id, started_at, bytes_total) \
         VALUES ($1, $2, $3, 'running', $4, $5, $6) RETURNING id",
    )
    .bind(opts.kind.as_str())
    .bind(name)
    .bind(i64::from(opts.dry_run))
    .bind(opts.user_id)
    .bind(opts.now)
    .bind(i64::try_from(bytes_total).unwrap_or(i64::MAX))
    .fetch_one(&db.pool)
    .await?;
    Ok(id)
}

/// Problems kept per run (beyond this the file's problems are counted, not kept).
const MAX_KEPT: u64 = 5_000_000;

/// Loads a problems CSV (as [`Options::errors_to`] writes it) into
/// `import_problems`; answers how many were kept.
async fn keep_problems(db: &Db, run: i64, file: &Path) -> Result<u64, AppError> {
    let reader = std::io::BufReader::new(
        std::fs::File::open(file).map_err(|e| AppError::Internal(format!("problems file: {e}")))?,
    );
    let mut conn = db.pool.begin().await?;
    let mut batch: Vec<(i64, String, String)> = Vec::with_capacity(2000);
    let mut kept = 0_u64;
    for line in reader.lines().skip(1) {
        let line = line.map_err(|e| AppError::Internal(format!("problems file: {e}")))?;
        let mut parts = line.splitn(4, ',');
        let (Some(n), Some(field), Some(code)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let Ok(n) = n.parse::<i64>() else { continue };
        if kept == MAX_KEPT {
            break;
        }
        batch.push((n, field.to_owned(), code.to_owned()));
        kept += 1;
        if batch.len() == 2000 {
            flush(&mut conn, db, run, &batch).await?;
            batch.clear();
        }
    }
    flush(&mut conn, db, run, &batch).await?;
    conn.commit().await?;
    Ok(kept)
}

async fn flush(
    conn: &mut sqlx::AnyConnection,
    db: &Db,
    run: i64,
    rows: &[(i64, String, String)],
) -> Result<(), AppError> {
    let rows: Vec<(i64, i64, &str, &str)> = rows
        .iter()
        .map(|(l, f, c)| (run, *l, f.as_str(), c.as_str()))
        .collect();
    crate::db::insert_rows(
        conn,
        db.backend,
        "import_problems",
        &["run_id", "line", "field", "code"],
        &rows,
        |q, r| q.bind(r.0).bind(r.1).bind(r.2).bind(r.3),
    )
    .await?;
    Ok(())
}

/// Records how a run ended.
pub async fn finish(
    db: &Db,
    run: i64,
    outcome: &Result<ImportReport, AppError>,
    problems: Option<&Path>,
    now: i64,
) -> Result<(), AppError> {
    let kept = match (outcome, problems) {
        (Ok(_), Some(file)) => keep_problems(db, run, file).await?,
        _ => 0,
    };
    let (status, report, error, rows) = match outcome {
        Ok(r) => (
            ImportStatus::Done,
            serde_json::to_string(r).ok(),
            None,
            r.rows,
        ),
        Err(e) => (ImportStatus::Failed, None, Some(failure_text(e)), 0),
    };
    sqlx::query(
        "UPDATE import_runs SET status = $1, finished_at = $2, report = $3, error = $4, \
         problems = $5, rows_done = $6 WHERE id = $7",
    )
    .bind(status.as_str())
    .bind(now)
    .bind(report)
    .bind(error)
    .bind(i64::try_from(kept).unwrap_or(i64::MAX))
    .bind(i64::try_from(rows).unwrap_or(i64::MAX))
    .bind(run)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// What a failed run shows (no internal detail).
fn failure_text(e: &AppError) -> String {
    match e {
        AppError::BadRequest(text) => text.clone(),
        _ => "internal error: nothing was written".to_owned(),
    }
}

/// Runs an import as a recorded run: start, import, keep the problems,
/// finish. `errors_to` of `opts` (if any) receives every problem too.
///
/// # Errors
/// Only when the run cannot be recorded; the import's own failure is in
/// the run.
pub async fn execute(
    db: &Db,
    config: &Config,
    live: &Live,
    run: i64,
    path: &Path,
    mut opts: Options,
) -> Result<ImportRun, AppError> {
    let tracker = Arc::new(Progress::default());
    live.insert(run, tracker.clone());
    opts.tracker = Some(tracker);
    let spool = opts.errors_to.is_none().then(|| {
        std::env::temp_dir().join(format!(
            "cardinal-problems-{}-{run}-{}.csv",
            std::process::id(),
            rand::random::<u32>()
        ))
    });
    if let Some(s) = &spool {
        opts.errors_to = Some(s.clone());
    }
    let outcome = import_file(db, config, path, &opts).await;
    let recorded = finish(
        db,
        run,
        &outcome,
        opts.errors_to.as_deref(),
        crate::domain::time::now(),
    )
    .await;
    if let Some(s) = spool {
        let _ = std::fs::remove_file(s);
    }
    live.remove(run);
    recorded?;
    get(db, live, run)
        .await?
        .ok_or_else(|| AppError::Internal("import run vanished".to_owned()))
}

const RUN_COLUMNS: &str = "r.id, r.kind, r.file_name, r.dry_run, r.status, u.display_name, \
    r.started_at, r.finished_at, r.bytes_total, r.rows_done, r.report, r.error, r.problems";

fn run_of(r: &sqlx::any::AnyRow, live: &Live) -> Result<ImportRun, AppError> {
    let id: i64 = r.try_get("id")?;
    let kind: String = r.try_get("kind")?;
    let status: String = r.try_get("status")?;
    let status = ImportStatus::parse(&status).unwrap_or(ImportStatus::Failed);
    let bytes_total = u64::try_from(r.try_get::<i64, _>("bytes_total")?).unwrap_or(0);
    let report: Option<String> = r.try_get("report")?;
    let (bytes_done, rows_done) = match (status, live.get(id)) {
        (ImportStatus::Running, Some(p)) => (
            p.bytes.load(Ordering::Relaxed),
            p.rows.load(Ordering::Relaxed),
        ),
        (ImportStatus::Running, None) => (0, 0),
        _ => (
            bytes_total,
            u64::try_from(r.try_get::<i64, _>("rows_done")?).unwrap_or(0),
        ),
    };
    Ok(ImportRun {
        id,
        kind: ImportKind::parse(&kind).unwrap_or(ImportKind::Transactions),
        file_name: r.try_get("file_name")?,
        dry_run: r.try_get::<i64, _>("dry_run")? != 0,
        status,
        user: r.try_get("display_name")?,
        started_at: r.try_get("started_at")?,
        finished_at: r.try_get("finished_at")?,
        bytes_total,
        bytes_done,
        rows_done,
        report: report.and_then(|t| serde_json::from_str(&t).ok()),
        error: r.try_get("error")?,
        problems: u64::try_from(r.try_get::<i64, _>("problems")?).unwrap_or(0),
    })
}

/// Run `id`.
pub async fn get(db: &Db, live: &Live, id: i64) -> Result<Option<ImportRun>, AppError> {
    let row = sqlx::query(&format!(
        "SELECT {RUN_COLUMNS} FROM import_runs r JOIN users u ON u.id = r.user_id WHERE r.id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| run_of(&r, live)).transpose()
}

/// Runs, newest first.
pub async fn list(
    db: &Db,
    live: &Live,
    page: u32,
    per_page: u32,
    offset: i64,
) -> Result<Page<ImportRun>, AppError> {
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM import_runs")
        .fetch_one(&db.pool)
        .await?;
    let rows = sqlx::query(&format!(
        "SELECT {RUN_COLUMNS} FROM import_runs r JOIN users u ON u.id = r.user_id \
         ORDER BY r.id DESC LIMIT $1 OFFSET $2"
    ))
    .bind(i64::from(per_page))
    .bind(offset)
    .fetch_all(&db.pool)
    .await?;
    let items = rows
        .iter()
        .map(|r| run_of(r, live))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page {
        items,
        total,
        page,
        per_page,
    })
}

/// Marks runs left `running` by a stopped process as failed (at start-up).
pub async fn fail_interrupted(db: &Db, now: i64) -> Result<u64, AppError> {
    let r = sqlx::query(
        "UPDATE import_runs SET status = 'failed', finished_at = $1, \
         error = 'interrupted: the server stopped; nothing was written' WHERE status = 'running'",
    )
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(r.rows_affected())
}

/// One page of a run's problems as CSV lines after problem id `after`.
pub async fn problems_page(
    db: &Db,
    run: i64,
    after: i64,
    lang: Lang,
) -> Result<(String, Option<i64>), AppError> {
    let page = crate::csv_stream::PAGE;
    let rows = sqlx::query(
        "SELECT id, line, field, code FROM import_problems WHERE run_id = $1 AND id > $2 \
         ORDER BY id LIMIT $3",
    )
    .bind(run)
    .bind(after)
    .bind(page)
    .fetch_all(&db.pool)
    .await?;
    let mut out = String::new();
    let mut last = None;
    for r in &rows {
        let line: i64 = r.try_get("line")?;
        let field: String = r.try_get("field")?;
        let code: String = r.try_get("code")?;
        let code = IssueCode::parse(&code).unwrap_or(IssueCode::NotAllowed);
        out.push_str(&crm_api::imports::issue_line(
            u64::try_from(line).unwrap_or(0),
            &field,
            code,
            lang,
        ));
        out.push('\n');
        last = Some(r.try_get("id")?);
    }
    Ok((out, crate::csv_stream::next_after(rows.len(), last)))
}

fn mapping_of(r: &sqlx::any::AnyRow) -> Result<ImportMapping, AppError> {
    let kind: String = r.try_get("kind")?;
    let columns: String = r.try_get("columns")?;
    Ok(ImportMapping {
        id: r.try_get("id")?,
        kind: ImportKind::parse(&kind).unwrap_or(ImportKind::Transactions),
        name: r.try_get("name")?,
        columns: serde_json::from_str(&columns).unwrap_or_default(),
        updated_at: r.try_get("updated_at")?,
    })
}

/// Saved mappings of `kind` (all kinds when `None`), by name.
pub async fn mappings(db: &Db, kind: Option<ImportKind>) -> Result<Vec<ImportMapping>, AppError> {
    let rows = sqlx::query(
        "SELECT id, kind, name, columns, updated_at FROM import_mappings \
         WHERE $1 = '' OR kind = $1 ORDER BY kind, name",
    )
    .bind(kind.map_or("", ImportKind::as_str))
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(mapping_of).collect()
}

/// Saves a mapping, replacing one of the same kind and name.
pub async fn save_mapping(
    db: &Db,
    input: &NewImportMapping,
    user_id: i64,
    now: i64,
) -> Result<ImportMapping, AppError> {
    let columns = serde_json::to_string(&input.columns)
        .map_err(|e| AppError::Internal(format!("mapping: {e}")))?;
    let row = sqlx::query(
        "INSERT INTO import_mappings (kind, name, columns, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (kind, name) DO UPDATE SET columns = excluded.columns, \
             updated_by = excluded.updated_by, updated_at = excluded.updated_at \
         RETURNING id, kind, name, columns, updated_at",
    )
    .bind(input.kind.as_str())
    .bind(input.name.trim())
    .bind(columns)
    .bind(user_id)
    .bind(now)
    .fetch_one(&db.pool)
    .await?;
    mapping_of(&row)
}

/// Deletes a mapping; answers whether it existed.
pub async fn delete_mapping(db: &Db, id: i64) -> Result<bool, AppError> {
    let r = sqlx::query("DELETE FROM import_mappings WHERE id = $1")
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(r.rows_affected() > 0)
}

/// A mapping's columns as [`Options::mapping`] takes them.
#[must_use]
pub fn mapping_table(columns: &[(String, String)]) -> BTreeMap<String, String> {
    columns
        .iter()
        .map(|(h, f)| (h.trim().to_owned(), f.clone()))
        .collect()
}
