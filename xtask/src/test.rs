//! `cargo xtask test`: every check CI runs, in order, with one summary at the end.
//!
//! Steps: rustfmt, clippy (native), clippy (wasm32), `cargo test`, the front-end release build,
//! and the browser (end-to-end) tests against a freshly seeded server. A failing step does not
//! stop the later ones, except that the browser tests need the front-end build. Each plain step
//! counts as one passed or failed check; `cargo test` and the browser tests count their tests.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::run::{build_frontend, build_server, server_command};
use crate::toolchain;
use crate::util::{
    self, Result, bold, cargo, dim, format_duration, green, heading, note, red, run_quietly,
    run_streamed, strip_ansi, timed, yellow,
};

/// PostgreSQL used for the server tests when `TEST_DATABASE_URL` is unset and it answers.
pub const LOCAL_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// How long the e2e server may take to answer `GET /api/v1/health`.
const HEALTH_TIMEOUT: Duration = Duration::from_secs(60);

/// Options of `cargo xtask test`.
#[derive(clap::Args, Debug)]
pub struct TestArgs {
    /// Skip the browser (Playwright + Chromium) tests.
    #[arg(long)]
    pub skip_browser: bool,
    /// Run the server tests on SQLite only, even when PostgreSQL is reachable.
    #[arg(long)]
    pub skip_postgres: bool,
}

/// Run every step; print a per-step summary and the final `N passed, N failed` line.
/// Returns whether everything passed.
pub fn test(args: &TestArgs) -> bool {
    let root = util::workspace_root();
    let mut run = Runner::new(6);

    run.step("rustfmt", || {
        check(run_quietly(
            cargo()
                .args(["fmt", "--all", "--", "--check"])
                .current_dir(&root),
        ))
    });

    run.step("clippy (native)", || {
        check(run_quietly(
            cargo()
                .args([
                    "clippy",
                    "-p",
                    "crm-api",
                    "-p",
                    "crm-server",
                    "-p",
                    "xtask",
                    "--all-targets",
                ])
                .args(["--", "-D", "warnings"])
                .current_dir(&root),
        ))
    });

    run.step("clippy (wasm32)", || {
        check(toolchain::ensure_wasm_target().and_then(|_| {
            run_quietly(
                cargo()
                    .args([
                        "clippy",
                        "-p",
                        "crm-web",
                        "-p",
                        "crm-api",
                        "--target",
                        toolchain::WASM_TARGET,
                    ])
                    .args(["--", "-D", "warnings"])
                    .current_dir(&root),
            )
        }))
    });

    run.step("cargo test", || cargo_tests(&root, args.skip_postgres));

    let frontend_ok = run.step("front-end build", || {
        check(toolchain::ensure_frontend_toolchain(&root).and_then(|_| build_frontend(&root)))
    });

    if args.skip_browser {
        run.skip("browser tests", "--skip-browser");
    } else if !frontend_ok {
        run.skip("browser tests", "the front-end build failed");
    } else {
        run.step("browser tests", || browser_tests(&root));
    }

    run.finish()
}

// ---------------------------------------------------------------------------
// Step bookkeeping

/// What one step contributed to the totals.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    /// Checks or tests that passed and failed.
    Counted { passed: u64, failed: u64 },
    /// Not run, with the reason.
    Skipped(String),
}

struct StepReport {
    name: &'static str,
    outcome: Outcome,
    elapsed: Duration,
}

struct Runner {
    total: usize,
    reports: Vec<StepReport>,
}

impl Runner {
    fn new(total: usize) -> Self {
        Self {
            total,
            reports: Vec::new(),
        }
    }

    fn number(&self) -> String {
        format!("[{}/{}]", self.reports.len() + 1, self.total)
    }

    /// Run one step under a heading; returns whether it passed.
    fn step(&mut self, name: &'static str, f: impl FnOnce() -> Outcome) -> bool {
        heading(&format!("{} {name}", self.number()));
        let (outcome, elapsed) = timed(f);
        let passed = matches!(outcome, Outcome::Counted { failed: 0, .. });
        let time = format_duration(elapsed);
        if passed {
            note(&format!("{} {name} in {time}", green("PASS")));
        } else {
            note(&format!("{} {name} after {time}", red("FAIL")));
        }
        self.reports.push(StepReport {
            name,
            outcome,
            elapsed,
        });
        passed
    }

    fn skip(&mut self, name: &'static str, reason: &str) {
        heading(&format!("{} {name}", self.number()));
        note(&format!("{} {reason}", yellow("SKIP")));
        self.reports.push(StepReport {
            name,
            outcome: Outcome::Skipped(reason.to_owned()),
            elapsed: Duration::ZERO,
        });
    }

    /// Print the summary; returns whether nothing failed.
    fn finish(self) -> bool {
        heading("summary");
        let (mut passed, mut failed) = (0, 0);
        for report in &self.reports {
            let (label, detail) = match &report.outcome {
                Outcome::Counted {
                    passed: p,
                    failed: 0,
                } => (green("PASS"), format!("{p} ok")),
                Outcome::Counted {
                    passed: p,
                    failed: f,
                } => (red("FAIL"), format!("{f} failing, {p} ok")),
                Outcome::Skipped(reason) => (yellow("SKIP"), reason.clone()),
            };
            if let Outcome::Counted {
                passed: p,
                failed: f,
            } = report.outcome
            {
                passed += p;
                failed += f;
            }
            let time = if report.elapsed.is_zero() {
                String::new()
            } else {
                format_duration(report.elapsed)
            };
            note(&format!(
                "{label}  {:<18} {:>9}  {}",
                report.name,
                time,
                dim(&detail)
            ));
        }
        let line = format!("{passed} passed, {failed} failed");
        println!("{}", if failed == 0 { bold(&line) } else { red(&line) });
        failed == 0
    }
}

/// A plain step: one passed check, or one failed check with its error printed.
fn check<T>(result: Result<T>) -> Outcome {
    match result {
        Ok(_) => Outcome::Counted {
            passed: 1,
            failed: 0,
        },
        Err(e) => failure(&e),
    }
}

fn failure(error: &util::Error) -> Outcome {
    note(&format!("{} {error}", red("error:")));
    Outcome::Counted {
        passed: 0,
        failed: 1,
    }
}

// ---------------------------------------------------------------------------
// cargo test

/// Which databases the server tests run on.
#[derive(Debug, PartialEq, Eq)]
enum Databases {
    /// `TEST_DATABASE_URL` was already set by the caller.
    FromEnv,
    /// The local PostgreSQL answered: set `TEST_DATABASE_URL` to [`LOCAL_POSTGRES_URL`].
    LocalPostgres,
    /// SQLite only, with the reason.
    SqliteOnly(&'static str),
}

fn choose_databases(
    skip_postgres: bool,
    env_url: Option<&str>,
    postgres_reachable: impl FnOnce() -> bool,
) -> Databases {
    if skip_postgres {
        Databases::SqliteOnly("--skip-postgres")
    } else if env_url.is_some_and(|url| !url.is_empty()) {
        Databases::FromEnv
    } else if postgres_reachable() {
        Databases::LocalPostgres
    } else {
        Databases::SqliteOnly("nothing answers on 127.0.0.1:5432")
    }
}

fn local_postgres_answers() -> bool {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, 5432));
    TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_ok()
}

fn cargo_tests(root: &Path, skip_postgres: bool) -> Outcome {
    let mut cmd = cargo();
    cmd.args([
        "test",
        "-p",
        "crm-api",
        "-p",
        "crm-server",
        "-p",
        "crm-web",
        "--no-fail-fast",
    ])
    .current_dir(root);
    let env_url = std::env::var("TEST_DATABASE_URL").ok();
    match choose_databases(skip_postgres, env_url.as_deref(), local_postgres_answers) {
        Databases::FromEnv => {
            note("databases: SQLite and PostgreSQL (TEST_DATABASE_URL from the environment)")
        }
        Databases::LocalPostgres => {
            cmd.env("TEST_DATABASE_URL", LOCAL_POSTGRES_URL);
            note(&format!(
                "databases: SQLite and PostgreSQL (TEST_DATABASE_URL={LOCAL_POSTGRES_URL})"
            ));
        }
        Databases::SqliteOnly(reason) => {
            cmd.env_remove("TEST_DATABASE_URL");
            note(&format!("databases: SQLite only ({reason})"));
        }
    }
    let captured = match run_streamed(&mut cmd) {
        Ok(captured) => captured,
        Err(e) => return failure(&e),
    };
    let counts = sum_test_results(&captured.output);
    let mut failed = counts.failed;
    note(&format!(
        "tests: {} ok, {} failing, {} ignored",
        counts.passed, counts.failed, counts.ignored
    ));
    if !captured.status.success() && failed == 0 {
        note(&format!(
            "{} cargo test exited with {} but no test failed (a build error?); counted as 1 failure",
            red("error:"),
            captured.status
        ));
        failed = 1;
    }
    Outcome::Counted {
        passed: counts.passed,
        failed,
    }
}

/// Test counts from libtest's `test result:` lines.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct TestCounts {
    /// Tests that passed.
    pub passed: u64,
    /// Tests that failed.
    pub failed: u64,
    /// Tests marked `#[ignore]`.
    pub ignored: u64,
}

/// Parse one `test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; …`
/// line (colours allowed); `None` for any other line.
pub fn parse_test_result(line: &str) -> Option<TestCounts> {
    let line = strip_ansi(line);
    let rest = line.trim().strip_prefix("test result:")?;
    let (_, counts) = rest.split_once('.')?;
    let mut result = TestCounts::default();
    let mut seen = false;
    for part in counts.split(';') {
        let mut words = part.split_whitespace();
        let (Some(number), Some(what)) = (words.next(), words.next()) else {
            continue;
        };
        let Ok(number) = number.parse::<u64>() else {
            continue;
        };
        match what {
            "passed" => {
                result.passed = number;
                seen = true;
            }
            "failed" => result.failed = number,
            "ignored" => result.ignored = number,
            _ => {}
        }
    }
    seen.then_some(result)
}

/// The sum of every `test result:` line in a `cargo test` output.
pub fn sum_test_results(output: &str) -> TestCounts {
    output
        .lines()
        .filter_map(parse_test_result)
        .fold(TestCounts::default(), |sum, c| TestCounts {
            passed: sum.passed + c.passed,
            failed: sum.failed + c.failed,
            ignored: sum.ignored + c.ignored,
        })
}

// ---------------------------------------------------------------------------
// Browser tests

fn browser_tests(root: &Path) -> Outcome {
    match run_browser_tests(root) {
        Ok(outcome) => outcome,
        Err(e) => failure(&e),
    }
}

fn run_browser_tests(root: &Path) -> Result<Outcome> {
    let e2e = root.join("tests").join("e2e");
    toolchain::ensure_chromium()?;
    toolchain::ensure_e2e_node_modules(&e2e)?;
    build_server(root)?;

    let tmp = TempDir::create("cardinal-e2e")?;
    let database_url = format!("sqlite://{}/e2e.db?mode=rwc", tmp.path.display());
    let secret_file = tmp.path.join("secret.key");
    let server = |args: &[&str]| server_on(root, &database_url, &secret_file, args);

    run_quietly(&mut server(&["seed", "--customers", "300", "--seed", "7"]))?;

    let port = free_port()?;
    let mut serve = server(&[
        "serve",
        "--port",
        &port.to_string(),
        "--web-dist",
        "dist",
        "--demo",
        "--plain-http",
    ]);
    // Dropped before `tmp` (reverse order), so the server is killed before its files go.
    let server = start_server(&mut serve, tmp.path.join("server.log"), port)?;

    let base_url = format!("http://127.0.0.1:{port}");
    let captured = run_streamed(
        Command::new("node")
            .args(["--test", "--test-concurrency=1"])
            .env("BASE_URL", &base_url)
            .current_dir(&e2e),
    )?;
    let summary = parse_node_summary(&captured.output);
    let (passed, mut failed) = summary.map_or((0, 0), |s| (s.pass, s.fail + s.cancelled));
    match summary {
        Some(s) => note(&format!(
            "browser tests: {} ok, {} failing, {} cancelled",
            s.pass, s.fail, s.cancelled
        )),
        None => {
            note(&format!(
                "{} no `# pass` / `# fail` summary in node's output; counted as 1 failure",
                red("error:")
            ));
            failed = failed.max(1);
        }
    }
    if summary.is_some_and(|s| s.pass + s.fail + s.cancelled == 0) {
        util::warn("node found no browser tests in tests/e2e");
    }
    if !captured.status.success() && failed == 0 {
        note(&format!(
            "{} node exited with {} but no test failed; counted as 1 failure",
            red("error:"),
            captured.status
        ));
        failed = 1;
    }
    if failed > 0 {
        server.print_log_tail();
    }
    Ok(Outcome::Counted { passed, failed })
}

/// `crm-server --database-url URL --secret-file FILE ARGS…`.
pub(crate) fn server_on(
    root: &Path,
    database_url: &str,
    secret_file: &Path,
    args: &[&str],
) -> Command {
    let mut cmd = server_command(root);
    cmd.arg("--database-url")
        .arg(database_url)
        .arg("--secret-file")
        .arg(secret_file)
        .args(args);
    cmd
}

/// Spawns `serve` (a `crm-server serve` on `port`) with its output in
/// `log_path` and waits until it is healthy (printing the log's tail if not).
pub(crate) fn start_server(
    serve: &mut Command,
    log_path: PathBuf,
    port: u16,
) -> Result<BackgroundServer> {
    let log = File::create(&log_path)?;
    serve
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log);
    println!("{}", dim(&format!("    $ {} &", util::describe(serve))));
    let child = serve
        .spawn()
        .map_err(|e| format!("could not start the server: {e}"))?;
    let mut server = BackgroundServer {
        child,
        log: log_path,
    };
    if let Err(e) = wait_until_healthy(&mut server.child, port) {
        server.print_log_tail();
        return Err(e);
    }
    Ok(server)
}

/// The e2e server process: killed when dropped, whatever happened.
pub(crate) struct BackgroundServer {
    pub(crate) child: Child,
    pub(crate) log: PathBuf,
}

impl BackgroundServer {
    pub(crate) fn print_log_tail(&self) {
        const LINES: usize = 40;
        let Ok(text) = fs::read_to_string(&self.log) else {
            return;
        };
        let lines: Vec<&str> = text.lines().collect();
        note(&format!(
            "server log (last {LINES} lines of {}):",
            lines.len()
        ));
        for line in &lines[lines.len().saturating_sub(LINES)..] {
            println!("      {line}");
        }
    }
}

impl Drop for BackgroundServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fresh directory under the system temp dir, removed when dropped.
pub(crate) struct TempDir {
    pub(crate) path: PathBuf,
}

impl TempDir {
    pub(crate) fn create(prefix: &str) -> io::Result<Self> {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let path = std::env::temp_dir().join(format!("{prefix}-{}-{nanos}", std::process::id()));
        fs::create_dir_all(&path)?;
        Ok(Self { path })
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

pub(crate) fn free_port() -> io::Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port())
}

/// Poll `GET /api/v1/health` until it answers 200, the server exits, or [`HEALTH_TIMEOUT`].
pub(crate) fn wait_until_healthy(child: &mut Child, port: u16) -> Result<()> {
    let bar = util::spinner(&format!(
        "waiting for http://127.0.0.1:{port}/api/v1/health"
    ));
    let start = Instant::now();
    let result = loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                break Err(format!("the server exited ({status}) before it answered").into());
            }
            Ok(None) => {}
            Err(e) => break Err(e.into()),
        }
        let last = match http_status(port, "/api/v1/health") {
            Ok(200) => break Ok(()),
            Ok(status) => format!("HTTP {status}"),
            Err(e) => e.to_string(),
        };
        if start.elapsed() > HEALTH_TIMEOUT {
            break Err(format!(
                "GET /api/v1/health did not answer 200 within {}s (last: {last})",
                HEALTH_TIMEOUT.as_secs()
            )
            .into());
        }
        thread::sleep(Duration::from_millis(200));
    };
    bar.finish_and_clear();
    if result.is_ok() {
        note(&format!(
            "server ready on port {port} after {}",
            format_duration(start.elapsed())
        ));
    }
    result
}

/// The status code of `GET path` on 127.0.0.1:`port`, by a hand-written HTTP/1.0 request.
fn http_status(port: u16, path: &str) -> io::Result<u16> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(1))?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    stream.set_write_timeout(Some(Duration::from_secs(5)))?;
    // One write: a request split over several packets confuses some servers.
    let request =
        format!("GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes())?;
    let mut head = Vec::new();
    let mut chunk = [0u8; 512];
    while !head.contains(&b'\n') && head.len() < 8192 {
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&chunk[..n]);
    }
    parse_status_line(&String::from_utf8_lossy(&head))
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "not an HTTP response"))
}

/// The status code from the first line of an HTTP response (`HTTP/1.1 200 OK` → 200).
pub fn parse_status_line(response: &str) -> Option<u16> {
    let mut words = response.lines().next()?.split_whitespace();
    words
        .next()
        .filter(|version| version.starts_with("HTTP/"))?;
    words.next()?.parse().ok()
}

/// The totals node's test runner prints at the end of a run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct NodeSummary {
    /// `# pass N`
    pub pass: u64,
    /// `# fail N`
    pub fail: u64,
    /// `# cancelled N` (e.g. a test file that timed out or crashed); counted as failures.
    pub cancelled: u64,
}

/// Parse the summary of `node --test`: TAP lines `# pass 5`, `# fail 0`, `# cancelled 0`, or the
/// spec reporter's `ℹ pass 5`. Only unindented lines count (nested ones belong to subtests).
/// `None` when there is neither a pass nor a fail line.
pub fn parse_node_summary(output: &str) -> Option<NodeSummary> {
    let mut summary = NodeSummary::default();
    let mut seen = false;
    for line in output.lines() {
        let line = strip_ansi(line);
        let Some(rest) = line.strip_prefix('#').or_else(|| line.strip_prefix('ℹ')) else {
            continue;
        };
        let mut words = rest.split_whitespace();
        let (Some(key), Some(value), None) = (words.next(), words.next(), words.next()) else {
            continue;
        };
        let Ok(value) = value.parse::<u64>() else {
            continue;
        };
        match key {
            "pass" => {
                summary.pass = value;
                seen = true;
            }
            "fail" => {
                summary.fail = value;
                seen = true;
            }
            "cancelled" => summary.cancelled = value,
            _ => {}
        }
    }
    seen.then_some(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_libtest_result_lines() {
        assert_eq!(
            parse_test_result(
                "test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.03s"
            ),
            Some(TestCounts {
                passed: 12,
                failed: 0,
                ignored: 1
            })
        );
        assert_eq!(
            parse_test_result(
                "test result: FAILED. 3 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 1.50s"
            ),
            Some(TestCounts {
                passed: 3,
                failed: 2,
                ignored: 0
            })
        );
        assert_eq!(
            parse_test_result(
                "test result: \x1b[32mok\x1b[0m. 4 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out"
            ),
            Some(TestCounts {
                passed: 4,
                failed: 0,
                ignored: 0
            })
        );
        assert_eq!(parse_test_result("test tests::it_works ... ok"), None);
        assert_eq!(parse_test_result("running 3 tests"), None);
    }

    #[test]
    fn sums_a_whole_cargo_test_output() {
        let output = "\
     Running unittests src/lib.rs (target/debug/deps/crm_api-1234)

running 2 tests
test a ... ok
test b ... ok

test result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s

     Running tests/api.rs (target/debug/deps/api-5678)
test result: FAILED. 5 passed; 1 failed; 2 ignored; 0 measured; 0 filtered out; finished in 3.10s

   Doc-tests crm_api
test result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s
";
        assert_eq!(
            sum_test_results(output),
            TestCounts {
                passed: 7,
                failed: 1,
                ignored: 2
            }
        );
        assert_eq!(
            sum_test_results("error[E0425]: cannot find value `x`"),
            TestCounts::default()
        );
    }

    #[test]
    fn parses_node_tap_and_spec_summaries() {
        let tap = "TAP version 13\n# Subtest: sign in\n    # Subtest: nested\n    # pass 99\nok 1 - sign in\n1..5\n\
                   # tests 5\n# suites 0\n# pass 4\n# fail 1\n# cancelled 0\n# skipped 0\n# todo 0\n# duration_ms 812.5\n";
        assert_eq!(
            parse_node_summary(tap),
            Some(NodeSummary {
                pass: 4,
                fail: 1,
                cancelled: 0
            })
        );
        let spec = "✔ signs in (512ms)\nℹ tests 3\nℹ pass 3\nℹ fail 0\nℹ cancelled 1\n";
        assert_eq!(
            parse_node_summary(spec),
            Some(NodeSummary {
                pass: 3,
                fail: 0,
                cancelled: 1
            })
        );
        assert_eq!(
            parse_node_summary("Error: Cannot find module 'playwright-core'\n"),
            None
        );
        assert_eq!(parse_node_summary("# pass the salt\n"), None);
    }

    #[test]
    fn parses_http_status_lines() {
        assert_eq!(
            parse_status_line("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"),
            Some(200)
        );
        assert_eq!(
            parse_status_line("HTTP/1.0 503 Service Unavailable\r\n"),
            Some(503)
        );
        assert_eq!(parse_status_line("SSH-2.0-OpenSSH\r\n"), None);
        assert_eq!(parse_status_line(""), None);
    }

    #[test]
    fn picks_the_databases_for_the_server_tests() {
        let unreachable = || false;
        let reachable = || true;
        assert_eq!(
            choose_databases(true, Some("postgres://x"), reachable),
            Databases::SqliteOnly("--skip-postgres")
        );
        assert_eq!(
            choose_databases(false, Some("postgres://x"), unreachable),
            Databases::FromEnv
        );
        assert_eq!(
            choose_databases(false, Some(""), reachable),
            Databases::LocalPostgres
        );
        assert_eq!(
            choose_databases(false, None, reachable),
            Databases::LocalPostgres
        );
        assert!(matches!(
            choose_databases(false, None, unreachable),
            Databases::SqliteOnly(_)
        ));
    }

    #[test]
    fn health_check_speaks_http_1_0() {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = thread::spawn(move || {
            let (mut conn, _) = listener.accept().unwrap();
            let mut request = Vec::new();
            let mut chunk = [0u8; 256];
            while !request.ends_with(b"\r\n\r\n") {
                let n = conn.read(&mut chunk).unwrap();
                assert!(n > 0, "connection closed mid-request");
                request.extend_from_slice(&chunk[..n]);
            }
            conn.write_all(b"HTTP/1.0 200 OK\r\ncontent-length: 2\r\n\r\nok")
                .unwrap();
            String::from_utf8(request).unwrap()
        });
        assert_eq!(http_status(port, "/api/v1/health").unwrap(), 200);
        let request = server.join().unwrap();
        assert!(
            request.starts_with("GET /api/v1/health HTTP/1.0\r\n"),
            "{request}"
        );
    }

    #[test]
    fn the_runner_counts_steps_and_tests() {
        let mut run = Runner::new(4);
        assert!(run.step("fmt", || Outcome::Counted {
            passed: 1,
            failed: 0
        }));
        assert!(!run.step("tests", || Outcome::Counted {
            passed: 10,
            failed: 2
        }));
        run.skip("browser", "--skip-browser");
        assert!(!run.finish());
        let mut run = Runner::new(1);
        run.step("fmt", || Outcome::Counted {
            passed: 1,
            failed: 0,
        });
        assert!(run.finish());
    }
}
