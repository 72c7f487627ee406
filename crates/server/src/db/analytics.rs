//! The analytics' rows: reading what a run needs (streamed, the large tables
//! row by row), and runs, watermarks, model fits and feature rows.

use std::collections::HashMap;

use chrono::NaiveDate;
use crm_api::customers::Consent;
use crm_api::{CardStatus, Category, PointsKind, ProductCode, Tier, TxChannel};
use futures_util::TryStreamExt;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::Db;
use crate::db::{Q, enum_col, insert_rows, placeholders};
use crate::domain::time::parse_date;
use crate::error::AppError;

/// A card.
#[derive(Clone, Debug)]
pub struct Card {
    /// Card id.
    pub id: i64,
    /// Product.
    pub product: ProductCode,
    /// Tier.
    pub tier: Tier,
    /// Credit limit (fen).
    pub limit_fen: i64,
    /// Status.
    pub status: CardStatus,
    /// Opening date.
    pub opened_on: NaiveDate,
    /// Primary card.
    pub is_primary: bool,
}

/// A transaction.
#[derive(Clone, Copy, Debug)]
pub struct Tx {
    /// Unix seconds.
    pub at: i64,
    /// Fen.
    pub amount_fen: i64,
    /// Category.
    pub category: Category,
    /// Channel.
    pub channel: TxChannel,
    /// In installments already.
    pub installment: bool,
}

/// A statement.
#[derive(Clone, Debug)]
pub struct Stmt {
    /// Card.
    pub card_id: i64,
    /// `YYYY-MM`.
    pub cycle: String,
    /// Closing date.
    pub closing: NaiveDate,
    /// New balance (fen).
    pub new_fen: i64,
    /// Minimum due (fen).
    pub min_fen: i64,
    /// Paid against it (fen).
    pub paid_fen: i64,
    /// Days past due.
    pub dpd: i64,
    /// Due date.
    pub due: NaiveDate,
}

/// A points-ledger entry.
#[derive(Clone, Copy, Debug)]
pub struct Pt {
    /// Unix seconds.
    pub at: i64,
    /// Kind.
    pub kind: PointsKind,
    /// Signed points.
    pub points: i64,
    /// Expiry of earned points.
    pub expires_on: Option<NaiveDate>,
}

/// Everything about one customer the analytics use.
#[derive(Clone, Debug)]
pub struct CustomerData {
    /// Customer id.
    pub id: i64,
    /// Joined.
    pub joined_on: NaiveDate,
    /// Marketing consent.
    pub consent: Consent,
    /// Cards.
    pub cards: Vec<Card>,
    /// Transactions, oldest first.
    pub txs: Vec<Tx>,
    /// Statements, by card then cycle.
    pub statements: Vec<Stmt>,
    /// Points ledger, oldest first.
    pub points: Vec<Pt>,
    /// Latest lost-card report in the last 30 days.
    pub lost_card_at: Option<i64>,
    /// Largest purchase ≥ ¥3,000 in the last 30 days not in installments: fen, merchant, time.
    pub large_purchase: Option<(i64, String, i64)>,
}

fn date_col(row: &AnyRow, col: &str) -> Result<NaiveDate, AppError> {
    let text: String = row.try_get(col)?;
    parse_date(&text).ok_or_else(|| AppError::Internal(format!("bad date in {col}")))
}

fn flag(r: &AnyRow, c: &str) -> Result<bool, AppError> {
    Ok(r.try_get::<i64, _>(c)? != 0)
}

/// Runs `sql`, whose `{filter}` becomes `column IN (…)` for `subset` (in
/// chunks) or a no-op for everyone, calling `each` per row as it streams in.
async fn stream(
    db: &Db,
    sql: &str,
    column: &str,
    subset: Option<&[i64]>,
    mut each: impl FnMut(&AnyRow) -> Result<(), AppError>,
) -> Result<(), AppError> {
    let chunks: Vec<Option<&[i64]>> = match subset {
        None => vec![None],
        Some(ids) => ids.chunks(500).map(Some).collect(),
    };
    for chunk in chunks {
        let filter = chunk.map_or_else(
            || "1 = 1".to_owned(),
            |ids| format!("{column} IN ({})", placeholders(1, ids.len())),
        );
        let text = sql.replace("{filter}", &filter);
        let mut q = sqlx::query(&text);
        for id in chunk.unwrap_or_default() {
            q = q.bind(*id);
        }
        let mut rows = q.fetch(&db.pool);
        while let Some(row) = rows.try_next().await? {
            each(&row)?;
        }
    }
    Ok(())
}

/// The customers of a run as they are loaded, found by id.
#[derive(Debug, Default)]
pub struct Loading {
    customers: Vec<CustomerData>,
    index: HashMap<i64, usize>,
}

impl Loading {
    /// The loaded customers, by id.
    #[must_use]
    pub fn into_customers(self) -> Vec<CustomerData> {
        self.customers
    }

    /// How many customers there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.customers.len()
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.customers.is_empty()
    }

    /// The highest customer id (0 without customers).
    #[must_use]
    pub fn max_id(&self) -> i64 {
        self.customers.last().map_or(0, |c| c.id)
    }

    /// The customer `id`, when loaded.
    pub fn get_mut(&mut self, id: i64) -> Option<&mut CustomerData> {
        self.index.get(&id).map(|&i| &mut self.customers[i])
    }

    /// The customer of a row's `customer_id`, when loaded.
    fn of_row(&mut self, r: &AnyRow) -> Result<Option<&mut CustomerData>, AppError> {
        let id: i64 = r.try_get("customer_id")?;
        Ok(self.get_mut(id))
    }
}

/// Streams `sql` (see [`stream`]) over `subset` by `customer_id`, letting
/// `add` put each row into its customer when that one is being loaded.
async fn attach(
    db: &Db,
    sql: &str,
    subset: Option<&[i64]>,
    to: &mut Loading,
    add: fn(&mut CustomerData, &AnyRow) -> Result<(), AppError>,
) -> Result<(), AppError> {
    stream(db, sql, "customer_id", subset, |r| {
        if let Some(c) = to.of_row(r)? {
            add(c, r)?;
        }
        Ok(())
    })
    .await
}

/// The customers (all, or `subset`) by id, each without its rows yet.
pub async fn customers(db: &Db, subset: Option<&[i64]>) -> Result<Loading, AppError> {
    let mut customers: Vec<CustomerData> = Vec::new();
    stream(
        db,
        "SELECT id AS customer_id, joined_on, consent_sms, consent_app_push, consent_wechat, consent_email, \
         consent_outbound_call, do_not_disturb FROM customers WHERE {filter} ORDER BY id",
        "id",
        subset,
        |r| {
            customers.push(CustomerData {
                id: r.try_get("customer_id")?,
                joined_on: date_col(r, "joined_on")?,
                consent: Consent {
                    sms: flag(r, "consent_sms")?,
                    app_push: flag(r, "consent_app_push")?,
                    wechat: flag(r, "consent_wechat")?,
                    email: flag(r, "consent_email")?,
                    outbound_call: flag(r, "consent_outbound_call")?,
                    do_not_disturb: flag(r, "do_not_disturb")?,
                },
                cards: vec![],
                txs: vec![],
                statements: vec![],
                points: vec![],
                lost_card_at: None,
                large_purchase: None,
            });
            Ok(())
        },
    )
    .await?;
    let index = customers
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id, i))
        .collect();
    Ok(Loading { customers, index })
}

/// Adds the cards (of `subset`) to their customers, by card id.
pub async fn cards(db: &Db, subset: Option<&[i64]>, to: &mut Loading) -> Result<(), AppError> {
    attach(
        db,
        "SELECT c.customer_id, c.id, p.code, p.tier, c.credit_limit_fen, c.status, c.opened_on, c.is_primary \
         FROM cards c JOIN card_products p ON p.id = c.product_id WHERE {filter} ORDER BY c.id",
        subset,
        to,
        |c, r| {
            c.cards.push(Card {
                id: r.try_get("id")?,
                product: enum_col(r, "code", ProductCode::parse)?,
                tier: enum_col(r, "tier", Tier::parse)?,
                limit_fen: r.try_get("credit_limit_fen")?,
                status: enum_col(r, "status", CardStatus::parse)?,
                opened_on: date_col(r, "opened_on")?,
                is_primary: flag(r, "is_primary")?,
            });
            Ok(())
        },
    )
    .await
}

fn tx_from_row(r: &AnyRow) -> Result<(i64, Tx), AppError> {
    Ok((
        r.try_get(0)?,
        Tx {
            at: r.try_get(1)?,
            amount_fen: r.try_get(2)?,
            category: enum_col(r, "category", Category::parse)?,
            channel: enum_col(r, "channel", TxChannel::parse)?,
            installment: r.try_get::<i64, _>(5)? != 0,
        },
    ))
}

const TX_SQL: &str =
    "SELECT customer_id, occurred_at, amount_fen, category, channel, installment FROM transactions";

/// The transactions of `ids`, ordered by customer and time.
pub async fn transactions_of(db: &Db, ids: &[i64]) -> Result<Vec<(i64, Tx)>, AppError> {
    let mut out = Vec::new();
    let sql = format!("{TX_SQL} WHERE {{filter}} ORDER BY customer_id, occurred_at");
    stream(db, &sql, "customer_id", Some(ids), |r| {
        out.push(tx_from_row(r)?);
        Ok(())
    })
    .await?;
    Ok(out)
}

/// The transactions of the customer ids in `from..to`, ordered by customer
/// and time, calling `new_customer` at each customer's first row.
pub async fn transactions_between(
    db: &Db,
    from: i64,
    to: i64,
    mut new_customer: impl FnMut(),
) -> Result<Vec<(i64, Tx)>, AppError> {
    let sql = format!(
        "{TX_SQL} WHERE customer_id >= {from} AND customer_id < {to} ORDER BY customer_id, occurred_at"
    );
    let mut out = Vec::new();
    let mut rows = sqlx::query(&sql).fetch(&db.pool);
    let mut last_customer = 0;
    while let Some(row) = rows.try_next().await? {
        let (customer_id, tx) = tx_from_row(&row)?;
        if customer_id != last_customer {
            new_customer();
            last_customer = customer_id;
        }
        out.push((customer_id, tx));
    }
    Ok(out)
}

/// Adds the statements (of `subset`) of the cycles from `first_cycle` on to
/// their customers, by customer, card and cycle.
pub async fn statements(
    db: &Db,
    subset: Option<&[i64]>,
    first_cycle: &str,
    to: &mut Loading,
) -> Result<(), AppError> {
    attach(
        db,
        &format!(
            "SELECT customer_id, card_id, cycle, closing_date, new_balance_fen, minimum_due_fen, paid_fen, days_past_due, due_date \
             FROM statements WHERE {{filter}} AND cycle >= '{first_cycle}' ORDER BY customer_id, card_id, cycle",
        ),
        subset,
        to,
        |c, r| {
            c.statements.push(Stmt {
                card_id: r.try_get("card_id")?,
                cycle: r.try_get("cycle")?,
                closing: date_col(r, "closing_date")?,
                new_fen: r.try_get("new_balance_fen")?,
                min_fen: r.try_get("minimum_due_fen")?,
                paid_fen: r.try_get("paid_fen")?,
                dpd: r.try_get("days_past_due")?,
                due: date_col(r, "due_date")?,
            });
            Ok(())
        },
    )
    .await
}

/// Adds the points ledger (of `subset`) to its customers, by customer and time.
pub async fn points(db: &Db, subset: Option<&[i64]>, to: &mut Loading) -> Result<(), AppError> {
    attach(
        db,
        "SELECT customer_id, occurred_at, kind, points, expires_on FROM points_ledger \
         WHERE {filter} ORDER BY customer_id, occurred_at, id",
        subset,
        to,
        |c, r| {
            let expires: Option<String> = r.try_get("expires_on")?;
            c.points.push(Pt {
                at: r.try_get("occurred_at")?,
                kind: enum_col(r, "kind", PointsKind::parse)?,
                points: r.try_get("points")?,
                expires_on: expires.as_deref().and_then(parse_date),
            });
            Ok(())
        },
    )
    .await
}

/// Sets each customer's (of `subset`) latest lost-card report between
/// `since` and `until`, and largest purchase of ≥ ¥3,000 then not in
/// installments.
pub async fn recent_events(
    db: &Db,
    subset: Option<&[i64]>,
    (since, until): (i64, i64),
    to: &mut Loading,
) -> Result<(), AppError> {
    attach(
        db,
        &format!(
            "SELECT customer_id, MAX(occurred_at) AS at FROM service_interactions \
             WHERE {{filter}} AND kind = 'card_lost' AND occurred_at >= {since} AND occurred_at <= {until} GROUP BY customer_id",
        ),
        subset,
        to,
        |c, r| {
            c.lost_card_at = Some(r.try_get("at")?);
            Ok(())
        },
    )
    .await?;
    attach(
        db,
        &format!(
            "SELECT customer_id, amount_fen, merchant, occurred_at FROM transactions \
             WHERE {{filter}} AND occurred_at >= {since} AND occurred_at <= {until} AND amount_fen >= 300000 \
             AND installment = 0 AND category <> 'cash_advance' ORDER BY customer_id, amount_fen DESC",
        ),
        subset,
        to,
        |c, r| {
            if c.large_purchase.is_none() {
                c.large_purchase = Some((
                    r.try_get("amount_fen")?,
                    r.try_get("merchant")?,
                    r.try_get("occurred_at")?,
                ));
            }
            Ok(())
        },
    )
    .await
}

/// The highest ids of the tables a customer's analytics depend on.
#[derive(Clone, Copy, Debug, Default)]
pub struct Watermarks {
    /// transactions.id
    pub tx: i64,
    /// statements.id
    pub statement: i64,
    /// points_ledger.id
    pub points: i64,
    /// service_interactions.id
    pub interaction: i64,
    /// cards.id
    pub card: i64,
}

const TABLES: [(&str, &str); 5] = [
    ("transactions", "watermark_tx"),
    ("statements", "watermark_statement"),
    ("points_ledger", "watermark_points"),
    ("service_interactions", "watermark_interaction"),
    ("cards", "watermark_card"),
];

/// Current watermarks.
pub async fn watermarks(db: &Db) -> Result<Watermarks, AppError> {
    let mut v = [0i64; 5];
    for (i, (table, _)) in TABLES.iter().enumerate() {
        v[i] = sqlx::query_scalar(&format!(
            "SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM {table}"
        ))
        .fetch_one(&db.pool)
        .await?;
    }
    Ok(Watermarks {
        tx: v[0],
        statement: v[1],
        points: v[2],
        interaction: v[3],
        card: v[4],
    })
}

/// The last finished run's id and watermarks.
pub async fn last_run(db: &Db) -> Result<Option<(i64, Watermarks)>, AppError> {
    let row = sqlx::query(
        "SELECT id, watermark_tx, watermark_statement, watermark_points, watermark_interaction, watermark_card \
         FROM analytics_runs WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1",
    )
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| {
        Ok((
            r.try_get("id")?,
            Watermarks {
                tx: r.try_get("watermark_tx")?,
                statement: r.try_get("watermark_statement")?,
                points: r.try_get("watermark_points")?,
                interaction: r.try_get("watermark_interaction")?,
                card: r.try_get("watermark_card")?,
            },
        ))
    })
    .transpose()
}

/// When the last full run finished.
pub async fn last_full_run_at(db: &Db) -> Result<Option<i64>, AppError> {
    Ok(
        sqlx::query_scalar("SELECT MAX(finished_at) FROM analytics_runs WHERE mode = 'full'")
            .fetch_one(&db.pool)
            .await?,
    )
}

/// Customers with rows newer than the last run's watermarks.
pub async fn changed_customers(db: &Db, last: &(i64, Watermarks)) -> Result<Vec<i64>, AppError> {
    let w = last.1;
    let sql = format!(
        "SELECT customer_id FROM transactions WHERE id > {} UNION \
         SELECT customer_id FROM statements WHERE id > {} UNION \
         SELECT customer_id FROM points_ledger WHERE id > {} UNION \
         SELECT customer_id FROM service_interactions WHERE id > {} UNION \
         SELECT customer_id FROM cards WHERE id > {} UNION \
         SELECT id AS customer_id FROM customers WHERE id NOT IN (SELECT customer_id FROM customer_features)",
        w.tx, w.statement, w.points, w.interaction, w.card
    );
    let mut ids: Vec<i64> = sqlx::query_scalar(&sql).fetch_all(&db.pool).await?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// Records the start of a run as of the day `as_of` (`YYYY-MM-DD`).
pub async fn start_run(db: &Db, mode: &str, as_of: &str) -> Result<i64, AppError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO analytics_runs (mode, started_at, as_of) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(mode)
    .bind(crate::domain::time::now())
    .bind(as_of)
    .fetch_one(&db.pool)
    .await?;
    Ok(id)
}

/// Records the end of a run with the watermarks read at its start.
pub async fn finish_run(
    db: &Db,
    run_id: i64,
    customers: usize,
    w: &Watermarks,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE analytics_runs SET finished_at = $1, customers = $2, watermark_tx = $3, watermark_statement = $4, \
         watermark_points = $5, watermark_interaction = $6, watermark_card = $7 WHERE id = $8",
    )
    .bind(crate::domain::time::now())
    .bind(customers as i64)
    .bind(w.tx)
    .bind(w.statement)
    .bind(w.points)
    .bind(w.interaction)
    .bind(w.card)
    .bind(run_id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Stores a full run's portfolio models (`params`, JSON) fitted on `n` customers.
pub async fn save_models(db: &Db, run_id: i64, n: i64, params: String) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO model_fits (run_id, model, fitted_at, n, params) VALUES ($1, 'portfolio', $2, $3, $4)",
    )
    .bind(run_id)
    .bind(crate::domain::time::now())
    .bind(n)
    .bind(params)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The latest portfolio models' parameters (JSON), when they were fitted and on how many customers.
pub async fn latest_models(db: &Db) -> Result<Option<(String, i64, i64)>, AppError> {
    let row = sqlx::query("SELECT params, fitted_at, n FROM model_fits WHERE model = 'portfolio' ORDER BY id DESC LIMIT 1")
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| {
        Ok((
            r.try_get("params")?,
            r.try_get("fitted_at")?,
            r.try_get("n")?,
        ))
    })
    .transpose()
}

/// One `customer_features` row, in column order.
#[derive(Clone, Debug)]
pub struct FeatureRecord {
    pub customer_id: i64,
    pub computed_at: i64,
    pub primary_product: Option<&'static str>,
    pub primary_tier: Option<&'static str>,
    pub open_cards: i64,
    pub credit_limit_fen: i64,
    pub balance_fen: i64,
    pub utilisation: f64,
    pub utilisation_3m_ago: f64,
    pub tenure_months: i64,
    pub tx_count_12m: i64,
    pub spend_12m_fen: i64,
    pub spend_90d_fen: i64,
    pub spend_prev_90d_fen: i64,
    pub spend_30d_fen: i64,
    pub first_tx_at: Option<i64>,
    pub last_tx_at: Option<i64>,
    pub recency_days: Option<i64>,
    pub rfm_r: i64,
    pub rfm_f: i64,
    pub rfm_m: i64,
    pub rfm_segment: &'static str,
    pub bg_x: f64,
    pub bg_t_x: f64,
    pub bg_t: f64,
    pub p_alive: f64,
    pub expected_tx_90d: f64,
    pub expected_avg_spend_fen: i64,
    pub clv_12m_fen: i64,
    pub value_tier: &'static str,
    pub churn_band: &'static str,
    /// JSON.
    pub churn_reasons: String,
    pub risk_score: i64,
    pub risk_band: &'static str,
    /// JSON.
    pub risk_reasons: String,
    pub limit_increase_candidate: i64,
    pub days_past_due: i64,
    pub max_dpd_12m: i64,
    pub min_pay_streak: i64,
    pub cash_advances_90d: i64,
    pub top_category: Option<&'static str>,
    pub top_category_share: f64,
    pub preferred_channel: Option<&'static str>,
    pub points_balance: i64,
    pub points_expiring_60d: i64,
    pub points_expiring_on: Option<String>,
    /// JSON.
    pub offers: String,
}

const FEATURE_COLUMNS: [&str; 47] = [
    "customer_id",
    "computed_at",
    "primary_product",
    "primary_tier",
    "open_cards",
    "credit_limit_fen",
    "balance_fen",
    "utilisation",
    "utilisation_3m_ago",
    "tenure_months",
    "tx_count_12m",
    "spend_12m_fen",
    "spend_90d_fen",
    "spend_prev_90d_fen",
    "spend_30d_fen",
    "first_tx_at",
    "last_tx_at",
    "recency_days",
    "rfm_r",
    "rfm_f",
    "rfm_m",
    "rfm_segment",
    "bg_x",
    "bg_t_x",
    "bg_t",
    "p_alive",
    "expected_tx_90d",
    "expected_avg_spend_fen",
    "clv_12m_fen",
    "value_tier",
    "churn_band",
    "churn_reasons",
    "risk_score",
    "risk_band",
    "risk_reasons",
    "limit_increase_candidate",
    "days_past_due",
    "max_dpd_12m",
    "min_pay_streak",
    "cash_advances_90d",
    "top_category",
    "top_category_share",
    "preferred_channel",
    "points_balance",
    "points_expiring_60d",
    "points_expiring_on",
    "offers",
];

fn bind_feature<'q>(q: Q<'q>, f: &'q FeatureRecord) -> Q<'q> {
    q.bind(f.customer_id)
        .bind(f.computed_at)
        .bind(f.primary_product)
        .bind(f.primary_tier)
        .bind(f.open_cards)
        .bind(f.credit_limit_fen)
        .bind(f.balance_fen)
        .bind(f.utilisation)
        .bind(f.utilisation_3m_ago)
        .bind(f.tenure_months)
        .bind(f.tx_count_12m)
        .bind(f.spend_12m_fen)
        .bind(f.spend_90d_fen)
        .bind(f.spend_prev_90d_fen)
        .bind(f.spend_30d_fen)
        .bind(f.first_tx_at)
        .bind(f.last_tx_at)
        .bind(f.recency_days)
        .bind(f.rfm_r)
        .bind(f.rfm_f)
        .bind(f.rfm_m)
        .bind(f.rfm_segment)
        .bind(f.bg_x)
        .bind(f.bg_t_x)
        .bind(f.bg_t)
        .bind(f.p_alive)
        .bind(f.expected_tx_90d)
        .bind(f.expected_avg_spend_fen)
        .bind(f.clv_12m_fen)
        .bind(f.value_tier)
        .bind(f.churn_band)
        .bind(f.churn_reasons.as_str())
        .bind(f.risk_score)
        .bind(f.risk_band)
        .bind(f.risk_reasons.as_str())
        .bind(f.limit_increase_candidate)
        .bind(f.days_past_due)
        .bind(f.max_dpd_12m)
        .bind(f.min_pay_streak)
        .bind(f.cash_advances_90d)
        .bind(f.top_category)
        .bind(f.top_category_share)
        .bind(f.preferred_channel)
        .bind(f.points_balance)
        .bind(f.points_expiring_60d)
        .bind(f.points_expiring_on.as_deref())
        .bind(f.offers.as_str())
}

/// One `customer_category_spend` row: customer, category and (30d, 90d,
/// 365d fen, 90d count, 365d count).
pub type CategorySpend = (i64, &'static str, [i64; 5]);

const CATEGORY_COLUMNS: [&str; 7] = [
    "customer_id",
    "category",
    "spend_30d_fen",
    "spend_90d_fen",
    "spend_365d_fen",
    "count_90d",
    "count_365d",
];

fn bind_category<'q>(q: Q<'q>, (id, cat, v): &'q CategorySpend) -> Q<'q> {
    q.bind(*id)
        .bind(*cat)
        .bind(v[0])
        .bind(v[1])
        .bind(v[2])
        .bind(v[3])
        .bind(v[4])
}

/// Deletes the feature and category rows of `customers` (all of them when `None`).
async fn delete_features(
    conn: &mut sqlx::AnyConnection,
    customers: Option<&[i64]>,
) -> Result<(), AppError> {
    let Some(ids) = customers else {
        sqlx::query("DELETE FROM customer_category_spend")
            .execute(&mut *conn)
            .await?;
        sqlx::query("DELETE FROM customer_features")
            .execute(&mut *conn)
            .await?;
        return Ok(());
    };
    for chunk in ids.chunks(500) {
        let list = placeholders(1, chunk.len());
        for table in ["customer_category_spend", "customer_features"] {
            let sql = format!("DELETE FROM {table} WHERE customer_id IN ({list})");
            let mut q = sqlx::query(&sql);
            for id in chunk {
                q = q.bind(*id);
            }
            q.execute(&mut *conn).await?;
        }
    }
    Ok(())
}

/// Replaces the feature and category rows of `customers` (all of them when
/// `None`) in one transaction, so readers see either the old or the new
/// rows; `written` hears how many feature rows are in after each batch.
pub async fn replace_features(
    db: &Db,
    customers: Option<&[i64]>,
    features: &[FeatureRecord],
    categories: &[CategorySpend],
    mut written: impl FnMut(usize),
) -> Result<(), AppError> {
    let mut tx = db.pool.begin().await?;
    delete_features(&mut tx, customers).await?;
    for (i, chunk) in features.chunks(2_000).enumerate() {
        insert_rows(
            &mut tx,
            db.backend,
            "customer_features",
            &FEATURE_COLUMNS,
            chunk,
            bind_feature,
        )
        .await?;
        written(((i + 1) * 2_000).min(features.len()));
    }
    insert_rows(
        &mut tx,
        db.backend,
        "customer_category_spend",
        &CATEGORY_COLUMNS,
        categories,
        bind_category,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
