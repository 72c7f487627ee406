//! The demo data: deterministic, and realistic in the ways the screens rely on.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::TestApp;
use crm_server::seed::{self, SeedOptions};

async fn fingerprint(app: &TestApp) -> Vec<i64> {
    let mut out = Vec::new();
    for sql in [
        "SELECT COUNT(*) FROM customers",
        "SELECT COUNT(*) FROM cards",
        "SELECT COUNT(*) FROM transactions",
        "SELECT CAST(SUM(amount_fen) AS BIGINT) FROM transactions",
        "SELECT CAST(SUM(new_balance_fen) AS BIGINT) FROM statements",
        "SELECT CAST(SUM(points) AS BIGINT) FROM points_ledger",
        "SELECT COUNT(*) FROM survey_responses",
        "SELECT CAST(SUM(LENGTH(name)) AS BIGINT) FROM customers",
    ] {
        out.push(app.scalar(sql).await);
    }
    out
}

#[tokio::test]
async fn same_seed_gives_the_same_data_and_another_seed_does_not() {
    let a = TestApp::sqlite().await;
    let b = TestApp::sqlite().await;
    let fa = fingerprint(&a).await;
    assert_eq!(fa, fingerprint(&b).await);
    // a second seed into a non-empty database is refused
    let again = seed::seed(
        &a.db,
        &common::config(),
        &SeedOptions {
            customers: 5,
            seed: 1,
            as_of: common::as_of(),
            progress: false,
        },
    )
    .await;
    assert!(again.is_err());
    a.finish().await;
    b.finish().await;

    // a different seed: fresh database by hand
    let path = std::env::temp_dir().join(format!("cardinal_seed_{}.db", std::process::id()));
    let db = crm_server::Db::connect(&format!("sqlite://{}?mode=rwc", path.display()))
        .await
        .unwrap();
    db.migrate().await.unwrap();
    seed::seed(
        &db,
        &common::config(),
        &SeedOptions {
            customers: common::CUSTOMERS,
            seed: 43,
            as_of: common::as_of(),
            progress: false,
        },
    )
    .await
    .unwrap();
    let other: i64 = sqlx::query_scalar("SELECT CAST(SUM(amount_fen) AS BIGINT) FROM transactions")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_ne!(other, fa[3]);
    db.pool.close().await;
    let _ = std::fs::remove_file(&path);
}

#[tokio::test]
async fn demo_portfolio_is_realistic() {
    let path = std::env::temp_dir().join(format!("cardinal_realism_{}.db", std::process::id()));
    let db = crm_server::Db::connect(&format!("sqlite://{}?mode=rwc", path.display()))
        .await
        .unwrap();
    db.migrate().await.unwrap();
    let report = seed::seed(
        &db,
        &common::config(),
        &SeedOptions {
            customers: 800,
            seed: 42,
            as_of: common::as_of(),
            progress: false,
        },
    )
    .await
    .unwrap();
    let q = |sql: &'static str| {
        let pool = db.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    // about a hundred transactions per customer over two years
    let per_customer = report.transactions / report.customers;
    assert!((60..160).contains(&per_customer), "{per_customer}");

    // youth cards skew young
    let youth = q("SELECT COUNT(*) FROM cards c JOIN card_products p ON p.id = c.product_id WHERE p.code = 'youth' AND c.is_primary = 1").await;
    let youth_young = q("SELECT COUNT(*) FROM cards c JOIN card_products p ON p.id = c.product_id JOIN customers u ON u.id = c.customer_id \
                         WHERE p.code = 'youth' AND c.is_primary = 1 AND u.birth_date > '1995-11-28'").await;
    assert!(
        youth > 20 && youth_young * 10 >= youth * 9,
        "{youth_young}/{youth}"
    );
    // premium tiers only for high incomes
    let premium_low = q("SELECT COUNT(*) FROM cards c JOIN card_products p ON p.id = c.product_id JOIN customers u ON u.id = c.customer_id \
                         WHERE p.tier IN ('platinum', 'diamond') AND u.income_band NOT IN ('20k_50k', 'over_50k')").await;
    assert_eq!(premium_low, 0);
    // official cards for public employees
    let official_other = q("SELECT COUNT(*) FROM cards c JOIN card_products p ON p.id = c.product_id JOIN customers u ON u.id = c.customer_id \
                            WHERE p.code = 'official' AND u.occupation NOT IN ('public_servant', 'teacher', 'medical')").await;
    assert_eq!(official_other, 0);
    // both urban and rural residents
    let rural = q("SELECT COUNT(*) FROM customers WHERE residence = 'rural'").await;
    assert!((120..400).contains(&rural), "{rural}");
    // revolvers, minimum payers and delinquents exist
    let revolving = q("SELECT COUNT(DISTINCT customer_id) FROM statements WHERE paid_fen > 0 AND paid_fen < new_balance_fen").await;
    let delinquent =
        q("SELECT COUNT(DISTINCT customer_id) FROM statements WHERE days_past_due > 30").await;
    assert!(revolving > 100, "{revolving}");
    assert!(delinquent > 20, "{delinquent}");
    // Double 11: online shopping in November 2025 beats October 2025
    let nov = q("SELECT CAST(SUM(amount_fen) AS BIGINT) FROM transactions WHERE category = 'online_shopping' \
                 AND occurred_at >= 1761926400 AND occurred_at < 1764518400").await;
    let oct = q("SELECT CAST(SUM(amount_fen) AS BIGINT) FROM transactions WHERE category = 'online_shopping' \
                 AND occurred_at >= 1759248000 AND occurred_at < 1761926400").await;
    assert!(nov > oct * 3 / 2, "nov {nov} oct {oct}");
    // churners: spent early in the window, nothing in the last three months
    let churned = q("SELECT COUNT(*) FROM customers u WHERE \
                     EXISTS (SELECT 1 FROM transactions t WHERE t.customer_id = u.id AND t.occurred_at < 1748707200) AND \
                     NOT EXISTS (SELECT 1 FROM transactions t WHERE t.customer_id = u.id AND t.occurred_at >= 1788192000)").await;
    assert!(churned > 20, "{churned}");
    // survey scores follow service: escalated interactions score lower
    let resolved = q("SELECT CAST(AVG(s.csat) * 100 AS BIGINT) FROM survey_responses s JOIN service_interactions i ON i.id = s.interaction_id WHERE i.outcome = 'resolved'").await;
    let escalated = q("SELECT CAST(AVG(s.csat) * 100 AS BIGINT) FROM survey_responses s JOIN service_interactions i ON i.id = s.interaction_id WHERE i.outcome = 'escalated'").await;
    assert!(
        resolved > escalated + 50,
        "resolved {resolved} escalated {escalated}"
    );
    // a lost card report leaves a lost card and a replacement
    let lost = q("SELECT COUNT(*) FROM cards WHERE status = 'lost'").await;
    assert!(lost > 0);
    // no full card number is stored anywhere: only first six + last four + token
    let tokens = q("SELECT COUNT(*) FROM cards WHERE pan_token LIKE 'tok_%' AND length(pan_first6) = 6 AND length(pan_last4) = 4").await;
    assert_eq!(tokens, report.cards as i64);
    db.pool.close().await;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}
