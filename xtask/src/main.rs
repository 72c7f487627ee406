//! `cargo xtask`: Cardinal's developer tasks.
//!
//! - `cargo xtask run`: install the toolchain if needed, build the web app and the server, seed
//!   demo data into an empty database, and serve on <http://127.0.0.1:8080>.
//! - `cargo xtask test`: rustfmt, clippy, `cargo test`, the front-end build and the browser
//!   tests, ending with one `N passed, N failed` line (exit status 1 when anything failed).
//! - `cargo xtask bench`: seed demo data into a fresh database, serve it with the release build
//!   and time the segment count and dashboard APIs against their targets, each beside a raw-SQL
//!   baseline from the same run (exit status 1 when a target is missed).

mod bench;
mod run;
mod test;
mod toolchain;
mod util;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Cardinal developer tasks.
#[derive(Parser, Debug)]
#[command(name = "xtask", bin_name = "cargo xtask", about)]
struct Cli {
    #[command(subcommand)]
    command: Task,
}

#[derive(Subcommand, Debug)]
enum Task {
    /// Build everything, seed demo data once, and serve the app (Ctrl-C to stop).
    Run(run::RunArgs),
    /// Run every check CI runs: fmt, clippy, tests, front-end build, browser tests.
    Test(test::TestArgs),
    /// Time the segment count and dashboard APIs against their targets on seeded demo data.
    Bench(bench::BenchArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Task::Run(args) => run::run(args).map(|()| true),
        Task::Test(args) => Ok(test::test(args)),
        Task::Bench(args) => bench::bench(args),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("{} {e}", util::red("error:"));
            ExitCode::FAILURE
        }
    }
}
