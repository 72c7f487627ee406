//! Customer insight on the wire: scores, bands, segments, and the reasons
//! behind them. Reasons carry codes and numbers; [`ChurnReason::text`] and
//! friends turn them into words in either language, so the browser and any
//! export say the same thing.

use serde::{Deserialize, Serialize};

use crate::enums::{Category, ConsentChannel, ProductCode};
use crate::money::Money;
use crate::validate::Lang;

macro_rules! pick {
    ($lang:expr, $zh:expr, $en:expr) => {
        match $lang {
            Lang::Zh => $zh,
            Lang::En => $en,
        }
    };
}

/// Named RFM segment (see `domain::analytics::rfm` for the rule table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RfmSegment {
    /// Bought recently, often, and spend the most.
    Champions,
    /// Buy often; still recent.
    Loyal,
    /// Recent customers with average frequency.
    PotentialLoyalists,
    /// Bought recently for the first time(s).
    New,
    /// Used to buy often, not recently.
    AtRisk,
    /// Were among the best; gone quiet.
    CantLose,
    /// Low recency, low frequency.
    Hibernating,
    /// Lowest recency and frequency.
    Lost,
}

impl RfmSegment {
    /// Every segment, best first.
    pub const ALL: [Self; 8] = [
        Self::Champions,
        Self::Loyal,
        Self::PotentialLoyalists,
        Self::New,
        Self::AtRisk,
        Self::CantLose,
        Self::Hibernating,
        Self::Lost,
    ];

    /// Wire and database spelling.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Champions => "champions",
            Self::Loyal => "loyal",
            Self::PotentialLoyalists => "potential_loyalists",
            Self::New => "new",
            Self::AtRisk => "at_risk",
            Self::CantLose => "cant_lose",
            Self::Hibernating => "hibernating",
            Self::Lost => "lost",
        }
    }

    /// Parses the wire spelling.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Name shown to staff.
    #[must_use]
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Champions => pick!(lang, "重要价值客户", "Champions"),
            Self::Loyal => pick!(lang, "忠诚客户", "Loyal"),
            Self::PotentialLoyalists => pick!(lang, "潜力客户", "Potential loyalists"),
            Self::New => pick!(lang, "新客户", "New"),
            Self::AtRisk => pick!(lang, "流失风险客户", "At risk"),
            Self::CantLose => pick!(lang, "重要挽留客户", "Can't lose"),
            Self::Hibernating => pick!(lang, "沉睡客户", "Hibernating"),
            Self::Lost => pick!(lang, "已流失客户", "Lost"),
        }
    }
}

/// Low / medium / high, for churn and credit risk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// Nothing to worry about.
    Low,
    /// Watch.
    Medium,
    /// Act.
    High,
}

impl Band {
    /// Wire and database spelling.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
        }
    }

    /// Parses the wire spelling.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Low, Self::Medium, Self::High]
            .into_iter()
            .find(|b| b.as_str() == text)
    }

    /// Name shown to staff.
    #[must_use]
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Low => pick!(lang, "低", "Low"),
            Self::Medium => pick!(lang, "中", "Medium"),
            Self::High => pick!(lang, "高", "High"),
        }
    }
}

/// Value tier by 12-month CLV rank: high = top 20%, medium = next 30%, low = the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ValueTier {
    /// Top 20% by CLV.
    High,
    /// Next 30%.
    Medium,
    /// The rest.
    Low,
}

impl ValueTier {
    /// Wire and database spelling.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::High => "high",
            Self::Medium => "medium",
            Self::Low => "low",
        }
    }

    /// Parses the wire spelling.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        [Self::High, Self::Medium, Self::Low]
            .into_iter()
            .find(|b| b.as_str() == text)
    }

    /// Name shown to staff.
    #[must_use]
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::High => pick!(lang, "高价值", "High value"),
            Self::Medium => pick!(lang, "中价值", "Medium value"),
            Self::Low => pick!(lang, "一般价值", "Standard value"),
        }
    }
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// Why a customer may leave.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ChurnReason {
    /// Low probability of being alive.
    LowPAlive {
        /// P(alive), 0–1.
        p: f64,
    },
    /// Spend in the last 90 days fell against the 90 days before.
    SpendDown {
        /// Fall, 0–1.
        drop: f64,
    },
    /// No purchase for a long time.
    NoPurchaseFor {
        /// Days since the last purchase.
        days: i64,
    },
}

impl ChurnReason {
    /// The reason in words.
    #[must_use]
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Self::LowPAlive { p } => pick!(
                lang,
                format!("仍活跃的概率仅 {}", pct(*p)),
                format!("Only {} likely to still be active", pct(*p))
            ),
            Self::SpendDown { drop } => pick!(
                lang,
                format!("近 90 天消费比前 90 天下降 {}", pct(*drop)),
                format!(
                    "Spend in the last 90 days fell {} against the 90 days before",
                    pct(*drop)
                )
            ),
            Self::NoPurchaseFor { days } => pick!(
                lang,
                format!("已 {days} 天没有消费"),
                format!("No purchase for {days} days")
            ),
        }
    }
}

/// Why a customer's credit risk is raised.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RiskReason {
    /// Payment overdue.
    DaysPastDue {
        /// Days past due of the oldest unpaid statement.
        days: i64,
    },
    /// Balance close to the limit.
    HighUtilisation {
        /// Utilisation, 0–1+.
        utilisation: f64,
    },
    /// Utilisation rising.
    RisingUtilisation {
        /// Three statements ago.
        from: f64,
        /// Latest.
        to: f64,
    },
    /// Paying only the minimum, month after month.
    MinimumPaymentStreak {
        /// Consecutive statements.
        months: i64,
    },
    /// Cash advances recently.
    CashAdvances {
        /// Count in the last 90 days.
        count: i64,
    },
}

impl RiskReason {
    /// The reason in words.
    #[must_use]
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Self::DaysPastDue { days } => pick!(
                lang,
                format!("逾期 {days} 天"),
                format!("{days} days past due")
            ),
            Self::HighUtilisation { utilisation } => pick!(
                lang,
                format!("额度使用率 {}", pct(*utilisation)),
                format!("Utilisation at {}", pct(*utilisation))
            ),
            Self::RisingUtilisation { from, to } => pick!(
                lang,
                format!("额度使用率由 {} 升至 {}", pct(*from), pct(*to)),
                format!("Utilisation rose from {} to {}", pct(*from), pct(*to))
            ),
            Self::MinimumPaymentStreak { months } => pick!(
                lang,
                format!("连续 {months} 期仅还最低还款额"),
                format!("Paid only the minimum for {months} statements in a row")
            ),
            Self::CashAdvances { count } => pick!(
                lang,
                format!("近 90 天取现 {count} 次"),
                format!("{count} cash advances in the last 90 days")
            ),
        }
    }
}

/// What kind of offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OfferKind {
    /// Convert a recent large purchase into installments.
    InstallmentConversion,
    /// Bonus in the customer's top category.
    CategoryBonus,
    /// Upgrade the card (e.g. gold → platinum).
    Upgrade,
    /// Win back a fading customer.
    WinBack,
    /// Use points before they expire.
    PointsExpiring,
    /// Fraud-prevention education after a lost card.
    FraudEducation,
    /// Invitation to a credit-limit increase.
    LimitIncrease,
}

impl OfferKind {
    /// Offer name.
    #[must_use]
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::InstallmentConversion => pick!(lang, "账单分期", "Installment conversion"),
            Self::CategoryBonus => pick!(lang, "品类消费奖励", "Category bonus"),
            Self::Upgrade => pick!(lang, "卡片升级", "Card upgrade"),
            Self::WinBack => pick!(lang, "唤醒礼遇", "Win-back offer"),
            Self::PointsExpiring => pick!(lang, "积分到期提醒", "Points about to expire"),
            Self::FraudEducation => pick!(lang, "防欺诈教育", "Fraud-prevention tips"),
            Self::LimitIncrease => pick!(lang, "提额邀请", "Credit-limit increase"),
        }
    }
}

/// Why this offer fits this customer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum OfferReason {
    /// A large recent purchase not yet in installments.
    LargePurchase {
        /// Amount.
        amount: Money,
        /// Merchant.
        merchant: String,
        /// Days ago.
        days_ago: i64,
    },
    /// The customer's favourite category.
    TopCategory {
        /// Category.
        category: Category,
        /// Share of spend in the last 90 days, 0–1.
        share: f64,
    },
    /// High spend for the current product.
    HighSpender {
        /// Current product.
        from: ProductCode,
        /// Suggested product.
        to: ProductCode,
        /// Spend in the last 12 months.
        spend_12m: Money,
    },
    /// Probability of being alive is falling.
    Fading {
        /// P(alive), 0–1.
        p_alive: f64,
    },
    /// Points expire soon.
    ExpiringPoints {
        /// Points.
        points: i64,
        /// Expiry date `YYYY-MM-DD`.
        expires_on: String,
    },
    /// A card was reported lost recently.
    LostCard {
        /// Days since the report.
        days_ago: i64,
    },
    /// Pays on time with high utilisation.
    GoodPayerHighUtilisation {
        /// Utilisation, 0–1.
        utilisation: f64,
    },
}

impl OfferReason {
    /// The reason in words.
    #[must_use]
    pub fn text(&self, lang: Lang) -> String {
        let yuan = |m: &Money| format!("¥{:.2}", m.fen as f64 / 100.0);
        match self {
            Self::LargePurchase {
                amount,
                merchant,
                days_ago,
            } => {
                let when = match (lang, *days_ago) {
                    (Lang::Zh, 0) => "今天".to_owned(),
                    (Lang::Zh, d) => format!("{d} 天前"),
                    (Lang::En, 0) => "today".to_owned(),
                    (Lang::En, d) => format!("{d} days ago"),
                };
                pick!(
                    lang,
                    format!("{when}在{merchant}消费 {}，可转分期", yuan(amount)),
                    format!(
                        "Spent {} at {merchant} {when}; can be split into installments",
                        yuan(amount)
                    )
                )
            }
            Self::TopCategory { category, share } => pick!(
                lang,
                format!(
                    "近 90 天 {} 的消费集中在「{}」",
                    pct(*share),
                    crate::insight::category_zh(*category)
                ),
                format!(
                    "{} of spend in the last 90 days is in {}",
                    pct(*share),
                    category.as_str().replace('_', " ")
                )
            ),
            Self::HighSpender { to, spend_12m, .. } => pick!(
                lang,
                format!(
                    "近 12 个月消费 {}，符合{}条件",
                    yuan(spend_12m),
                    product_zh(*to)
                ),
                format!(
                    "Spent {} in 12 months; qualifies for {}",
                    yuan(spend_12m),
                    to.as_str()
                )
            ),
            Self::Fading { p_alive } => pick!(
                lang,
                format!("活跃概率降至 {}", pct(*p_alive)),
                format!("Probability of being active down to {}", pct(*p_alive))
            ),
            Self::ExpiringPoints { points, expires_on } => pick!(
                lang,
                format!("{points} 积分将于 {expires_on} 到期"),
                format!("{points} points expire on {expires_on}")
            ),
            Self::LostCard { days_ago } => pick!(
                lang,
                format!("{days_ago} 天前挂失过卡片"),
                format!("Reported a lost card {days_ago} days ago")
            ),
            Self::GoodPayerHighUtilisation { utilisation } => pick!(
                lang,
                format!("按时还款且额度使用率达 {}", pct(*utilisation)),
                format!("Pays on time with utilisation at {}", pct(*utilisation))
            ),
        }
    }
}

/// Chinese name of a category (for reason texts).
#[must_use]
pub const fn category_zh(c: Category) -> &'static str {
    match c {
        Category::Dining => "餐饮",
        Category::Supermarket => "商超",
        Category::OnlineShopping => "网购",
        Category::Apparel => "服饰",
        Category::Travel => "差旅出行",
        Category::Fuel => "加油",
        Category::Education => "教育",
        Category::Healthcare => "医疗健康",
        Category::Entertainment => "娱乐",
        Category::Utilities => "生活缴费",
        Category::Digital => "数码家电",
        Category::CashAdvance => "取现",
    }
}

/// Chinese name of a product (for reason texts).
#[must_use]
pub const fn product_zh(p: ProductCode) -> &'static str {
    match p {
        ProductCode::Youth => "青年卡",
        ProductCode::Women => "女性卡",
        ProductCode::Official => "公务卡",
        ProductCode::Standard => "标准卡",
        ProductCode::Gold => "金卡",
        ProductCode::Platinum => "白金卡",
        ProductCode::Diamond => "钻石卡",
    }
}

/// Why an offer may not be sent through marketing channels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Suppression {
    /// The customer asked not to be disturbed.
    DoNotDisturb,
    /// No marketing consent on any channel.
    NoConsent,
}

/// One ranked offer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Offer {
    /// What.
    pub kind: OfferKind,
    /// Ranking score, higher first (0–100).
    pub score: f64,
    /// Why.
    pub reason: OfferReason,
    /// Best consented channel to send it through; `None` when suppressed.
    pub channel: Option<ConsentChannel>,
    /// Why it may only be mentioned in a conversation the customer started.
    pub suppressed: Option<Suppression>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_read_in_both_languages() {
        let r = RiskReason::DaysPastDue { days: 45 };
        assert_eq!(r.text(Lang::Zh), "逾期 45 天");
        assert_eq!(r.text(Lang::En), "45 days past due");
        let c = ChurnReason::SpendDown { drop: 0.62 };
        assert!(c.text(Lang::Zh).contains("62%"));
        let json = serde_json::to_value(&c).unwrap_or_default();
        assert_eq!(json["code"], "spend_down");
        for s in RfmSegment::ALL {
            assert_eq!(RfmSegment::parse(s.as_str()), Some(s));
            assert_ne!(s.label(Lang::Zh), s.label(Lang::En));
        }
    }
}

/// RFM scores and segment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RfmView {
    /// Recency score 1–5 (5 = most recent).
    pub r: u8,
    /// Frequency score 1–5.
    pub f: u8,
    /// Monetary score 1–5.
    pub m: u8,
    /// Named segment.
    pub segment: RfmSegment,
    /// Days since the last purchase in the window.
    pub recency_days: Option<i64>,
}

/// Scores and offers of one customer, as last computed by the analytics job.
/// Staff only: cardholders never see these.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerInsight {
    /// When these scores were computed (Unix seconds, UTC).
    pub computed_at: i64,
    /// When the portfolio models were fitted (Unix seconds, UTC).
    pub models_fitted_at: Option<i64>,
    /// RFM.
    pub rfm: RfmView,
    /// BG/NBD probability that the customer is still active (0–1).
    pub p_alive: f64,
    /// BG/NBD expected purchases in the next 90 days.
    pub expected_purchases_90d: f64,
    /// Gamma-Gamma expected value of one purchase.
    pub expected_avg_spend: Money,
    /// Expected spend over the next 12 months, discounted 1% a month.
    pub clv_12m: Money,
    /// Value tier by CLV rank.
    pub value_tier: ValueTier,
    /// Churn risk band.
    pub churn_band: Band,
    /// Why.
    pub churn_reasons: Vec<ChurnReason>,
    /// Credit-risk score 0–100 (higher is riskier).
    pub risk_score: i64,
    /// Credit-risk band.
    pub risk_band: Band,
    /// Why.
    pub risk_reasons: Vec<RiskReason>,
    /// Good payer with high utilisation: invite to a higher limit.
    pub limit_increase_candidate: bool,
    /// Next best offers, best first.
    pub offers: Vec<Offer>,
}
