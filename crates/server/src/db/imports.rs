//! The import's tables and lookups: `import_runs` (one row a run),
//! `import_problems` (every problem a run found), `import_mappings` (saved
//! column mappings), the reference data a file's rows are checked against,
//! and the natural-key lookups that tell repeats from re-imports.

use crm_api::imports::{ImportKind, ImportMapping, ImportStatus, NewImportMapping};
use sqlx::{AnyConnection, Row};

use super::{Backend, Db};
use crate::error::AppError;

// --- reference data for checking rows

/// `(customer_no, id)` of every customer.
pub async fn customer_numbers(conn: &mut AnyConnection) -> Result<Vec<(String, i64)>, AppError> {
    let mut out = Vec::new();
    for r in sqlx::query("SELECT id, customer_no FROM customers")
        .fetch_all(&mut *conn)
        .await?
    {
        out.push((r.try_get("customer_no")?, r.try_get("id")?));
    }
    Ok(out)
}

/// A card as checking rows sees it.
pub struct CardRef {
    /// cards.id
    pub id: i64,
    /// Its customer.
    pub customer_id: i64,
    /// Its token.
    pub token: String,
    /// Its status.
    pub status: String,
    /// Whether it is the customer's primary card.
    pub primary: bool,
}

/// Every card, by id.
pub async fn card_refs(conn: &mut AnyConnection) -> Result<Vec<CardRef>, AppError> {
    let mut out = Vec::new();
    for r in
        sqlx::query("SELECT id, customer_id, pan_token, status, is_primary FROM cards ORDER BY id")
            .fetch_all(&mut *conn)
            .await?
    {
        out.push(CardRef {
            id: r.try_get("id")?,
            customer_id: r.try_get("customer_id")?,
            token: r.try_get("pan_token")?,
            status: r.try_get("status")?,
            primary: r.try_get::<i64, _>("is_primary")? != 0,
        });
    }
    Ok(out)
}

/// `(code, id)` of every row of a reference table with a `code` column
/// (`branches`, `card_products`).
async fn codes(conn: &mut AnyConnection, sql: &str) -> Result<Vec<(String, i64)>, AppError> {
    let mut out = Vec::new();
    for r in sqlx::query(sql).fetch_all(&mut *conn).await? {
        out.push((r.try_get("code")?, r.try_get("id")?));
    }
    Ok(out)
}

/// `(code, id)` of every branch.
pub async fn branch_codes(conn: &mut AnyConnection) -> Result<Vec<(String, i64)>, AppError> {
    codes(conn, "SELECT id, code FROM branches").await
}

/// `(code, id)` of every card product.
pub async fn product_codes(conn: &mut AnyConnection) -> Result<Vec<(String, i64)>, AppError> {
    codes(conn, "SELECT id, code FROM card_products").await
}

/// `(national_id_hash, customer_no)` of every customer.
pub async fn national_id_hashes(
    conn: &mut AnyConnection,
) -> Result<Vec<(String, String)>, AppError> {
    let mut out = Vec::new();
    for r in sqlx::query("SELECT customer_no, national_id_hash FROM customers")
        .fetch_all(&mut *conn)
        .await?
    {
        out.push((r.try_get("national_id_hash")?, r.try_get("customer_no")?));
    }
    Ok(out)
}

// --- natural keys

/// `(card id, cycle, id)` of the statements of `cards`. (`start` is bound
/// after the list, as the key lookup binds it, though unused here.)
pub async fn statement_keys(
    conn: &mut AnyConnection,
    backend: Backend,
    cards: &[i64],
    start: i64,
) -> Result<Vec<(i64, String, i64)>, AppError> {
    let marks = super::values_placeholders(backend, 1, cards.len()).replace(['(', ')'], "");
    let sql = format!("SELECT id, card_id, cycle FROM statements WHERE card_id IN ({marks})");
    let mut q = sqlx::query(&sql);
    for card in cards {
        q = q.bind(*card);
    }
    let mut out = Vec::new();
    for row in q.bind(start).fetch_all(&mut *conn).await? {
        out.push((
            row.try_get("card_id")?,
            row.try_get("cycle")?,
            row.try_get("id")?,
        ));
    }
    Ok(out)
}

/// `(key, id)` of the rows of `table` whose `column` is one of `keys` and
/// whose id is above `start`.
pub async fn ids_by_key(
    conn: &mut AnyConnection,
    backend: Backend,
    (table, column): (&str, &str),
    keys: &[String],
    start: i64,
) -> Result<Vec<(String, i64)>, AppError> {
    let marks = super::values_placeholders(backend, 1, keys.len()).replace(['(', ')'], "");
    let after = match backend {
        Backend::Sqlite => "?".to_owned(),
        Backend::Postgres => format!("${}", keys.len() + 1),
    };
    let sql = format!(
        "SELECT id, {column} AS k FROM {table} WHERE {column} IN ({marks}) AND id > {after}"
    );
    let mut q = sqlx::query(&sql);
    for k in keys {
        q = q.bind(k.as_str());
    }
    let mut out = Vec::new();
    for row in q.bind(start).fetch_all(&mut *conn).await? {
        out.push((row.try_get("k")?, row.try_get("id")?));
    }
    Ok(out)
}

// --- the bulk load itself

/// Drops the named indexes (inside the import's transaction).
pub async fn drop_indexes(conn: &mut AnyConnection, names: &[&str]) -> Result<(), AppError> {
    for name in names {
        sqlx::query(&format!("DROP INDEX {name}"))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Creates `(name, columns)` indexes on `transactions`.
pub async fn create_transaction_indexes(
    conn: &mut AnyConnection,
    indexes: &[(&str, &str)],
) -> Result<(), AppError> {
    for (name, columns) in indexes {
        sqlx::query(&format!("CREATE INDEX {name} ON transactions ({columns})"))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Writes the audit entry of a committed import.
pub async fn audit(
    conn: &mut AnyConnection,
    now: i64,
    user_id: i64,
    action: String,
    detail: String,
) -> Result<(), AppError> {
    let entry = crate::db::audit::Entry::by(user_id, &action, &detail);
    crate::db::audit::insert(&mut *conn, entry, now).await
}

// --- runs

/// What a new run row holds.
pub struct NewRun<'a> {
    /// Kind of file.
    pub kind: ImportKind,
    /// File name (already cut to length).
    pub file_name: &'a str,
    /// Dry run.
    pub dry_run: bool,
    /// Who.
    pub user_id: i64,
    /// When.
    pub started_at: i64,
    /// File size.
    pub bytes_total: i64,
}

/// Inserts a `running` run; answers its id.
pub async fn insert_run(db: &Db, run: &NewRun<'_>) -> Result<i64, AppError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO import_runs (kind, file_name, dry_run, status, user_id, started_at, bytes_total) \
         VALUES ($1, $2, $3, 'running', $4, $5, $6) RETURNING id",
    )
    .bind(run.kind.as_str())
    .bind(run.file_name)
    .bind(i64::from(run.dry_run))
    .bind(run.user_id)
    .bind(run.started_at)
    .bind(run.bytes_total)
    .fetch_one(&db.pool)
    .await?;
    Ok(id)
}

/// How a run ended.
pub struct RunEnd {
    /// Done or failed.
    pub status: ImportStatus,
    /// When.
    pub finished_at: i64,
    /// The report (JSON).
    pub report: Option<String>,
    /// What failed.
    pub error: Option<String>,
    /// Problems kept.
    pub problems: i64,
    /// Rows read.
    pub rows_done: i64,
}

/// Records how run `id` ended.
pub async fn finish_run(db: &Db, id: i64, end: RunEnd) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE import_runs SET status = $1, finished_at = $2, report = $3, error = $4, \
         problems = $5, rows_done = $6 WHERE id = $7",
    )
    .bind(end.status.as_str())
    .bind(end.finished_at)
    .bind(end.report)
    .bind(end.error)
    .bind(end.problems)
    .bind(end.rows_done)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Appends `(run, line, field, code)` problems.
pub async fn insert_problems(
    conn: &mut AnyConnection,
    backend: Backend,
    rows: &[(i64, i64, &str, &str)],
) -> Result<(), AppError> {
    super::insert_rows(
        conn,
        backend,
        "import_problems",
        &["run_id", "line", "field", "code"],
        rows,
        |q, r| q.bind(r.0).bind(r.1).bind(r.2).bind(r.3),
    )
    .await?;
    Ok(())
}

const RUN_COLUMNS: &str = "r.id, r.kind, r.file_name, r.dry_run, r.status, u.display_name, \
    r.started_at, r.finished_at, r.bytes_total, r.rows_done, r.report, r.error, r.problems";

/// A run as stored; a running run's progress (`bytes_done`, `rows_done`)
/// is what was stored, for the caller to replace with the live count.
fn run_of(r: &sqlx::any::AnyRow) -> Result<crm_api::imports::ImportRun, AppError> {
    let kind: String = r.try_get("kind")?;
    let status: String = r.try_get("status")?;
    let status = ImportStatus::parse(&status).unwrap_or(ImportStatus::Failed);
    let bytes_total = u64::try_from(r.try_get::<i64, _>("bytes_total")?).unwrap_or(0);
    let report: Option<String> = r.try_get("report")?;
    Ok(crm_api::imports::ImportRun {
        id: r.try_get("id")?,
        kind: ImportKind::parse(&kind).unwrap_or(ImportKind::Transactions),
        file_name: r.try_get("file_name")?,
        dry_run: r.try_get::<i64, _>("dry_run")? != 0,
        status,
        user: r.try_get("display_name")?,
        started_at: r.try_get("started_at")?,
        finished_at: r.try_get("finished_at")?,
        bytes_total,
        bytes_done: bytes_total,
        rows_done: u64::try_from(r.try_get::<i64, _>("rows_done")?).unwrap_or(0),
        report: report.and_then(|t| serde_json::from_str(&t).ok()),
        error: r.try_get("error")?,
        problems: u64::try_from(r.try_get::<i64, _>("problems")?).unwrap_or(0),
    })
}

/// Run `id` as stored.
pub async fn run(db: &Db, id: i64) -> Result<Option<crm_api::imports::ImportRun>, AppError> {
    let row = sqlx::query(&format!(
        "SELECT {RUN_COLUMNS} FROM import_runs r JOIN users u ON u.id = r.user_id WHERE r.id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(run_of).transpose()
}

/// The number of runs and one page of them, newest first, as stored.
pub async fn runs_page(
    db: &Db,
    limit: i64,
    offset: i64,
) -> Result<(i64, Vec<crm_api::imports::ImportRun>), AppError> {
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM import_runs")
        .fetch_one(&db.pool)
        .await?;
    let rows = sqlx::query(&format!(
        "SELECT {RUN_COLUMNS} FROM import_runs r JOIN users u ON u.id = r.user_id \
         ORDER BY r.id DESC LIMIT $1 OFFSET $2"
    ))
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await?;
    let items = rows.iter().map(run_of).collect::<Result<Vec<_>, _>>()?;
    Ok((total, items))
}

/// Marks runs left `running` by a stopped process as failed.
pub async fn fail_running(db: &Db, now: i64) -> Result<u64, AppError> {
    let r = sqlx::query(
        "UPDATE import_runs SET status = 'failed', finished_at = $1, \
         error = 'interrupted: the server stopped; nothing was written' WHERE status = 'running'",
    )
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(r.rows_affected())
}

/// Up to `limit` of a run's problems after problem id `after`: `(id, line, field, code)`.
pub async fn problems_after(
    db: &Db,
    run: i64,
    after: i64,
    limit: i64,
) -> Result<Vec<(i64, i64, String, String)>, AppError> {
    let rows = sqlx::query(
        "SELECT id, line, field, code FROM import_problems WHERE run_id = $1 AND id > $2 \
         ORDER BY id LIMIT $3",
    )
    .bind(run)
    .bind(after)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("id")?,
                r.try_get("line")?,
                r.try_get("field")?,
                r.try_get("code")?,
            ))
        })
        .collect()
}

// --- mappings

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

/// Saves a mapping (`columns` as JSON), replacing one of the same kind and name.
pub async fn save_mapping(
    db: &Db,
    input: &NewImportMapping,
    columns: String,
    user_id: i64,
    now: i64,
) -> Result<ImportMapping, AppError> {
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
