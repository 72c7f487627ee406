//! The rollup tables' rows: customer dimensions, the single-response
//! satisfaction upsert, the raw rows a rebuild reads and the rebuild's writes
//! (the grouping itself is [`crate::dashboard::rollups`]).

use std::collections::HashMap;

use crm_api::surveys::{NpsClass, nps_class};
use sqlx::any::AnyRow;
use sqlx::{Acquire, AnyConnection, Row};

use crate::Db;
use crate::db::{Backend, Q, insert_rows, placeholders};
use crate::domain::time;
use crate::error::AppError;

/// The SQL text of [`PRODUCT_SQL`] as a literal, for `concat!` into other
/// constants: the product of the first open primary card, else any card.
macro_rules! product_sql {
    () => {
        "COALESCE((SELECT p.code FROM cards k JOIN card_products p ON p.id = k.product_id \
         WHERE k.customer_id = c.id \
         ORDER BY CASE k.status WHEN 'closed' THEN 1 ELSE 0 END, k.is_primary DESC, k.id LIMIT 1), '')"
    };
}

/// SQL for a customer's primary card product (correlated on `c.id`).
pub const PRODUCT_SQL: &str = product_sql!();

/// SQL for a customer's segment (needs `customer_features f` joined).
pub const SEGMENT_SQL: &str = "COALESCE(f.rfm_segment, 'unscored')";

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

/// `CAST(SUM(c) AS BIGINT) AS c, …` for the measure `columns`.
#[must_use]
pub fn sums(columns: &[&str]) -> String {
    columns
        .iter()
        .map(|c| format!("CAST(SUM({c}) AS BIGINT) AS {c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

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
    product_sql!(),
    " AS product, COALESCE(f.rfm_segment, 'unscored') AS segment \
     FROM customers c LEFT JOIN customer_features f ON f.customer_id = c.id"
);

fn dims_of(r: &AnyRow) -> Result<(i64, Dims), sqlx::Error> {
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

/// Every customer's dimensions, by customer id.
pub async fn all_dims(db: &Db) -> Result<HashMap<i64, Dims>, AppError> {
    let rows = sqlx::query(DIMS_SQL).fetch_all(&db.pool).await?;
    Ok(rows.iter().map(dims_of).collect::<Result<_, _>>()?)
}

/// Key of a `rollup_satisfaction` row.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[allow(missing_docs)]
pub struct SatKey {
    pub month: String,
    pub province: String,
    pub branch_id: i64,
    pub product: String,
    pub segment: String,
    pub channel: String,
    pub touchpoint: String,
    pub topic: String,
}

/// Measures of a `rollup_satisfaction` row.
#[derive(Clone, Copy, Debug, Default)]
#[allow(missing_docs)]
pub struct SatValue {
    pub responses: i64,
    pub promoters: i64,
    pub passives: i64,
    pub detractors: i64,
    pub csat_n: i64,
    pub csat_sum: i64,
    pub csat_satisfied: i64,
}

impl SatValue {
    /// The measures of one response.
    #[must_use]
    pub fn of(nps: Option<i64>, csat: Option<i64>) -> Self {
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

    /// Adds `o` to these.
    pub fn add(&mut self, o: &Self) {
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

/// The `rollup_satisfaction` key of a response by a customer of `d`.
#[must_use]
pub fn sat_key(d: &Dims, r: &ResponseFacts<'_>) -> SatKey {
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

/// `rollup_satisfaction`'s columns: the key, then the measures.
pub const SAT_COLUMNS: [&str; 15] = [
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

/// Where `SAT_COLUMNS`' measures start.
pub const SAT_MEASURES: usize = 8;

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
    let placeholders = placeholders(1, SAT_COLUMNS.len());
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

/// Key of a `rollup_cards` row: month, province, product, segment.
pub type CardKey = (String, String, String, String);

/// Measures of a `rollup_cards` row, in column order.
#[derive(Clone, Copy, Debug, Default)]
pub struct CardValue(pub [i64; 17]);

/// `rollup_cards`' columns: the key, then the measures.
pub const CARD_COLUMNS: [&str; 21] = [
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

/// Where `CARD_COLUMNS`' measures start.
pub const CARD_MEASURES: usize = 4;

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

/// `rollup_service`'s columns: the key, then the measures.
pub const SERVICE_COLUMNS: [&str; 13] = [
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

/// Where `SERVICE_COLUMNS`' measures start.
pub const SERVICE_MEASURES: usize = 5;

/// Key of a `rollup_service` row: month, province, product, segment, channel.
pub type ServiceKey = (String, String, String, String, String);

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

/// A survey response as a rebuild reads it.
#[allow(missing_docs)]
pub struct ResponseRow {
    pub customer_id: i64,
    pub responded_at: i64,
    pub nps: Option<i64>,
    pub csat: Option<i64>,
    pub channel: String,
    pub touchpoint: String,
    pub topic: Option<String>,
}

/// The survey responses from `since` (Unix seconds) on.
pub async fn responses_since(db: &Db, since: i64) -> Result<Vec<ResponseRow>, AppError> {
    let rows = sqlx::query(
        "SELECT customer_id, responded_at, nps, csat, channel, touchpoint, topic \
         FROM survey_responses WHERE responded_at >= $1",
    )
    .bind(since)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ResponseRow {
                customer_id: r.try_get("customer_id")?,
                responded_at: r.try_get("responded_at")?,
                nps: r.try_get("nps")?,
                csat: r.try_get("csat")?,
                channel: r.try_get("channel")?,
                touchpoint: r.try_get("touchpoint")?,
                topic: r.try_get("topic")?,
            })
        })
        .collect()
}

/// A card as a rebuild reads it (dates as stored, `YYYY-MM-DD`).
#[allow(missing_docs)]
pub struct CardRow {
    pub id: i64,
    pub customer_id: i64,
    pub product: String,
    pub opened_on: String,
    pub closed_on: Option<String>,
}

/// Every card with its product code.
pub async fn all_cards(db: &Db) -> Result<Vec<CardRow>, AppError> {
    let rows = sqlx::query(
        "SELECT k.id, k.customer_id, p.code, k.opened_on, k.closed_on \
         FROM cards k JOIN card_products p ON p.id = k.product_id",
    )
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(CardRow {
                id: r.try_get("id")?,
                customer_id: r.try_get("customer_id")?,
                product: r.try_get("code")?,
                opened_on: r.try_get("opened_on")?,
                closed_on: r.try_get("closed_on")?,
            })
        })
        .collect()
}

/// A card's purchases in one month.
#[allow(missing_docs)]
pub struct CardMonthRow {
    pub card_id: i64,
    pub month: String,
    pub n: i64,
    pub spend: i64,
    pub last_at: i64,
}

/// Each card's purchases per month (Shanghai time) from `since` on.
pub async fn card_months(db: &Db, since: i64) -> Result<Vec<CardMonthRow>, AppError> {
    let month_expr = month_sql(db.backend, "occurred_at");
    let sql = format!(
        "SELECT card_id, {month_expr} AS month, COUNT(*) AS n, CAST(SUM(amount_fen) AS BIGINT) AS spend, \
                MAX(occurred_at) AS last_at \
         FROM transactions WHERE occurred_at >= $1 AND amount_fen > 0 \
         GROUP BY card_id, {month_expr}"
    );
    let rows = sqlx::query(&sql).bind(since).fetch_all(&db.pool).await?;
    rows.iter()
        .map(|r| {
            Ok(CardMonthRow {
                card_id: r.try_get("card_id")?,
                month: r.try_get("month")?,
                n: r.try_get("n")?,
                spend: r.try_get("spend")?,
                last_at: r.try_get("last_at")?,
            })
        })
        .collect()
}

/// A statement as a rebuild reads it.
#[allow(missing_docs)]
pub struct StatementRow {
    pub card_id: i64,
    pub due_date: String,
    pub new_balance_fen: i64,
    pub paid_fen: i64,
    pub days_past_due: i64,
}

/// The statements due from `from` up to before `until` (`YYYY-MM-DD`).
pub async fn statements_due(
    db: &Db,
    from: &str,
    until: &str,
) -> Result<Vec<StatementRow>, AppError> {
    let rows = sqlx::query(
        "SELECT card_id, due_date, new_balance_fen, paid_fen, days_past_due \
         FROM statements WHERE due_date >= $1 AND due_date < $2",
    )
    .bind(from)
    .bind(until)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(StatementRow {
                card_id: r.try_get("card_id")?,
                due_date: r.try_get("due_date")?,
                new_balance_fen: r.try_get("new_balance_fen")?,
                paid_fen: r.try_get("paid_fen")?,
                days_past_due: r.try_get("days_past_due")?,
            })
        })
        .collect()
}

/// A customer's points issued and redeemed in one month.
#[allow(missing_docs)]
pub struct PointsMonthRow {
    pub customer_id: i64,
    pub month: String,
    pub issued: i64,
    pub redeemed: i64,
}

/// Each customer's points issued and redeemed per month from `since` on.
pub async fn points_months(db: &Db, since: i64) -> Result<Vec<PointsMonthRow>, AppError> {
    let month_expr = month_sql(db.backend, "occurred_at");
    let sql = format!(
        "SELECT customer_id, {month_expr} AS month, \
                CAST(SUM(CASE WHEN kind = 'earn' THEN points ELSE 0 END) AS BIGINT) AS issued, \
                CAST(SUM(CASE WHEN kind = 'redeem' THEN -points ELSE 0 END) AS BIGINT) AS redeemed \
         FROM points_ledger WHERE occurred_at >= $1 \
         GROUP BY customer_id, {month_expr}"
    );
    let rows = sqlx::query(&sql).bind(since).fetch_all(&db.pool).await?;
    rows.iter()
        .map(|r| {
            Ok(PointsMonthRow {
                customer_id: r.try_get("customer_id")?,
                month: r.try_get("month")?,
                issued: r.try_get("issued")?,
                redeemed: r.try_get("redeemed")?,
            })
        })
        .collect()
}

/// A service interaction as a rebuild reads it.
#[allow(missing_docs)]
pub struct InteractionRow {
    pub customer_id: i64,
    pub occurred_at: i64,
    pub channel: String,
    pub kind: String,
    pub outcome: String,
    pub first_response_secs: Option<i64>,
    pub resolution_secs: Option<i64>,
}

/// The service interactions from `since` on.
pub async fn interactions_since(db: &Db, since: i64) -> Result<Vec<InteractionRow>, AppError> {
    let rows = sqlx::query(
        "SELECT customer_id, occurred_at, channel, kind, outcome, first_response_secs, \
                resolution_secs \
         FROM service_interactions WHERE occurred_at >= $1",
    )
    .bind(since)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(InteractionRow {
                customer_id: r.try_get("customer_id")?,
                occurred_at: r.try_get("occurred_at")?,
                channel: r.try_get("channel")?,
                kind: r.try_get("kind")?,
                outcome: r.try_get("outcome")?,
                first_response_secs: r.try_get("first_response_secs")?,
                resolution_secs: r.try_get("resolution_secs")?,
            })
        })
        .collect()
}

/// Replaces all three rollup tables and stamps `now` as their refresh time,
/// in one transaction.
pub async fn replace_all(
    db: &Db,
    sat: &[(SatKey, SatValue)],
    cards: &[(CardKey, CardValue)],
    service: &[(ServiceKey, [i64; 8])],
    now: i64,
) -> Result<(), AppError> {
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
        sat,
        bind_sat,
    )
    .await?;
    insert_rows(
        &mut tx,
        db.backend,
        "rollup_cards",
        &CARD_COLUMNS,
        cards,
        bind_cards,
    )
    .await?;
    insert_rows(
        &mut tx,
        db.backend,
        "rollup_service",
        &SERVICE_COLUMNS,
        service,
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
    Ok(())
}

/// When the rollups were last rebuilt.
pub async fn refreshed_at(db: &Db) -> Result<Option<i64>, AppError> {
    let v: Option<String> =
        sqlx::query_scalar("SELECT value FROM app_meta WHERE key = 'rollups_refreshed_at'")
            .fetch_optional(&db.pool)
            .await?;
    Ok(v.and_then(|v| v.parse().ok()))
}
