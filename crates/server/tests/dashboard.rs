//! Dashboards against raw rows: NPS, CSAT, active rate, delinquency buckets,
//! attrition and service counts are recomputed here straight from the tables
//! (with plain Rust, not the server's rules) and compared with the API; a
//! detractor answer flows through to the dashboard and opens a follow-up.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::{HashMap, HashSet};

use axum::http::{Method, StatusCode};
use chrono::{Datelike, Duration, NaiveDate};
use common::TestApp;
use serde_json::{Value, json};
use sqlx::Row;

const FROM: &str = "2024-12";
const TO: &str = "2026-11";

fn month_of_ts(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts + 8 * 3600, 0)
        .unwrap()
        .format("%Y-%m")
        .to_string()
}

fn day_of_ts(ts: i64) -> NaiveDate {
    chrono::DateTime::from_timestamp(ts + 8 * 3600, 0)
        .unwrap()
        .date_naive()
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn current_month() -> String {
    month_of_ts(chrono::Utc::now().timestamp())
}

/// Customer → (province, primary product code, segment), from raw rows.
async fn customer_dims(app: &TestApp) -> HashMap<i64, (String, String, String)> {
    let mut out = HashMap::new();
    let seg: HashMap<i64, String> =
        sqlx::query("SELECT customer_id, rfm_segment FROM customer_features")
            .fetch_all(&app.db.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| (r.get("customer_id"), r.get("rfm_segment")))
            .collect();
    let mut cards: HashMap<i64, Vec<(bool, bool, i64, String)>> = HashMap::new();
    for r in sqlx::query(
        "SELECT k.id, k.customer_id, k.status, k.is_primary, p.code FROM cards k \
         JOIN card_products p ON p.id = k.product_id",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
    {
        let status: String = r.get("status");
        let primary: i64 = r.get("is_primary");
        cards.entry(r.get("customer_id")).or_default().push((
            status == "closed",
            primary == 0,
            r.get("id"),
            r.get("code"),
        ));
    }
    for r in sqlx::query("SELECT id, province FROM customers")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
    {
        let id: i64 = r.get("id");
        let mut mine = cards.remove(&id).unwrap_or_default();
        mine.sort();
        let product = mine.first().map(|c| c.3.clone()).unwrap_or_default();
        let segment = seg.get(&id).cloned().unwrap_or_else(|| "unscored".into());
        out.insert(id, (r.get("province"), product, segment));
    }
    out
}

struct Survey {
    customer: i64,
    month: String,
    nps: Option<i64>,
    csat: Option<i64>,
}

async fn surveys(app: &TestApp) -> Vec<Survey> {
    sqlx::query("SELECT customer_id, responded_at, nps, csat FROM survey_responses")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| Survey {
            customer: r.get("customer_id"),
            month: month_of_ts(r.get("responded_at")),
            nps: r.get("nps"),
            csat: r.get("csat"),
        })
        .collect()
}

/// (n, promoters, detractors, csat n, csat sum, csat satisfied)
fn tally<'a>(rows: impl Iterator<Item = &'a Survey>) -> (i64, i64, i64, i64, i64, i64) {
    let mut t = (0, 0, 0, 0, 0, 0);
    for s in rows {
        if let Some(n) = s.nps {
            t.0 += 1;
            t.1 += i64::from(n >= 9);
            t.2 += i64::from(n <= 6);
        }
        if let Some(c) = s.csat {
            t.3 += 1;
            t.4 += c;
            t.5 += i64::from(c >= 4);
        }
    }
    t
}

fn check_tally(view: &Value, t: (i64, i64, i64, i64, i64, i64), what: &str) {
    assert_eq!(view["nps"]["n"], t.0, "{what}: NPS answers");
    assert_eq!(view["nps"]["promoters"], t.1, "{what}: promoters");
    assert_eq!(view["nps"]["detractors"], t.2, "{what}: detractors");
    if t.0 > 0 {
        let score = 100.0 * (t.1 - t.2) as f64 / t.0 as f64;
        let got = view["nps"]["score"].as_f64().unwrap();
        assert!((got - score).abs() < 1e-9, "{what}: NPS {got} vs {score}");
    }
    assert_eq!(view["csat"]["n"], t.3, "{what}: CSAT answers");
    assert_eq!(view["csat"]["sum"], t.4, "{what}: CSAT sum");
    assert_eq!(view["csat"]["satisfied"], t.5, "{what}: satisfied");
}

async fn satisfaction_matches_raw_rows(app: &TestApp) {
    let cookie = app.sign_in("manager").await;
    let all = surveys(app).await;
    let dims = customer_dims(app).await;
    assert!(all.len() > 10, "the demo has survey answers");
    let in_range = |s: &&Survey| s.month.as_str() >= FROM && s.month.as_str() <= TO;

    let r = app
        .get(
            &format!("/api/v1/dashboard/satisfaction?from={FROM}&to={TO}"),
            &cookie,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    check_tally(
        &r.json,
        tally(all.iter().filter(in_range)),
        "whole portfolio",
    );
    assert_eq!(r.json["by_month"].as_array().unwrap().len(), 24);
    // every month's row matches too
    for row in r.json["by_month"].as_array().unwrap() {
        let m = row["key"].as_str().unwrap();
        check_tally(row, tally(all.iter().filter(|s| s.month == m)), m);
    }
    // breakdowns add up to the whole, lowest NPS first
    let provinces = r.json["by_province"].as_array().unwrap();
    let n: i64 = provinces
        .iter()
        .map(|p| p["nps"]["n"].as_i64().unwrap())
        .sum();
    assert_eq!(n, r.json["nps"]["n"].as_i64().unwrap());
    let scores: Vec<f64> = provinces
        .iter()
        .filter_map(|p| p["nps"]["score"].as_f64())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] <= w[1]), "{scores:?}");

    // narrowed to one province and one product
    let (province, product, _) = dims
        .get(&all.iter().find(|s| s.nps.is_some()).unwrap().customer)
        .cloned()
        .unwrap();
    let url = format!(
        "/api/v1/dashboard/satisfaction?from={FROM}&to={TO}&province={}&product={product}",
        urlencoding(&province)
    );
    let r = app.get(&url, &cookie).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    let expected = tally(all.iter().filter(in_range).filter(|s| {
        let d = &dims[&s.customer];
        d.0 == province && d.1 == product
    }));
    assert!(expected.0 > 0);
    check_tally(&r.json, expected, "one province and product");
    for p in r.json["by_province"].as_array().unwrap() {
        assert_eq!(p["key"], province.as_str(), "only the chosen province");
    }
    // heat map cells are months × provinces of the selection
    let cells: i64 = r.json["heatmap"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["n"].as_i64().unwrap())
        .sum();
    assert_eq!(cells, expected.0);

    // bad filters are 422 and name the field; other roles are refused
    let bad = app
        .get("/api/v1/dashboard/satisfaction?from=2026-13", &cookie)
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.json["error"]["fields"]["from"].is_string(),
        "{}",
        bad.json
    );
    let reversed = app
        .get("/api/v1/dashboard/cards?from=2026-05&to=2026-01", &cookie)
        .await;
    assert_eq!(reversed.status, StatusCode::UNPROCESSABLE_ENTITY);
    let agent = app.sign_in("agent").await;
    let denied = app.get("/api/v1/dashboard/satisfaction", &agent).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
}

fn urlencoding(s: &str) -> String {
    crm_api::dashboard::encode(s)
}

struct Card {
    customer: i64,
    product: String,
    opened: NaiveDate,
    closed: Option<NaiveDate>,
    tx_days: Vec<NaiveDate>,
}

fn month_end(month: &str, today: NaiveDate) -> NaiveDate {
    let first = date(&format!("{month}-01"));
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1).unwrap()
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1).unwrap()
    };
    (next - Duration::days(1)).min(today)
}

async fn card_kpis_match_raw_rows(app: &TestApp) {
    let cookie = app.sign_in("manager").await;
    let today = common::as_of();
    let mut cards: HashMap<i64, Card> = HashMap::new();
    for r in sqlx::query(
        "SELECT k.id, k.customer_id, p.code, k.opened_on, k.closed_on FROM cards k \
         JOIN card_products p ON p.id = k.product_id",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
    {
        let closed: Option<String> = r.get("closed_on");
        cards.insert(
            r.get("id"),
            Card {
                customer: r.get("customer_id"),
                product: r.get("code"),
                opened: date(&r.get::<String, _>("opened_on")),
                closed: closed.map(|c| date(&c)),
                tx_days: Vec::new(),
            },
        );
    }
    for r in sqlx::query("SELECT card_id, occurred_at FROM transactions WHERE amount_fen > 0")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
    {
        let card: i64 = r.get("card_id");
        cards
            .get_mut(&card)
            .unwrap()
            .tx_days
            .push(day_of_ts(r.get("occurred_at")));
    }
    struct Stmt {
        card: i64,
        due: String,
        dpd: i64,
    }
    let statements: Vec<Stmt> =
        sqlx::query("SELECT card_id, due_date, days_past_due FROM statements")
            .fetch_all(&app.db.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| Stmt {
                card: r.get("card_id"),
                due: r.get("due_date"),
                dpd: r.get("days_past_due"),
            })
            .collect();

    let dims = customer_dims(app).await;
    for (label, filter, keep) in [
        ("all", String::new(), None::<(String, String)>),
        (
            "one province and product",
            String::new(),
            Some(("".into(), "".into())),
        ),
    ] {
        // pick the busiest province and its most common product for the narrowed pass
        let keep = keep.map(|_| {
            let mut count: HashMap<(String, String), usize> = HashMap::new();
            for c in cards.values() {
                *count
                    .entry((dims[&c.customer].0.clone(), c.product.clone()))
                    .or_default() += 1;
            }
            count
                .into_iter()
                .max_by_key(|(k, n)| (*n, k.clone()))
                .unwrap()
                .0
        });
        let filter = match &keep {
            Some((p, prod)) => format!("{filter}&province={}&product={prod}", urlencoding(p)),
            None => filter,
        };
        let selected: Vec<&Card> = cards
            .values()
            .filter(|c| {
                keep.as_ref()
                    .is_none_or(|(p, prod)| dims[&c.customer].0 == *p && c.product == *prod)
            })
            .collect();
        let selected_ids: HashSet<*const Card> =
            selected.iter().map(|c| *c as *const Card).collect();
        let r = app
            .get(
                &format!("/api/v1/dashboard/cards?from={FROM}&to={TO}{filter}"),
                &cookie,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.json);
        let by_month = r.json["by_month"].as_array().unwrap();
        assert_eq!(by_month.len(), 24);
        for m in by_month {
            let month = m["key"].as_str().unwrap();
            let end = month_end(month, today);
            let mut in_force = 0;
            let mut active30 = 0;
            let mut active90 = 0;
            let mut closed = 0;
            let mut opened = 0;
            for c in &selected {
                let open = c.opened <= end && c.closed.is_none_or(|d| d > end);
                let last = c.tx_days.iter().filter(|d| **d <= end).max();
                in_force += i64::from(open);
                active30 += i64::from(open && last.is_some_and(|d| (end - *d).num_days() < 30));
                active90 += i64::from(open && last.is_some_and(|d| (end - *d).num_days() < 90));
                closed += i64::from(
                    c.closed
                        .is_some_and(|d| d.format("%Y-%m").to_string() == month),
                );
                opened += i64::from(c.opened.format("%Y-%m").to_string() == month);
            }
            assert_eq!(m["in_force"], in_force, "{label} {month}: in force");
            assert_eq!(m["active_30"], active30, "{label} {month}: active 30");
            assert_eq!(m["active_90"], active90, "{label} {month}: active 90");
            assert_eq!(
                m["dormant"],
                in_force - active90,
                "{label} {month}: dormant"
            );
            assert_eq!(m["closed"], closed, "{label} {month}: closed");
            assert_eq!(m["new_cards"], opened, "{label} {month}: new");
            // delinquency buckets from the statements due that month (and already due)
            let mut buckets = [0_i64; 4];
            let mut due = 0;
            for s in &statements {
                let card = &cards[&s.card];
                if !selected_ids.contains(&(card as *const Card))
                    || &s.due[..7] != month
                    || date(&s.due) >= today
                {
                    continue;
                }
                due += 1;
                match s.dpd {
                    0 => {}
                    1..=30 => buckets[0] += 1,
                    31..=60 => buckets[1] += 1,
                    61..=90 => buckets[2] += 1,
                    _ => buckets[3] += 1,
                }
            }
            assert_eq!(m["statements"], due, "{label} {month}: statements due");
            assert_eq!(
                [
                    m["dpd_1_30"].as_i64().unwrap(),
                    m["dpd_31_60"].as_i64().unwrap(),
                    m["dpd_61_90"].as_i64().unwrap(),
                    m["dpd_90_plus"].as_i64().unwrap()
                ],
                buckets,
                "{label} {month}: delinquency buckets"
            );
        }
        assert_eq!(r.json["latest"]["key"], TO);
        assert_eq!(r.json["previous"]["key"], "2026-10");
    }
    // the portfolio has real activity to measure
    let r = app
        .get(
            &format!("/api/v1/dashboard/cards?from={FROM}&to={TO}"),
            &cookie,
        )
        .await;
    assert!(r.json["latest"]["in_force"].as_i64().unwrap() > 0);
    assert!(r.json["total"]["spend_fen"].as_i64().unwrap() > 0);
    assert!(r.json["by_product"].as_array().unwrap().len() > 1);

    // drill-down: the delinquent customers of the range are exactly those with a past-due statement
    let expected: HashSet<i64> = statements
        .iter()
        .filter(|s| s.dpd > 0 && s.due.as_str() >= "2024-12-01" && date(&s.due) < today)
        .map(|s| cards[&s.card].customer)
        .collect();
    let d = app
        .get(
            &format!("/api/v1/dashboard/drill?metric=delinquent&from={FROM}&to={TO}&per_page=100"),
            &cookie,
        )
        .await;
    assert_eq!(d.status, StatusCode::OK, "{}", d.json);
    let got: HashSet<i64> = d.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["customer_id"].as_i64().unwrap())
        .collect();
    assert_eq!(got, expected);
    assert_eq!(d.json["total"], expected.len() as i64);
    let bad = app
        .get("/api/v1/dashboard/drill?metric=everything", &cookie)
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn service_counts_match_raw_rows(app: &TestApp) {
    let cookie = app.sign_in("manager").await;
    let rows = sqlx::query("SELECT occurred_at, channel, outcome FROM service_interactions")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    let mut by_channel: HashMap<String, (i64, i64)> = HashMap::new();
    for r in &rows {
        let month = month_of_ts(r.get("occurred_at"));
        if month.as_str() < FROM || month.as_str() > TO {
            continue;
        }
        let e = by_channel.entry(r.get("channel")).or_default();
        e.0 += 1;
        e.1 += i64::from(r.get::<String, _>("outcome") == "pending");
    }
    let s = app
        .get(
            &format!("/api/v1/dashboard/service?from={FROM}&to={TO}"),
            &cookie,
        )
        .await;
    assert_eq!(s.status, StatusCode::OK, "{}", s.json);
    let got: HashMap<String, (i64, i64)> = s.json["by_channel"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["key"].as_str().unwrap().to_owned(),
                (
                    c["interactions"].as_i64().unwrap(),
                    c["pending"].as_i64().unwrap(),
                ),
            )
        })
        .collect();
    assert_eq!(got, by_channel);
    assert_eq!(s.json["sla"].as_array().unwrap().len(), 6);
}

async fn a_detractor_answer_reaches_the_dashboard_and_opens_a_follow_up(app: &TestApp) {
    let manager = app.sign_in("manager").await;
    let month = current_month();
    let url = format!("/api/v1/dashboard/satisfaction?from={month}&to={month}");
    let before = app.get(&url, &manager).await.json;
    let customer = 3;
    let body = json!({
        "customer_id": customer, "survey": "relationship", "nps": 2,
        "comment": "等待时间太长了", "channel": "phone"
    });
    let post = |key: &'static str, body: Value| {
        let manager = manager.clone();
        async move {
            app.call_with(
                Method::POST,
                "/api/v1/survey-responses",
                Some(body.to_string()),
                Some(&manager),
                &[("Idempotency-Key", key)],
            )
            .await
        }
    };
    let created = post("k-1", body.clone()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.json);
    assert_eq!(created.json["topic"], "wait_time");
    let task = created.json["follow_up_id"]
        .as_i64()
        .expect("a follow-up task");
    // a retry with the same key changes nothing
    let again = post("k-1", body.clone()).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json["id"], created.json["id"]);
    let n: i64 = app
        .scalar("SELECT COUNT(*) FROM survey_responses WHERE idempotency_key = 'survey:k-1'")
        .await;
    assert_eq!(n, 1);
    // bad input is refused and writes nothing
    let total_before = app.scalar("SELECT COUNT(*) FROM survey_responses").await;
    let bad = post(
        "k-2",
        json!({"customer_id": customer, "survey": "relationship", "nps": 11, "channel": "phone"}),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.json["error"]["fields"]["nps"].is_string());
    let no_key = app
        .call(
            Method::POST,
            "/api/v1/survey-responses",
            Some(body.clone()),
            Some(&manager),
        )
        .await;
    assert_eq!(no_key.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = post(
        "k-3",
        json!({"customer_id": 999_999, "survey": "relationship", "nps": 5, "channel": "phone"}),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM survey_responses").await,
        total_before
    );

    // the dashboard has it at once
    let after = app.get(&url, &manager).await.json;
    assert_eq!(
        after["nps"]["detractors"].as_i64().unwrap(),
        before["nps"]["detractors"].as_i64().unwrap() + 1
    );
    assert_eq!(
        after["follow_ups"]["open"].as_i64().unwrap(),
        before["follow_ups"]["open"].as_i64().unwrap() + 1
    );
    let topic = |v: &Value| {
        v["topics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["topic"] == "wait_time")
            .map_or(0, |t| t["count"].as_i64().unwrap())
    };
    assert_eq!(topic(&after), topic(&before) + 1);
    let comments = app
        .get(
            &format!("/api/v1/dashboard/comments?from={month}&to={month}&q=%E7%AD%89%E5%BE%85"),
            &manager,
        )
        .await;
    assert!(
        comments.json["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == created.json["id"])
    );
    assert!(
        comments.json["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["comment"].as_str().unwrap().contains("等待"))
    );

    // the branch sees the task and closes it, once, at the version read
    let list = app
        .get("/api/v1/follow-ups?status=open&per_page=100", &manager)
        .await;
    assert_eq!(list.status, StatusCode::OK);
    let item = list.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == task)
        .cloned()
        .expect("the new task is listed");
    assert_eq!(item["customer_id"], customer);
    let agent = app.sign_in("agent").await;
    let path = format!("/api/v1/follow-ups/{task}/close");
    let empty = app
        .call(
            Method::POST,
            &path,
            Some(json!({"version": 1, "note": " "})),
            Some(&agent),
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let stale = app
        .call(
            Method::POST,
            &path,
            Some(json!({"version": 9, "note": "已回访"})),
            Some(&agent),
        )
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    let done = app
        .call(
            Method::POST,
            &path,
            Some(json!({"version": 1, "note": "已回访，客户满意"})),
            Some(&agent),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.json);
    assert_eq!(done.json["status"], "done");
    let twice = app
        .call(
            Method::POST,
            &path,
            Some(json!({"version": 2, "note": "again"})),
            Some(&agent),
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);

    // a cardholder answers for themselves only, whatever the body says
    let me = app.sign_in("cardholder").await;
    let mine = app
        .call_with(
            Method::POST,
            "/api/v1/me/survey-responses",
            Some(
                json!({"customer_id": 2, "survey": "service_csat", "csat": 5, "channel": "app"})
                    .to_string(),
            ),
            Some(&me),
            &[("Idempotency-Key", "me-1")],
        )
        .await;
    assert_eq!(mine.status, StatusCode::CREATED, "{}", mine.json);
    assert_eq!(mine.json["customer_id"], 1);
    assert!(mine.json["follow_up_id"].is_null());
    let staff_route = app
        .call_with(
            Method::POST,
            "/api/v1/survey-responses",
            Some(body.to_string()),
            Some(&me),
            &[("Idempotency-Key", "me-2")],
        )
        .await;
    assert_eq!(staff_route.status, StatusCode::FORBIDDEN);
}

async fn rollups_follow_a_rebuild(app: &TestApp) {
    // a rebuild from raw rows gives what the incremental updates gave
    let manager = app.sign_in("manager").await;
    let body = json!({"customer_id": 5, "survey": "service_csat", "csat": 1, "channel": "app",
                      "comment": "问题没有解决"});
    let r = app
        .call_with(
            Method::POST,
            "/api/v1/survey-responses",
            Some(body.to_string()),
            Some(&manager),
            &[("Idempotency-Key", "rb-1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    let month = current_month();
    let url = format!("/api/v1/dashboard/satisfaction?from={FROM}&to={month}");
    let live = app.get(&url, &manager).await.json;
    crm_server::dashboard::rollups::rebuild(&app.db, chrono::Utc::now().timestamp())
        .await
        .unwrap();
    let rebuilt = app.get(&url, &manager).await.json;
    assert_eq!(live["nps"], rebuilt["nps"]);
    assert_eq!(live["csat"], rebuilt["csat"]);
    assert_eq!(live["topics"], rebuilt["topics"]);
}

async fn survey_invitations_follow_their_triggers(app: &TestApp) {
    let now = common::now_for_tests();
    let invitations = |customer: i64, survey: &'static str| {
        let db = app.db.clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM survey_invitations WHERE customer_id = $1 AND survey = $2",
            )
            .bind(customer)
            .bind(survey)
            .fetch_one(&db.pool)
            .await
            .unwrap()
        }
    };
    // a service request that just closed invites its customer, once
    let add_interaction = |customer: i64, outcome: &'static str| {
        let db = app.db.clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO service_interactions (customer_id, occurred_at, channel, kind, outcome, \
                     first_response_secs, resolution_secs, summary) \
                 VALUES ($1, $2, 'phone', 'complaint', $3, 30, 600, '投诉处理') RETURNING id",
            )
            .bind(customer)
            .bind(now - 3600)
            .bind(outcome)
            .fetch_one(&db.pool)
            .await
            .unwrap()
        }
    };
    sqlx::query("UPDATE customers SET do_not_disturb = 0 WHERE id IN (3, 4)")
        .execute(&app.db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE customers SET do_not_disturb = 1 WHERE id = 6")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let before = invitations(3, "service_csat").await;
    let closed = add_interaction(3, "resolved").await;
    add_interaction(4, "pending").await;
    let pending_before = invitations(4, "service_csat").await;
    add_interaction(6, "resolved").await;
    let dnd_before = invitations(6, "service_csat").await;
    crm_server::db::surveys::invite_due(&app.db, now)
        .await
        .unwrap();
    crm_server::db::surveys::invite_due(&app.db, now + 60)
        .await
        .unwrap();
    assert_eq!(
        invitations(3, "service_csat").await,
        before + 1,
        "invited once"
    );
    let touchpoint: String =
        sqlx::query_scalar("SELECT touchpoint FROM survey_invitations WHERE interaction_id = $1")
            .bind(closed)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(touchpoint, "complaint_handling");
    assert_eq!(
        invitations(4, "service_csat").await,
        pending_before,
        "still open: not yet"
    );
    assert_eq!(
        invitations(6, "service_csat").await,
        dnd_before,
        "do not disturb"
    );

    // a campaign response invites a campaign survey
    let member: Option<i64> = sqlx::query_scalar(
        "SELECT m.customer_id FROM campaign_members m JOIN customers c ON c.id = m.customer_id \
         WHERE m.arm = 'treatment' AND c.do_not_disturb = 0 AND NOT EXISTS \
           (SELECT 1 FROM campaign_responses r WHERE r.campaign_id = m.campaign_id \
            AND r.customer_id = m.customer_id) ORDER BY m.campaign_id, m.customer_id LIMIT 1",
    )
    .fetch_optional(&app.db.pool)
    .await
    .unwrap();
    let member = member.expect("the demo has campaign members without a response");
    let campaign: i64 = sqlx::query_scalar(
        "SELECT MIN(campaign_id) FROM campaign_members WHERE customer_id = $1 AND arm = 'treatment'",
    )
    .bind(member)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO campaign_responses (campaign_id, customer_id, arm, responded_at, kind, amount_fen) \
         VALUES ($1, $2, 'treatment', $3, 'spend', 10000) \
         ON CONFLICT (campaign_id, customer_id) DO NOTHING",
    )
    .bind(campaign)
    .bind(member)
    .bind(now - 600)
    .execute(&app.db.pool)
    .await
    .unwrap();
    crm_server::db::surveys::invite_due(&app.db, now)
        .await
        .unwrap();
    let invited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM survey_invitations WHERE customer_id = $1 AND campaign_id = $2 \
         AND survey = 'campaign_csat'",
    )
    .bind(member)
    .bind(campaign)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(invited, 1);

    // the periodic survey: this month's twelfth of the customers, unless asked within a year
    let month0 = i64::from(common::as_of().month0());
    let due: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM customers WHERE do_not_disturb = 0 ORDER BY id")
            .fetch_all(&app.db.pool)
            .await
            .unwrap()
            .into_iter()
            .filter(|id: &i64| id % 12 == month0)
            .collect();
    for id in &due {
        let recent: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM survey_responses WHERE customer_id = $1 \
             AND touchpoint = 'relationship' AND responded_at >= $2",
        )
        .bind(id)
        .bind(now - 365 * 86_400)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        let n = invitations(*id, "relationship").await;
        if recent > 0 {
            assert_eq!(n, 0, "customer {id} answered within a year");
        } else {
            assert_eq!(n, 1, "customer {id} is due this month");
        }
    }

    // the cardholder answers the invitation in the portal, once
    let me = app.sign_in("cardholder").await;
    let open = app.get("/api/v1/me/surveys", &me).await;
    assert_eq!(open.status, StatusCode::OK);
    let invitation = open
        .json
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["survey"] == "relationship")
        .cloned()
        .expect("the demo cardholder has a relationship survey waiting");
    let id = invitation["id"].as_i64().unwrap();
    let answer = |key: &'static str, body: Value| {
        let me = me.clone();
        async move {
            app.call_with(
                Method::POST,
                "/api/v1/me/survey-responses",
                Some(body.to_string()),
                Some(&me),
                &[("Idempotency-Key", key)],
            )
            .await
        }
    };
    let wrong = answer(
        "inv-0",
        json!({"invitation_id": id, "survey": "service_csat", "csat": 5, "channel": "app"}),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ok = answer(
        "inv-1",
        json!({"invitation_id": id, "survey": "relationship", "nps": 9,
        "product_fit": 4, "rewards_value": 3, "channel": "app"}),
    )
    .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.json);
    assert_eq!(ok.json["touchpoint"], "relationship");
    let again = answer(
        "inv-2",
        json!({"invitation_id": id, "survey": "relationship", "nps": 3, "channel": "app"}),
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let after = app.get("/api/v1/me/surveys", &me).await;
    assert!(after.json.as_array().unwrap().iter().all(|i| i["id"] != id));
    // someone else's invitation is not found
    let other: i64 =
        sqlx::query_scalar("SELECT MIN(id) FROM survey_invitations WHERE customer_id <> 1")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let theirs = answer(
        "inv-3",
        json!({"invitation_id": other, "survey": "relationship", "nps": 9, "channel": "app"}),
    )
    .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
}

on_both!(
    survey_invitations_follow_their_triggers,
    satisfaction_matches_raw_rows,
    card_kpis_match_raw_rows,
    service_counts_match_raw_rows,
    a_detractor_answer_reaches_the_dashboard_and_opens_a_follow_up,
    rollups_follow_a_rebuild,
);
