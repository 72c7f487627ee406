//! Segment rules, evaluated two ways with one meaning: [`compile`] turns a
//! [`Rule`] into a parameterised SQL condition for both backends, and
//! [`evaluate`] decides the same rule in memory over one customer's [`Facts`].
//!
//! # SQL shape
//!
//! The compiled text is a boolean expression over two aliases, meant for
//!
//! ```sql
//! SELECT c.id FROM customers c LEFT JOIN customer_features f ON f.customer_id = c.id WHERE <sql>
//! ```
//!
//! `f` is LEFT JOINed: a customer the analytics has not scored yet has no
//! feature row, so every `f.*` column may be NULL. Rule values are always bound
//! (`$first, $first+1, …`, in order of [`Compiled::binds`]); only column names
//! from the fixed table below are formatted into the text. Every group is
//! wrapped in parentheses; an empty AND group is `1 = 1` (everyone), an empty
//! OR group `1 = 0` (no one). Every condition is parenthesised too.
//!
//! # Field mapping
//!
//! | Field | SQL | In memory ([`Facts`]) |
//! |---|---|---|
//! | `age` | `c.birth_date` (text `YYYY-MM-DD`) against date-string bounds | `birth_date` → [`time::age_on`] |
//! | `gender`, `province`, `city`, `residence`, `occupation`, `income_band` | `c.<column>` | the same-named field |
//! | `branch` | `c.branch_id IN (SELECT b.id FROM branches b WHERE b.code …)` | `branch_code` |
//! | `product` | EXISTS an open card (`status <> 'closed'`) whose `card_products.code` … | `open_products` |
//! | `tier` | EXISTS an open card whose `card_products.tier` … | `open_tiers` |
//! | `card_status` | EXISTS a card (any status) whose `status` … | `card_statuses` |
//! | `tenure_months` | `f.tenure_months` | `features.tenure_months` |
//! | `credit_limit` | `f.credit_limit_fen` | `features.credit_limit_fen` |
//! | `utilisation` | `f.utilisation` (float) | `features.utilisation` |
//! | `category_spend{category, window}` | `COALESCE((SELECT s.spend_<window>d_fen FROM customer_category_spend s WHERE s.customer_id = c.id AND s.category = $n), 0)` | `category_spend[category]`, 0 without a row |
//! | `tx_count_12m` | `f.tx_count_12m` | `features.tx_count_12m` |
//! | `last_tx_date` | `f.last_tx_at` (Unix seconds) | `features.last_tx_at` |
//! | `rfm_segment` | `f.rfm_segment` | `features.rfm_segment` |
//! | `rfm_r`, `rfm_f`, `rfm_m` | `f.rfm_r`, `f.rfm_f`, `f.rfm_m` | `features.rfm_*` |
//! | `p_alive` | `f.p_alive` (float) | `features.p_alive` |
//! | `clv` | `f.clv_12m_fen` | `features.clv_12m_fen` |
//! | `churn_band`, `risk_band`, `value_tier` | `f.<column>` | `features.<field>` |
//! | `points_balance` | `f.points_balance` | `features.points_balance` |
//! | `points_expiring` | `f.points_expiring_60d` | `features.points_expiring_60d` |
//! | `consent{channel}` | `c.consent_<channel> = 1 AND c.do_not_disturb = 0` | `consent.<channel> && !consent.do_not_disturb` |
//! | `do_not_disturb` | `c.do_not_disturb <> 0` | `consent.do_not_disturb` |
//! | `received_campaign` | EXISTS a `deliveries` row with `status = 'sent'` and `campaign_id IN (…)` | `received_campaigns` |
//! | `responded_campaign` | EXISTS a `campaign_responses` row with `arm = 'treatment'` and `campaign_id IN (…)` | `responded_campaigns` |
//!
//! # Operator semantics (the same in SQL and in memory)
//!
//! - **Missing values.** A NULL column (no feature row, no branch, …) matches
//!   only `is_empty` — and `not_within_last_days` for dates. `ne` and `not_in`
//!   do *not* match a missing value. Every compiled condition is written so it
//!   is TRUE or FALSE, never NULL (`col IS NOT NULL AND col <> $n`, …), so SQL
//!   three-valued logic can never turn a NOT over a NULL into a match, and the
//!   in-memory evaluator's plain booleans are exact.
//! - **Numbers.** Integer columns (and age, and category spend) compare as if
//!   the integer were a real number: `tenure_months > 2.5` ⇔ `tenure_months ≥ 3`;
//!   SQL gets the equivalent integer bound, so integer columns are only ever
//!   compared with integer parameters. Float columns (`utilisation`, `p_alive`)
//!   compare with IEEE doubles; `eq`/`ne` are *exact* (no tolerance), so
//!   `utilisation = 0.5` matches only a stored 0.5. `between` is inclusive.
//! - **Age** is whole years on `today` ([`time::age_on`]): age ≥ N ⇔
//!   `birth_date ≤ (today.year − N)-MM-DD` compared as text (with today's month
//!   and day, even when that is 29 February of a common year, which as text
//!   sorts exactly where it must). Every comparison becomes such bounds.
//! - **Category spend** without a row counts as 0 for comparisons; `is_empty`
//!   means "no row": nothing spent in the category in the last 365 days.
//! - **Sets** (product, tier, card status, campaigns): `in` = holds at least
//!   one of the values; `not_in` = holds none of them (also true with no cards
//!   or campaigns at all); `is_empty` = no open card (card status: no card at
//!   all; campaigns: none received / responded to); `is_not_empty` = has one.
//!   Campaign ids that do not parse as integers are ignored.
//! - **Dates**: `within_last_days N` ⇔ `last_tx_at ≥ now − N·86400`;
//!   `not_within_last_days N` ⇔ `last_tx_at` missing or `< now − N·86400`.
//! - **Flags**: `consent` is true only with the channel's consent *and* no
//!   do-not-disturb; `is_false` is its negation.
//! - **Invalid conditions** (those [`Condition::problem`] rejects: wrong
//!   operator, value of the wrong shape, out of bounds, NaN…) match no one in
//!   both evaluators; callers are expected to [`Rule::validate`] first.
//!
//! Known divergence, only for corrupt data: a `birth_date` that does not parse
//! as a date is "missing" in memory but still compared as text in SQL.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use crm_api::ConsentChannel;
use crm_api::customers::Consent;
use crm_api::segments::{Condition, Field, Logic, Op, Rule, SpendWindow, Value};

use crate::domain::time;

/// A value bound to one `$N` placeholder of a [`Compiled`] condition.
#[derive(Clone, Debug, PartialEq)]
pub enum Bind {
    /// A 64-bit integer.
    Int(i64),
    /// A double.
    Float(f64),
    /// A text.
    Text(String),
}

/// A compiled rule: a boolean SQL expression and the values of its placeholders.
#[derive(Clone, Debug, PartialEq)]
pub struct Compiled {
    /// The condition, over the aliases `c` (customers) and `f` (customer_features).
    pub sql: String,
    /// Values of `$first_placeholder, $first_placeholder + 1, …`, in order.
    pub binds: Vec<Bind>,
}

/// One customer's spend in one category over the three windows (fen).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CategorySpend {
    /// Last 30 days.
    pub d30: i64,
    /// Last 90 days.
    pub d90: i64,
    /// Last 365 days.
    pub d365: i64,
}

impl CategorySpend {
    /// The spend in `window`.
    #[must_use]
    pub const fn in_window(self, window: SpendWindow) -> i64 {
        match window {
            SpendWindow::Days30 => self.d30,
            SpendWindow::Days90 => self.d90,
            SpendWindow::Days365 => self.d365,
        }
    }
}

/// The columns of a customer's `customer_features` row that rules look at.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FeatureFacts {
    /// Months since the first card was opened.
    pub tenure_months: i64,
    /// Total limit of open cards (fen).
    pub credit_limit_fen: i64,
    /// Balance over limit.
    pub utilisation: f64,
    /// Purchases in the last 12 months.
    pub tx_count_12m: i64,
    /// Time of the last purchase (Unix seconds), if any.
    pub last_tx_at: Option<i64>,
    /// RFM recency score.
    pub rfm_r: i64,
    /// RFM frequency score.
    pub rfm_f: i64,
    /// RFM monetary score.
    pub rfm_m: i64,
    /// RFM segment (wire spelling).
    pub rfm_segment: String,
    /// Probability of being active.
    pub p_alive: f64,
    /// 12-month CLV (fen).
    pub clv_12m_fen: i64,
    /// Churn band.
    pub churn_band: String,
    /// Credit-risk band.
    pub risk_band: String,
    /// Value tier.
    pub value_tier: String,
    /// Points balance.
    pub points_balance: i64,
    /// Points expiring within 60 days.
    pub points_expiring_60d: i64,
}

/// Everything about one customer that segment rules can look at.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    /// Date of birth (`None` if missing or not a date).
    pub birth_date: Option<NaiveDate>,
    /// `customers.gender`.
    pub gender: Option<String>,
    /// `customers.province`.
    pub province: Option<String>,
    /// `customers.city`.
    pub city: Option<String>,
    /// `customers.residence`.
    pub residence: Option<String>,
    /// `customers.occupation`.
    pub occupation: Option<String>,
    /// `customers.income_band`.
    pub income_band: Option<String>,
    /// Code of the home branch (`None` if the branch row is missing).
    pub branch_code: Option<String>,
    /// Channel consents (`consent_* = 1`) and do-not-disturb (`do_not_disturb <> 0`).
    pub consent: Consent,
    /// Product codes of open cards (one entry per card).
    pub open_products: Vec<String>,
    /// Tiers of open cards (one entry per card).
    pub open_tiers: Vec<String>,
    /// Statuses of all cards, closed ones included (one entry per card).
    pub card_statuses: Vec<String>,
    /// Spend per category (wire spelling); a category is present only with a row.
    pub category_spend: BTreeMap<String, CategorySpend>,
    /// Campaigns with a `sent` delivery to the customer.
    pub received_campaigns: BTreeSet<i64>,
    /// Campaigns the customer responded to in the treatment arm.
    pub responded_campaigns: BTreeSet<i64>,
    /// The feature row, if the analytics has scored the customer.
    pub features: Option<FeatureFacts>,
}

impl Facts {
    /// The value a number field compares for this customer (age on `today`;
    /// category spend 0 without a row); `None` when missing or not a number field.
    #[must_use]
    pub fn number(&self, field: Field, today: NaiveDate) -> Option<f64> {
        match source(field) {
            Source::Age => self.birth_date.map(|b| time::age_on(b, today) as f64),
            Source::Int { get, .. } => get(self).map(|v| v as f64),
            Source::Float { get, .. } => get(self),
            Source::Spend(category, window) => Some(
                self.category_spend
                    .get(category)
                    .map_or(0, |s| s.in_window(window)) as f64,
            ),
            _ => None,
        }
    }

    /// The value an enum or text field compares for this customer; `None`
    /// when missing or not such a field.
    #[must_use]
    pub fn text(&self, field: Field) -> Option<&str> {
        match source(field) {
            Source::Text { get, .. } => get(self),
            Source::Branch => self.branch_code.as_deref(),
            _ => None,
        }
    }

    /// The values a set field holds for this customer (campaign ids as
    /// decimal text); empty for other fields.
    #[must_use]
    pub fn set(&self, field: Field) -> Vec<String> {
        match source(field) {
            Source::Cards(CardsOf::Product) => self.open_products.clone(),
            Source::Cards(CardsOf::Tier) => self.open_tiers.clone(),
            Source::Cards(CardsOf::Status) => self.card_statuses.clone(),
            Source::Campaigns(which) => self
                .campaigns(which)
                .iter()
                .map(ToString::to_string)
                .collect(),
            _ => vec![],
        }
    }

    fn campaigns(&self, which: CampaignsOf) -> &BTreeSet<i64> {
        match which {
            CampaignsOf::Received => &self.received_campaigns,
            CampaignsOf::Responded => &self.responded_campaigns,
        }
    }

    fn consents(&self, channel: ConsentChannel) -> bool {
        let c = &self.consent;
        let on = match channel {
            ConsentChannel::Sms => c.sms,
            ConsentChannel::AppPush => c.app_push,
            ConsentChannel::Wechat => c.wechat,
            ConsentChannel::Email => c.email,
            ConsentChannel::OutboundCall => c.outbound_call,
        };
        on && !c.do_not_disturb
    }
}

// ---------------------------------------------------------------------------
// The one mapping of fields to columns and facts.

/// Which card attribute a set field looks at.
#[derive(Clone, Copy, Debug)]
enum CardsOf {
    Product,
    Tier,
    Status,
}

/// Which campaign table a set field looks at.
#[derive(Clone, Copy, Debug)]
enum CampaignsOf {
    Received,
    Responded,
}

/// Where a field's value lives, in SQL and in [`Facts`].
#[derive(Clone, Copy)]
enum Source {
    Age,
    Text {
        column: &'static str,
        get: fn(&Facts) -> Option<&str>,
    },
    Branch,
    Int {
        column: &'static str,
        get: fn(&Facts) -> Option<i64>,
    },
    Float {
        column: &'static str,
        get: fn(&Facts) -> Option<f64>,
    },
    Spend(&'static str, SpendWindow),
    Cards(CardsOf),
    Campaigns(CampaignsOf),
    LastTx,
    Consent(ConsentChannel),
    DoNotDisturb,
}

fn feature<T>(facts: &Facts, get: impl Fn(&FeatureFacts) -> T) -> Option<T> {
    facts.features.as_ref().map(get)
}

fn source(field: Field) -> Source {
    macro_rules! text {
        ($column:literal, |$f:ident| $get:expr) => {
            Source::Text {
                column: $column,
                get: |$f: &Facts| $get,
            }
        };
    }
    macro_rules! int {
        ($column:literal, $name:ident) => {
            Source::Int {
                column: $column,
                get: |f: &Facts| feature(f, |x| x.$name),
            }
        };
    }
    match field {
        Field::Age => Source::Age,
        Field::Gender => text!("c.gender", |f| f.gender.as_deref()),
        Field::Province => text!("c.province", |f| f.province.as_deref()),
        Field::City => text!("c.city", |f| f.city.as_deref()),
        Field::Residence => text!("c.residence", |f| f.residence.as_deref()),
        Field::Occupation => text!("c.occupation", |f| f.occupation.as_deref()),
        Field::IncomeBand => text!("c.income_band", |f| f.income_band.as_deref()),
        Field::Branch => Source::Branch,
        Field::Product => Source::Cards(CardsOf::Product),
        Field::Tier => Source::Cards(CardsOf::Tier),
        Field::CardStatus => Source::Cards(CardsOf::Status),
        Field::TenureMonths => int!("f.tenure_months", tenure_months),
        Field::CreditLimit => int!("f.credit_limit_fen", credit_limit_fen),
        Field::Utilisation => Source::Float {
            column: "f.utilisation",
            get: |f: &Facts| feature(f, |x| x.utilisation),
        },
        Field::CategorySpend { category, window } => Source::Spend(category.as_str(), window),
        Field::TxCount12m => int!("f.tx_count_12m", tx_count_12m),
        Field::LastTxDate => Source::LastTx,
        Field::RfmSegment => text!("f.rfm_segment", |f| f
            .features
            .as_ref()
            .map(|x| x.rfm_segment.as_str())),
        Field::RfmR => int!("f.rfm_r", rfm_r),
        Field::RfmF => int!("f.rfm_f", rfm_f),
        Field::RfmM => int!("f.rfm_m", rfm_m),
        Field::PAlive => Source::Float {
            column: "f.p_alive",
            get: |f: &Facts| feature(f, |x| x.p_alive),
        },
        Field::Clv => int!("f.clv_12m_fen", clv_12m_fen),
        Field::ChurnBand => text!("f.churn_band", |f| f
            .features
            .as_ref()
            .map(|x| x.churn_band.as_str())),
        Field::RiskBand => text!("f.risk_band", |f| f
            .features
            .as_ref()
            .map(|x| x.risk_band.as_str())),
        Field::ValueTier => text!("f.value_tier", |f| f
            .features
            .as_ref()
            .map(|x| x.value_tier.as_str())),
        Field::PointsBalance => int!("f.points_balance", points_balance),
        Field::PointsExpiring => int!("f.points_expiring_60d", points_expiring_60d),
        Field::Consent { channel } => Source::Consent(channel),
        Field::DoNotDisturb => Source::DoNotDisturb,
        Field::ReceivedCampaign => Source::Campaigns(CampaignsOf::Received),
        Field::RespondedCampaign => Source::Campaigns(CampaignsOf::Responded),
    }
}

const fn consent_column(channel: ConsentChannel) -> &'static str {
    match channel {
        ConsentChannel::Sms => "c.consent_sms",
        ConsentChannel::AppPush => "c.consent_app_push",
        ConsentChannel::Wechat => "c.consent_wechat",
        ConsentChannel::Email => "c.consent_email",
        ConsentChannel::OutboundCall => "c.consent_outbound_call",
    }
}

const fn spend_column(window: SpendWindow) -> &'static str {
    match window {
        SpendWindow::Days30 => "s.spend_30d_fen",
        SpendWindow::Days90 => "s.spend_90d_fen",
        SpendWindow::Days365 => "s.spend_365d_fen",
    }
}

/// Start of the last `days` days before `now` (Unix seconds).
fn window_start(now: i64, days: f64) -> i64 {
    now.saturating_sub((days * 86_400.0).round() as i64)
}

/// Campaign ids of a list; items that are not integers are ignored.
fn campaign_ids(items: &[String]) -> Vec<i64> {
    items.iter().filter_map(|t| t.parse::<i64>().ok()).collect()
}

// ---------------------------------------------------------------------------
// In-memory evaluation.

/// Whether `rule` holds for the customer described by `facts`, with the same
/// meaning as the SQL of [`compile`] (see the module docs).
#[must_use]
pub fn evaluate(rule: &Rule, facts: &Facts, today: NaiveDate, now: i64) -> bool {
    match rule {
        Rule::Group {
            logic: Logic::And,
            rules,
        } => rules.iter().all(|r| evaluate(r, facts, today, now)),
        Rule::Group {
            logic: Logic::Or,
            rules,
        } => rules.iter().any(|r| evaluate(r, facts, today, now)),
        Rule::Condition(c) => condition_holds(c, facts, today, now),
    }
}

fn condition_holds(c: &Condition, facts: &Facts, today: NaiveDate, now: i64) -> bool {
    if c.problem().is_some() {
        return false;
    }
    let (op, value) = (c.op, &c.value);
    match source(c.field) {
        Source::Age | Source::Int { .. } | Source::Float { .. } => {
            let x = facts.number(c.field, today);
            match op {
                Op::IsEmpty => x.is_none(),
                Op::IsNotEmpty => x.is_some(),
                _ => x.is_some_and(|x| compare_number(x, op, value)),
            }
        }
        Source::Spend(category, _) => match op {
            Op::IsEmpty => !facts.category_spend.contains_key(category),
            Op::IsNotEmpty => facts.category_spend.contains_key(category),
            _ => facts
                .number(c.field, today)
                .is_some_and(|x| compare_number(x, op, value)),
        },
        Source::Text { .. } | Source::Branch => {
            let x = facts.text(c.field);
            match (op, value) {
                (Op::IsEmpty, _) => x.is_none(),
                (Op::IsNotEmpty, _) => x.is_some(),
                (Op::Eq, Value::Text(t)) => x.is_some_and(|x| x == t),
                (Op::Ne, Value::Text(t)) => x.is_some_and(|x| x != t),
                (Op::In, Value::List(items)) => x.is_some_and(|x| items.iter().any(|t| t == x)),
                (Op::NotIn, Value::List(items)) => x.is_some_and(|x| items.iter().all(|t| t != x)),
                _ => false,
            }
        }
        Source::Cards(_) => {
            let held = facts.set(c.field);
            match (op, value) {
                (Op::IsEmpty, _) => held.is_empty(),
                (Op::IsNotEmpty, _) => !held.is_empty(),
                (Op::In, Value::List(items)) => held.iter().any(|h| items.contains(h)),
                (Op::NotIn, Value::List(items)) => !held.iter().any(|h| items.contains(h)),
                _ => false,
            }
        }
        Source::Campaigns(which) => {
            let held = facts.campaigns(which);
            match (op, value) {
                (Op::IsEmpty, _) => held.is_empty(),
                (Op::IsNotEmpty, _) => !held.is_empty(),
                (Op::In, Value::List(items)) => {
                    campaign_ids(items).iter().any(|id| held.contains(id))
                }
                (Op::NotIn, Value::List(items)) => {
                    !campaign_ids(items).iter().any(|id| held.contains(id))
                }
                _ => false,
            }
        }
        Source::LastTx => {
            let at = facts.features.as_ref().and_then(|f| f.last_tx_at);
            match (op, value) {
                (Op::IsEmpty, _) => at.is_none(),
                (Op::IsNotEmpty, _) => at.is_some(),
                (Op::WithinLastDays, Value::Number(n)) => {
                    at.is_some_and(|at| at >= window_start(now, *n))
                }
                (Op::NotWithinLastDays, Value::Number(n)) => {
                    at.is_none_or(|at| at < window_start(now, *n))
                }
                _ => false,
            }
        }
        Source::Consent(channel) => match op {
            Op::IsTrue => facts.consents(channel),
            Op::IsFalse => !facts.consents(channel),
            _ => false,
        },
        Source::DoNotDisturb => match op {
            Op::IsTrue => facts.consent.do_not_disturb,
            Op::IsFalse => !facts.consent.do_not_disturb,
            _ => false,
        },
    }
}

/// `x op value` on real numbers (IEEE comparisons; `eq`/`ne` exact).
fn compare_number(x: f64, op: Op, value: &Value) -> bool {
    match (op, value) {
        (Op::Eq, Value::Number(n)) => x == *n,
        (Op::Ne, Value::Number(n)) => x != *n,
        (Op::Gt, Value::Number(n)) => x > *n,
        (Op::Gte, Value::Number(n)) => x >= *n,
        (Op::Lt, Value::Number(n)) => x < *n,
        (Op::Lte, Value::Number(n)) => x <= *n,
        (Op::Between, Value::Range(lo, hi)) => *lo <= x && x <= *hi,
        _ => false,
    }
}

// ---------------------------------------------------------------------------
// SQL.

/// Compiles `rule` to a boolean SQL expression over `c` and `f` whose
/// placeholders start at `$first_placeholder`; see the module docs for the
/// query it fits in and for the meaning of every field and operator.
/// `today` (Shanghai) is the day ages are taken on; `now` (Unix seconds) is
/// the instant relative dates count back from.
#[must_use]
pub fn compile(rule: &Rule, first_placeholder: usize, today: NaiveDate, now: i64) -> Compiled {
    let mut compiler = Compiler {
        first: first_placeholder,
        binds: Vec::new(),
        today,
        now,
    };
    let sql = compiler.rule(rule);
    Compiled {
        sql,
        binds: compiler.binds,
    }
}

/// Comparison of an integer-valued quantity, reduced to integer bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum IntCmp {
    /// Matches no value.
    Never,
    /// Matches every present value.
    Any,
    /// `x ≠ n`.
    Ne(i64),
    /// `x ≥ n`.
    AtLeast(i64),
    /// `x ≤ n`.
    AtMost(i64),
    /// `lo ≤ x ≤ hi`.
    Within(i64, i64),
}

/// Largest magnitude handled exactly; integers here are far smaller.
const EXACT: f64 = 9_007_199_254_740_992.0;

/// The integer form of `x op value` for an integer `x` compared as a real number.
fn int_cmp(op: Op, value: &Value) -> IntCmp {
    let floor = |n: f64| n.clamp(-EXACT, EXACT).floor() as i64;
    let ceil = |n: f64| n.clamp(-EXACT, EXACT).ceil() as i64;
    let integral = |n: f64| n.is_finite() && n.fract() == 0.0 && n.abs() <= EXACT;
    match (op, value) {
        (_, Value::Number(n)) if n.is_nan() => {
            if op == Op::Ne {
                IntCmp::Any
            } else {
                IntCmp::Never
            }
        }
        (Op::Between, Value::Range(a, b)) if a.is_nan() || b.is_nan() => IntCmp::Never,
        (Op::Eq, Value::Number(n)) if integral(*n) => IntCmp::Within(floor(*n), floor(*n)),
        (Op::Eq, Value::Number(_)) => IntCmp::Never,
        (Op::Ne, Value::Number(n)) if integral(*n) => IntCmp::Ne(floor(*n)),
        (Op::Ne, Value::Number(_)) => IntCmp::Any,
        (Op::Gt, Value::Number(n)) => IntCmp::AtLeast(floor(*n) + 1),
        (Op::Gte, Value::Number(n)) => IntCmp::AtLeast(ceil(*n)),
        (Op::Lt, Value::Number(n)) => IntCmp::AtMost(ceil(*n) - 1),
        (Op::Lte, Value::Number(n)) => IntCmp::AtMost(floor(*n)),
        (Op::Between, Value::Range(a, b)) => IntCmp::Within(ceil(*a), floor(*b)),
        _ => IntCmp::Never,
    }
}

/// Latest birth date (as `YYYY-MM-DD` text) of someone aged at least `years`
/// on `today`: age ≥ N ⇔ (by, bm, bd) ≤ (ty − N, tm, td) lexicographically.
/// The text may name 29 February of a common year; as a string it still sorts
/// between the 28th and 1 March, which is what the comparison needs.
fn born_by(today: NaiveDate, years: i64) -> String {
    let year = i64::from(today.year()) - years;
    if year < 0 {
        // Sorts before every real date: nobody is that old.
        return "0000-00-00".to_owned();
    }
    if year > 9999 {
        // Sorts after every real date.
        return "9999-99-99".to_owned();
    }
    format!("{year:04}-{:02}-{:02}", today.month(), today.day())
}

struct Compiler {
    first: usize,
    binds: Vec<Bind>,
    today: NaiveDate,
    now: i64,
}

const NEVER: &str = "1 = 0";
const ALWAYS: &str = "1 = 1";

impl Compiler {
    /// Binds a value; returns its placeholder.
    fn bind(&mut self, value: Bind) -> String {
        let placeholder = format!("${}", self.first + self.binds.len());
        self.binds.push(value);
        placeholder
    }

    /// Binds texts; returns their comma-separated placeholders.
    fn bind_texts(&mut self, items: &[String]) -> String {
        let list: Vec<String> = items
            .iter()
            .map(|t| self.bind(Bind::Text(t.clone())))
            .collect();
        list.join(", ")
    }

    fn rule(&mut self, rule: &Rule) -> String {
        match rule {
            Rule::Group { logic, rules } => {
                if rules.is_empty() {
                    return match logic {
                        Logic::And => format!("({ALWAYS})"),
                        Logic::Or => format!("({NEVER})"),
                    };
                }
                let joiner = match logic {
                    Logic::And => " AND ",
                    Logic::Or => " OR ",
                };
                let parts: Vec<String> = rules.iter().map(|r| self.rule(r)).collect();
                format!("({})", parts.join(joiner))
            }
            Rule::Condition(c) => {
                let sql = if c.problem().is_some() {
                    NEVER.to_owned()
                } else {
                    self.condition(c)
                };
                format!("({sql})")
            }
        }
    }

    fn condition(&mut self, c: &Condition) -> String {
        let (op, value) = (c.op, &c.value);
        match source(c.field) {
            Source::Age => match op {
                Op::IsEmpty => "c.birth_date IS NULL".to_owned(),
                Op::IsNotEmpty => "c.birth_date IS NOT NULL".to_owned(),
                _ => self.age(int_cmp(op, value)),
            },
            Source::Int { column, .. } => match op {
                Op::IsEmpty => format!("{column} IS NULL"),
                Op::IsNotEmpty => format!("{column} IS NOT NULL"),
                _ => self.int(column, true, int_cmp(op, value)),
            },
            Source::Float { column, .. } => match op {
                Op::IsEmpty => format!("{column} IS NULL"),
                Op::IsNotEmpty => format!("{column} IS NOT NULL"),
                _ => self.float(column, op, value),
            },
            Source::Spend(category, window) => {
                let row = "SELECT 1 FROM customer_category_spend s WHERE s.customer_id = c.id AND s.category = ";
                match op {
                    Op::IsEmpty => {
                        let p = self.bind(Bind::Text(category.to_owned()));
                        format!("NOT EXISTS ({row}{p})")
                    }
                    Op::IsNotEmpty => {
                        let p = self.bind(Bind::Text(category.to_owned()));
                        format!("EXISTS ({row}{p})")
                    }
                    _ => {
                        let cmp = int_cmp(op, value);
                        if matches!(cmp, IntCmp::Never) {
                            return NEVER.to_owned();
                        }
                        let p = self.bind(Bind::Text(category.to_owned()));
                        let expr = format!(
                            "COALESCE((SELECT {} FROM customer_category_spend s \
                             WHERE s.customer_id = c.id AND s.category = {p}), 0)",
                            spend_column(window)
                        );
                        // Never NULL, so no guard is needed.
                        self.int(&expr, false, cmp)
                    }
                }
            }
            Source::Text { column, .. } => self.text(column, op, value),
            Source::Branch => self.branch(op, value),
            Source::Cards(which) => self.cards(which, op, value),
            Source::Campaigns(which) => self.campaigns(which, op, value),
            Source::LastTx => match (op, value) {
                (Op::IsEmpty, _) => "f.last_tx_at IS NULL".to_owned(),
                (Op::IsNotEmpty, _) => "f.last_tx_at IS NOT NULL".to_owned(),
                (Op::WithinLastDays, Value::Number(n)) => {
                    let p = self.bind(Bind::Int(window_start(self.now, *n)));
                    format!("f.last_tx_at IS NOT NULL AND f.last_tx_at >= {p}")
                }
                (Op::NotWithinLastDays, Value::Number(n)) => {
                    let p = self.bind(Bind::Int(window_start(self.now, *n)));
                    format!("f.last_tx_at IS NULL OR f.last_tx_at < {p}")
                }
                _ => NEVER.to_owned(),
            },
            Source::Consent(channel) => {
                let column = consent_column(channel);
                match op {
                    Op::IsTrue => format!("{column} = 1 AND c.do_not_disturb = 0"),
                    // NOT (consent = 1 AND dnd = 0) over NOT NULL columns.
                    Op::IsFalse => format!("{column} <> 1 OR c.do_not_disturb <> 0"),
                    _ => NEVER.to_owned(),
                }
            }
            Source::DoNotDisturb => match op {
                Op::IsTrue => "c.do_not_disturb <> 0".to_owned(),
                Op::IsFalse => "c.do_not_disturb = 0".to_owned(),
                _ => NEVER.to_owned(),
            },
        }
    }

    /// An integer comparison of `expr`; `nullable` adds the NOT NULL guard.
    fn int(&mut self, expr: &str, nullable: bool, cmp: IntCmp) -> String {
        let guard = if nullable {
            format!("{expr} IS NOT NULL AND ")
        } else {
            String::new()
        };
        match cmp {
            IntCmp::Never => NEVER.to_owned(),
            IntCmp::Any if nullable => format!("{expr} IS NOT NULL"),
            IntCmp::Any => ALWAYS.to_owned(),
            IntCmp::Ne(n) => {
                let p = self.bind(Bind::Int(n));
                format!("{guard}{expr} <> {p}")
            }
            IntCmp::AtLeast(n) => {
                let p = self.bind(Bind::Int(n));
                format!("{guard}{expr} >= {p}")
            }
            IntCmp::AtMost(n) => {
                let p = self.bind(Bind::Int(n));
                format!("{guard}{expr} <= {p}")
            }
            IntCmp::Within(lo, hi) => {
                let a = self.bind(Bind::Int(lo));
                let b = self.bind(Bind::Int(hi));
                format!("{guard}{expr} BETWEEN {a} AND {b}")
            }
        }
    }

    /// An age comparison as bounds on the birth-date text:
    /// age ≥ n ⇔ birth ≤ born_by(n), and age ≤ n ⇔ age < n + 1 ⇔ birth > born_by(n + 1).
    fn age(&mut self, cmp: IntCmp) -> String {
        const COL: &str = "c.birth_date";
        let today = self.today;
        let mut by = |years: i64| self.bind(Bind::Text(born_by(today, years)));
        match cmp {
            IntCmp::Never => NEVER.to_owned(),
            IntCmp::Any => format!("{COL} IS NOT NULL"),
            IntCmp::AtLeast(n) => format!("{COL} IS NOT NULL AND {COL} <= {}", by(n)),
            IntCmp::AtMost(n) => format!("{COL} IS NOT NULL AND {COL} > {}", by(n + 1)),
            IntCmp::Within(lo, hi) => {
                let (a, b) = (by(lo), by(hi + 1));
                format!("{COL} IS NOT NULL AND {COL} <= {a} AND {COL} > {b}")
            }
            IntCmp::Ne(n) => {
                // age < n OR age ≥ n + 1
                let (a, b) = (by(n), by(n + 1));
                format!("{COL} IS NOT NULL AND ({COL} > {a} OR {COL} <= {b})")
            }
        }
    }

    /// A float comparison (exact for `eq`/`ne`).
    fn float(&mut self, column: &str, op: Op, value: &Value) -> String {
        let sign = match op {
            Op::Eq => "=",
            Op::Ne => "<>",
            Op::Gt => ">",
            Op::Gte => ">=",
            Op::Lt => "<",
            Op::Lte => "<=",
            Op::Between => {
                let Value::Range(lo, hi) = value else {
                    return NEVER.to_owned();
                };
                let a = self.bind(Bind::Float(*lo));
                let b = self.bind(Bind::Float(*hi));
                return format!("{column} IS NOT NULL AND {column} >= {a} AND {column} <= {b}");
            }
            _ => return NEVER.to_owned(),
        };
        let Value::Number(n) = value else {
            return NEVER.to_owned();
        };
        let p = self.bind(Bind::Float(*n));
        format!("{column} IS NOT NULL AND {column} {sign} {p}")
    }

    /// An enum or text column.
    fn text(&mut self, column: &str, op: Op, value: &Value) -> String {
        match (op, value) {
            (Op::IsEmpty, _) => format!("{column} IS NULL"),
            (Op::IsNotEmpty, _) => format!("{column} IS NOT NULL"),
            (Op::Eq, Value::Text(t)) => {
                let p = self.bind(Bind::Text(t.clone()));
                format!("{column} IS NOT NULL AND {column} = {p}")
            }
            (Op::Ne, Value::Text(t)) => {
                let p = self.bind(Bind::Text(t.clone()));
                format!("{column} IS NOT NULL AND {column} <> {p}")
            }
            (Op::In, Value::List(items)) if items.is_empty() => NEVER.to_owned(),
            (Op::NotIn, Value::List(items)) if items.is_empty() => {
                format!("{column} IS NOT NULL")
            }
            (Op::In, Value::List(items)) => {
                let ps = self.bind_texts(items);
                format!("{column} IS NOT NULL AND {column} IN ({ps})")
            }
            (Op::NotIn, Value::List(items)) => {
                let ps = self.bind_texts(items);
                format!("{column} IS NOT NULL AND {column} NOT IN ({ps})")
            }
            _ => NEVER.to_owned(),
        }
    }

    /// The home branch's code.
    fn branch(&mut self, op: Op, value: &Value) -> String {
        const HAS: &str = "c.branch_id IS NOT NULL AND c.branch_id IN (SELECT b.id FROM branches b";
        match (op, value) {
            (Op::IsEmpty, _) => {
                "c.branch_id IS NULL OR c.branch_id NOT IN (SELECT b.id FROM branches b)".to_owned()
            }
            (Op::IsNotEmpty, _) => format!("{HAS})"),
            (Op::Eq, Value::Text(t)) => {
                let p = self.bind(Bind::Text(t.clone()));
                format!("{HAS} WHERE b.code = {p})")
            }
            (Op::Ne, Value::Text(t)) => {
                let p = self.bind(Bind::Text(t.clone()));
                format!("{HAS} WHERE b.code <> {p})")
            }
            (Op::In, Value::List(items)) if items.is_empty() => NEVER.to_owned(),
            (Op::NotIn, Value::List(items)) if items.is_empty() => format!("{HAS})"),
            (Op::In, Value::List(items)) => {
                let ps = self.bind_texts(items);
                format!("{HAS} WHERE b.code IN ({ps}))")
            }
            (Op::NotIn, Value::List(items)) => {
                let ps = self.bind_texts(items);
                format!("{HAS} WHERE b.code NOT IN ({ps}))")
            }
            _ => NEVER.to_owned(),
        }
    }

    /// Product, tier or status of the customer's cards.
    fn cards(&mut self, which: CardsOf, op: Op, value: &Value) -> String {
        let (from, column) = match which {
            CardsOf::Product => (
                "SELECT 1 FROM cards k JOIN card_products p ON p.id = k.product_id \
                 WHERE k.customer_id = c.id AND k.status <> 'closed'",
                "p.code",
            ),
            CardsOf::Tier => (
                "SELECT 1 FROM cards k JOIN card_products p ON p.id = k.product_id \
                 WHERE k.customer_id = c.id AND k.status <> 'closed'",
                "p.tier",
            ),
            CardsOf::Status => (
                "SELECT 1 FROM cards k WHERE k.customer_id = c.id",
                "k.status",
            ),
        };
        self.set(from, column, op, value, |items| items.to_vec(), Bind::Text)
    }

    /// Campaigns sent to or answered by the customer.
    fn campaigns(&mut self, which: CampaignsOf, op: Op, value: &Value) -> String {
        let from = match which {
            CampaignsOf::Received => {
                "SELECT 1 FROM deliveries d WHERE d.customer_id = c.id AND d.status = 'sent'"
            }
            CampaignsOf::Responded => {
                "SELECT 1 FROM campaign_responses d WHERE d.customer_id = c.id AND d.arm = 'treatment'"
            }
        };
        self.set(from, "d.campaign_id", op, value, campaign_ids, Bind::Int)
    }

    /// EXISTS / NOT EXISTS over the rows of `from` (a `SELECT … WHERE …`).
    fn set<T>(
        &mut self,
        from: &str,
        column: &str,
        op: Op,
        value: &Value,
        items: impl Fn(&[String]) -> Vec<T>,
        bind: impl Fn(T) -> Bind,
    ) -> String {
        match (op, value) {
            (Op::IsEmpty, _) => format!("NOT EXISTS ({from})"),
            (Op::IsNotEmpty, _) => format!("EXISTS ({from})"),
            (Op::In | Op::NotIn, Value::List(list)) => {
                let values = items(list);
                if values.is_empty() {
                    return if op == Op::In { NEVER } else { ALWAYS }.to_owned();
                }
                let ps: Vec<String> = values.into_iter().map(|v| self.bind(bind(v))).collect();
                let exists = format!("EXISTS ({from} AND {column} IN ({}))", ps.join(", "));
                if op == Op::In {
                    exists
                } else {
                    format!("NOT {exists}")
                }
            }
            _ => NEVER.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crm_api::Category;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn num(field: Field, op: Op, n: f64) -> Rule {
        Rule::when(field, op, Value::Number(n))
    }

    fn list(items: &[&str]) -> Value {
        Value::List(items.iter().map(|s| (*s).to_owned()).collect())
    }

    fn born(b: NaiveDate) -> Facts {
        Facts {
            birth_date: Some(b),
            ..Facts::default()
        }
    }

    fn scored() -> Facts {
        Facts {
            features: Some(FeatureFacts {
                tenure_months: 12,
                utilisation: 0.5,
                last_tx_at: Some(1_000_000),
                rfm_segment: "champions".into(),
                ..FeatureFacts::default()
            }),
            ..Facts::default()
        }
    }

    const NOW: i64 = 10_000_000;

    fn today() -> NaiveDate {
        date(2026, 11, 28)
    }

    /// The age lowering, checked against `age_on` by brute force over
    /// birthdays around today's and leap days, for every operator.
    #[test]
    fn age_bounds_agree_with_age_on_everywhere() {
        let todays = [
            date(2026, 11, 28),
            date(2027, 2, 28),
            date(2027, 3, 1),
            date(2028, 2, 28),
            date(2028, 2, 29),
            date(2028, 3, 1),
            date(2026, 1, 1),
            date(2026, 12, 31),
        ];
        let values = [0.0, 1.0, 25.0, 25.5, 26.0, 27.0, 30.0];
        let ops = [Op::Eq, Op::Ne, Op::Gt, Op::Gte, Op::Lt, Op::Lte];
        for today in todays {
            // Birth dates 24–32 years back, around today's month/day and Feb 29.
            let mut births = Vec::new();
            for y in (today.year() - 32)..=(today.year() - 24) {
                for (m, d) in [
                    (2, 27),
                    (2, 28),
                    (2, 29),
                    (3, 1),
                    (today.month(), today.day()),
                ] {
                    if let Some(b) = NaiveDate::from_ymd_opt(y, m, d) {
                        for delta in -1..=1 {
                            births.push(b + chrono::Duration::days(delta));
                        }
                    }
                }
            }
            for b in births {
                let age = time::age_on(b, today) as f64;
                let text = b.format("%Y-%m-%d").to_string();
                for &n in &values {
                    for op in ops {
                        let rule = num(Field::Age, op, n);
                        let expected = evaluate(&rule, &born(b), today, NOW);
                        assert_eq!(expected, compare_number(age, op, &Value::Number(n)));
                        let sql = sql_age_holds(&text, int_cmp(op, &Value::Number(n)), today);
                        assert_eq!(sql, expected, "born {b}, today {today}: age {op:?} {n}");
                    }
                    for hi in [n, n + 0.5, n + 2.0] {
                        let v = Value::Range(n, hi);
                        let rule = Rule::when(Field::Age, Op::Between, v.clone());
                        let expected = evaluate(&rule, &born(b), today, NOW);
                        let sql = sql_age_holds(&text, int_cmp(Op::Between, &v), today);
                        assert_eq!(sql, expected, "born {b}, today {today}: age in {n}..={hi}");
                    }
                }
            }
        }
    }

    /// What the compiled age SQL computes, with Rust string comparison.
    fn sql_age_holds(birth: &str, cmp: IntCmp, today: NaiveDate) -> bool {
        let by = |n: i64| born_by(today, n);
        match cmp {
            IntCmp::Never => false,
            IntCmp::Any => true,
            IntCmp::AtLeast(n) => birth <= by(n).as_str(),
            IntCmp::AtMost(n) => birth > by(n + 1).as_str(),
            IntCmp::Within(lo, hi) => birth <= by(lo).as_str() && birth > by(hi + 1).as_str(),
            IntCmp::Ne(n) => birth > by(n).as_str() || birth <= by(n + 1).as_str(),
        }
    }

    #[test]
    fn birthdays_and_leap_days() {
        let on = |b: NaiveDate, today: NaiveDate, n: f64| {
            evaluate(&num(Field::Age, Op::Gte, n), &born(b), today, NOW)
        };
        // Thirty on the birthday, not the day before.
        assert!(on(date(1996, 11, 28), date(2026, 11, 28), 30.0));
        assert!(!on(date(1996, 11, 29), date(2026, 11, 28), 30.0));
        // A leap-day baby turns one on 1 March of a common year.
        assert!(!on(date(2024, 2, 29), date(2025, 2, 28), 1.0));
        assert!(on(date(2024, 2, 29), date(2025, 3, 1), 1.0));
        assert!(on(date(2024, 2, 29), date(2028, 2, 29), 4.0));
        // On 29 Feb, someone born on 28 Feb of a common year has had the birthday.
        assert!(on(date(2027, 2, 28), date(2028, 2, 29), 1.0));
        assert_eq!(born_by(date(2028, 2, 29), 1), "2027-02-29");
        let c = compile(&num(Field::Age, Op::Gte, 30.0), 1, today(), NOW);
        assert_eq!(c.binds, vec![Bind::Text("1996-11-28".into())]);
        assert!(c.sql.contains("c.birth_date <= $1"), "{}", c.sql);
    }

    #[test]
    fn fractional_bounds_on_integers() {
        assert_eq!(int_cmp(Op::Gt, &Value::Number(2.5)), IntCmp::AtLeast(3));
        assert_eq!(int_cmp(Op::Gte, &Value::Number(2.5)), IntCmp::AtLeast(3));
        assert_eq!(int_cmp(Op::Lt, &Value::Number(2.5)), IntCmp::AtMost(2));
        assert_eq!(int_cmp(Op::Lte, &Value::Number(2.5)), IntCmp::AtMost(2));
        assert_eq!(int_cmp(Op::Gt, &Value::Number(2.0)), IntCmp::AtLeast(3));
        assert_eq!(int_cmp(Op::Lt, &Value::Number(2.0)), IntCmp::AtMost(1));
        assert_eq!(int_cmp(Op::Eq, &Value::Number(2.5)), IntCmp::Never);
        assert_eq!(int_cmp(Op::Ne, &Value::Number(2.5)), IntCmp::Any);
        assert_eq!(
            int_cmp(Op::Between, &Value::Range(1.5, 3.5)),
            IntCmp::Within(2, 3)
        );
        let f = scored();
        assert!(evaluate(
            &num(Field::TenureMonths, Op::Gt, 11.5),
            &f,
            today(),
            NOW
        ));
        assert!(!evaluate(
            &num(Field::TenureMonths, Op::Eq, 12.5),
            &f,
            today(),
            NOW
        ));
        assert!(evaluate(
            &num(Field::TenureMonths, Op::Ne, 12.5),
            &f,
            today(),
            NOW
        ));
        let c = compile(&num(Field::TenureMonths, Op::Eq, 12.5), 1, today(), NOW);
        assert_eq!(c.sql, "(1 = 0)");
        assert!(c.binds.is_empty());
    }

    #[test]
    fn missing_values_match_only_is_empty() {
        let unscored = Facts::default();
        let t = today();
        for op in [Op::Eq, Op::Ne, Op::Gt, Op::Gte, Op::Lt, Op::Lte] {
            assert!(
                !evaluate(&num(Field::Clv, op, 5.0), &unscored, t, NOW),
                "{op:?}"
            );
        }
        let ne = Rule::when(Field::RiskBand, Op::Ne, Value::Text("high".into()));
        assert!(!evaluate(&ne, &unscored, t, NOW));
        let not_in = Rule::when(Field::RfmSegment, Op::NotIn, list(&["champions"]));
        assert!(!evaluate(&not_in, &unscored, t, NOW));
        assert!(!evaluate(&not_in, &scored(), t, NOW));
        let not_in = Rule::when(Field::RfmSegment, Op::NotIn, list(&["at_risk"]));
        assert!(evaluate(&not_in, &scored(), t, NOW));
        let empty = Rule::when(Field::Clv, Op::IsEmpty, Value::None);
        assert!(evaluate(&empty, &unscored, t, NOW));
        assert!(!evaluate(&empty, &scored(), t, NOW));
        // The scalar NOT IN is guarded so NULL never slips through.
        let c = compile(&not_in, 3, t, NOW);
        assert_eq!(
            c.sql,
            "(f.rfm_segment IS NOT NULL AND f.rfm_segment NOT IN ($3))"
        );
        assert_eq!(c.binds, vec![Bind::Text("at_risk".into())]);
    }

    #[test]
    fn empty_groups_and_nesting() {
        let t = today();
        let and = Rule::all(vec![]);
        let or = Rule::Group {
            logic: Logic::Or,
            rules: vec![],
        };
        assert!(evaluate(&and, &Facts::default(), t, NOW));
        assert!(!evaluate(&or, &Facts::default(), t, NOW));
        assert_eq!(compile(&and, 1, t, NOW).sql, "(1 = 1)");
        assert_eq!(compile(&or, 1, t, NOW).sql, "(1 = 0)");
        let tree = Rule::Group {
            logic: Logic::Or,
            rules: vec![
                Rule::when(Field::Gender, Op::Eq, Value::Text("female".into())),
                Rule::all(vec![
                    num(Field::RfmR, Op::Gte, 4.0),
                    Rule::when(Field::Product, Op::In, list(&["youth", "gold"])),
                ]),
            ],
        };
        let c = compile(&tree, 5, t, NOW);
        assert_eq!(
            c.sql,
            "((c.gender IS NOT NULL AND c.gender = $5) OR ((f.rfm_r IS NOT NULL AND f.rfm_r >= $6) AND \
             (EXISTS (SELECT 1 FROM cards k JOIN card_products p ON p.id = k.product_id \
             WHERE k.customer_id = c.id AND k.status <> 'closed' AND p.code IN ($7, $8)))))"
        );
        assert_eq!(
            c.binds,
            vec![
                Bind::Text("female".into()),
                Bind::Int(4),
                Bind::Text("youth".into()),
                Bind::Text("gold".into())
            ]
        );
    }

    #[test]
    fn sets_and_not_in() {
        let t = today();
        let holder = Facts {
            open_products: vec!["youth".into()],
            open_tiers: vec!["standard".into()],
            card_statuses: vec!["active".into(), "closed".into()],
            received_campaigns: BTreeSet::from([7]),
            ..Facts::default()
        };
        let none = Facts::default();
        let not_in = Rule::when(Field::Product, Op::NotIn, list(&["official"]));
        assert!(evaluate(&not_in, &holder, t, NOW));
        assert!(
            evaluate(&not_in, &none, t, NOW),
            "no card holds no official card"
        );
        let youth = Rule::when(Field::Product, Op::NotIn, list(&["youth"]));
        assert!(!evaluate(&youth, &holder, t, NOW));
        let closed = Rule::when(Field::CardStatus, Op::In, list(&["closed"]));
        assert!(evaluate(&closed, &holder, t, NOW));
        let no_card = Rule::when(Field::CardStatus, Op::IsEmpty, Value::None);
        assert!(!evaluate(&no_card, &holder, t, NOW));
        assert!(evaluate(&no_card, &none, t, NOW));
        let got = Rule::when(Field::ReceivedCampaign, Op::In, list(&["7", "8"]));
        assert!(evaluate(&got, &holder, t, NOW));
        let c = compile(&got, 1, t, NOW);
        assert_eq!(c.binds, vec![Bind::Int(7), Bind::Int(8)]);
        let not_got = Rule::when(Field::ReceivedCampaign, Op::NotIn, list(&["7"]));
        assert!(!evaluate(&not_got, &holder, t, NOW));
        assert!(evaluate(&not_got, &none, t, NOW));
        assert!(compile(&not_got, 1, t, NOW).sql.starts_with("(NOT EXISTS"));
    }

    #[test]
    fn relative_dates() {
        let t = today();
        let f = scored(); // last purchase at 1_000_000
        let days = |n: f64| Value::Number(n);
        let boundary = (NOW - 1_000_000) as f64 / 86_400.0; // 104.166… days
        let within = |n: f64| Rule::when(Field::LastTxDate, Op::WithinLastDays, days(n));
        let not_within = |n: f64| Rule::when(Field::LastTxDate, Op::NotWithinLastDays, days(n));
        assert!(!evaluate(&within(boundary.floor()), &f, t, NOW));
        assert!(evaluate(&within(boundary.ceil()), &f, t, NOW));
        assert!(evaluate(&not_within(boundary.floor()), &f, t, NOW));
        assert!(!evaluate(&not_within(boundary.ceil()), &f, t, NOW));
        // Exactly N days ago is within the last N days.
        let exact = Facts {
            features: Some(FeatureFacts {
                last_tx_at: Some(NOW - 30 * 86_400),
                ..FeatureFacts::default()
            }),
            ..Facts::default()
        };
        assert!(evaluate(&within(30.0), &exact, t, NOW));
        assert!(!evaluate(&not_within(30.0), &exact, t, NOW));
        // No purchase (or no feature row) is "not within", and empty.
        for none in [Facts::default(), born(date(1990, 1, 1))] {
            assert!(!evaluate(&within(3650.0), &none, t, NOW));
            assert!(evaluate(&not_within(1.0), &none, t, NOW));
            let empty = Rule::when(Field::LastTxDate, Op::IsEmpty, Value::None);
            assert!(evaluate(&empty, &none, t, NOW));
        }
        let c = compile(&within(30.0), 2, t, NOW);
        assert_eq!(c.binds, vec![Bind::Int(NOW - 30 * 86_400)]);
        assert_eq!(c.sql, "(f.last_tx_at IS NOT NULL AND f.last_tx_at >= $2)");
    }

    #[test]
    fn consent_floats_spend_and_invalid_conditions() {
        let t = today();
        let mut f = scored();
        f.consent.sms = true;
        let sms = Rule::when(
            Field::Consent {
                channel: ConsentChannel::Sms,
            },
            Op::IsTrue,
            Value::None,
        );
        assert!(evaluate(&sms, &f, t, NOW));
        f.consent.do_not_disturb = true;
        assert!(!evaluate(&sms, &f, t, NOW));
        // Exact float equality.
        assert!(evaluate(&num(Field::Utilisation, Op::Eq, 0.5), &f, t, NOW));
        assert!(!evaluate(
            &num(Field::Utilisation, Op::Eq, 0.500_000_1),
            &f,
            t,
            NOW
        ));
        let c = compile(&num(Field::Utilisation, Op::Eq, 0.5), 1, t, NOW);
        assert_eq!(c.binds, vec![Bind::Float(0.5)]);
        // Spend: no row counts as 0, but is "empty".
        let travel = Field::CategorySpend {
            category: Category::Travel,
            window: SpendWindow::Days90,
        };
        assert!(evaluate(&num(travel, Op::Lt, 1.0), &f, t, NOW));
        assert!(evaluate(
            &Rule::when(travel, Op::IsEmpty, Value::None),
            &f,
            t,
            NOW
        ));
        f.category_spend.insert(
            "travel".into(),
            CategorySpend {
                d30: 0,
                d90: 500,
                d365: 900,
            },
        );
        assert!(evaluate(&num(travel, Op::Eq, 500.0), &f, t, NOW));
        assert!(!evaluate(
            &Rule::when(travel, Op::IsEmpty, Value::None),
            &f,
            t,
            NOW
        ));
        let c = compile(&num(travel, Op::Gt, 100.0), 1, t, NOW);
        assert_eq!(c.binds, vec![Bind::Text("travel".into()), Bind::Int(101)]);
        assert!(c.sql.contains("s.spend_90d_fen"), "{}", c.sql);
        // Invalid conditions match no one, in both.
        let bad = Rule::when(Field::Gender, Op::Gt, Value::Number(1.0));
        assert!(!evaluate(&bad, &f, t, NOW));
        assert_eq!(compile(&bad, 1, t, NOW).sql, "(1 = 0)");
        let nan = num(Field::PAlive, Op::Ne, f64::NAN);
        assert!(!evaluate(&nan, &f, t, NOW));
        assert_eq!(compile(&nan, 1, t, NOW).sql, "(1 = 0)");
    }

    #[test]
    fn values_are_bound_never_pasted() {
        let evil = "x' OR '1'='1";
        let rule = Rule::all(vec![
            Rule::when(Field::Province, Op::Eq, Value::Text(evil.into())),
            Rule::when(Field::Branch, Op::In, Value::List(vec![evil.into()])),
        ]);
        let c = compile(&rule, 1, today(), NOW);
        assert!(!c.sql.contains(evil));
        assert_eq!(c.binds.len(), 2);
        assert!(c.sql.contains("$1") && c.sql.contains("$2"));
    }
}
