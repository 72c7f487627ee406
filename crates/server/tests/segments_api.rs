//! The segment API: live count with breakdowns, saved segments with
//! optimistic concurrency, history, ready-made segments.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use serde_json::json;

fn young_rules() -> serde_json::Value {
    json!({"type": "group", "logic": "and", "rules": [
        {"type": "condition", "field": {"name": "age"}, "op": "lt", "value": {"number": 40.0}},
        {"type": "group", "logic": "or", "rules": [
            {"type": "condition", "field": {"name": "gender"}, "op": "eq", "value": {"text": "female"}},
            {"type": "condition", "field": {"name": "p_alive"}, "op": "gte", "value": {"number": 0.9}}
        ]}
    ]})
}

async fn live_count_adds_up(app: &TestApp) {
    let cookie = app.sign_in("marketer").await;
    let r = app
        .call(
            Method::POST,
            "/api/v1/segments/count",
            Some(json!({"rules": young_rules()})),
            Some(&cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    let c = &r.json;
    let total = c["total"].as_i64().unwrap();
    let rule: crm_api::segments::Rule = serde_json::from_value(young_rules()).unwrap();
    let now = crm_server::domain::time::now();
    let ids = crm_server::db::segments::matching_ids(
        &app.db,
        &crm_server::domain::scope::Scope::All,
        &rule,
        crm_server::domain::time::local_date(now),
        now,
    )
    .await
    .unwrap();
    assert_eq!(total, ids.len() as i64);
    assert!(total > 0 && total < i64::from(common::CUSTOMERS), "{total}");
    let by_product: i64 = c["by_product"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[1].as_i64().unwrap())
        .sum();
    let by_province: i64 = c["by_province"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[1].as_i64().unwrap())
        .sum();
    assert_eq!(by_product, total);
    assert_eq!(by_province, total);
    for reach in c["reachable"].as_array().unwrap() {
        assert!(reach[1].as_i64().unwrap() <= total - c["do_not_disturb"].as_i64().unwrap());
    }
    let sample: Vec<i64> = c["sample"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .collect();
    assert_eq!(sample, ids.iter().copied().take(10).collect::<Vec<_>>());
    assert!(
        c["sample"].to_string().contains("****"),
        "sample phones are masked"
    );
    // overlap with a saved segment
    let women = app
        .scalar("SELECT id FROM segments WHERE name = '女性客户'")
        .await;
    let r = app
        .call(
            Method::POST,
            "/api/v1/segments/count",
            Some(json!({"rules": young_rules(), "compare_with": women})),
            Some(&cookie),
        )
        .await;
    let overlap = r.json["overlap"].as_i64().unwrap();
    let both = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM customers WHERE gender = 'female' AND id IN ({})",
            ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
        ))
        .await;
    assert_eq!(overlap, both);
    // an invalid rule is a 422 that names the condition
    let bad = json!({"type": "group", "logic": "and", "rules": [
        {"type": "condition", "field": {"name": "age"}, "op": "between", "value": {"range": [50.0, 20.0]}}
    ]});
    let r = app
        .call(
            Method::POST,
            "/api/v1/segments/count",
            Some(json!({"rules": bad})),
            Some(&cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.json["error"]["fields"]["rules.0.value"].is_string(),
        "{}",
        r.json
    );
}

async fn saved_segments_have_versions_history_and_guards(app: &TestApp) {
    let cookie = app.sign_in("marketer").await;
    let list = app.get("/api/v1/segments", &cookie).await;
    let ready = list
        .json
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["ready_made"] == true)
        .count();
    assert_eq!(ready, 8, "the study's ready-made segments are installed");
    // every ready-made segment was counted by the analytics run
    assert!(
        list.json
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["last_size"].is_i64())
    );

    let created = app
        .call(
            Method::POST,
            "/api/v1/segments",
            Some(json!({"name": "年轻活跃", "rules": young_rules()})),
            Some(&cookie),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.json);
    let id = created.json["summary"]["id"].as_i64().unwrap();
    assert_eq!(created.json["version"], 1);
    assert!(created.json["summary"]["last_size"].as_i64().unwrap() > 0);
    let updated = app
        .call(
            Method::PUT,
            &format!("/api/v1/segments/{id}"),
            Some(json!({"name": "年轻活跃客户", "rules": young_rules(), "version": 1})),
            Some(&cookie),
        )
        .await;
    assert_eq!(updated.status, StatusCode::OK);
    assert_eq!(updated.json["version"], 2);
    // a stale edit is refused and changes nothing
    let stale = app
        .call(
            Method::PUT,
            &format!("/api/v1/segments/{id}"),
            Some(json!({"name": "覆盖", "rules": young_rules(), "version": 1})),
            Some(&cookie),
        )
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(stale.code(), "precondition_failed");
    assert_eq!(
        app.get(&format!("/api/v1/segments/{id}"), &cookie)
            .await
            .json["summary"]["name"],
        "年轻活跃客户"
    );
    let history = app
        .get(&format!("/api/v1/segments/{id}/history"), &cookie)
        .await;
    assert!(!history.json.as_array().unwrap().is_empty());
    let copy = app
        .call(
            Method::POST,
            &format!("/api/v1/segments/{id}/duplicate"),
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(copy.status, StatusCode::CREATED);
    let copy_id = copy.json["summary"]["id"].as_i64().unwrap();
    assert_ne!(copy_id, id);
    assert_eq!(copy.json["rules"], updated.json["rules"]);
    let gone = app
        .call(
            Method::DELETE,
            &format!("/api/v1/segments/{copy_id}"),
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get(&format!("/api/v1/segments/{copy_id}"), &cookie)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // validation of the name
    let nameless = app
        .call(
            Method::POST,
            "/api/v1/segments",
            Some(json!({"name": " ", "rules": young_rules()})),
            Some(&cookie),
        )
        .await;
    assert_eq!(nameless.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(nameless.json["error"]["fields"]["name"].is_string());
    // agents may not build segments
    let agent = app.sign_in("agent").await;
    assert_eq!(
        app.get("/api/v1/segments", &agent).await.status,
        StatusCode::FORBIDDEN
    );
}

/// The seed installs the ready-made segments before any customer exists: their size
/// history starts with the first real count (after the analytics run), not with a zero.
async fn ready_made_history_starts_with_a_real_count(app: &TestApp) {
    let cookie = app.sign_in("marketer").await;
    let list = app.get("/api/v1/segments", &cookie).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.json);
    let ready: Vec<&serde_json::Value> = list
        .json
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["ready_made"].as_bool() == Some(true))
        .collect();
    assert!(!ready.is_empty());
    for segment in ready {
        let id = segment["id"].as_i64().unwrap();
        let history = app
            .get(&format!("/api/v1/segments/{id}/history"), &cookie)
            .await;
        let points = history.json.as_array().unwrap();
        assert_eq!(points.len(), 1, "segment {id}: {}", history.json);
        assert_eq!(points[0][1], segment["last_size"], "segment {id}");
    }
}

on_both!(
    live_count_adds_up,
    saved_segments_have_versions_history_and_guards,
    ready_made_history_starts_with_a_real_count
);
