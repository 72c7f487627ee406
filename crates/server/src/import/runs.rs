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
    let id = crate::db::imports::insert_run(
        db,
        &crate::db::imports::NewRun {
            kind: opts.kind,
            file_name: &name,
            dry_run: opts.dry_run,
            user_id: opts.user_id,
            started_at: opts.now,
            bytes_total: i64::try_from(bytes_total).unwrap_or(i64::MAX),
        },
    )
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
    crate::db::imports::insert_problems(conn, db.backend, &rows).await?;
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
    crate::db::imports::finish_run(
        db,
        run,
        crate::db::imports::RunEnd {
            status,
            finished_at: now,
            report,
            error,
            problems: i64::try_from(kept).unwrap_or(i64::MAX),
            rows_done: i64::try_from(rows).unwrap_or(i64::MAX),
        },
    )
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

/// A stored run with a running run's progress as counted here.
fn with_progress(mut run: ImportRun, live: &Live) -> ImportRun {
    if run.status == ImportStatus::Running {
        (run.bytes_done, run.rows_done) = live.get(run.id).map_or((0, 0), |p| {
            (
                p.bytes.load(Ordering::Relaxed),
                p.rows.load(Ordering::Relaxed),
            )
        });
    }
    run
}

/// Run `id`.
pub async fn get(db: &Db, live: &Live, id: i64) -> Result<Option<ImportRun>, AppError> {
    let run = crate::db::imports::run(db, id).await?;
    Ok(run.map(|r| with_progress(r, live)))
}

/// Runs, newest first.
pub async fn list(
    db: &Db,
    live: &Live,
    page: u32,
    per_page: u32,
    offset: i64,
) -> Result<Page<ImportRun>, AppError> {
    let (total, runs) = crate::db::imports::runs_page(db, i64::from(per_page), offset).await?;
    let items = runs.into_iter().map(|r| with_progress(r, live)).collect();
    Ok(Page {
        items,
        total,
        page,
        per_page,
    })
}

/// Marks runs left `running` by a stopped process as failed (at start-up).
pub async fn fail_interrupted(db: &Db, now: i64) -> Result<u64, AppError> {
    crate::db::imports::fail_running(db, now).await
}

/// One page of a run's problems as CSV lines after problem id `after`.
pub async fn problems_page(
    db: &Db,
    run: i64,
    after: i64,
    lang: Lang,
) -> Result<(String, Option<i64>), AppError> {
    let page = crate::csv_stream::PAGE;
    let rows = crate::db::imports::problems_after(db, run, after, page).await?;
    let mut out = String::new();
    let mut last = None;
    for (id, line, field, code) in &rows {
        let code = IssueCode::parse(code).unwrap_or(IssueCode::NotAllowed);
        out.push_str(&crm_api::imports::issue_line(
            u64::try_from(*line).unwrap_or(0),
            field,
            code,
            lang,
        ));
        out.push('\n');
        last = Some(*id);
    }
    Ok((out, crate::csv_stream::next_after(rows.len(), last)))
}

/// Saved mappings of `kind` (all kinds when `None`), by name.
pub async fn mappings(db: &Db, kind: Option<ImportKind>) -> Result<Vec<ImportMapping>, AppError> {
    crate::db::imports::mappings(db, kind).await
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
    crate::db::imports::save_mapping(db, input, columns, user_id, now).await
}

/// Deletes a mapping; answers whether it existed.
pub async fn delete_mapping(db: &Db, id: i64) -> Result<bool, AppError> {
    crate::db::imports::delete_mapping(db, id).await
}

/// A mapping's columns as [`Options::mapping`] takes them.
#[must_use]
pub fn mapping_table(columns: &[(String, String)]) -> BTreeMap<String, String> {
    columns
        .iter()
        .map(|(h, f)| (h.trim().to_owned(), f.clone()))
        .collect()
}
