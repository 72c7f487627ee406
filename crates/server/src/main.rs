//! `crm-server`: serve the app and API, migrate, or seed demo data.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};
use crm_server::analytics::{self, AnalyticsOptions};
use crm_server::seed::{self, SeedOptions};
use crm_server::{AppState, Config, Db, crypto, domain};
use tracing_subscriber::EnvFilter;

/// Cardinal CRM server.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// `sqlite://path?mode=rwc` (default, one file) or `postgres://user@host/db`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/cardinal.db?mode=rwc",
        global = true
    )]
    database_url: String,
    /// File holding the 32-byte server secret (hex); created when missing.
    /// `CARDINAL_SECRET` (64 hex digits) takes precedence.
    #[arg(
        long,
        env = "CARDINAL_SECRET_FILE",
        default_value = "data/secret.key",
        global = true
    )]
    secret_file: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate, then serve the API and the web app.
    Serve(ServeArgs),
    /// Apply pending migrations.
    Migrate,
    /// Write the CDNOW sample (`CDNOW_sample.txt`, from `pip install lifetimes`) as
    /// customers.csv, cards.csv and transactions.csv for trying the importer.
    SampleFiles(SampleFilesArgs),
    /// Import a CSV file (customers, cards, transactions, statements, payments or
    /// survey_responses): all rows or none.
    Import(ImportArgs),
    /// Migrate, then fill an empty database with deterministic demo data.
    Seed(SeedArgs),
    /// Compute customer features, scores and offers (full refit, or only what changed).
    Analytics(AnalyticsArgs),
    /// Print the OpenAPI document.
    Openapi,
    /// Manage user accounts from the command line (e.g. the first administrator).
    #[command(subcommand)]
    Users(UsersCommand),
    /// Write an online, consistent copy of the SQLite database to FILE
    /// (`VACUUM INTO`; the server may keep running). PostgreSQL: use pg_dump.
    Backup {
        /// Where to write the copy (must not exist yet).
        file: PathBuf,
    },
    /// Replace the SQLite database with a copy made by `backup` (stop the
    /// server first). The copy is checked before anything is replaced.
    Restore {
        /// A file written by `crm-server backup`.
        file: PathBuf,
    },
}

/// `crm-server users …`.
#[derive(Subcommand)]
enum UsersCommand {
    /// Create a user. Prints a one-time password (to be changed at the first
    /// sign-in), or reads the password from standard input with `--password-stdin`.
    Create(CreateUserArgs),
}

/// Arguments of `crm-server users create`.
#[derive(Args)]
struct CreateUserArgs {
    /// Login name (3–32: a–z, 0–9, `.`, `_`, `-`).
    #[arg(long)]
    username: String,
    /// admin, manager, marketer or agent.
    #[arg(long)]
    role: String,
    /// Home branch code (required for managers, marketers and agents), e.g. BJ01.
    #[arg(long)]
    branch: Option<String>,
    /// Name shown in the app (default: the login name).
    #[arg(long)]
    display_name: Option<String>,
    /// Read the password from the first line of standard input instead of
    /// printing a one-time one; it must follow the password rules.
    #[arg(long)]
    password_stdin: bool,
}

/// Arguments of `crm-server serve`.
#[derive(Args)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on.
    #[arg(long, env = "PORT", default_value_t = 8080)]
    port: u16,
    /// Built web app to serve (trunk's `dist/`).
    #[arg(long, default_value = "dist")]
    web_dist: PathBuf,
    /// Serve plain HTTP on a loopback address: the session cookie is not
    /// `Secure` and no HSTS is sent. Refused for any other address.
    #[arg(long)]
    plain_http: bool,
    /// This is a demo: accounts may still have the demo password. Without it
    /// the server refuses to start while any enabled account has it.
    #[arg(long)]
    demo: bool,
    /// Read the client address from `X-Forwarded-For` (only behind a proxy
    /// that sets it: the audit log and the sign-in limiter use it).
    #[arg(long)]
    behind_proxy: bool,
    /// Minutes between incremental analytics runs (0: never; run `crm-server analytics` yourself).
    #[arg(long, default_value_t = 15)]
    analytics_every: u64,
    /// Send campaign messages by POSTing JSON here (with an Idempotency-Key);
    /// without it they are recorded in the delivery log only.
    #[arg(long, env = "CARDINAL_WEBHOOK_URL")]
    webhook_url: Option<String>,
    /// Seconds between passes of the delivery dispatcher (0: never).
    #[arg(long, default_value_t = 5)]
    dispatch_every: u64,
}

/// Arguments of `crm-server sample-files`.
#[derive(Args)]
struct SampleFilesArgs {
    /// The CDNOW sample file.
    #[arg(long)]
    cdnow: PathBuf,
    /// Directory to write the three files to.
    #[arg(long)]
    out: PathBuf,
    /// Branch code of the customers (an existing branch).
    #[arg(long, default_value = "BJ01")]
    branch: String,
}

/// Arguments of `crm-server import`.
#[derive(Args)]
struct ImportArgs {
    /// What the file holds: customers, cards, transactions, statements,
    /// payments or survey_responses.
    #[arg(long)]
    kind: String,
    /// Validate and report only; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Read a header as a field, e.g. `--map "Txn No=reference"` (repeatable).
    #[arg(long = "map")]
    map: Vec<String>,
    /// Start from a column mapping saved in the UI under this name (`--map` still overrides).
    #[arg(long)]
    mapping: Option<String>,
    /// Write every reported problem (line, field, code, message) to this CSV file.
    #[arg(long)]
    errors: Option<PathBuf>,
    /// Do not bring the analytics up to date after a committed import.
    #[arg(long)]
    no_analytics: bool,
    /// The CSV file (UTF-8 or GBK; comma or tab; header row).
    file: PathBuf,
}

/// Arguments of `crm-server seed`.
#[derive(Args)]
struct SeedArgs {
    /// Number of customers.
    #[arg(long, default_value_t = 10_000)]
    customers: u32,
    /// Random seed: the same seed (and as-of date) gives the same data.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Last day of the history, YYYY-MM-DD (default: today in Asia/Shanghai).
    #[arg(long)]
    as_of: Option<String>,
    /// Do nothing (successfully) when the database already has customers.
    #[arg(long)]
    if_empty: bool,
    /// Skip the analytics run that normally follows the seed.
    #[arg(long)]
    no_analytics: bool,
}

/// Arguments of `crm-server analytics`.
#[derive(Args)]
struct AnalyticsArgs {
    /// Recompute only customers whose data changed since the last run, with the stored models.
    #[arg(long)]
    incremental: bool,
    /// RFM window in days.
    #[arg(long, default_value_t = 365)]
    rfm_days: i64,
    /// Monthly discount rate for the 12-month CLV.
    #[arg(long, default_value_t = 0.01)]
    monthly_discount: f64,
    /// Compute as of noon on this day, YYYY-MM-DD (default: now), e.g. 1997-09-30 to
    /// fit an imported CDNOW sample on its calibration period.
    #[arg(long)]
    as_of: Option<String>,
}

fn load_secret(path: &Path) -> anyhow_lite::Result<[u8; 32]> {
    if let Ok(hex_text) = std::env::var("CARDINAL_SECRET") {
        return crypto::parse_secret(&hex_text)
            .ok_or_else(|| "CARDINAL_SECRET must be 64 hex digits".into());
    }
    if let Ok(text) = std::fs::read_to_string(path) {
        return crypto::parse_secret(&text)
            .ok_or_else(|| format!("{} must hold 64 hex digits", path.display()).into());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let secret = crypto::random_secret();
    std::fs::write(path, hex::encode(secret))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(secret)
}

/// Minimal boxed-error result for the binary.
mod anyhow_lite {
    pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;
}

/// The file of a `sqlite://` URL; an error naming pg_dump for PostgreSQL.
fn sqlite_file(url: &str) -> anyhow_lite::Result<PathBuf> {
    url.strip_prefix("sqlite://")
        .and_then(|p| p.split('?').next())
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .ok_or_else(|| {
            "backup and restore handle SQLite; for PostgreSQL use \
             `pg_dump --format=custom --file=FILE DATABASE_URL` and `pg_restore --clean --dbname=DATABASE_URL FILE`"
                .into()
        })
}

/// `crm-server backup FILE`.
async fn backup(url: &str, file: &Path) -> anyhow_lite::Result<()> {
    sqlite_file(url)?;
    if file.exists() {
        return Err(format!("{} exists already; choose a new file", file.display()).into());
    }
    let db = Db::connect(url).await?;
    crm_server::db::backup::vacuum_into(&db, &file.to_string_lossy()).await?;
    db.pool.close().await;
    let check = crm_server::db::backup::check(file).await?;
    println!("backup written to {} ({check})", file.display());
    Ok(())
}

/// `crm-server restore FILE`.
async fn restore(url: &str, file: &Path) -> anyhow_lite::Result<()> {
    let target = sqlite_file(url)?;
    let check = crm_server::db::backup::check(file).await?;
    // copy beside the target, then rename over it: never half a database
    let staging = target.with_extension("restoring");
    std::fs::copy(file, &staging)?;
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", target.display()));
    }
    std::fs::rename(&staging, &target)?;
    open_db(url).await?;
    println!(
        "restored {} from {} ({check})",
        target.display(),
        file.display()
    );
    Ok(())
}

async fn open_db(url: &str) -> anyhow_lite::Result<Db> {
    if let Some(path) = url
        .strip_prefix("sqlite://")
        .and_then(|p| p.split('?').next())
        && let Some(dir) = Path::new(path).parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)?;
    }
    let db = Db::connect(url).await?;
    db.migrate().await?;
    Ok(db)
}

/// The import report on the terminal.
/// Peak resident memory of this process in MiB (Linux; `None` elsewhere).
fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kib: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kib / 1024.0)
}

fn print_import(r: &crm_api::imports::ImportReport) {
    println!(
        "{} {}: {} rows ({} invalid) in {:.1}s, {} / delimiter {:?}",
        if r.dry_run { "dry run of" } else { "import of" },
        r.kind.as_str(),
        r.rows,
        r.invalid_rows,
        r.seconds,
        r.encoding,
        r.delimiter
    );
    for (header, field) in &r.mapping {
        println!(
            "  {header:<20} -> {}",
            field.as_deref().unwrap_or("(ignored)")
        );
    }
    for f in &r.issues {
        println!(
            "  {}: {} problem(s)",
            if f.field.is_empty() { "row" } else { &f.field },
            f.count
        );
        for i in f.first.iter().take(5) {
            println!(
                "    line {:>8}  {:<16} {}",
                i.line,
                i.code.as_str(),
                i.code.message(crm_api::validate::Lang::Zh)
            );
        }
    }
    if r.committed {
        println!(
            "committed: {} new, {} already present",
            r.inserted, r.already_present
        );
    } else if r.dry_run && r.invalid_rows == 0 {
        println!(
            "valid: would add {} new, {} already present",
            r.inserted, r.already_present
        );
    } else {
        println!("nothing written");
    }
}

fn report_analytics(r: &analytics::RunReport) {
    let [load, fit, score, write] = r.phases.map(|d| d.as_secs_f64());
    println!(
        "analytics ({}): {} customers in {:.1}s (load {load:.1}s, fit {fit:.1}s, score {score:.1}s, write {write:.1}s)",
        r.mode,
        r.customers,
        r.elapsed.as_secs_f64()
    );
    if let Some(m) = &r.models {
        println!(
            "  BG/NBD r={:.3} alpha={:.3} a={:.3} b={:.3}; Gamma-Gamma p={:.3} q={:.3} gamma={:.2}",
            m.bgnbd.r,
            m.bgnbd.alpha,
            m.bgnbd.a,
            m.bgnbd.b,
            m.gamma_gamma.p,
            m.gamma_gamma.q,
            m.gamma_gamma.gamma
        );
    }
}

#[tokio::main]
async fn main() -> anyhow_lite::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    let cli = Cli::parse();
    let (url, secret_file) = (cli.database_url.as_str(), cli.secret_file.as_path());
    match cli.command {
        Command::Openapi => {
            println!(
                "{}",
                serde_json::to_string_pretty(&crm_server::routes::openapi())?
            );
        }
        Command::Import(args) => import(url, secret_file, args).await?,
        Command::Migrate => {
            open_db(url).await?;
            println!("migrations applied");
        }
        Command::SampleFiles(args) => sample_files(args)?,
        Command::Analytics(args) => run_analytics(url, args).await?,
        Command::Seed(args) => seed_demo(url, secret_file, args).await?,
        Command::Serve(args) => serve(url, secret_file, args).await?,
        Command::Users(UsersCommand::Create(args)) => create_user(url, args).await?,
        Command::Backup { file } => backup(url, &file).await?,
        Command::Restore { file } => restore(url, &file).await?,
    }
    Ok(())
}

/// The import's header → field mapping: the saved one named `saved` (if
/// any), overridden by each `--map HEADER=FIELD`.
async fn column_mapping(
    db: &Db,
    kind: crm_api::imports::ImportKind,
    saved: Option<String>,
    map: Vec<String>,
) -> anyhow_lite::Result<std::collections::BTreeMap<String, String>> {
    let mut mapping = std::collections::BTreeMap::new();
    if let Some(name) = saved {
        let found = crm_server::import::runs::mappings(db, Some(kind))
            .await
            .map_err(|e| e.to_string())?
            .into_iter()
            .find(|m| m.name == name)
            .ok_or_else(|| format!("no saved {} mapping named {name:?}", kind.as_str()))?;
        mapping = crm_server::import::runs::mapping_table(&found.columns);
    }
    for m in map {
        let (header, field) = m
            .split_once('=')
            .ok_or("--map takes HEADER=FIELD, e.g. --map \"Txn No=reference\"")?;
        mapping.insert(header.trim().to_owned(), field.trim().to_owned());
    }
    Ok(mapping)
}

/// `import`: one CSV file, then the analytics brought up to date.
async fn import(url: &str, secret_file: &Path, args: ImportArgs) -> anyhow_lite::Result<()> {
    let ImportArgs {
        kind,
        dry_run,
        map,
        mapping: saved,
        errors,
        no_analytics,
        file,
    } = args;
    let kind = crm_api::imports::ImportKind::parse(&kind).ok_or(
        "--kind must be customers, cards, transactions, statements, payments or survey_responses",
    )?;
    let db = open_db(url).await?;
    let mapping = column_mapping(&db, kind, saved, map).await?;
    let config = Config::with_secret(load_secret(secret_file)?);
    let user_id = crm_server::db::users::first_admin_id(&db)
        .await
        .map_err(|e| e.to_string())?;
    let user_id = user_id.ok_or("no admin user to record the import under (run seed first)")?;
    let opts = crm_server::import::Options {
        kind,
        dry_run,
        mapping,
        user_id,
        now: chrono::Utc::now().timestamp(),
        progress: true,
        errors_to: errors.clone(),
        tracker: None,
    };
    let size = std::fs::metadata(&file).map_err(|e| e.to_string())?.len();
    let name = file
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let run = crm_server::import::runs::start(&db, &opts, &name, size)
        .await
        .map_err(|e| e.to_string())?;
    let live = crm_server::import::runs::Live::default();
    let done = crm_server::import::runs::execute(&db, &config, &live, run, &file, opts)
        .await
        .map_err(|e| e.to_string())?;
    let report = match (done.report, done.error) {
        (Some(report), _) => report,
        (None, error) => return Err(error.unwrap_or_default().into()),
    };
    print_import(&report);
    if let Some(mib) = peak_memory_mib() {
        println!("peak memory: {mib:.1} MiB");
    }
    if let Some(path) = errors {
        println!("every problem written to {}", path.display());
    }
    if report.committed && report.inserted > 0 && !no_analytics {
        let opts = AnalyticsOptions {
            incremental: true,
            progress: true,
            ..AnalyticsOptions::full(chrono::Utc::now().timestamp())
        };
        let r = analytics::run(&db, &opts)
            .await
            .map_err(|e| e.to_string())?;
        report_analytics(&r);
    }
    if !report.committed && !dry_run {
        return Err("nothing was imported: fix the rows above and import again".into());
    }
    Ok(())
}

/// `sample-files`: the CDNOW sample as three importable CSV files.
fn sample_files(args: SampleFilesArgs) -> anyhow_lite::Result<()> {
    let SampleFilesArgs { cdnow, out, branch } = args;
    let text = std::fs::read_to_string(&cdnow).map_err(|e| e.to_string())?;
    let files = crm_server::import::samples::cdnow(&text, &branch)?;
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    for (name, body) in [
        ("customers.csv", &files.customers),
        ("cards.csv", &files.cards),
        ("transactions.csv", &files.transactions),
    ] {
        std::fs::write(out.join(name), body).map_err(|e| e.to_string())?;
    }
    println!(
        "{} customers, {} transactions written to {} (import customers, then cards, then transactions)",
        files.expected.len(),
        files.transactions.lines().count() - 1,
        out.display()
    );
    Ok(())
}

/// `analytics`: a full or incremental run.
async fn run_analytics(url: &str, args: AnalyticsArgs) -> anyhow_lite::Result<()> {
    let AnalyticsArgs {
        incremental,
        rfm_days,
        monthly_discount,
        as_of,
    } = args;
    let db = open_db(url).await?;
    let now = match as_of {
        Some(text) => {
            let day = domain::time::parse_date(&text).ok_or("--as-of must be YYYY-MM-DD")?;
            // noon in Shanghai
            domain::time::start_of_day(day) + 12 * 3600
        }
        None => chrono::Utc::now().timestamp(),
    };
    let opts = AnalyticsOptions {
        incremental,
        rfm_days,
        monthly_discount,
        progress: true,
        ..AnalyticsOptions::full(now)
    };
    let report = analytics::run(&db, &opts)
        .await
        .map_err(|e| e.to_string())?;
    report_analytics(&report);
    Ok(())
}

/// `seed`: demo data in an empty database, then a full analytics run.
async fn seed_demo(url: &str, secret_file: &Path, args: SeedArgs) -> anyhow_lite::Result<()> {
    let SeedArgs {
        customers,
        seed,
        as_of,
        if_empty,
        no_analytics,
    } = args;
    let db = open_db(url).await?;
    if !db.is_empty().await? {
        if if_empty {
            println!("database already has data; not seeding");
            return Ok(());
        }
        return Err("the database already has customers; seed only an empty database".into());
    }
    let as_of = match as_of {
        Some(text) => domain::time::parse_date(&text).ok_or("--as-of must be YYYY-MM-DD")?,
        None => domain::time::today(),
    };
    let config = Config::with_secret(load_secret(secret_file)?);
    let opts = SeedOptions {
        customers,
        seed,
        as_of,
        progress: true,
    };
    let r = seed::seed(&db, &config, &opts)
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "seeded {} customers, {} cards, {} transactions, {} statements, {} payments, \
         {} points entries, {} interactions, {} survey responses in {:.1}s",
        r.customers,
        r.cards,
        r.transactions,
        r.statements,
        r.payments,
        r.points,
        r.interactions,
        r.surveys,
        r.elapsed.as_secs_f64()
    );
    if !no_analytics {
        let opts = AnalyticsOptions {
            progress: true,
            ..AnalyticsOptions::full(chrono::Utc::now().timestamp())
        };
        let report = analytics::run(&db, &opts)
            .await
            .map_err(|e| e.to_string())?;
        report_analytics(&report);
    }
    Ok(())
}

/// `users create`: one account, its password printed once or read from stdin.
async fn create_user(url: &str, args: CreateUserArgs) -> anyhow_lite::Result<()> {
    use crm_server::db::users::{self, NewUser};
    let db = open_db(url).await?;
    let role = crm_api::Role::parse(&args.role)
        .ok_or("--role must be admin, manager, marketer or agent")?;
    let branch_id = match &args.branch {
        Some(code) => Some(
            users::branch_by_code(&db, code)
                .await
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("no branch with code {code:?}"))?,
        ),
        None => None,
    };
    let req = crm_api::users::NewUserRequest {
        username: args.username.clone(),
        display_name: args
            .display_name
            .clone()
            .unwrap_or_else(|| args.username.clone()),
        role,
        branch_id,
    };
    if let Err(errors) = req.validate() {
        let lines: Vec<String> = errors
            .messages(crm_api::validate::Lang::En)
            .into_iter()
            .map(|(field, message)| format!("{field}: {message}"))
            .collect();
        return Err(lines.join("\n").into());
    }
    if users::id_of(&db, &req.username)
        .await
        .map_err(|e| e.to_string())?
        .is_some()
    {
        return Err(format!("user {:?} exists already", req.username).into());
    }
    let (password, one_time) = if args.password_stdin {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        let password = line.trim_end_matches(['\r', '\n']).to_owned();
        if let Some(problem) = crm_api::password::problem(&password, &req.username) {
            return Err(
                format!("password: {}", problem.message(crm_api::validate::Lang::En)).into(),
            );
        }
        (password, false)
    } else {
        (crm_server::auth::one_time_password(), true)
    };
    let hash = crm_server::auth::hash_password(&password).map_err(|e| e.to_string())?;
    let now = chrono::Utc::now().timestamp();
    let id = users::insert(
        &db,
        &NewUser {
            username: &req.username,
            display_name: &req.display_name,
            password_hash: &hash,
            role,
            branch_id: req.branch_id.filter(|_| crm_api::users::needs_branch(role)),
            customer_id: None,
            must_change_password: one_time,
        },
        now,
    )
    .await
    .map_err(|e| e.to_string())?;
    let detail = format!(
        "user {id} {}: {} (crm-server users create)",
        req.username,
        role.as_str()
    );
    let entry = crm_server::db::audit::Entry {
        user_id: None,
        action: "user.create",
        customer_id: None,
        detail: &detail,
    };
    crm_server::db::audit::insert(&db.pool, entry, now)
        .await
        .map_err(|e| e.to_string())?;
    if one_time {
        println!(
            "created {} ({}); one-time password (shown once, change it at the first sign-in):",
            req.username,
            role.as_str()
        );
        println!("{password}");
    } else {
        println!("created {} ({})", req.username, role.as_str());
    }
    Ok(())
}

/// `serve`: the background loops (analytics, dispatcher) and the HTTP server.
async fn serve(url: &str, secret_file: &Path, args: ServeArgs) -> anyhow_lite::Result<()> {
    let ServeArgs {
        host,
        port,
        web_dist,
        plain_http,
        demo,
        behind_proxy,
        analytics_every,
        webhook_url,
        dispatch_every,
    } = args;
    let loopback = host
        .parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback())
        || host == "localhost";
    if plain_http && !loopback {
        return Err("--plain-http is only for a demo on this machine (--host 127.0.0.1)".into());
    }
    let db = open_db(url).await?;
    let demo_accounts = crm_server::db::users::demo_password_accounts(&db)
        .await
        .map_err(|e| e.to_string())?;
    if demo_accounts > 0 && !demo {
        return Err(format!(
            "{demo_accounts} enabled account(s) still have the demo password: change them \
             (or disable them) first, or start a demo with --demo"
        )
        .into());
    }
    crm_server::db::segment_store::install_ready_made(&db, chrono::Utc::now().timestamp())
        .await
        .map_err(|e| e.to_string())?;
    crm_server::import::runs::fail_interrupted(&db, chrono::Utc::now().timestamp())
        .await
        .map_err(|e| e.to_string())?;
    let mut config = Config::with_secret(load_secret(secret_file)?);
    config.secure_cookies = !plain_http;
    config.trust_forwarded_for = behind_proxy;
    if web_dist.join("index.html").exists() {
        config.web_dist = Some(web_dist);
    } else {
        tracing::warn!("no web app at {}; serving the API only", web_dist.display());
    }
    if analytics_every > 0 {
        tokio::spawn(analytics::keep_current(
            db.clone(),
            std::time::Duration::from_secs(analytics_every * 60),
        ));
    }
    if dispatch_every > 0 {
        let adapter = match &webhook_url {
            Some(url) => crm_server::marketing::Adapter::webhook(url, &config.secret)
                .map_err(|e| e.to_string())?,
            None => crm_server::marketing::Adapter::Log,
        };
        tokio::spawn(crm_server::marketing::dispatch::keep_sending(
            db.clone(),
            adapter,
            std::time::Duration::from_secs(dispatch_every),
        ));
    }
    let app = crm_server::router(AppState::new(db, config));
    let addr: SocketAddr = format!("{host}:{port}").parse()?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    println!("Cardinal is listening on http://{addr}");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}
