//! `cargo xtask bench`: the performance targets, measured against a freshly seeded release
//! server (performance is measured here, never by timed unit tests).
//!
//! Targets, judged on the median of `--runs` timed calls made after 3 warm-up calls:
//! - the live audience count `POST /api/v1/segments/count` answers "well under a second" on the
//!   demo data, read here as at most [`SEGMENT_TARGET_MS`]; it counts from the per-customer
//!   feature tables (`customer_features`, `customer_category_spend`) joined to `customers`;
//! - every dashboard call (`GET /api/v1/dashboard/{satisfaction,cards,service,comments,drill}`)
//!   answers in under [`DASHBOARD_TARGET_MS`]; the widgets read the rollup tables the analytics
//!   job rebuilds.
//!
//! Absolute times mean little on a busy two-core machine, so wherever the answer has a raw
//! equivalent it is measured side by side, in the same run, with a *baseline*: the same audience
//! or the same figures computed the naive way from the raw rows (`transactions`,
//! `survey_responses`, `service_interactions`). The table shows both medians and their ratio
//! (baseline ÷ median: above 1, the precomputed path is that many times faster). For the segment
//! counts the endpoint's `total` must equal the baseline's count, which shows the baseline really
//! is the same audience. The comment list and the drill-down read raw rows a page at a time by
//! design, so they have no baseline.
//!
//! How things are measured:
//! - HTTP: [`ureq`] without default features (no TLS: the server is on 127.0.0.1). It is small,
//!   blocking and well kept, so xtask gains neither an async runtime nor a TLS stack; one agent
//!   keeps the connection alive and a call is timed from sending the request to the last byte of
//!   the body. The session comes from signing in as `manager` (`POST /api/v1/session`).
//! - Baselines (and the SQL-only comparison row): plain SQL through the database's own command
//!   line client, `sqlite3 -readonly` with `.timer on` or `psql` with `\timing on`, one process
//!   for all the runs of one query so that process start-up is not timed. This keeps sqlx (and a
//!   second SQL code path) out of xtask. A baseline is the query alone, without HTTP or JSON,
//!   which favours it: the ratios are conservative. `sqlite3` reports whole milliseconds. When
//!   the client is not installed the baselines are skipped with a warning; the targets still
//!   count.
//!
//! Output: a table on stdout and the same results as JSON in `target/bench/latest.json`; the
//! exit status is 1 when a target fails.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};
use unicode_width::UnicodeWidthStr;

use crate::run::{DEMO_PASSWORD, build_server, step};
use crate::test::{BackgroundServer, TempDir, free_port, server_on, start_server};
use crate::util::{self, Result, bold, dim, green, heading, note, red, run_quietly, warn};

/// "Well under a second" for the live segment count: half a second at most.
pub const SEGMENT_TARGET_MS: f64 = 500.0;

/// Every dashboard call answers in under this.
pub const DASHBOARD_TARGET_MS: f64 = 100.0;

/// Untimed calls before the timed ones (connections, caches, statement preparation).
const WARMUP: usize = 3;

/// The demo sign-in the benchmark uses (it may read every dashboard and count segments).
const BENCH_USER: &str = "manager";

/// Asia/Shanghai is UTC+8 all year; the server buckets months in that time zone.
const SHANGHAI_OFFSET_SECS: i64 = 8 * 3600;

const DAY_SECS: i64 = 86_400;

/// Options of `cargo xtask bench`.
#[derive(clap::Args, Debug)]
pub struct BenchArgs {
    /// Demo customers to seed before measuring.
    #[arg(long, default_value_t = 10_000)]
    pub customers: u32,
    /// Timed calls per measurement (after 3 warm-up calls).
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..))]
    pub runs: u32,
    /// Database to seed and measure: `sqlite://path?mode=rwc` (an empty or new file), or
    /// `postgres://user@host/db` (a fresh schema is created in it and dropped afterwards).
    /// Default: a temporary SQLite file.
    #[arg(long)]
    pub database_url: Option<String>,
    /// Transactions in the generated import file (0: skip the import timing).
    #[arg(long, default_value_t = 1_000_000)]
    pub import_rows: u32,
}

/// Seed, serve, measure every case, print the table and write `target/bench/latest.json`.
/// Returns whether every target passed.
pub fn bench(args: &BenchArgs) -> Result<bool> {
    let root = util::workspace_root();
    let runs = args.runs as usize;
    let tmp = TempDir::create("cardinal-bench")?;

    step(
        "building the server (cargo build --release -p crm-server)",
        || build_server(&root),
    )?;

    // Dropped after the server below (locals drop in reverse order), so the schema of a
    // PostgreSQL run goes only once nothing uses it.
    let database = Database::prepare(args.database_url.as_deref(), &tmp.path)?;
    let secret_file = tmp.path.join("secret.key");
    let server_cmd = |args: &[&str]| server_on(&root, &database.url, &secret_file, args);

    step(
        &format!(
            "seeding {} demo customers into {}",
            args.customers,
            database.describe()
        ),
        || {
            run_quietly(&mut server_cmd(&[
                "seed",
                "--customers",
                &args.customers.to_string(),
            ]))
            .map(drop)
        },
    )?;

    heading("starting the server");
    let port = free_port()?;
    let mut serve = server_cmd(&[
        "serve",
        "--demo",
        "--plain-http",
        "--port",
        &port.to_string(),
        "--analytics-every",
        "0",
        "--dispatch-every",
        "0",
        // No web app: only the API is measured (a missing dist/ is only a warning).
        "--web-dist",
        &tmp.path.join("no-web-app").to_string_lossy(),
    ]);
    let server = start_server(&mut serve, tmp.path.join("server.log"), port)?;

    let http = Http::sign_in(port, BENCH_USER, DEMO_PASSWORD)?;
    let sql = database.sql_client(&root);
    if let Err(why) = &sql {
        warn(&format!("baselines skipped: {why}"));
    }
    let sql = sql.ok();

    let window = Window::last_12_months(unix_now());
    let mut rows = time_cases(
        &server,
        &http,
        sql.as_ref(),
        database.backend,
        &window,
        runs,
    )?;

    if args.import_rows > 0 {
        match &sql {
            Some(sql) => {
                let imported = time_import(&server_cmd, sql, &tmp.path, args.import_rows)?;
                rows.extend(imported);
            }
            None => warn("import timing skipped: it needs the database's command line client"),
        }
    }

    print_results(args, database.backend, &rows);
    write_report(&root, args, database.backend, &window, &rows)?;
    Ok(print_verdict(&rows))
}

/// Times every case over `window` (printing a line each); on an error the
/// server log's tail is shown.
fn time_cases(
    server: &BackgroundServer,
    http: &Http,
    sql: Option<&SqlClient>,
    backend: Backend,
    window: &Window,
    runs: usize,
) -> Result<Vec<Row>> {
    let cases = cases(backend, window);
    heading(&format!(
        "timing {} cases: {WARMUP} warm-up + {runs} timed calls each ({} to {})",
        cases.len(),
        window.from,
        window.to
    ));
    let mut rows = Vec::new();
    for case in &cases {
        match measure(case, http, sql, runs) {
            Ok(row) => {
                note(&summary_line(&row));
                rows.push(row);
            }
            Err(e) => {
                server.print_log_tail();
                return Err(format!("{}: {e}", case.name).into());
            }
        }
    }
    Ok(rows)
}

/// The results table and the baselines' legend.
fn print_results(args: &BenchArgs, backend: Backend, rows: &[Row]) {
    heading(&format!(
        "results ({} customers, {}, median and p95 of {} calls; ratio = baseline ÷ median)",
        args.customers,
        backend.name(),
        args.runs as usize
    ));
    for line in table_lines(rows) {
        println!("    {line}");
    }
    let legend: Vec<&Row> = rows.iter().filter(|r| r.baseline.is_some()).collect();
    if !legend.is_empty() {
        println!();
        note("baselines (plain SQL on the same database, same run):");
        for row in legend {
            if let Some(b) = &row.baseline {
                note(&dim(&format!("{}: {}", row.name, b.what)));
            }
        }
    }
}

/// Writes the JSON report to `target/bench/latest.json`.
fn write_report(
    root: &Path,
    args: &BenchArgs,
    backend: Backend,
    window: &Window,
    rows: &[Row],
) -> Result<()> {
    let report = report_json(args, backend, window, rows);
    let path = util::target_dir(root).join("bench").join("latest.json");
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(&path, serde_json::to_string_pretty(&report)? + "\n")?;
    println!();
    note(&dim(&format!(
        "written to {}",
        path.strip_prefix(root).unwrap_or(&path).display()
    )));
    Ok(())
}

/// Prints whether every target was met, and answers it.
fn print_verdict(rows: &[Row]) -> bool {
    let failed: Vec<&str> = rows
        .iter()
        .filter(|r| r.passed() == Some(false))
        .map(|r| r.name.as_str())
        .collect();
    if failed.is_empty() {
        println!(
            "{}",
            bold(&format!("all {} targets met", count_targets(rows)))
        );
        true
    } else {
        println!(
            "{}",
            red(&format!(
                "{} of {} targets missed: {}",
                failed.len(),
                count_targets(rows),
                failed.join(", ")
            ))
        );
        false
    }
}

fn count_targets(rows: &[Row]) -> usize {
    rows.iter().filter(|r| r.target_ms.is_some()).count()
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

// ---------------------------------------------------------------------------
// The cases

/// One measurement: what is timed, its target, and its raw baseline.
struct Case {
    name: String,
    probe: Probe,
    target_ms: Option<f64>,
    baseline: Option<Baseline>,
    /// The probe and the baseline count the same customers: their counts must agree.
    same_count: bool,
}

/// What is timed.
enum Probe {
    /// `GET path` (with the session).
    Get(String),
    /// `POST path` with a JSON body (with the session).
    Post(String, String),
    /// A SQL statement through the database's command line client.
    Sql(String),
}

/// The naive equivalent, timed as plain SQL.
struct Baseline {
    what: &'static str,
    sql: String,
}

/// Which database the server runs on (decides the baseline SQL dialect and client).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    fn of(url: &str) -> Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres)
        } else {
            Err(format!("unsupported database URL {url:?}: use sqlite://… or postgres://…").into())
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "SQLite",
            Self::Postgres => "PostgreSQL",
        }
    }

    /// `YYYY-MM` of a Unix timestamp column in Asia/Shanghai (as the server's rollups do).
    fn month_sql(self, column: &str) -> String {
        match self {
            Self::Sqlite => format!("strftime('%Y-%m', {column} + 28800, 'unixepoch')"),
            Self::Postgres => {
                format!("to_char(to_timestamp({column} + 28800) AT TIME ZONE 'UTC', 'YYYY-MM')")
            }
        }
    }
}

/// The analytics' "now" (every feature row was computed at it), for raw 12-month windows.
const ANALYTICS_NOW: &str = "WITH n AS (SELECT MAX(computed_at) AS now FROM customer_features) ";

/// Customers whose purchases (not cash advances) in the analytics' last 365 days, filtered by
/// `extra` and aggregated by `having`, counted straight from `transactions`.
fn raw_12m_count(extra: &str, having: &str) -> String {
    format!(
        "{ANALYTICS_NOW}SELECT COUNT(*) FROM (SELECT t.customer_id FROM transactions t, n \
         WHERE t.category <> 'cash_advance' {extra} AND t.occurred_at <= n.now \
         AND t.occurred_at > n.now - {} GROUP BY t.customer_id HAVING {having}) x",
        365 * DAY_SECS
    )
}

/// A segment condition as the count endpoint's JSON body.
fn count_body(rules: &Value) -> String {
    json!({ "rules": rules }).to_string()
}

fn cases(backend: Backend, w: &Window) -> Vec<Case> {
    let purchases = json!({"type": "condition", "field": {"name": "tx_count12m"},
        "op": "gt", "value": {"number": 100}});
    let dining = json!({"type": "condition",
        "field": {"name": "category_spend", "category": "dining", "window": "365"},
        "op": "gt", "value": {"number": 500_000}});
    let nested = json!({"type": "group", "logic": "and", "rules": [
        {"type": "condition", "field": {"name": "age"}, "op": "lt", "value": {"number": 30}},
        {"type": "group", "logic": "or", "rules": [
            {"type": "condition", "field": {"name": "gender"}, "op": "eq", "value": {"text": "female"}},
            {"type": "condition", "field": {"name": "p_alive"}, "op": "gte", "value": {"number": 0.9}}
        ]}
    ]});
    let count = "/api/v1/segments/count".to_owned();
    let filter = format!("from={}&to={}", w.from, w.to);
    let dashboard = |path: &str| {
        let sep = if path.contains('?') { '&' } else { '?' };
        Probe::Get(format!("/api/v1/dashboard/{path}{sep}{filter}"))
    };
    let (from, until) = (w.from_ts, w.until_ts);
    let month = |column: &str| backend.month_sql(column);
    vec![
        Case {
            name: "segments/count: purchases 12m > 100".into(),
            probe: Probe::Post(count.clone(), count_body(&purchases)),
            target_ms: Some(SEGMENT_TARGET_MS),
            baseline: Some(Baseline {
                what: "purchases in the last 365 days counted per customer from transactions",
                sql: raw_12m_count("", "COUNT(*) > 100"),
            }),
            same_count: true,
        },
        Case {
            name: "segments/count: dining 365d > ¥5,000".into(),
            probe: Probe::Post(count.clone(), count_body(&dining)),
            target_ms: Some(SEGMENT_TARGET_MS),
            baseline: Some(Baseline {
                what: "dining spend in the last 365 days summed per customer from transactions",
                sql: raw_12m_count("AND t.category = 'dining'", "SUM(t.amount_fen) > 500000"),
            }),
            same_count: true,
        },
        Case {
            name: "segments/count: age<30 and (female or p_alive>=0.9)".into(),
            probe: Probe::Post(count, count_body(&nested)),
            target_ms: Some(SEGMENT_TARGET_MS),
            // p_alive comes from a fitted model: there is no raw SQL for it.
            baseline: None,
            same_count: false,
        },
        Case {
            name: "SQL count: spend_12m_fen > ¥50,000".into(),
            probe: Probe::Sql(
                "SELECT COUNT(*) FROM customers c JOIN customer_features f \
                 ON f.customer_id = c.id WHERE f.spend_12m_fen > 5000000"
                    .into(),
            ),
            target_ms: None,
            baseline: Some(Baseline {
                what: "12-month spend summed per customer from transactions",
                sql: raw_12m_count("", "SUM(t.amount_fen) > 5000000"),
            }),
            same_count: true,
        },
        Case {
            name: "dashboard/satisfaction".into(),
            probe: dashboard("satisfaction"),
            target_ms: Some(DASHBOARD_TARGET_MS),
            baseline: Some(Baseline {
                what: "NPS by month × province from survey_responses ⋈ customers",
                sql: format!(
                    "SELECT {} AS month, c.province, \
                     SUM(CASE WHEN s.nps >= 9 THEN 1 ELSE 0 END) AS promoters, \
                     SUM(CASE WHEN s.nps BETWEEN 7 AND 8 THEN 1 ELSE 0 END) AS passives, \
                     SUM(CASE WHEN s.nps <= 6 THEN 1 ELSE 0 END) AS detractors \
                     FROM survey_responses s JOIN customers c ON c.id = s.customer_id \
                     WHERE s.nps IS NOT NULL AND s.responded_at >= {from} AND s.responded_at < {until} \
                     GROUP BY 1, c.province ORDER BY 1, c.province",
                    month("s.responded_at")
                ),
            }),
            same_count: false,
        },
        Case {
            name: "dashboard/cards".into(),
            probe: dashboard("cards"),
            target_ms: Some(DASHBOARD_TARGET_MS),
            baseline: Some(Baseline {
                what: "card spend and cards with spend by month from transactions",
                sql: format!(
                    "SELECT {} AS month, COUNT(DISTINCT card_id) AS cards, SUM(amount_fen) AS spend \
                     FROM transactions WHERE amount_fen > 0 \
                     AND occurred_at >= {from} AND occurred_at < {until} GROUP BY 1 ORDER BY 1",
                    month("occurred_at")
                ),
            }),
            same_count: false,
        },
        Case {
            name: "dashboard/service".into(),
            probe: dashboard("service"),
            target_ms: Some(DASHBOARD_TARGET_MS),
            baseline: Some(Baseline {
                what: "interactions, responses and resolutions by month × channel from \
                       service_interactions ⋈ customers",
                sql: format!(
                    "SELECT {} AS month, s.channel, COUNT(*) AS interactions, \
                     COUNT(s.first_response_secs) AS responded, \
                     SUM(COALESCE(s.first_response_secs, 0)) AS first_response_secs, \
                     SUM(CASE WHEN s.outcome = 'resolved' THEN 1 ELSE 0 END) AS resolved, \
                     SUM(CASE WHEN s.outcome = 'pending' THEN 1 ELSE 0 END) AS pending \
                     FROM service_interactions s JOIN customers c ON c.id = s.customer_id \
                     WHERE s.occurred_at >= {from} AND s.occurred_at < {until} \
                     GROUP BY 1, s.channel ORDER BY 1, s.channel",
                    month("s.occurred_at")
                ),
            }),
            same_count: false,
        },
        Case {
            name: "dashboard/comments".into(),
            probe: dashboard("comments"),
            target_ms: Some(DASHBOARD_TARGET_MS),
            baseline: None,
            same_count: false,
        },
        Case {
            name: "dashboard/drill?metric=detractors".into(),
            probe: dashboard("drill?metric=detractors"),
            target_ms: Some(DASHBOARD_TARGET_MS),
            baseline: None,
            same_count: false,
        },
    ]
}

// ---------------------------------------------------------------------------
// Measuring

/// The timings of one measured query.
#[derive(Clone, Debug, PartialEq)]
struct Timing {
    median_ms: f64,
    p95_ms: f64,
}

impl Timing {
    fn of(samples: &[Duration]) -> Self {
        let ms: Vec<f64> = samples.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
        Self {
            median_ms: median(&ms),
            p95_ms: percentile(&ms, 95.0),
        }
    }
}

/// A measured baseline.
#[derive(Clone, Debug, PartialEq)]
struct BaselineResult {
    what: String,
    timing: Timing,
}

/// One line of the results table.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    name: String,
    /// Unit of the timing columns and the target (`ms`, or `MiB` for memory).
    unit: &'static str,
    timing: Timing,
    target_ms: Option<f64>,
    baseline: Option<BaselineResult>,
    /// (measured, baseline) counts of a same-audience case.
    counts: Option<(String, String)>,
}

impl Row {
    /// Whether the median met the target; `None` without a target.
    fn passed(&self) -> Option<bool> {
        self.target_ms.map(|t| self.timing.median_ms < t)
    }

    /// Baseline median ÷ median (how many times faster than the raw query); `None` without a
    /// baseline or when the median rounds to zero.
    fn ratio(&self) -> Option<f64> {
        let b = self.baseline.as_ref()?;
        (self.timing.median_ms > 0.0).then(|| b.timing.median_ms / self.timing.median_ms)
    }
}

fn measure(case: &Case, http: &Http, sql: Option<&SqlClient>, runs: usize) -> Result<Row> {
    let bar = util::spinner(&case.name);
    let (samples, value) = match &case.probe {
        Probe::Get(path) | Probe::Post(path, _) => {
            let body = match &case.probe {
                Probe::Post(_, body) => Some(body.as_str()),
                _ => None,
            };
            let mut samples = Vec::with_capacity(runs);
            let mut first = None;
            for i in 0..WARMUP + runs {
                bar.set_message(format!("{} ({}/{})", case.name, i + 1, WARMUP + runs));
                let start = Instant::now();
                let text = http.call(path, body)?;
                let elapsed = start.elapsed();
                if i >= WARMUP {
                    samples.push(elapsed);
                }
                first.get_or_insert(text);
            }
            let total = first
                .as_deref()
                .and_then(|t| serde_json::from_str::<Value>(t).ok())
                .and_then(|v| v.get("total").map(Value::to_string));
            (samples, total)
        }
        Probe::Sql(query) => {
            let client = sql.ok_or("needs the database's command line client")?;
            bar.set_message(format!("{} ({} runs)", case.name, WARMUP + runs));
            client.time(query, runs)?
        }
    };
    let baseline = match (&case.baseline, sql) {
        (Some(b), Some(client)) => {
            bar.set_message(format!("{}: baseline ({} runs)", case.name, WARMUP + runs));
            let (samples, value) = client.time(&b.sql, runs)?;
            Some((b.what, Timing::of(&samples), value))
        }
        _ => None,
    };
    bar.finish_and_clear();
    let counts = match (&baseline, case.same_count) {
        (Some((_, _, Some(b))), true) => Some((value.unwrap_or_default(), b.clone())),
        _ => None,
    };
    if let Some((measured, base)) = &counts
        && measured != base
    {
        warn(&format!(
            "{}: counted {measured} but the baseline counted {base}; they should be the same audience",
            case.name
        ));
    }
    Ok(Row {
        unit: "ms",
        name: case.name.clone(),
        timing: Timing::of(&samples),
        target_ms: case.target_ms,
        baseline: baseline.map(|(what, timing, _)| BaselineResult {
            what: what.to_owned(),
            timing,
        }),
        counts,
    })
}

/// One line per measured case while the benchmark runs.
fn summary_line(row: &Row) -> String {
    let mut line = format!(
        "{}: median {:.1} ms, p95 {:.1} ms",
        row.name, row.timing.median_ms, row.timing.p95_ms
    );
    if let Some(b) = &row.baseline {
        line.push_str(&format!("; baseline median {:.1} ms", b.timing.median_ms));
    }
    if let Some((measured, base)) = &row.counts {
        line.push_str(&format!("; count {measured} (baseline {base})"));
    }
    line
}

/// The median of `values` (the mean of the two middle values for an even count); 0 when empty.
fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => 0.0,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// The `p`th percentile of `values` by the nearest-rank method (the smallest value with at
/// least `p`% of the values at or below it); 0 when empty.
fn percentile(values: &[f64], p: f64) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return 0.0;
    }
    let rank = (p / 100.0 * v.len() as f64).ceil() as usize;
    v[rank.clamp(1, v.len()) - 1]
}

// ---------------------------------------------------------------------------
// HTTP

/// A signed-in HTTP session against the local server.
struct Http {
    agent: ureq::Agent,
    base: String,
    cookie: String,
}

impl Http {
    fn sign_in(port: u16, username: &str, password: &str) -> Result<Self> {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(60)))
            .http_status_as_error(false)
            .build()
            .into();
        let base = format!("http://127.0.0.1:{port}");
        let body = json!({ "username": username, "password": password }).to_string();
        let response = agent
            .post(format!("{base}/api/v1/session"))
            .header("content-type", "application/json")
            .header("x-cardinal-request", "1")
            .send(body.as_str())?;
        if response.status() != 200 {
            return Err(format!(
                "signing in as {username} answered HTTP {}",
                response.status()
            )
            .into());
        }
        let set_cookies = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok());
        let cookie =
            session_cookie(set_cookies).ok_or("signing in set no cardinal_session cookie")?;
        note(&format!("signed in as {username}"));
        Ok(Self {
            agent,
            base,
            cookie,
        })
    }

    /// The body of `GET path`, or of `POST path` with a JSON body; an error unless HTTP 200.
    fn call(&self, path: &str, json_body: Option<&str>) -> Result<String> {
        let url = format!("{}{path}", self.base);
        let mut response = match json_body {
            None => self.agent.get(&url).header("cookie", &self.cookie).call()?,
            Some(body) => self
                .agent
                .post(&url)
                .header("cookie", &self.cookie)
                .header("content-type", "application/json")
                .header("x-cardinal-request", "1")
                .send(body)?,
        };
        let status = response.status();
        let text = response.body_mut().read_to_string()?;
        if status != 200 {
            let method = if json_body.is_some() { "POST" } else { "GET" };
            let excerpt: String = text.chars().take(300).collect();
            return Err(format!("{method} {path} answered HTTP {status}: {excerpt}").into());
        }
        Ok(text)
    }
}

/// `cardinal_session=…` from the `Set-Cookie` headers of the sign-in response.
fn session_cookie<'a>(set_cookies: impl IntoIterator<Item = &'a str>) -> Option<String> {
    set_cookies.into_iter().find_map(|header| {
        let pair = header.split(';').next()?.trim();
        let (name, value) = pair.split_once('=')?;
        (name == "cardinal_session" && !value.is_empty()).then(|| pair.to_owned())
    })
}

// ---------------------------------------------------------------------------
// Databases

/// The database the benchmark seeds and measures.
struct Database {
    backend: Backend,
    /// The URL the server is given.
    url: String,
    /// A fresh PostgreSQL schema, dropped with this value.
    schema: Option<PgSchema>,
}

impl Database {
    /// A temporary SQLite file under `tmp`, the given SQLite URL, or a fresh schema in the given
    /// PostgreSQL database.
    fn prepare(url: Option<&str>, tmp: &Path) -> Result<Self> {
        let Some(url) = url else {
            return Ok(Self {
                backend: Backend::Sqlite,
                url: format!("sqlite://{}?mode=rwc", tmp.join("bench.db").display()),
                schema: None,
            });
        };
        match Backend::of(url)? {
            Backend::Sqlite => Ok(Self {
                backend: Backend::Sqlite,
                url: url.to_owned(),
                schema: None,
            }),
            Backend::Postgres => {
                let schema = PgSchema::create(url)?;
                Ok(Self {
                    backend: Backend::Postgres,
                    url: schema_url(url, &schema.name),
                    schema: Some(schema),
                })
            }
        }
    }

    fn describe(&self) -> String {
        match (&self.schema, self.backend) {
            (Some(s), _) => format!("PostgreSQL schema {}", s.name),
            (None, Backend::Sqlite) => match sqlite_path(&self.url) {
                Some(path) => format!("SQLite {path}"),
                None => "SQLite".to_owned(),
            },
            (None, Backend::Postgres) => "PostgreSQL".to_owned(),
        }
    }

    /// The command line client that runs the baselines, or why there is none.
    fn sql_client(&self, root: &Path) -> Result<SqlClient, String> {
        match self.backend {
            Backend::Sqlite => {
                util::probe(Command::new("sqlite3").arg("-version"))
                    .ok_or("`sqlite3` is not installed (apt-get install sqlite3)")?;
                let path = sqlite_path(&self.url)
                    .ok_or_else(|| format!("no file in the SQLite URL {}", self.url))?;
                Ok(SqlClient::Sqlite(root.join(path)))
            }
            Backend::Postgres => {
                util::probe(Command::new("psql").arg("--version"))
                    .ok_or("`psql` is not installed")?;
                Ok(SqlClient::Postgres(self.url.clone()))
            }
        }
    }
}

/// The file of a `sqlite://path?…` or `sqlite:path` URL (relative paths are relative to the
/// workspace root, where the server runs).
fn sqlite_path(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then_some(path)
}

/// `url` with its default schema set to `schema` (libpq and sqlx both read `options`).
fn schema_url(url: &str, schema: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}options=-c%20search_path%3D{schema}")
}

/// A fresh PostgreSQL schema, created and dropped with `psql`.
struct PgSchema {
    admin_url: String,
    name: String,
}

impl PgSchema {
    fn create(admin_url: &str) -> Result<Self> {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default();
        let name = format!("bench_{}_{nanos}", std::process::id());
        run_quietly(
            Command::new("psql")
                .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", admin_url, "-c"])
                .arg(format!("CREATE SCHEMA {name}")),
        )?;
        Ok(Self {
            admin_url: admin_url.to_owned(),
            name,
        })
    }
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        let dropped = Command::new("psql")
            .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", &self.admin_url, "-c"])
            .arg(format!("DROP SCHEMA {} CASCADE", self.name))
            .stdin(Stdio::null())
            .output();
        if !dropped.is_ok_and(|o| o.status.success()) {
            warn(&format!("could not drop the schema {}", self.name));
        }
    }
}

/// A database's command line client, for timing plain SQL.
enum SqlClient {
    /// `sqlite3 -readonly` on this file.
    Sqlite(PathBuf),
    /// `psql` on this URL.
    Postgres(String),
}

impl SqlClient {
    fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(_) => Backend::Sqlite,
            Self::Postgres(_) => Backend::Postgres,
        }
    }

    /// Run `sql` once untimed (its first output line is returned), then [`WARMUP`] + `runs`
    /// times with the client's timer on; the timings of the last `runs`.
    fn time(&self, sql: &str, runs: usize) -> Result<(Vec<Duration>, Option<String>)> {
        let script = sql_script(self.backend(), sql, WARMUP + runs);
        let mut cmd = match self {
            Self::Sqlite(path) => {
                let mut cmd = Command::new("sqlite3");
                cmd.args(["-batch", "-bail", "-readonly"]).arg(path);
                cmd
            }
            Self::Postgres(url) => {
                let mut cmd = Command::new("psql");
                cmd.args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", url]);
                cmd
            }
        };
        let output = run_with_stdin(&mut cmd, &script)?;
        let (timings, values) = parse_client_output(self.backend(), &output);
        if timings.len() != WARMUP + runs {
            return Err(format!(
                "expected {} timings from {}, got {}",
                WARMUP + runs,
                util::describe(&cmd),
                timings.len()
            )
            .into());
        }
        Ok((timings[WARMUP..].to_vec(), values.into_iter().next()))
    }
}

/// The null device, where the timed runs' result rows go.
const NULL_DEVICE: &str = if cfg!(windows) { "NUL" } else { "/dev/null" };

/// The client script: `sql` once with its rows shown, then `timed` times with rows discarded and
/// the timer on.
fn sql_script(backend: Backend, sql: &str, timed: usize) -> String {
    let sql = sql.trim().trim_end_matches(';');
    let mut script = match backend {
        Backend::Sqlite => {
            format!(".headers off\n.mode list\n{sql};\n.output {NULL_DEVICE}\n.timer on\n")
        }
        Backend::Postgres => format!("{sql};\n\\o {NULL_DEVICE}\n\\timing on\n"),
    };
    for _ in 0..timed {
        script.push_str(sql);
        script.push_str(";\n");
    }
    script
}

/// The timings (`Run Time: real 0.012 …` from sqlite3, `Time: 12.345 ms` from psql) and the
/// other non-empty lines (result rows) of a client's output.
fn parse_client_output(backend: Backend, output: &str) -> (Vec<Duration>, Vec<String>) {
    let mut timings = Vec::new();
    let mut values = Vec::new();
    for line in output.lines() {
        let line = line.trim();
        let ms = match backend {
            Backend::Sqlite => line
                .strip_prefix("Run Time: real ")
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|secs| secs.parse::<f64>().ok())
                .map(|secs| secs * 1000.0),
            Backend::Postgres => line
                .strip_prefix("Time: ")
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|ms| ms.parse::<f64>().ok()),
        };
        match ms {
            Some(ms) => timings.push(Duration::from_secs_f64(ms.max(0.0) / 1000.0)),
            None if !line.is_empty() => values.push(line.to_owned()),
            None => {}
        }
    }
    (timings, values)
}

/// Run `cmd` with `input` on its stdin; its stdout, or an error with its stderr.
fn run_with_stdin(cmd: &mut Command, input: &str) -> Result<String> {
    use std::io::Write;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start {}: {e}", util::describe(cmd)))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input.as_bytes())?;
    }
    let output = child.wait_with_output()?;
    if !output.status.success() {
        return Err(format!(
            "`{}` failed ({}): {}",
            util::describe(cmd),
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        )
        .into());
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

// ---------------------------------------------------------------------------
// Months (the dashboards' default window, made explicit so the baselines use the same one)

/// The last 12 calendar months in Asia/Shanghai, the current one included.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Window {
    /// First month, `YYYY-MM`.
    from: String,
    /// Last (current) month, `YYYY-MM`.
    to: String,
    /// Unix time of the first month's first Shanghai midnight.
    from_ts: i64,
    /// Unix time of the first Shanghai midnight after the last month.
    until_ts: i64,
}

impl Window {
    fn last_12_months(now: i64) -> Self {
        let current = shanghai_month(now);
        let first = add_months(current, -11);
        let next = add_months(current, 1);
        let key = |(y, m): (i64, u32)| format!("{y:04}-{m:02}");
        Self {
            from: key(first),
            to: key(current),
            from_ts: month_start(first),
            until_ts: month_start(next),
        }
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let (m, d) = (i64::from(m), i64::from(d));
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = (if mp < 10 { mp + 3 } else { mp - 9 }) as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The Shanghai calendar month at Unix time `ts`.
fn shanghai_month(ts: i64) -> (i64, u32) {
    let (y, m, _) = civil_from_days((ts + SHANGHAI_OFFSET_SECS).div_euclid(DAY_SECS));
    (y, m)
}

/// Unix time of Shanghai midnight on the first day of the month.
fn month_start((y, m): (i64, u32)) -> i64 {
    days_from_civil(y, m, 1) * DAY_SECS - SHANGHAI_OFFSET_SECS
}

/// The month `delta` months after (or before, when negative) the given one.
fn add_months((y, m): (i64, u32), delta: i64) -> (i64, u32) {
    let index = y * 12 + i64::from(m) - 1 + delta;
    (index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
}

// ---------------------------------------------------------------------------
// Reporting

/// The results table, one string per line (header, rule, rows), columns padded to their
/// widest cell; PASS / FAIL are coloured after padding.
fn table_lines(rows: &[Row]) -> Vec<String> {
    const HEADER: [&str; 7] = [
        "name",
        "median ms",
        "p95 ms",
        "target",
        "result",
        "baseline ms",
        "ratio",
    ];
    let ms = |v: f64| format!("{v:.1}");
    let body: Vec<[String; 7]> = rows
        .iter()
        .map(|r| {
            [
                r.name.clone(),
                ms(r.timing.median_ms),
                ms(r.timing.p95_ms),
                r.target_ms
                    .map_or_else(|| "-".to_owned(), |t| format!("< {t:.0} {}", r.unit)),
                match r.passed() {
                    Some(true) => "PASS".to_owned(),
                    Some(false) => "FAIL".to_owned(),
                    None => "-".to_owned(),
                },
                r.baseline
                    .as_ref()
                    .map_or_else(|| "-".to_owned(), |b| ms(b.timing.median_ms)),
                r.ratio()
                    .map_or_else(|| "-".to_owned(), |x| format!("{x:.1}×")),
            ]
        })
        .collect();
    let mut widths = HEADER.map(UnicodeWidthStr::width);
    for cells in &body {
        for (w, cell) in widths.iter_mut().zip(cells) {
            *w = (*w).max(cell.width());
        }
    }
    // The name is left-aligned, the rest right-aligned.
    let pad = |i: usize, text: &str| {
        let fill = " ".repeat(widths[i].saturating_sub(text.width()));
        if i == 0 {
            format!("{text}{fill}")
        } else {
            format!("{fill}{text}")
        }
    };
    let line = |cells: Vec<String>| cells.join("  ").trim_end().to_owned();
    let mut lines = vec![line(
        HEADER
            .iter()
            .enumerate()
            .map(|(i, h)| bold(&pad(i, h)))
            .collect(),
    )];
    lines.push(line(widths.iter().map(|w| "-".repeat(*w)).collect()));
    for cells in &body {
        lines.push(line(
            cells
                .iter()
                .enumerate()
                .map(|(i, c)| match (i, c.as_str()) {
                    (4, "PASS") => green(&pad(i, c)),
                    (4, "FAIL") => red(&pad(i, c)),
                    _ => pad(i, c),
                })
                .collect(),
        ));
    }
    lines
}

/// Milliseconds to the microsecond (what the JSON report keeps).
fn round_ms(ms: f64) -> f64 {
    (ms * 1000.0).round() / 1000.0
}

/// The results as `target/bench/latest.json` holds them.
fn report_json(args: &BenchArgs, backend: Backend, window: &Window, rows: &[Row]) -> Value {
    let results: Vec<Value> = rows
        .iter()
        .map(|r| {
            json!({
                "name": r.name,
                "median_ms": round_ms(r.timing.median_ms),
                "p95_ms": round_ms(r.timing.p95_ms),
                "target_ms": r.target_ms,
                "pass": r.passed(),
                "baseline": r.baseline.as_ref().map(|b| json!({
                    "what": b.what,
                    "median_ms": round_ms(b.timing.median_ms),
                    "p95_ms": round_ms(b.timing.p95_ms),
                })),
                "ratio": r.ratio().map(|x| (x * 100.0).round() / 100.0),
                "counts": r.counts.as_ref().map(|(m, b)| json!({"measured": m, "baseline": b})),
            })
        })
        .collect();
    json!({
        "measured_at": unix_now(),
        "database": backend.name(),
        "customers": args.customers,
        "runs": args.runs,
        "warmup": WARMUP,
        "months": { "from": window.from, "to": window.to },
        "passed": rows.iter().all(|r| r.passed() != Some(false)),
        "results": results,
    })
}

// ---------------------------------------------------------------------------
// Import throughput

/// Transactions imported per second, at least (on SQLite).
pub const IMPORT_TARGET_ROWS_PER_SEC: f64 = 100_000.0;

/// Peak memory of importing `n` rows may exceed that of `n / 5` rows by this factor at most
/// (memory that does not grow with the file).
pub const IMPORT_MEMORY_GROWTH: f64 = 1.5;

/// Imports a generated transactions file of `n` rows with `crm-server import` (timed by the
/// import's own report, without the analytics that follow), then the same file again (every
/// row already present). The target is [`IMPORT_TARGET_ROWS_PER_SEC`]; on SQLite the baseline
/// is `sqlite3 .import` of the same file into an empty scratch table: a raw load with no
/// parsing of values, no validation and no indexes. A file of `n / 5` rows is imported first,
/// and the two imports' peak memory compared: it must not grow with the file
/// ([`IMPORT_MEMORY_GROWTH`]).
#[allow(clippy::too_many_lines)]
fn time_import(
    server: &dyn Fn(&[&str]) -> Command,
    sql: &SqlClient,
    dir: &Path,
    n: u32,
) -> Result<Vec<Row>> {
    let list_sql = match sql.backend() {
        Backend::Sqlite => {
            "SELECT group_concat(customer_no, ' ') FROM customers c WHERE EXISTS \
                            (SELECT 1 FROM cards k WHERE k.customer_id = c.id AND k.status <> 'closed')"
        }
        Backend::Postgres => {
            "SELECT string_agg(customer_no, ' ') FROM customers c WHERE EXISTS \
                              (SELECT 1 FROM cards k WHERE k.customer_id = c.id AND k.status <> 'closed')"
        }
    };
    let (_, customers) = sql.time(list_sql, 1)?;
    let customers: Vec<String> = customers
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    if customers.is_empty() {
        return Err("no customer with an open card to import transactions for".into());
    }
    let small_n = (n / 5).max(1);
    let small = dir.join("import-small.csv");
    let path = dir.join("import.csv");
    let bar = util::spinner(&format!("writing {small_n} and {n} transactions to import"));
    write_import_file(&small, "BENCHS", &customers, small_n, unix_now())?;
    write_import_file(&path, "BENCH", &customers, n, unix_now())?;
    bar.finish_and_clear();
    // the throughput target is set for SQLite (the embedded default); PostgreSQL is reported
    let target_ms = matches!(sql, SqlClient::Sqlite(_))
        .then(|| f64::from(n) / IMPORT_TARGET_ROWS_PER_SEC * 1000.0);
    let baseline = match sql {
        SqlClient::Sqlite(_) => Some(raw_load(&path, dir)?),
        SqlClient::Postgres(_) => None,
    };
    let import = |file: &Path, what: &str, expect_new: Option<u32>| -> Result<(f64, Option<f64>)> {
        let bar = util::spinner(what);
        let out = run_quietly(&mut server(&[
            "import",
            "--kind",
            "transactions",
            "--no-analytics",
            &file.to_string_lossy(),
        ]))?
        .output;
        bar.finish_and_clear();
        let secs =
            import_seconds(&out).ok_or_else(|| format!("no timing in the import output: {out}"))?;
        let ok = match expect_new {
            Some(k) => out.contains(&format!("committed: {k} new")),
            None => out.contains("committed: 0 new"),
        };
        if !ok {
            return Err(format!("unexpected import result: {out}").into());
        }
        Ok((secs, peak_mib(&out)))
    };
    let (_, small_mib) = import(
        &small,
        &format!("import {small_n} transactions"),
        Some(small_n),
    )?;
    let mut rows = Vec::new();
    let mut large_mib = None;
    for (name, expect_new) in [
        (format!("import {n} transactions (CLI)"), Some(n)),
        (format!("import the same {n} again (all present)"), None),
    ] {
        let (secs, mib) = import(&path, &name, expect_new)?;
        if expect_new.is_some() {
            large_mib = mib;
        }
        let ms = secs * 1000.0;
        let row = Row {
            unit: "ms",
            name,
            timing: Timing {
                median_ms: ms,
                p95_ms: ms,
            },
            target_ms,
            baseline: baseline.clone(),
            counts: None,
        };
        note(&format!(
            "{}: {:.1} s, {:.0} rows/s",
            row.name,
            secs,
            f64::from(n) / secs.max(1e-9)
        ));
        rows.push(row);
    }
    if let (Some(small_mib), Some(large_mib)) = (small_mib, large_mib) {
        note(&format!(
            "peak memory: {small_mib:.0} MiB importing {small_n} rows, {large_mib:.0} MiB importing {n}"
        ));
        rows.push(Row {
            unit: "MiB",
            name: format!("peak memory importing {n} rows (MiB)"),
            timing: Timing {
                median_ms: large_mib,
                p95_ms: large_mib,
            },
            target_ms: Some(small_mib * IMPORT_MEMORY_GROWTH),
            baseline: Some(BaselineResult {
                what: format!("peak memory importing {small_n} rows of the same kind (MiB)"),
                timing: Timing {
                    median_ms: small_mib,
                    p95_ms: small_mib,
                },
            }),
            counts: None,
        });
    }
    Ok(rows)
}

/// `peak memory: 85.3 MiB` from the import's output.
fn peak_mib(output: &str) -> Option<f64> {
    let line = output.lines().find(|l| l.starts_with("peak memory:"))?;
    line.trim_start_matches("peak memory:")
        .trim()
        .trim_end_matches("MiB")
        .trim()
        .parse()
        .ok()
}

/// Seconds from the report line `import of transactions: N rows (0 invalid) in 8.6s, …`.
fn import_seconds(output: &str) -> Option<f64> {
    let line = output
        .lines()
        .find(|l| l.contains("import of transactions"))?;
    let after = line.split(" in ").nth(1)?;
    after.split('s').next()?.trim().parse().ok()
}

/// A deterministic transactions file: references, customers round-robin with a stride,
/// times spread over the 300 days before `now` (Shanghai), amounts ¥1–¥5,000.
fn write_import_file(
    path: &Path,
    prefix: &str,
    customers: &[String],
    n: u32,
    now: i64,
) -> Result<()> {
    use std::io::Write;
    const CATEGORIES: [&str; 5] = ["dining", "supermarket", "travel", "fuel", "apparel"];
    let mut out = std::io::BufWriter::new(File::create(path)?);
    writeln!(out, "交易流水号,客户号,交易时间,交易金额,商户名称,消费类别")?;
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    for i in 0..u64::from(n) {
        // xorshift: cheap, reproducible
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let customer = &customers[(x % customers.len() as u64) as usize];
        let at = now - DAY_SECS - (x >> 20) as i64 % (300 * DAY_SECS) + SHANGHAI_OFFSET_SECS;
        let (y, m, d) = civil_from_days(at.div_euclid(DAY_SECS));
        let secs = at.rem_euclid(DAY_SECS);
        let fen = 100 + (x >> 40) % 499_900;
        writeln!(
            out,
            "{prefix}-{i},{customer},{y:04}-{m:02}-{d:02} {:02}:{:02},{}.{:02},商户{},{}",
            secs / 3600,
            secs % 3600 / 60,
            fen / 100,
            fen % 100,
            i % 977,
            CATEGORIES[(i % 5) as usize]
        )?;
    }
    out.flush()?;
    Ok(())
}

/// `sqlite3 .import` of the file into an empty scratch database, timed.
fn raw_load(csv: &Path, dir: &Path) -> Result<BaselineResult> {
    let scratch = dir.join("raw-load.db");
    let _ = fs::remove_file(&scratch);
    let script = format!(
        "CREATE TABLE raw (reference TEXT, customer_no TEXT, at TEXT, amount TEXT, merchant TEXT, category TEXT);\n\
         .timer on\n.import --csv --skip 1 {} raw\n",
        csv.display()
    );
    let mut cmd = Command::new("sqlite3");
    cmd.args(["-batch", "-bail"]).arg(&scratch);
    let started = Instant::now();
    run_with_stdin(&mut cmd, &script)?;
    let elapsed = started.elapsed();
    let _ = fs::remove_file(&scratch);
    Ok(BaselineResult {
        what: "sqlite3 .import of the same file into an empty table: no value parsing, \
               validation, references or indexes"
            .to_owned(),
        timing: Timing::of(&[elapsed]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_peak_memory_from_the_report() {
        assert_eq!(peak_mib("x\npeak memory: 85.3 MiB\n"), Some(85.3));
        assert_eq!(peak_mib("no such line"), None);
    }

    #[test]
    fn reads_the_import_time_from_the_report() {
        let out =
            "import of transactions: 1000000 rows (0 invalid) in 8.6s, utf-8 / delimiter \",\"\n";
        assert_eq!(import_seconds(out), Some(8.6));
        assert_eq!(import_seconds("nothing"), None);
    }

    fn row(name: &str, median: f64, target: Option<f64>, baseline: Option<f64>) -> Row {
        Row {
            unit: "ms",
            name: name.to_owned(),
            timing: Timing {
                median_ms: median,
                p95_ms: median * 1.5,
            },
            target_ms: target,
            baseline: baseline.map(|b| BaselineResult {
                what: "raw".to_owned(),
                timing: Timing {
                    median_ms: b,
                    p95_ms: b,
                },
            }),
            counts: None,
        }
    }

    #[test]
    fn medians_and_percentiles() {
        assert_eq!(median(&[]), 0.0);
        assert_eq!(median(&[3.0]), 3.0);
        assert_eq!(median(&[5.0, 1.0, 3.0]), 3.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        let hundred: Vec<f64> = (1..=100).rev().map(f64::from).collect();
        assert_eq!(percentile(&hundred, 95.0), 95.0);
        assert_eq!(percentile(&hundred, 100.0), 100.0);
        let thirty: Vec<f64> = (1..=30).map(f64::from).collect();
        // nearest rank: ceil(0.95 × 30) = 29th value
        assert_eq!(percentile(&thirty, 95.0), 29.0);
        assert_eq!(percentile(&[7.0], 95.0), 7.0);
        assert_eq!(percentile(&[], 95.0), 0.0);
        assert_eq!(round_ms(84.180_523_999), 84.181);
        let t = Timing::of(&[
            Duration::from_millis(10),
            Duration::from_millis(30),
            Duration::from_millis(20),
        ]);
        assert!((t.median_ms - 20.0).abs() < 1e-9, "{t:?}");
        assert!((t.p95_ms - 30.0).abs() < 1e-9, "{t:?}");
    }

    #[test]
    fn rows_pass_on_the_median_and_ratio_against_the_baseline() {
        let fast = row("a", 20.0, Some(100.0), Some(300.0));
        assert_eq!(fast.passed(), Some(true));
        assert_eq!(fast.ratio(), Some(15.0));
        let slow = row("b", 100.0, Some(100.0), None);
        assert_eq!(slow.passed(), Some(false));
        assert_eq!(slow.ratio(), None);
        let info = row("c", 0.0, None, Some(5.0));
        assert_eq!(info.passed(), None);
        assert_eq!(info.ratio(), None);
    }

    #[test]
    fn the_table_is_aligned_and_marks_each_row() {
        let rows = [
            row("dashboard/cards", 12.34, Some(100.0), Some(543.21)),
            row(
                "segments/count: dining 365d > ¥5,000",
                612.0,
                Some(500.0),
                None,
            ),
            row("SQL count", 3.0, None, Some(300.0)),
        ];
        let lines: Vec<String> = table_lines(&rows)
            .iter()
            .map(|l| util::strip_ansi(l))
            .collect();
        assert_eq!(lines.len(), 2 + rows.len());
        assert!(lines[0].starts_with("name "), "{}", lines[0]);
        assert!(lines[0].ends_with("ratio"), "{}", lines[0]);
        assert!(lines[1].chars().all(|c| c == '-' || c == ' '));
        // Right-aligned columns end at the same place on every line.
        let end = lines[0].width();
        assert!(
            lines[2].ends_with("44.0×") && lines[2].width() == end,
            "{}",
            lines[2]
        );
        assert!(lines[2].contains("12.3") && lines[2].contains("543.2"));
        assert!(lines[2].contains("< 100 ms") && lines[2].contains("PASS"));
        assert!(lines[3].contains("FAIL") && lines[3].ends_with('-'));
        assert!(lines[4].contains("100.0×") && !lines[4].contains("PASS"));
        // The name column is padded to the widest name (¥ is one column wide).
        let col = "segments/count: dining 365d > ¥5,000".width();
        for line in &lines[2..] {
            assert_eq!(line.chars().nth(col), Some(' '), "{line}");
        }
    }

    #[test]
    fn reads_the_session_cookie() {
        let headers = [
            "other=1; Path=/",
            "cardinal_session=abc-123; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200",
        ];
        assert_eq!(
            session_cookie(headers),
            Some("cardinal_session=abc-123".to_owned())
        );
        assert_eq!(session_cookie(["cardinal_session=; Max-Age=0"]), None);
        assert_eq!(session_cookie([]), None);
    }

    #[test]
    fn parses_the_clients_timings() {
        let sqlite = "1029\nRun Time: real 0.308 user 0.270491 sys 0.028925\n\
                      Run Time: real 0.014 user 0.006126 sys 0.007982\n";
        let (timings, values) = parse_client_output(Backend::Sqlite, sqlite);
        assert_eq!(
            timings,
            [Duration::from_millis(308), Duration::from_millis(14)]
        );
        assert_eq!(values, ["1029"]);
        let psql = "458\nTime: 3.813 ms\nTime: 1234.500 ms (00:01.235)\n\n";
        let (timings, values) = parse_client_output(Backend::Postgres, psql);
        assert_eq!(
            timings,
            [
                Duration::from_secs_f64(0.003_813),
                Duration::from_secs_f64(1.2345)
            ]
        );
        assert_eq!(values, ["458"]);
    }

    #[test]
    fn client_scripts_show_one_result_then_time_the_rest() {
        let script = sql_script(Backend::Sqlite, "SELECT 1;", 3);
        assert_eq!(script.matches("SELECT 1;").count(), 4);
        let timer = script.find(".timer on").unwrap();
        assert!(script.find("SELECT 1;").unwrap() < timer);
        assert!(script.contains(&format!(".output {NULL_DEVICE}")));
        let script = sql_script(Backend::Postgres, "SELECT 1", 2);
        assert_eq!(script.matches("SELECT 1;").count(), 3);
        assert!(script.contains("\\timing on"));
    }

    #[test]
    fn reads_database_urls() {
        assert_eq!(
            sqlite_path("sqlite:///tmp/x/bench.db?mode=rwc"),
            Some("/tmp/x/bench.db")
        );
        assert_eq!(
            sqlite_path("sqlite://data/cardinal.db"),
            Some("data/cardinal.db")
        );
        assert_eq!(sqlite_path("sqlite:data/c.db?mode=rwc"), Some("data/c.db"));
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("postgres://x/y"), None);
        assert_eq!(
            schema_url("postgres://postgres@127.0.0.1:5432/test", "bench_1"),
            "postgres://postgres@127.0.0.1:5432/test?options=-c%20search_path%3Dbench_1"
        );
        assert_eq!(
            schema_url("postgres://h/db?sslmode=disable", "s"),
            "postgres://h/db?sslmode=disable&options=-c%20search_path%3Ds"
        );
        assert_eq!(Backend::of("sqlite://a.db").unwrap(), Backend::Sqlite);
        assert_eq!(Backend::of("postgresql://h/db").unwrap(), Backend::Postgres);
        assert!(Backend::of("mysql://h/db").is_err());
    }

    #[test]
    fn months_are_shanghai_calendar_months() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(civil_from_days(11_017), (2000, 3, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        for day in [-800_000, -1, 0, 59, 10_957, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
        // 2026-11-30 16:00 UTC is already December 1st in Shanghai.
        let ts = days_from_civil(2026, 11, 30) * DAY_SECS + 16 * 3600;
        assert_eq!(shanghai_month(ts), (2026, 12));
        assert_eq!(shanghai_month(ts - 1), (2026, 11));
        assert_eq!(month_start((2026, 12)), ts);
        assert_eq!(add_months((2026, 1), -1), (2025, 12));
        assert_eq!(add_months((2026, 11), -11), (2025, 12));
        assert_eq!(add_months((2025, 12), 1), (2026, 1));
        let w = Window::last_12_months(ts - 1);
        assert_eq!((w.from.as_str(), w.to.as_str()), ("2025-12", "2026-11"));
        assert_eq!(w.from_ts, month_start((2025, 12)));
        assert_eq!(w.until_ts, ts);
    }
}
