//! Exports: a segment's members as CSV — BOM, header, exactly the members,
//! mobiles masked, streamed in pages, audit-logged, marketing roles only.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::StatusCode;
use common::TestApp;

async fn a_segment_exports_its_members_masked(app: &TestApp) {
    let marketer = app.sign_in("marketer").await;
    // every customer born before 2100: all of them, more than one page when many
    let rules = serde_json::json!({"type": "group", "logic": "and", "rules": [
        {"type": "condition", "field": {"name": "age"}, "op": "gte", "value": {"number": 0.0}}
    ]});
    let made = app
        .call(
            axum::http::Method::POST,
            "/api/v1/segments",
            Some(serde_json::json!({"name": "全部客户", "rules": rules})),
            Some(&marketer),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.json);
    let id = made.json["summary"]["id"].as_i64().unwrap();
    let (status, body) = app
        .get_text(&format!("/api/v1/segments/{id}/members.csv"), &marketer)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.starts_with("\u{feff}customer_no,name,mobile,"));
    let lines: Vec<&str> = body.lines().skip(1).collect();
    let customers = app.scalar("SELECT COUNT(*) FROM customers").await;
    assert_eq!(lines.len() as i64, customers);
    // ascending, no repeats, mobiles masked
    let nos: Vec<&str> = lines.iter().map(|l| l.split(',').next().unwrap()).collect();
    let mut sorted = nos.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), nos.len());
    for l in &lines {
        let mobile = l.split(',').nth(2).unwrap();
        assert!(mobile.contains("****"), "{mobile}");
        let name = l.split(',').nth(1).unwrap();
        assert!(name.chars().skip(1).all(|c| c == '*'), "{name}");
    }
    let audited = app
        .scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'export.segment'")
        .await;
    assert_eq!(audited, 1);
    // a narrower segment: exactly the live count
    let women = serde_json::json!({"type": "group", "logic": "and", "rules": [
        {"type": "condition", "field": {"name": "gender"}, "op": "eq", "value": {"text": "female"}}
    ]});
    let count = app
        .call(
            axum::http::Method::POST,
            "/api/v1/segments/count",
            Some(serde_json::json!({"rules": women.clone()})),
            Some(&marketer),
        )
        .await;
    let made = app
        .call(
            axum::http::Method::POST,
            "/api/v1/segments",
            Some(serde_json::json!({"name": "女性客户", "rules": women})),
            Some(&marketer),
        )
        .await;
    let id = made.json["summary"]["id"].as_i64().unwrap();
    let (_, body) = app
        .get_text(&format!("/api/v1/segments/{id}/members.csv"), &marketer)
        .await;
    assert_eq!(
        body.lines().count() as i64 - 1,
        count.json["total"].as_i64().unwrap()
    );
    // the keyset pages add up to exactly the members, whatever the page size
    let segment = crm_server::db::segment_store::get(&app.db, id)
        .await
        .unwrap();
    let now = chrono::Utc::now().timestamp();
    let today = chrono::Utc::now().date_naive();
    let all = crm_server::db::segments::matching_ids(
        &app.db,
        &crm_server::domain::scope::Scope::All,
        &segment.rules,
        today,
        now,
    )
    .await
    .unwrap();
    let mut paged = Vec::new();
    let mut after = 0;
    loop {
        let page = crm_server::db::segments::member_page(
            &app.db,
            &crm_server::domain::scope::Scope::All,
            &segment.rules,
            today,
            now,
            after,
            7,
        )
        .await
        .unwrap();
        let Some(last) = page.last() else { break };
        after = last.id;
        paged.extend(page.iter().map(|r| r.id));
    }
    assert_eq!(paged, all);
    // agents may not export; unknown segments are 404
    let agent = app.sign_in("agent").await;
    let (status, _) = app
        .get_text(&format!("/api/v1/segments/{id}/members.csv"), &agent)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .get_text("/api/v1/segments/999999/members.csv", &marketer)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn search_results_export_masked_and_logged(app: &TestApp) {
    let agent = app.sign_in("agent").await;
    // every customer, in pages of the stream: the same set as the search
    let (status, body) = app.get_text("/api/v1/customers.csv", &agent).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.starts_with("\u{feff}customer_no,name,mobile,"));
    let lines: Vec<&str> = body.lines().skip(1).collect();
    assert_eq!(
        lines.len() as i64,
        app.scalar("SELECT COUNT(*) FROM customers").await
    );
    for l in &lines {
        let cells: Vec<&str> = l.split(',').collect();
        assert!(cells[2].contains("****"), "{l}");
        assert!(cells[1].chars().skip(1).all(|c| c == '*'), "{l}");
    }
    // a narrowed search (a surname) exports exactly its matches
    let name: String = sqlx::query_scalar("SELECT name FROM customers WHERE id = 1")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let surname: String = name
        .chars()
        .take(1)
        .collect::<String>()
        .bytes()
        .map(|b| format!("%{b:02X}"))
        .collect();
    let found = app
        .get(
            &format!("/api/v1/customers?q={surname}&per_page=100"),
            &agent,
        )
        .await;
    let total = found.json["total"].as_i64().unwrap();
    assert!(total >= 1);
    let (_, narrowed) = app
        .get_text(&format!("/api/v1/customers.csv?q={surname}"), &agent)
        .await;
    assert_eq!(narrowed.lines().count() as i64 - 1, total);
    let mobile: String = sqlx::query_scalar("SELECT mobile FROM customers WHERE id = 3")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let (_, one) = app
        .get_text(&format!("/api/v1/customers.csv?q={mobile}"), &agent)
        .await;
    assert_eq!(one.lines().count(), 2);
    assert!(!one.contains(&mobile), "the mobile searched for is masked");
    // logged without the search term
    let details: Vec<String> = sqlx::query_scalar(
        "SELECT detail FROM audit_log WHERE action = 'export.customers' ORDER BY id",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(details.len(), 3);
    assert!(
        details[2].starts_with("search (mobile; filters: none): 1 customers"),
        "{}",
        details[2]
    );
    assert!(details.iter().all(|d| !d.contains(&mobile)));
    // cardholders cannot
    let cardholder = app.sign_in("cardholder").await;
    assert_eq!(
        app.get_text("/api/v1/customers.csv", &cardholder).await.0,
        StatusCode::FORBIDDEN
    );
}

async fn dashboard_downloads_are_logged(app: &TestApp) {
    let manager = app.sign_in("manager").await;
    let ok = app
        .call(
            axum::http::Method::POST,
            "/api/v1/dashboard/exports",
            Some(serde_json::json!({"file": "cards_by_month.csv", "rows": 12})),
            Some(&manager),
        )
        .await;
    assert_eq!(ok.status, StatusCode::NO_CONTENT);
    let bad = app
        .call(
            axum::http::Method::POST,
            "/api/v1/dashboard/exports",
            Some(serde_json::json!({"file": "../secret.txt", "rows": 1})),
            Some(&manager),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let detail: Vec<String> =
        sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = 'export.dashboard'")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(detail, ["cards_by_month.csv: 12 rows"]);
}

on_both!(
    a_segment_exports_its_members_masked,
    search_results_export_masked_and_logged,
    dashboard_downloads_are_logged,
);
