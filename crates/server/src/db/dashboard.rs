//! The dashboard's reads: grouped sums over the rollup tables for the
//! widgets, and raw rows a page at a time for comments and drill-downs
//! (the views are assembled in [`crate::dashboard::queries`]).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use crm_api::dashboard::{
    CardMonth, CommentRow, CsatStat, DashboardFilter, DrillMetric, DrillRow, FollowUpCounts,
    HeatCell, MonthChannelCount, NpsStat, SatisfactionRow, ServiceRow, TopicCount, parse_month,
};
use crm_api::surveys::Topic;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::Db;
use crate::db::Q;
use crate::db::rollups::{
    CARD_COLUMNS, CARD_MEASURES, PRODUCT_SQL, SAT_COLUMNS, SAT_MEASURES, SEGMENT_SQL,
    SERVICE_COLUMNS, SERVICE_MEASURES, sums,
};
use crate::db::surveys::ResponseCols;
use crate::domain::kpi;
use crate::domain::scope::Scope;
use crate::domain::time;
use crate::error::AppError;

/// A bound value.
#[derive(Clone, Debug)]
enum Bind {
    Text(String),
    Int(i64),
}

/// A WHERE clause with its bound values.
#[derive(Clone, Debug)]
pub struct Where {
    sql: String,
    binds: Vec<Bind>,
}

impl Where {
    fn new() -> Self {
        Self {
            sql: "1 = 1".into(),
            binds: Vec::new(),
        }
    }
    /// The filter's province, product and segment on a rollup table.
    #[must_use]
    pub fn rollups(f: &DashboardFilter) -> Self {
        let mut w = Self::new();
        w.dims(f, "province", "product", "segment");
        w
    }
    /// The filter's province, product and segment on `customers c` (with
    /// `customer_features f` joined), the product being `product`.
    /// Only customers in `scope` (their branch) count.
    fn customers(f: &DashboardFilter, product: &str, scope: &Scope) -> Self {
        let mut w = Self::new();
        w.dims(f, "c.province", product, SEGMENT_SQL);
        w.sql.push_str(" AND ");
        w.sql.push_str(&scope.branch_condition("c.branch_id"));
        w
    }
    fn text(&mut self, value: String) -> usize {
        self.binds.push(Bind::Text(value));
        self.binds.len()
    }
    fn eq(&mut self, column: &str, value: &str) {
        self.cmp(column, "=", value);
    }
    fn cmp(&mut self, column: &str, op: &str, value: &str) {
        let n = self.text(value.to_owned());
        self.sql.push_str(&format!(" AND {column} {op} ${n}"));
    }
    fn cmp_int(&mut self, column: &str, op: &str, value: i64) {
        self.binds.push(Bind::Int(value));
        self.sql
            .push_str(&format!(" AND {column} {op} ${}", self.binds.len()));
    }
    /// The filter's province, product and segment on columns of these names.
    fn dims(&mut self, f: &DashboardFilter, province: &str, product: &str, segment: &str) {
        if let Some(p) = f.province.as_deref().filter(|v| !v.is_empty()) {
            self.eq(province, p);
        }
        if let Some(p) = f.product.as_deref().filter(|v| !v.is_empty()) {
            self.eq(product, p);
        }
        if let Some(s) = f.segment.as_deref().filter(|v| !v.is_empty()) {
            self.eq(segment, s);
        }
    }
    /// Rollup months from `from` to `to` (`YYYY-MM`, both included).
    pub fn months(&mut self, from: &str, to: &str) {
        self.cmp("month", ">=", from);
        self.cmp("month", "<=", to);
    }
    /// The one rollup month `month`.
    pub fn month(&mut self, month: &str) {
        self.eq("month", month);
    }
    fn bind<'q>(&'q self, mut q: Q<'q>) -> Q<'q> {
        for b in &self.binds {
            q = match b {
                Bind::Text(t) => q.bind(t.as_str()),
                Bind::Int(i) => q.bind(*i),
            };
        }
        q
    }
    async fn fetch_all(&self, db: &Db, sql: &str) -> Result<Vec<AnyRow>, AppError> {
        Ok(self.bind(sqlx::query(sql)).fetch_all(&db.pool).await?)
    }
    async fn fetch_one(&self, db: &Db, sql: &str) -> Result<AnyRow, AppError> {
        Ok(self.bind(sqlx::query(sql)).fetch_one(&db.pool).await?)
    }
}

/// The first second (Shanghai) of a `YYYY-MM` month.
#[must_use]
pub fn first_second(month: &str) -> i64 {
    time::parse_date(&format!("{month}-01")).map_or(0, time::start_of_day)
}

/// The `YYYY-MM` month after `month`.
#[must_use]
pub fn next_month(month: &str) -> String {
    parse_month(month).map_or_else(String::new, |(y, m)| {
        if m == 12 {
            format!("{:04}-01", y + 1)
        } else {
            format!("{y:04}-{:02}", m + 1)
        }
    })
}

fn sum(r: &AnyRow, col: &str) -> Result<i64, sqlx::Error> {
    Ok(r.try_get::<Option<i64>, _>(col)?.unwrap_or(0))
}

fn sat_stats(r: &AnyRow) -> Result<(NpsStat, CsatStat), sqlx::Error> {
    Ok((
        NpsStat::from_counts(
            sum(r, "promoters")?,
            sum(r, "passives")?,
            sum(r, "detractors")?,
        ),
        CsatStat::from_counts(
            sum(r, "csat_n")?,
            sum(r, "csat_sum")?,
            sum(r, "csat_satisfied")?,
        ),
    ))
}

fn sat_sums() -> String {
    sums(&SAT_COLUMNS[SAT_MEASURES..])
}

/// Satisfaction per value of `column` (unsorted).
pub async fn sat_group(db: &Db, w: &Where, column: &str) -> Result<Vec<SatisfactionRow>, AppError> {
    let sql = format!(
        "SELECT {column} AS k, {} FROM rollup_satisfaction WHERE {} GROUP BY {column}",
        sat_sums(),
        w.sql
    );
    w.fetch_all(db, &sql)
        .await?
        .iter()
        .map(|r| {
            let key = match r.try_get::<String, _>("k") {
                Ok(k) => k,
                Err(_) => r.try_get::<i64, _>("k")?.to_string(),
            };
            let (nps, csat) = sat_stats(r)?;
            Ok(SatisfactionRow {
                key,
                label: None,
                label_en: None,
                nps,
                csat,
            })
        })
        .collect()
}

/// Satisfaction over all of `w`.
pub async fn sat_total(db: &Db, w: &Where) -> Result<(NpsStat, CsatStat), AppError> {
    let sql = format!(
        "SELECT {} FROM rollup_satisfaction WHERE {}",
        sat_sums(),
        w.sql
    );
    Ok(sat_stats(&w.fetch_one(db, &sql).await?)?)
}

/// Branch names (Chinese, English) by branch id as text.
pub async fn branch_names(db: &Db) -> Result<BTreeMap<String, (String, String)>, AppError> {
    Ok(sqlx::query("SELECT id, name, name_en FROM branches")
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get::<i64, _>("id")?.to_string(),
                (r.try_get("name")?, r.try_get("name_en")?),
            ))
        })
        .collect::<Result<_, sqlx::Error>>()?)
}

/// NPS per month and province.
pub async fn nps_heatmap(db: &Db, w: &Where) -> Result<Vec<HeatCell>, AppError> {
    let sql = format!(
        "SELECT month, province, CAST(SUM(promoters) AS BIGINT) AS promoters, CAST(SUM(passives) AS BIGINT) AS passives, \
                CAST(SUM(detractors) AS BIGINT) AS detractors \
         FROM rollup_satisfaction WHERE {} GROUP BY month, province ORDER BY month, province",
        w.sql
    );
    Ok(w.fetch_all(db, &sql)
        .await?
        .iter()
        .map(|r| {
            let s = NpsStat::from_counts(
                sum(r, "promoters")?,
                sum(r, "passives")?,
                sum(r, "detractors")?,
            );
            Ok(HeatCell {
                month: r.try_get("month")?,
                province: r.try_get("province")?,
                n: s.n,
                score: s.score,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?)
}

/// Responses per comment topic (unsorted).
pub async fn topic_counts(db: &Db, w: &Where) -> Result<Vec<TopicCount>, AppError> {
    let sql = format!(
        "SELECT topic, CAST(SUM(responses) AS BIGINT) AS n FROM rollup_satisfaction \
         WHERE {} AND topic <> '' GROUP BY topic",
        w.sql
    );
    Ok(w.fetch_all(db, &sql)
        .await?
        .iter()
        .filter_map(|r| {
            let topic = Topic::parse(&r.try_get::<String, _>("topic").ok()?)?;
            Some(TopicCount {
                topic,
                count: sum(r, "n").ok()?,
            })
        })
        .collect())
}

/// Open and overdue follow-ups for the filter's customers.
pub async fn follow_up_counts(
    db: &Db,
    filter: &DashboardFilter,
    scope: &Scope,
    today: NaiveDate,
) -> Result<FollowUpCounts, AppError> {
    let w = Where::customers(filter, PRODUCT_SQL, scope);
    let sql = format!(
        "SELECT COUNT(*) AS open, \
                CAST(COALESCE(SUM(CASE WHEN t.due_on < '{}' THEN 1 ELSE 0 END), 0) AS BIGINT) AS overdue \
         FROM follow_up_tasks t JOIN customers c ON c.id = t.customer_id \
         LEFT JOIN customer_features f ON f.customer_id = c.id \
         WHERE t.status = 'open' AND {}",
        today.format("%Y-%m-%d"),
        w.sql
    );
    let row = w.fetch_one(db, &sql).await?;
    Ok(FollowUpCounts {
        open: row.try_get("open")?,
        overdue: row.try_get("overdue")?,
    })
}

/// The measure `columns` of a grouped row, in their order (0 where a sum is NULL).
fn measures<const N: usize>(r: &AnyRow, columns: &[&str]) -> Result<[i64; N], sqlx::Error> {
    let mut out = [0; N];
    for (v, c) in out.iter_mut().zip(columns) {
        *v = sum(r, c)?;
    }
    Ok(out)
}

fn card_month(key: String, r: &AnyRow) -> Result<CardMonth, sqlx::Error> {
    let v: [i64; 17] = measures(r, &CARD_COLUMNS[CARD_MEASURES..])?;
    Ok(CardMonth {
        key,
        in_force: v[0],
        new_cards: v[1],
        closed: v[2],
        active_30: v[3],
        active_90: v[4],
        dormant: v[5],
        cards_with_spend: v[6],
        spend_fen: v[7],
        statements: v[8],
        balance_fen: v[9],
        revolving_fen: v[10],
        dpd_1_30: v[11],
        dpd_31_60: v[12],
        dpd_61_90: v[13],
        dpd_90_plus: v[14],
        points_issued: v[15],
        points_redeemed: v[16],
    })
}

/// Card KPIs per value of `column`, in its order.
pub async fn card_group(db: &Db, w: &Where, column: &str) -> Result<Vec<CardMonth>, AppError> {
    let sums = sums(&CARD_COLUMNS[CARD_MEASURES..]);
    let sql = format!(
        "SELECT {column} AS k, {sums} FROM rollup_cards WHERE {} GROUP BY {column} ORDER BY {column}",
        w.sql
    );
    Ok(w.fetch_all(db, &sql)
        .await?
        .iter()
        .map(|r| card_month(r.try_get("k")?, r))
        .collect::<Result<_, sqlx::Error>>()?)
}

/// One arm of a campaign with its members and responders among the filter's customers.
#[allow(missing_docs)]
pub struct CampaignArm {
    pub id: i64,
    pub name: String,
    pub status: String,
    pub launched_at: Option<i64>,
    pub arm: String,
    pub members: i64,
    pub responders: i64,
}

/// The arms of the campaigns launched in `from..to` (Unix seconds), newest campaign first.
pub async fn campaign_arms(
    db: &Db,
    filter: &DashboardFilter,
    scope: &Scope,
    (from, to): (i64, i64),
) -> Result<Vec<CampaignArm>, AppError> {
    let mut w = Where::customers(filter, PRODUCT_SQL, scope);
    let n = w.binds.len();
    // the launch span's values come after the filter's, ahead of it in the text
    w.binds.push(Bind::Int(from));
    w.binds.push(Bind::Int(to));
    let sql = format!(
        "SELECT g.id, g.name, g.status, g.launched_at, m.arm, COUNT(*) AS members, \
                COUNT(r.customer_id) AS responders \
         FROM campaigns g \
         JOIN campaign_members m ON m.campaign_id = g.id \
         JOIN customers c ON c.id = m.customer_id \
         LEFT JOIN customer_features f ON f.customer_id = c.id \
         LEFT JOIN campaign_responses r ON r.campaign_id = m.campaign_id AND r.customer_id = m.customer_id \
         WHERE g.launched_at >= ${} AND g.launched_at < ${} AND {} \
         GROUP BY g.id, g.name, g.status, g.launched_at, m.arm \
         ORDER BY g.launched_at DESC, g.id",
        n + 1,
        n + 2,
        w.sql
    );
    w.fetch_all(db, &sql)
        .await?
        .iter()
        .map(|r| {
            Ok(CampaignArm {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                status: r.try_get("status")?,
                launched_at: r.try_get("launched_at")?,
                arm: r.try_get("arm")?,
                members: r.try_get("members")?,
                responders: r.try_get("responders")?,
            })
        })
        .collect()
}

fn service_row(key: String, r: &AnyRow) -> Result<ServiceRow, sqlx::Error> {
    let v: [i64; 8] = measures(r, &SERVICE_COLUMNS[SERVICE_MEASURES..])?;
    Ok(ServiceRow {
        key,
        interactions: v[0],
        responded: v[1],
        first_response_secs: v[2],
        first_response_in_sla: v[3],
        resolved: v[4],
        resolution_secs: v[5],
        resolution_in_sla: v[6],
        pending: v[7],
    })
}

fn service_sums() -> String {
    sums(&SERVICE_COLUMNS[SERVICE_MEASURES..])
}

/// Service KPIs over all of `w`.
pub async fn service_total(db: &Db, w: &Where) -> Result<ServiceRow, AppError> {
    let sql = format!(
        "SELECT {} FROM rollup_service WHERE {}",
        service_sums(),
        w.sql
    );
    Ok(service_row("total".into(), &w.fetch_one(db, &sql).await?)?)
}

/// Service KPIs per value of `column`, in its order.
pub async fn service_group(db: &Db, w: &Where, column: &str) -> Result<Vec<ServiceRow>, AppError> {
    let sql = format!(
        "SELECT {column} AS k, {} FROM rollup_service WHERE {} \
         GROUP BY {column} ORDER BY {column}",
        service_sums(),
        w.sql
    );
    let mut out = Vec::new();
    for r in w.fetch_all(db, &sql).await? {
        out.push(service_row(r.try_get("k")?, &r)?);
    }
    Ok(out)
}

/// Interactions per month and channel.
pub async fn service_month_channel(db: &Db, w: &Where) -> Result<Vec<MonthChannelCount>, AppError> {
    let sql = format!(
        "SELECT month, channel, CAST(SUM(interactions) AS BIGINT) AS n FROM rollup_service WHERE {} \
         GROUP BY month, channel ORDER BY month, channel",
        w.sql
    );
    Ok(w.fetch_all(db, &sql)
        .await?
        .iter()
        .map(|r| {
            Ok(MonthChannelCount {
                month: r.try_get("month")?,
                channel: r.try_get("channel")?,
                count: sum(r, "n")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?)
}

/// A page of rows: 1-based page number and rows per page.
#[derive(Clone, Copy, Debug)]
pub struct PageAt {
    /// Page (1-based).
    pub page: u32,
    /// Rows per page.
    pub per_page: u32,
}

impl PageAt {
    fn limit(self) -> String {
        format!(
            "LIMIT {} OFFSET {}",
            self.per_page,
            u64::from(self.page.saturating_sub(1)) * u64::from(self.per_page)
        )
    }
}

/// How many rows `SELECT {count} AS n {body}` counts, and one page of
/// `list` (the query up to its LIMIT), each row decoded by `decode`.
async fn paged<T>(
    db: &Db,
    w: &Where,
    (count, body): (&str, &str),
    list: &str,
    at: PageAt,
    decode: fn(&AnyRow) -> Result<T, sqlx::Error>,
) -> Result<(i64, Vec<T>), AppError> {
    let total: i64 = w
        .fetch_one(db, &format!("SELECT {count} AS n {body}"))
        .await?
        .try_get("n")?;
    let sql = format!("{list} {}", at.limit());
    let items = w
        .fetch_all(db, &sql)
        .await?
        .iter()
        .map(decode)
        .collect::<Result<_, _>>()?;
    Ok((total, items))
}

/// Which comments to list.
#[derive(Clone, Copy, Debug)]
pub struct CommentSearch<'a> {
    /// Answered from (Unix seconds).
    pub from: i64,
    /// Answered before.
    pub to: i64,
    /// Words the comment contains.
    pub q: Option<&'a str>,
    /// Only this topic.
    pub topic: Option<Topic>,
    /// Only detractor answers.
    pub detractors: bool,
}

/// The filter's survey comments of `s`, newest first: how many there are and one page of them.
pub async fn comments(
    db: &Db,
    filter: &DashboardFilter,
    scope: &Scope,
    s: &CommentSearch<'_>,
    at: PageAt,
) -> Result<(i64, Vec<CommentRow>), AppError> {
    let mut w = Where::customers(filter, PRODUCT_SQL, scope);
    w.cmp_int("s.responded_at", ">=", s.from);
    w.cmp_int("s.responded_at", "<", s.to);
    if let Some(q) = s.q {
        let escaped = q
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let n = w.text(format!("%{}%", escaped.to_lowercase()));
        w.sql
            .push_str(&format!(" AND LOWER(s.comment) LIKE ${n} ESCAPE '\\'"));
    }
    if let Some(t) = s.topic {
        w.eq("s.topic", t.as_str());
    }
    if s.detractors {
        w.sql.push_str(" AND (s.nps <= 6 OR s.csat <= 2)");
    }
    let sql_where = &w.sql;
    let from_sql = format!(
        "FROM survey_responses s JOIN customers c ON c.id = s.customer_id \
         LEFT JOIN customer_features f ON f.customer_id = c.id \
         WHERE s.comment IS NOT NULL AND s.comment <> '' AND {sql_where}"
    );
    let list = format!(
        "SELECT s.id, s.customer_id, c.name, s.responded_at, s.nps, s.csat, s.comment, s.channel, \
                s.touchpoint, s.topic, c.province {from_sql} \
         ORDER BY s.responded_at DESC, s.id DESC"
    );
    paged(db, &w, ("COUNT(*)", &from_sql), &list, at, comment_row).await
}

fn comment_row(r: &AnyRow) -> Result<CommentRow, sqlx::Error> {
    let scores = ResponseCols::from_row(r)?;
    Ok(CommentRow {
        id: r.try_get("id")?,
        customer_id: r.try_get("customer_id")?,
        customer_name: r.try_get("name")?,
        comment: r.try_get("comment")?,
        province: r.try_get("province")?,
        responded_at: scores.responded_at,
        nps: scores.nps,
        csat: scores.csat,
        channel: scores.channel,
        touchpoint: scores.touchpoint,
        topic: scores.topic,
    })
}

/// The bar of a breakdown a drill-down narrows to (checked against its metric).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DrillBar<'a> {
    /// The whole range, or one month of it (the span says which).
    None,
    /// One province.
    Province(&'a str),
    /// One product.
    Product(&'a str),
    /// One segment.
    Segment(&'a str),
    /// One branch.
    Branch(i64),
    /// One survey channel.
    Channel(&'a str),
    /// One survey touchpoint.
    Touchpoint(&'a str),
    /// Statements with days past due in `lo..=hi`.
    Bucket(i64, i64),
}

/// Which customers a drill-down lists.
#[derive(Clone, Copy, Debug)]
pub struct Drill<'a> {
    /// The metric.
    pub metric: DrillMetric,
    /// The bar.
    pub bar: DrillBar<'a>,
    /// First month (`YYYY-MM`).
    pub first: &'a str,
    /// Last month.
    pub last: &'a str,
    /// Today.
    pub today: NaiveDate,
}

const CARDS_FROM: &str = "FROM cards k JOIN card_products p ON p.id = k.product_id \
             JOIN customers c ON c.id = k.customer_id";

/// The metric's rows (FROM clause) and their conditions on `w`.
fn drill_rows(w: &mut Where, d: &Drill<'_>) -> &'static str {
    let today_text = d.today.format("%Y-%m-%d").to_string();
    let from_day = format!("{}-01", d.first);
    let to_day = format!("{}-01", next_month(d.last));
    match d.metric {
        DrillMetric::Responses | DrillMetric::Detractors => {
            w.cmp_int("s.responded_at", ">=", first_second(d.first));
            w.cmp_int("s.responded_at", "<", first_second(&next_month(d.last)));
            if d.metric == DrillMetric::Detractors {
                w.sql.push_str(" AND (s.nps <= 6 OR s.csat <= 2)");
            }
            "FROM survey_responses s JOIN customers c ON c.id = s.customer_id"
        }
        DrillMetric::Delinquent => {
            w.cmp("s.due_date", ">=", &from_day);
            w.cmp("s.due_date", "<", to_day.as_str().min(today_text.as_str()));
            w.sql.push_str(" AND s.days_past_due > 0");
            "FROM statements s JOIN cards k ON k.id = s.card_id \
             JOIN card_products p ON p.id = k.product_id JOIN customers c ON c.id = k.customer_id"
        }
        DrillMetric::NewCards => {
            w.cmp("k.opened_on", ">=", &from_day);
            w.cmp("k.opened_on", "<", &to_day);
            CARDS_FROM
        }
        DrillMetric::ClosedCards => {
            w.cmp("k.closed_on", ">=", &from_day);
            w.cmp("k.closed_on", "<", &to_day);
            CARDS_FROM
        }
        DrillMetric::Dormant => {
            dormant_at(w, kpi::month_end(d.last, d.today).unwrap_or(d.today));
            CARDS_FROM
        }
    }
}

/// Cards in force at `end` without purchases in the 90 days up to it.
fn dormant_at(w: &mut Where, end: NaiveDate) {
    let end_text = end.format("%Y-%m-%d").to_string();
    w.cmp("k.opened_on", "<=", &end_text);
    let n = w.text(end_text);
    w.sql
        .push_str(&format!(" AND (k.closed_on IS NULL OR k.closed_on > ${n})"));
    let since = time::start_of_day(end - chrono::Duration::days(89));
    let until = time::start_of_day(end + chrono::Duration::days(1));
    w.binds.push(Bind::Int(since));
    w.binds.push(Bind::Int(until));
    w.sql.push_str(&format!(
        " AND NOT EXISTS (SELECT 1 FROM transactions t WHERE t.card_id = k.id \
           AND t.occurred_at >= ${} AND t.occurred_at < ${} AND t.amount_fen > 0)",
        w.binds.len() - 1,
        w.binds.len()
    ));
}

/// The customers behind a number, most rows first: how many there are and one page of them.
pub async fn drill(
    db: &Db,
    filter: &DashboardFilter,
    scope: &Scope,
    d: &Drill<'_>,
    at: PageAt,
) -> Result<(i64, Vec<DrillRow>), AppError> {
    let survey = matches!(d.metric, DrillMetric::Responses | DrillMetric::Detractors);
    let product_col = if survey { PRODUCT_SQL } else { "p.code" };
    let mut w = Where::customers(filter, product_col, scope);
    let from = drill_rows(&mut w, d);
    match d.bar {
        DrillBar::None => {}
        DrillBar::Province(key) => w.eq("c.province", key),
        DrillBar::Product(key) => w.eq(product_col, key),
        DrillBar::Segment(key) => w.eq(SEGMENT_SQL, key),
        DrillBar::Branch(id) => w.cmp_int("c.branch_id", "=", id),
        DrillBar::Channel(key) => w.eq("s.channel", key),
        DrillBar::Touchpoint(key) => w.eq("s.touchpoint", key),
        DrillBar::Bucket(lo, hi) => {
            w.cmp_int("s.days_past_due", ">=", lo);
            w.cmp_int("s.days_past_due", "<=", hi);
        }
    }
    let body = format!(
        "{from} LEFT JOIN customer_features f ON f.customer_id = c.id WHERE {}",
        w.sql
    );
    let list = format!(
        "SELECT c.id, c.customer_no, c.name, c.province, {PRODUCT_SQL} AS product, \
                {SEGMENT_SQL} AS segment, COUNT(*) AS n {body} \
         GROUP BY c.id, c.customer_no, c.name, c.province, f.rfm_segment \
         ORDER BY n DESC, c.id"
    );
    paged(
        db,
        &w,
        ("COUNT(DISTINCT c.id)", &body),
        &list,
        at,
        drill_row,
    )
    .await
}

fn drill_row(r: &AnyRow) -> Result<DrillRow, sqlx::Error> {
    let product: String = r.try_get("product")?;
    Ok(DrillRow {
        customer_id: r.try_get("id")?,
        customer_no: r.try_get("customer_no")?,
        name: r.try_get("name")?,
        province: r.try_get("province")?,
        product: (!product.is_empty()).then_some(product),
        segment: r.try_get("segment")?,
        count: r.try_get("n")?,
    })
}
