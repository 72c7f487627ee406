//! Shared helpers: headings, colours, timing, and running child processes
//! (captured behind a spinner, streamed to the terminal, or inherited).

use std::ffi::OsString;
use std::io::{self, BufRead, BufReader, IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

/// Error type of every fallible xtask function: a message for the user.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The workspace root (the parent of the `xtask` crate).
pub fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

/// Cargo's target directory: `$CARGO_TARGET_DIR` / `$CARGO_BUILD_TARGET_DIR` (relative to the
/// workspace root) or `<root>/target`.
pub fn target_dir(root: &Path) -> PathBuf {
    ["CARGO_TARGET_DIR", "CARGO_BUILD_TARGET_DIR"]
        .into_iter()
        .find_map(|var| std::env::var_os(var).filter(|v| !v.is_empty()))
        .map_or_else(|| root.join("target"), |dir| root.join(dir))
}

/// A `cargo` command: the cargo that runs this xtask (`$CARGO`), else `cargo` from `PATH`.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo")))
}

/// `PATH` with `dir` in front, for a child process.
pub fn path_with_first(dir: &Path) -> Result<OsString> {
    let current = std::env::var_os("PATH").unwrap_or_default();
    let dirs = std::iter::once(dir.to_path_buf()).chain(std::env::split_paths(&current));
    Ok(std::env::join_paths(dirs)?)
}

// ---------------------------------------------------------------------------
// Output styling

fn colour_enabled() -> bool {
    std::env::var_os("NO_COLOR").is_none() && io::stdout().is_terminal()
}

fn paint(code: &str, text: &str) -> String {
    if colour_enabled() {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

/// `text` in bold (when stdout is a terminal and `NO_COLOR` is unset).
pub fn bold(text: &str) -> String {
    paint("1", text)
}

/// `text` in green.
pub fn green(text: &str) -> String {
    paint("32", text)
}

/// `text` in bold red.
pub fn red(text: &str) -> String {
    paint("1;31", text)
}

/// `text` in yellow.
pub fn yellow(text: &str) -> String {
    paint("33", text)
}

/// `text` dimmed.
pub fn dim(text: &str) -> String {
    paint("2", text)
}

/// Print a step heading: `==> text`.
pub fn heading(text: &str) {
    println!("{}", bold(&format!("==> {text}")));
}

/// Print an indented note under the current heading.
pub fn note(text: &str) {
    println!("    {text}");
}

/// Print an indented warning under the current heading.
pub fn warn(text: &str) {
    println!("    {} {text}", yellow("warning:"));
}

/// A human duration: `0.4s`, `12.3s`, `3m 05s`, `1h 02m`.
pub fn format_duration(d: Duration) -> String {
    let secs = d.as_secs();
    if secs < 60 {
        format!("{:.1}s", d.as_secs_f64())
    } else if secs < 3600 {
        format!("{}m {:02}s", secs / 60, secs % 60)
    } else {
        format!("{}h {:02}m", secs / 3600, (secs % 3600) / 60)
    }
}

/// Run `f` and return its result with the time it took.
pub fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}

/// Remove ANSI escape sequences (colours, cursor moves) from `text`.
pub fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\x1b' {
            out.push(c);
            continue;
        }
        match chars.peek() {
            // CSI: ESC [ parameters... final byte in '@'..='~'
            Some('[') => {
                chars.next();
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            // Any other two-character escape.
            Some(_) => {
                chars.next();
            }
            None => {}
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Spinner

/// A spinner on stderr showing elapsed time and a message (hidden when stderr is not a terminal).
pub fn spinner(message: &str) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("    {spinner} {elapsed:>4} {wide_msg}") {
        bar.set_style(style.tick_chars("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏ "));
    }
    bar.set_message(message.to_owned());
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}

// ---------------------------------------------------------------------------
// Running commands

/// The command line of `cmd` as one string (for display only).
pub fn describe(cmd: &Command) -> String {
    let program = Path::new(cmd.get_program());
    // `$CARGO` is a long toolchain path; binaries under the workspace read better relative.
    let program = if std::env::var_os("CARGO").is_some_and(|cargo| program == Path::new(&cargo)) {
        Path::new("cargo")
    } else {
        program.strip_prefix(workspace_root()).unwrap_or(program)
    };
    std::iter::once(program.as_os_str())
        .chain(cmd.get_args())
        .map(|part| {
            let part = part.to_string_lossy();
            let plain = |c: char| c.is_ascii_alphanumeric() || "_-./:=@,+%".contains(c);
            if !part.is_empty() && part.chars().all(plain) {
                part.into_owned()
            } else {
                format!("'{part}'")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn spawn_error(cmd: &Command, err: &io::Error) -> Error {
    let program = cmd.get_program().to_string_lossy().into_owned();
    if err.kind() == io::ErrorKind::NotFound {
        format!("could not start `{program}`: not found (is it installed and on PATH?)").into()
    } else {
        format!("could not start `{program}`: {err}").into()
    }
}

fn failed_error(cmd: &Command, status: ExitStatus) -> Error {
    format!("`{}` failed ({status})", describe(cmd)).into()
}

/// The result of a finished child process whose output was captured.
pub struct Captured {
    /// How the child exited.
    pub status: ExitStatus,
    /// Stdout and stderr, interleaved line by line in arrival order.
    pub output: String,
}

/// What to do with each captured line while the child runs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Show {
    /// Show the latest line next to a spinner; print everything only on failure.
    Spinner,
    /// Copy every line to our stdout/stderr as it arrives.
    Stream,
}

fn pump<R: Read + Send + 'static>(
    pipe: R,
    to_stderr: bool,
    tx: mpsc::Sender<(bool, String)>,
) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        let mut reader = BufReader::new(pipe);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match reader.read_until(b'\n', &mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    let line = String::from_utf8_lossy(&buf);
                    let line = line.trim_end_matches(['\n', '\r']).to_owned();
                    if tx.send((to_stderr, line)).is_err() {
                        break;
                    }
                }
            }
        }
    })
}

fn capture(cmd: &mut Command, show: Show) -> Result<Captured> {
    println!("{}", dim(&format!("    $ {}", describe(cmd))));
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| spawn_error(cmd, &e))?;
    let (tx, rx) = mpsc::channel();
    let mut pumps = Vec::new();
    if let Some(out) = child.stdout.take() {
        pumps.push(pump(out, false, tx.clone()));
    }
    if let Some(err) = child.stderr.take() {
        pumps.push(pump(err, true, tx.clone()));
    }
    drop(tx);

    let bar = (show == Show::Spinner).then(|| spinner(""));
    let mut output = String::new();
    for (to_stderr, line) in rx {
        match &bar {
            Some(bar) => {
                // Progress redraws arrive as `a\rb\rc`: show the last state.
                let latest = strip_ansi(line.rsplit('\r').next().unwrap_or_default());
                let latest = latest.trim();
                if !latest.is_empty() {
                    bar.set_message(latest.to_owned());
                }
            }
            None if to_stderr => eprintln!("{line}"),
            None => println!("{line}"),
        }
        output.push_str(&line);
        output.push('\n');
    }
    for handle in pumps {
        let _ = handle.join();
    }
    let status = child.wait()?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
        if !status.success() {
            print!("{output}");
        }
    }
    Ok(Captured { status, output })
}

/// Run `cmd` with its output captured behind a spinner that shows the latest line and the
/// elapsed time. On failure the whole output is printed and an error returned.
pub fn run_quietly(cmd: &mut Command) -> Result<Captured> {
    let captured = capture(cmd, Show::Spinner)?;
    if captured.status.success() {
        Ok(captured)
    } else {
        Err(failed_error(cmd, captured.status))
    }
}

/// Run `cmd`, copying its output to the terminal as it arrives and also capturing it.
/// A non-zero exit is not an error here: look at [`Captured::status`].
pub fn run_streamed(cmd: &mut Command) -> Result<Captured> {
    capture(cmd, Show::Stream)
}

/// Run `cmd` with the terminal as its stdin/stdout/stderr; error on a non-zero exit.
pub fn run_inherited(cmd: &mut Command) -> Result<()> {
    println!("{}", dim(&format!("    $ {}", describe(cmd))));
    let status = cmd.status().map_err(|e| spawn_error(cmd, &e))?;
    if status.success() {
        Ok(())
    } else {
        Err(failed_error(cmd, status))
    }
}

/// Run `cmd` silently and return its stdout and stderr joined, or `None` when it cannot be
/// started or exits with an error. For version checks and similar probes.
pub fn probe(cmd: &mut Command) -> Option<String> {
    let output = cmd.stdin(Stdio::null()).output().ok()?;
    if !output.status.success() {
        return None;
    }
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(format_duration(Duration::from_millis(430)), "0.4s");
        assert_eq!(format_duration(Duration::from_millis(12_345)), "12.3s");
        assert_eq!(format_duration(Duration::from_secs(185)), "3m 05s");
        assert_eq!(format_duration(Duration::from_secs(3720)), "1h 02m");
    }

    #[test]
    fn ansi_sequences_are_removed() {
        assert_eq!(
            strip_ansi("test result: \x1b[32mok\x1b[0m. 3 passed"),
            "test result: ok. 3 passed"
        );
        assert_eq!(
            strip_ansi("\x1b[1m\x1b[92m   Compiling\x1b[0m foo"),
            "   Compiling foo"
        );
        assert_eq!(strip_ansi("plain"), "plain");
        assert_eq!(strip_ansi("dangling\x1b"), "dangling");
    }

    #[test]
    fn commands_are_described_with_quoting() {
        let mut cmd = Command::new("cargo");
        cmd.args(["test", "-p", "crm-api", "a b", "sqlite://x.db?mode=rwc", ""]);
        assert_eq!(
            describe(&cmd),
            "cargo test -p crm-api 'a b' 'sqlite://x.db?mode=rwc' ''"
        );
    }

    #[test]
    fn path_puts_the_directory_first() {
        let path = path_with_first(Path::new("/opt/tools/bin")).unwrap();
        let first = std::env::split_paths(&path).next().unwrap();
        assert_eq!(first, Path::new("/opt/tools/bin"));
    }
}
