//! Quick actions on cards and points: lock and unlock, lost cards and their
//! replacement, goodwill points that never overdraw (also when many arrive at
//! once), and a cardholder who can act only on their own cards.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use serde_json::json;

async fn status(app: &TestApp, card: i64) -> String {
    sqlx::query_scalar("SELECT status FROM cards WHERE id = $1")
        .bind(card)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

async fn active_card(app: &TestApp, customer: i64) -> i64 {
    app.scalar(&format!(
        "SELECT MIN(id) FROM cards WHERE customer_id = {customer} AND status = 'active'"
    ))
    .await
}

async fn staff_lock_unlock_lost_and_replace(app: &TestApp) {
    let agent = app.sign_in("agent").await;
    let customer = app
        .scalar("SELECT MIN(customer_id) FROM cards WHERE status = 'active' AND customer_id > 4")
        .await;
    let card = active_card(app, customer).await;
    let post = |path: String| {
        let agent = agent.clone();
        async move {
            app.call(Method::POST, &path, Some(json!({})), Some(&agent))
                .await
        }
    };
    assert_eq!(
        post(format!("/api/v1/cards/{card}/lock")).await.status,
        StatusCode::OK
    );
    assert_eq!(status(app, card).await, "locked");
    assert_eq!(
        post(format!("/api/v1/cards/{card}/lock")).await.status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        post(format!("/api/v1/cards/{card}/unlock")).await.status,
        StatusCode::OK
    );
    assert_eq!(status(app, card).await, "active");
    assert_eq!(
        post("/api/v1/cards/999999/lock".into()).await.status,
        StatusCode::NOT_FOUND
    );
    // lost: blocked at once; a replacement keeps product and limit, the old card closes
    assert_eq!(
        post(format!("/api/v1/cards/{card}/replace")).await.status,
        StatusCode::CONFLICT,
        "only lost cards are replaced"
    );
    assert_eq!(
        post(format!("/api/v1/cards/{card}/report-lost"))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(status(app, card).await, "lost");
    let r = post(format!("/api/v1/cards/{card}/replace")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    let new_card = r.json["card_id"].as_i64().unwrap();
    assert_ne!(new_card, card);
    assert_eq!(status(app, card).await, "closed");
    assert_eq!(status(app, new_card).await, "active");
    let same: i64 = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM cards a JOIN cards b ON a.product_id = b.product_id \
             AND a.credit_limit_fen = b.credit_limit_fen AND a.pan_first6 = b.pan_first6 \
             AND a.customer_id = b.customer_id WHERE a.id = {card} AND b.id = {new_card}"
        ))
        .await;
    assert_eq!(same, 1);
    let token: String = sqlx::query_scalar("SELECT pan_token FROM cards WHERE id = $1")
        .bind(new_card)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(token.starts_with("tok_"));
    assert_eq!(
        post(format!("/api/v1/cards/{card}/replace")).await.status,
        StatusCode::CONFLICT
    );
    let audited: i64 = app
        .scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE customer_id = {customer} AND action IN ('card.lock', 'card.unlock', 'card.lost', 'card.replace')"))
        .await;
    assert_eq!(audited, 4);
    // a marketer may not
    let marketer = app.sign_in("marketer").await;
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/cards/{new_card}/lock"),
            Some(json!({})),
            Some(&marketer),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

async fn a_cardholder_controls_only_their_own_cards(app: &TestApp) {
    let me = app.sign_in("cardholder").await;
    let mine = active_card(app, 1).await;
    let theirs = active_card(app, 2).await;
    for action in ["lock", "unlock", "report-lost"] {
        let r = app
            .call(
                Method::POST,
                &format!("/api/v1/me/cards/{theirs}/{action}"),
                None,
                Some(&me),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{action}");
    }
    assert_eq!(status(app, theirs).await, "active");
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/me/cards/{mine}/lock"),
            None,
            Some(&me),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(status(app, mine).await, "locked");
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/me/cards/{mine}/unlock"),
            None,
            Some(&me),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    // reporting it lost blocks it and opens an urgent lost-card ticket
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/me/cards/{mine}/report-lost"),
            None,
            Some(&me),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(status(app, mine).await, "lost");
    let ticket = r.json["ticket_id"].as_i64().unwrap();
    let t = app.get(&format!("/api/v1/me/tickets/{ticket}"), &me).await;
    assert_eq!(t.json["ticket"]["kind"], "card_lost");
    assert_eq!(t.json["ticket"]["priority"], "urgent");
    assert_eq!(t.json["ticket"]["card_id"], mine);
    let agent = app.sign_in("agent").await;
    let queue = app
        .get("/api/v1/tickets?view=team&queue=cards", &agent)
        .await;
    assert!(
        queue.json["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["id"] == ticket)
    );
}

async fn goodwill_points_never_overdraw(app: &TestApp) {
    let agent = app.sign_in("agent").await;
    async fn balance(app: &TestApp) -> i64 {
        app.scalar(
            "SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM points_ledger WHERE customer_id = 4",
        )
        .await
    }
    let start = balance(app).await;
    let adjust = |key: String, points: i64| {
        let agent = agent.clone();
        async move {
            app.call_with(
                Method::POST,
                "/api/v1/customers/4/points-adjustments",
                Some(json!({"points": points, "reason": "服务补偿"}).to_string()),
                Some(&agent),
                &[("Idempotency-Key", key.as_str())],
            )
            .await
        }
    };
    let r = adjust("g-1".into(), 500).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.json["balance"], start + 500);
    let again = adjust("g-1".into(), 500).await;
    assert_eq!(again.json["balance"], start + 500, "a retry adds nothing");
    let too_much = adjust("g-2".into(), -(start + 501)).await;
    assert_eq!(too_much.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(balance(app).await, start + 500);
    let no_reason = app
        .call_with(
            Method::POST,
            "/api/v1/customers/4/points-adjustments",
            Some(json!({"points": 5, "reason": ""}).to_string()),
            Some(&agent),
            &[("Idempotency-Key", "g-3")],
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    // many debits at once, each affordable alone, never overdraw together
    let now_balance = balance(app).await;
    let each = now_balance / 4 + 1;
    let attempts: Vec<_> = (0..8).map(|i| adjust(format!("race-{i}"), -each)).collect();
    let replies = futures_util::future::join_all(attempts).await;
    let ok = replies
        .iter()
        .filter(|r| r.status == StatusCode::OK)
        .count() as i64;
    assert!(ok <= 3, "{ok} debits of {each} from {now_balance}");
    assert!(
        replies
            .iter()
            .all(|r| r.status == StatusCode::OK || r.status == StatusCode::UNPROCESSABLE_ENTITY)
    );
    let end = balance(app).await;
    assert!(end >= 0);
    assert_eq!(end, now_balance - ok * each);
    let audited: i64 = app
        .scalar("SELECT COUNT(*) FROM audit_log WHERE customer_id = 4 AND action = 'points.adjust'")
        .await;
    assert_eq!(audited, 1 + ok);
}

/// A large adjustment waits for a manager: approve it (the test's setup).
async fn approve_if_pending(app: &TestApp, r: &common::Reply) {
    if r.status == StatusCode::OK {
        return;
    }
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.json);
    let id = r.json["pending_request_id"].as_i64().unwrap();
    let manager = app.sign_in("manager").await;
    let ok = app
        .call(
            Method::POST,
            &format!("/api/v1/points-adjustments/{id}/approve"),
            Some(json!({"version": 1})),
            Some(&manager),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.json);
}

/// Above the threshold an adjustment waits for a second person: nothing is
/// posted until a manager who did not ask approves; the asker cannot; a
/// rejection needs a comment and posts nothing; a stale version is 412.
async fn large_adjustments_need_a_second_person(app: &TestApp) {
    let balance = || async {
        app.scalar("SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM points_ledger WHERE customer_id = 3")
            .await
    };
    let manager = app.sign_in("manager").await;
    let start = balance().await;
    let ask = |key: &'static str, points: i64| {
        let manager = manager.clone();
        async move {
            app.call_with(
                Method::POST,
                "/api/v1/customers/3/points-adjustments",
                Some(json!({"points": points, "reason": "重大投诉补偿"}).to_string()),
                Some(&manager),
                &[("Idempotency-Key", key)],
            )
            .await
        }
    };
    let r = ask("big-1", 20_000).await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.json);
    assert_eq!(r.json["balance"].as_i64().unwrap(), start);
    let id = r.json["pending_request_id"].as_i64().unwrap();
    assert_eq!(balance().await, start, "nothing posted yet");
    let again = ask("big-1", 20_000).await;
    assert_eq!(
        again.json["pending_request_id"].as_i64(),
        Some(id),
        "a retry is the same request"
    );
    // the queue shows it; the asker cannot approve it
    let queue = app.get("/api/v1/points-adjustments", &manager).await;
    assert_eq!(queue.status, StatusCode::OK, "{}", queue.json);
    assert!(
        queue.json["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"] == id)
    );
    let decide = |cookie: String, verb: &'static str, body: serde_json::Value| async move {
        app.call(
            Method::POST,
            &format!("/api/v1/points-adjustments/{id}/{verb}"),
            Some(body),
            Some(&cookie),
        )
        .await
    };
    let own = decide(manager.clone(), "approve", json!({"version": 1})).await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);
    // a second head-office manager checks
    let hq = app
        .scalar("SELECT id FROM branches WHERE head_office = 1")
        .await;
    let checker_hq = app.new_staff("checker", "manager", hq).await;
    let stale = decide(checker_hq.clone(), "approve", json!({"version": 7})).await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    let ok = decide(checker_hq.clone(), "approve", json!({"version": 1})).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.json);
    assert_eq!(ok.json["status"], "approved");
    assert_eq!(ok.json["decided_by"], "checker");
    assert_eq!(balance().await, start + 20_000);
    let twice = decide(checker_hq.clone(), "approve", json!({"version": 2})).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert_eq!(balance().await, start + 20_000, "posted once");

    // a rejection needs a comment, and posts nothing
    let r = ask("big-2", -15_000).await;
    let id2 = r.json["pending_request_id"].as_i64().unwrap();
    let reject = |body: serde_json::Value| {
        let cookie = checker_hq.clone();
        async move {
            app.call(
                Method::POST,
                &format!("/api/v1/points-adjustments/{id2}/reject"),
                Some(body),
                Some(&cookie),
            )
            .await
        }
    };
    let bare = reject(json!({"version": 1})).await;
    assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY);
    let no = reject(json!({"version": 1, "comment": "证据不足"})).await;
    assert_eq!(no.status, StatusCode::OK, "{}", no.json);
    assert_eq!(no.json["status"], "rejected");
    assert_eq!(balance().await, start + 20_000);
    for action in [
        "points.adjust_request",
        "points.adjust_approve",
        "points.adjust_reject",
    ] {
        let n = app
            .scalar(&format!(
                "SELECT COUNT(*) FROM audit_log WHERE action = '{action}' AND customer_id = 3"
            ))
            .await;
        assert!(n >= 1, "{action} not audited");
    }
}

async fn redemptions_never_overspend(app: &TestApp) {
    // cardholder2 is customer 2: give them exactly 3.5 umbrellas' worth of points
    let agent = app.sign_in("agent").await;
    let balance = || async {
        app.scalar("SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM points_ledger WHERE customer_id = 2")
            .await
    };
    let start = balance().await;
    let target = 3 * 8_000 + 4_000;
    let r = app
        .call_with(
            Method::POST,
            "/api/v1/customers/2/points-adjustments",
            Some(json!({"points": target - start, "reason": "测试准备"}).to_string()),
            Some(&agent),
            &[("Idempotency-Key", "setup")],
        )
        .await;
    approve_if_pending(app, &r).await;
    assert_eq!(balance().await, target);
    let me = app.sign_in("cardholder2").await;
    let redeem = |key: String, item: &'static str| {
        let me = me.clone();
        async move {
            app.call_with(
                Method::POST,
                "/api/v1/me/redemptions",
                Some(json!({"item": item}).to_string()),
                Some(&me),
                &[("Idempotency-Key", key.as_str())],
            )
            .await
        }
    };
    let bad = redeem("x".into(), "gold_bar").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let too_dear = redeem("y".into(), "gift_luggage").await;
    assert_eq!(too_dear.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_dear.json["error"]["fields"]["item"].is_string());
    assert_eq!(balance().await, target);
    // eight at once: exactly three fit
    let attempts: Vec<_> = (0..8)
        .map(|i| redeem(format!("u-{i}"), "gift_umbrella"))
        .collect();
    let replies = futures_util::future::join_all(attempts).await;
    let ok = replies
        .iter()
        .filter(|r| r.status == StatusCode::CREATED)
        .count();
    assert_eq!(
        ok,
        3,
        "{:?}",
        replies.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    assert!(
        replies.iter().all(
            |r| r.status == StatusCode::CREATED || r.status == StatusCode::UNPROCESSABLE_ENTITY
        )
    );
    assert_eq!(balance().await, 4_000);
    // a retry with a used key changes nothing and answers 200
    let used = replies
        .iter()
        .position(|r| r.status == StatusCode::CREATED)
        .unwrap();
    let again = redeem(format!("u-{used}"), "gift_umbrella").await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(balance().await, 4_000);
    let coffee = redeem("c-1".into(), "voucher_coffee").await;
    assert_eq!(coffee.status, StatusCode::CREATED);
    assert_eq!(coffee.json["balance"], 1_000);
}

async fn consent_changes_apply_at_once(app: &TestApp) {
    let me = app.sign_in("cardholder").await;
    let r = app.get("/api/v1/me/consent", &me).await;
    assert_eq!(r.status, StatusCode::OK);
    let version = r.json["version"].as_i64().unwrap();
    let body = json!({"version": version, "consent": {"sms": false, "app_push": true, "wechat": false,
        "email": false, "outbound_call": false, "do_not_disturb": true}});
    let r = app
        .call(
            Method::PUT,
            "/api/v1/me/consent",
            Some(body.clone()),
            Some(&me),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.json["version"], version + 1);
    let (sms, push, dnd): (i64, i64, i64) = sqlx::query_as(
        "SELECT consent_sms, consent_app_push, do_not_disturb FROM customers WHERE id = 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!((sms, push, dnd), (0, 1, 1));
    // a stale version changes nothing
    let stale = app
        .call(Method::PUT, "/api/v1/me/consent", Some(body), Some(&me))
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    let audited: i64 = app
        .scalar(
            "SELECT COUNT(*) FROM audit_log WHERE customer_id = 1 AND action = 'consent.update'",
        )
        .await;
    assert_eq!(audited, 1);
    // staff see the new choice in the 360 at once
    let agent = app.sign_in("agent").await;
    let c = app.get("/api/v1/customers/1", &agent).await;
    assert_eq!(c.json["profile"]["consent"]["do_not_disturb"], true);
}

/// An idempotency key replays only the request it was first used for: the
/// same key for another reward (or another adjustment) is a 422 and
/// redeems nothing.
async fn a_key_is_bound_to_its_first_request(app: &TestApp) {
    let me = app.sign_in("cardholder2").await;
    let balance = || async {
        app.scalar("SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM points_ledger WHERE customer_id = 2")
            .await
    };
    let agent = app.sign_in("agent").await;
    let top_up = app
        .call_with(
            Method::POST,
            "/api/v1/customers/2/points-adjustments",
            Some(json!({"points": 9_000, "reason": "服务补偿"}).to_string()),
            Some(&agent),
            &[("Idempotency-Key", "bound-adjust")],
        )
        .await;
    assert_eq!(top_up.status, StatusCode::OK, "{}", top_up.json);
    let other_amount = app
        .call_with(
            Method::POST,
            "/api/v1/customers/2/points-adjustments",
            Some(json!({"points": 8_000, "reason": "服务补偿"}).to_string()),
            Some(&agent),
            &[("Idempotency-Key", "bound-adjust")],
        )
        .await;
    assert_eq!(other_amount.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(other_amount.json["error"]["fields"]["Idempotency-Key"].is_string());
    let start = balance().await;
    let redeem = |item: &'static str| {
        let me = me.clone();
        async move {
            app.call_with(
                Method::POST,
                "/api/v1/me/redemptions",
                Some(json!({"item": item}).to_string()),
                Some(&me),
                &[("Idempotency-Key", "bound-redeem")],
            )
            .await
        }
    };
    let first = redeem("voucher_coffee").await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.json);
    let after_first = balance().await;
    assert!(after_first < start);
    let again = redeem("voucher_coffee").await;
    assert_eq!(again.status, StatusCode::OK, "a repeat replays");
    assert_eq!(again.json, first.json);
    let other = redeem("voucher_movie").await;
    assert_eq!(
        other.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        other.json
    );
    assert_eq!(balance().await, after_first, "nothing else was redeemed");
}

/// Eight racing replacements of one lost card make exactly one new card.
async fn a_lost_card_is_replaced_once_under_a_race(app: &TestApp) {
    let agent = app.sign_in("agent").await;
    let customer = app
        .scalar("SELECT MAX(customer_id) FROM cards WHERE status = 'active'")
        .await;
    let card = active_card(app, customer).await;
    let lost = app
        .call(
            Method::POST,
            &format!("/api/v1/cards/{card}/report-lost"),
            Some(json!({})),
            Some(&agent),
        )
        .await;
    assert_eq!(lost.status, StatusCode::OK, "{}", lost.json);
    let before = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM cards WHERE customer_id = {customer}"
        ))
        .await;
    let attempts = (0..8).map(|_| {
        let agent = agent.clone();
        async move {
            app.call(
                Method::POST,
                &format!("/api/v1/cards/{card}/replace"),
                Some(json!({})),
                Some(&agent),
            )
            .await
        }
    });
    let replies = futures_util::future::join_all(attempts).await;
    let made = replies
        .iter()
        .filter(|r| r.status == StatusCode::CREATED)
        .count();
    assert_eq!(
        made,
        1,
        "{:?}",
        replies.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    assert!(
        replies
            .iter()
            .all(|r| r.status == StatusCode::CREATED || r.status == StatusCode::CONFLICT)
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM cards WHERE customer_id = {customer}"
        ))
        .await,
        before + 1
    );
}

on_both!(
    large_adjustments_need_a_second_person,
    a_lost_card_is_replaced_once_under_a_race,
    a_key_is_bound_to_its_first_request,
    consent_changes_apply_at_once,
    redemptions_never_overspend,
    staff_lock_unlock_lost_and_replace,
    a_cardholder_controls_only_their_own_cards,
    goodwill_points_never_overdraw,
);
