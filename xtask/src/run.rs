//! `cargo xtask run`: build the web app and the server, seed demo data once, and serve.

use std::fs;
use std::io::{self, Write};
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use unicode_width::UnicodeWidthStr;

use crate::toolchain;
use crate::util::{self, Result, bold, cargo, heading, note, run_inherited, run_quietly, timed};

/// The server's own default database: one SQLite file under `data/`.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/cardinal.db?mode=rwc";

/// The password of every demo sign-in.
pub const DEMO_PASSWORD: &str = "Cardinal@2026";

/// Demo sign-ins created by `crm-server seed`: username, role in Chinese, role in English.
pub const DEMO_USERS: &[(&str, &str, &str)] = &[
    ("admin", "系统管理员", "Administrator"),
    ("manager", "经理（总行）", "Manager, head office"),
    ("manager2", "经理（区域）", "Manager, one province"),
    ("marketer", "营销人员（总行）", "Marketer, head office"),
    ("agent", "客服坐席（总行）", "Service agent, head office"),
    (
        "agent2..agent5",
        "客服坐席（网点）",
        "Service agent, one branch",
    ),
    ("cardholder", "持卡人", "Cardholder"),
    ("cardholder2", "持卡人", "Cardholder"),
];

/// Options of `cargo xtask run`.
#[derive(clap::Args, Debug)]
pub struct RunArgs {
    /// Port to serve the web app and API on (127.0.0.1 only).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Database: `sqlite://path?mode=rwc` or `postgres://user@host/db`.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    pub database_url: String,
    /// Demo customers to generate when the database is empty.
    #[arg(long, default_value_t = 10_000)]
    pub customers: u32,
}

/// Build everything, seed an empty database, print the sign-ins and serve in the foreground.
pub fn run(args: &RunArgs) -> Result<()> {
    let root = util::workspace_root();
    ensure_port_free(args.port)?;
    heading("checking the front-end toolchain");
    let installed = toolchain::ensure_frontend_toolchain(&root)?;
    if !installed && web_build_is_fresh(&root) {
        heading("the web app is up to date (no source changed since the last build)");
    } else {
        step("building the web app (trunk build --release)", || {
            build_frontend(&root)
        })?;
    }
    step(
        "building the server (cargo build --release -p crm-server)",
        || build_server(&root),
    )?;

    step(
        &format!(
            "seeding {} demo customers (only into an empty database)",
            args.customers
        ),
        || {
            run_inherited(server_command(&root).args([
                "--database-url",
                &args.database_url,
                "seed",
                "--if-empty",
                "--customers",
                &args.customers.to_string(),
            ]))
        },
    )?;

    let url = format!("http://127.0.0.1:{}", args.port);
    println!();
    for line in welcome_box(&url) {
        println!("{line}");
    }
    println!();
    heading(&format!("starting Cardinal on {url} (Ctrl-C to stop)"));
    let mut serve = server_command(&root);
    serve.args([
        "--database-url",
        &args.database_url,
        "serve",
        "--port",
        &args.port.to_string(),
        "--web-dist",
        "dist",
        // the seeded demo accounts share the demo password, over plain HTTP on this machine
        "--demo",
        "--plain-http",
    ]);
    println!(
        "{}",
        util::dim(&format!("    $ {}", util::describe(&serve)))
    );
    std::io::stdout().flush()?;
    exec(serve)
}

/// `trunk build --release` with npm's wasm-opt first on `PATH` (call after
/// [`toolchain::ensure_frontend_toolchain`]).
pub fn build_frontend(root: &Path) -> Result<()> {
    let path = util::path_with_first(&toolchain::tools_bin_dir(root))?;
    let started = SystemTime::now();
    run_quietly(
        Command::new("trunk")
            .args(["build", "--release"])
            .env("PATH", path)
            .current_dir(root),
    )?;
    externalize_inline_scripts(&root.join("dist"))?;
    if let Err(e) = record_web_build(root, started) {
        util::warn(&format!("could not record the build for next time: {e}"));
    }
    Ok(())
}

/// Moves every inline `<script>` of `dist/index.html` (trunk writes its WASM
/// loader inline) into a file of its own, `boot-<hash>.js`, so the server's
/// Content-Security-Policy can forbid inline script altogether.
pub fn externalize_inline_scripts(dist: &Path) -> Result<()> {
    let index = dist.join("index.html");
    let html = fs::read_to_string(&index)?;
    let (out, scripts) = split_inline_scripts(&html);
    for (name, body) in &scripts {
        fs::write(dist.join(name), body)?;
    }
    if !scripts.is_empty() {
        fs::write(&index, out)?;
    }
    Ok(())
}

/// `html` with each inline `<script …>body</script>` replaced by
/// `<script … src="/boot-<hash>.js"></script>`, and the files to write.
fn split_inline_scripts(html: &str) -> (String, Vec<(String, String)>) {
    use std::hash::{Hash, Hasher};
    let mut out = String::new();
    let mut files = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let Some(open_end) = rest[start..].find('>').map(|i| start + i) else {
            break;
        };
        let Some(close) = rest[open_end..].find("</script>").map(|i| open_end + i) else {
            break;
        };
        let open = &rest[start..open_end];
        let body = &rest[open_end + 1..close];
        out.push_str(&rest[..start]);
        if open.contains(" src=") || body.trim().is_empty() {
            out.push_str(&rest[start..close + "</script>".len()]);
        } else {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            body.hash(&mut h);
            let name = format!("boot-{:016x}.js", h.finish());
            out.push_str(&format!("{open} src=\"/{name}\"></script>"));
            files.push((name, body.trim().to_owned()));
        }
        rest = &rest[close + "</script>".len()..];
    }
    out.push_str(rest);
    (out, files)
}

/// `cargo build --release -p crm-server`.
pub fn build_server(root: &Path) -> Result<()> {
    run_quietly(
        cargo()
            .args(["build", "--release", "-p", "crm-server"])
            .current_dir(root),
    )
    .map(drop)
}

/// The release server binary.
pub fn server_binary(root: &Path) -> PathBuf {
    util::target_dir(root)
        .join("release")
        .join(format!("crm-server{}", std::env::consts::EXE_SUFFIX))
}

/// A command for the release server binary, run from the workspace root (so `data/` and
/// `dist/` resolve there).
pub fn server_command(root: &Path) -> Command {
    let mut cmd = Command::new(server_binary(root));
    cmd.current_dir(root);
    cmd
}

/// What the web build reads, relative to the workspace root: trunk's inputs and the crates
/// compiled into the bundle.
const WEB_INPUTS: &[&str] = &[
    "index.html",
    "Trunk.toml",
    "Cargo.toml",
    "Cargo.lock",
    ".cargo",
    "src",
    "style",
    "public",
    "crates/api",
];

fn web_stamp_path(root: &Path) -> PathBuf {
    util::target_dir(root).join("xtask").join("web-build.stamp")
}

/// What must not have changed since the last build: the `dist/index.html` trunk wrote then
/// (not rebuilt by hand since) and the compiler.
fn web_stamp_contents(root: &Path) -> Option<String> {
    let dist_index = fs::metadata(root.join("dist").join("index.html"))
        .and_then(|m| m.modified())
        .ok()?;
    let nanos = dist_index.duration_since(UNIX_EPOCH).ok()?.as_nanos();
    let rustc = util::probe(Command::new("rustc").arg("-V"))?;
    Some(format!("dist/index.html {nanos}\n{}\n", rustc.trim()))
}

/// Whether `dist/` holds the release build of the current sources: nothing under
/// [`WEB_INPUTS`] changed since the last `trunk build --release` started.
fn web_build_is_fresh(root: &Path) -> bool {
    let stamp = web_stamp_path(root);
    let (Ok(recorded), Ok(started)) = (
        fs::read_to_string(&stamp),
        fs::metadata(&stamp).and_then(|m| m.modified()),
    ) else {
        return false;
    };
    let inputs = WEB_INPUTS.iter().map(|p| root.join(p));
    web_stamp_contents(root).is_some_and(|now| now == recorded)
        && newest_mtime(inputs).is_some_and(|t| t < started)
}

/// Remember a successful build that started at `started` (the stamp's modification time).
fn record_web_build(root: &Path, started: SystemTime) -> io::Result<()> {
    let contents = web_stamp_contents(root)
        .ok_or_else(|| io::Error::other("dist/index.html or rustc missing"))?;
    let stamp = web_stamp_path(root);
    if let Some(dir) = stamp.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(&stamp, contents)?;
    fs::File::options()
        .write(true)
        .open(&stamp)?
        .set_modified(started)
}

/// The newest modification time of the given files and folders and everything below them
/// (folders count too, so a deleted file shows); missing paths are ignored.
pub fn newest_mtime(paths: impl IntoIterator<Item = PathBuf>) -> Option<SystemTime> {
    let mut newest = None;
    let mut pending: Vec<PathBuf> = paths.into_iter().collect();
    while let Some(path) = pending.pop() {
        let Ok(meta) = fs::metadata(&path) else {
            continue;
        };
        if let Ok(modified) = meta.modified() {
            newest = newest.max(Some(modified));
        }
        if meta.is_dir()
            && let Ok(entries) = fs::read_dir(&path)
        {
            pending.extend(entries.filter_map(|e| e.ok().map(|e| e.path())));
        }
    }
    newest
}

/// Print a heading, run `f`, and print how long it took.
pub(crate) fn step(title: &str, f: impl FnOnce() -> Result<()>) -> Result<()> {
    heading(title);
    let (result, elapsed) = timed(f);
    if result.is_ok() {
        note(&util::dim(&format!(
            "done in {}",
            util::format_duration(elapsed)
        )));
    }
    result
}

fn ensure_port_free(port: u16) -> Result<()> {
    match TcpListener::bind((Ipv4Addr::LOCALHOST, port)) {
        Ok(_) => Ok(()),
        Err(e) => Err(format!(
            "port {port} on 127.0.0.1 is not free ({e}); is Cardinal already running? Stop it or pass --port"
        )
        .into()),
    }
}

/// Replace this process with the server, so Ctrl-C and the exit status go straight to it.
#[cfg(unix)]
fn exec(mut cmd: Command) -> Result<()> {
    use std::os::unix::process::CommandExt;
    let err = cmd.exec();
    Err(format!("could not start {}: {err}", util::describe(&cmd)).into())
}

/// Run the server in the foreground and exit with its status.
#[cfg(not(unix))]
fn exec(mut cmd: Command) -> Result<()> {
    let status = cmd.status()?;
    std::process::exit(status.code().unwrap_or(1));
}

/// The framed welcome text: the URL and the demo sign-ins.
pub fn welcome_box(url: &str) -> Vec<String> {
    let header = ("用户名 Username", "角色 Role", "密码 Password");
    let rows: Vec<(String, String, &str)> = DEMO_USERS
        .iter()
        .map(|(user, zh, en)| ((*user).to_owned(), format!("{zh} {en}"), DEMO_PASSWORD))
        .collect();
    let col1 = rows
        .iter()
        .map(|r| r.0.width())
        .chain([header.0.width()])
        .max()
        .unwrap_or(0);
    let col2 = rows
        .iter()
        .map(|r| r.1.width())
        .chain([header.1.width()])
        .max()
        .unwrap_or(0);
    let row = |a: &str, b: &str, c: &str| format!("{}   {}   {c}", pad(a, col1), pad(b, col2));

    let mut body = vec![
        format!("Cardinal 信用卡客户关系管理 is ready at {url}"),
        String::new(),
        row(header.0, header.1, header.2),
    ];
    body.extend(rows.iter().map(|(a, b, c)| row(a, b, c)));
    let inner = body.iter().map(|l| l.width()).max().unwrap_or(0);

    let mut lines = vec![format!("┌{}┐", "─".repeat(inner + 2))];
    for (i, text) in body.iter().enumerate() {
        // Bold the URL line and the column titles (padding is computed on the plain text).
        let shown = if i == 0 || i == 2 {
            bold(text)
        } else {
            text.clone()
        };
        lines.push(format!("│ {shown}{} │", " ".repeat(inner - text.width())));
    }
    lines.push(format!("└{}┘", "─".repeat(inner + 2)));
    lines
}

/// `text` padded with spaces to `width` terminal columns (CJK characters take two).
fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_move_to_files() {
        let html = "<head><script type=\"module\">import init from '/a.js';\nawait init();</script>\
                    <script src=\"/x.js\"></script></head>";
        let (out, files) = split_inline_scripts(html);
        assert_eq!(files.len(), 1);
        let (name, body) = &files[0];
        assert!(name.starts_with("boot-") && name.ends_with(".js"));
        assert_eq!(body, "import init from '/a.js';\nawait init();");
        assert_eq!(
            out,
            format!(
                "<head><script type=\"module\" src=\"/{name}\"></script><script src=\"/x.js\"></script></head>"
            )
        );
        assert_eq!(split_inline_scripts("<p>none</p>").1.len(), 0);
    }

    #[test]
    fn the_welcome_box_is_rectangular_and_lists_every_sign_in() {
        let lines = welcome_box("http://127.0.0.1:8080");
        let plain: Vec<String> = lines.iter().map(|l| util::strip_ansi(l)).collect();
        let width = plain[0].width();
        for line in &plain {
            assert_eq!(line.width(), width, "{line:?}");
        }
        let text = plain.join("\n");
        assert!(text.contains("http://127.0.0.1:8080"));
        for user in [
            "admin",
            "manager",
            "marketer",
            "agent",
            "agent5",
            "cardholder",
            "cardholder2",
        ] {
            assert!(text.contains(user), "{user} missing");
        }
        assert_eq!(text.matches(DEMO_PASSWORD).count(), DEMO_USERS.len());
    }

    #[test]
    fn finds_the_newest_file_in_a_tree() {
        let dir = std::env::temp_dir().join(format!("xtask-mtime-{}", std::process::id()));
        fs::create_dir_all(dir.join("a/b")).unwrap();
        let at = |secs| UNIX_EPOCH + std::time::Duration::from_secs(secs);
        let touch = |path: &Path, secs| {
            fs::write(path, "x").unwrap();
            fs::File::options()
                .write(true)
                .open(path)
                .unwrap()
                .set_modified(at(secs))
                .unwrap();
        };
        touch(&dir.join("a/one.rs"), 1_000);
        touch(&dir.join("a/b/two.rs"), 3_000);
        touch(&dir.join("three.rs"), 2_000);
        let set_dir = |path: &Path| fs::File::open(path).unwrap().set_modified(at(500)).unwrap();
        for d in [dir.join("a/b"), dir.join("a")] {
            set_dir(&d);
        }
        let newest = newest_mtime([dir.join("a"), dir.join("three.rs"), dir.join("missing")]);
        assert_eq!(newest, Some(at(3_000)));
        assert_eq!(newest_mtime([dir.join("missing")]), None);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn padding_counts_wide_characters_twice() {
        assert_eq!(pad("经理", 6), "经理  ");
        assert_eq!(pad("admin", 3), "admin");
    }
}
