//! Segment rules: a typed tree of AND/OR groups and conditions, validated the
//! same way in the browser and on the server, which compiles it to SQL.
//!
//! Wire shape (JSON):
//! `{"type":"group","logic":"and","rules":[{"type":"condition","field":{"name":"age"},"op":"between","value":{"range":[20,30]}}]}`.
//! Money values are in fen, ratios 0–1, durations in days or months as the field says.

use serde::{Deserialize, Serialize};

use crate::enums::{
    CardStatus, Category, ConsentChannel, Gender, IncomeBand, Occupation, ProductCode, Residence,
    Tier,
};
use crate::insight::{RfmSegment, ValueTier};
use crate::validate::{Errors, Problem};

/// Deepest nesting of groups.
pub const MAX_DEPTH: usize = 5;
/// Most conditions in one segment.
pub const MAX_CONDITIONS: usize = 50;

/// How a group combines its rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Logic {
    /// Every rule must hold.
    And,
    /// At least one rule must hold.
    Or,
}

/// A node of the rule tree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Rule {
    /// A group of rules combined with AND or OR. An empty AND group matches
    /// everyone, an empty OR group no one.
    Group {
        /// AND or OR.
        logic: Logic,
        /// The rules.
        #[cfg_attr(feature = "openapi", schema(no_recursion))]
        rules: Vec<Rule>,
    },
    /// One condition on one field.
    Condition(Condition),
}

/// `field op value`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Condition {
    /// What is compared.
    pub field: Field,
    /// How.
    pub op: Op,
    /// With what.
    #[serde(default)]
    pub value: Value,
}

/// Spend window of a category-spend condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SpendWindow {
    /// Last 30 days.
    #[serde(rename = "30")]
    Days30,
    /// Last 90 days.
    #[serde(rename = "90")]
    Days90,
    /// Last 365 days.
    #[serde(rename = "365")]
    Days365,
}

impl SpendWindow {
    /// Number of days.
    #[must_use]
    pub const fn days(self) -> i64 {
        match self {
            Self::Days30 => 30,
            Self::Days90 => 90,
            Self::Days365 => 365,
        }
    }
}

/// What a condition looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "name", rename_all = "snake_case")]
pub enum Field {
    /// Age in whole years.
    Age,
    /// Gender.
    Gender,
    /// Province (Chinese name).
    Province,
    /// City (Chinese name).
    City,
    /// Urban or rural.
    Residence,
    /// Occupation.
    Occupation,
    /// Income band.
    IncomeBand,
    /// Home branch code (e.g. `BJ01`).
    Branch,
    /// Holds an open card of this product.
    Product,
    /// Holds an open card of this tier.
    Tier,
    /// Holds a card in this status.
    CardStatus,
    /// Months since the first card was opened.
    TenureMonths,
    /// Total credit limit of open cards (fen).
    CreditLimit,
    /// Latest balance over total limit (0–1).
    Utilisation,
    /// Spend in a category over a window (fen).
    CategorySpend {
        /// The category.
        category: Category,
        /// The window.
        window: SpendWindow,
    },
    /// Purchases in the last 12 months.
    TxCount12m,
    /// Date of the last purchase (relative: within / not within the last N days).
    LastTxDate,
    /// RFM segment.
    RfmSegment,
    /// RFM recency score 1–5.
    RfmR,
    /// RFM frequency score 1–5.
    RfmF,
    /// RFM monetary score 1–5.
    RfmM,
    /// Probability of being active (0–1).
    PAlive,
    /// 12-month customer lifetime value (fen).
    Clv,
    /// Churn band.
    ChurnBand,
    /// Credit-risk band.
    RiskBand,
    /// Value tier.
    ValueTier,
    /// Points balance.
    PointsBalance,
    /// Points expiring within 60 days.
    PointsExpiring,
    /// Consented to marketing on this channel (and not do-not-disturb).
    Consent {
        /// The channel.
        channel: ConsentChannel,
    },
    /// Asked not to be disturbed.
    DoNotDisturb,
    /// Was sent (treatment group of) one of these campaigns (ids).
    ReceivedCampaign,
    /// Responded to one of these campaigns (ids).
    RespondedCampaign,
}

/// The kind of value a field holds, which decides the operators it allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// A number (count, fen, ratio, score…).
    Number,
    /// One of a closed list of values.
    Enum,
    /// Free text from the data (province, city, branch code).
    Text,
    /// Holds one or more of a set of values (products, tiers, statuses, campaigns).
    Set,
    /// A yes/no flag.
    Flag,
    /// A date, compared relative to today.
    Date,
}

/// A comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// `=`
    Eq,
    /// `≠` (missing values do not match)
    Ne,
    /// One of a list.
    In,
    /// None of a list.
    NotIn,
    /// `min ≤ x ≤ max`
    Between,
    /// `>`
    Gt,
    /// `≥`
    Gte,
    /// `<`
    Lt,
    /// `≤`
    Lte,
    /// No value (e.g. never purchased, no scores yet).
    IsEmpty,
    /// Has a value.
    IsNotEmpty,
    /// A date in the last N days (`value.number` = N).
    WithinLastDays,
    /// A date before the last N days, or none.
    NotWithinLastDays,
    /// The flag is set.
    IsTrue,
    /// The flag is not set.
    IsFalse,
}

/// A condition's operand.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Value {
    /// No operand (is empty, flags).
    #[default]
    None,
    /// A number.
    Number(f64),
    /// A text.
    Text(String),
    /// A list of texts (enum values, ids as text).
    List(Vec<String>),
    /// An inclusive range.
    Range(f64, f64),
}

impl Field {
    /// The kind of value.
    #[must_use]
    pub const fn kind(self) -> FieldKind {
        match self {
            Self::Age
            | Self::TenureMonths
            | Self::CreditLimit
            | Self::Utilisation
            | Self::CategorySpend { .. }
            | Self::TxCount12m
            | Self::RfmR
            | Self::RfmF
            | Self::RfmM
            | Self::PAlive
            | Self::Clv
            | Self::PointsBalance
            | Self::PointsExpiring => FieldKind::Number,
            Self::Gender
            | Self::Residence
            | Self::Occupation
            | Self::IncomeBand
            | Self::RfmSegment
            | Self::ChurnBand
            | Self::RiskBand
            | Self::ValueTier => FieldKind::Enum,
            Self::Province | Self::City | Self::Branch => FieldKind::Text,
            Self::Product
            | Self::Tier
            | Self::CardStatus
            | Self::ReceivedCampaign
            | Self::RespondedCampaign => FieldKind::Set,
            Self::Consent { .. } | Self::DoNotDisturb => FieldKind::Flag,
            Self::LastTxDate => FieldKind::Date,
        }
    }

    /// Operators that make sense for this field.
    #[must_use]
    pub const fn ops(self) -> &'static [Op] {
        match self.kind() {
            FieldKind::Number => &[
                Op::Eq,
                Op::Ne,
                Op::Gt,
                Op::Gte,
                Op::Lt,
                Op::Lte,
                Op::Between,
                Op::IsEmpty,
                Op::IsNotEmpty,
            ],
            FieldKind::Enum | FieldKind::Text => &[
                Op::Eq,
                Op::Ne,
                Op::In,
                Op::NotIn,
                Op::IsEmpty,
                Op::IsNotEmpty,
            ],
            FieldKind::Set => &[Op::In, Op::NotIn, Op::IsEmpty, Op::IsNotEmpty],
            FieldKind::Flag => &[Op::IsTrue, Op::IsFalse],
            FieldKind::Date => &[
                Op::WithinLastDays,
                Op::NotWithinLastDays,
                Op::IsEmpty,
                Op::IsNotEmpty,
            ],
        }
    }

    /// The allowed values of an enum or set field (wire spellings); empty for others.
    #[must_use]
    pub fn options(self) -> Vec<&'static str> {
        fn names<T: Copy>(all: &[T], f: fn(T) -> &'static str) -> Vec<&'static str> {
            all.iter().map(|v| f(*v)).collect()
        }
        match self {
            Self::Gender => names(Gender::ALL, Gender::as_str),
            Self::Residence => names(Residence::ALL, Residence::as_str),
            Self::Occupation => names(Occupation::ALL, Occupation::as_str),
            Self::IncomeBand => names(IncomeBand::ALL, IncomeBand::as_str),
            Self::Product => names(ProductCode::ALL, ProductCode::as_str),
            Self::Tier => names(Tier::ALL, Tier::as_str),
            Self::CardStatus => names(CardStatus::ALL, CardStatus::as_str),
            Self::RfmSegment => names(&RfmSegment::ALL, RfmSegment::as_str),
            Self::ChurnBand | Self::RiskBand => vec!["low", "medium", "high"],
            Self::ValueTier => names(
                &[ValueTier::High, ValueTier::Medium, ValueTier::Low],
                ValueTier::as_str,
            ),
            _ => vec![],
        }
    }

    /// Bounds of a number field's value (inclusive), for validation.
    #[must_use]
    pub const fn bounds(self) -> (f64, f64) {
        match self {
            Self::Age => (0.0, 130.0),
            Self::RfmR | Self::RfmF | Self::RfmM => (1.0, 5.0),
            Self::PAlive => (0.0, 1.0),
            Self::Utilisation => (0.0, 10.0),
            _ => (0.0, 1e15),
        }
    }
}

impl Rule {
    /// A group of conditions.
    #[must_use]
    pub fn all(rules: Vec<Self>) -> Self {
        Self::Group {
            logic: Logic::And,
            rules,
        }
    }

    /// A condition.
    #[must_use]
    pub fn when(field: Field, op: Op, value: Value) -> Self {
        Self::Condition(Condition { field, op, value })
    }

    /// Number of conditions in the tree.
    #[must_use]
    pub fn condition_count(&self) -> usize {
        match self {
            Self::Group { rules, .. } => rules.iter().map(Self::condition_count).sum(),
            Self::Condition(_) => 1,
        }
    }

    /// Checks structure and every condition; problems are keyed by path
    /// (`rules.0.rules.2.value`).
    pub fn validate(&self) -> Result<(), Errors> {
        let mut errors = Errors::default();
        if self.condition_count() > MAX_CONDITIONS {
            errors.add(
                "rules",
                Problem::Format {
                    zh: "条件太多（最多 50 个）。",
                    en: "Too many conditions (at most 50).",
                },
            );
        }
        let mut paths = Vec::new();
        self.check(&mut paths, "rules".to_owned(), 1);
        for (path, problem) in paths {
            errors.add(path, problem);
        }
        errors.into_result()
    }

    fn check(&self, out: &mut Vec<(String, Problem)>, path: String, depth: usize) {
        match self {
            Self::Group { rules, .. } => {
                if depth > MAX_DEPTH {
                    out.push((
                        path,
                        Problem::Format {
                            zh: "分组嵌套太深（最多 5 层）。",
                            en: "Groups nest too deep (at most 5 levels).",
                        },
                    ));
                    return;
                }
                for (i, r) in rules.iter().enumerate() {
                    r.check(out, format!("{path}.{i}"), depth + 1);
                }
            }
            Self::Condition(c) => {
                if let Some(problem) = c.problem() {
                    out.push((format!("{path}.value"), problem));
                }
            }
        }
    }
}

impl Condition {
    /// What is wrong with this condition, if anything.
    #[must_use]
    pub fn problem(&self) -> Option<Problem> {
        let not_allowed = Problem::Format {
            zh: "该字段不支持此运算。",
            en: "This operator does not apply to this field.",
        };
        if !self.field.ops().contains(&self.op) {
            return Some(not_allowed);
        }
        let (lo, hi) = self.field.bounds();
        let range = |x: f64| (lo..=hi).contains(&x) && x.is_finite();
        let options = self.field.options();
        match (self.op, &self.value) {
            (Op::IsEmpty | Op::IsNotEmpty | Op::IsTrue | Op::IsFalse, Value::None) => None,
            (Op::IsEmpty | Op::IsNotEmpty | Op::IsTrue | Op::IsFalse, _) => {
                Some(Problem::NotAllowed)
            }
            (Op::WithinLastDays | Op::NotWithinLastDays, Value::Number(n)) => {
                (!(1.0..=3650.0).contains(n) || n.fract() != 0.0)
                    .then_some(Problem::OutOfRange { min: 1, max: 3650 })
            }
            (Op::Between, Value::Range(a, b)) => {
                if !range(*a) || !range(*b) {
                    Some(Problem::OutOfRange {
                        min: lo as i64,
                        max: hi as i64,
                    })
                } else if a > b {
                    Some(Problem::Format {
                        zh: "最小值不能大于最大值。",
                        en: "The minimum cannot exceed the maximum.",
                    })
                } else {
                    None
                }
            }
            (Op::Eq | Op::Ne | Op::Gt | Op::Gte | Op::Lt | Op::Lte, Value::Number(n))
                if self.field.kind() == FieldKind::Number =>
            {
                (!range(*n)).then_some(Problem::OutOfRange {
                    min: lo as i64,
                    max: hi as i64,
                })
            }
            (Op::Eq | Op::Ne, Value::Text(t))
                if matches!(self.field.kind(), FieldKind::Enum | FieldKind::Text) =>
            {
                if t.trim().is_empty() {
                    Some(Problem::Required)
                } else if t.chars().count() > 50 {
                    Some(Problem::TooLong { max: 50 })
                } else if !options.is_empty() && !options.contains(&t.as_str()) {
                    Some(Problem::NotAllowed)
                } else {
                    None
                }
            }
            (Op::In | Op::NotIn, Value::List(items)) => {
                if items.is_empty() {
                    Some(Problem::Required)
                } else if items.len() > 200 || items.iter().any(|t| t.chars().count() > 50) {
                    Some(Problem::TooLong { max: 200 })
                } else if (!options.is_empty()
                    && items.iter().any(|t| !options.contains(&t.as_str())))
                    || (matches!(
                        self.field,
                        Field::ReceivedCampaign | Field::RespondedCampaign
                    ) && items.iter().any(|t| t.parse::<i64>().is_err()))
                {
                    Some(Problem::NotAllowed)
                } else {
                    None
                }
            }
            _ => Some(Problem::Format {
                zh: "请填写与运算相符的值。",
                en: "Enter a value that fits the operator.",
            }),
        }
    }
}

/// The study's ready-made segments: (name, description, rules).
#[must_use]
pub fn ready_made() -> Vec<(&'static str, &'static str, Rule)> {
    let list = |xs: &[&str]| Value::List(xs.iter().map(|s| (*s).to_owned()).collect());
    vec![
        (
            "青年客户",
            "30 岁以下（Youth, under 30）",
            Rule::all(vec![Rule::when(Field::Age, Op::Lt, Value::Number(30.0))]),
        ),
        (
            "女性客户",
            "女性持卡人（Women）",
            Rule::all(vec![Rule::when(
                Field::Gender,
                Op::Eq,
                Value::Text("female".into()),
            )]),
        ),
        (
            "公务卡持卡人",
            "持有公务卡（Official card holders）",
            Rule::all(vec![Rule::when(
                Field::Product,
                Op::In,
                list(&["official"]),
            )]),
        ),
        (
            "高端客户（白金/钻石）",
            "持有白金或钻石卡（High-end）",
            Rule::all(vec![Rule::when(
                Field::Tier,
                Op::In,
                list(&["platinum", "diamond"]),
            )]),
        ),
        (
            "农村居民",
            "农村地区居民（Rural residents）",
            Rule::all(vec![Rule::when(
                Field::Residence,
                Op::Eq,
                Value::Text("rural".into()),
            )]),
        ),
        (
            "睡眠卡客户",
            "有正常卡但 180 天未消费（Dormant cards）",
            Rule::all(vec![
                Rule::when(Field::CardStatus, Op::In, list(&["active"])),
                Rule::when(
                    Field::LastTxDate,
                    Op::NotWithinLastDays,
                    Value::Number(180.0),
                ),
            ]),
        ),
        (
            "循环信用客户",
            "额度使用率超过 50%（Revolvers）",
            Rule::all(vec![
                Rule::when(Field::Utilisation, Op::Gt, Value::Number(0.5)),
                Rule::when(Field::RiskBand, Op::Ne, Value::Text("high".into())),
            ]),
        ),
        (
            "流失风险客户",
            "RFM 流失风险或流失风险高（At risk）",
            Rule::Group {
                logic: Logic::Or,
                rules: vec![
                    Rule::when(Field::RfmSegment, Op::In, list(&["at_risk", "cant_lose"])),
                    Rule::when(Field::ChurnBand, Op::Eq, Value::Text("high".into())),
                ],
            },
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_shape_is_stable() {
        let rule = Rule::all(vec![Rule::when(
            Field::Age,
            Op::Between,
            Value::Range(20.0, 30.0),
        )]);
        let json = serde_json::to_value(&rule).unwrap_or_default();
        assert_eq!(json["type"], "group");
        assert_eq!(json["logic"], "and");
        assert_eq!(json["rules"][0]["type"], "condition");
        assert_eq!(json["rules"][0]["field"]["name"], "age");
        assert_eq!(json["rules"][0]["value"]["range"][1], 30.0);
        let spend = Field::CategorySpend {
            category: Category::Travel,
            window: SpendWindow::Days90,
        };
        let json = serde_json::to_value(spend).unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!({"name": "category_spend", "category": "travel", "window": "90"})
        );
        let back: Rule = serde_json::from_value(serde_json::to_value(&rule).unwrap_or_default())
            .unwrap_or(Rule::all(vec![]));
        assert_eq!(back, rule);
    }

    #[test]
    fn operators_fit_the_field_type() {
        let ok = Rule::when(Field::Gender, Op::Eq, Value::Text("female".into()));
        assert!(ok.validate().is_ok());
        let bad_op = Rule::when(Field::Gender, Op::Gt, Value::Number(1.0));
        assert!(bad_op.validate().is_err());
        let bad_value = Rule::when(Field::Gender, Op::Eq, Value::Text("other".into()));
        assert!(bad_value.validate().is_err());
        let bad_range = Rule::when(Field::Age, Op::Between, Value::Range(40.0, 30.0));
        let Err(errors) = bad_range.validate() else {
            panic!("invalid")
        };
        assert!(errors.get("rules.value").is_some());
        assert!(
            Rule::when(Field::PAlive, Op::Gt, Value::Number(1.5))
                .validate()
                .is_err()
        );
        assert!(
            Rule::when(Field::DoNotDisturb, Op::IsTrue, Value::None)
                .validate()
                .is_ok()
        );
        assert!(
            Rule::when(Field::LastTxDate, Op::WithinLastDays, Value::Number(30.0))
                .validate()
                .is_ok()
        );
        assert!(
            Rule::when(
                Field::ReceivedCampaign,
                Op::In,
                Value::List(vec!["x".into()])
            )
            .validate()
            .is_err()
        );
    }

    #[test]
    fn nested_errors_name_their_path_and_limits_hold() {
        let tree = Rule::all(vec![
            Rule::when(Field::Age, Op::Gt, Value::Number(18.0)),
            Rule::Group {
                logic: Logic::Or,
                rules: vec![Rule::when(Field::Product, Op::In, Value::List(vec![]))],
            },
        ]);
        let Err(errors) = tree.validate() else {
            panic!("invalid")
        };
        assert!(errors.get("rules.1.0.value").is_some());
        let mut deep = Rule::when(Field::Age, Op::Gt, Value::Number(1.0));
        for _ in 0..6 {
            deep = Rule::all(vec![deep]);
        }
        assert!(deep.validate().is_err());
        let many = Rule::all(
            (0..51)
                .map(|_| Rule::when(Field::Age, Op::Gt, Value::Number(1.0)))
                .collect(),
        );
        assert!(many.validate().is_err());
    }

    #[test]
    fn ready_made_segments_are_valid() {
        for (zh, en, rule) in ready_made() {
            assert!(rule.validate().is_ok(), "{zh} / {en}");
        }
    }
}

/// A saved segment in lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SegmentSummary {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// What it is for.
    pub description: String,
    /// Installed with the product (from the study).
    pub ready_made: bool,
    /// Size at the last count.
    pub last_size: Option<i64>,
    /// When last counted (Unix seconds).
    pub last_counted_at: Option<i64>,
    /// Last change (Unix seconds).
    pub updated_at: i64,
    /// Who created it.
    pub created_by: Option<String>,
}

/// A segment with its rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SegmentView {
    /// List facts.
    pub summary: SegmentSummary,
    /// The rules.
    pub rules: Rule,
    /// Row version for optimistic concurrency.
    pub version: i64,
}

/// Create or update body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SegmentInput {
    /// Name (1–60 characters).
    pub name: String,
    /// Description (up to 200 characters).
    #[serde(default)]
    pub description: String,
    /// Rules.
    pub rules: Rule,
    /// For updates: the version that was edited (412 when stale).
    pub version: Option<i64>,
}

impl SegmentInput {
    /// Name, description and rules.
    pub fn validate(&self) -> Result<(), Errors> {
        let mut e = self.rules.validate().err().unwrap_or_default();
        e.text("name", &self.name, 60);
        if self.description.chars().count() > 200 {
            e.add("description", Problem::TooLong { max: 200 });
        }
        e.into_result()
    }
}

/// `POST /api/v1/segments/count` body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CountRequest {
    /// Rules to count.
    pub rules: Rule,
    /// Another saved segment to measure the overlap with.
    pub compare_with: Option<i64>,
}

/// The live count and what is behind it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CountResult {
    /// Matching customers.
    pub total: i64,
    /// By product of the primary card (`none` without an open card).
    pub by_product: Vec<(String, i64)>,
    /// By province, largest first.
    pub by_province: Vec<(String, i64)>,
    /// Reachable per channel: consented and not do-not-disturb.
    pub reachable: Vec<(ConsentChannel, i64)>,
    /// Excluded from all marketing by do-not-disturb.
    pub do_not_disturb: i64,
    /// Without consent on any channel (and not do-not-disturb).
    pub no_consent: i64,
    /// In both this and the compared segment.
    pub overlap: Option<i64>,
    /// Up to ten matching customers (masked).
    pub sample: Vec<crate::customers::CustomerSummary>,
    /// Server time taken, milliseconds.
    pub elapsed_ms: u64,
}
