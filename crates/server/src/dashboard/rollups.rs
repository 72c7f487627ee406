//! The rollup tables every dashboard widget reads, so no request scans raw
//! transactions.
//!
//! [`rebuild`] recomputes all three from the raw rows (the analytics job calls
//! it after every run, full or incremental, and the seed after its run);
//! [`add_response`] adds one survey response to `rollup_satisfaction` in the
//! transaction that stores it, so satisfaction is current the moment an
//! answer arrives.
//!
//! Dimensions are the customer's as of the rebuild: province, branch, the
//! product of their primary card (the card's own product for card KPIs) and
//! their RFM segment (`unscored` before the first analytics run).

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use crm_api::surveys::{NpsClass, nps_class};
use crm_api::{InteractionChannel, InteractionKind};
use sqlx::AnyConnection;
use sqlx::{Acquire, Row};

use crate::db::{Backend, Q, insert_rows};
use crate::domain::kpi::{self, card_state, dpd_bucket, month_end, month_of};
use crate::domain::time;
use crate::error::AppError;
use crate::{Db, db};

/// Months kept in the rollups (the dashboard's longest range).
pub const MONTHS: u32 = crm_api::dashboard::MAX_MONTHS;

/// A customer's dimensions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dims {
    /// Province.
    pub province: String,
    /// Branch id.
    pub branch_id: i64,
    /// Primary card's product code ('' without cards).
    pub product: String,
    /// RFM segment code, or `unscored`.
    pub segment: String,
}

const DIMS_SQL: &str = concat!(
    "SELECT c.id, c.province, c.branch_id, ",
    super::queries::product_sql!(),
    " AS product, COALESCE(f.rfm_segment, 'unscored') AS segment \
     FROM customers c LEFT JOIN customer_features f ON f.customer_id = c.id"
);

fn dims_of(r: &sqlx::any::AnyRow) -> Result<(i64, Dims), sqlx::Error> {
    Ok((
        r.try_get("id")?,
        Dims {
            province: r.try_get("province")?,
            branch_id: r.try_get("branch_id")?,
            product: r.try_get("product")?,
            segment: r.try_get("segment")?,
        },
    ))
}

/// One customer's dimensions (`None` when there is no such customer).
pub async fn dims(conn: &mut AnyConnection, customer_id: i64) -> Result<Option<Dims>, AppError> {
    let sql = format!("{DIMS_SQL} WHERE c.id = $1");
    let row = sqlx::query(&sql)
        .bind(customer_id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.map(|r| dims_of(&r)).transpose()?.map(|(_, d)| d))
}

async fn all_dims(db: &Db) -> Result<HashMap<i64, Dims>, AppError> {
    let rows = sqlx::query(DIMS_SQL).fetch_all(&db.pool).await?;
    Ok(rows.iter().map(dims_of).collect::<Result<_, _>>()?)
}

/// Key of a `rollup_satisfaction` row.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct SatKey {
    month: String,
    province: String,
    branch_id: i64,
    product: String,
    segment: String,
    channel: String,
    touchpoint: String,
    topic: String,
}

/// Measures of a `rollup_satisfaction` row.
#[derive(Clone, Copy, Debug, Default)]
struct SatValue {
    responses: i64,
    promoters: i64,
    passives: i64,
    detractors: i64,
    csat_n: i64,
    csat_sum: i64,
    csat_satisfied: i64,
}

impl SatValue {
    fn of(nps: Option<i64>, csat: Option<i64>) -> Self {
        let mut v = Self {
            responses: 1,
            ..Self::default()
        };
        match nps.map(nps_class) {
            Some(NpsClass::Promoter) => v.promoters = 1,
            Some(NpsClass::Passive) => v.passives = 1,
            Some(NpsClass::Detractor) => v.detractors = 1,
            None => {}
        }
        if let Some(c) = csat {
            v.csat_n = 1;
            v.csat_sum = c;
            v.csat_satisfied = i64::from(c >= 4);
        }
        v
    }

    fn add(&mut self, o: &Self) {
        self.responses += o.responses;
        self.promoters += o.promoters;
        self.passives += o.passives;
        self.detractors += o.detractors;
        self.csat_n += o.csat_n;
        self.csat_sum += o.csat_sum;
        self.csat_satisfied += o.csat_satisfied;
    }
}

/// A stored response as the rollup sees it.
pub struct ResponseFacts<'a> {
    /// Unix seconds.
    pub at: i64,
    /// 0–10.
    pub nps: Option<i64>,
    /// 1–5.
    pub csat: Option<i64>,
    /// Channel.
    pub channel: &'a str,
    /// Touchpoint.
    pub touchpoint: &'a str,
    /// Topic code.
    pub topic: Option<&'a str>,
}

fn sat_key(d: &Dims, r: &ResponseFacts<'_>) -> SatKey {
    SatKey {
        month: time::month_key(r.at),
        province: d.province.clone(),
        branch_id: d.branch_id,
        product: d.product.clone(),
        segment: d.segment.clone(),
        channel: r.channel.to_owned(),
        touchpoint: r.touchpoint.to_owned(),
        topic: r.topic.unwrap_or_default().to_owned(),
    }
}

const SAT_COLUMNS: [&str; 15] = [
    "month",
    "province",
    "branch_id",
    "product",
    "segment",
    "channel",
    "touchpoint",
    "topic",
    "responses",
    "promoters",
    "passives",
    "detractors",
    "csat_n",
    "csat_sum",
    "csat_satisfied",
];

fn bind_sat<'q>(q: Q<'q>, (k, v): &'q (SatKey, SatValue)) -> Q<'q> {
    q.bind(k.month.as_str())
        .bind(k.province.as_str())
        .bind(k.branch_id)
        .bind(k.product.as_str())
        .bind(k.segment.as_str())
        .bind(k.channel.as_str())
        .bind(k.touchpoint.as_str())
        .bind(k.topic.as_str())
        .bind(v.responses)
        .bind(v.promoters)
        .bind(v.passives)
        .bind(v.detractors)
        .bind(v.csat_n)
        .bind(v.csat_sum)
        .bind(v.csat_satisfied)
}

/// Adds one response to `rollup_satisfaction` (inside the caller's transaction).
pub async fn add_response(
    conn: &mut AnyConnection,
    dims: &Dims,
    r: &ResponseFacts<'_>,
) -> Result<(), AppError> {
    let row = (sat_key(dims, r), SatValue::of(r.nps, r.csat));
    let placeholders = db::placeholders(1, SAT_COLUMNS.len());
    let sql = format!(
        "INSERT INTO rollup_satisfaction ({}) VALUES ({placeholders}) \
         ON CONFLICT (month, province, branch_id, product, segment, channel, touchpoint, topic) \
         DO UPDATE SET responses = rollup_satisfaction.responses + excluded.responses, \
           promoters = rollup_satisfaction.promoters + excluded.promoters, \
           passives = rollup_satisfaction.passives + excluded.passives, \
           detractors = rollup_satisfaction.detractors + excluded.detractors, \
           csat_n = rollup_satisfaction.csat_n + excluded.csat_n, \
           csat_sum = rollup_satisfaction.csat_sum + excluded.csat_sum, \
           csat_satisfied = rollup_satisfaction.csat_satisfied + excluded.csat_satisfied",
        SAT_COLUMNS.join(", ")
    );
    bind_sat(sqlx::query(&sql), &row)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Key of a `rollup_cards` / `rollup_service` row (service adds the channel).
type CardKey = (String, String, String, String);

/// Measures of a `rollup_cards` row, in column order.
#[derive(Clone, Copy, Debug, Default)]
struct CardValue([i64; 17]);

const CARD_COLUMNS: [&str; 21] = [
    "month",
    "province",
    "product",
    "segment",
    "in_force",
    "new_cards",
    "closed",
    "active_30",
    "active_90",
    "dormant",
    "cards_with_spend",
    "spend_fen",
    "statements",
    "balance_fen",
    "revolving_fen",
    "dpd_1_30",
    "dpd_31_60",
    "dpd_61_90",
    "dpd_90_plus",
    "points_issued",
    "points_redeemed",
];

// indexes into CardValue
const IN_FORCE: usize = 0;
const NEW_CARDS: usize = 1;
const CLOSED: usize = 2;
const ACTIVE_30: usize = 3;
const ACTIVE_90: usize = 4;
const DORMANT: usize = 5;
const WITH_SPEND: usize = 6;
const SPEND: usize = 7;
const STATEMENTS: usize = 8;
const BALANCE: usize = 9;
const REVOLVING: usize = 10;
const DPD: usize = 11; // four buckets
const ISSUED: usize = 15;
const REDEEMED: usize = 16;

fn bind_cards<'q>(mut q: Q<'q>, (k, v): &'q (CardKey, CardValue)) -> Q<'q> {
    q = q
        .bind(k.0.as_str())
        .bind(k.1.as_str())
        .bind(k.2.as_str())
        .bind(k.3.as_str());
    for x in v.0 {
        q = q.bind(x);
    }
    q
}

const SERVICE_COLUMNS: [&str; 13] = [
    "month",
    "province",
    "product",
    "segment",
    "channel",
    "interactions",
    "responded",
    "first_response_secs",
    "first_response_in_sla",
    "resolved",
    "resolution_secs",
    "resolution_in_sla",
    "pending",
];

type ServiceKey = (String, String, String, String, String);

fn bind_service<'q>(mut q: Q<'q>, (k, v): &'q (ServiceKey, [i64; 8])) -> Q<'q> {
    q = q
        .bind(k.0.as_str())
        .bind(k.1.as_str())
        .bind(k.2.as_str())
        .bind(k.3.as_str())
        .bind(k.4.as_str());
    for x in v {
        q = q.bind(*x);
    }
    q
}

/// `YYYY-MM` of a Unix time in Shanghai, as SQL for the backend.
#[must_use]
pub fn month_sql(backend: Backend, column: &str) -> String {
    match backend {
        Backend::Sqlite => format!("strftime('%Y-%m', {column} + 28800, 'unixepoch')"),
        Backend::Postgres => {
            format!("to_char(to_timestamp({column} + 28800) AT TIME ZONE 'UTC', 'YYYY-MM')")
        }
    }
}

/// What a rebuild wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RebuildReport {
    /// `rollup_satisfaction` rows.
    pub satisfaction_rows: usize,
    /// `rollup_cards` rows.
    pub card_rows: usize,
    /// `rollup_service` rows.
    pub service_rows: usize,
}

/// Recomputes every rollup from the raw rows as of `now`, in one transaction.
pub async fn rebuild(db: &Db, now: i64) -> Result<RebuildReport, AppError> {
    let today = time::local_date(now);
    let dims = all_dims(db).await?;
    let none = Dims {
        segment: "unscored".into(),
        ..Dims::default()
    };
    let dim = |id: i64| dims.get(&id).unwrap_or(&none);
    let months: Vec<String> = time::last_months(today, MONTHS);
    let first_month = months.first().cloned().unwrap_or_default();
    let first_day = time::parse_date(&format!("{first_month}-01")).unwrap_or(today);
    // transactions up to 90 days before the window decide activity at its first month end
    let since = time::start_of_day(first_day - chrono::Duration::days(92));

    // --- satisfaction
    let mut sat: BTreeMap<SatKey, SatValue> = BTreeMap::new();
    let rows = sqlx::query(
        "SELECT customer_id, responded_at, nps, csat, channel, touchpoint, topic \
         FROM survey_responses WHERE responded_at >= $1",
    )
    .bind(time::start_of_day(first_day))
    .fetch_all(&db.pool)
    .await?;
    for r in &rows {
        let topic: Option<String> = r.try_get("topic")?;
        let channel: String = r.try_get("channel")?;
        let touchpoint: String = r.try_get("touchpoint")?;
        let facts = ResponseFacts {
            at: r.try_get("responded_at")?,
            nps: r.try_get("nps")?,
            csat: r.try_get("csat")?,
            channel: &channel,
            touchpoint: &touchpoint,
            topic: topic.as_deref(),
        };
        let key = sat_key(dim(r.try_get("customer_id")?), &facts);
        sat.entry(key)
            .or_default()
            .add(&SatValue::of(facts.nps, facts.csat));
    }

    // --- cards
    let month_index: HashMap<&str, usize> = months
        .iter()
        .enumerate()
        .map(|(i, m)| (m.as_str(), i))
        .collect();
    let ends: Vec<NaiveDate> = months
        .iter()
        .map(|m| month_end(m, today).unwrap_or(today))
        .collect();
    struct Card {
        customer: i64,
        product: String,
        opened: NaiveDate,
        closed: Option<NaiveDate>,
        // per month index: (tx count, spend, last tx day in the month)
        months: Vec<(i64, i64, Option<NaiveDate>)>,
        before: Option<NaiveDate>,
    }
    let mut cards: HashMap<i64, Card> = HashMap::new();
    for r in sqlx::query(
        "SELECT k.id, k.customer_id, p.code, k.opened_on, k.closed_on \
         FROM cards k JOIN card_products p ON p.id = k.product_id",
    )
    .fetch_all(&db.pool)
    .await?
    {
        let opened: String = r.try_get("opened_on")?;
        let closed: Option<String> = r.try_get("closed_on")?;
        cards.insert(
            r.try_get("id")?,
            Card {
                customer: r.try_get("customer_id")?,
                product: r.try_get("code")?,
                opened: time::parse_date(&opened).unwrap_or(today),
                closed: closed.as_deref().and_then(time::parse_date),
                months: vec![(0, 0, None); months.len()],
                before: None,
            },
        );
    }
    let month_expr = month_sql(db.backend, "occurred_at");
    let sql = format!(
        "SELECT card_id, {month_expr} AS month, COUNT(*) AS n, CAST(SUM(amount_fen) AS BIGINT) AS spend, \
                MAX(occurred_at) AS last_at \
         FROM transactions WHERE occurred_at >= $1 AND amount_fen > 0 \
         GROUP BY card_id, {month_expr}"
    );
    for r in sqlx::query(&sql).bind(since).fetch_all(&db.pool).await? {
        let Some(card) = cards.get_mut(&r.try_get::<i64, _>("card_id")?) else {
            continue;
        };
        let month: String = r.try_get("month")?;
        let last = time::local_date(r.try_get("last_at")?);
        match month_index.get(month.as_str()) {
            Some(&i) => {
                card.months[i] = (r.try_get("n")?, r.try_get("spend")?, Some(last));
            }
            None if month < first_month => {
                card.before = card.before.max(Some(last));
            }
            None => {}
        }
    }
    let mut out: BTreeMap<CardKey, CardValue> = BTreeMap::new();
    let key = |month: &str, customer: i64, product: &str| -> CardKey {
        let d = dim(customer);
        (
            month.to_owned(),
            d.province.clone(),
            product.to_owned(),
            d.segment.clone(),
        )
    };
    for card in cards.values() {
        let mut last = card.before;
        for (i, month) in months.iter().enumerate() {
            let (n, spend, last_in_month) = card.months[i];
            last = last.max(last_in_month);
            let state = card_state(card.opened, card.closed, last, ends[i]);
            let opened_here = month_of(card.opened) == *month;
            let closed_here = card.closed.is_some_and(|c| month_of(c) == *month);
            if !state.in_force && !opened_here && !closed_here && n == 0 {
                continue;
            }
            let v = out
                .entry(key(month, card.customer, &card.product))
                .or_default();
            v.0[IN_FORCE] += i64::from(state.in_force);
            v.0[NEW_CARDS] += i64::from(opened_here);
            v.0[CLOSED] += i64::from(closed_here);
            v.0[ACTIVE_30] += i64::from(state.active_30);
            v.0[ACTIVE_90] += i64::from(state.active_90);
            v.0[DORMANT] += i64::from(state.dormant());
            v.0[WITH_SPEND] += i64::from(n > 0);
            v.0[SPEND] += spend;
        }
    }
    let rows = sqlx::query(
        "SELECT card_id, due_date, new_balance_fen, paid_fen, days_past_due \
         FROM statements WHERE due_date >= $1 AND due_date < $2",
    )
    .bind(format!("{first_month}-01"))
    .bind(today.format("%Y-%m-%d").to_string())
    .fetch_all(&db.pool)
    .await?;
    for r in &rows {
        let Some(card) = cards.get(&r.try_get::<i64, _>("card_id")?) else {
            continue;
        };
        let due: String = r.try_get("due_date")?;
        let balance: i64 = r.try_get("new_balance_fen")?;
        let paid: i64 = r.try_get("paid_fen")?;
        let v = out
            .entry(key(&due[..7], card.customer, &card.product))
            .or_default();
        v.0[STATEMENTS] += 1;
        v.0[BALANCE] += balance.max(0);
        v.0[REVOLVING] += (balance - paid).max(0);
        if let Some(b) = dpd_bucket(r.try_get("days_past_due")?) {
            v.0[DPD + b] += 1;
        }
    }
    let month_expr = month_sql(db.backend, "occurred_at");
    let sql = format!(
        "SELECT customer_id, {month_expr} AS month, \
                CAST(SUM(CASE WHEN kind = 'earn' THEN points ELSE 0 END) AS BIGINT) AS issued, \
                CAST(SUM(CASE WHEN kind = 'redeem' THEN -points ELSE 0 END) AS BIGINT) AS redeemed \
         FROM points_ledger WHERE occurred_at >= $1 \
         GROUP BY customer_id, {month_expr}"
    );
    for r in sqlx::query(&sql)
        .bind(time::start_of_day(first_day))
        .fetch_all(&db.pool)
        .await?
    {
        let customer: i64 = r.try_get("customer_id")?;
        let month: String = r.try_get("month")?;
        let product = dim(customer).product.clone();
        let v = out.entry(key(&month, customer, &product)).or_default();
        v.0[ISSUED] += r.try_get::<i64, _>("issued")?;
        v.0[REDEEMED] += r.try_get::<i64, _>("redeemed")?;
    }

    // --- service
    let mut service: BTreeMap<ServiceKey, [i64; 8]> = BTreeMap::new();
    for r in sqlx::query(
        "SELECT customer_id, occurred_at, channel, kind, outcome, first_response_secs, \
                resolution_secs \
         FROM service_interactions WHERE occurred_at >= $1",
    )
    .bind(time::start_of_day(first_day))
    .fetch_all(&db.pool)
    .await?
    {
        let d = dim(r.try_get("customer_id")?);
        let channel: String = r.try_get("channel")?;
        let kind: String = r.try_get("kind")?;
        let outcome: String = r.try_get("outcome")?;
        let first: Option<i64> = r.try_get("first_response_secs")?;
        let resolution: Option<i64> = r.try_get("resolution_secs")?;
        let v = service
            .entry((
                time::month_key(r.try_get("occurred_at")?),
                d.province.clone(),
                d.product.clone(),
                d.segment.clone(),
                channel.clone(),
            ))
            .or_default();
        v[0] += 1;
        if let Some(f) = first {
            v[1] += 1;
            v[2] += f;
            let target = InteractionChannel::parse(&channel).map_or(0, kpi::first_response_sla);
            v[3] += i64::from(f <= target);
        }
        if outcome == "pending" {
            v[7] += 1;
        } else if let Some(res) = resolution {
            v[4] += 1;
            v[5] += res;
            let target = InteractionKind::parse(&kind).map_or(0, kpi::resolution_sla);
            v[6] += i64::from(res <= target);
        }
    }

    // --- write
    let sat: Vec<(SatKey, SatValue)> = sat.into_iter().collect();
    let cards_out: Vec<(CardKey, CardValue)> = out.into_iter().collect();
    let service: Vec<(ServiceKey, [i64; 8])> = service.into_iter().collect();
    let mut conn = db.pool.acquire().await?;
    let mut tx = conn.begin().await?;
    for table in ["rollup_satisfaction", "rollup_cards", "rollup_service"] {
        sqlx::query(&format!("DELETE FROM {table}"))
            .execute(&mut *tx)
            .await?;
    }
    insert_rows(
        &mut tx,
        db.backend,
        "rollup_satisfaction",
        &SAT_COLUMNS,
        &sat,
        bind_sat,
    )
    .await?;
    insert_rows(
        &mut tx,
        db.backend,
        "rollup_cards",
        &CARD_COLUMNS,
        &cards_out,
        bind_cards,
    )
    .await?;
    insert_rows(
        &mut tx,
        db.backend,
        "rollup_service",
        &SERVICE_COLUMNS,
        &service,
        bind_service,
    )
    .await?;
    sqlx::query(
        "INSERT INTO app_meta (key, value) VALUES ('rollups_refreshed_at', $1) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(now.to_string())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(RebuildReport {
        satisfaction_rows: sat.len(),
        card_rows: cards_out.len(),
        service_rows: service.len(),
    })
}

/// When the rollups were last rebuilt.
pub async fn refreshed_at(db: &Db) -> Result<Option<i64>, AppError> {
    let v: Option<String> =
        sqlx::query_scalar("SELECT value FROM app_meta WHERE key = 'rollups_refreshed_at'")
            .fetch_optional(&db.pool)
            .await?;
    Ok(v.and_then(|v| v.parse().ok()))
}
