//! The API suite: sign-in, sessions, roles × routes, cardholder isolation,
//! validation, the error body, search and the 360 — on SQLite and PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::{Method, StatusCode};
use common::{TestApp, session_cookie};
use serde_json::{Value, json};

const ROLES: [&str; 5] = ["admin", "manager", "marketer", "agent", "cardholder"];
const STAFF: &[&str] = &["manager", "marketer", "agent"];
const MARKETING: &[&str] = &["manager", "marketer"];

/// A valid body for a route that takes one.
fn body_for(method: &Method, path: &str) -> Option<Value> {
    let rules = json!({"type": "group", "logic": "and", "rules": [
        {"type": "condition", "field": {"name": "age"}, "op": "lt", "value": {"number": 30.0}}
    ]});
    match (method.as_str(), path) {
        ("POST", p) if p.ends_with("/national-id") => Some(json!({"reason": "客户来电核实身份"})),
        ("POST", "/api/v1/segments/count") => Some(json!({"rules": rules})),
        ("PUT", "/api/v1/me/consent") => Some(json!({"version": 1, "consent": {
            "sms": true, "app_push": true, "wechat": true, "email": false,
            "outbound_call": false, "do_not_disturb": false}})),
        ("PUT", "/api/v1/session/password") => Some(json!({
            "current_password": crm_server::seed::DEMO_PASSWORD,
            "new_password": "tide-lantern-quartz-9"})),
        ("POST", "/api/v1/users") => Some(json!({
            "username": "matrix.user", "display_name": "矩阵", "role": "agent", "branch_id": 1})),
        ("PATCH", p) if p.starts_with("/api/v1/users/") => Some(json!({
            "display_name": "矩阵", "role": "agent", "branch_id": 1, "active": true})),
        ("POST", "/api/v1/segments") | ("PUT", _) => {
            Some(json!({"name": "测试客群", "rules": rules, "version": 1}))
        }
        ("POST", "/api/v1/campaigns") => Some(json!({"name": "测试活动"})),
        ("POST", "/api/v1/survey-responses") => {
            Some(json!({"customer_id": 1, "survey": "relationship", "nps": 9, "channel": "phone"}))
        }
        ("POST", "/api/v1/me/survey-responses") => {
            Some(json!({"survey": "service_csat", "csat": 5, "channel": "app"}))
        }
        ("POST", p) if p.starts_with("/api/v1/cards/") => Some(json!({})),
        ("POST", p) if p.starts_with("/api/v1/points-adjustments/") => {
            Some(json!({"version": 1, "comment": "ok"}))
        }
        ("POST", p) if p.ends_with("/points-adjustments") => {
            Some(json!({"points": 10, "reason": "服务补偿"}))
        }
        ("POST", "/api/v1/me/redemptions") => Some(json!({"item": "voucher_coffee"})),
        ("POST", p) if p.starts_with("/api/v1/imports") => Some(json!("customer_no,name")),
        ("POST", "/api/v1/dashboard/exports") => Some(json!({"file": "cards.csv", "rows": 1})),
        ("POST", "/api/v1/import-mappings") => {
            Some(json!({"kind": "payments", "name": "core", "columns": [["Ref", "reference"]]}))
        }
        ("POST", "/api/v1/me/installments") => {
            Some(json!({"transaction_id": 999_990, "months": 3}))
        }
        ("POST", "/api/v1/tickets") => Some(
            json!({"customer_id": 1, "kind": "inquiry", "channel": "phone", "subject": "测试工单"}),
        ),
        ("POST", p) if p.starts_with("/api/v1/tickets/") => Some(
            json!({"version": 1, "status": "in_progress", "assignee_id": null, "body": "处理中"}),
        ),
        ("POST", "/api/v1/me/tickets") => Some(json!({"kind": "inquiry", "subject": "测试请求"})),
        ("POST", p) if p.starts_with("/api/v1/me/tickets/") => Some(json!({"body": "补充说明"})),
        ("POST", p) if p.starts_with("/api/v1/follow-ups/") => {
            Some(json!({"version": 1, "note": "已回访"}))
        }
        ("PATCH", _) => Some(json!({"version": 1, "draft": {"name": "测试活动"}})),
        ("POST", p) if p.starts_with("/api/v1/campaigns/") => {
            Some(json!({"version": 1, "comment": "ok"}))
        }
        _ => None,
    }
}

/// Every protected route: method, OpenAPI path, a concrete path, who may call it.
fn protected_routes() -> Vec<(Method, &'static str, &'static str, &'static [&'static str])> {
    vec![
        (
            Method::GET,
            "/api/v1/campaigns",
            "/api/v1/campaigns",
            MARKETING,
        ),
        (
            Method::POST,
            "/api/v1/campaigns",
            "/api/v1/campaigns",
            MARKETING,
        ),
        (
            Method::GET,
            "/api/v1/campaigns/{id}",
            "/api/v1/campaigns/999999",
            MARKETING,
        ),
        (
            Method::PATCH,
            "/api/v1/campaigns/{id}",
            "/api/v1/campaigns/999999",
            MARKETING,
        ),
        (
            Method::POST,
            "/api/v1/campaigns/{id}/submit",
            "/api/v1/campaigns/999999/submit",
            MARKETING,
        ),
        (
            Method::POST,
            "/api/v1/campaigns/{id}/approve",
            "/api/v1/campaigns/999999/approve",
            &["manager"],
        ),
        (
            Method::POST,
            "/api/v1/campaigns/{id}/reject",
            "/api/v1/campaigns/999999/reject",
            &["manager"],
        ),
        (
            Method::POST,
            "/api/v1/campaigns/{id}/launch",
            "/api/v1/campaigns/999999/launch",
            MARKETING,
        ),
        (
            Method::POST,
            "/api/v1/campaigns/{id}/cancel",
            "/api/v1/campaigns/999999/cancel",
            MARKETING,
        ),
        (
            Method::GET,
            "/api/v1/campaigns/{id}/preview",
            "/api/v1/campaigns/999999/preview",
            MARKETING,
        ),
        (
            Method::GET,
            "/api/v1/campaigns/{id}/results",
            "/api/v1/campaigns/999999/results",
            MARKETING,
        ),
        (
            Method::GET,
            "/api/v1/campaigns/{id}/deliveries",
            "/api/v1/campaigns/999999/deliveries",
            MARKETING,
        ),
        (
            Method::GET,
            "/api/v1/campaigns/{id}/results.csv",
            "/api/v1/campaigns/999999/results.csv",
            MARKETING,
        ),
        (
            Method::GET,
            "/api/v1/campaigns/{id}/contacts.csv",
            "/api/v1/campaigns/999999/contacts.csv",
            MARKETING,
        ),
        (
            Method::GET,
            "/api/v1/customers/{id}/campaigns",
            "/api/v1/customers/3/campaigns",
            STAFF,
        ),
        (
            Method::GET,
            "/api/v1/segments",
            "/api/v1/segments",
            MARKETING,
        ),
        (
            Method::POST,
            "/api/v1/segments",
            "/api/v1/segments",
            MARKETING,
        ),
        (
            Method::POST,
            "/api/v1/segments/count",
            "/api/v1/segments/count",
            MARKETING,
        ),
        (
            Method::GET,
            "/api/v1/segments/{id}",
            "/api/v1/segments/1",
            MARKETING,
        ),
        (
            Method::PUT,
            "/api/v1/segments/{id}",
            "/api/v1/segments/999999",
            MARKETING,
        ),
        (
            Method::DELETE,
            "/api/v1/segments/{id}",
            "/api/v1/segments/999999",
            MARKETING,
        ),
        (
            Method::POST,
            "/api/v1/segments/{id}/duplicate",
            "/api/v1/segments/1/duplicate",
            MARKETING,
        ),
        (
            Method::GET,
            "/api/v1/segments/{id}/history",
            "/api/v1/segments/1/history",
            MARKETING,
        ),
        (
            Method::GET,
            "/api/v1/customers/{id}/statements",
            "/api/v1/customers/3/statements",
            STAFF,
        ),
        (
            Method::GET,
            "/api/v1/customers/{id}/payments",
            "/api/v1/customers/3/payments",
            STAFF,
        ),
        (
            Method::GET,
            "/api/v1/customers/{id}/points",
            "/api/v1/customers/3/points",
            STAFF,
        ),
        (
            Method::GET,
            "/api/v1/customers/{id}/installments",
            "/api/v1/customers/3/installments",
            STAFF,
        ),
        (
            Method::GET,
            "/api/v1/customers/{id}/interactions",
            "/api/v1/customers/3/interactions",
            STAFF,
        ),
        (
            Method::GET,
            "/api/v1/customers/{id}/surveys",
            "/api/v1/customers/3/surveys",
            STAFF,
        ),
        (
            Method::POST,
            "/api/v1/customers/{id}/national-id",
            "/api/v1/customers/3/national-id",
            &["manager"],
        ),
        (Method::GET, "/api/v1/session", "/api/v1/session", &ROLES),
        (
            Method::GET,
            "/api/v1/customers",
            "/api/v1/customers?q=&page=1",
            STAFF,
        ),
        (
            Method::GET,
            "/api/v1/customers.csv",
            "/api/v1/customers.csv?q=C0",
            STAFF,
        ),
        (
            Method::POST,
            "/api/v1/dashboard/exports",
            "/api/v1/dashboard/exports",
            &["manager"],
        ),
        (
            Method::GET,
            "/api/v1/customers/{id}",
            "/api/v1/customers/3",
            STAFF,
        ),
        (
            Method::GET,
            "/api/v1/customers/{id}/transactions",
            "/api/v1/customers/3/transactions",
            STAFF,
        ),
        (
            Method::GET,
            "/api/v1/me/cards",
            "/api/v1/me/cards",
            &["cardholder"],
        ),
        (
            Method::GET,
            "/api/v1/me/cards/{id}",
            "/api/v1/me/cards/1",
            &["cardholder"],
        ),
        (
            Method::GET,
            "/api/v1/me/transactions",
            "/api/v1/me/transactions",
            &["cardholder"],
        ),
        (
            Method::GET,
            "/api/v1/me/points",
            "/api/v1/me/points",
            &["cardholder"],
        ),
        (Method::GET, "/api/v1/users", "/api/v1/users", &["admin"]),
        (Method::POST, "/api/v1/users", "/api/v1/users", &["admin"]),
        (
            Method::GET,
            "/api/v1/users/{id}",
            "/api/v1/users/999999",
            &["admin"],
        ),
        (
            Method::PATCH,
            "/api/v1/users/{id}",
            "/api/v1/users/999999",
            &["admin"],
        ),
        (
            Method::POST,
            "/api/v1/users/{id}/password-reset",
            "/api/v1/users/999999/password-reset",
            &["admin"],
        ),
        (
            Method::GET,
            "/api/v1/branches",
            "/api/v1/branches",
            &["admin"],
        ),
        (Method::GET, "/api/v1/audit", "/api/v1/audit", &["admin"]),
        (
            Method::GET,
            "/api/v1/audit.csv",
            "/api/v1/audit.csv",
            &["admin"],
        ),
        (
            Method::PUT,
            "/api/v1/session/password",
            "/api/v1/session/password",
            &ROLES,
        ),
        (
            Method::GET,
            "/api/v1/segments/{id}/members.csv",
            "/api/v1/segments/999999/members.csv",
            MARKETING,
        ),
        (
            Method::POST,
            "/api/v1/imports",
            "/api/v1/imports?kind=customers&dry_run=true&wait=true",
            &["admin"],
        ),
        (
            Method::GET,
            "/api/v1/imports",
            "/api/v1/imports",
            &["admin"],
        ),
        (
            Method::GET,
            "/api/v1/imports/{id}",
            "/api/v1/imports/999999",
            &["admin"],
        ),
        (
            Method::GET,
            "/api/v1/imports/{id}/problems.csv",
            "/api/v1/imports/999999/problems.csv",
            &["admin"],
        ),
        (
            Method::GET,
            "/api/v1/import-mappings",
            "/api/v1/import-mappings",
            &["admin"],
        ),
        (
            Method::POST,
            "/api/v1/import-mappings",
            "/api/v1/import-mappings",
            &["admin"],
        ),
        (
            Method::DELETE,
            "/api/v1/import-mappings/{id}",
            "/api/v1/import-mappings/999999",
            &["admin"],
        ),
        (Method::GET, "/api/v1/surveys", "/api/v1/surveys", &ROLES),
        (
            Method::GET,
            "/api/v1/me/consent",
            "/api/v1/me/consent",
            &["cardholder"],
        ),
        (
            Method::PUT,
            "/api/v1/me/consent",
            "/api/v1/me/consent",
            &["cardholder"],
        ),
        (
            Method::POST,
            "/api/v1/me/redemptions",
            "/api/v1/me/redemptions",
            &["cardholder"],
        ),
        (
            Method::GET,
            "/api/v1/me/home",
            "/api/v1/me/home",
            &["cardholder"],
        ),
        (
            Method::GET,
            "/api/v1/me/bills/cycles",
            "/api/v1/me/bills/cycles",
            &["cardholder"],
        ),
        (
            Method::GET,
            "/api/v1/me/bills",
            "/api/v1/me/bills?card=1&cycle=2026-10",
            &["cardholder"],
        ),
        (
            Method::GET,
            "/api/v1/me/bills.csv",
            "/api/v1/me/bills.csv?card=1&cycle=2026-10",
            &["cardholder"],
        ),
        (
            Method::GET,
            "/api/v1/me/installments",
            "/api/v1/me/installments",
            &["cardholder"],
        ),
        (
            Method::GET,
            "/api/v1/me/installments/quote",
            "/api/v1/me/installments/quote?transaction_id=999990&months=3",
            &["cardholder"],
        ),
        (
            Method::POST,
            "/api/v1/me/installments",
            "/api/v1/me/installments",
            &["cardholder"],
        ),
        (
            Method::GET,
            "/api/v1/me/installments/eligible",
            "/api/v1/me/installments/eligible",
            &["cardholder"],
        ),
        (
            Method::GET,
            "/api/v1/me/membership",
            "/api/v1/me/membership",
            &["cardholder"],
        ),
        (
            Method::GET,
            "/api/v1/me/articles",
            "/api/v1/me/articles",
            &["cardholder"],
        ),
        (
            Method::GET,
            "/api/v1/me/messages",
            "/api/v1/me/messages",
            &["cardholder"],
        ),
        (
            Method::POST,
            "/api/v1/me/messages/read",
            "/api/v1/me/messages/read",
            &["cardholder"],
        ),
        (
            Method::POST,
            "/api/v1/cards/{id}/lock",
            "/api/v1/cards/999999/lock",
            &["manager", "agent"],
        ),
        (
            Method::POST,
            "/api/v1/cards/{id}/unlock",
            "/api/v1/cards/999999/unlock",
            &["manager", "agent"],
        ),
        (
            Method::POST,
            "/api/v1/cards/{id}/report-lost",
            "/api/v1/cards/999999/report-lost",
            &["manager", "agent"],
        ),
        (
            Method::POST,
            "/api/v1/cards/{id}/replace",
            "/api/v1/cards/999999/replace",
            &["manager", "agent"],
        ),
        (
            Method::POST,
            "/api/v1/customers/{id}/points-adjustments",
            "/api/v1/customers/999999/points-adjustments",
            &["manager", "agent"],
        ),
        (
            Method::POST,
            "/api/v1/me/cards/{id}/lock",
            "/api/v1/me/cards/999999/lock",
            &["cardholder"],
        ),
        (
            Method::POST,
            "/api/v1/me/cards/{id}/unlock",
            "/api/v1/me/cards/999999/unlock",
            &["cardholder"],
        ),
        (
            Method::POST,
            "/api/v1/me/cards/{id}/report-lost",
            "/api/v1/me/cards/999999/report-lost",
            &["cardholder"],
        ),
        (
            Method::GET,
            "/api/v1/tickets",
            "/api/v1/tickets",
            &["manager", "agent"],
        ),
        (
            Method::POST,
            "/api/v1/tickets",
            "/api/v1/tickets",
            &["manager", "agent"],
        ),
        (
            Method::GET,
            "/api/v1/tickets/{id}",
            "/api/v1/tickets/999999",
            &["manager", "agent"],
        ),
        (
            Method::POST,
            "/api/v1/tickets/{id}/status",
            "/api/v1/tickets/999999/status",
            &["manager", "agent"],
        ),
        (
            Method::POST,
            "/api/v1/tickets/{id}/assign",
            "/api/v1/tickets/999999/assign",
            &["manager", "agent"],
        ),
        (
            Method::POST,
            "/api/v1/tickets/{id}/comments",
            "/api/v1/tickets/999999/comments",
            &["manager", "agent"],
        ),
        (
            Method::GET,
            "/api/v1/customers/{id}/tickets",
            "/api/v1/customers/1/tickets",
            STAFF,
        ),
        (
            Method::GET,
            "/api/v1/me/tickets",
            "/api/v1/me/tickets",
            &["cardholder"],
        ),
        (
            Method::POST,
            "/api/v1/me/tickets",
            "/api/v1/me/tickets",
            &["cardholder"],
        ),
        (
            Method::GET,
            "/api/v1/me/tickets/{id}",
            "/api/v1/me/tickets/999999",
            &["cardholder"],
        ),
        (
            Method::POST,
            "/api/v1/me/tickets/{id}/replies",
            "/api/v1/me/tickets/999999/replies",
            &["cardholder"],
        ),
        (
            Method::GET,
            "/api/v1/points-adjustments",
            "/api/v1/points-adjustments",
            &["manager"],
        ),
        (
            Method::POST,
            "/api/v1/points-adjustments/{id}/approve",
            "/api/v1/points-adjustments/999999/approve",
            &["manager"],
        ),
        (
            Method::POST,
            "/api/v1/points-adjustments/{id}/reject",
            "/api/v1/points-adjustments/999999/reject",
            &["manager"],
        ),
        (
            Method::POST,
            "/api/v1/survey-responses",
            "/api/v1/survey-responses",
            &["manager", "agent"],
        ),
        (
            Method::GET,
            "/api/v1/me/surveys",
            "/api/v1/me/surveys",
            &["cardholder"],
        ),
        (
            Method::POST,
            "/api/v1/me/survey-responses",
            "/api/v1/me/survey-responses",
            &["cardholder"],
        ),
        (
            Method::GET,
            "/api/v1/follow-ups",
            "/api/v1/follow-ups",
            &["manager", "agent"],
        ),
        (
            Method::POST,
            "/api/v1/follow-ups/{id}/close",
            "/api/v1/follow-ups/999999/close",
            &["manager", "agent"],
        ),
        (
            Method::GET,
            "/api/v1/dashboard/satisfaction",
            "/api/v1/dashboard/satisfaction",
            &["manager"],
        ),
        (
            Method::GET,
            "/api/v1/dashboard/cards",
            "/api/v1/dashboard/cards",
            &["manager"],
        ),
        (
            Method::GET,
            "/api/v1/dashboard/service",
            "/api/v1/dashboard/service",
            &["manager"],
        ),
        (
            Method::GET,
            "/api/v1/dashboard/comments",
            "/api/v1/dashboard/comments?q=%E7%A7%AF%E5%88%86",
            &["manager"],
        ),
        (
            Method::GET,
            "/api/v1/dashboard/drill",
            "/api/v1/dashboard/drill?metric=detractors",
            &["manager"],
        ),
    ]
}

/// Routes anyone may call.
const PUBLIC: &[(&str, &str)] = &[
    ("get", "/api/v1/health"),
    ("post", "/api/v1/session"),
    ("delete", "/api/v1/session"),
    ("get", "/api/v1/session/probe"),
];

async fn health(app: &TestApp) {
    let r = app.call(Method::GET, "/api/v1/health", None, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json["status"], "ok");
    let expected = match app.kind() {
        common::Kind::Sqlite => "sqlite",
        common::Kind::Postgres => "postgres",
    };
    assert_eq!(r.json["database"], expected);
}

async fn sign_in_sets_a_strict_http_only_cookie(app: &TestApp) {
    let r = app
        .call(
            Method::POST,
            "/api/v1/session",
            Some(json!({"username": "marketer", "password": "Cardinal@2026"})),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json["user"]["role"], "marketer");
    let raw = r
        .headers
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        raw.contains("HttpOnly") && raw.contains("SameSite=Strict") && raw.contains("Path=/"),
        "{raw}"
    );
    let cookie = session_cookie(&r.headers).unwrap();
    let me = app.get("/api/v1/session", &cookie).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json["user"]["username"], "marketer");
    assert!(me.json["expires_at"].as_i64().unwrap() > chrono::Utc::now().timestamp());
    // the database keeps only a hash of the token
    let token = cookie.trim_start_matches("cardinal_session=");
    let stored = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM sessions WHERE token_hash = '{token}'"
        ))
        .await;
    assert_eq!(stored, 0);
}

async fn wrong_password_and_unknown_user_look_the_same(app: &TestApp) {
    let wrong = app
        .call(
            Method::POST,
            "/api/v1/session",
            Some(json!({"username": "agent", "password": "nope"})),
            None,
        )
        .await;
    let unknown = app
        .call(
            Method::POST,
            "/api/v1/session",
            Some(json!({"username": "nobody", "password": "nope"})),
            None,
        )
        .await;
    for r in [&wrong, &unknown] {
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert_eq!(r.code(), "unauthenticated");
        assert!(session_cookie(&r.headers).is_none());
    }
    assert_eq!(
        wrong.json["error"]["message"],
        unknown.json["error"]["message"]
    );
    assert_eq!(wrong.json["error"]["message"], "用户名或密码不正确。");
}

async fn repeated_failures_are_rate_limited(app: &TestApp) {
    for _ in 0..5 {
        let r = app
            .call(
                Method::POST,
                "/api/v1/session",
                Some(json!({"username": "manager", "password": "bad"})),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    // even the right password is refused while the limit holds
    let r = app
        .call(
            Method::POST,
            "/api/v1/session",
            Some(json!({"username": "manager", "password": "Cardinal@2026"})),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.code(), "rate_limited");
    let wait: u64 = r
        .headers
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap();
    assert!(wait > 0 && wait <= 900);
    // other users are not affected
    app.sign_in("agent").await;
}

async fn sign_in_validation_names_the_fields(app: &TestApp) {
    let r = app
        .call(
            Method::POST,
            "/api/v1/session",
            Some(json!({"username": " ", "password": ""})),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.code(), "validation_failed");
    assert_eq!(r.json["error"]["fields"]["username"], "必填。");
    assert_eq!(r.json["error"]["fields"]["password"], "必填。");
    let en = app
        .call_with(
            Method::POST,
            "/api/v1/session",
            Some(r#"{"username":"","password":"x"}"#.into()),
            None,
            &[("accept-language", "en-US,en;q=0.9")],
        )
        .await;
    assert_eq!(en.json["error"]["fields"]["username"], "Required.");
    assert_eq!(
        en.json["error"]["message"],
        "Please check the marked fields."
    );
}

async fn malformed_requests_get_the_error_body(app: &TestApp) {
    let bad_json = app
        .call_with(
            Method::POST,
            "/api/v1/session",
            Some("{not json".into()),
            None,
            &[],
        )
        .await;
    assert_eq!(bad_json.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad_json.code(), "bad_request");
    let wrong_type = app
        .call_with(
            Method::POST,
            "/api/v1/session",
            Some(r#"{"username": 5, "password": "x"}"#.into()),
            None,
            &[],
        )
        .await;
    assert_eq!(wrong_type.status, StatusCode::UNPROCESSABLE_ENTITY);
    let no_type = app
        .call_with(
            Method::POST,
            "/api/v1/session",
            Some(r#"{"username":"a","password":"b"}"#.into()),
            None,
            &[("content-type", "text/plain")],
        )
        .await;
    assert_eq!(no_type.status, StatusCode::BAD_REQUEST);
    let cookie = app.sign_in("agent").await;
    let bad_query = app.get("/api/v1/customers?page=abc", &cookie).await;
    assert_eq!(bad_query.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad_query.code(), "bad_request");
    let unknown = app.get("/api/v1/no-such-thing", &cookie).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.code(), "not_found");
    let wrong_method = app
        .call(
            Method::PUT,
            "/api/v1/customers",
            Some(json!({})),
            Some(&cookie),
        )
        .await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(wrong_method.code(), "method_not_allowed");
    for r in [
        &bad_json,
        &wrong_type,
        &no_type,
        &bad_query,
        &unknown,
        &wrong_method,
    ] {
        assert!(
            r.json["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{}",
            r.json
        );
        assert!(r.json["error"]["fields"].is_object(), "{}", r.json);
    }
}

async fn no_or_bad_session_is_401(app: &TestApp) {
    for (method, _, path, _) in protected_routes() {
        let body = body_for(&method, path);
        let anonymous = app.call(method.clone(), path, body.clone(), None).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(anonymous.code(), "unauthenticated");
        let forged = app
            .call(method, path, body, Some("cardinal_session=forged-token"))
            .await;
        assert_eq!(forged.status, StatusCode::UNAUTHORIZED, "{path}");
    }
}

async fn session_probe_answers_null_when_signed_out(app: &TestApp) {
    let path = "/api/v1/session/probe";
    let anonymous = app.call(Method::GET, path, None, None).await;
    assert_eq!(anonymous.status, StatusCode::OK);
    assert!(anonymous.json.is_null(), "{}", anonymous.json);
    let forged = app
        .call(
            Method::GET,
            path,
            None,
            Some("cardinal_session=forged-token"),
        )
        .await;
    assert_eq!(forged.status, StatusCode::OK);
    assert!(forged.json.is_null(), "{}", forged.json);
    let cookie = app.sign_in("agent").await;
    let signed_in = app.get(path, &cookie).await;
    assert_eq!(signed_in.status, StatusCode::OK);
    assert_eq!(signed_in.json["user"]["username"], "agent");
}

async fn idle_and_absolute_expiry_end_the_session(app: &TestApp) {
    let idle = app.sign_in("agent").await;
    let absolute = app.sign_in("marketer").await;
    let idle_secs = app.state.config.session_idle_secs;
    sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - $1 WHERE user_id = (SELECT id FROM users WHERE username = 'agent')")
        .bind(idle_secs + 1)
        .execute(&app.db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE sessions SET expires_at = $1 WHERE user_id = (SELECT id FROM users WHERE username = 'marketer')")
        .bind(chrono::Utc::now().timestamp() - 1)
        .execute(&app.db.pool)
        .await
        .unwrap();
    for cookie in [&idle, &absolute] {
        let r = app.get("/api/v1/session", cookie).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    // expired sessions are deleted, not just refused
    assert_eq!(app.scalar("SELECT COUNT(*) FROM sessions").await, 0);
}

async fn sign_out_ends_the_session_on_the_server(app: &TestApp) {
    let cookie = app.sign_in("manager").await;
    let out = app
        .call(Method::DELETE, "/api/v1/session", None, Some(&cookie))
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let cleared = out
        .headers
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    // replaying the old cookie does not work
    assert_eq!(
        app.get("/api/v1/session", &cookie).await.status,
        StatusCode::UNAUTHORIZED
    );
    // signing out twice is harmless
    assert_eq!(
        app.call(Method::DELETE, "/api/v1/session", None, Some(&cookie))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
}

async fn every_role_on_every_route(app: &TestApp) {
    // a purchase the cardholder (customer 1) can convert to installments
    sqlx::query(
        "INSERT INTO transactions (id, customer_id, card_id, occurred_at, amount_fen, currency, merchant, category, channel) \
         SELECT 999990, 1, MIN(id), $1, 100000, 'CNY', 'probe', 'online_shopping', 'online' FROM cards \
         WHERE customer_id = 1 AND status = 'active'",
    )
    .bind(chrono::Utc::now().timestamp())
    .execute(&app.db.pool)
    .await
    .unwrap();
    let mut cookies = Vec::new();
    for role in ROLES {
        cookies.push((role, app.sign_in(role).await));
    }
    for (method, _, path, allowed) in protected_routes() {
        for (role, cookie) in &cookies {
            let body = body_for(&method, path).map(|b| b.to_string());
            // answers and other keyed POSTs need an idempotency key; a repeat is a 200
            let r = app
                .call_with(
                    method.clone(),
                    path,
                    body,
                    Some(cookie),
                    &[("Idempotency-Key", &format!("role-matrix {method} {path}"))],
                )
                .await;
            if !allowed.contains(role) {
                assert_eq!(r.status, StatusCode::FORBIDDEN, "{role} {method} {path}");
                assert_eq!(r.code(), "forbidden");
            } else if path.contains("999999") {
                // admitted, and told the record does not exist
                assert_eq!(
                    r.status,
                    StatusCode::NOT_FOUND,
                    "{role} {method} {path}: {}",
                    r.json
                );
            } else if method == Method::GET
                || path.ends_with("/count")
                || path.ends_with("/national-id")
            {
                assert_eq!(
                    r.status,
                    StatusCode::OK,
                    "{role} {method} {path}: {}",
                    r.json
                );
            } else {
                assert!(
                    r.status.is_success(),
                    "{role} {method} {path}: {} {}",
                    r.status,
                    r.json
                );
            }
        }
    }
}

/// The matrix above must name every route of the OpenAPI document, so a new
/// route cannot be added without deciding who may use it.
async fn role_matrix_covers_every_documented_route(app: &TestApp) {
    let doc = app
        .call(Method::GET, "/api/v1/openapi.json", None, None)
        .await;
    assert_eq!(doc.status, StatusCode::OK);
    let mut documented = Vec::new();
    for (path, item) in doc.json["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            documented.push(format!("{method} {path}"));
        }
    }
    let mut covered: Vec<String> = protected_routes()
        .into_iter()
        .map(|(m, template, _, _)| format!("{} {template}", m.as_str().to_lowercase()))
        .chain(PUBLIC.iter().map(|(m, p)| format!("{m} {p}")))
        .collect();
    documented.sort();
    covered.sort();
    assert_eq!(documented, covered);
}

async fn cardholder_reaches_only_their_own_data(app: &TestApp) {
    let cookie = app.sign_in("cardholder").await;
    let session = app.get("/api/v1/session", &cookie).await;
    let own: i64 = session.json["user"]["customer_id"].as_i64().unwrap();
    assert_eq!(own, 1);
    let cards = app.get("/api/v1/me/cards", &cookie).await;
    let ids: Vec<i64> = cards
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    let expected = app
        .scalar("SELECT COUNT(*) FROM cards WHERE customer_id = 1")
        .await;
    assert_eq!(ids.len() as i64, expected);
    for id in &ids {
        let owner = app
            .scalar(&format!("SELECT customer_id FROM cards WHERE id = {id}"))
            .await;
        assert_eq!(owner, own);
    }
    // another customer's card id answers 404, as if it did not exist
    let other = app
        .scalar("SELECT MIN(id) FROM cards WHERE customer_id = 2")
        .await;
    let r = app.get(&format!("/api/v1/me/cards/{other}"), &cookie).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // and staff routes are closed to cardholders
    assert_eq!(
        app.get("/api/v1/customers/2", &cookie).await.status,
        StatusCode::FORBIDDEN
    );
    // transactions are only their own
    let txs = app
        .get("/api/v1/me/transactions?per_page=100", &cookie)
        .await;
    let total = app
        .scalar("SELECT COUNT(*) FROM transactions WHERE customer_id = 1")
        .await;
    assert_eq!(txs.json["total"].as_i64().unwrap(), total);
    for t in txs.json["items"].as_array().unwrap() {
        assert!(ids.contains(&t["card_id"].as_i64().unwrap()));
    }
    let points = app.get("/api/v1/me/points", &cookie).await;
    let sum = app.scalar("SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM points_ledger WHERE customer_id = 1").await;
    assert_eq!(points.json["balance"].as_i64().unwrap(), sum);
}

async fn search_by_each_kind_of_term(app: &TestApp) {
    let cookie = app.sign_in("agent").await;
    let all = app.get("/api/v1/customers?per_page=10", &cookie).await;
    assert_eq!(
        all.json["total"].as_i64().unwrap(),
        i64::from(common::CUSTOMERS)
    );
    assert_eq!(all.json["items"].as_array().unwrap().len(), 10);
    let page4 = app
        .get("/api/v1/customers?per_page=10&page=4", &cookie)
        .await;
    assert_eq!(page4.json["items"].as_array().unwrap().len(), 10);
    assert_ne!(page4.json["items"][0]["id"], all.json["items"][0]["id"]);

    let row = sqlx::query_as::<_, (String, String, String)>(
        "SELECT name, mobile, customer_no FROM customers WHERE id = 5",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let by_no = app
        .get(
            &format!("/api/v1/customers?q={}", row.2.to_lowercase()),
            &cookie,
        )
        .await;
    assert_eq!(by_no.json["total"], 1);
    assert_eq!(by_no.json["items"][0]["id"], 5);
    let by_mobile = app
        .get(&format!("/api/v1/customers?q={}", row.1), &cookie)
        .await;
    assert!(
        by_mobile.json["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == 5)
    );
    assert_eq!(
        by_mobile.json["items"][0]["mobile_masked"]
            .as_str()
            .unwrap()
            .len(),
        11
    );
    assert!(
        by_mobile.json["items"][0]["mobile_masked"]
            .as_str()
            .unwrap()
            .contains("****")
    );
    let surname: String = row.0.chars().take(1).collect();
    let expected = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM customers WHERE name LIKE '{surname}%'"
        ))
        .await;
    let by_name = app
        .get(
            &format!("/api/v1/customers?q={}", urlencode(&surname)),
            &cookie,
        )
        .await;
    assert_eq!(by_name.json["total"].as_i64().unwrap(), expected);
    for c in by_name.json["items"].as_array().unwrap() {
        assert!(c["name"].as_str().unwrap().starts_with(&surname));
    }
    let last4: String =
        sqlx::query_scalar("SELECT pan_last4 FROM cards WHERE customer_id = 5 LIMIT 1")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let by_card = app
        .get(&format!("/api/v1/customers?q={last4}"), &cookie)
        .await;
    assert!(
        by_card.json["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == 5)
    );
    let none = app
        .get(
            "/api/v1/customers?q=%E4%B8%8D%E5%AD%98%E5%9C%A8%E7%9A%84%E4%BA%BA",
            &cookie,
        )
        .await;
    assert_eq!(none.json["total"], 0);
    // wildcards in the text are literal
    let wild = app.get("/api/v1/customers?q=%25", &cookie).await;
    assert_eq!(wild.json["total"], 0);
}

async fn search_validation(app: &TestApp) {
    let cookie = app.sign_in("agent").await;
    let r = app
        .get("/api/v1/customers?per_page=500&page=0", &cookie)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.json["error"]["fields"]["per_page"].is_string());
    assert!(r.json["error"]["fields"]["page"].is_string());
    let long = "x".repeat(51);
    let r = app
        .get(&format!("/api/v1/customers?q={long}"), &cookie)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn customer_360_matches_the_raw_rows(app: &TestApp) {
    let cookie = app.sign_in("marketer").await;
    let audits_before = app
        .scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'customer.view_360'")
        .await;
    for id in [1_i64, 7, 23] {
        let r = app.get(&format!("/api/v1/customers/{id}"), &cookie).await;
        assert_eq!(r.status, StatusCode::OK);
        let c = &r.json;
        assert_eq!(c["profile"]["id"], id);
        // identifiers are masked
        let nid = c["profile"]["national_id_masked"].as_str().unwrap();
        assert_eq!(nid.len(), 18);
        assert_eq!(&nid[3..14], "***********");
        let text = c.to_string();
        assert!(
            !text.contains("pan_token")
                && !text.contains("tok_")
                && !text.contains("national_id_hash")
        );
        for card in c["cards"].as_array().unwrap() {
            let pan = card["masked_pan"].as_str().unwrap();
            assert_eq!(pan.len(), 16);
            assert!(pan[..6].chars().all(|ch| ch.is_ascii_digit()));
            assert_eq!(&pan[6..12], "******");
            assert_eq!(&pan[12..], card["last4"].as_str().unwrap());
        }
        // 12 months, zero-filled, and totals equal the raw transactions
        let months = c["spend_by_month"].as_array().unwrap();
        assert_eq!(months.len(), 12);
        let month_sum: i64 = months
            .iter()
            .map(|m| m["spend"]["fen"].as_i64().unwrap())
            .sum();
        let cat_sum: i64 = c["spend_by_category"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["spend"]["fen"].as_i64().unwrap())
            .sum();
        assert_eq!(month_sum, c["spend_12m"]["fen"].as_i64().unwrap());
        assert_eq!(cat_sum, month_sum);
        let first = months[0]["month"].as_str().unwrap();
        let since = start_of_month_utc(first);
        let raw = app
            .scalar(&format!(
                "SELECT CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) FROM transactions \
                 WHERE customer_id = {id} AND occurred_at >= {since} AND category <> 'cash_advance'"
            ))
            .await;
        assert_eq!(month_sum, raw, "customer {id}");
        let points = app.scalar(&format!("SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM points_ledger WHERE customer_id = {id}")).await;
        assert_eq!(c["points_balance"].as_i64().unwrap(), points);
        let recent = c["recent_transactions"].as_array().unwrap();
        assert!(recent.len() <= 20);
        assert!(
            recent
                .windows(2)
                .all(|w| w[0]["occurred_at"].as_i64() >= w[1]["occurred_at"].as_i64())
        );
    }
    // every view is audit-logged
    let audits_after = app
        .scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'customer.view_360'")
        .await;
    assert_eq!(audits_after - audits_before, 3);
    let missing = app.get("/api/v1/customers/999999", &cookie).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.code(), "not_found");
}

async fn customer_transactions_page_through_everything(app: &TestApp) {
    let cookie = app.sign_in("agent").await;
    let total = app
        .scalar("SELECT COUNT(*) FROM transactions WHERE customer_id = 3")
        .await;
    let r = app
        .get("/api/v1/customers/3/transactions?per_page=100", &cookie)
        .await;
    assert_eq!(r.json["total"].as_i64().unwrap(), total);
    assert_eq!(
        r.json["items"].as_array().unwrap().len() as i64,
        total.min(100)
    );
    assert_eq!(
        app.get("/api/v1/customers/999999/transactions", &cookie)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

async fn admin_lists_users_without_password_hashes(app: &TestApp) {
    let cookie = app.sign_in("admin").await;
    let r = app.get("/api/v1/users?per_page=100", &cookie).await;
    let total = app.scalar("SELECT COUNT(*) FROM users").await;
    assert_eq!(r.json["total"].as_i64().unwrap(), total);
    assert!(!r.json.to_string().contains("argon2"));
    let first: &Value = &r.json["items"][0];
    assert_ne!(first["role"], "cardholder", "staff are listed first");
}

async fn insight_is_in_the_360_for_staff_only(app: &TestApp) {
    let cookie = app.sign_in("agent").await;
    let c = app.get("/api/v1/customers/1", &cookie).await.json;
    let insight = &c["insight"];
    assert!(insight.is_object(), "analytics ran in the harness");
    let p = insight["p_alive"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&p));
    for key in ["churn_band", "risk_band", "value_tier"] {
        assert!(
            ["low", "medium", "high"].contains(&insight[key].as_str().unwrap()),
            "{key}"
        );
    }
    assert!(insight["computed_at"].as_i64().unwrap() > 0);
    assert!(insight["models_fitted_at"].as_i64().unwrap() > 0);
    let stored = app
        .scalar("SELECT clv_12m_fen FROM customer_features WHERE customer_id = 1")
        .await;
    assert_eq!(insight["clv_12m"]["fen"].as_i64().unwrap(), stored);
    // preferences add up to the 12-month spend
    let channels: i64 = c["preferences"]["channels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["spend"]["fen"].as_i64().unwrap())
        .sum();
    assert_eq!(channels, c["spend_12m"]["fen"].as_i64().unwrap());
    let dayparts: i64 = c["preferences"]["dayparts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x[1].as_i64().unwrap())
        .sum();
    let months: i64 = c["spend_by_month"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["count"].as_i64().unwrap())
        .sum();
    assert_eq!(dayparts, months);
    // cardholders never see scores
    let holder = app.sign_in("cardholder").await;
    for path in [
        "/api/v1/me/cards",
        "/api/v1/me/transactions",
        "/api/v1/me/points",
        "/api/v1/session",
    ] {
        let text = app.get(path, &holder).await.json.to_string();
        for word in ["p_alive", "risk", "churn", "clv", "rfm", "insight"] {
            assert!(!text.contains(word), "{path} leaks {word}");
        }
    }
}

async fn sections_match_the_raw_rows(app: &TestApp) {
    let cookie = app.sign_in("agent").await;
    let id = 3;
    let statements = app
        .get(
            &format!("/api/v1/customers/{id}/statements?per_page=100"),
            &cookie,
        )
        .await
        .json;
    assert_eq!(
        statements["total"].as_i64().unwrap(),
        app.scalar(&format!(
            "SELECT COUNT(*) FROM statements WHERE customer_id = {id}"
        ))
        .await
    );
    let items = statements["items"].as_array().unwrap();
    assert!(
        items
            .windows(2)
            .all(|w| w[0]["cycle"].as_str() >= w[1]["cycle"].as_str())
    );
    for s in items {
        let new = s["new_balance"]["fen"].as_i64().unwrap();
        let paid = s["paid"]["fen"].as_i64().unwrap();
        match s["status"].as_str().unwrap() {
            "paid_in_full" => assert!(paid >= new),
            "overdue" => assert_eq!(paid, 0),
            "minimum" | "partial" => assert!(paid > 0 && paid < new),
            _ => {}
        }
    }
    let payments = app
        .get(&format!("/api/v1/customers/{id}/payments"), &cookie)
        .await
        .json;
    assert_eq!(
        payments["total"].as_i64().unwrap(),
        app.scalar(&format!(
            "SELECT COUNT(*) FROM payments WHERE customer_id = {id}"
        ))
        .await
    );
    let points = app
        .get(
            &format!("/api/v1/customers/{id}/points?per_page=5"),
            &cookie,
        )
        .await
        .json;
    let balance = app.scalar(&format!("SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM points_ledger WHERE customer_id = {id}")).await;
    assert_eq!(points["balance"].as_i64().unwrap(), balance);
    let held: i64 = points["expiring"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["points"].as_i64().unwrap())
        .sum();
    assert!(held <= balance.max(0));
    assert!(points["ledger"]["items"].as_array().unwrap().len() <= 5);
    let inst = app
        .get(
            &format!("/api/v1/customers/{id}/installments?per_page=100"),
            &cookie,
        )
        .await
        .json;
    assert!(
        inst["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["installment"] == true)
    );
    assert_eq!(
        inst["total"].as_i64().unwrap(),
        app.scalar(&format!(
            "SELECT COUNT(*) FROM transactions WHERE customer_id = {id} AND installment = 1"
        ))
        .await
    );
    let timeline = app
        .get(
            &format!("/api/v1/customers/{id}/interactions?per_page=100"),
            &cookie,
        )
        .await
        .json;
    assert_eq!(
        timeline["total"].as_i64().unwrap(),
        app.scalar(&format!(
            "SELECT COUNT(*) FROM service_interactions WHERE customer_id = {id}"
        ))
        .await
    );
    let surveys = app
        .get(
            &format!("/api/v1/customers/{id}/surveys?per_page=100"),
            &cookie,
        )
        .await
        .json;
    assert_eq!(
        surveys["total"].as_i64().unwrap(),
        app.scalar(&format!(
            "SELECT COUNT(*) FROM survey_responses WHERE customer_id = {id}"
        ))
        .await
    );
    for path in [
        "statements",
        "payments",
        "points",
        "installments",
        "interactions",
        "surveys",
    ] {
        assert_eq!(
            app.get(&format!("/api/v1/customers/999999/{path}"), &cookie)
                .await
                .status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}

async fn manager_reveals_a_national_id_with_a_reason_that_is_audited(app: &TestApp) {
    let manager = app.sign_in("manager").await;
    let masked =
        app.get("/api/v1/customers/4", &manager).await.json["profile"]["national_id_masked"]
            .as_str()
            .unwrap()
            .to_owned();
    let before = app
        .scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'customer.reveal_national_id'")
        .await;
    // no reason: refused, nothing logged
    let r = app
        .call(
            Method::POST,
            "/api/v1/customers/4/national-id",
            Some(json!({"reason": "  "})),
            Some(&manager),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.json["error"]["fields"]["reason"].is_string());
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'customer.reveal_national_id'")
            .await,
        before
    );
    let r = app
        .call(
            Method::POST,
            "/api/v1/customers/4/national-id",
            Some(json!({"reason": "客户来电核实身份"})),
            Some(&manager),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let full = r.json["national_id"].as_str().unwrap();
    assert_eq!(full.len(), 18);
    assert_eq!(&full[..3], &masked[..3]);
    assert_eq!(&full[14..], &masked[14..]);
    let logged = sqlx::query_as::<_, (i64, i64, String)>(
        "SELECT user_id, customer_id, detail FROM audit_log WHERE action = 'customer.reveal_national_id' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let manager_id = app
        .scalar("SELECT id FROM users WHERE username = 'manager'")
        .await;
    assert_eq!(logged, (manager_id, 4, "客户来电核实身份".to_owned()));
    // marketers and agents cannot
    for who in ["marketer", "agent"] {
        let cookie = app.sign_in(who).await;
        let r = app
            .call(
                Method::POST,
                "/api/v1/customers/4/national-id",
                Some(json!({"reason": "客户来电核实身份"})),
                Some(&cookie),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
}

async fn search_narrows_by_insight(app: &TestApp) {
    let cookie = app.sign_in("marketer").await;
    for (param, column) in [
        ("risk_band=high", "risk_band = 'high'"),
        ("rfm_segment=champions", "rfm_segment = 'champions'"),
        ("value_tier=high", "value_tier = 'high'"),
    ] {
        let r = app
            .get(&format!("/api/v1/customers?per_page=100&{param}"), &cookie)
            .await;
        assert_eq!(r.status, StatusCode::OK);
        let expected = app
            .scalar(&format!(
                "SELECT COUNT(*) FROM customer_features WHERE {column}"
            ))
            .await;
        assert_eq!(r.json["total"].as_i64().unwrap(), expected, "{param}");
    }
    assert_eq!(
        app.get("/api/v1/customers?risk_band=extreme", &cookie)
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

/// Unix time of Shanghai midnight on the first day of `YYYY-MM`.
fn start_of_month_utc(month: &str) -> i64 {
    let d = chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").unwrap();
    d.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp() - 8 * 3600
}

on_both!(
    health,
    sign_in_sets_a_strict_http_only_cookie,
    wrong_password_and_unknown_user_look_the_same,
    repeated_failures_are_rate_limited,
    sign_in_validation_names_the_fields,
    malformed_requests_get_the_error_body,
    no_or_bad_session_is_401,
    session_probe_answers_null_when_signed_out,
    idle_and_absolute_expiry_end_the_session,
    sign_out_ends_the_session_on_the_server,
    every_role_on_every_route,
    role_matrix_covers_every_documented_route,
    cardholder_reaches_only_their_own_data,
    search_by_each_kind_of_term,
    search_validation,
    customer_360_matches_the_raw_rows,
    customer_transactions_page_through_everything,
    admin_lists_users_without_password_hashes,
    insight_is_in_the_360_for_staff_only,
    sections_match_the_raw_rows,
    manager_reveals_a_national_id_with_a_reason_that_is_audited,
    search_narrows_by_insight,
);
