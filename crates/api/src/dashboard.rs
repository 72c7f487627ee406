//! Manager dashboards: satisfaction, card business and service KPIs, all
//! answered from rollup tables and narrowed by the same filters.

use serde::{Deserialize, Serialize};

use crate::validate::{Errors, Problem};

/// The dashboard's filters (they live in the page URL as query parameters).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[serde(default)]
pub struct DashboardFilter {
    /// First month, `YYYY-MM` (default: 11 months before `to`).
    pub from: Option<String>,
    /// Last month, `YYYY-MM` (default: the current month in Asia/Shanghai).
    pub to: Option<String>,
    /// Customer province (as stored, e.g. `广东`).
    pub province: Option<String>,
    /// Card product code (`ProductCode`).
    pub product: Option<String>,
    /// RFM segment code (`RfmSegment`), or `unscored`.
    pub segment: Option<String>,
}

/// Longest range, in months.
pub const MAX_MONTHS: u32 = 36;

/// `YYYY-MM` → (year, month).
#[must_use]
pub fn parse_month(text: &str) -> Option<(i32, u32)> {
    let (y, m) = text.split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    let y: i32 = y.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    ((1..=12).contains(&m) && (2000..=2100).contains(&y)).then_some((y, m))
}

/// Months from `from` to `to`, inclusive (`YYYY-MM` each).
#[must_use]
pub fn month_range(from: (i32, u32), to: (i32, u32)) -> Vec<String> {
    let mut out = Vec::new();
    let (mut y, mut m) = from;
    while (y, m) <= to {
        out.push(format!("{y:04}-{m:02}"));
        m += 1;
        if m == 13 {
            m = 1;
            y += 1;
        }
    }
    out
}

/// `n` months before `(y, m)`.
#[must_use]
pub fn months_before((y, m): (i32, u32), n: u32) -> (i32, u32) {
    let total = y * 12 + (m as i32 - 1) - n as i32;
    (total.div_euclid(12), total.rem_euclid(12) as u32 + 1)
}

impl DashboardFilter {
    /// Checks the months (format, order, span) and blank values.
    ///
    /// # Errors
    /// Every problem, by field.
    pub fn validate(&self) -> Result<(), Errors> {
        let mut e = Errors::default();
        let fmt = Problem::Format {
            zh: "月份格式应为 YYYY-MM。",
            en: "Use the month format YYYY-MM.",
        };
        let from = self.from.as_deref().map(parse_month);
        let to = self.to.as_deref().map(parse_month);
        if matches!(from, Some(None)) {
            e.add("from", fmt.clone());
        }
        if matches!(to, Some(None)) {
            e.add("to", fmt);
        }
        if let (Some(Some(f)), Some(Some(t))) = (from, to) {
            if f > t {
                e.add(
                    "from",
                    Problem::Format {
                        zh: "开始月份不能晚于结束月份。",
                        en: "The first month must not be after the last.",
                    },
                );
            } else if month_range(f, t).len() > MAX_MONTHS as usize {
                e.add(
                    "from",
                    Problem::Format {
                        zh: "时间范围最多 36 个月。",
                        en: "The range can span at most 36 months.",
                    },
                );
            }
        }
        e.into_result()
    }

    /// The months covered, given the current month; `None` when invalid.
    #[must_use]
    pub fn months(&self, current: (i32, u32)) -> Option<Vec<String>> {
        let to = match self.to.as_deref() {
            Some(t) => parse_month(t)?,
            None => current,
        };
        let from = match self.from.as_deref() {
            Some(f) => parse_month(f)?,
            None => months_before(to, 11),
        };
        (from <= to).then(|| month_range(from, to))
    }

    /// The query string for this filter (empty values left out).
    #[must_use]
    pub fn query_string(&self) -> String {
        let mut parts = Vec::new();
        for (k, v) in [
            ("from", &self.from),
            ("to", &self.to),
            ("province", &self.province),
            ("product", &self.product),
            ("segment", &self.segment),
        ] {
            if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                parts.push(format!("{k}={}", encode(v)));
            }
        }
        parts.join("&")
    }
}

/// Percent-encodes a query value (UTF-8, unreserved characters kept).
#[must_use]
pub fn encode(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Net Promoter Score of a group of answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NpsStat {
    /// Answers.
    pub n: i64,
    /// 9–10.
    pub promoters: i64,
    /// 7–8.
    pub passives: i64,
    /// 0–6.
    pub detractors: i64,
    /// % promoters − % detractors (−100…100); null without answers.
    pub score: Option<f64>,
    /// 95% confidence band (normal approximation), null without answers.
    pub low: Option<f64>,
    /// Upper end of the band.
    pub high: Option<f64>,
}

/// Below this many answers the dashboard flags the sample as small.
pub const SMALL_SAMPLE: i64 = 30;

impl NpsStat {
    /// NPS with its 95% band from counts. The variance of the score
    /// (in units of 100) is `(p + d − (p − d)²) / n`, the variance of a
    /// +1/0/−1 variable.
    #[must_use]
    pub fn from_counts(promoters: i64, passives: i64, detractors: i64) -> Self {
        let n = promoters + passives + detractors;
        let mut s = Self {
            n,
            promoters,
            passives,
            detractors,
            ..Self::default()
        };
        if n > 0 {
            let nf = n as f64;
            let p = promoters as f64 / nf;
            let d = detractors as f64 / nf;
            let score = p - d;
            let var = (p + d - score * score).max(0.0) / nf;
            let half = 1.96 * var.sqrt();
            s.score = Some(100.0 * score);
            s.low = Some((100.0 * (score - half)).max(-100.0));
            s.high = Some((100.0 * (score + half)).min(100.0));
        }
        s
    }
}

/// CSAT of a group of answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CsatStat {
    /// Answers.
    pub n: i64,
    /// Sum of the 1–5 answers.
    pub sum: i64,
    /// Answers of 4 or 5.
    pub satisfied: i64,
    /// Average (1–5), null without answers.
    pub average: Option<f64>,
    /// Share satisfied (0–1), null without answers.
    pub satisfied_share: Option<f64>,
}

impl CsatStat {
    /// From counts.
    #[must_use]
    pub fn from_counts(n: i64, sum: i64, satisfied: i64) -> Self {
        Self {
            n,
            sum,
            satisfied,
            average: (n > 0).then(|| sum as f64 / n as f64),
            satisfied_share: (n > 0).then(|| satisfied as f64 / n as f64),
        }
    }
}

/// Satisfaction of one group (a month, province, product, channel…).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SatisfactionRow {
    /// Group key (month `YYYY-MM`, province, product code, channel, touchpoint, segment, branch code).
    pub key: String,
    /// Display name when the key is a code (branch names); the client translates the rest.
    pub label: Option<String>,
    /// English display name.
    pub label_en: Option<String>,
    /// NPS.
    pub nps: NpsStat,
    /// CSAT.
    pub csat: CsatStat,
}

/// One heat-map cell: NPS of a province in a month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HeatCell {
    /// `YYYY-MM`.
    pub month: String,
    /// Province.
    pub province: String,
    /// NPS answers.
    pub n: i64,
    /// NPS, null without answers.
    pub score: Option<f64>,
}

/// A complaint topic and how often it came up.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicCount {
    /// Topic code (`Topic`).
    pub topic: crate::surveys::Topic,
    /// Comments about it.
    pub count: i64,
}

/// Open and overdue follow-up tasks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUpCounts {
    /// Open tasks.
    pub open: i64,
    /// Open tasks past their due date.
    pub overdue: i64,
}

/// `GET /api/v1/dashboard/satisfaction`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SatisfactionView {
    /// Months covered.
    pub months: Vec<String>,
    /// Whole selection.
    pub nps: NpsStat,
    /// Whole selection.
    pub csat: CsatStat,
    /// The same for the preceding period of equal length (for the change arrows).
    pub previous_nps: NpsStat,
    /// Previous period's CSAT.
    pub previous_csat: CsatStat,
    /// By month, in order (every month of the range, empty ones too).
    pub by_month: Vec<SatisfactionRow>,
    /// By province, lowest NPS first.
    pub by_province: Vec<SatisfactionRow>,
    /// By branch, lowest NPS first.
    pub by_branch: Vec<SatisfactionRow>,
    /// By card product, lowest NPS first.
    pub by_product: Vec<SatisfactionRow>,
    /// By survey channel, lowest first.
    pub by_channel: Vec<SatisfactionRow>,
    /// By touchpoint, lowest first.
    pub by_touchpoint: Vec<SatisfactionRow>,
    /// By RFM segment, lowest first.
    pub by_segment: Vec<SatisfactionRow>,
    /// NPS by month × province.
    pub heatmap: Vec<HeatCell>,
    /// Complaint topics, most frequent first.
    pub topics: Vec<TopicCount>,
    /// Detractor follow-ups in the selection.
    pub follow_ups: FollowUpCounts,
    /// When the rollups were last rebuilt in full (Unix seconds).
    pub refreshed_at: Option<i64>,
}

/// Card-business KPIs of one month (stock at the month's end, or today for
/// the current month; flows within the month).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardMonth {
    /// `YYYY-MM`, or the group key in breakdowns.
    pub key: String,
    /// Cards open at the end of the month.
    pub in_force: i64,
    /// Cards opened in the month.
    pub new_cards: i64,
    /// Cards closed in the month.
    pub closed: i64,
    /// Cards in force with a transaction in the 30 days to the month's end.
    pub active_30: i64,
    /// … in the 90 days to the month's end.
    pub active_90: i64,
    /// Cards in force without a transaction for 90 days.
    pub dormant: i64,
    /// Cards with a transaction in the month.
    pub cards_with_spend: i64,
    /// Spend in the month, fen (CNY).
    pub spend_fen: i64,
    /// Statements falling due in the month (and already due).
    pub statements: i64,
    /// Their balance, fen.
    pub balance_fen: i64,
    /// Balance not paid by the due date (revolving), fen.
    pub revolving_fen: i64,
    /// Statements 1–30 days past due.
    pub dpd_1_30: i64,
    /// 31–60.
    pub dpd_31_60: i64,
    /// 61–90.
    pub dpd_61_90: i64,
    /// Over 90.
    pub dpd_90_plus: i64,
    /// Points issued.
    pub points_issued: i64,
    /// Points redeemed.
    pub points_redeemed: i64,
}

impl CardMonth {
    /// `active_30 / in_force`.
    #[must_use]
    pub fn active_rate_30(&self) -> Option<f64> {
        ratio(self.active_30, self.in_force)
    }
    /// `active_90 / in_force`.
    #[must_use]
    pub fn active_rate_90(&self) -> Option<f64> {
        ratio(self.active_90, self.in_force)
    }
    /// Spend per card with spend in the month, fen.
    #[must_use]
    pub fn spend_per_active(&self) -> Option<f64> {
        ratio(self.spend_fen, self.cards_with_spend)
    }
    /// Revolving balance / statement balance.
    #[must_use]
    pub fn revolving_share(&self) -> Option<f64> {
        ratio(self.revolving_fen, self.balance_fen)
    }
    /// Statements past due / statements due.
    #[must_use]
    pub fn delinquency_rate(&self) -> Option<f64> {
        ratio(
            self.dpd_1_30 + self.dpd_31_60 + self.dpd_61_90 + self.dpd_90_plus,
            self.statements,
        )
    }
}

/// `a / b`, null when `b` is 0.
#[must_use]
pub fn ratio(a: i64, b: i64) -> Option<f64> {
    (b != 0).then(|| a as f64 / b as f64)
}

/// A campaign's result in the summary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignSummaryRow {
    /// Campaign id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Status code.
    pub status: String,
    /// Launched, Unix seconds.
    pub launched_at: Option<i64>,
    /// Customers in the treatment arm.
    pub treatment: i64,
    /// Treatment responders.
    pub treatment_responders: i64,
    /// Customers in the control arm.
    pub control: i64,
    /// Control responders.
    pub control_responders: i64,
}

/// `GET /api/v1/dashboard/cards`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardsView {
    /// Months covered.
    pub months: Vec<String>,
    /// The last month of the range (stock KPIs).
    pub latest: CardMonth,
    /// The month before the range's last (for change arrows).
    pub previous: CardMonth,
    /// Sum of flows over the whole range (stock fields hold the last month's).
    pub total: CardMonth,
    /// Every month of the range.
    pub by_month: Vec<CardMonth>,
    /// The last month by province.
    pub by_province: Vec<CardMonth>,
    /// The last month by card product.
    pub by_product: Vec<CardMonth>,
    /// Campaigns launched in the range.
    pub campaigns: Vec<CampaignSummaryRow>,
    /// When the rollups were last rebuilt in full (Unix seconds).
    pub refreshed_at: Option<i64>,
}

/// Service KPIs of one group.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceRow {
    /// Month, or channel code.
    pub key: String,
    /// Interactions.
    pub interactions: i64,
    /// With a first response recorded.
    pub responded: i64,
    /// Sum of first-response seconds.
    pub first_response_secs: i64,
    /// First responses within the channel's SLA.
    pub first_response_in_sla: i64,
    /// Resolved or escalated (with a resolution time).
    pub resolved: i64,
    /// Sum of resolution seconds.
    pub resolution_secs: i64,
    /// Resolutions within the SLA.
    pub resolution_in_sla: i64,
    /// Still open.
    pub pending: i64,
}

impl ServiceRow {
    /// Mean first response, seconds.
    #[must_use]
    pub fn mean_first_response(&self) -> Option<f64> {
        ratio(self.first_response_secs, self.responded)
    }
    /// Mean resolution time, seconds.
    #[must_use]
    pub fn mean_resolution(&self) -> Option<f64> {
        ratio(self.resolution_secs, self.resolved)
    }
    /// Share of first responses within SLA.
    #[must_use]
    pub fn first_response_sla_rate(&self) -> Option<f64> {
        ratio(self.first_response_in_sla, self.responded)
    }
    /// Share of resolutions within SLA.
    #[must_use]
    pub fn resolution_sla_rate(&self) -> Option<f64> {
        ratio(self.resolution_in_sla, self.resolved)
    }
}

/// Interactions of one channel in one month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthChannelCount {
    /// `YYYY-MM`.
    pub month: String,
    /// Channel code.
    pub channel: String,
    /// Interactions.
    pub count: i64,
}

/// A channel's service-level targets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaTarget {
    /// Channel code.
    pub channel: String,
    /// First response within, seconds.
    pub first_response_secs: i64,
}

/// `GET /api/v1/dashboard/service`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceView {
    /// Months covered.
    pub months: Vec<String>,
    /// Whole selection.
    pub total: ServiceRow,
    /// By channel.
    pub by_channel: Vec<ServiceRow>,
    /// By month.
    pub by_month: Vec<ServiceRow>,
    /// Interactions by month and channel.
    pub by_month_channel: Vec<MonthChannelCount>,
    /// First-response targets by channel.
    pub sla: Vec<SlaTarget>,
    /// Resolution target for complaints and disputes, seconds.
    pub resolution_sla_complaint_secs: i64,
    /// Resolution target for everything else, seconds.
    pub resolution_sla_other_secs: i64,
}

/// A survey comment in the dashboard's list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentRow {
    /// Response id.
    pub id: i64,
    /// Customer.
    pub customer_id: i64,
    /// Customer's name.
    pub customer_name: String,
    /// Unix seconds.
    pub responded_at: i64,
    /// 0–10.
    pub nps: Option<i64>,
    /// 1–5.
    pub csat: Option<i64>,
    /// The comment.
    pub comment: String,
    /// Channel.
    pub channel: String,
    /// Touchpoint.
    pub touchpoint: String,
    /// Topic.
    pub topic: Option<crate::surveys::Topic>,
    /// Province.
    pub province: String,
}

/// What a drill-down lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DrillMetric {
    /// Customers who answered a survey in the range.
    Responses,
    /// Customers who gave a detractor answer in the range.
    Detractors,
    /// Customers with a statement past due in the range.
    Delinquent,
    /// Customers with a card dormant today (in force, no spend for 90 days).
    Dormant,
    /// Customers who opened a card in the range.
    NewCards,
    /// Customers who closed a card in the range.
    ClosedCards,
}

impl DrillMetric {
    /// Every metric.
    pub const ALL: [Self; 6] = [
        Self::Responses,
        Self::Detractors,
        Self::Delinquent,
        Self::Dormant,
        Self::NewCards,
        Self::ClosedCards,
    ];

    /// Query spelling.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Responses => "responses",
            Self::Detractors => "detractors",
            Self::Delinquent => "delinquent",
            Self::Dormant => "dormant",
            Self::NewCards => "new_cards",
            Self::ClosedCards => "closed_cards",
        }
    }

    /// Parses the query spelling.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == text)
    }
}

/// A customer behind a chart bar.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DrillRow {
    /// Customer id.
    pub customer_id: i64,
    /// Customer number.
    pub customer_no: String,
    /// Name.
    pub name: String,
    /// Province.
    pub province: String,
    /// Primary card product code.
    pub product: Option<String>,
    /// RFM segment code.
    pub segment: Option<String>,
    /// How many rows of the metric this customer has (answers, statements, cards).
    pub count: i64,
}

/// A dashboard table downloaded as CSV (the browser builds the file from the
/// numbers on screen; the server records the export in the audit log).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DashboardExport {
    /// File name, e.g. `cards_by_month.csv`.
    pub file: String,
    /// Data rows in it.
    pub rows: u32,
}

impl DashboardExport {
    /// Checks the file name: 1–60 characters of `a-z 0-9 _ - .`, ending `.csv`.
    ///
    /// # Errors
    /// `file` is not such a name.
    pub fn validate(&self) -> Result<(), crate::validate::Errors> {
        let mut e = crate::validate::Errors::default();
        let ok = self.file.len() <= 60
            && self.file.ends_with(".csv")
            && self.file.len() > 4
            && self.file.chars().all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '-' | '.')
            });
        if !ok {
            e.add("file", crate::validate::Problem::NotAllowed);
        }
        e.into_result()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn export_names_are_plain_csv_files() {
        let ok = super::DashboardExport {
            file: "cards_by_month.csv".into(),
            rows: 3,
        };
        assert!(ok.validate().is_ok());
        for bad in ["x.txt", ".csv", "../a.csv", "名单.csv", "A.csv"] {
            let e = super::DashboardExport {
                file: bad.into(),
                rows: 1,
            };
            assert!(e.validate().is_err(), "{bad}");
        }
    }

    use super::*;

    #[test]
    fn months_default_to_the_last_twelve() {
        let f = DashboardFilter::default();
        let months = f.months((2026, 11)).unwrap_or_default();
        assert_eq!(months.len(), 12);
        assert_eq!(months[0], "2025-12");
        assert_eq!(months[11], "2026-11");
        let f = DashboardFilter {
            from: Some("2026-01".into()),
            to: Some("2026-03".into()),
            ..DashboardFilter::default()
        };
        assert_eq!(
            f.months((2026, 11)).unwrap_or_default(),
            ["2026-01", "2026-02", "2026-03"]
        );
        assert_eq!(months_before((2026, 1), 1), (2025, 12));
        assert_eq!(months_before((2026, 1), 13), (2024, 12));
    }

    #[test]
    fn filter_validation() {
        let bad = DashboardFilter {
            from: Some("2026-13".into()),
            to: Some("26-01".into()),
            ..DashboardFilter::default()
        };
        let e = bad.validate().unwrap_err();
        assert!(e.get("from").is_some() && e.get("to").is_some());
        let reversed = DashboardFilter {
            from: Some("2026-05".into()),
            to: Some("2026-04".into()),
            ..DashboardFilter::default()
        };
        assert!(reversed.validate().is_err());
        let long = DashboardFilter {
            from: Some("2020-01".into()),
            to: Some("2026-04".into()),
            ..DashboardFilter::default()
        };
        assert!(long.validate().is_err());
        assert!(DashboardFilter::default().validate().is_ok());
    }

    #[test]
    fn nps_and_its_band() {
        let s = NpsStat::from_counts(50, 30, 20);
        assert_eq!(s.score, Some(30.0));
        // var = (0.5 + 0.2 - 0.09) / 100 = 0.0061; half = 1.96 * 0.0781 = 0.1531
        let low = s.low.unwrap_or_default();
        let high = s.high.unwrap_or_default();
        assert!((low - 14.69).abs() < 0.01, "{low}");
        assert!((high - 45.31).abs() < 0.01, "{high}");
        let all = NpsStat::from_counts(3, 0, 0);
        assert_eq!((all.score, all.high), (Some(100.0), Some(100.0)));
        assert_eq!(NpsStat::from_counts(0, 0, 0).score, None);
        let c = CsatStat::from_counts(4, 15, 3);
        assert_eq!(c.average, Some(3.75));
        assert_eq!(c.satisfied_share, Some(0.75));
    }

    #[test]
    fn query_strings_encode_chinese() {
        let f = DashboardFilter {
            province: Some("广东".into()),
            product: Some("platinum".into()),
            ..DashboardFilter::default()
        };
        assert_eq!(
            f.query_string(),
            "province=%E5%B9%BF%E4%B8%9C&product=platinum"
        );
    }
}
