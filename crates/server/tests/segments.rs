//! Segment rules compiled to SQL select exactly the customers the in-memory
//! evaluator picks from their facts, on SQLite and PostgreSQL: every field with
//! every operator and values taken from the data (medians, boundaries, existing
//! provinces, branch codes and campaign ids), plus random nested AND/OR trees.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{Datelike, Duration, NaiveDate};
use common::{TestApp, now_for_tests};
use crm_api::segments::{Field, FieldKind, Logic, Op, Rule, SpendWindow, Value, ready_made};
use crm_api::{Category, ConsentChannel};
use crm_server::db::segments::{count, load_facts, matching_ids};
use crm_server::domain::scope::Scope;
use crm_server::domain::segments::{Facts, evaluate};
use crm_server::domain::time::local_date;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Every field the rules know; the match makes a new `Field` variant a compile error here.
fn all_fields() -> Vec<Field> {
    fn covered(field: Field) {
        match field {
            Field::Age
            | Field::Gender
            | Field::Province
            | Field::City
            | Field::Residence
            | Field::Occupation
            | Field::IncomeBand
            | Field::Branch
            | Field::Product
            | Field::Tier
            | Field::CardStatus
            | Field::TenureMonths
            | Field::CreditLimit
            | Field::Utilisation
            | Field::CategorySpend { .. }
            | Field::TxCount12m
            | Field::LastTxDate
            | Field::RfmSegment
            | Field::RfmR
            | Field::RfmF
            | Field::RfmM
            | Field::PAlive
            | Field::Clv
            | Field::ChurnBand
            | Field::RiskBand
            | Field::ValueTier
            | Field::PointsBalance
            | Field::PointsExpiring
            | Field::Consent { .. }
            | Field::DoNotDisturb
            | Field::ReceivedCampaign
            | Field::RespondedCampaign => {}
        }
    }
    let mut fields = vec![
        Field::Age,
        Field::Gender,
        Field::Province,
        Field::City,
        Field::Residence,
        Field::Occupation,
        Field::IncomeBand,
        Field::Branch,
        Field::Product,
        Field::Tier,
        Field::CardStatus,
        Field::TenureMonths,
        Field::CreditLimit,
        Field::Utilisation,
        Field::TxCount12m,
        Field::LastTxDate,
        Field::RfmSegment,
        Field::RfmR,
        Field::RfmF,
        Field::RfmM,
        Field::PAlive,
        Field::Clv,
        Field::ChurnBand,
        Field::RiskBand,
        Field::ValueTier,
        Field::PointsBalance,
        Field::PointsExpiring,
        Field::DoNotDisturb,
        Field::ReceivedCampaign,
        Field::RespondedCampaign,
    ];
    for category in Category::ALL {
        for window in [
            SpendWindow::Days30,
            SpendWindow::Days90,
            SpendWindow::Days365,
        ] {
            fields.push(Field::CategorySpend {
                category: *category,
                window,
            });
        }
    }
    for channel in ConsentChannel::ALL {
        fields.push(Field::Consent { channel: *channel });
    }
    fields.iter().copied().for_each(covered);
    fields
}

fn list(items: &[String]) -> Value {
    Value::List(items.to_vec())
}

/// Adds campaigns with deliveries and responses, and edits a few customers so
/// that boundaries and missing values occur: birthdays today and tomorrow,
/// leap-day births, no feature row, no purchase, a purchase exactly 30 days
/// ago, an exact utilisation, no open card, do-not-disturb. Returns the campaign ids.
async fn prepare(app: &TestApp, today: NaiveDate, now: i64) -> Vec<i64> {
    let pool = &app.db.pool;
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM customers ORDER BY id")
        .fetch_all(pool)
        .await
        .unwrap();
    assert!(ids.len() >= 20);
    let user = app.scalar("SELECT MIN(id) FROM users").await;

    let mut campaigns = Vec::new();
    for name in ["春节返现", "旅行加油", "未发送"] {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO campaigns (name, status, holdout_seed, created_by, created_at, updated_at) \
             VALUES ($1, 'launched', 7, $2, $3, $3) RETURNING id",
        )
        .bind(name)
        .bind(user)
        .bind(now)
        .fetch_one(pool)
        .await
        .unwrap();
        campaigns.push(id);
    }
    let (a, b, c) = (campaigns[0], campaigns[1], campaigns[2]);
    let mut deliveries = Vec::new();
    let mut responses = Vec::new();
    for (i, id) in ids.iter().copied().enumerate() {
        match i % 3 {
            0 => deliveries.push((a, id, "sent")),
            1 => deliveries.push((a, id, "failed")),
            _ => {}
        }
        match i % 4 {
            1 => deliveries.push((b, id, "sent")),
            2 => deliveries.push((b, id, "suppressed")),
            _ => {}
        }
        match i % 6 {
            0 => responses.push((a, id, "treatment")),
            3 => responses.push((a, id, "control")),
            _ => {}
        }
        if i % 8 == 1 {
            responses.push((b, id, "treatment"));
        }
        if i % 5 == 0 {
            responses.push((c, id, "control"));
        }
    }
    for (campaign, customer, status) in deliveries {
        sqlx::query(
            "INSERT INTO deliveries (campaign_id, customer_id, channel, status, next_attempt_at, sent_at, message) \
             VALUES ($1, $2, 'sms', $3, $4, $4, '您好')",
        )
        .bind(campaign)
        .bind(customer)
        .bind(status)
        .bind(now - 86_400)
        .execute(pool)
        .await
        .unwrap();
    }
    for (campaign, customer, arm) in responses {
        sqlx::query(
            "INSERT INTO campaign_responses (campaign_id, customer_id, arm, responded_at, kind, amount_fen) \
             VALUES ($1, $2, $3, $4, 'purchase', 100)",
        )
        .bind(campaign)
        .bind(customer)
        .bind(arm)
        .bind(now - 3_600)
        .execute(pool)
        .await
        .unwrap();
    }

    let thirty = NaiveDate::from_ymd_opt(today.year() - 30, today.month(), today.day()).unwrap();
    let births = [
        thirty,
        thirty + Duration::days(1),
        thirty - Duration::days(1),
        NaiveDate::from_ymd_opt(2000, 2, 29).unwrap(),
        NaiveDate::from_ymd_opt(1999, 2, 28).unwrap(),
        NaiveDate::from_ymd_opt(1999, 3, 1).unwrap(),
        NaiveDate::from_ymd_opt(2004, 2, 29).unwrap(),
    ];
    for (id, birth) in ids.iter().zip(births) {
        sqlx::query("UPDATE customers SET birth_date = $1 WHERE id = $2")
            .bind(birth.format("%Y-%m-%d").to_string())
            .bind(*id)
            .execute(pool)
            .await
            .unwrap();
    }
    let exec = |sql: String| async move {
        sqlx::query(&sql).execute(pool).await.unwrap();
    };
    // Not scored yet (one without category spend either).
    for id in &ids[7..10] {
        exec(format!(
            "DELETE FROM customer_features WHERE customer_id = {id}"
        ))
        .await;
    }
    exec(format!(
        "DELETE FROM customer_category_spend WHERE customer_id = {}",
        ids[9]
    ))
    .await;
    exec(format!(
        "UPDATE customer_features SET last_tx_at = NULL WHERE customer_id = {}",
        ids[10]
    ))
    .await;
    let month_ago = now - 30 * 86_400;
    exec(format!(
        "UPDATE customer_features SET last_tx_at = {month_ago} WHERE customer_id = {}",
        ids[11]
    ))
    .await;
    exec(format!(
        "UPDATE customer_features SET last_tx_at = {} WHERE customer_id = {}",
        month_ago - 1,
        ids[12]
    ))
    .await;
    exec(format!(
        "UPDATE customer_features SET utilisation = 0.5 WHERE customer_id = {}",
        ids[13]
    ))
    .await;
    exec(format!(
        "UPDATE customer_features SET utilisation = 0.5 WHERE customer_id = {}",
        ids[14]
    ))
    .await;
    exec(format!(
        "UPDATE cards SET status = 'closed', closed_on = '2026-01-01' WHERE customer_id = {}",
        ids[15]
    ))
    .await;
    exec(format!(
        "UPDATE cards SET status = 'lost' WHERE customer_id = {}",
        ids[16]
    ))
    .await;
    exec(format!(
        "UPDATE customers SET consent_sms = 1, do_not_disturb = 1 WHERE id = {}",
        ids[17]
    ))
    .await;
    exec(format!(
        "UPDATE customers SET consent_sms = 1, do_not_disturb = 0 WHERE id = {}",
        ids[18]
    ))
    .await;
    campaigns
}

/// Sorted distinct values.
fn distinct(mut values: Vec<String>) -> Vec<String> {
    values.sort();
    values.dedup();
    values
}

/// Conditions for every field × allowed operator, with values from the data.
fn conditions(facts: &[(i64, Facts)], campaigns: &[i64], today: NaiveDate, now: i64) -> Vec<Rule> {
    let mut out = Vec::new();
    for field in all_fields() {
        for &op in field.ops() {
            for value in values(field, op, facts, campaigns, today, now) {
                out.push(Rule::when(field, op, value));
            }
        }
    }
    out
}

fn values(
    field: Field,
    op: Op,
    facts: &[(i64, Facts)],
    campaigns: &[i64],
    today: NaiveDate,
    now: i64,
) -> Vec<Value> {
    if matches!(op, Op::IsEmpty | Op::IsNotEmpty | Op::IsTrue | Op::IsFalse) {
        return vec![Value::None];
    }
    let (lo, hi) = field.bounds();
    let fit = |n: f64| n.clamp(lo, hi);
    match field.kind() {
        FieldKind::Number => {
            let mut seen: Vec<f64> = facts
                .iter()
                .filter_map(|(_, f)| f.number(field, today))
                .collect();
            seen.sort_by(f64::total_cmp);
            if seen.is_empty() {
                seen.push(0.0);
            }
            let at = |q: f64| seen[((seen.len() - 1) as f64 * q).round() as usize];
            let (min, q1, median, q3, max) = (at(0.0), at(0.25), at(0.5), at(0.75), at(1.0));
            // A value between observations, to exercise the rounding of integer bounds.
            let between = fit(median + 0.5);
            let numbers = match op {
                Op::Eq | Op::Ne => vec![median, min, max, between],
                Op::Between => {
                    return vec![
                        Value::Range(q1, q3),
                        Value::Range(median, median),
                        Value::Range(min, between),
                        Value::Range(fit(q1 + 0.5), fit(max - 0.5).max(fit(q1 + 0.5))),
                    ];
                }
                _ => vec![q1, median, q3, between, min, max],
            };
            numbers.into_iter().map(|n| Value::Number(fit(n))).collect()
        }
        FieldKind::Enum | FieldKind::Text => {
            let mut options: Vec<String> =
                field.options().iter().map(|s| (*s).to_owned()).collect();
            if options.is_empty() {
                let seen = distinct(
                    facts
                        .iter()
                        .filter_map(|(_, f)| f.text(field).map(str::to_owned))
                        .collect(),
                );
                // A few of those seen, and one nobody has.
                options = seen.into_iter().step_by(3).take(4).collect();
                options.push("不存在".to_owned());
            }
            match op {
                Op::Eq | Op::Ne => options.into_iter().map(Value::Text).collect(),
                _ => {
                    let mut lists: Vec<Value> = options
                        .iter()
                        .map(|o| list(std::slice::from_ref(o)))
                        .collect();
                    lists.push(list(&options[..options.len().min(2)]));
                    lists.push(list(&options[options.len() / 2..]));
                    lists
                }
            }
        }
        FieldKind::Set => {
            let mut options: Vec<String> =
                field.options().iter().map(|s| (*s).to_owned()).collect();
            if options.is_empty() {
                options = campaigns.iter().map(ToString::to_string).collect();
                options.push("999999".to_owned());
            }
            let mut lists: Vec<Value> = options
                .iter()
                .map(|o| list(std::slice::from_ref(o)))
                .collect();
            lists.push(list(&options[..options.len().min(2)]));
            lists.push(list(&options[1..]));
            lists
        }
        FieldKind::Date => {
            let mut days = vec![1.0, 7.0, 30.0, 31.0, 90.0, 180.0, 365.0, 3650.0];
            let mut ages: Vec<i64> = facts
                .iter()
                .filter_map(|(_, f)| f.features.as_ref().and_then(|x| x.last_tx_at))
                .map(|at| (now - at).div_euclid(86_400) + 1)
                .collect();
            ages.sort_unstable();
            if let Some(median) = ages.get(ages.len() / 2) {
                days.push((*median).clamp(1, 3650) as f64);
            }
            days.into_iter().map(Value::Number).collect()
        }
        FieldKind::Flag => vec![Value::None],
    }
}

/// A random tree of groups (at most 5 deep) over `pool`, with at most `budget` conditions.
fn random_tree(rng: &mut ChaCha8Rng, pool: &[Rule], depth: usize, budget: &mut usize) -> Rule {
    let logic = if rng.gen_bool(0.5) {
        Logic::And
    } else {
        Logic::Or
    };
    let n = if rng.gen_bool(0.05) {
        0
    } else {
        rng.gen_range(1..=4)
    };
    let mut rules = Vec::new();
    for _ in 0..n {
        if *budget == 0 {
            break;
        }
        if depth < 5 && rng.gen_bool(0.3) {
            rules.push(random_tree(rng, pool, depth + 1, budget));
        } else {
            *budget -= 1;
            rules.push(pool.choose(rng).cloned().unwrap());
        }
    }
    Rule::Group { logic, rules }
}

/// Tallies of how many rules were checked and how many split the customers.
#[derive(Default)]
struct Tally {
    rules: usize,
    nobody: usize,
    everybody: usize,
}

impl Tally {
    fn some(&self) -> usize {
        self.rules - self.nobody - self.everybody
    }
}

/// Asserts that the SQL and the in-memory evaluator agree on `rule`.
async fn agree(
    app: &TestApp,
    facts: &[(i64, Facts)],
    rule: &Rule,
    today: NaiveDate,
    now: i64,
    tally: &mut Tally,
) {
    assert!(
        rule.validate().is_ok(),
        "generated an invalid rule: {}",
        serde_json::to_string(rule).unwrap()
    );
    let sql = matching_ids(&app.db, &Scope::All, rule, today, now)
        .await
        .unwrap();
    let memory: Vec<i64> = facts
        .iter()
        .filter(|(_, f)| evaluate(rule, f, today, now))
        .map(|(id, _)| *id)
        .collect();
    if sql != memory {
        let only_sql: Vec<_> = sql.iter().filter(|id| !memory.contains(id)).collect();
        let only_memory: Vec<_> = memory.iter().filter(|id| !sql.contains(id)).collect();
        let compiled = crm_server::domain::segments::compile(rule, 1, today, now);
        panic!(
            "{:?}: SQL and memory disagree on {} (today {today})\nonly SQL: {only_sql:?}\nonly memory: {only_memory:?}\nSQL: {}\nbinds: {:?}",
            app.kind(),
            serde_json::to_string(rule).unwrap(),
            compiled.sql,
            compiled.binds
        );
    }
    let n = count(&app.db, &Scope::All, rule, today, now).await.unwrap();
    assert_eq!(
        n,
        sql.len() as i64,
        "count of {}",
        serde_json::to_string(rule).unwrap()
    );
    tally.rules += 1;
    if sql.is_empty() {
        tally.nobody += 1;
    } else if sql.len() == facts.len() {
        tally.everybody += 1;
    }
}

async fn sql_and_memory_agree(app: &TestApp) {
    let now = now_for_tests();
    let today = local_date(now);
    let campaigns = prepare(app, today, now).await;
    let facts = load_facts(&app.db).await.unwrap();
    assert_eq!(facts.len(), common::CUSTOMERS as usize);
    assert_eq!(
        facts.iter().filter(|(_, f)| f.features.is_none()).count(),
        3
    );
    assert!(facts.iter().any(|(_, f)| !f.received_campaigns.is_empty()));
    assert!(facts.iter().any(|(_, f)| !f.responded_campaigns.is_empty()));

    // (a) every field × operator × values from the data.
    let pool = conditions(&facts, &campaigns, today, now);
    let mut single = Tally::default();
    for rule in &pool {
        agree(app, &facts, rule, today, now, &mut single).await;
    }
    // Fields looked at: every one of them.
    let fields: std::collections::HashSet<Field> = pool
        .iter()
        .filter_map(|r| match r {
            Rule::Condition(c) => Some(c.field),
            Rule::Group { .. } => None,
        })
        .collect();
    assert_eq!(fields.len(), all_fields().len());

    // Ages on other days: birthdays and leap days.
    let mut ages = Tally::default();
    for (y, m, d) in [
        (2027, 2, 28),
        (2027, 3, 1),
        (2028, 2, 28),
        (2028, 2, 29),
        (2028, 3, 1),
        (2026, 11, 29),
    ] {
        let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
        for rule in conditions(&facts, &campaigns, day, now)
            .iter()
            .filter(|r| matches!(r, Rule::Condition(c) if c.field == Field::Age))
        {
            agree(app, &facts, rule, day, now, &mut ages).await;
        }
    }

    // (b) random nested AND/OR trees.
    let mut rng = ChaCha8Rng::seed_from_u64(20_261_128);
    let mut trees = Tally::default();
    for _ in 0..400 {
        let mut budget = rng.gen_range(1..=12);
        let tree = random_tree(&mut rng, &pool, 1, &mut budget);
        agree(app, &facts, &tree, today, now, &mut trees).await;
    }
    let mut made = Tally::default();
    for (_, _, rule) in ready_made() {
        agree(app, &facts, &rule, today, now, &mut made).await;
    }

    for (name, t) in [
        ("conditions", &single),
        ("ages on other days", &ages),
        ("random trees", &trees),
        ("ready-made", &made),
    ] {
        println!(
            "{:?} {name}: {} rules, {} match some but not all, {} nobody, {} everybody",
            app.kind(),
            t.rules,
            t.some(),
            t.nobody,
            t.everybody
        );
    }
    // The test has teeth: most rules split the customers.
    assert!(
        single.some() * 2 > single.rules,
        "too many trivial conditions"
    );
    assert!(
        ages.some() * 2 > ages.rules,
        "too many trivial age conditions"
    );
    assert!(trees.some() * 2 > trees.rules, "too many trivial trees");
}

on_both!(sql_and_memory_agree);
