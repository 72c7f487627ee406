//! Service tickets: SLA due times by kind and tier, the status machine with
//! its history, first response and resolution feeding the service KPIs, the
//! survey after closing, queues sorted by SLA risk, and a cardholder who
//! reaches only their own requests.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use serde_json::{Value, json};

/// A customer whose highest open-card tier is `tier`.
async fn customer_with_tier(app: &TestApp, tier: &str) -> Option<i64> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT k.customer_id, p.tier FROM cards k JOIN card_products p ON p.id = k.product_id \
         WHERE k.status <> 'closed' ORDER BY k.customer_id",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let rank = |t: &str| {
        ["standard", "gold", "platinum", "diamond"]
            .iter()
            .position(|x| *x == t)
    };
    let mut best: std::collections::BTreeMap<i64, usize> = Default::default();
    for (c, t) in &rows {
        let r = rank(t).unwrap();
        let e = best.entry(*c).or_insert(r);
        *e = (*e).max(r);
    }
    best.into_iter()
        .find(|(_, r)| Some(*r) == rank(tier))
        .map(|(c, _)| c)
}

async fn open_ticket(app: &TestApp, cookie: &str, customer: i64, kind: &str) -> Value {
    let r = app
        .call(
            Method::POST,
            "/api/v1/tickets",
            Some(
                json!({"customer_id": customer, "kind": kind, "channel": "phone",
                        "subject": "客户来电", "body": "请尽快处理"}),
            ),
            Some(cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    r.json
}

async fn sla_due_times_follow_kind_and_tier(app: &TestApp) {
    let agent = app.sign_in("agent").await;
    // (kind, first response, resolution) for standard and gold cards
    let table = [
        ("card_lost", 900, 4 * 3600),
        ("complaint", 3600, 3 * 86_400),
        ("dispute", 4 * 3600, 7 * 86_400),
        ("inquiry", 2 * 3600, 86_400),
        ("installment_request", 2 * 3600, 86_400),
        ("limit_request", 4 * 3600, 2 * 86_400),
        ("points_issue", 4 * 3600, 2 * 86_400),
    ];
    let mut checked = 0;
    for (tier, divisor) in [
        ("standard", 1),
        ("gold", 1),
        ("platinum", 2),
        ("diamond", 4),
    ] {
        let Some(customer) = customer_with_tier(app, tier).await else {
            continue;
        };
        for (kind, first, resolve) in table {
            let t = open_ticket(app, &agent, customer, kind).await;
            let created = t["ticket"]["created_at"].as_i64().unwrap();
            assert_eq!(t["ticket"]["tier"], tier);
            assert_eq!(
                t["ticket"]["first_response_due_at"].as_i64().unwrap() - created,
                first / divisor,
                "{tier} {kind} first response"
            );
            assert_eq!(
                t["ticket"]["resolution_due_at"].as_i64().unwrap() - created,
                resolve / divisor,
                "{tier} {kind} resolution"
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 14,
        "at least two tiers in the demo data ({checked})"
    );
}

async fn a_ticket_moves_through_its_life_with_a_history(app: &TestApp) {
    let agent = app.sign_in("agent").await;
    let t = open_ticket(app, &agent, 1, "card_lost").await;
    let id = t["ticket"]["id"].as_i64().unwrap();
    assert_eq!(t["ticket"]["status"], "new");
    assert_eq!(t["ticket"]["queue"], "cards");
    // unassigned: in the team queue, not in "mine"
    let team = app
        .get("/api/v1/tickets?view=team&queue=cards", &agent)
        .await;
    assert!(
        team.json["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["id"] == id)
    );
    let mine = app.get("/api/v1/tickets?view=mine", &agent).await;
    assert!(
        mine.json["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["id"] != id)
    );
    let me: i64 = app
        .scalar("SELECT id FROM users WHERE username = 'agent'")
        .await;
    let path = |what: &str| format!("/api/v1/tickets/{id}/{what}");
    let r = app
        .call(
            Method::POST,
            &path("assign"),
            Some(json!({"version": 1, "assignee_id": me})),
            Some(&agent),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    let mine = app.get("/api/v1/tickets?view=mine", &agent).await;
    assert!(
        mine.json["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["id"] == id)
    );
    // assigning to a cardholder is refused
    let bad = app
        .call(
            Method::POST,
            &path("assign"),
            Some(json!({"version": 2, "assignee_id": 999_999})),
            Some(&agent),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    // a move the machine does not allow; a stale version
    let r = app
        .call(
            Method::POST,
            &path("status"),
            Some(json!({"version": 2, "status": "closed"})),
            Some(&agent),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let r = app
        .call(
            Method::POST,
            &path("status"),
            Some(json!({"version": 1, "status": "in_progress"})),
            Some(&agent),
        )
        .await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED);
    // an internal note is no response; a reply is the first response
    let r = app
        .call(
            Method::POST,
            &path("comments"),
            Some(json!({"body": "已核实身份", "visible_to_customer": false})),
            Some(&agent),
        )
        .await;
    assert!(r.json["ticket"]["first_responded_at"].is_null());
    let r = app
        .call(Method::POST, &path("comments"), Some(json!({"body": "您的卡已挂失，新卡将在 5 个工作日内寄出。", "visible_to_customer": true})), Some(&agent))
        .await;
    assert!(r.json["ticket"]["first_responded_at"].is_i64());
    let interaction: i64 = app
        .scalar(&format!(
            "SELECT interaction_id FROM tickets WHERE id = {id}"
        ))
        .await;
    let first_secs: i64 = app
        .scalar(&format!(
            "SELECT first_response_secs FROM service_interactions WHERE id = {interaction}"
        ))
        .await;
    assert!(first_secs >= 0);
    let v = r.json["ticket"]["version"].as_i64().unwrap();
    let r = app
        .call(
            Method::POST,
            &path("status"),
            Some(json!({"version": v, "status": "waiting_customer"})),
            Some(&agent),
        )
        .await;
    assert_eq!(r.json["ticket"]["status"], "waiting_customer");

    // the cardholder sees replies, not notes, and answering puts it back in progress
    let holder = app.sign_in("cardholder").await;
    let mine = app.get(&format!("/api/v1/me/tickets/{id}"), &holder).await;
    assert_eq!(mine.status, StatusCode::OK);
    let bodies: Vec<&str> = mine.json["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["body"].as_str())
        .collect();
    assert!(bodies.iter().any(|b| b.contains("新卡")));
    assert!(
        !bodies.iter().any(|b| b.contains("核实身份")),
        "internal notes stay internal"
    );
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/me/tickets/{id}/replies"),
            Some(json!({"body": "好的，谢谢"})),
            Some(&holder),
        )
        .await;
    assert_eq!(r.json["ticket"]["status"], "in_progress");

    // resolve and close: the interaction is resolved and the survey is on its way
    let v = r.json["ticket"]["version"].as_i64().unwrap();
    let r = app
        .call(
            Method::POST,
            &path("status"),
            Some(json!({"version": v, "status": "resolved", "note": "补卡已寄出"})),
            Some(&agent),
        )
        .await;
    assert_eq!(r.json["ticket"]["status"], "resolved");
    let outcome: String =
        sqlx::query_scalar("SELECT outcome FROM service_interactions WHERE id = $1")
            .bind(interaction)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(outcome, "resolved");
    let v = r.json["ticket"]["version"].as_i64().unwrap();
    let r = app
        .call(
            Method::POST,
            &path("status"),
            Some(json!({"version": v, "status": "closed"})),
            Some(&agent),
        )
        .await;
    assert_eq!(r.json["ticket"]["status"], "closed");
    let invited: i64 = app
        .scalar(&format!("SELECT COUNT(*) FROM survey_invitations WHERE interaction_id = {interaction} AND survey = 'service_csat'"))
        .await;
    let dnd: i64 = app
        .scalar("SELECT do_not_disturb FROM customers WHERE id = 1")
        .await;
    assert_eq!(invited, 1 - dnd);
    // the customer cannot reply to a closed ticket; staff can reopen it
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/me/tickets/{id}/replies"),
            Some(json!({"body": "还有问题"})),
            Some(&holder),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let v = app.get(&format!("/api/v1/tickets/{id}"), &agent).await.json["ticket"]["version"]
        .as_i64()
        .unwrap();
    let r = app
        .call(
            Method::POST,
            &path("status"),
            Some(json!({"version": v, "status": "in_progress"})),
            Some(&agent),
        )
        .await;
    assert_eq!(r.json["ticket"]["status"], "in_progress");
    assert!(r.json["ticket"]["closed_at"].is_null());

    // every change is in the history, in order
    let kinds: Vec<String> = r.json["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        kinds,
        [
            "created", "assigned", "note", "reply", "status", "reply", "status", "status", "note",
            "status", "status"
        ]
    );
}

async fn queues_put_the_riskiest_first(app: &TestApp) {
    let agent = app.sign_in("agent").await;
    let a = open_ticket(app, &agent, 2, "inquiry").await["ticket"]["id"]
        .as_i64()
        .unwrap();
    let b = open_ticket(app, &agent, 3, "inquiry").await["ticket"]["id"]
        .as_i64()
        .unwrap();
    // b was opened long ago: its first response is overdue
    sqlx::query("UPDATE tickets SET created_at = created_at - 90000, first_response_due_at = first_response_due_at - 90000, resolution_due_at = resolution_due_at - 90000 WHERE id = $1")
        .bind(b)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let team = app
        .get("/api/v1/tickets?view=team&queue=general", &agent)
        .await;
    let items = team.json["items"].as_array().unwrap();
    let pos = |id: i64| items.iter().position(|x| x["id"] == id).unwrap();
    assert!(pos(b) < pos(a));
    assert_eq!(items[pos(b)]["overdue"], true);
    assert_eq!(items[pos(a)]["overdue"], false);
}

async fn a_cardholder_reaches_only_their_own_requests(app: &TestApp) {
    let holder = app.sign_in("cardholder").await;
    let r = app
        .call(Method::POST, "/api/v1/me/tickets", Some(json!({"kind": "complaint", "subject": "年费扣款有疑问", "body": "为什么扣了年费？", "customer_id": 2, "channel": "phone"})), Some(&holder))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    assert_eq!(
        r.json["ticket"]["customer_id"], 1,
        "the session decides the customer"
    );
    assert_eq!(r.json["ticket"]["channel"], "app");
    let bad = app
        .call(
            Method::POST,
            "/api/v1/me/tickets",
            Some(json!({"kind": "complaint", "subject": " "})),
            Some(&holder),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let other_card: i64 = app
        .scalar("SELECT MIN(id) FROM cards WHERE customer_id = 2")
        .await;
    let bad = app
        .call(
            Method::POST,
            "/api/v1/me/tickets",
            Some(json!({"kind": "card_lost", "subject": "卡丢了", "card_id": other_card})),
            Some(&holder),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let agent = app.sign_in("agent").await;
    let theirs = open_ticket(app, &agent, 2, "inquiry").await["ticket"]["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        app.get(&format!("/api/v1/me/tickets/{theirs}"), &holder)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/me/tickets/{theirs}/replies"),
            Some(json!({"body": "x"})),
            Some(&holder),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let list = app.get("/api/v1/me/tickets", &holder).await;
    assert!(
        list.json["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["customer_id"] == 1)
    );
    assert_eq!(
        app.get("/api/v1/tickets", &holder).await.status,
        StatusCode::FORBIDDEN
    );
    // the agent sees it in the customer's 360
    let r = app.get("/api/v1/customers/1/tickets", &agent).await;
    assert!(
        r.json["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["subject"] == "年费扣款有疑问")
    );
}

on_both!(
    sla_due_times_follow_kind_and_tier,
    a_ticket_moves_through_its_life_with_a_history,
    queues_put_the_riskiest_first,
    a_cardholder_reaches_only_their_own_requests,
);
