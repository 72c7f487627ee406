//! The dashboard's answers: widgets from the rollup tables (grouped sums over
//! small tables), comments and drill-downs from raw rows a page at a time.
//! The reads are [`crate::db::dashboard`]'s; this module checks the filter,
//! fills and orders the views.

use chrono::NaiveDate;
use crm_api::InteractionChannel;
use crm_api::Page;
use crm_api::dashboard::{
    CampaignSummaryRow, CardMonth, CardsView, CommentRow, CsatStat, DashboardFilter, DrillMetric,
    DrillRow, NpsStat, SatisfactionRow, SatisfactionView, ServiceRow, ServiceView, SlaTarget,
    month_range, months_before, parse_month,
};
use crm_api::surveys::Topic;

use crate::Db;
use crate::db::dashboard::{
    self as read, CampaignArm, CommentSearch, DrillBar, PageAt, Where, first_second, next_month,
};
use crate::db::rollups::refreshed_at;
pub use crate::db::rollups::{PRODUCT_SQL, SEGMENT_SQL};
use crate::domain::kpi;
use crate::domain::scope::Scope;
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

/// One row per month of `months`, from `rows` by key or `empty` where missing.
fn per_month<T: Clone>(
    months: &[String],
    rows: &[T],
    key: impl Fn(&T) -> &str,
    empty: impl Fn(&str) -> T,
) -> Vec<T> {
    months
        .iter()
        .map(|m| {
            rows.iter()
                .find(|r| key(r) == m)
                .cloned()
                .unwrap_or_else(|| empty(m))
        })
        .collect()
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

/// `GET /api/v1/dashboard/satisfaction`.
pub async fn satisfaction(
    db: &Db,
    filter: &DashboardFilter,
    scope: &Scope,
    today: NaiveDate,
) -> Result<SatisfactionView, AppError> {
    let range = Range::of(filter, today)?;
    let mut w = Where::rollups(filter);
    let mut prev = w.clone();
    w.months(range.first(), range.last());
    prev.months(
        range.previous.first().map_or("", String::as_str),
        range.previous.last().map_or("", String::as_str),
    );
    let (nps, csat) = read::sat_total(db, &w).await?;
    let (previous_nps, previous_csat) = read::sat_total(db, &prev).await?;

    let by_month_rows = read::sat_group(db, &w, "month").await?;
    let by_month = per_month(
        &range.months,
        &by_month_rows,
        |r| &r.key,
        |m| SatisfactionRow {
            key: m.to_owned(),
            label: None,
            label_en: None,
            nps: NpsStat::default(),
            csat: CsatStat::default(),
        },
    );
    let mut by_province = read::sat_group(db, &w, "province").await?;
    let mut by_branch = read::sat_group(db, &w, "branch_id").await?;
    let names = read::branch_names(db).await?;
    for row in &mut by_branch {
        if let Some((zh, en)) = names.get(&row.key) {
            row.label = Some(zh.clone());
            row.label_en = Some(en.clone());
        }
    }
    let mut by_product = read::sat_group(db, &w, "product").await?;
    let mut by_channel = read::sat_group(db, &w, "channel").await?;
    let mut by_touchpoint = read::sat_group(db, &w, "touchpoint").await?;
    let mut by_segment = read::sat_group(db, &w, "segment").await?;
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
    let heatmap = read::nps_heatmap(db, &w).await?;
    let mut topics = read::topic_counts(db, &w).await?;
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
        follow_ups: read::follow_up_counts(db, filter, scope, today).await?,
        refreshed_at: refreshed_at(db).await?,
    })
}

/// The range's totals: flows summed over `by_month`, stocks of the `latest` month.
fn card_total(latest: &CardMonth, by_month: &[CardMonth]) -> CardMonth {
    let mut total = CardMonth {
        key: "total".into(),
        in_force: latest.in_force,
        active_30: latest.active_30,
        active_90: latest.active_90,
        dormant: latest.dormant,
        ..CardMonth::default()
    };
    for m in by_month {
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
    total
}

/// `GET /api/v1/dashboard/cards`.
pub async fn cards(
    db: &Db,
    filter: &DashboardFilter,
    scope: &Scope,
    today: NaiveDate,
) -> Result<CardsView, AppError> {
    let range = Range::of(filter, today)?;
    let last = range.last().to_owned();
    let before_last = parse_month(&last)
        .map(|m| months_before(m, 1))
        .map(|(y, m)| format!("{y:04}-{m:02}"))
        .unwrap_or_default();
    let mut w = Where::rollups(filter);
    let base = w.clone();
    w.months(range.first().min(before_last.as_str()), &last);
    let rows = read::card_group(db, &w, "month").await?;
    let empty = |m: &str| CardMonth {
        key: m.to_owned(),
        ..CardMonth::default()
    };
    let find = |m: &str| {
        rows.iter()
            .find(|r| r.key == m)
            .cloned()
            .unwrap_or_else(|| empty(m))
    };
    let by_month = per_month(&range.months, &rows, |r| &r.key, empty);
    let latest = find(&last);
    let previous = find(&before_last);
    let total = card_total(&latest, &by_month);
    let mut at_last = base.clone();
    at_last.month(&last);
    let mut by_province = read::card_group(db, &at_last, "province").await?;
    let mut by_product = read::card_group(db, &at_last, "product").await?;
    by_province.sort_by(|a, b| b.in_force.cmp(&a.in_force).then(a.key.cmp(&b.key)));
    by_product.sort_by(|a, b| b.in_force.cmp(&a.in_force).then(a.key.cmp(&b.key)));
    Ok(CardsView {
        months: range.months.clone(),
        campaigns: campaign_summary(db, filter, scope, &range).await?,
        latest,
        previous,
        total,
        by_month,
        by_province,
        by_product,
        refreshed_at: refreshed_at(db).await?,
    })
}

/// One row per campaign from its arms (in campaign order).
fn campaign_rows(arms: Vec<CampaignArm>) -> Vec<CampaignSummaryRow> {
    let mut out: Vec<CampaignSummaryRow> = Vec::new();
    for a in arms {
        if out.last().is_none_or(|c| c.id != a.id) {
            out.push(CampaignSummaryRow {
                id: a.id,
                name: a.name,
                status: a.status,
                launched_at: a.launched_at,
                treatment: 0,
                treatment_responders: 0,
                control: 0,
                control_responders: 0,
            });
        }
        let Some(c) = out.last_mut() else { continue };
        if a.arm == "control" {
            (c.control, c.control_responders) = (a.members, a.responders);
        } else {
            (c.treatment, c.treatment_responders) = (a.members, a.responders);
        }
    }
    out
}

/// Campaigns launched in the range, with arms and responders among the filter's customers.
async fn campaign_summary(
    db: &Db,
    filter: &DashboardFilter,
    scope: &Scope,
    range: &Range,
) -> Result<Vec<CampaignSummaryRow>, AppError> {
    let from = first_second(range.first());
    let to = first_second(&next_month(range.last()));
    Ok(campaign_rows(
        read::campaign_arms(db, filter, scope, (from, to)).await?,
    ))
}

/// `GET /api/v1/dashboard/service`.
pub async fn service(
    db: &Db,
    filter: &DashboardFilter,
    today: NaiveDate,
) -> Result<ServiceView, AppError> {
    let range = Range::of(filter, today)?;
    let mut w = Where::rollups(filter);
    w.months(range.first(), range.last());
    let total = read::service_total(db, &w).await?;
    let mut by_channel = read::service_group(db, &w, "channel").await?;
    by_channel.sort_by_key(|c| std::cmp::Reverse(c.interactions));
    let month_rows = read::service_group(db, &w, "month").await?;
    let by_month = per_month(
        &range.months,
        &month_rows,
        |r| &r.key,
        |m| ServiceRow {
            key: m.to_owned(),
            ..ServiceRow::default()
        },
    );
    let by_month_channel = read::service_month_channel(db, &w).await?;
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

/// Page numbers as asked, kept to 1–100 rows from page 1 on.
fn page_at(page: u32, per_page: u32) -> PageAt {
    PageAt {
        page: page.max(1),
        per_page: per_page.clamp(1, 100),
    }
}

fn page_of<T>((total, items): (i64, Vec<T>), at: PageAt) -> Page<T> {
    Page {
        items,
        total,
        page: at.page,
        per_page: at.per_page,
    }
}

/// Survey comments in the filter, newest first.
pub async fn comments(
    db: &Db,
    filter: &DashboardFilter,
    scope: &Scope,
    cq: &CommentQuery,
    today: NaiveDate,
) -> Result<Page<CommentRow>, AppError> {
    let range = Range::of(filter, today)?;
    let search = CommentSearch {
        from: first_second(range.first()),
        to: first_second(&next_month(range.last())),
        q: cq.q.as_deref().map(str::trim).filter(|q| !q.is_empty()),
        topic: cq.topic,
        detractors: cq.detractors,
    };
    let at = page_at(cq.page, cq.per_page);
    Ok(page_of(
        read::comments(db, filter, scope, &search, at).await?,
        at,
    ))
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

fn dim_not_allowed() -> AppError {
    let mut e = crm_api::validate::Errors::default();
    e.add("dim", crm_api::validate::Problem::NotAllowed);
    AppError::Validation(e)
}

/// The bar `dim` = `key` of a drill-down of `metric`; 422 when the metric
/// has no such breakdown.
fn drill_bar<'a>(
    metric: DrillMetric,
    dim: Option<&str>,
    key: &'a str,
) -> Result<DrillBar<'a>, AppError> {
    let survey = matches!(metric, DrillMetric::Responses | DrillMetric::Detractors);
    Ok(match dim {
        None | Some("month") => DrillBar::None,
        Some("province") => DrillBar::Province(key),
        Some("product") => DrillBar::Product(key),
        Some("segment") => DrillBar::Segment(key),
        Some("branch") => DrillBar::Branch(key.parse().unwrap_or(-1)),
        Some("channel") if survey => DrillBar::Channel(key),
        Some("touchpoint") if survey => DrillBar::Touchpoint(key),
        Some("bucket") if metric == DrillMetric::Delinquent => {
            let (lo, hi) = match key {
                "dpd_1_30" => (1, 30),
                "dpd_31_60" => (31, 60),
                "dpd_61_90" => (61, 90),
                _ => (91, i64::MAX),
            };
            DrillBar::Bucket(lo, hi)
        }
        Some(_) => return Err(dim_not_allowed()),
    })
}

/// The customers behind a number, most rows first.
pub async fn drill(
    db: &Db,
    filter: &DashboardFilter,
    scope: &Scope,
    dq: &DrillQuery,
    today: NaiveDate,
) -> Result<Page<DrillRow>, AppError> {
    let range = Range::of(filter, today)?;
    let dim = dq.dim.as_deref().filter(|d| !d.is_empty());
    let key = dq.key.as_deref().unwrap_or_default();
    if let Some(d) = dim
        && !DRILL_DIMS.contains(&d)
    {
        return Err(dim_not_allowed());
    }
    let bar = drill_bar(dq.metric, dim, key)?;
    // the month span: the whole range, or the one month of the bar
    let (first, last) = match dim {
        Some("month") => (key, key),
        _ => (range.first(), range.last()),
    };
    let d = read::Drill {
        metric: dq.metric,
        bar,
        first,
        last,
        today,
    };
    let at = page_at(dq.page, dq.per_page);
    Ok(page_of(read::drill(db, filter, scope, &d, at).await?, at))
}
