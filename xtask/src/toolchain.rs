//! Making sure the build and test tools are installed, at the right versions.
//!
//! Everything is checked first and installed only when missing or at the wrong version, so a
//! second run costs about a second. Nothing is downloaded except from crates.io (via
//! `cargo install`), npm, Debian apt and rustup's own targets (see `/work/shared/TOOLCHAIN.md`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use crate::util::{
    self, Result, cargo, heading, note, probe, run_inherited, run_quietly, timed, warn,
};

/// The Rust target the web app compiles to.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The trunk release known to work with this machine's rustc (0.22 needs a newer one).
pub const TRUNK_VERSION: &str = "0.21.14";

/// The binaryen (wasm-opt) major version from npm; `Trunk.toml` asks for `version_132`.
pub const BINARYEN_VERSION: &str = "132";

/// Where Debian installs Chromium.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// The folder holding npm's `binaryen` (git-ignored `.tools/`).
pub fn tools_dir(root: &Path) -> PathBuf {
    root.join(".tools")
}

/// The folder with `wasm-opt`; put it first on `PATH` when running trunk.
pub fn tools_bin_dir(root: &Path) -> PathBuf {
    tools_dir(root).join("node_modules").join(".bin")
}

/// Everything `trunk build --release` needs: the wasm32 target, trunk, wasm-bindgen-cli at the
/// `Cargo.lock` version, and wasm-opt from npm. Returns whether anything was installed.
pub fn ensure_frontend_toolchain(root: &Path) -> Result<bool> {
    let mut installed = ensure_wasm_target()?;
    installed |= ensure_trunk()?;
    let lock = std::fs::read_to_string(root.join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e} (run `cargo generate-lockfile`)"))?;
    let version = wasm_bindgen_version(&lock)?;
    if let Ok(trunk_toml) = std::fs::read_to_string(root.join("Trunk.toml"))
        && let Some(wanted) = toml_value(&trunk_toml, "wasm_bindgen")
        && wanted != version
    {
        warn(&format!(
            "Trunk.toml asks for wasm_bindgen = \"{wanted}\" but Cargo.lock has {version}; trunk will refuse to build"
        ));
    }
    installed |= ensure_wasm_bindgen_cli(&version)?;
    installed |= ensure_binaryen(root)?;
    Ok(installed)
}

/// Add the `wasm32-unknown-unknown` target to the active toolchain when it is missing.
pub fn ensure_wasm_target() -> Result<bool> {
    let Some(installed) = probe(Command::new("rustup").args(["target", "list", "--installed"]))
    else {
        warn(&format!(
            "rustup not found; assuming the {WASM_TARGET} target is installed"
        ));
        return Ok(false);
    };
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        note(&format!("ok  Rust target {WASM_TARGET}"));
        return Ok(false);
    }
    install_step(
        &format!("adding the Rust target {WASM_TARGET} (first time only, ~1 min)"),
        || run_quietly(Command::new("rustup").args(["target", "add", WASM_TARGET])).map(drop),
    )
    .map(|()| true)
}

/// Install trunk [`TRUNK_VERSION`] when `trunk --version` says anything else.
pub fn ensure_trunk() -> Result<bool> {
    let found = installed_version("trunk", "trunk");
    if found.as_deref() == Some(TRUNK_VERSION) {
        note(&format!("ok  trunk {TRUNK_VERSION}"));
        return Ok(false);
    }
    install_step(
        &format!(
            "installing trunk {TRUNK_VERSION}{} (first time only, ~9 min)",
            found_note(&found)
        ),
        || {
            // Trunk's own profile uses fat LTO (17 min here); thin builds work the same in 9.
            run_quietly(
                cargo()
                    .args(["install", "--locked", "trunk", "--version", TRUNK_VERSION])
                    .env("CARGO_PROFILE_RELEASE_LTO", "off")
                    .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
                    .current_dir(std::env::temp_dir()),
            )
            .map(drop)
        },
    )?;
    verify_installed("trunk", "trunk", TRUNK_VERSION).map(|()| true)
}

/// Install wasm-bindgen-cli `version` when `wasm-bindgen --version` says anything else.
pub fn ensure_wasm_bindgen_cli(version: &str) -> Result<bool> {
    let found = installed_version("wasm-bindgen", "wasm-bindgen");
    if found.as_deref() == Some(version) {
        note(&format!("ok  wasm-bindgen {version} (matches Cargo.lock)"));
        return Ok(false);
    }
    install_step(
        &format!(
            "installing wasm-bindgen-cli {version}{} (first time only, ~4 min)",
            found_note(&found)
        ),
        || {
            // Not --locked: its lock file can name crates newer than this machine's registry mirror.
            run_quietly(
                cargo()
                    .args(["install", "wasm-bindgen-cli", "--version", version])
                    .current_dir(std::env::temp_dir()),
            )
            .map(drop)
        },
    )?;
    verify_installed("wasm-bindgen", "wasm-bindgen", version).map(|()| true)
}

/// Install npm's `binaryen@132` into `.tools/` when `.tools/node_modules/.bin/wasm-opt` is
/// missing or another version. (Never Debian's binaryen: its bundles crash in the browser.)
pub fn ensure_binaryen(root: &Path) -> Result<bool> {
    let wasm_opt = tools_bin_dir(root).join("wasm-opt");
    let check = || {
        probe(Command::new(&wasm_opt).arg("--version"))
            .and_then(|out| parse_tool_version(&out, "wasm-opt").map(str::to_owned))
    };
    let found = check();
    if found.as_deref() == Some(BINARYEN_VERSION) {
        note(&format!(
            "ok  wasm-opt {BINARYEN_VERSION} (npm binaryen, in .tools)"
        ));
        return Ok(false);
    }
    install_step(
        &format!(
            "installing wasm-opt (npm binaryen@{BINARYEN_VERSION}) into .tools{}",
            found_note(&found)
        ),
        || {
            run_quietly(
                Command::new("npm")
                    .args(["install", "--prefix", ".tools", "--no-audit", "--no-fund"])
                    .arg(format!("binaryen@{BINARYEN_VERSION}"))
                    .current_dir(root),
            )
            .map(drop)
        },
    )?;
    match check() {
        Some(v) if v == BINARYEN_VERSION => Ok(true),
        other => Err(format!(
            "{} reports version {} after installing binaryen@{BINARYEN_VERSION}",
            wasm_opt.display(),
            other.as_deref().unwrap_or("(none)")
        )
        .into()),
    }
}

/// Install Debian's Chromium (plus chromedriver and CJK fonts) when `/usr/bin/chromium` is missing.
pub fn ensure_chromium() -> Result<()> {
    if Path::new(CHROMIUM).exists() {
        note(&format!("ok  Chromium ({CHROMIUM})"));
        return Ok(());
    }
    install_step(
        "installing Chromium from Debian (first time only, ~2 min)",
        || {
            let root = probe(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
            let apt = |args: &[&str]| {
                let mut cmd = if root {
                    Command::new("apt-get")
                } else {
                    Command::new("sudo")
                };
                if !root {
                    cmd.args(["DEBIAN_FRONTEND=noninteractive", "apt-get"]);
                }
                cmd.env("DEBIAN_FRONTEND", "noninteractive").args(args);
                cmd
            };
            run_inherited(&mut apt(&["update"]))?;
            run_inherited(&mut apt(&[
                "install",
                "-y",
                "chromium",
                "chromium-driver",
                "fonts-noto-cjk",
            ]))
        },
    )?;
    if Path::new(CHROMIUM).exists() {
        Ok(())
    } else {
        Err(format!("{CHROMIUM} is still missing after apt-get install chromium").into())
    }
}

/// Install the e2e tests' npm packages (`npm ci`) when `node_modules` is missing or older than
/// `package-lock.json` (or `npm install` when there is no lock file yet).
pub fn ensure_e2e_node_modules(dir: &Path) -> Result<()> {
    let modified = |path: PathBuf| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    let action = npm_action(
        modified(dir.join("package.json")),
        modified(dir.join("package-lock.json")),
        modified(dir.join("node_modules").join(".package-lock.json")),
    );
    let args: &[&str] = match action {
        NpmAction::UpToDate => {
            note("ok  e2e node_modules (matches package-lock.json)");
            return Ok(());
        }
        NpmAction::Ci => &["ci", "--no-audit", "--no-fund"],
        NpmAction::Install => &["install", "--no-audit", "--no-fund"],
    };
    install_step(
        &format!("installing the e2e test packages (npm {})", args[0]),
        || run_quietly(Command::new("npm").args(args).current_dir(dir)).map(drop),
    )
}

/// What `tests/e2e/node_modules` needs, from file modification times.
#[derive(Debug, PartialEq, Eq)]
pub enum NpmAction {
    /// `node_modules` was installed after the last change to `package.json`/`package-lock.json`.
    UpToDate,
    /// Reinstall exactly what `package-lock.json` says.
    Ci,
    /// No lock file: resolve and write one.
    Install,
}

/// Decide what to do from the times `package.json`, `package-lock.json` and npm's record of the
/// installed tree (`node_modules/.package-lock.json`) were last written (`None`: missing).
pub fn npm_action(
    package_json: Option<SystemTime>,
    lock: Option<SystemTime>,
    installed: Option<SystemTime>,
) -> NpmAction {
    let newer_than_install = |t: Option<SystemTime>| match (t, installed) {
        (Some(t), Some(installed)) => t > installed,
        (_, None) => true,
        (None, Some(_)) => false,
    };
    let stale = newer_than_install(lock) || newer_than_install(package_json);
    match (lock.is_some(), stale) {
        (_, false) => NpmAction::UpToDate,
        (true, true) => NpmAction::Ci,
        (false, true) => NpmAction::Install,
    }
}

/// Print a heading, run an install, and print how long it took.
fn install_step(title: &str, install: impl FnOnce() -> Result<()>) -> Result<()> {
    heading(title);
    let (result, elapsed) = timed(install);
    match &result {
        Ok(()) => note(&format!("installed in {}", util::format_duration(elapsed))),
        Err(_) => note(&util::red(&format!(
            "install failed after {}",
            util::format_duration(elapsed)
        ))),
    }
    result
}

fn installed_version(program: &str, name: &str) -> Option<String> {
    probe(Command::new(program).arg("--version"))
        .and_then(|out| parse_tool_version(&out, name).map(str::to_owned))
}

fn verify_installed(program: &str, name: &str, wanted: &str) -> Result<()> {
    match installed_version(program, name) {
        Some(v) if v == wanted => Ok(()),
        found => Err(format!(
            "`{program} --version` still reports {} after installing {wanted}; \
             is ~/.cargo/bin first on PATH?",
            found.as_deref().unwrap_or("nothing")
        )
        .into()),
    }
}

fn found_note(found: &Option<String>) -> String {
    found
        .as_deref()
        .map(|v| format!("; found {v}"))
        .unwrap_or_default()
}

/// The wasm-bindgen version in `Cargo.lock` (there must be exactly one).
pub fn wasm_bindgen_version(lock: &str) -> Result<String> {
    let mut versions = locked_versions(lock, "wasm-bindgen");
    match versions.len() {
        1 => Ok(versions.remove(0)),
        0 => Err("Cargo.lock has no wasm-bindgen package".into()),
        _ => Err(format!(
            "Cargo.lock has several wasm-bindgen versions ({}); pin exactly one (`wasm-bindgen = \"=x.y.z\"`)",
            versions.join(", ")
        )
        .into()),
    }
}

/// Every version of `package` listed in a `Cargo.lock` text.
pub fn locked_versions(lock: &str, package: &str) -> Vec<String> {
    let mut versions = Vec::new();
    let mut name: Option<&str> = None;
    for line in lock.lines().map(str::trim) {
        if line == "[[package]]" {
            name = None;
        } else if let Some(value) = toml_string(line, "name") {
            name = Some(value);
        } else if let Some(value) = toml_string(line, "version")
            && name == Some(package)
            && !versions.iter().any(|v| v == value)
        {
            versions.push(value.to_owned());
        }
    }
    versions
}

/// The first `key = "value"` in a TOML text (good enough for `Trunk.toml`'s `[tools]`).
pub fn toml_value<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines().find_map(|line| toml_string(line.trim(), key))
}

fn toml_string<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let rest = line
        .strip_prefix(key)?
        .trim_start()
        .strip_prefix('=')?
        .trim();
    let rest = rest.strip_prefix('"')?;
    rest.split('"').next()
}

/// The version in a `--version` output such as `trunk 0.21.14`, `wasm-bindgen 0.2.130 (abc123)`
/// or `wasm-opt version 132 (version_132)`.
pub fn parse_tool_version<'a>(output: &'a str, tool: &str) -> Option<&'a str> {
    output.lines().find_map(|line| {
        let mut words = line.split_whitespace();
        if words.next()? != tool {
            return None;
        }
        let mut version = words.next()?;
        if version == "version" {
            version = words.next()?;
        }
        Some(version.strip_prefix('v').unwrap_or(version))
    })
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    const LOCK: &str = r#"
# This file is automatically @generated by Cargo.
version = 4

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = [
 "wasm-bindgen-macro",
]

[[package]]
name = "wasm-bindgen-macro"
version = "0.2.131"

[[package]]
name = "xtask"
version = "0.1.0"
"#;

    #[test]
    fn reads_the_wasm_bindgen_version_from_the_lock_file() {
        assert_eq!(wasm_bindgen_version(LOCK).unwrap(), "0.2.130");
        assert_eq!(locked_versions(LOCK, "wasm-bindgen-macro"), ["0.2.131"]);
        assert!(locked_versions(LOCK, "missing").is_empty());
    }

    #[test]
    fn rejects_a_lock_file_without_or_with_several_wasm_bindgens() {
        assert!(wasm_bindgen_version("version = 4\n").is_err());
        let two = format!("{LOCK}\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.100\"\n");
        let err = wasm_bindgen_version(&two).unwrap_err().to_string();
        assert!(err.contains("0.2.130, 0.2.100"), "{err}");
    }

    #[test]
    fn reads_the_workspace_lock_file() {
        let lock = std::fs::read_to_string(util::workspace_root().join("Cargo.lock")).unwrap();
        let version = wasm_bindgen_version(&lock).unwrap();
        assert!(version.starts_with("0.2."), "{version}");
    }

    #[test]
    fn parses_tool_versions() {
        assert_eq!(
            parse_tool_version("trunk 0.21.14\n", "trunk"),
            Some("0.21.14")
        );
        assert_eq!(parse_tool_version("trunk v0.22.0", "trunk"), Some("0.22.0"));
        assert_eq!(
            parse_tool_version("wasm-bindgen 0.2.130 (a1b2c3d)\n", "wasm-bindgen"),
            Some("0.2.130")
        );
        assert_eq!(
            parse_tool_version("wasm-opt version 132 (version_132)\n", "wasm-opt"),
            Some("132")
        );
        assert_eq!(
            parse_tool_version("warning: x\ntrunk 0.21.14", "trunk"),
            Some("0.21.14")
        );
        assert_eq!(parse_tool_version("trunk-ng 1.0", "trunk"), None);
        assert_eq!(parse_tool_version("", "trunk"), None);
    }

    #[test]
    fn reads_trunk_toml_values() {
        let toml =
            "[tools]\n# comment\nwasm_bindgen = \"0.2.130\" # pinned\nwasm_opt = \"version_132\"\n";
        assert_eq!(toml_value(toml, "wasm_bindgen"), Some("0.2.130"));
        assert_eq!(toml_value(toml, "wasm_opt"), Some("version_132"));
        assert_eq!(toml_value(toml, "missing"), None);
    }

    #[test]
    fn decides_when_to_reinstall_node_modules() {
        let t = |secs| Some(SystemTime::UNIX_EPOCH + Duration::from_secs(secs));
        assert_eq!(npm_action(t(1), t(1), t(1)), NpmAction::UpToDate);
        assert_eq!(npm_action(t(1), t(2), t(3)), NpmAction::UpToDate);
        assert_eq!(npm_action(t(1), t(1), None), NpmAction::Ci);
        assert_eq!(npm_action(t(1), t(5), t(3)), NpmAction::Ci);
        assert_eq!(npm_action(t(5), t(1), t(3)), NpmAction::Ci);
        assert_eq!(npm_action(t(1), None, None), NpmAction::Install);
        assert_eq!(npm_action(t(5), None, t(3)), NpmAction::Install);
        assert_eq!(npm_action(t(1), None, t(3)), NpmAction::UpToDate);
    }
}
