//! Campaigns end to end: maker–checker, the launch outbox, sending rules
//! (consent, quiet hours, frequency cap), crash safety, and measured results.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::{Method, StatusCode};
use common::{TestApp, now_for_tests};
use crm_server::db::campaigns as store;
use crm_server::domain::scope::Scope;
use crm_server::marketing::{Adapter, dispatch_due};
use serde_json::{Value, json};

/// Shanghai wall-clock time on the test day as Unix seconds.
fn at_hour(hour: i64) -> i64 {
    common::as_of()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp()
        - 8 * 3600
        + hour * 3600
}

fn complete_draft(segment: i64) -> Value {
    json!({
        "name": "网购返现",
        "segment_id": segment,
        "offer_kind": "category_discount",
        "offer": {"category": "online_shopping", "discount_pct": 5, "min_spend_fen": 20000},
        "valid_from": "2026-11-01",
        "valid_to": "2026-12-31",
        "budget_fen": 1_000_000,
        "channel": "sms",
        "template": "{name}您好，尾号{card_last4}的卡{offer}，{valid_to}前有效。",
        "quiet_hours": true,
        "cap_messages": 2,
        "cap_days": 7,
        "holdout_pct": 20,
        "attribution_days": 30
    })
}

async fn everyone_segment(app: &TestApp, cookie: &str) -> i64 {
    let r = app
        .call(Method::POST, "/api/v1/segments", Some(json!({"name": "全部客户", "rules": {"type": "group", "logic": "and", "rules": []}})), Some(cookie))
        .await;
    r.json["summary"]["id"].as_i64().unwrap()
}

/// Creates a complete campaign as `maker` and takes it to `approved` with the manager.
async fn approved(app: &TestApp, maker: &str) -> (i64, String) {
    let cookie = app.sign_in(maker).await;
    let segment = everyone_segment(app, &cookie).await;
    let created = app
        .call(
            Method::POST,
            "/api/v1/campaigns",
            Some(complete_draft(segment)),
            Some(&cookie),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.json);
    let id = created.json["id"].as_i64().unwrap();
    let submitted = app
        .call(
            Method::POST,
            &format!("/api/v1/campaigns/{id}/submit"),
            Some(json!({"version": 1})),
            Some(&cookie),
        )
        .await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.json);
    let manager = app.sign_in("manager").await;
    let version = submitted.json["version"].as_i64().unwrap();
    let ok = app
        .call(
            Method::POST,
            &format!("/api/v1/campaigns/{id}/approve"),
            Some(json!({"version": version, "comment": "同意"})),
            Some(&manager),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.json);
    (id, cookie)
}

async fn draft_to_launch_with_maker_checker(app: &TestApp) {
    let marketer = app.sign_in("marketer").await;
    let segment = everyone_segment(app, &marketer).await;
    // a draft needs only a name, and saves step by step
    let created = app
        .call(
            Method::POST,
            "/api/v1/campaigns",
            Some(json!({"name": "春节出行"})),
            Some(&marketer),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.json);
    assert_eq!(created.json["status"], "draft");
    let id = created.json["id"].as_i64().unwrap();
    let premature = app
        .call(
            Method::POST,
            &format!("/api/v1/campaigns/{id}/submit"),
            Some(json!({"version": 1})),
            Some(&marketer),
        )
        .await;
    assert_eq!(premature.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["segment_id", "offer_kind", "channel", "template"] {
        assert!(
            premature.json["error"]["fields"][field].is_string(),
            "{field}: {}",
            premature.json
        );
    }
    let saved = app
        .call(
            Method::PATCH,
            &format!("/api/v1/campaigns/{id}"),
            Some(json!({"version": 1, "draft": complete_draft(segment)})),
            Some(&marketer),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.json);
    assert_eq!(saved.json["version"], 2);
    let stale = app
        .call(
            Method::PATCH,
            &format!("/api/v1/campaigns/{id}"),
            Some(json!({"version": 1, "draft": complete_draft(segment)})),
            Some(&marketer),
        )
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    let bad_template = {
        let mut d = complete_draft(segment);
        d["template"] = json!("您好{nmae}");
        app.call(
            Method::PATCH,
            &format!("/api/v1/campaigns/{id}"),
            Some(json!({"version": 2, "draft": d})),
            Some(&marketer),
        )
        .await
    };
    assert_eq!(bad_template.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_template.json["error"]["fields"]["template"].is_string());
    // preview with a real customer, SMS length counted
    let preview = app
        .get(&format!("/api/v1/campaigns/{id}/preview"), &marketer)
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.json);
    let message = preview.json["message"].as_str().unwrap();
    assert!(
        !message.contains('{') && message.contains("网购满200元享5%返现"),
        "{message}"
    );
    assert!(preview.json["sms_parts"].as_i64().unwrap() >= 1);

    let submitted = app
        .call(
            Method::POST,
            &format!("/api/v1/campaigns/{id}/submit"),
            Some(json!({"version": 2})),
            Some(&marketer),
        )
        .await;
    assert_eq!(submitted.json["status"], "submitted");
    // submitted campaigns are frozen
    let frozen = app
        .call(
            Method::PATCH,
            &format!("/api/v1/campaigns/{id}"),
            Some(json!({"version": 3, "draft": complete_draft(segment)})),
            Some(&marketer),
        )
        .await;
    assert_eq!(frozen.status, StatusCode::CONFLICT);
    // a marketer cannot approve at all; launching before approval is refused
    let self_approve = app
        .call(
            Method::POST,
            &format!("/api/v1/campaigns/{id}/approve"),
            Some(json!({"version": 3})),
            Some(&marketer),
        )
        .await;
    assert_eq!(self_approve.status, StatusCode::FORBIDDEN);
    let early = app
        .call(
            Method::POST,
            &format!("/api/v1/campaigns/{id}/launch"),
            Some(json!({"version": 3})),
            Some(&marketer),
        )
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    // reject needs a comment, then the marketer can edit and resubmit
    let manager = app.sign_in("manager").await;
    let silent = app
        .call(
            Method::POST,
            &format!("/api/v1/campaigns/{id}/reject"),
            Some(json!({"version": 3, "comment": ""})),
            Some(&manager),
        )
        .await;
    assert_eq!(silent.status, StatusCode::UNPROCESSABLE_ENTITY);
    let rejected = app
        .call(
            Method::POST,
            &format!("/api/v1/campaigns/{id}/reject"),
            Some(json!({"version": 3, "comment": "预算过高"})),
            Some(&manager),
        )
        .await;
    assert_eq!(rejected.json["status"], "rejected");
    assert_eq!(rejected.json["decided"][2], "预算过高");
    let resubmitted = app
        .call(
            Method::POST,
            &format!("/api/v1/campaigns/{id}/submit"),
            Some(json!({"version": 4})),
            Some(&marketer),
        )
        .await;
    assert_eq!(resubmitted.json["status"], "submitted");
    let approved = app
        .call(
            Method::POST,
            &format!("/api/v1/campaigns/{id}/approve"),
            Some(json!({"version": 5})),
            Some(&manager),
        )
        .await;
    assert_eq!(approved.json["status"], "approved", "{}", approved.json);
    let launched = app
        .call(
            Method::POST,
            &format!("/api/v1/campaigns/{id}/launch"),
            Some(json!({"version": 6})),
            Some(&marketer),
        )
        .await;
    assert_eq!(launched.json["status"], "launched", "{}", launched.json);
    // every decision is in the audit log, once, with who made it
    for (action, who) in [
        ("campaign.submit", "marketer"),
        ("campaign.reject", "manager"),
        ("campaign.approve", "manager"),
        ("campaign.launch", "marketer"),
    ] {
        let n = app
            .scalar(&format!(
                "SELECT COUNT(*) FROM audit_log a JOIN users u ON u.id = a.user_id \
                 WHERE a.action = '{action}' AND u.username = '{who}' AND a.detail LIKE 'campaign {id}%'"
            ))
            .await;
        assert!(n >= 1, "{action} by {who} not audited");
    }
    let again = app
        .call(
            Method::POST,
            &format!("/api/v1/campaigns/{id}/launch"),
            Some(json!({"version": 7})),
            Some(&marketer),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);

    // a manager cannot approve a campaign they created and submitted themselves
    let own = app
        .call(
            Method::POST,
            "/api/v1/campaigns",
            Some(complete_draft(segment)),
            Some(&manager),
        )
        .await;
    let own_id = own.json["id"].as_i64().unwrap();
    app.call(
        Method::POST,
        &format!("/api/v1/campaigns/{own_id}/submit"),
        Some(json!({"version": 1})),
        Some(&manager),
    )
    .await;
    let own_ok = app
        .call(
            Method::POST,
            &format!("/api/v1/campaigns/{own_id}/approve"),
            Some(json!({"version": 2})),
            Some(&manager),
        )
        .await;
    assert_eq!(own_ok.status, StatusCode::FORBIDDEN);
    // a segment in use cannot be deleted
    let del = app
        .call(
            Method::DELETE,
            &format!("/api/v1/segments/{segment}"),
            None,
            Some(&marketer),
        )
        .await;
    assert_eq!(del.status, StatusCode::CONFLICT);
}

async fn launch_writes_the_outbox_with_holdout_and_consent(app: &TestApp) {
    let (id, cookie) = approved(app, "marketer").await;
    let view = app
        .get(&format!("/api/v1/campaigns/{id}"), &cookie)
        .await
        .json;
    let version = view["version"].as_i64().unwrap();
    let report = store::launch(&app.db, &Scope::All, 1, id, version, at_hour(10))
        .await
        .unwrap();
    let customers = app.scalar("SELECT COUNT(*) FROM customers").await as usize;
    assert_eq!(report.treatment + report.control, customers);
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM campaign_members WHERE campaign_id = {id}"
        ))
        .await as usize,
        customers
    );
    // the holdout is reproducible: the same seed and customer give the same arm
    let seed = app
        .scalar(&format!(
            "SELECT holdout_seed FROM campaigns WHERE id = {id}"
        ))
        .await;
    for customer in 1..=common::CUSTOMERS as i64 {
        let arm: String = sqlx::query_scalar(
            "SELECT arm FROM campaign_members WHERE campaign_id = $1 AND customer_id = $2",
        )
        .bind(id)
        .bind(customer)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(
            arm,
            crm_server::domain::campaigns::assign_arm(seed, customer, 20).as_str()
        );
    }
    // deliveries only for the treatment arm; suppressed where there is no SMS consent or do-not-disturb
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM deliveries WHERE campaign_id = {id}"
        ))
        .await as usize,
        report.treatment
    );
    let expected_suppressed = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM campaign_members m JOIN customers c ON c.id = m.customer_id \
             WHERE m.campaign_id = {id} AND m.arm = 'treatment' AND (c.consent_sms = 0 OR c.do_not_disturb = 1)"
        ))
        .await;
    assert_eq!(report.suppressed as i64, expected_suppressed);
    let dnd_reason = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM deliveries d JOIN customers c ON c.id = d.customer_id \
             WHERE d.campaign_id = {id} AND c.do_not_disturb = 1 AND d.suppressed_reason <> 'do_not_disturb'"
        ))
        .await;
    assert_eq!(dnd_reason, 0);
    // messages are personal and complete
    let sample: String =
        sqlx::query_scalar("SELECT message FROM deliveries WHERE campaign_id = $1 LIMIT 1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert!(!sample.contains('{'), "{sample}");
}

async fn sending_respects_quiet_hours_consent_and_the_frequency_cap(app: &TestApp) {
    let (id, cookie) = approved(app, "marketer").await;
    let version = app
        .get(&format!("/api/v1/campaigns/{id}"), &cookie)
        .await
        .json["version"]
        .as_i64()
        .unwrap();
    store::launch(&app.db, &Scope::All, 1, id, version, at_hour(22))
        .await
        .unwrap();
    let pending = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM deliveries WHERE campaign_id = {id} AND status = 'pending'"
        ))
        .await;
    assert!(pending > 3);
    // 22:00 Shanghai: nothing goes out, everything waits for 08:00
    let night = dispatch_due(&app.db, &Adapter::Log, at_hour(22), 1000)
        .await
        .unwrap();
    assert_eq!(night.sent, 0);
    assert_eq!(night.deferred as i64, pending);
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM delivery_log l JOIN deliveries d ON d.id = l.delivery_id WHERE d.campaign_id = {id}")).await, 0);
    let eight = at_hour(24 + 8);
    assert_eq!(app.scalar(&format!("SELECT MIN(next_attempt_at) FROM deliveries WHERE campaign_id = {id} AND status = 'pending'")).await, eight);
    // before the morning, consent is withdrawn by one customer, and another already had two messages this week
    let (withdrawn, capped): (i64, i64) = {
        let ids: Vec<i64> = sqlx::query_scalar("SELECT customer_id FROM deliveries WHERE campaign_id = $1 AND status = 'pending' ORDER BY customer_id LIMIT 2")
            .bind(id)
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
        (ids[0], ids[1])
    };
    sqlx::query("UPDATE customers SET consent_sms = 0 WHERE id = $1")
        .bind(withdrawn)
        .execute(&app.db.pool)
        .await
        .unwrap();
    // two earlier marketing messages to `capped`, inside the 7-day window
    for (k, days_ago) in [(1, 2), (2, 5)] {
        let other = store::create(
            &app.db,
            1,
            &crm_api::campaigns::CampaignDraft::new("旧活动"),
            at_hour(0),
        )
        .await
        .unwrap();
        sqlx::query("INSERT INTO deliveries (id, campaign_id, customer_id, channel, status, attempts, next_attempt_at, sent_at, message) VALUES ($1, $2, $3, 'sms', 'sent', 1, 0, $4, 'x')")
            .bind(900_000 + k)
            .bind(other)
            .bind(capped)
            .bind(eight - days_ago * 86_400)
            .execute(&app.db.pool)
            .await
            .unwrap();
        sqlx::query("INSERT INTO delivery_log (delivery_id, customer_id, channel, sent_at, message) VALUES ($1, $2, 'sms', $3, 'x')")
            .bind(900_000 + k)
            .bind(capped)
            .bind(eight - days_ago * 86_400)
            .execute(&app.db.pool)
            .await
            .unwrap();
    }
    let morning = dispatch_due(&app.db, &Adapter::Log, eight, 1000)
        .await
        .unwrap();
    assert_eq!(morning.sent as i64, pending - 2);
    let reason = |customer: i64| {
        let pool = app.db.pool.clone();
        async move {
            sqlx::query_scalar::<_, String>("SELECT suppressed_reason FROM deliveries WHERE campaign_id = $1 AND customer_id = $2")
                .bind(id)
                .bind(customer)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    assert_eq!(reason(withdrawn).await, "no_consent");
    assert_eq!(reason(capped).await, "frequency_cap");
    // every sent delivery is in the log exactly once, with its message
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) FROM delivery_log l JOIN deliveries d ON d.id = l.delivery_id WHERE d.campaign_id = {id}")).await,
        app.scalar(&format!("SELECT COUNT(*) FROM deliveries WHERE campaign_id = {id} AND status = 'sent'")).await
    );
    // nothing left to send
    let after = dispatch_due(&app.db, &Adapter::Log, eight + 60, 1000)
        .await
        .unwrap();
    assert_eq!(after, crm_server::marketing::DispatchReport::default());
}

async fn a_crash_mid_send_neither_loses_nor_duplicates(app: &TestApp) {
    let (id, cookie) = approved(app, "marketer").await;
    let version = app
        .get(&format!("/api/v1/campaigns/{id}"), &cookie)
        .await
        .json["version"]
        .as_i64()
        .unwrap();
    store::launch(&app.db, &Scope::All, 1, id, version, at_hour(10))
        .await
        .unwrap();
    let eligible = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM deliveries WHERE campaign_id = {id} AND status = 'pending'"
        ))
        .await;
    // kill the dispatcher at many different points of its work, then restart it
    for cut in [1_u64, 3, 7, 15] {
        let db = app.db.clone();
        let task =
            tokio::spawn(async move { dispatch_due(&db, &Adapter::Log, at_hour(10), 1000).await });
        for _ in 0..cut {
            tokio::task::yield_now().await;
        }
        task.abort();
        let _ = task.await;
    }
    dispatch_due(&app.db, &Adapter::Log, at_hour(10), 1000)
        .await
        .unwrap();
    let sent = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM deliveries WHERE campaign_id = {id} AND status = 'sent'"
        ))
        .await;
    let logged = app.scalar(&format!("SELECT COUNT(*) FROM delivery_log l JOIN deliveries d ON d.id = l.delivery_id WHERE d.campaign_id = {id}")).await;
    assert_eq!(sent, eligible, "nothing lost");
    assert_eq!(logged, eligible, "nothing sent twice");
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM deliveries WHERE campaign_id = {id} AND status = 'pending'"
        ))
        .await,
        0
    );
}

/// The master secret the webhook test signs with.
const GATEWAY_SECRET: [u8; 32] = [5; 32];

async fn webhook_retries_with_backoff_and_one_idempotency_key_per_delivery(app: &TestApp) {
    use std::sync::{Arc, Mutex};
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let fail_first = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let gateway = {
        let (seen, fail_first) = (seen.clone(), fail_first.clone());
        axum::Router::new().route(
            "/send",
            axum::routing::post(
                move |headers: axum::http::HeaderMap, body: axum::body::Bytes| {
                    let (seen, fail_first) = (seen.clone(), fail_first.clone());
                    async move {
                        if fail_first.swap(false, std::sync::atomic::Ordering::SeqCst) {
                            return StatusCode::SERVICE_UNAVAILABLE;
                        }
                        // the receiver verifies the signature over time and body
                        let signature = headers
                            .get("x-cardinal-signature")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or_default();
                        let t: i64 = signature
                            .strip_prefix("t=")
                            .and_then(|r| r.split(',').next())
                            .and_then(|t| t.parse().ok())
                            .unwrap_or_default();
                        let expected =
                            crm_server::crypto::webhook_signature(&GATEWAY_SECRET, t, &body);
                        if signature != expected {
                            return StatusCode::UNAUTHORIZED;
                        }
                        let key = headers
                            .get("idempotency-key")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or_default()
                            .to_owned();
                        seen.lock().unwrap().push(key);
                        StatusCode::ACCEPTED
                    }
                },
            ),
        )
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, gateway).await });
    let adapter = Adapter::webhook(&format!("http://{addr}/send"), &GATEWAY_SECRET).unwrap();
    assert!(
        Adapter::webhook("http://gateway.example.com/send", &GATEWAY_SECRET).is_err(),
        "plain HTTP is for localhost only"
    );
    assert!(Adapter::webhook("https://gateway.example.com/send", &GATEWAY_SECRET).is_ok());

    let (id, cookie) = approved(app, "marketer").await;
    let version = app
        .get(&format!("/api/v1/campaigns/{id}"), &cookie)
        .await
        .json["version"]
        .as_i64()
        .unwrap();
    store::launch(&app.db, &Scope::All, 1, id, version, at_hour(10))
        .await
        .unwrap();
    let eligible = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM deliveries WHERE campaign_id = {id} AND status = 'pending'"
        ))
        .await;
    let first = dispatch_due(&app.db, &adapter, at_hour(10), 1000)
        .await
        .unwrap();
    assert_eq!(first.failed, 1, "the gateway refused the first post");
    assert_eq!(first.sent as i64, eligible - 1);
    // the failed one waits for its backoff, then goes
    let failed_next: i64 = app.scalar(&format!("SELECT MAX(next_attempt_at) FROM deliveries WHERE campaign_id = {id} AND status = 'pending'")).await;
    assert_eq!(failed_next, at_hour(10) + 60);
    assert_eq!(
        dispatch_due(&app.db, &adapter, at_hour(10) + 30, 1000)
            .await
            .unwrap()
            .sent,
        0
    );
    assert_eq!(
        dispatch_due(&app.db, &adapter, at_hour(10) + 61, 1000)
            .await
            .unwrap()
            .sent,
        1
    );
    let keys = seen.lock().unwrap().clone();
    let mut unique = keys.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(keys.len() as i64, eligible);
    assert_eq!(unique.len(), keys.len());
    assert!(keys.iter().all(|k| k.starts_with("delivery-")));
}

async fn results_match_the_raw_rows(app: &TestApp) {
    let (id, cookie) = approved(app, "marketer").await;
    let version = app
        .get(&format!("/api/v1/campaigns/{id}"), &cookie)
        .await
        .json["version"]
        .as_i64()
        .unwrap();
    let launched = now_for_tests() - 20 * 86_400;
    store::launch(&app.db, &Scope::All, 1, id, version, launched)
        .await
        .unwrap();
    dispatch_due(&app.db, &Adapter::Log, launched + 3600, 1000)
        .await
        .unwrap();
    // some treatment members respond with online shopping after launch
    let members: Vec<(i64, String)> = sqlx::query_as(
        "SELECT customer_id, arm FROM campaign_members WHERE campaign_id = $1 ORDER BY customer_id",
    )
    .bind(id)
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    for (i, (customer, arm)) in members.iter().enumerate() {
        if arm == "treatment" && i % 3 == 0 {
            let card: i64 = app
                .scalar(&format!(
                    "SELECT MIN(id) FROM cards WHERE customer_id = {customer}"
                ))
                .await;
            sqlx::query("INSERT INTO transactions (customer_id, card_id, occurred_at, amount_fen, merchant, category, channel, installment) VALUES ($1, $2, $3, 25000, '淘宝', 'online_shopping', 'online', 0)")
                .bind(customer)
                .bind(card)
                .bind(launched + 86_400 * (i as i64 % 10 + 1))
                .execute(&app.db.pool)
                .await
                .unwrap();
        }
    }
    let r = app
        .get(&format!("/api/v1/campaigns/{id}/results"), &cookie)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    let res = &r.json;
    // recompute from raw rows: online-shopping spend in the window of at least ¥200
    let (from, to) = (launched, launched + 30 * 86_400);
    let mut expected = std::collections::HashMap::<&str, (i64, i64, i64)>::new();
    for (customer, arm) in &members {
        let spend = app
            .scalar(&format!(
                "SELECT CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) FROM transactions WHERE customer_id = {customer} \
                 AND category = 'online_shopping' AND occurred_at >= {from} AND occurred_at < {}",
                to.min(crm_server::domain::time::now())
            ))
            .await;
        let e = expected
            .entry(if arm == "treatment" {
                "treatment"
            } else {
                "control"
            })
            .or_default();
        e.0 += 1;
        if spend >= 20_000 {
            e.1 += 1;
            e.2 += spend;
        }
    }
    for arm in ["treatment", "control"] {
        let (n, resp, spend) = expected[arm];
        assert_eq!(res[arm]["members"].as_i64().unwrap(), n, "{arm}");
        assert_eq!(res[arm]["responded"].as_i64().unwrap(), resp, "{arm}");
        assert_eq!(res[arm]["spend"]["fen"].as_i64().unwrap(), spend, "{arm}");
    }
    let (tn, tr, ts) = expected["treatment"];
    let (cn, cr, cs) = expected["control"];
    let u = crm_server::domain::campaigns::uplift(tn, tr, cn, cr);
    assert!((res["uplift"].as_f64().unwrap() - u.uplift).abs() < 1e-12);
    assert!((res["uplift_ci"][0].as_f64().unwrap() - u.low).abs() < 1e-12);
    assert!((res["uplift_ci"][1].as_f64().unwrap() - u.high).abs() < 1e-12);
    let incremental = ((ts as f64 / tn as f64 - cs as f64 / cn as f64) * tn as f64).round() as i64;
    assert_eq!(
        res["incremental_spend"]["fen"].as_i64().unwrap(),
        incremental
    );
    assert!((res["roi"].as_f64().unwrap() - incremental as f64 / 1_000_000.0).abs() < 1e-12);
    assert_eq!(res["by_day"].as_array().unwrap().len(), 30);
    let last = &res["by_day"][29];
    assert!((last[1].as_f64().unwrap() - u.treatment_rate).abs() < 1e-12);
    // CSV exports: results and the masked contact list
    let csv = app
        .call(
            Method::GET,
            &format!("/api/v1/campaigns/{id}/contacts.csv"),
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    let body = {
        use http_body_util::BodyExt;
        use tower::ServiceExt;
        let req = axum::http::Request::builder()
            .uri(format!("/api/v1/campaigns/{id}/contacts.csv"))
            .header("cookie", &cookie)
            .body(axum::body::Body::empty())
            .unwrap();
        let res = app.app.clone().oneshot(req).await.unwrap();
        String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap()
    };
    assert!(body.starts_with("\u{feff}customer_no,name,mobile,arm"));
    assert_eq!(body.lines().count() - 1, members.len());
    assert!(
        body.lines()
            .skip(1)
            .all(|l| l.split(',').nth(2).is_some_and(|m| m.contains("****")))
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'export.campaign_contacts'")
            .await,
        2
    );
    // the 360 shows the campaign for a member
    let (customer, _) = &members[0];
    let list = app
        .get(&format!("/api/v1/customers/{customer}/campaigns"), &cookie)
        .await;
    assert_eq!(list.json[0]["campaign_id"].as_i64().unwrap(), id);
}

on_both!(
    draft_to_launch_with_maker_checker,
    launch_writes_the_outbox_with_holdout_and_consent,
    sending_respects_quiet_hours_consent_and_the_frequency_cap,
    a_crash_mid_send_neither_loses_nor_duplicates,
    webhook_retries_with_backoff_and_one_idempotency_key_per_delivery,
    results_match_the_raw_rows,
);
