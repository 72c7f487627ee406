//! The dashboard's answers: widgets from the rollup tables (grouped sums over
//! small tables), comments and drill-downs from raw rows a page at a time.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use crm_api::InteractionChannel;
use crm_api::Page;
use crm_api::dashboard::{
    CampaignSummaryRow, CardMonth, CardsView, CommentRow, CsatStat, DashboardFilter, DrillMetric,
    DrillRow, FollowUpCounts, HeatCell, MonthChannelCount, NpsStat, SatisfactionRow,
    SatisfactionView, ServiceRow, ServiceView, SlaTarget, TopicCount, month_range, months_before,
    parse_month,
};
use crm_api::surveys::Topic;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::rollups;
use crate::Db;
use crate::db::Q;
pub use crate::db::rollups::{PRODUCT_SQL, SEGMENT_SQL};
use crate::domain::kpi;
use crate::domain::time;
use crate::error::AppError;

/// The months of a validated filter, and those of the period before it.
#[derive(Clone, Debug)]
pub struct Range {
    /// The selected months.
    pub months: Vec<String>,
    /// The same number of months just before.
    pub previous: Vec<String>,
}

impl Range {
    /// From a filter on `today`.
    ///
    /// # Errors
    /// 422 when the filter is invalid.
    pub fn of(filter: &DashboardFilter, today: NaiveDate) -> Result<Self, AppError> {
        filter.validate().map_err(AppError::Validation)?;
        let current = parse_month(&kpi::month_of(today)).unwrap_or((2000, 1));
        let months = filter.months(current).unwrap_or_default();
        let first = months
            .first()
            .and_then(|m| parse_month(m))
            .unwrap_or(current);
        let n = months.len() as u32;
        let previous = month_range(months_before(first, n), months_before(first, 1));
        Ok(Self { months, previous })
    }

    fn first(&self) -> &str {
        self.months.first().map_or("", String::as_str)
    }
    fn last(&self) -> &str {
        self.months.last().map_or("", String::as_str)
    }
}

/// A bound value.
#[derive(Clone, Debug)]
enum Bind {
    Text(String),
    Int(i64),
}

/// A WHERE clause with its bound values.
#[derive(Clone, Debug)]
struct Where {
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
    fn eq(&mut self, column: &str, value: &str) {
        self.binds.push(Bind::Text(value.to_owned()));
        self.sql
            .push_str(&format!(" AND {column} = ${}", self.binds.len()));
    }
    fn cmp(&mut self, column: &str, op: &str, value: &str) {
        self.binds.push(Bind::Text(value.to_owned()));
        self.sql
            .push_str(&format!(" AND {column} {op} ${}", self.binds.len()));
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
    fn months(&mut self, column: &str, from: &str, to: &str) {
        self.cmp(column, ">=", from);
        self.cmp(column, "<=", to);
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
}

const SAT_SUMS: &str = "CAST(SUM(responses) AS BIGINT) AS responses, CAST(SUM(promoters) AS BIGINT) AS promoters, \
    CAST(SUM(passives) AS BIGINT) AS passives, CAST(SUM(detractors) AS BIGINT) AS detractors, CAST(SUM(csat_n) AS BIGINT) AS csat_n, \
    CAST(SUM(csat_sum) AS BIGINT) AS csat_sum, CAST(SUM(csat_satisfied) AS BIGINT) AS csat_satisfied";

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

/// Lowest NPS first (then lowest CSAT); groups without answers last.
fn lowest_first(rows: &mut [SatisfactionRow]) {
    rows.sort_by(|a, b| {
        let ka = (
            a.nps.score.unwrap_or(f64::MAX),
            a.csat.average.unwrap_or(f64::MAX),
        );
        let kb = (
            b.nps.score.unwrap_or(f64::MAX),
            b.csat.average.unwrap_or(f64::MAX),
        );
        ka.partial_cmp(&kb)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.key.cmp(&b.key))
    });
}

async fn sat_group(db: &Db, w: &Where, column: &str) -> Result<Vec<SatisfactionRow>, AppError> {
    let sql = format!(
        "SELECT {column} AS k, {SAT_SUMS} FROM rollup_satisfaction WHERE {} GROUP BY {column}",
        w.sql
    );
    let rows = w.bind(sqlx::query(&sql)).fetch_all(&db.pool).await?;
    rows.iter()
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

async fn sat_total(db: &Db, w: &Where) -> Result<(NpsStat, CsatStat), AppError> {
    let sql = format!("SELECT {SAT_SUMS} FROM rollup_satisfaction WHERE {}", w.sql);
    let row = w.bind(sqlx::query(&sql)).fetch_one(&db.pool).await?;
    Ok(sat_stats(&row)?)
}

/// Open and overdue follow-ups for the filter's customers.
pub async fn follow_up_counts(
    db: &Db,
    filter: &DashboardFilter,
    today: NaiveDate,
) -> Result<FollowUpCounts, AppError> {
    let mut w = Where::new();
    w.dims(filter, "c.province", PRODUCT_SQL, SEGMENT_SQL);
    let sql = format!(
        "SELECT COUNT(*) AS open, \
                CAST(COALESCE(SUM(CASE WHEN t.due_on < '{}' THEN 1 ELSE 0 END), 0) AS BIGINT) AS overdue \
         FROM follow_up_tasks t JOIN customers c ON c.id = t.customer_id \
         LEFT JOIN customer_features f ON f.customer_id = c.id \
         WHERE t.status = 'open' AND {}",
        today.format("%Y-%m-%d"),
        w.sql
    );
    let row = w.bind(sqlx::query(&sql)).fetch_one(&db.pool).await?;
    Ok(FollowUpCounts {
        open: row.try_get("open")?,
        overdue: row.try_get("overdue")?,
    })
}

/// `GET /api/v1/dashboard/satisfaction`.
pub async fn satisfaction(
    db: &Db,
    filter: &DashboardFilter,
    today: NaiveDate,
) -> Result<SatisfactionView, AppError> {
    let range = Range::of(filter, today)?;
    let mut w = Where::new();
    w.dims(filter, "province", "product", "segment");
    let mut prev = w.clone();
    w.months("month", range.first(), range.last());
    prev.months(
        "month",
        range.previous.first().map_or("", String::as_str),
        range.previous.last().map_or("", String::as_str),
    );
    let (nps, csat) = sat_total(db, &w).await?;
    let (previous_nps, previous_csat) = sat_total(db, &prev).await?;

    let by_month_rows = sat_group(db, &w, "month").await?;
    let by_month = range
        .months
        .iter()
        .map(|m| {
            by_month_rows
                .iter()
                .find(|r| r.key == *m)
                .cloned()
                .unwrap_or_else(|| SatisfactionRow {
                    key: m.clone(),
                    label: None,
                    label_en: None,
                    nps: NpsStat::default(),
                    csat: CsatStat::default(),
                })
        })
        .collect();
    let mut by_province = sat_group(db, &w, "province").await?;
    let mut by_branch = sat_group(db, &w, "branch_id").await?;
    let names: BTreeMap<String, (String, String)> =
        sqlx::query("SELECT id, name, name_en FROM branches")
            .fetch_all(&db.pool)
            .await?
            .iter()
            .map(|r| {
                Ok((
                    r.try_get::<i64, _>("id")?.to_string(),
                    (r.try_get("name")?, r.try_get("name_en")?),
                ))
            })
            .collect::<Result<_, sqlx::Error>>()?;
    for row in &mut by_branch {
        if let Some((zh, en)) = names.get(&row.key) {
            row.label = Some(zh.clone());
            row.label_en = Some(en.clone());
        }
    }
    let mut by_product = sat_group(db, &w, "product").await?;
    let mut by_channel = sat_group(db, &w, "channel").await?;
    let mut by_touchpoint = sat_group(db, &w, "touchpoint").await?;
    let mut by_segment = sat_group(db, &w, "segment").await?;
    for rows in [
        &mut by_province,
        &mut by_branch,
        &mut by_product,
        &mut by_channel,
        &mut by_touchpoint,
        &mut by_segment,
    ] {
        lowest_first(rows);
    }

    let sql = format!(
        "SELECT month, province, CAST(SUM(promoters) AS BIGINT) AS promoters, CAST(SUM(passives) AS BIGINT) AS passives, \
                CAST(SUM(detractors) AS BIGINT) AS detractors \
         FROM rollup_satisfaction WHERE {} GROUP BY month, province ORDER BY month, province",
        w.sql
    );
    let heatmap = w
        .bind(sqlx::query(&sql))
        .fetch_all(&db.pool)
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
        .collect::<Result<Vec<_>, sqlx::Error>>()?;

    let sql = format!(
        "SELECT topic, CAST(SUM(responses) AS BIGINT) AS n FROM rollup_satisfaction \
         WHERE {} AND topic <> '' GROUP BY topic",
        w.sql
    );
    let mut topics: Vec<TopicCount> = w
        .bind(sqlx::query(&sql))
        .fetch_all(&db.pool)
        .await?
        .iter()
        .filter_map(|r| {
            let topic = Topic::parse(&r.try_get::<String, _>("topic").ok()?)?;
            Some(TopicCount {
                topic,
                count: sum(r, "n").ok()?,
            })
        })
        .collect();
    topics.sort_by(|a, b| b.count.cmp(&a.count).then(a.topic.cmp(&b.topic)));

    Ok(SatisfactionView {
        months: range.months.clone(),
        nps,
        csat,
        previous_nps,
        previous_csat,
        by_month,
        by_province,
        by_branch,
        by_product,
        by_channel,
        by_touchpoint,
        by_segment,
        heatmap,
        topics,
        follow_ups: follow_up_counts(db, filter, today).await?,
        refreshed_at: rollups::refreshed_at(db).await?,
    })
}

const CARD_SUMS: [&str; 17] = [
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

fn card_month(key: String, r: &AnyRow) -> Result<CardMonth, sqlx::Error> {
    Ok(CardMonth {
        key,
        in_force: sum(r, "in_force")?,
        new_cards: sum(r, "new_cards")?,
        closed: sum(r, "closed")?,
        active_30: sum(r, "active_30")?,
        active_90: sum(r, "active_90")?,
        dormant: sum(r, "dormant")?,
        cards_with_spend: sum(r, "cards_with_spend")?,
        spend_fen: sum(r, "spend_fen")?,
        statements: sum(r, "statements")?,
        balance_fen: sum(r, "balance_fen")?,
        revolving_fen: sum(r, "revolving_fen")?,
        dpd_1_30: sum(r, "dpd_1_30")?,
        dpd_31_60: sum(r, "dpd_31_60")?,
        dpd_61_90: sum(r, "dpd_61_90")?,
        dpd_90_plus: sum(r, "dpd_90_plus")?,
        points_issued: sum(r, "points_issued")?,
        points_redeemed: sum(r, "points_redeemed")?,
    })
}

async fn card_group(db: &Db, w: &Where, column: &str) -> Result<Vec<CardMonth>, AppError> {
    let sums = CARD_SUMS
        .iter()
        .map(|c| format!("CAST(SUM({c}) AS BIGINT) AS {c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT {column} AS k, {sums} FROM rollup_cards WHERE {} GROUP BY {column} ORDER BY {column}",
        w.sql
    );
    let rows = w.bind(sqlx::query(&sql)).fetch_all(&db.pool).await?;
    Ok(rows
        .iter()
        .map(|r| card_month(r.try_get("k")?, r))
        .collect::<Result<_, sqlx::Error>>()?)
}

/// `GET /api/v1/dashboard/cards`.
pub async fn cards(
    db: &Db,
    filter: &DashboardFilter,
    today: NaiveDate,
) -> Result<CardsView, AppError> {
    let range = Range::of(filter, today)?;
    let last = range.last().to_owned();
    let before_last = parse_month(&last)
        .map(|m| months_before(m, 1))
        .map(|(y, m)| format!("{y:04}-{m:02}"))
        .unwrap_or_default();
    let mut w = Where::new();
    w.dims(filter, "province", "product", "segment");
    let base = w.clone();
    w.months("month", range.first().min(before_last.as_str()), &last);
    let rows = card_group(db, &w, "month").await?;
    let find = |m: &str| {
        rows.iter()
            .find(|r| r.key == m)
            .cloned()
            .unwrap_or_else(|| CardMonth {
                key: m.to_owned(),
                ..CardMonth::default()
            })
    };
    let by_month: Vec<CardMonth> = range.months.iter().map(|m| find(m)).collect();
    let latest = find(&last);
    let previous = find(&before_last);
    // flows are summed over the range below; stocks stay the last month's
    let mut total = CardMonth {
        key: "total".into(),
        in_force: latest.in_force,
        active_30: latest.active_30,
        active_90: latest.active_90,
        dormant: latest.dormant,
        ..CardMonth::default()
    };
    for m in &by_month {
        total.new_cards += m.new_cards;
        total.closed += m.closed;
        total.spend_fen += m.spend_fen;
        total.cards_with_spend += m.cards_with_spend;
        total.statements += m.statements;
        total.balance_fen += m.balance_fen;
        total.revolving_fen += m.revolving_fen;
        total.dpd_1_30 += m.dpd_1_30;
        total.dpd_31_60 += m.dpd_31_60;
        total.dpd_61_90 += m.dpd_61_90;
        total.dpd_90_plus += m.dpd_90_plus;
        total.points_issued += m.points_issued;
        total.points_redeemed += m.points_redeemed;
    }
    let mut at_last = base.clone();
    at_last.eq("month", &last);
    let mut by_province = card_group(db, &at_last, "province").await?;
    let mut by_product = card_group(db, &at_last, "product").await?;
    by_province.sort_by(|a, b| b.in_force.cmp(&a.in_force).then(a.key.cmp(&b.key)));
    by_product.sort_by(|a, b| b.in_force.cmp(&a.in_force).then(a.key.cmp(&b.key)));
    Ok(CardsView {
        months: range.months.clone(),
        campaigns: campaign_summary(db, filter, &range).await?,
        latest,
        previous,
        total,
        by_month,
        by_province,
        by_product,
        refreshed_at: rollups::refreshed_at(db).await?,
    })
}

/// Campaigns launched in the range, with arms and responders among the filter's customers.
async fn campaign_summary(
    db: &Db,
    filter: &DashboardFilter,
    range: &Range,
) -> Result<Vec<CampaignSummaryRow>, AppError> {
    let from = first_second(range.first());
    let to = first_second(&next_month(range.last()));
    let mut w = Where::new();
    w.dims(filter, "c.province", PRODUCT_SQL, SEGMENT_SQL);
    let n = w.binds.len();
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
    let rows = w
        .bind(sqlx::query(&sql))
        .bind(from)
        .bind(to)
        .fetch_all(&db.pool)
        .await?;
    let mut out: Vec<CampaignSummaryRow> = Vec::new();
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        if out.last().is_none_or(|c| c.id != id) {
            out.push(CampaignSummaryRow {
                id,
                name: r.try_get("name")?,
                status: r.try_get("status")?,
                launched_at: r.try_get("launched_at")?,
                treatment: 0,
                treatment_responders: 0,
                control: 0,
                control_responders: 0,
            });
        }
        let Some(c) = out.last_mut() else { continue };
        let arm: String = r.try_get("arm")?;
        let (members, responders): (i64, i64) = (r.try_get("members")?, r.try_get("responders")?);
        if arm == "control" {
            (c.control, c.control_responders) = (members, responders);
        } else {
            (c.treatment, c.treatment_responders) = (members, responders);
        }
    }
    Ok(out)
}

fn first_second(month: &str) -> i64 {
    time::parse_date(&format!("{month}-01")).map_or(0, time::start_of_day)
}

fn next_month(month: &str) -> String {
    parse_month(month).map_or_else(String::new, |(y, m)| {
        if m == 12 {
            format!("{:04}-01", y + 1)
        } else {
            format!("{y:04}-{:02}", m + 1)
        }
    })
}

fn service_row(key: String, r: &AnyRow) -> Result<ServiceRow, sqlx::Error> {
    Ok(ServiceRow {
        key,
        interactions: sum(r, "interactions")?,
        responded: sum(r, "responded")?,
        first_response_secs: sum(r, "first_response_secs")?,
        first_response_in_sla: sum(r, "first_response_in_sla")?,
        resolved: sum(r, "resolved")?,
        resolution_secs: sum(r, "resolution_secs")?,
        resolution_in_sla: sum(r, "resolution_in_sla")?,
        pending: sum(r, "pending")?,
    })
}

const SERVICE_SUMS: &str = "CAST(SUM(interactions) AS BIGINT) AS interactions, CAST(SUM(responded) AS BIGINT) AS responded, \
    CAST(SUM(first_response_secs) AS BIGINT) AS first_response_secs, \
    CAST(SUM(first_response_in_sla) AS BIGINT) AS first_response_in_sla, CAST(SUM(resolved) AS BIGINT) AS resolved, \
    CAST(SUM(resolution_secs) AS BIGINT) AS resolution_secs, CAST(SUM(resolution_in_sla) AS BIGINT) AS resolution_in_sla, \
    CAST(SUM(pending) AS BIGINT) AS pending";

/// `GET /api/v1/dashboard/service`.
pub async fn service(
    db: &Db,
    filter: &DashboardFilter,
    today: NaiveDate,
) -> Result<ServiceView, AppError> {
    let range = Range::of(filter, today)?;
    let mut w = Where::new();
    w.dims(filter, "province", "product", "segment");
    w.months("month", range.first(), range.last());
    let group = |column: &'static str| {
        format!(
            "SELECT {column} AS k, {SERVICE_SUMS} FROM rollup_service WHERE {} \
             GROUP BY {column} ORDER BY {column}",
            w.sql
        )
    };
    let total_sql = format!("SELECT {SERVICE_SUMS} FROM rollup_service WHERE {}", w.sql);
    let total_row = w.bind(sqlx::query(&total_sql)).fetch_one(&db.pool).await?;
    let total = service_row("total".into(), &total_row)?;
    let mut by_channel = Vec::new();
    for r in w
        .bind(sqlx::query(&group("channel")))
        .fetch_all(&db.pool)
        .await?
    {
        by_channel.push(service_row(r.try_get("k")?, &r)?);
    }
    by_channel.sort_by_key(|c| std::cmp::Reverse(c.interactions));
    let mut month_rows = Vec::new();
    for r in w
        .bind(sqlx::query(&group("month")))
        .fetch_all(&db.pool)
        .await?
    {
        month_rows.push(service_row(r.try_get("k")?, &r)?);
    }
    let by_month = range
        .months
        .iter()
        .map(|m| {
            month_rows
                .iter()
                .find(|r| r.key == *m)
                .cloned()
                .unwrap_or_else(|| ServiceRow {
                    key: m.clone(),
                    ..ServiceRow::default()
                })
        })
        .collect();
    let sql = format!(
        "SELECT month, channel, CAST(SUM(interactions) AS BIGINT) AS n FROM rollup_service WHERE {} \
         GROUP BY month, channel ORDER BY month, channel",
        w.sql
    );
    let by_month_channel = w
        .bind(sqlx::query(&sql))
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(MonthChannelCount {
                month: r.try_get("month")?,
                channel: r.try_get("channel")?,
                count: sum(r, "n")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok(ServiceView {
        months: range.months,
        total,
        by_channel,
        by_month,
        by_month_channel,
        sla: InteractionChannel::ALL
            .iter()
            .map(|c| SlaTarget {
                channel: c.as_str().to_owned(),
                first_response_secs: kpi::first_response_sla(*c),
            })
            .collect(),
        resolution_sla_complaint_secs: kpi::RESOLUTION_SLA_COMPLAINT,
        resolution_sla_other_secs: kpi::RESOLUTION_SLA_OTHER,
    })
}

/// Comment search parameters.
#[derive(Clone, Debug, Default)]
pub struct CommentQuery {
    /// Words the comment contains.
    pub q: Option<String>,
    /// Only this topic.
    pub topic: Option<Topic>,
    /// Only detractor answers.
    pub detractors: bool,
    /// Page (1-based).
    pub page: u32,
    /// Rows per page.
    pub per_page: u32,
}

/// Survey comments in the filter, newest first.
pub async fn comments(
    db: &Db,
    filter: &DashboardFilter,
    cq: &CommentQuery,
    today: NaiveDate,
) -> Result<Page<CommentRow>, AppError> {
    let range = Range::of(filter, today)?;
    let mut w = Where::new();
    w.dims(filter, "c.province", PRODUCT_SQL, SEGMENT_SQL);
    let from = first_second(range.first());
    let to = first_second(&next_month(range.last()));
    w.cmp_int("s.responded_at", ">=", from);
    w.cmp_int("s.responded_at", "<", to);
    if let Some(q) = cq.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let escaped = q
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        w.binds
            .push(Bind::Text(format!("%{}%", escaped.to_lowercase())));
        w.sql.push_str(&format!(
            " AND LOWER(s.comment) LIKE ${} ESCAPE '\\'",
            w.binds.len()
        ));
    }
    if let Some(t) = cq.topic {
        w.eq("s.topic", t.as_str());
    }
    if cq.detractors {
        w.sql.push_str(" AND (s.nps <= 6 OR s.csat <= 2)");
    }
    let sql_where = &w.sql;
    let from_sql = format!(
        "FROM survey_responses s JOIN customers c ON c.id = s.customer_id \
         LEFT JOIN customer_features f ON f.customer_id = c.id \
         WHERE s.comment IS NOT NULL AND s.comment <> '' AND {sql_where}"
    );
    let total: i64 = w
        .bind(sqlx::query(&format!("SELECT COUNT(*) AS n {from_sql}")))
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    let per_page = cq.per_page.clamp(1, 100);
    let page = cq.page.max(1);
    let sql = format!(
        "SELECT s.id, s.customer_id, c.name, s.responded_at, s.nps, s.csat, s.comment, s.channel, \
                s.touchpoint, s.topic, c.province {from_sql} \
         ORDER BY s.responded_at DESC, s.id DESC LIMIT {per_page} OFFSET {}",
        (page - 1) * per_page
    );
    let rows = w.bind(sqlx::query(&sql)).fetch_all(&db.pool).await?;
    let items = rows
        .iter()
        .map(|r| {
            let topic: Option<String> = r.try_get("topic")?;
            Ok(CommentRow {
                id: r.try_get("id")?,
                customer_id: r.try_get("customer_id")?,
                customer_name: r.try_get("name")?,
                responded_at: r.try_get("responded_at")?,
                nps: r.try_get("nps")?,
                csat: r.try_get("csat")?,
                comment: r.try_get("comment")?,
                channel: r.try_get("channel")?,
                touchpoint: r.try_get("touchpoint")?,
                topic: topic.as_deref().and_then(Topic::parse),
                province: r.try_get("province")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok(Page {
        items,
        total,
        page,
        per_page,
    })
}

/// Which customers a drill-down lists: a metric, optionally narrowed to one
/// bar of a breakdown (`dim` = month, province, product, segment, channel,
/// touchpoint, branch or bucket; `key` its value).
#[derive(Clone, Debug)]
pub struct DrillQuery {
    /// The metric.
    pub metric: DrillMetric,
    /// Breakdown dimension of the bar.
    pub dim: Option<String>,
    /// The bar's key.
    pub key: Option<String>,
    /// Page (1-based).
    pub page: u32,
    /// Rows per page.
    pub per_page: u32,
}

/// Dimensions a drill-down can narrow by.
pub const DRILL_DIMS: [&str; 8] = [
    "month",
    "province",
    "product",
    "segment",
    "channel",
    "touchpoint",
    "branch",
    "bucket",
];

/// The customers behind a number, most rows first.
pub async fn drill(
    db: &Db,
    filter: &DashboardFilter,
    dq: &DrillQuery,
    today: NaiveDate,
) -> Result<Page<DrillRow>, AppError> {
    let range = Range::of(filter, today)?;
    let dim = dq.dim.as_deref().filter(|d| !d.is_empty());
    let key = dq.key.as_deref().unwrap_or_default();
    if let Some(d) = dim
        && !DRILL_DIMS.contains(&d)
    {
        let mut e = crm_api::validate::Errors::default();
        e.add("dim", crm_api::validate::Problem::NotAllowed);
        return Err(AppError::Validation(e));
    }
    let survey = matches!(dq.metric, DrillMetric::Responses | DrillMetric::Detractors);
    let product_col = if survey { PRODUCT_SQL } else { "p.code" };
    let mut w = Where::new();
    w.dims(filter, "c.province", product_col, SEGMENT_SQL);
    // the month span: the whole range, or the one month of the bar
    let (first, last) = match dim {
        Some("month") => (key.to_owned(), key.to_owned()),
        _ => (range.first().to_owned(), range.last().to_owned()),
    };
    let today_text = today.format("%Y-%m-%d").to_string();
    let from_day = format!("{first}-01");
    let to_day = format!("{}-01", next_month(&last));
    let from = match dq.metric {
        DrillMetric::Responses | DrillMetric::Detractors => {
            w.cmp_int("s.responded_at", ">=", first_second(&first));
            w.cmp_int("s.responded_at", "<", first_second(&next_month(&last)));
            if dq.metric == DrillMetric::Detractors {
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
            "FROM cards k JOIN card_products p ON p.id = k.product_id \
             JOIN customers c ON c.id = k.customer_id"
        }
        DrillMetric::ClosedCards => {
            w.cmp("k.closed_on", ">=", &from_day);
            w.cmp("k.closed_on", "<", &to_day);
            "FROM cards k JOIN card_products p ON p.id = k.product_id \
             JOIN customers c ON c.id = k.customer_id"
        }
        DrillMetric::Dormant => {
            let end = kpi::month_end(&last, today).unwrap_or(today);
            let end_text = end.format("%Y-%m-%d").to_string();
            w.cmp("k.opened_on", "<=", &end_text);
            w.binds.push(Bind::Text(end_text));
            w.sql.push_str(&format!(
                " AND (k.closed_on IS NULL OR k.closed_on > ${})",
                w.binds.len()
            ));
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
            "FROM cards k JOIN card_products p ON p.id = k.product_id \
             JOIN customers c ON c.id = k.customer_id"
        }
    };
    match dim {
        None | Some("month") => {}
        Some("province") => w.eq("c.province", key),
        Some("product") => w.eq(product_col, key),
        Some("segment") => w.eq(SEGMENT_SQL, key),
        Some("branch") => {
            let id: i64 = key.parse().unwrap_or(-1);
            w.cmp_int("c.branch_id", "=", id);
        }
        Some("channel" | "touchpoint") if survey => {
            w.eq(
                if dim == Some("channel") {
                    "s.channel"
                } else {
                    "s.touchpoint"
                },
                key,
            );
        }
        Some("bucket") if dq.metric == DrillMetric::Delinquent => {
            let (lo, hi) = match key {
                "dpd_1_30" => (1, 30),
                "dpd_31_60" => (31, 60),
                "dpd_61_90" => (61, 90),
                _ => (91, i64::MAX),
            };
            w.cmp_int("s.days_past_due", ">=", lo);
            w.cmp_int("s.days_past_due", "<=", hi);
        }
        Some(_) => {
            let mut e = crm_api::validate::Errors::default();
            e.add("dim", crm_api::validate::Problem::NotAllowed);
            return Err(AppError::Validation(e));
        }
    }
    let body = format!(
        "{from} LEFT JOIN customer_features f ON f.customer_id = c.id WHERE {}",
        w.sql
    );
    let total: i64 = w
        .bind(sqlx::query(&format!(
            "SELECT COUNT(DISTINCT c.id) AS n {body}"
        )))
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    let per_page = dq.per_page.clamp(1, 100);
    let page = dq.page.max(1);
    let sql = format!(
        "SELECT c.id, c.customer_no, c.name, c.province, {PRODUCT_SQL} AS product, \
                {SEGMENT_SQL} AS segment, COUNT(*) AS n {body} \
         GROUP BY c.id, c.customer_no, c.name, c.province, f.rfm_segment \
         ORDER BY n DESC, c.id LIMIT {per_page} OFFSET {}",
        (page - 1) * per_page
    );
    let rows = w.bind(sqlx::query(&sql)).fetch_all(&db.pool).await?;
    let items = rows
        .iter()
        .map(|r| {
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
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok(Page {
        items,
        total,
        page,
        per_page,
    })
}
