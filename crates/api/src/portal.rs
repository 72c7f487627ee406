//! The cardholder portal's own wire types: bills by cycle, installment plans,
//! membership tiers, Learn articles, messages, and the home summary.
//!
//! The pure rules (installment fees and schedule, membership tiers) live here
//! so the server and the browser say the same thing and both are tested once.

use serde::{Deserialize, Serialize};

use crate::Page;
use crate::cards::TransactionView;
use crate::enums::Category;
use crate::history::StatementView;
use crate::money::Money;
use crate::validate::{Errors, Lang, Problem};

macro_rules! pick {
    ($lang:expr, $zh:expr, $en:expr) => {
        match $lang {
            Lang::Zh => $zh,
            Lang::En => $en,
        }
    };
}

// ---------------------------------------------------------------------------
// Bills
// ---------------------------------------------------------------------------

/// One billing cycle of one card: the statement when the cycle is closed
/// (`None` for the current, unbilled cycle), the installment instalments that
/// post in it, and its transactions after the search and category filter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BillView {
    /// Card id.
    pub card_id: i64,
    /// Last four digits of the card.
    pub card_last4: String,
    /// `YYYY-MM`.
    pub cycle: String,
    /// The statement of a closed cycle.
    pub statement: Option<StatementView>,
    /// Instalments of installment plans posting in this cycle.
    pub postings: Vec<InstallmentPosting>,
    /// Purchases of the cycle (sum of all transactions, before any filter).
    pub purchases: Money,
    /// Transactions of the cycle, newest first, filtered.
    pub transactions: Page<TransactionView>,
}

/// A cycle that has (or will have) a bill, for the cycle picker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BillCycle {
    /// Card id.
    pub card_id: i64,
    /// Last four digits of the card.
    pub card_last4: String,
    /// `YYYY-MM`.
    pub cycle: String,
    /// `false` for the current cycle, still open.
    pub billed: bool,
}

/// One instalment of a plan, as it appears on a bill.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstallmentPosting {
    /// Plan id.
    pub plan_id: i64,
    /// Merchant of the converted purchase.
    pub merchant: String,
    /// Which instalment (1-based).
    pub n: u32,
    /// Of how many.
    pub of: u32,
    /// Principal part.
    pub principal: Money,
    /// Fee part (zero when interest-free).
    pub fee: Money,
}

// ---------------------------------------------------------------------------
// Installments
// ---------------------------------------------------------------------------

/// The terms a cardholder may choose.
pub const INSTALLMENT_MONTHS: [u32; 3] = [3, 6, 12];

/// The smallest purchase that can be converted: ¥500.
pub const INSTALLMENT_MIN_FEN: i64 = 50_000;

/// How many days back a purchase can still be converted.
pub const INSTALLMENT_WINDOW_DAYS: i64 = 60;

/// Monthly fee in basis points of the principal for a term, `None` for a
/// term not offered: 0.75% a month over 3, 0.70% over 6, 0.66% over 12.
#[must_use]
pub const fn monthly_fee_bp(months: u32) -> Option<i64> {
    match months {
        3 => Some(75),
        6 => Some(70),
        12 => Some(66),
        _ => None,
    }
}

/// One row of a plan's schedule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScheduleRow {
    /// Instalment number, 1-based.
    pub n: u32,
    /// Cycle it posts in, `YYYY-MM`.
    pub cycle: String,
    /// Principal part.
    pub principal: Money,
    /// Fee part.
    pub fee: Money,
    /// Principal plus fee.
    pub total: Money,
}

/// `YYYY-MM` plus `k` months.
#[must_use]
pub fn add_months(cycle: &str, k: u32) -> String {
    let (y, m) = cycle.split_once('-').unwrap_or(("1970", "01"));
    let y: i64 = y.parse().unwrap_or(1970);
    let m: i64 = m.parse().unwrap_or(1);
    let idx = y * 12 + (m - 1) + i64::from(k);
    format!("{:04}-{:02}", idx.div_euclid(12), idx.rem_euclid(12) + 1)
}

/// The schedule of a plan: the principal split evenly with the remainder in
/// the first instalment, and the same fee every month (rounded to the fen;
/// zero when interest-free). The principals always add up to the purchase.
#[must_use]
pub fn schedule(
    principal_fen: i64,
    currency: &str,
    months: u32,
    fee_bp: i64,
    first_cycle: &str,
) -> Vec<ScheduleRow> {
    if months == 0 {
        return Vec::new();
    }
    let per = principal_fen / i64::from(months);
    let first = principal_fen - per * (i64::from(months) - 1);
    // round half up, in integers
    let fee = (principal_fen * fee_bp + 5_000) / 10_000;
    (1..=months)
        .map(|n| {
            let p = if n == 1 { first } else { per };
            let m = |fen| Money {
                fen,
                currency: currency.to_owned(),
            };
            ScheduleRow {
                n,
                cycle: add_months(first_cycle, n - 1),
                principal: m(p),
                fee: m(fee),
                total: m(p + fee),
            }
        })
        .collect()
}

/// A purchase that can be converted, with its terms.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EligiblePurchase {
    /// The purchase.
    pub transaction: TransactionView,
    /// Terms offered, each with its fee.
    pub quotes: Vec<InstallmentQuote>,
}

/// The price of converting one purchase over one term, before confirming.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstallmentQuote {
    /// The purchase.
    pub transaction_id: i64,
    /// Term in months.
    pub months: u32,
    /// Amount converted.
    pub principal: Money,
    /// Monthly fee in basis points of the principal (0 when interest-free).
    pub monthly_fee_bp: i64,
    /// All fees over the term.
    pub fee_total: Money,
    /// Waived by a campaign.
    pub interest_free: bool,
    /// The campaign that waives the fee.
    pub campaign: Option<String>,
    /// Month by month.
    pub schedule: Vec<ScheduleRow>,
}

/// Convert a purchase (POST with an `Idempotency-Key`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstallmentInput {
    /// The purchase.
    pub transaction_id: i64,
    /// 3, 6 or 12.
    pub months: u32,
}

impl InstallmentInput {
    /// Field checks.
    ///
    /// # Errors
    /// The term is not one of [`INSTALLMENT_MONTHS`].
    pub fn validate(&self) -> Result<(), Errors> {
        let mut e = Errors::default();
        if monthly_fee_bp(self.months).is_none() {
            e.add(
                "months",
                Problem::Format {
                    zh: "分期期数只能是 3、6 或 12 期。",
                    en: "The term must be 3, 6 or 12 months.",
                },
            );
        }
        e.into_result()
    }
}

/// A plan the cardholder has.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstallmentPlan {
    /// Plan id.
    pub id: i64,
    /// The purchase.
    pub transaction_id: i64,
    /// Card's last four digits.
    pub card_last4: String,
    /// Merchant of the purchase.
    pub merchant: String,
    /// When the plan was made (Unix seconds, UTC).
    pub created_at: i64,
    /// The terms it was made on.
    pub quote: InstallmentQuote,
}

// ---------------------------------------------------------------------------
// Membership
// ---------------------------------------------------------------------------

crate::enums::wire_enum! {
    /// Membership tier, from spend over the last 12 months.
    MemberTier {
        /// Everyone.
        Member = "member",
        /// ¥20,000 a year.
        Silver = "silver",
        /// ¥60,000 a year.
        Gold = "gold",
        /// ¥150,000 a year.
        Platinum = "platinum",
        /// ¥500,000 a year.
        Diamond = "diamond",
    }
}

impl MemberTier {
    /// Twelve-month spend (fen) that reaches this tier.
    #[must_use]
    pub const fn threshold_fen(self) -> i64 {
        match self {
            Self::Member => 0,
            Self::Silver => 2_000_000,
            Self::Gold => 6_000_000,
            Self::Platinum => 15_000_000,
            Self::Diamond => 50_000_000,
        }
    }

    /// The tier a twelve-month spend reaches.
    #[must_use]
    pub fn of_spend(spend_fen: i64) -> Self {
        Self::ALL
            .iter()
            .rev()
            .copied()
            .find(|t| spend_fen >= t.threshold_fen())
            .unwrap_or(Self::Member)
    }

    /// The tier above, if any.
    #[must_use]
    pub fn next(self) -> Option<Self> {
        let i = Self::ALL.iter().position(|t| *t == self)?;
        Self::ALL.get(i + 1).copied()
    }

    /// Name.
    #[must_use]
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Member => pick!(lang, "普通会员", "Member"),
            Self::Silver => pick!(lang, "银卡会员", "Silver"),
            Self::Gold => pick!(lang, "金卡会员", "Gold"),
            Self::Platinum => pick!(lang, "白金会员", "Platinum"),
            Self::Diamond => pick!(lang, "钻石会员", "Diamond"),
        }
    }

    /// What the tier gives (each tier keeps the benefits of those below).
    #[must_use]
    pub fn benefits(self, lang: Lang) -> Vec<&'static str> {
        let all: [(Self, &str, &str); 9] = [
            (
                Self::Member,
                "消费积分（每元 1 分起）",
                "Points on spend (1 per yuan and up)",
            ),
            (
                Self::Member,
                "生日月双倍积分",
                "Double points in your birthday month",
            ),
            (
                Self::Silver,
                "积分有效期延长 1 年",
                "Points last one year longer",
            ),
            (
                Self::Silver,
                "每年 2 次免费短信提醒升级",
                "Free SMS alerts upgrade, twice a year",
            ),
            (Self::Gold, "年费减半", "Annual fee halved"),
            (
                Self::Gold,
                "机场贵宾厅每年 2 次",
                "Airport lounge, twice a year",
            ),
            (
                Self::Platinum,
                "专属客服热线，优先接听",
                "Dedicated service line, answered first",
            ),
            (
                Self::Platinum,
                "分期手续费 8 折",
                "20% off installment fees",
            ),
            (
                Self::Diamond,
                "免年费，机场贵宾厅不限次",
                "No annual fee, unlimited lounge visits",
            ),
        ];
        all.iter()
            .filter(|(t, _, _)| *t <= self)
            .map(|(_, zh, en)| pick!(lang, *zh, *en))
            .collect()
    }
}

/// The cardholder's tier, and how far to the next.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Membership {
    /// Current tier.
    pub tier: MemberTier,
    /// Spend over the last 12 months.
    pub spend_12m: Money,
    /// The tier above, if any.
    pub next_tier: Option<MemberTier>,
    /// Spend still needed to reach it.
    pub to_next: Option<Money>,
    /// Progress from this tier's threshold to the next, 0–1 (1 at the top).
    pub progress: f64,
}

impl Membership {
    /// Tier and progress for a twelve-month spend.
    #[must_use]
    pub fn of_spend(spend_fen: i64, currency: &str) -> Self {
        let tier = MemberTier::of_spend(spend_fen);
        let next = tier.next();
        let (to_next, progress) = match next {
            None => (None, 1.0),
            Some(n) => {
                let lo = tier.threshold_fen();
                let hi = n.threshold_fen();
                let done = (spend_fen.max(lo) - lo) as f64 / (hi - lo) as f64;
                (
                    Some(Money {
                        fen: hi - spend_fen.max(0),
                        currency: currency.to_owned(),
                    }),
                    done.clamp(0.0, 1.0),
                )
            }
        };
        Self {
            tier,
            spend_12m: Money {
                fen: spend_fen,
                currency: currency.to_owned(),
            },
            next_tier: next,
            to_next,
            progress,
        }
    }
}

// ---------------------------------------------------------------------------
// Learn
// ---------------------------------------------------------------------------

/// A short article for cardholders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Article {
    /// URL slug.
    pub slug: &'static str,
    /// Title.
    pub title_zh: &'static str,
    /// Title.
    pub title_en: &'static str,
    /// Paragraphs.
    pub body_zh: &'static [&'static str],
    /// Paragraphs.
    pub body_en: &'static [&'static str],
}

impl Article {
    /// Title in `lang`.
    #[must_use]
    pub const fn title(&self, lang: Lang) -> &'static str {
        pick!(lang, self.title_zh, self.title_en)
    }

    /// Paragraphs in `lang`.
    #[must_use]
    pub const fn body(&self, lang: Lang) -> &'static [&'static str] {
        pick!(lang, self.body_zh, self.body_en)
    }
}

/// Every article, in reading order.
pub const ARTICLES: [Article; 5] = [
    Article {
        slug: "card-safety",
        title_zh: "保护好您的信用卡",
        title_en: "Keeping your card safe",
        body_zh: &[
            "卡片丢失或被盗后，请立即在“首页”点击“挂失”，卡片会马上冻结，我们会为您补发新卡。",
            "不要把卡号、有效期和短信验证码告诉任何人，银行工作人员也不会向您索要验证码。",
            "暂时不用卡时，可以在“首页”临时冻结卡片，需要时一键解冻。",
        ],
        body_en: &[
            "If your card is lost or stolen, tap \"Report lost\" on Home at once: the card is blocked immediately and we send you a new one.",
            "Never share your card number, expiry date or SMS codes with anyone; bank staff will never ask for a code.",
            "When you are not using the card, lock it on Home and unlock it with one tap when you need it.",
        ],
    },
    Article {
        slug: "fraud-signs",
        title_zh: "识别诈骗的五个信号",
        title_en: "Five signs of fraud",
        body_zh: &[
            "自称客服、公检法要求您转账到“安全账户”的，一定是诈骗。",
            "以“提额”“降息”“注销校园贷”为由索要验证码或要求下载共享屏幕软件的，一定是诈骗。",
            "收到陌生链接要求输入卡号和密码时，请勿点击，拨打卡背面的官方客服电话核实。",
            "看到不认识的交易，请在“服务”中发起交易争议，我们会尽快处理。",
        ],
        body_en: &[
            "Anyone claiming to be customer service or the police who asks you to move money to a \"safe account\" is a fraudster.",
            "Requests for codes or screen-sharing apps to \"raise your limit\", \"lower your rate\" or \"close a student loan\" are fraud.",
            "Do not open links that ask for your card number and PIN; call the number on the back of your card to check.",
            "If you see a transaction you do not recognise, open a dispute under Service and we will look into it.",
        ],
    },
    Article {
        slug: "minimum-payment",
        title_zh: "最低还款额与利息是怎么算的",
        title_en: "How interest and minimum payments work",
        body_zh: &[
            "在到期还款日前还清全部账单金额，消费不收利息，这就是免息期。",
            "只还最低还款额不会影响信用记录，但未还部分会从记账日起按日计息（日息万分之五），新消费也不再享受免息期。",
            "长期只还最低还款额，一笔消费可能需要数年才能还清，利息会远超您的预期。",
        ],
        body_en: &[
            "Pay the full statement balance by the due date and your purchases cost no interest: that is the interest-free period.",
            "Paying only the minimum keeps your credit record clean, but the unpaid part accrues daily interest (0.05% a day) from the posting date, and new purchases lose the interest-free period.",
            "Paying only the minimum month after month can stretch one purchase over years and cost far more interest than expected.",
        ],
    },
    Article {
        slug: "responsible-borrowing",
        title_zh: "理性用卡，量入为出",
        title_en: "Borrowing responsibly",
        body_zh: &[
            "建议每月信用卡还款不超过月收入的三分之一。",
            "大额消费可以办理账单分期，手续费事先告知、每月固定，比长期循环利息更容易规划。",
            "如遇还款困难，请尽早通过“服务”联系我们，我们可以一起商量还款方案。",
        ],
        body_en: &[
            "Try to keep monthly card repayments under a third of your monthly income.",
            "Large purchases can be split into installments: the fee is shown up front and fixed each month, easier to plan than revolving interest.",
            "If repaying becomes hard, contact us early under Service and we will work out a plan together.",
        ],
    },
    Article {
        slug: "installments",
        title_zh: "账单分期：先看清费用再确认",
        title_en: "Installments: see the cost before you confirm",
        body_zh: &[
            "单笔 500 元以上、60 天内的消费可以分 3、6 或 12 期还款。",
            "确认前会显示每期本金、手续费和还款计划；参加免息活动时手续费为零。",
            "分期后，每期金额会出现在对应月份的账单上。",
        ],
        body_en: &[
            "A purchase of ¥500 or more in the last 60 days can be repaid over 3, 6 or 12 months.",
            "Before you confirm you see each month's principal, fee and the schedule; with an interest-free offer the fee is zero.",
            "Each month's instalment then appears on that month's bill.",
        ],
    },
];

/// The article with this slug.
#[must_use]
pub fn article(slug: &str) -> Option<&'static Article> {
    ARTICLES.iter().find(|a| a.slug == slug)
}

crate::enums::wire_enum! {
    /// Why an article is recommended to this cardholder.
    LearnReason {
        /// A card was reported lost in the last 90 days.
        LostCard = "lost_card",
        /// Carried a balance on recent statements.
        Revolver = "revolver",
        /// Paid only the minimum recently.
        MinimumPayer = "minimum_payer",
        /// Has an installment plan or a purchase that can be converted.
        Installments = "installments",
        /// Joined in the last 90 days.
        NewCardholder = "new_cardholder",
    }
}

impl LearnReason {
    /// Why, in words the cardholder reads.
    #[must_use]
    pub const fn text(self, lang: Lang) -> &'static str {
        match self {
            Self::LostCard => pick!(
                lang,
                "您近期挂失过卡片",
                "You recently reported a card lost"
            ),
            Self::Revolver => pick!(
                lang,
                "您近期的账单未全额还款",
                "Your recent bills were not paid in full"
            ),
            Self::MinimumPayer => pick!(
                lang,
                "您近期只还了最低还款额",
                "You recently paid only the minimum"
            ),
            Self::Installments => pick!(
                lang,
                "您有可分期的消费",
                "You have purchases that can be split"
            ),
            Self::NewCardholder => pick!(lang, "欢迎新持卡人", "Welcome, new cardholder"),
        }
    }
}

/// An article in the cardholder's list: recommended ones first, with why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticlePick {
    /// Slug into [`ARTICLES`].
    pub slug: String,
    /// Why it is recommended (`None`: general reading).
    pub reason: Option<LearnReason>,
}

// ---------------------------------------------------------------------------
// Messages and home
// ---------------------------------------------------------------------------

/// A message the bank sent the cardholder.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageView {
    /// Id.
    pub id: i64,
    /// Sent (Unix seconds, UTC).
    pub sent_at: i64,
    /// Channel it went out on.
    pub channel: String,
    /// Text.
    pub message: String,
    /// Not read in the portal yet.
    pub unread: bool,
}

/// An offer as the cardholder sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalOffer {
    /// What.
    pub kind: crate::insight::OfferKind,
    /// Why it suits the cardholder.
    pub reason: crate::insight::OfferReason,
}

/// What the portal's home shows besides cards and points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalHome {
    /// The latest statement of each open card.
    pub statements: Vec<StatementView>,
    /// Messages not read yet.
    pub unread_messages: i64,
    /// Offers picked for the cardholder, best first (what and why only: the
    /// bank's scores and channel choices stay with the staff).
    pub offers: Vec<PortalOffer>,
    /// Tier and progress.
    pub membership: Membership,
    /// Articles worth reading now, most relevant first.
    pub articles: Vec<ArticlePick>,
}

/// Search and filter of a bill's transactions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct BillQuery {
    /// Card id.
    pub card: i64,
    /// `YYYY-MM`.
    pub cycle: String,
    /// Merchant contains.
    pub q: Option<String>,
    /// Only this category.
    pub category: Option<Category>,
    /// Page, from 1.
    pub page: Option<u32>,
    /// Rows per page (≤ 100).
    pub per_page: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_adds_up_and_rounds_the_fee() {
        let rows = schedule(100_000, "CNY", 3, 75, "2026-11");
        assert_eq!(rows.len(), 3);
        let principal: i64 = rows.iter().map(|r| r.principal.fen).sum();
        assert_eq!(principal, 100_000);
        assert_eq!(rows[0].principal.fen, 33_334);
        assert_eq!(rows[1].principal.fen, 33_333);
        assert_eq!(rows[0].fee.fen, 750);
        assert_eq!(rows[2].total.fen, 33_333 + 750);
        assert_eq!(
            rows.iter().map(|r| r.cycle.as_str()).collect::<Vec<_>>(),
            ["2026-11", "2026-12", "2027-01"]
        );
        // 0.66% of ¥1,234.56 = 8.148 → 8.15
        assert_eq!(schedule(123_456, "CNY", 12, 66, "2026-01")[0].fee.fen, 815);
        assert!(
            schedule(123_456, "CNY", 6, 0, "2026-01")
                .iter()
                .all(|r| r.fee.fen == 0)
        );
        assert!(schedule(1, "CNY", 0, 75, "2026-01").is_empty());
    }

    #[test]
    fn months_roll_over_years() {
        assert_eq!(add_months("2026-12", 1), "2027-01");
        assert_eq!(add_months("2026-01", 12), "2027-01");
        assert_eq!(add_months("2026-05", 0), "2026-05");
    }

    #[test]
    fn only_offered_terms_validate() {
        for m in INSTALLMENT_MONTHS {
            assert!(monthly_fee_bp(m).is_some());
            let ok = InstallmentInput {
                transaction_id: 1,
                months: m,
            };
            assert!(ok.validate().is_ok());
        }
        let bad = InstallmentInput {
            transaction_id: 1,
            months: 4,
        };
        assert!(bad.validate().is_err());
    }

    #[test]
    fn tiers_follow_spend_with_progress() {
        assert_eq!(MemberTier::of_spend(0), MemberTier::Member);
        assert_eq!(MemberTier::of_spend(1_999_999), MemberTier::Member);
        assert_eq!(MemberTier::of_spend(2_000_000), MemberTier::Silver);
        assert_eq!(MemberTier::of_spend(60_000_000), MemberTier::Diamond);
        let m = Membership::of_spend(4_000_000, "CNY");
        assert_eq!(m.tier, MemberTier::Silver);
        assert_eq!(m.next_tier, Some(MemberTier::Gold));
        assert_eq!(m.to_next.map(|x| x.fen), Some(2_000_000));
        assert!((m.progress - 0.5).abs() < 1e-9);
        let top = Membership::of_spend(80_000_000, "CNY");
        assert_eq!(top.next_tier, None);
        assert!((top.progress - 1.0).abs() < 1e-9);
        // each tier keeps the benefits below it
        for t in MemberTier::ALL {
            if let Some(n) = t.next() {
                assert!(n.benefits(Lang::Zh).len() > t.benefits(Lang::Zh).len());
            }
            assert_eq!(t.benefits(Lang::Zh).len(), t.benefits(Lang::En).len());
        }
    }

    #[test]
    fn articles_are_complete_in_both_languages() {
        for a in &ARTICLES {
            assert_eq!(a.body_zh.len(), a.body_en.len(), "{}", a.slug);
            assert!(article(a.slug).is_some());
        }
        assert!(article("nope").is_none());
    }
}
