//! The cardholder portal: bills by cycle with search, filter and CSV;
//! installment conversion (quote, idempotent confirm, interest-free by
//! campaign, on the bill, at most once under a race); membership; Learn;
//! messages; points; and every `/me` route answering 404 for another
//! customer's ids.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use serde_json::{Value, json};

/// Inserts a purchase on the customer's first active card, `secs_ago` before now.
async fn purchase(app: &TestApp, customer: i64, fen: i64, merchant: &str, secs_ago: i64) -> i64 {
    let card = app
        .scalar(&format!(
            "SELECT MIN(id) FROM cards WHERE customer_id = {customer} AND status = 'active'"
        ))
        .await;
    let at = chrono::Utc::now().timestamp() - secs_ago;
    sqlx::query_scalar(
        "INSERT INTO transactions (customer_id, card_id, occurred_at, amount_fen, currency, merchant, category, channel, installment) \
         VALUES ($1, $2, $3, $4, 'CNY', $5, 'online_shopping', 'online', 0) RETURNING id",
    )
    .bind(customer)
    .bind(card)
    .bind(at)
    .bind(fen)
    .bind(merchant)
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

fn cycle_now() -> String {
    let d = chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
        .date_naive();
    d.format("%Y-%m").to_string()
}

async fn convert(app: &TestApp, me: &str, tx: i64, months: u32, key: &str) -> common::Reply {
    app.call_with(
        Method::POST,
        "/api/v1/me/installments",
        Some(json!({"transaction_id": tx, "months": months}).to_string()),
        Some(me),
        &[("idempotency-key", key)],
    )
    .await
}

async fn installments_quote_convert_and_show_on_the_bill(app: &TestApp) {
    let me = app.sign_in("cardholder").await;
    let tx = purchase(app, 1, 360_000, "测试家电城", 3_600).await;
    let small = purchase(app, 1, 20_000, "便利店", 3_600).await;
    let old = purchase(app, 1, 500_000, "旧商场", 70 * 86_400).await;

    // eligible: the big recent purchase with all three terms; not the small or old one
    let r = app.get("/api/v1/me/installments/eligible", &me).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    let list = r.json.as_array().unwrap();
    let found = list
        .iter()
        .find(|e| e["transaction"]["id"] == tx)
        .expect("the purchase is eligible");
    assert_eq!(found["quotes"].as_array().unwrap().len(), 3);
    assert!(
        list.iter()
            .all(|e| e["transaction"]["id"] != small && e["transaction"]["id"] != old)
    );

    // quote: 0.75% a month over 3 → ¥27 a month, ¥81 in all; principal adds up
    let q = app
        .get(
            &format!("/api/v1/me/installments/quote?transaction_id={tx}&months=3"),
            &me,
        )
        .await;
    assert_eq!(q.status, StatusCode::OK, "{}", q.json);
    assert_eq!(q.json["fee_total"]["fen"], 8_100);
    assert_eq!(q.json["interest_free"], false);
    let sched = q.json["schedule"].as_array().unwrap();
    assert_eq!(sched.len(), 3);
    assert_eq!(
        sched
            .iter()
            .map(|r| r["principal"]["fen"].as_i64().unwrap())
            .sum::<i64>(),
        360_000
    );
    assert_eq!(sched[0]["cycle"], cycle_now());
    for (path, field) in [
        (
            format!("/api/v1/me/installments/quote?transaction_id={tx}&months=4"),
            "months",
        ),
        (
            format!("/api/v1/me/installments/quote?transaction_id={small}&months=3"),
            "transaction_id",
        ),
        (
            format!("/api/v1/me/installments/quote?transaction_id={old}&months=3"),
            "transaction_id",
        ),
    ] {
        let r = app.get(&path, &me).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert!(r.json["error"]["fields"][field].is_string(), "{}", r.json);
    }

    // no key → 422 and nothing written
    let r = app
        .call(
            Method::POST,
            "/api/v1/me/installments",
            Some(json!({"transaction_id": tx, "months": 3})),
            Some(&me),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM installment_plans").await,
        0
    );

    // confirm; the same key again returns the same plan and writes nothing
    let made = convert(app, &me, tx, 3, "k-1").await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.json);
    let again = convert(app, &me, tx, 3, "k-1").await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json["id"], made.json["id"]);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM installment_plans").await,
        1
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT installment FROM transactions WHERE id = {tx}"
        ))
        .await,
        1
    );
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'installment.create' AND customer_id = 1"
        )
        .await,
        1
    );
    // a second conversion of the same purchase under another key is refused
    let twice = convert(app, &me, tx, 6, "k-2").await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);

    // the first instalment is on this cycle's bill; the purchase is marked
    let card = made.json["quote"]["transaction_id"].as_i64().unwrap();
    assert_eq!(card, tx);
    let card_id = app
        .scalar(&format!("SELECT card_id FROM transactions WHERE id = {tx}"))
        .await;
    let bill = app
        .get(
            &format!("/api/v1/me/bills?card={card_id}&cycle={}", cycle_now()),
            &me,
        )
        .await;
    assert_eq!(bill.status, StatusCode::OK, "{}", bill.json);
    let posting = &bill.json["postings"][0];
    assert_eq!(posting["n"], 1);
    assert_eq!(posting["of"], 3);
    assert_eq!(posting["principal"]["fen"], 120_000);
    assert_eq!(posting["fee"]["fen"], 2_700);
    let line = bill.json["transactions"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == tx)
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!(line["installment"], true);

    // agents see it in the 360's installments
    let agent = app.sign_in("agent").await;
    let staff = app.get("/api/v1/customers/1/installments", &agent).await;
    assert!(
        staff.json["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["id"] == tx)
    );
    let plans = app.get("/api/v1/me/installments", &me).await;
    assert_eq!(plans.json[0]["quote"]["months"], 3);
}

async fn a_campaign_makes_installments_interest_free(app: &TestApp) {
    let me = app.sign_in("cardholder").await;
    let tx = purchase(app, 1, 600_000, "家具城", 600).await;
    let now = chrono::Utc::now().timestamp();
    let campaign: i64 = sqlx::query_scalar(
        "INSERT INTO campaigns (name, status, offer_kind, offer, holdout_seed, created_by, created_at, updated_at) \
         VALUES ('12期免息', 'launched', 'interest_free_installment', '{\"months\":12}', 1, 1, $1, $1) RETURNING id",
    )
    .bind(now)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    // in the control arm: no waiver
    sqlx::query("INSERT INTO campaign_members (campaign_id, customer_id, arm, assigned_at) VALUES ($1, 1, 'control', $2)")
        .bind(campaign)
        .bind(now)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let path = format!("/api/v1/me/installments/quote?transaction_id={tx}&months=12");
    let q = app.get(&path, &me).await;
    assert_eq!(q.json["interest_free"], false);
    assert_eq!(q.json["fee_total"]["fen"], 12 * 3_960);
    sqlx::query("UPDATE campaign_members SET arm = 'treatment' WHERE campaign_id = $1")
        .bind(campaign)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let q = app.get(&path, &me).await;
    assert_eq!(q.json["interest_free"], true, "{}", q.json);
    assert_eq!(q.json["fee_total"]["fen"], 0);
    assert_eq!(q.json["campaign"], "12期免息");
    let made = convert(app, &me, tx, 12, "free-1").await;
    assert_eq!(made.status, StatusCode::CREATED);
    assert_eq!(made.json["quote"]["interest_free"], true);
    assert_eq!(made.json["quote"]["fee_total"]["fen"], 0);
}

async fn a_purchase_converts_once_however_many_race(app: &TestApp) {
    let me = app.sign_in("cardholder2").await;
    let tx = purchase(app, 2, 900_000, "旅行社", 60).await;
    let tries = (0..8).map(|i| {
        let me = me.clone();
        async move {
            convert(
                app,
                &me,
                tx,
                if i % 2 == 0 { 6 } else { 12 },
                &format!("race-{i}"),
            )
            .await
        }
    });
    let replies = futures_util::future::join_all(tries).await;
    let created = replies
        .iter()
        .filter(|r| r.status == StatusCode::CREATED)
        .count();
    assert_eq!(
        created,
        1,
        "{:?}",
        replies.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    assert!(
        replies.iter().all(
            |r| r.status == StatusCode::CREATED || r.status == StatusCode::UNPROCESSABLE_ENTITY
        )
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM installment_plans WHERE transaction_id = {tx}"
        ))
        .await,
        1
    );
}

async fn bills_search_filter_and_csv(app: &TestApp) {
    let me = app.sign_in("cardholder").await;
    let cycles = app.get("/api/v1/me/bills/cycles", &me).await;
    assert_eq!(cycles.status, StatusCode::OK);
    let cycles = cycles.json.as_array().unwrap().clone();
    assert_eq!(cycles[0]["billed"], false, "the open cycle comes first");
    let billed = cycles
        .iter()
        .find(|c| c["billed"] == true)
        .expect("customer 1 has statements");
    let card = billed["card_id"].as_i64().unwrap();
    let cycle = billed["cycle"].as_str().unwrap();
    let bill = app
        .get(
            &format!("/api/v1/me/bills?card={card}&cycle={cycle}&per_page=100"),
            &me,
        )
        .await;
    assert_eq!(bill.status, StatusCode::OK, "{}", bill.json);
    assert_eq!(bill.json["statement"]["cycle"], cycle);
    // every transaction of the card in that month, no more, no less
    let all = bill.json["transactions"]["total"].as_i64().unwrap();
    let direct = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM transactions t JOIN statements s ON s.card_id = t.card_id \
             WHERE s.card_id = {card} AND s.cycle = '{cycle}' \
               AND t.occurred_at >= {from} AND t.occurred_at < {to}",
            from = month_start(cycle),
            to = month_start(&crm_api::portal::add_months(cycle, 1)),
        ))
        .await;
    assert_eq!(all, direct);
    assert!(all > 0);
    let sum: i64 = bill.json["transactions"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["amount"]["fen"].as_i64().unwrap())
        .sum();
    if all <= 100 {
        assert_eq!(bill.json["purchases"]["fen"], sum);
    }
    // category filter: only that category, and the counts add up over categories
    let first = &bill.json["transactions"]["items"][0];
    let category = first["category"].as_str().unwrap();
    let filtered = app
        .get(
            &format!("/api/v1/me/bills?card={card}&cycle={cycle}&category={category}&per_page=100"),
            &me,
        )
        .await;
    assert!(
        filtered.json["transactions"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["category"] == category)
    );
    let mut by_category = 0;
    for c in crm_api::Category::ALL {
        let r = app
            .get(
                &format!(
                    "/api/v1/me/bills?card={card}&cycle={cycle}&category={}",
                    c.as_str()
                ),
                &me,
            )
            .await;
        by_category += r.json["transactions"]["total"].as_i64().unwrap();
    }
    assert_eq!(by_category, all);
    // merchant search, case-insensitive and wildcard-safe
    let merchant = first["merchant"].as_str().unwrap();
    let piece: String = merchant.chars().take(2).collect();
    let q = app
        .get(
            &format!(
                "/api/v1/me/bills?card={card}&cycle={cycle}&q={}",
                urlencode(&piece)
            ),
            &me,
        )
        .await;
    let hits = q.json["transactions"]["items"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(
        hits.iter()
            .all(|t| t["merchant"].as_str().unwrap().contains(&piece))
    );
    let none = app
        .get(
            &format!("/api/v1/me/bills?card={card}&cycle={cycle}&q=%25"),
            &me,
        )
        .await;
    assert_eq!(
        none.json["transactions"]["total"], 0,
        "% is a literal, not a wildcard"
    );
    // CSV: BOM, header, one line per transaction, masked card
    let csv = app
        .call_with(
            Method::GET,
            &format!("/api/v1/me/bills.csv?card={card}&cycle={cycle}"),
            None,
            Some(&me),
            &[],
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let body = raw_get(
        app,
        &format!("/api/v1/me/bills.csv?card={card}&cycle={cycle}"),
        &me,
    )
    .await;
    assert!(body.starts_with('\u{feff}'));
    assert_eq!(body.lines().count() as i64, all + 1);
    assert!(
        !body.contains("******"),
        "the CSV has last four digits only"
    );
    // bad cycle → 422
    let bad = app
        .get(&format!("/api/v1/me/bills?card={card}&cycle=2026-13"), &me)
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}

fn month_start(cycle: &str) -> i64 {
    let d = chrono::NaiveDate::parse_from_str(&format!("{cycle}-01"), "%Y-%m-%d").unwrap();
    d.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp() - 8 * 3600
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

async fn raw_get(app: &TestApp, path: &str, cookie: &str) -> String {
    use axum::body::Body;
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let req = axum::http::Request::builder()
        .uri(path)
        .header("cookie", cookie)
        .body(Body::empty())
        .unwrap();
    let res = app.app.clone().oneshot(req).await.unwrap();
    String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap()
}

async fn home_membership_learn_messages_and_points(app: &TestApp) {
    let me = app.sign_in("cardholder").await;
    // membership equals the tier of the purchases in the last 365 days
    let now = chrono::Utc::now().timestamp();
    let spend = app
        .scalar(&format!(
            "SELECT CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) FROM transactions WHERE customer_id = 1 \
             AND occurred_at >= {} AND amount_fen > 0 AND channel <> 'atm'",
            now - 365 * 86_400
        ))
        .await;
    let m = app.get("/api/v1/me/membership", &me).await;
    assert_eq!(m.status, StatusCode::OK);
    assert_eq!(m.json["spend_12m"]["fen"], spend);
    assert_eq!(
        m.json["tier"],
        crm_api::portal::MemberTier::of_spend(spend).as_str()
    );

    // Learn: a lost card puts card safety first, for that reason
    let before = app.get("/api/v1/me/articles", &me).await;
    assert_eq!(
        before.json.as_array().unwrap().len(),
        crm_api::portal::ARTICLES.len()
    );
    let card = app
        .scalar("SELECT MIN(id) FROM cards WHERE customer_id = 1 AND status = 'active'")
        .await;
    let lost = app
        .call(
            Method::POST,
            &format!("/api/v1/me/cards/{card}/report-lost"),
            Some(json!({})),
            Some(&me),
        )
        .await;
    assert_eq!(lost.status, StatusCode::OK, "{}", lost.json);
    let after = app.get("/api/v1/me/articles", &me).await;
    assert_eq!(after.json[0]["slug"], "card-safety");
    assert_eq!(after.json[0]["reason"], "lost_card");
    let home = app.get("/api/v1/me/home", &me).await;
    assert_eq!(home.status, StatusCode::OK, "{}", home.json);
    assert!(
        home.json["articles"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| !a["reason"].is_null())
    );
    assert!(
        home.json["offers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["kind"] != "win_back"
                && o.get("score").is_none()
                && o.get("channel").is_none()
                && o["reason"].is_object())
    );
    // latest statement of each open card
    let open_with_statements = app
        .scalar(
            "SELECT COUNT(DISTINCT s.card_id) FROM statements s JOIN cards c ON c.id = s.card_id \
             WHERE s.customer_id = 1 AND c.status <> 'closed'",
        )
        .await;
    assert_eq!(
        home.json["statements"].as_array().unwrap().len() as i64,
        open_with_statements
    );

    // messages: campaign messages sent to the customer; reading clears the count
    sqlx::query(
        "INSERT INTO campaigns (id, name, status, holdout_seed, created_by, created_at, updated_at) \
         VALUES (900, 'm', 'launched', 1, 1, $1, $1)",
    )
    .bind(now)
    .execute(&app.db.pool)
    .await
    .unwrap();
    for (i, text) in ["春节消费满额返现", "积分即将到期"].iter().enumerate() {
        let id = 9_000 + i as i64;
        sqlx::query(
            "INSERT INTO deliveries (id, campaign_id, customer_id, channel, status, attempts, next_attempt_at, sent_at, message) \
             VALUES ($1, 900, $2, 'app_push', 'sent', 1, $3, $3, $4)",
        )
        .bind(id)
        .bind(1 + i as i64 * 3)
        .bind(now - 10 + i as i64)
        .bind(*text)
        .execute(&app.db.pool)
        .await
        .unwrap();
        sqlx::query("INSERT INTO delivery_log (delivery_id, customer_id, channel, sent_at, message) VALUES ($1, $2, 'app_push', $3, $4)")
            .bind(id)
            .bind(1 + i as i64 * 3)
            .bind(now - 10 + i as i64)
            .bind(*text)
            .execute(&app.db.pool)
            .await
            .unwrap();
    }
    let before = app.get("/api/v1/me/home", &me).await.json["unread_messages"]
        .as_i64()
        .unwrap();
    assert!(before >= 1);
    let msgs = app.get("/api/v1/me/messages", &me).await;
    let items = msgs.json["items"].as_array().unwrap();
    assert!(items.iter().any(|m| m["message"] == "春节消费满额返现"));
    assert!(
        items.iter().all(|m| m["message"] != "积分即将到期"),
        "another customer's message"
    );
    let read = app
        .call(Method::POST, "/api/v1/me/messages/read", None, Some(&me))
        .await;
    assert_eq!(read.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/api/v1/me/home", &me).await.json["unread_messages"],
        0
    );

    // points: balance equals the ledger, history is paged
    let p = app.get("/api/v1/me/points?per_page=5", &me).await;
    assert_eq!(p.status, StatusCode::OK);
    let ledger = app
        .scalar("SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM points_ledger WHERE customer_id = 1")
        .await;
    assert_eq!(p.json["balance"], ledger);
    assert!(p.json["ledger"]["items"].as_array().unwrap().len() <= 5);
    assert_eq!(
        p.json["ledger"]["total"],
        app.scalar("SELECT COUNT(*) FROM points_ledger WHERE customer_id = 1")
            .await
    );
}

/// Every `/me` route that takes an id, given another customer's, answers 404
/// and changes nothing.
async fn every_portal_route_hides_other_customers(app: &TestApp) {
    let me = app.sign_in("cardholder").await;
    let agent = app.sign_in("agent").await;
    let theirs_card = app
        .scalar("SELECT MIN(id) FROM cards WHERE customer_id = 2 AND status = 'active'")
        .await;
    let theirs_tx = purchase(app, 2, 700_000, "别人的消费", 60).await;
    let theirs_cycle = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM statements WHERE card_id = {theirs_card}"
        ))
        .await;
    assert!(theirs_cycle > 0);
    // a ticket and a survey invitation of customer 2
    let t = app
        .call(
            Method::POST,
            "/api/v1/tickets",
            Some(json!({"customer_id": 2, "kind": "inquiry", "channel": "phone", "subject": "x", "body": "y"})),
            Some(&agent),
        )
        .await;
    assert_eq!(t.status, StatusCode::CREATED, "{}", t.json);
    let theirs_ticket = t.json["ticket"]["id"].as_i64().unwrap();
    let theirs_plan = {
        let other = app.sign_in("cardholder2").await;
        let r = convert(app, &other, theirs_tx, 3, "theirs").await;
        assert_eq!(r.status, StatusCode::CREATED);
        r.json["id"].as_i64().unwrap()
    };
    let cycle = cycle_now();
    let gets = [
        format!("/api/v1/me/cards/{theirs_card}"),
        format!("/api/v1/me/tickets/{theirs_ticket}"),
        format!("/api/v1/me/bills?card={theirs_card}&cycle={cycle}"),
        format!("/api/v1/me/bills.csv?card={theirs_card}&cycle={cycle}"),
        format!("/api/v1/me/installments/quote?transaction_id={theirs_tx}&months=3"),
    ];
    for path in &gets {
        let r = app.get(path, &me).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "GET {path}: {}", r.json);
    }
    let posts = [
        (format!("/api/v1/me/cards/{theirs_card}/lock"), json!({})),
        (format!("/api/v1/me/cards/{theirs_card}/unlock"), json!({})),
        (
            format!("/api/v1/me/cards/{theirs_card}/report-lost"),
            json!({}),
        ),
        (
            format!("/api/v1/me/tickets/{theirs_ticket}/replies"),
            json!({"body": "hi"}),
        ),
        (
            "/api/v1/me/installments".to_owned(),
            json!({"transaction_id": theirs_tx, "months": 3}),
        ),
    ];
    for (path, body) in &posts {
        let r = app
            .call_with(
                Method::POST,
                path,
                Some(body.to_string()),
                Some(&me),
                &[("idempotency-key", "probe")],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "POST {path}: {}", r.json);
    }
    // nothing of customer 2 changed, and their plan is not among mine
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM cards WHERE id = {theirs_card} AND status = 'active'"
        ))
        .await,
        1
    );
    let mine = app.get("/api/v1/me/installments", &me).await;
    assert!(
        mine.json
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["id"] != theirs_plan)
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM installment_plans WHERE customer_id = 1")
            .await,
        0
    );
    // staff cannot use the cardholder's routes
    let r = app.get("/api/v1/me/home", &agent).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

on_both!(
    installments_quote_convert_and_show_on_the_bill,
    a_campaign_makes_installments_interest_free,
    a_purchase_converts_once_however_many_race,
    bills_search_filter_and_csv,
    home_membership_learn_messages_and_points,
    every_portal_route_hides_other_customers,
);
