//! Customer search and the customer 360.

use serde::{Deserialize, Serialize};

use crate::cards::{CardView, TransactionView};
use crate::enums::{Category, Gender, IncomeBand, Occupation, ProductCode, Residence, TxChannel};
use crate::insight::{Band, CustomerInsight, RfmSegment, ValueTier};
use crate::money::Money;
use crate::validate::{Errors, Problem};

/// Default and largest page sizes of list endpoints.
pub const DEFAULT_PER_PAGE: u32 = 20;
/// Largest page size a client may ask for.
pub const MAX_PER_PAGE: u32 = 100;
/// Longest search text accepted.
pub const MAX_QUERY_LEN: usize = 50;

/// `GET /api/v1/customers` query string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
pub struct CustomerSearchQuery {
    /// Name (prefix), mobile (full or last digits), card last four, or customer number.
    pub q: Option<String>,
    /// 1-based page number (default 1).
    pub page: Option<u32>,
    /// Rows per page, 1–100 (default 20).
    pub per_page: Option<u32>,
    /// Only this RFM segment (from the last analytics run).
    pub rfm_segment: Option<RfmSegment>,
    /// Only this churn band.
    pub churn_band: Option<Band>,
    /// Only this credit-risk band.
    pub risk_band: Option<Band>,
    /// Only this value tier.
    pub value_tier: Option<ValueTier>,
}

/// How a search text is interpreted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SearchTerm {
    /// No filter: all customers.
    All,
    /// Customer number such as `C00001234` (exact).
    CustomerNo(String),
    /// Last four digits of a card.
    CardLast4(String),
    /// A full 11-digit mobile number (exact).
    Mobile(String),
    /// Name prefix.
    Name(String),
}

impl SearchTerm {
    /// What kind of term it is (for logs: never the term itself).
    #[must_use]
    pub const fn kind(&self) -> &'static str {
        match self {
            Self::All => "all",
            Self::CustomerNo(_) => "customer_no",
            Self::CardLast4(_) => "card_last4",
            Self::Mobile(_) => "mobile",
            Self::Name(_) => "name",
        }
    }
}

impl CustomerSearchQuery {
    /// Validated page number and size.
    pub fn paging(&self) -> Result<(u32, u32), Errors> {
        let mut errors = Errors::default();
        let page = self.page.unwrap_or(1);
        let per_page = self.per_page.unwrap_or(DEFAULT_PER_PAGE);
        errors.range("page", i64::from(page), 1, 100_000);
        errors.range("per_page", i64::from(per_page), 1, i64::from(MAX_PER_PAGE));
        if let Some(q) = &self.q
            && q.chars().count() > MAX_QUERY_LEN
        {
            errors.add("q", Problem::TooLong { max: MAX_QUERY_LEN });
        }
        errors.into_result().map(|()| (page, per_page))
    }

    /// Classifies the search text: 4 digits are a card's last four, 11 digits
    /// a mobile number, `C` + digits a customer number, anything else a name.
    #[must_use]
    pub fn term(&self) -> SearchTerm {
        let q = self.q.as_deref().unwrap_or_default().trim();
        if q.is_empty() {
            return SearchTerm::All;
        }
        let digits = q.chars().all(|c| c.is_ascii_digit());
        if digits && q.len() == 4 {
            SearchTerm::CardLast4(q.to_owned())
        } else if digits && q.len() == 11 {
            SearchTerm::Mobile(q.to_owned())
        } else if (q.starts_with('C') || q.starts_with('c'))
            && q.len() > 1
            && q[1..].chars().all(|c| c.is_ascii_digit())
        {
            SearchTerm::CustomerNo(q.to_ascii_uppercase())
        } else {
            SearchTerm::Name(q.to_owned())
        }
    }
}

/// A row of the customer search results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerSummary {
    /// Customer id.
    pub id: i64,
    /// Customer number, e.g. `C00001234`.
    pub customer_no: String,
    /// Full name.
    pub name: String,
    /// Gender.
    pub gender: Gender,
    /// Masked mobile number.
    pub mobile_masked: String,
    /// Province (Chinese name).
    pub province: String,
    /// City (Chinese name).
    pub city: String,
    /// Home branch name.
    pub branch_name: String,
    /// Products of the customer's open cards.
    pub products: Vec<ProductCode>,
}

/// Marketing consent per channel, plus the do-not-disturb flag that overrides them all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Consent {
    /// SMS.
    pub sms: bool,
    /// Mobile-app push.
    pub app_push: bool,
    /// WeChat.
    pub wechat: bool,
    /// Email.
    pub email: bool,
    /// Outbound calls.
    pub outbound_call: bool,
    /// No marketing at all, whatever the channel consents say.
    pub do_not_disturb: bool,
}

/// The cardholder's marketing choices, with the version for an edit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsentView {
    /// Consent per channel and do-not-disturb.
    pub consent: Consent,
    /// Send it back to change them (optimistic concurrency).
    pub version: i64,
}

/// A branch of the bank.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BranchRef {
    /// Branch id.
    pub id: i64,
    /// Branch code.
    pub code: String,
    /// Chinese name.
    pub name: String,
    /// English name.
    pub name_en: String,
}

/// Profile part of the 360 (identifiers masked).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerProfile {
    /// Customer id.
    pub id: i64,
    /// Customer number.
    pub customer_no: String,
    /// Full name.
    pub name: String,
    /// Gender.
    pub gender: Gender,
    /// Birth date `YYYY-MM-DD`.
    pub birth_date: String,
    /// Age in whole years today (Asia/Shanghai).
    pub age: i64,
    /// Masked resident ID, e.g. `110***********1234`.
    pub national_id_masked: String,
    /// Masked mobile number.
    pub mobile_masked: String,
    /// Masked email, when known.
    pub email_masked: Option<String>,
    /// Province.
    pub province: String,
    /// City.
    pub city: String,
    /// Urban or rural.
    pub residence: Residence,
    /// Occupation group.
    pub occupation: Occupation,
    /// Monthly income band.
    pub income_band: IncomeBand,
    /// Home branch.
    pub branch: BranchRef,
    /// Date the customer joined, `YYYY-MM-DD`.
    pub joined_on: String,
    /// Marketing consent.
    pub consent: Consent,
    /// Row version for optimistic concurrency on edits.
    pub version: i64,
}

/// Spend in one calendar month (Asia/Shanghai).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthSpend {
    /// `YYYY-MM`.
    pub month: String,
    /// Total purchases (cash advances excluded).
    pub spend: Money,
    /// Number of transactions.
    pub count: i64,
}

/// Spend in one category over the last 12 months.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategorySpend {
    /// Category.
    pub category: Category,
    /// Total.
    pub spend: Money,
    /// Number of transactions.
    pub count: i64,
}

/// Spend through one payment channel over 12 months.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChannelSpend {
    /// Channel.
    pub channel: TxChannel,
    /// Total.
    pub spend: Money,
    /// Transactions.
    pub count: i64,
}

/// Spend at one merchant over 12 months.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MerchantSpend {
    /// Merchant.
    pub merchant: String,
    /// Category.
    pub category: Category,
    /// Total.
    pub spend: Money,
    /// Transactions.
    pub count: i64,
}

/// Part of the day, in Shanghai time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Daypart {
    /// 06:00–11:00.
    Morning,
    /// 11:00–14:00.
    Midday,
    /// 14:00–18:00.
    Afternoon,
    /// 18:00–24:00.
    Evening,
    /// 00:00–06:00.
    Night,
}

impl Daypart {
    /// All, in order of the day.
    pub const ALL: [Self; 5] = [
        Self::Morning,
        Self::Midday,
        Self::Afternoon,
        Self::Evening,
        Self::Night,
    ];

    /// The part of the day an hour (0–23) falls in.
    #[must_use]
    pub const fn of_hour(hour: u32) -> Self {
        match hour {
            6..=10 => Self::Morning,
            11..=13 => Self::Midday,
            14..=17 => Self::Afternoon,
            18..=23 => Self::Evening,
            _ => Self::Night,
        }
    }
}

/// What the customer likes, from 12 months of transactions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Preferences {
    /// Most-used payment channel.
    pub preferred_channel: Option<TxChannel>,
    /// Transactions per part of the day, in day order.
    pub dayparts: Vec<(Daypart, i64)>,
    /// Spend per payment channel, largest first.
    pub channels: Vec<ChannelSpend>,
    /// The ten merchants with the most spend.
    pub top_merchants: Vec<MerchantSpend>,
}

/// `GET /api/v1/customers/{id}`: one page about one customer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Customer360 {
    /// Profile and consent.
    pub profile: CustomerProfile,
    /// All cards, masked.
    pub cards: Vec<CardView>,
    /// The last 12 calendar months, oldest first, including months without spend.
    pub spend_by_month: Vec<MonthSpend>,
    /// Spend per category over the same 12 months, largest first.
    pub spend_by_category: Vec<CategorySpend>,
    /// Total over the 12 months.
    pub spend_12m: Money,
    /// The 20 latest transactions, newest first.
    pub recent_transactions: Vec<TransactionView>,
    /// Points balance (sum of the ledger).
    pub points_balance: i64,
    /// Preferences and spending patterns over the same 12 months.
    pub preferences: Preferences,
    /// Installment purchases (count and total).
    pub installments: (i64, Money),
    /// Scores and offers; `None` until the analytics job has run.
    pub insight: Option<CustomerInsight>,
    /// When this view was assembled (Unix seconds, UTC).
    pub as_of: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(q: &str) -> CustomerSearchQuery {
        CustomerSearchQuery {
            q: Some(q.to_owned()),
            ..Default::default()
        }
    }

    #[test]
    fn search_text_is_classified() {
        assert_eq!(query("").term(), SearchTerm::All);
        assert_eq!(query(" 1234 ").term(), SearchTerm::CardLast4("1234".into()));
        assert_eq!(
            query("13812345678").term(),
            SearchTerm::Mobile("13812345678".into())
        );
        assert_eq!(
            query("c00000042").term(),
            SearchTerm::CustomerNo("C00000042".into())
        );
        assert_eq!(query("张").term(), SearchTerm::Name("张".into()));
        assert_eq!(query("Chen").term(), SearchTerm::Name("Chen".into()));
    }

    #[test]
    fn paging_defaults_and_bounds() {
        assert_eq!(CustomerSearchQuery::default().paging(), Ok((1, 20)));
        let bad = CustomerSearchQuery {
            page: Some(0),
            per_page: Some(500),
            q: Some("x".repeat(51)),
            ..Default::default()
        };
        let Err(errors) = bad.paging() else {
            panic!("must be invalid");
        };
        assert!(errors.get("page").is_some());
        assert!(errors.get("per_page").is_some());
        assert!(errors.get("q").is_some());
    }
}

#[cfg(test)]
mod daypart_tests {
    use super::*;

    #[test]
    fn hours_fall_into_dayparts() {
        assert_eq!(Daypart::of_hour(5), Daypart::Night);
        assert_eq!(Daypart::of_hour(6), Daypart::Morning);
        assert_eq!(Daypart::of_hour(12), Daypart::Midday);
        assert_eq!(Daypart::of_hour(17), Daypart::Afternoon);
        assert_eq!(Daypart::of_hour(23), Daypart::Evening);
    }
}
