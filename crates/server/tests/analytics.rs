//! The analytics job on a seeded portfolio: full runs match the raw rows,
//! incremental runs pick up new transactions and nothing else.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TestApp, now_for_tests};
use crm_server::analytics::{self, AnalyticsOptions};

async fn full_run_covers_everyone_and_matches_raw_rows(app: &TestApp) {
    let customers = app.scalar("SELECT COUNT(*) FROM customers").await;
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM customer_features").await,
        customers
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM model_fits WHERE model = 'portfolio'")
            .await,
        1
    );
    let now = now_for_tests();
    let year_ago = now - 365 * 86_400;
    let q90 = now - 90 * 86_400;
    for id in 1..=common::CUSTOMERS as i64 {
        let spend = app
            .scalar(&format!(
                "SELECT CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) FROM transactions WHERE customer_id = {id} \
                 AND category <> 'cash_advance' AND occurred_at > {year_ago} AND occurred_at <= {now}"
            ))
            .await;
        let stored = app
            .scalar(&format!(
                "SELECT spend_12m_fen FROM customer_features WHERE customer_id = {id}"
            ))
            .await;
        assert_eq!(stored, spend, "customer {id} 12-month spend");
        let cash = app
            .scalar(&format!(
                "SELECT COUNT(*) FROM transactions WHERE customer_id = {id} AND category = 'cash_advance' \
                 AND occurred_at > {q90} AND occurred_at <= {now}"
            ))
            .await;
        assert_eq!(
            app.scalar(&format!(
                "SELECT cash_advances_90d FROM customer_features WHERE customer_id = {id}"
            ))
            .await,
            cash
        );
        let points = app.scalar(&format!("SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM points_ledger WHERE customer_id = {id}")).await;
        assert_eq!(
            app.scalar(&format!(
                "SELECT points_balance FROM customer_features WHERE customer_id = {id}"
            ))
            .await,
            points
        );
        let cats = app
            .scalar(&format!("SELECT CAST(COALESCE(SUM(spend_365d_fen), 0) AS BIGINT) FROM customer_category_spend WHERE customer_id = {id}"))
            .await;
        assert_eq!(cats, spend, "customer {id} category split");
    }
    // probabilities are probabilities, and the value tiers follow the CLV ranking
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM customer_features WHERE p_alive < 0 OR p_alive > 1")
            .await,
        0
    );
    let high_min = app
        .scalar(
            "SELECT COALESCE(MIN(clv_12m_fen), 0) FROM customer_features WHERE value_tier = 'high'",
        )
        .await;
    let medium_max = app.scalar("SELECT COALESCE(MAX(clv_12m_fen), 0) FROM customer_features WHERE value_tier = 'medium'").await;
    assert!(high_min >= medium_max);
    let high = app
        .scalar("SELECT COUNT(*) FROM customer_features WHERE value_tier = 'high'")
        .await;
    assert!(
        (4..=12).contains(&high),
        "about a fifth are high value: {high}"
    );
    // a customer in arrears shows it in the risk band and reasons
    let overdue = app.scalar("SELECT COUNT(*) FROM customer_features WHERE days_past_due >= 30 AND risk_band = 'low'").await;
    assert_eq!(overdue, 0);
}

async fn incremental_run_recomputes_only_changed_customers(app: &TestApp) {
    let now = now_for_tests();
    let before_spend = app
        .scalar("SELECT spend_30d_fen FROM customer_features WHERE customer_id = 6")
        .await;
    let card = app
        .scalar("SELECT MIN(id) FROM cards WHERE customer_id = 6 AND status <> 'closed'")
        .await;
    let untouched = app
        .scalar("SELECT computed_at FROM customer_features WHERE customer_id = 7")
        .await;
    sqlx::query(
        "INSERT INTO transactions (customer_id, card_id, occurred_at, amount_fen, merchant, category, channel, installment) \
         VALUES (6, $1, $2, 888800, '苹果官方商店', 'digital', 'online', 0)",
    )
    .bind(card)
    .bind(now - 3600)
    .execute(&app.db.pool)
    .await
    .unwrap();
    let opts = AnalyticsOptions {
        incremental: true,
        ..AnalyticsOptions::full(now + 60)
    };
    let report = analytics::run(&app.db, &opts).await.unwrap();
    assert_eq!(report.mode, "incremental");
    assert_eq!(report.customers, 1);
    let after_spend = app
        .scalar("SELECT spend_30d_fen FROM customer_features WHERE customer_id = 6")
        .await;
    assert_eq!(after_spend - before_spend, 888_800);
    let offers: String =
        sqlx::query_scalar("SELECT offers FROM customer_features WHERE customer_id = 6")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert!(
        offers.contains("installment_conversion") && offers.contains("888800"),
        "{offers}"
    );
    assert_eq!(
        app.scalar("SELECT computed_at FROM customer_features WHERE customer_id = 7")
            .await,
        untouched
    );
    // the same models were used: still one fit
    assert_eq!(app.scalar("SELECT COUNT(*) FROM model_fits").await, 1);
    // nothing new: nothing to do
    let again = analytics::run(&app.db, &opts).await.unwrap();
    assert_eq!(again.customers, 0);
}

on_both!(
    full_run_covers_everyone_and_matches_raw_rows,
    incremental_run_recomputes_only_changed_customers
);
