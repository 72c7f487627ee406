//! Branch data separation (OWASP API1): agents and marketers see their
//! branch, managers their province, head office everyone, administrators no
//! customer. Out-of-scope ids answer 404 like missing ones, and every
//! customer-owned route of the OpenAPI document is checked here: a new one
//! without an entry in `object_of` fails the test.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use serde_json::{Value, json};

/// The objects one branch agent may and may not reach.
struct Fixture {
    /// The agent's branch.
    branch: i64,
    /// A customer of that branch, with a card and a ticket.
    own: Objects,
    /// A customer of a branch in another province, with a card and a ticket.
    other: Objects,
}

struct Objects {
    customer: i64,
    card: i64,
    ticket: i64,
}

async fn objects(app: &TestApp, customer_in: &str) -> Objects {
    let customer = app
        .scalar(&format!(
            "SELECT MIN(c.id) FROM customers c WHERE {customer_in} \
             AND EXISTS (SELECT 1 FROM cards k WHERE k.customer_id = c.id AND k.status = 'active')"
        ))
        .await;
    let card = app
        .scalar(&format!(
            "SELECT MIN(id) FROM cards WHERE customer_id = {customer} AND status = 'active'"
        ))
        .await;
    let ticket = app
        .scalar(&format!(
            "SELECT COALESCE(MIN(id), 0) FROM tickets WHERE customer_id = {customer}"
        ))
        .await;
    Objects {
        customer,
        card,
        ticket,
    }
}

async fn fixture(app: &TestApp, agent: &str) -> Fixture {
    let branch = app
        .scalar(&format!(
            "SELECT branch_id FROM users WHERE username = '{agent}'"
        ))
        .await;
    let own = objects(app, &format!("c.branch_id = {branch}")).await;
    let other = objects(
        app,
        &format!(
            "c.branch_id IN (SELECT id FROM branches WHERE province <> \
             (SELECT province FROM branches WHERE id = {branch}) AND province <> \
             (SELECT b.province FROM users u JOIN branches b ON b.id = u.branch_id WHERE u.username = 'manager2'))"
        ),
    )
    .await;
    Fixture { branch, own, other }
}

/// Makes sure both customers have a ticket (the seed may not have given one).
async fn with_tickets(app: &TestApp, f: &mut Fixture) {
    let hq = app.sign_in("agent").await;
    for o in [&mut f.own, &mut f.other] {
        if o.ticket == 0 {
            let r = app
                .call(
                    Method::POST,
                    "/api/v1/tickets",
                    Some(json!({"customer_id": o.customer, "kind": "inquiry",
                                "channel": "phone", "subject": "范围测试"})),
                    Some(&hq),
                )
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
            o.ticket = r.json["ticket"]["id"].as_i64().unwrap();
        }
    }
}

/// Which object a customer-owned route's `{id}` names, or `None` when the
/// route is not customer-owned. Every templated route under these prefixes
/// must be listed.
fn object_of(method: &str, template: &str) -> Option<&'static str> {
    match (method, template) {
        (
            "get",
            "/api/v1/customers/{id}"
            | "/api/v1/customers/{id}/transactions"
            | "/api/v1/customers/{id}/statements"
            | "/api/v1/customers/{id}/payments"
            | "/api/v1/customers/{id}/points"
            | "/api/v1/customers/{id}/installments"
            | "/api/v1/customers/{id}/interactions"
            | "/api/v1/customers/{id}/surveys"
            | "/api/v1/customers/{id}/campaigns"
            | "/api/v1/customers/{id}/tickets",
        )
        | (
            "post",
            "/api/v1/customers/{id}/national-id" | "/api/v1/customers/{id}/points-adjustments",
        ) => Some("customer"),
        (
            "post",
            "/api/v1/cards/{id}/lock"
            | "/api/v1/cards/{id}/unlock"
            | "/api/v1/cards/{id}/report-lost"
            | "/api/v1/cards/{id}/replace",
        ) => Some("card"),
        ("get", "/api/v1/tickets/{id}")
        | (
            "post",
            "/api/v1/tickets/{id}/status"
            | "/api/v1/tickets/{id}/assign"
            | "/api/v1/tickets/{id}/comments",
        ) => Some("ticket"),
        ("post", "/api/v1/follow-ups/{id}/close") => Some("follow_up"),
        (
            "post",
            "/api/v1/points-adjustments/{id}/approve" | "/api/v1/points-adjustments/{id}/reject",
        ) => Some("points_request"),
        _ => None,
    }
}

fn body_for(method: &str, template: &str) -> Option<Value> {
    if method == "get" {
        return None;
    }
    Some(match template {
        t if t.ends_with("/national-id") => json!({"reason": "客户来电核实身份"}),
        t if t.ends_with("/points-adjustments") => json!({"points": 10, "reason": "服务补偿"}),
        t if t.starts_with("/api/v1/cards/") => json!({}),
        t if t.ends_with("/status") => json!({"version": 1, "status": "in_progress"}),
        t if t.ends_with("/assign") => json!({"version": 1, "assignee_id": null}),
        t if t.ends_with("/comments") => json!({"body": "处理中", "public": false}),
        t if t.starts_with("/api/v1/points-adjustments/") => json!({"version": 1, "comment": "ok"}),
        _ => json!({"version": 1, "note": "已回访"}),
    })
}

/// Every customer-owned route answers 404 for another province's object,
/// for a branch agent and a regional manager alike, and changes nothing.
async fn out_of_scope_ids_are_404_on_every_route(app: &TestApp) {
    let mut f = fixture(app, "agent2").await;
    with_tickets(app, &mut f).await;
    let other_follow_up = app
        .scalar(&format!(
            "SELECT COALESCE(MIN(id), 0) FROM follow_up_tasks WHERE branch_id IN \
             (SELECT branch_id FROM customers WHERE id = {})",
            f.other.customer
        ))
        .await;
    // a large adjustment for the other customer, asked for at head office
    let hq = app.sign_in("agent").await;
    let asked = app
        .call_with(
            Method::POST,
            &format!("/api/v1/customers/{}/points-adjustments", f.other.customer),
            Some(json!({"points": 20_000, "reason": "范围测试"}).to_string()),
            Some(&hq),
            &[("Idempotency-Key", "scope-request")],
        )
        .await;
    assert_eq!(asked.status, StatusCode::ACCEPTED, "{}", asked.json);
    let other_request = asked.json["pending_request_id"].as_i64().unwrap();
    let agent = app.sign_in("agent2").await;
    let manager = app.sign_in("manager2").await;
    let doc = app.get("/api/v1/openapi.json", &agent).await.json;
    let before = app.scalar("SELECT COUNT(*) FROM audit_log").await;
    let cards_before = app
        .scalar("SELECT COUNT(*) FROM cards WHERE status = 'active'")
        .await;
    let mut checked = 0;
    for (template, ops) in doc["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            let owned = [
                "/api/v1/customers/{",
                "/api/v1/cards/{",
                "/api/v1/tickets/{",
                "/api/v1/follow-ups/{",
            ]
            .iter()
            .any(|p| template.starts_with(p));
            let Some(kind) = object_of(method, template) else {
                assert!(
                    !owned,
                    "{method} {template}: add it to object_of (is it scoped?)"
                );
                continue;
            };
            let id = match kind {
                "customer" => f.other.customer,
                "card" => f.other.card,
                "ticket" => f.other.ticket,
                "points_request" => other_request,
                _ => other_follow_up,
            };
            if id == 0 {
                continue;
            }
            let path = template.replace("{id}", &id.to_string());
            let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            for cookie in [&agent, &manager] {
                let r = app
                    .call_with(
                        m.clone(),
                        &path,
                        body_for(method, template).map(|b| b.to_string()),
                        Some(cookie),
                        &[("Idempotency-Key", &format!("scope-{method}-{path}"))],
                    )
                    .await;
                // a route a role may not use at all is 403 before any lookup
                if r.status == StatusCode::FORBIDDEN {
                    continue;
                }
                assert_eq!(
                    r.status,
                    StatusCode::NOT_FOUND,
                    "{method} {path}: {}",
                    r.json
                );
                assert_eq!(r.code(), "not_found");
                checked += 1;
            }
        }
    }
    assert!(checked >= 20, "only {checked} out-of-scope calls checked");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM cards WHERE status = 'active'")
            .await,
        cards_before,
        "no card changed"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log").await,
        before,
        "a refused read is not a read"
    );

    // the same routes work on the agent's own customer
    for path in [
        format!("/api/v1/customers/{}", f.own.customer),
        format!("/api/v1/customers/{}/statements", f.own.customer),
        format!("/api/v1/tickets/{}", f.own.ticket),
    ] {
        let r = app.get(&path, &agent).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.json);
    }
    let r = app
        .call_with(
            Method::POST,
            &format!("/api/v1/cards/{}/lock", f.own.card),
            Some("{}".into()),
            Some(&agent),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    // and each read of the 360 or a tab is in the audit log with its customer
    let reads = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE customer_id = {} AND action IN \
             ('customer.view_360', 'customer.view_statements', 'ticket.view')",
            f.own.customer
        ))
        .await;
    assert_eq!(reads, 3);
    assert!(f.branch > 0);
}

/// Lists, search, counts and exports hold only the user's customers.
async fn lists_counts_and_exports_apply_the_scope(app: &TestApp) {
    let f = fixture(app, "agent2").await;
    let in_branch = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM customers WHERE branch_id = {}",
            f.branch
        ))
        .await;
    let all = app.scalar("SELECT COUNT(*) FROM customers").await;
    assert!(in_branch > 0 && in_branch < all);
    let agent = app.sign_in("agent2").await;
    let r = app.get("/api/v1/customers?per_page=100", &agent).await;
    assert_eq!(r.json["total"].as_i64().unwrap(), in_branch);
    let hq = app.sign_in("agent").await;
    let r = app.get("/api/v1/customers?per_page=1", &hq).await;
    assert_eq!(
        r.json["total"].as_i64().unwrap(),
        all,
        "head office sees all"
    );
    let (status, csv) = app.get_text("/api/v1/customers.csv", &agent).await;
    assert_eq!(status, StatusCode::OK);
    let rows = csv.lines().count() as i64 - 1;
    assert_eq!(rows, in_branch, "the export holds the branch only");

    // tickets: every queue holds only the branch's customers
    let r = app
        .get(
            "/api/v1/tickets?view=all&all_statuses=true&per_page=100",
            &agent,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    let expected = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE c.branch_id = {}",
            f.branch
        ))
        .await;
    assert_eq!(r.json["total"].as_i64().unwrap(), expected);

    // a marketer at the branch counts and exports the branch only
    let marketer = app.new_staff("scope.marketer", "marketer", f.branch).await;
    let rules = json!({"type": "group", "logic": "and", "rules": [
        {"type": "condition", "field": {"name": "age"}, "op": "lt", "value": {"number": 130.0}}
    ]});
    let r = app
        .call(
            Method::POST,
            "/api/v1/segments/count",
            Some(json!({"rules": rules})),
            Some(&marketer),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.json["total"].as_i64().unwrap(), in_branch);
    let hq = app.sign_in("marketer").await;
    let r = app
        .call(
            Method::POST,
            "/api/v1/segments/count",
            Some(json!({"rules": rules})),
            Some(&hq),
        )
        .await;
    assert_eq!(r.json["total"].as_i64().unwrap(), all);

    // a regional manager: the province's branches, and only that province's dashboard
    let manager = app.sign_in("manager2").await;
    let in_region = app
        .scalar(
            "SELECT COUNT(*) FROM customers WHERE branch_id IN (SELECT id FROM branches WHERE province = \
             (SELECT b.province FROM users u JOIN branches b ON b.id = u.branch_id WHERE u.username = 'manager2'))",
        )
        .await;
    let r = app.get("/api/v1/customers?per_page=1", &manager).await;
    assert_eq!(r.json["total"].as_i64().unwrap(), in_region);
    let (home_province, other_province): (String, String) = {
        let r = app
            .get("/api/v1/branches", &app.sign_in("admin").await)
            .await;
        let home = app
            .scalar("SELECT branch_id FROM users WHERE username = 'manager2'")
            .await;
        let list = r.json.as_array().unwrap();
        let home_province = list
            .iter()
            .find(|b| b["id"].as_i64() == Some(home))
            .unwrap()["province"]
            .as_str()
            .unwrap()
            .to_owned();
        let other = list
            .iter()
            .map(|b| b["province"].as_str().unwrap().to_owned())
            .find(|p| *p != home_province)
            .unwrap();
        (home_province, other)
    };
    let r = app
        .get(
            &format!("/api/v1/dashboard/satisfaction?province={other_province}"),
            &manager,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.json);
    assert!(r.json["error"]["fields"]["province"].is_string());
    let mut seen = 0;
    for metric in [
        "responses",
        "detractors",
        "delinquent",
        "dormant",
        "new_cards",
    ] {
        let r = app
            .get(
                &format!("/api/v1/dashboard/drill?metric={metric}&per_page=100&from=2024-01"),
                &manager,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.json);
        for row in r.json["items"].as_array().unwrap() {
            assert_eq!(
                row["province"].as_str(),
                Some(home_province.as_str()),
                "{row}"
            );
            seen += 1;
        }
    }
    assert!(seen > 0, "the drill-downs found nobody in the region");
}

on_both!(
    out_of_scope_ids_are_404_on_every_route,
    lists_counts_and_exports_apply_the_scope,
);
