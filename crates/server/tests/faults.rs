//! The fault loop: `kill -9` the server's import and analytics in the middle,
//! again and again, and check after each restart that nothing is half done
//! and nothing acknowledged is lost. Rounds: `FAULT_ROUNDS` (default 5 here;
//! SECURITY.md reports a 20-round run).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use rand::Rng;

/// Rows per import file: big enough that a kill often lands mid-import.
const ROWS: usize = 20_000;

struct Bench {
    dir: PathBuf,
    url: String,
}

impl Bench {
    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_crm-server"));
        cmd.args(["--database-url", &self.url, "--secret-file"])
            .arg(self.dir.join("secret.key"))
            .args(args)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        cmd
    }

    fn run(&self, args: &[&str]) -> bool {
        let out = self.command(args).stderr(Stdio::piped()).output().unwrap();
        if !out.status.success() {
            eprintln!("{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        }
        out.status.success()
    }

    /// Starts `args` and kills it (SIGKILL) after a random pause of up to `max_ms`.
    fn kill_midway(&self, args: &[&str], max_ms: u64) {
        let mut child = self.command(args).spawn().unwrap();
        let pause = rand::thread_rng().gen_range(20..max_ms);
        std::thread::sleep(Duration::from_millis(pause));
        let _ = child.kill();
        let _ = child.wait();
    }

    async fn scalar(&self, sql: &str) -> i64 {
        let db = crm_server::Db::connect(&self.url).await.unwrap();
        let n: i64 = sqlx::query_scalar(sql).fetch_one(&db.pool).await.unwrap();
        db.pool.close().await;
        n
    }

    async fn integrity_ok(&self) -> bool {
        let db = crm_server::Db::connect(&self.url).await.unwrap();
        let ok: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        db.pool.close().await;
        ok == "ok"
    }
}

fn write_file(path: &Path, round: usize, customers: &[String]) {
    let mut text = String::from(
        "reference,card_number,customer_no,occurred_at,amount,merchant,category,channel\n",
    );
    for i in 0..ROWS {
        let customer = &customers[i % customers.len()];
        text.push_str(&format!(
            "F{round}-{i},,{customer},2026-11-0{},{}.{:02},故障测试商户,,\n",
            1 + i % 9,
            10 + i % 500,
            i % 100
        ));
    }
    std::fs::write(path, text).unwrap();
}

#[tokio::test]
async fn kill_9_mid_import_and_mid_analytics_loses_nothing() {
    let rounds: usize = std::env::var("FAULT_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let dir = std::env::temp_dir().join(format!("cardinal_faults_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let bench = Bench {
        url: format!("sqlite://{}?mode=rwc", dir.join("faults.db").display()),
        dir: dir.clone(),
    };
    assert!(bench.run(&["seed", "--customers", "150"]));
    let customers: Vec<String> = {
        let db = crm_server::Db::connect(&bench.url).await.unwrap();
        let v = sqlx::query_scalar(
            "SELECT customer_no FROM customers c WHERE EXISTS \
             (SELECT 1 FROM cards k WHERE k.customer_id = c.id AND k.status = 'active') \
             ORDER BY id LIMIT 60",
        )
        .fetch_all(&db.pool)
        .await
        .unwrap();
        db.pool.close().await;
        v
    };
    let base = bench.scalar("SELECT COUNT(*) FROM transactions").await;
    let mut landed_midway = 0;
    for round in 0..rounds {
        let file = dir.join(format!("round{round}.csv"));
        write_file(&file, round, &customers);
        let path = file.to_string_lossy().into_owned();
        let args = [
            "import",
            "--kind",
            "transactions",
            "--no-analytics",
            path.as_str(),
        ];
        bench.kill_midway(&args, 1_500);
        assert!(
            bench.integrity_ok().await,
            "round {round}: the file is intact"
        );
        let landed = bench
            .scalar(&format!(
                "SELECT COUNT(*) FROM transactions WHERE external_ref LIKE 'F{round}-%'"
            ))
            .await;
        assert!(
            landed == 0 || landed == ROWS as i64,
            "round {round}: half an import ({landed} of {ROWS} rows)"
        );
        if landed == 0 {
            landed_midway += 1;
            // the retry the operator makes after the crash completes it
            assert!(bench.run(&args), "round {round}: the retry imports");
        }
        // a second run of the same file adds nothing (references are unique)
        let _ = bench.run(&args);
        assert_eq!(
            bench
                .scalar(&format!(
                    "SELECT COUNT(*) FROM transactions WHERE external_ref LIKE 'F{round}-%'"
                ))
                .await,
            ROWS as i64,
            "round {round}: every row once"
        );
    }
    assert_eq!(
        bench.scalar("SELECT COUNT(*) FROM transactions").await,
        base + (rounds * ROWS) as i64
    );
    eprintln!("{landed_midway} of {rounds} imports were killed before they committed");

    // analytics killed midway, then a full run completes and covers everyone
    for _ in 0..rounds {
        bench.kill_midway(&["analytics"], 2_000);
        assert!(bench.integrity_ok().await);
    }
    assert!(bench.run(&["analytics"]));
    let customers = bench.scalar("SELECT COUNT(*) FROM customers").await;
    assert_eq!(
        bench.scalar("SELECT COUNT(*) FROM customer_features").await,
        customers
    );
    // points: every balance is the sum of its ledger (no balance is stored apart from it)
    assert_eq!(
        bench
            .scalar("SELECT COUNT(*) FROM points_ledger WHERE customer_id NOT IN (SELECT id FROM customers)")
            .await,
        0
    );
    let _ = std::fs::remove_dir_all(&dir);
}
