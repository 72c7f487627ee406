//! Importing a bank's CSV exports (customers, cards, transactions,
//! statements, payments, survey responses) in one streaming pass.
//!
//! - The file is UTF-8 (with or without a BOM) or GBK/GB18030, comma or tab
//!   separated, with a header row. Headers map to fields by name, Chinese or
//!   English ([`fields`]); an explicit mapping overrides.
//! - Every row is validated (types, required fields, formats, references,
//!   duplicates within the file); the report gives counts and the first
//!   problems per field with line numbers, never a cell's value; every
//!   problem can go to a CSV file ([`Options::errors_to`]).
//! - The whole file is one database transaction: rows are written in batches
//!   while every row so far is valid, and the transaction commits only when
//!   every row of the file was valid and it is not a dry run. Natural keys
//!   (customer number, card token, transaction reference) make a second
//!   import of the same file change nothing. Repeats within the file are
//!   found by the database's unique indexes ([`write`]), so memory does not
//!   grow with the file.
//! - Imported survey answers update the satisfaction dashboards (the
//!   analytics run after an import rebuilds the rollups) but open no
//!   follow-up tasks: they are history, not fresh complaints.
//! - Card numbers are tokenised on the way in (keyed hash; first 6 and last 4
//!   kept): no full number is written anywhere.

pub mod rows;
pub mod runs;
pub mod samples;
pub mod values;
pub mod write;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crm_api::imports::fields::missing_fields;
use crm_api::imports::{
    FIRST_ISSUES, FieldIssues, ImportIssue, ImportKind, ImportReport, IssueCode,
};

use crate::db::Backend;
use crate::error::AppError;
use crate::{Config, Db};

use rows::{Cells, Memory, Record, RowCtx, check_row, load_refs};
use write::BATCH;

pub use crm_api::imports::fields::{FieldSpec, fields, map_headers, sniff_delimiter};

/// How far a running import is, shared with whoever shows progress.
#[derive(Debug, Default)]
pub struct Progress {
    /// Bytes of the file read.
    pub bytes: AtomicU64,
    /// Data rows read.
    pub rows: AtomicU64,
}

/// What to import and how.
#[derive(Clone, Debug)]
pub struct Options {
    /// What the file holds.
    pub kind: ImportKind,
    /// Validate and count only; write nothing.
    pub dry_run: bool,
    /// Header → field, overriding the automatic mapping ("" ignores a column).
    pub mapping: BTreeMap<String, String>,
    /// Who imports (for the audit log).
    pub user_id: i64,
    /// "Now" (Unix seconds): dates after today are refused.
    pub now: i64,
    /// Show a progress bar on the terminal.
    pub progress: bool,
    /// Write every problem (not only the first per field) to this CSV file.
    pub errors_to: Option<std::path::PathBuf>,
    /// Count bytes and rows here as they are read.
    pub tracker: Option<Arc<Progress>>,
}

/// The secondary indexes of `transactions` (see the first migration).
const TX_INDEXES: [(&str, &str); 2] = [
    ("transactions_customer_time", "customer_id, occurred_at"),
    ("transactions_card_time", "card_id, occurred_at"),
];

/// Files above this size load into SQLite with the time indexes rebuilt at the end.
const BULK_BYTES: u64 = 16 << 20;

/// Whether to drop the time indexes for the load and build them once at the end.
const fn bulk_rebuild(backend: Backend, kind: ImportKind, size: u64) -> bool {
    matches!(backend, Backend::Sqlite)
        && matches!(kind, ImportKind::Transactions)
        && size > BULK_BYTES
}

/// Sniffs the encoding from the first bytes: a UTF-8 BOM or valid UTF-8 is
/// UTF-8; anything else is read as GB18030 (a superset of GBK).
#[must_use]
pub fn sniff_encoding(head: &[u8]) -> &'static encoding_rs::Encoding {
    if crm_api::imports::fields::looks_utf8(head) {
        encoding_rs::UTF_8
    } else {
        encoding_rs::GB18030
    }
}

/// Problems collected while reading and writing: counts and the first few
/// per field, and every one to the sink when there is one. Shared by the
/// reading thread and the writing task.
#[derive(Default)]
pub struct Issues {
    inner: Mutex<IssuesInner>,
}

#[derive(Default)]
struct IssuesInner {
    by_field: BTreeMap<usize, (String, u64, Vec<ImportIssue>)>,
    invalid_rows: u64,
    sink: Option<std::io::BufWriter<std::fs::File>>,
    sink_failed: bool,
}

impl Issues {
    fn lock(&self) -> std::sync::MutexGuard<'_, IssuesInner> {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Records a problem of `field` (`""`: the whole row) on `line`.
    pub fn add(&self, kind: ImportKind, field: &str, line: u64, code: IssueCode) {
        let order = fields(kind)
            .iter()
            .position(|s| s.name == field)
            .map_or(0, |i| i + 1);
        let mut inner = self.lock();
        if let Some(w) = &mut inner.sink {
            use std::io::Write as _;
            let text = crm_api::imports::issue_line(line, field, code, crm_api::validate::Lang::Zh);
            if writeln!(w, "{text}").is_err() {
                inner.sink_failed = true;
            }
        }
        let entry = inner
            .by_field
            .entry(order)
            .or_insert_with(|| (field.to_owned(), 0, Vec::new()));
        entry.1 += 1;
        // the first few by line (the writer reports repeats a little later)
        let first = &mut entry.2;
        if first.len() < FIRST_ISSUES || first.last().is_some_and(|l| l.line > line) {
            let at = first.partition_point(|i| i.line <= line);
            first.insert(
                at,
                ImportIssue {
                    line,
                    field: field.to_owned(),
                    code,
                },
            );
            first.truncate(FIRST_ISSUES);
        }
    }

    fn invalid_row(&self) {
        self.lock().invalid_rows += 1;
    }

    fn into_inner(self) -> IssuesInner {
        self.inner
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl IssuesInner {
    fn into_report(self) -> Vec<FieldIssues> {
        self.by_field
            .into_values()
            .map(|(field, count, first)| FieldIssues {
                field,
                count,
                first,
            })
            .collect()
    }
}

/// Counts bytes read, for the progress bar and the tracker.
struct Counting<R> {
    inner: R,
    bar: indicatif::ProgressBar,
    tracker: Option<Arc<Progress>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bar.inc(n as u64);
        if let Some(t) = &self.tracker {
            t.bytes.fetch_add(n as u64, Ordering::Relaxed);
        }
        Ok(n)
    }
}

/// The first 64 KiB of a file.
fn head_of(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(64 * 1024);
    std::fs::File::open(path)?
        .take(64 * 1024)
        .read_to_end(&mut head)?;
    Ok(head)
}

/// What the reading thread hands back.
struct ReadOutcome {
    rows: u64,
    valid: u64,
}

/// The file opened for reading: the CSV reader past the header row, and
/// what was sniffed.
struct Source {
    size: u64,
    encoding: &'static encoding_rs::Encoding,
    delimiter: u8,
    bar: indicatif::ProgressBar,
    reader: CsvReader,
    headers: Vec<String>,
}

type CsvReader = csv::Reader<
    std::io::BufReader<encoding_rs_io::DecodeReaderBytes<Counting<std::fs::File>, Vec<u8>>>,
>;

/// A read error as the import reports it (`map_err` hands it over by value).
#[allow(clippy::needless_pass_by_value)]
fn unreadable(e: std::io::Error) -> AppError {
    AppError::BadRequest(format!("cannot read the file: {e}"))
}

/// Sniffs the encoding and delimiter from the file's head, opens it for
/// reading (counting the bytes read) and reads the header row.
fn open_source(path: &Path, opts: &Options) -> Result<Source, AppError> {
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    let head = head_of(path).map_err(unreadable)?;
    let encoding = sniff_encoding(&head);
    let (decoded_head, _, _) = encoding.decode(&head);
    let delimiter = sniff_delimiter(decoded_head.lines().next().unwrap_or(""));
    let bar = crate::progress::bar(opts.progress, size, "import");
    let file = Counting {
        inner: std::fs::File::open(path).map_err(unreadable)?,
        bar: bar.clone(),
        tracker: opts.tracker.clone(),
    };
    let decoder = encoding_rs_io::DecodeReaderBytesBuilder::new()
        .encoding(Some(encoding))
        .bom_override(true)
        .build(file);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(std::io::BufReader::with_capacity(1 << 20, decoder));
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| AppError::BadRequest(format!("cannot read the header row: {e}")))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_owned())
        .collect();
    Ok(Source {
        size,
        encoding,
        delimiter,
        bar,
        reader,
        headers,
    })
}

/// The problems collector, writing every problem to `errors_to` if asked,
/// with a required field that has no column reported once, on the header.
/// Answers it and whether the header maps every required field.
fn collect_issues(
    kind: ImportKind,
    mapped: &[Option<&'static str>],
    opts: &Options,
) -> Result<(Arc<Issues>, bool), AppError> {
    let issues = Arc::new(Issues::default());
    if let Some(path) = &opts.errors_to {
        use std::io::Write as _;
        let mut w = std::io::BufWriter::new(std::fs::File::create(path).map_err(unreadable)?);
        w.write_all(format!("\u{feff}{}\n", crm_api::imports::ISSUES_CSV_HEADER).as_bytes())
            .map_err(unreadable)?;
        issues.lock().sink = Some(w);
    }
    // a required field without a column fails every row: report it once, on the header
    let missing = missing_fields(kind, mapped);
    for name in &missing {
        issues.add(kind, name, 1, IssueCode::Required);
    }
    Ok((issues, missing.is_empty()))
}

/// What the reading thread needs.
struct ReadJob {
    reader: CsvReader,
    kind: ImportKind,
    refs: rows::Refs,
    secret: [u8; 32],
    today: chrono::NaiveDate,
    width: usize,
    columns: Vec<(&'static str, usize)>,
    header_ok: bool,
    issues: Arc<Issues>,
    tracker: Option<Arc<Progress>>,
    sender: tokio::sync::mpsc::Sender<Vec<(u64, Record)>>,
}

/// Reads and checks every row, handing valid ones over in batches (while
/// the writer takes them); runs on a blocking thread.
fn read_rows(mut job: ReadJob) -> ReadOutcome {
    let issues = &*job.issues;
    let kind = job.kind;
    let ctx = RowCtx {
        kind,
        refs: &job.refs,
        secret: &job.secret,
        today: job.today,
    };
    let mut memory = Memory::default();
    let mut batch: Vec<(u64, Record)> = Vec::with_capacity(BATCH);
    let (mut rows, mut valid) = (0_u64, 0_u64);
    let mut sending = job.header_ok;
    let mut record = csv::StringRecord::new();
    loop {
        match job.reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                // undecodable or malformed: that row is invalid, go on
                rows += 1;
                issues.invalid_row();
                let line = e.position().map_or(rows + 1, csv::Position::line);
                issues.add(kind, "", line, IssueCode::WrongCellCount);
                continue;
            }
        }
        rows += 1;
        if rows % 4096 == 0
            && let Some(t) = &job.tracker
        {
            t.rows.store(rows, Ordering::Relaxed);
        }
        let line = record.position().map_or(rows + 1, csv::Position::line);
        if record.len() != job.width {
            issues.invalid_row();
            issues.add(kind, "", line, IssueCode::WrongCellCount);
            continue;
        }
        if !job.header_ok {
            continue;
        }
        let cells = Cells {
            columns: &job.columns,
            record: &record,
        };
        match check_row(&ctx, &cells, line, &mut memory, issues) {
            Some(r) => {
                valid += 1;
                // keep writing after a bad row: the database finds repeats
                if sending {
                    batch.push((line, r));
                    if batch.len() == BATCH {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                        sending = job.sender.blocking_send(full).is_ok();
                    }
                }
            }
            None => issues.invalid_row(),
        }
    }
    if sending && !batch.is_empty() {
        let _ = job.sender.blocking_send(batch);
    }
    if let Some(t) = &job.tracker {
        t.rows.store(rows, Ordering::Relaxed);
    }
    ReadOutcome { rows, valid }
}

/// What writing the batches did: rows inserted, rows repeating an earlier
/// one, and the failure that stopped the writing.
struct Writes {
    inserted: u64,
    repeats: u64,
    failed: Option<AppError>,
}

/// Writes the batches as they come (after a failure, drains them unwritten).
async fn write_batches(
    conn: &mut sqlx::AnyConnection,
    (backend, kind): (Backend, ImportKind),
    batches: &mut tokio::sync::mpsc::Receiver<Vec<(u64, Record)>>,
    (start, now): (i64, i64),
    issues: &Issues,
) -> Writes {
    let mut out = Writes {
        inserted: 0,
        repeats: 0,
        failed: None,
    };
    while let Some(batch) = batches.recv().await {
        if out.failed.is_some() {
            continue;
        }
        match write::write(conn, backend, kind, &batch, start, now).await {
            Ok(w) => {
                out.inserted += w.inserted;
                for line in w.repeats {
                    out.repeats += 1;
                    issues.invalid_row();
                    issues.add(kind, key_field(kind), line, IssueCode::Duplicate);
                }
            }
            Err(e) => {
                out.failed = Some(e);
                batches.close();
            }
        }
    }
    out
}

/// The problems once the reading is done, the problems file flushed.
fn final_issues(issues: Arc<Issues>, header_ok: bool, rows: u64) -> Result<IssuesInner, AppError> {
    let issues = Arc::try_unwrap(issues)
        .map_err(|_| AppError::Internal("import issues still shared".to_owned()))?;
    let mut issues = issues.into_inner();
    if let Some(mut w) = issues.sink.take() {
        use std::io::Write as _;
        if w.flush().is_err() || issues.sink_failed {
            return Err(AppError::BadRequest(
                "cannot write the problems file".to_owned(),
            ));
        }
    }
    if !header_ok {
        issues.invalid_rows = rows.max(1);
    }
    Ok(issues)
}

/// Imports one file; see the module documentation.
///
/// # Errors
/// The file cannot be read, or the database fails (then nothing is written).
pub async fn import_file(
    db: &Db,
    config: &Config,
    path: &Path,
    opts: &Options,
) -> Result<ImportReport, AppError> {
    let started = Instant::now();
    let source = open_source(path, opts)?;
    let headers = source.headers;
    let kind = opts.kind;
    let mapped = map_headers(kind, &headers, &opts.mapping);
    let (issues, header_ok) = collect_issues(kind, &mapped, opts)?;

    let mut conn = db.pool.begin().await?;
    let refs = load_refs(&mut conn, kind).await?;
    let start = write::max_id(&mut conn, kind).await?;
    // A bulk load into SQLite rebuilds the two time indexes once at the end
    // instead of updating them row by row. The DDL is part of the
    // transaction (readers keep their snapshot; a rollback restores them).
    let rebuild = bulk_rebuild(db.backend, kind, source.size);
    if rebuild {
        crate::db::imports::drop_indexes(&mut conn, &TX_INDEXES.map(|(name, _)| name)).await?;
    }
    // Reading and checking run on a blocking thread and hand over batches
    // while this task writes the previous ones: parsing overlaps the writes.
    let (sender, mut batches) = tokio::sync::mpsc::channel::<Vec<(u64, Record)>>(4);
    let job = ReadJob {
        reader: source.reader,
        kind,
        refs,
        secret: config.secret,
        today: crate::domain::time::local_date(opts.now),
        width: headers.len(),
        columns: mapped
            .iter()
            .enumerate()
            .filter_map(|(i, f)| f.map(|f| (f, i)))
            .collect(),
        header_ok,
        issues: issues.clone(),
        tracker: opts.tracker.clone(),
        sender,
    };
    let reading = tokio::task::spawn_blocking(move || read_rows(job));
    let Writes {
        inserted,
        repeats,
        failed,
    } = write_batches(
        &mut conn,
        (db.backend, kind),
        &mut batches,
        (start, opts.now),
        &issues,
    )
    .await;
    let ReadOutcome { rows, valid } = reading
        .await
        .map_err(|e| AppError::Internal(format!("import reader: {e}")))?;
    if let Some(e) = failed {
        return Err(e);
    }
    source.bar.finish_and_clear();
    let issues = final_issues(issues, header_ok, rows)?;
    let valid = valid - repeats;
    let all_valid = issues.invalid_rows == 0;
    let committed = all_valid && !opts.dry_run;
    if committed {
        if rebuild {
            crate::db::imports::create_transaction_indexes(&mut conn, &TX_INDEXES).await?;
        }
        crate::db::imports::audit(
            &mut conn,
            opts.now,
            opts.user_id,
            format!("import.{}", kind.as_str()),
            format!(
                "{rows} rows: {inserted} new, {} already present",
                valid - inserted
            ),
        )
        .await?;
        conn.commit().await?;
    } else {
        conn.rollback().await?;
    }
    Ok(ImportReport {
        kind,
        dry_run: opts.dry_run,
        encoding: source.encoding.name().to_lowercase(),
        delimiter: if source.delimiter == b'\t' { "\t" } else { "," }.to_owned(),
        mapping: headers
            .iter()
            .zip(&mapped)
            .map(|(h, f)| (h.clone(), f.map(str::to_owned)))
            .collect(),
        rows,
        invalid_rows: issues.invalid_rows,
        inserted: if all_valid { inserted } else { 0 },
        already_present: if all_valid { valid - inserted } else { 0 },
        committed,
        issues: issues.into_report(),
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// The field a repeated natural key is reported on.
const fn key_field(kind: ImportKind) -> &'static str {
    match kind {
        ImportKind::Customers => "customer_no",
        ImportKind::Cards => "card_number",
        ImportKind::Statements => "cycle",
        ImportKind::Transactions | ImportKind::Payments | ImportKind::SurveyResponses => {
            "reference"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_sniffed() {
        assert_eq!(sniff_encoding(b"\xEF\xBB\xBFa,b"), encoding_rs::UTF_8);
        assert_eq!(sniff_encoding("卡号,金额".as_bytes()), encoding_rs::UTF_8);
        let (gbk, _, _) = encoding_rs::GBK.encode("卡号,金额");
        assert_eq!(sniff_encoding(&gbk), encoding_rs::GB18030);
    }

    #[test]
    fn the_first_problems_are_kept_by_line() {
        let issues = Issues::default();
        for line in (2..40).rev() {
            issues.add(
                ImportKind::Payments,
                "reference",
                line,
                IssueCode::Duplicate,
            );
        }
        issues.add(ImportKind::Payments, "amount", 7, IssueCode::BadAmount);
        let report = issues.into_inner().into_report();
        assert_eq!(report[0].field, "reference");
        assert_eq!(report[0].count, 38);
        let lines: Vec<u64> = report[0].first.iter().map(|i| i.line).collect();
        assert_eq!(lines, (2..22).collect::<Vec<_>>());
        assert_eq!(report[1].field, "amount");
    }
}
