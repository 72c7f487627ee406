//! Pure helpers of the builder: the field catalogue, units shown to people
//! (yuan, percent) against units on the wire (fen, ratios), defaults when a
//! field or operator changes; and the reactive tree that mirrors a `Rule`.

use crm_api::segments::{Condition, Field, FieldKind, Logic, Op, Rule, SpendWindow, Value};
use crm_api::{Category, ConsentChannel};
use leptos::prelude::*;

/// How a number field is entered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// As is.
    Plain,
    /// Yuan on screen, fen on the wire.
    Yuan,
    /// Percent on screen, 0–1 on the wire.
    Percent,
}

/// The unit a number field is entered in.
#[must_use]
pub const fn unit(field: Field) -> Unit {
    match field {
        Field::CreditLimit | Field::Clv | Field::CategorySpend { .. } => Unit::Yuan,
        Field::Utilisation | Field::PAlive => Unit::Percent,
        _ => Unit::Plain,
    }
}

/// Screen number → wire number.
#[must_use]
pub fn to_wire(field: Field, shown: f64) -> f64 {
    match unit(field) {
        Unit::Plain => shown,
        Unit::Yuan => (shown * 100.0).round(),
        Unit::Percent => shown / 100.0,
    }
}

/// Wire number → screen number.
#[must_use]
pub fn to_screen(field: Field, wire: f64) -> f64 {
    match unit(field) {
        Unit::Plain => wire,
        Unit::Yuan => wire / 100.0,
        Unit::Percent => wire * 100.0,
    }
}

/// Formats a screen number without needless decimals.
#[must_use]
pub fn show_number(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{}", (x * 100.0).round() / 100.0)
    }
}

/// The menu keys of the fields, in menu order, with their group index.
pub const FIELD_KEYS: [(&str, usize); 31] = [
    ("age", 0),
    ("gender", 0),
    ("province", 0),
    ("city", 0),
    ("residence", 0),
    ("occupation", 0),
    ("income_band", 0),
    ("branch", 0),
    ("product", 1),
    ("tier", 1),
    ("card_status", 1),
    ("tenure_months", 1),
    ("credit_limit", 1),
    ("utilisation", 1),
    ("category_spend", 2),
    ("tx_count_12m", 2),
    ("last_tx_date", 2),
    ("rfm_segment", 3),
    ("rfm_r", 3),
    ("rfm_f", 3),
    ("rfm_m", 3),
    ("p_alive", 3),
    ("clv", 3),
    ("churn_band", 3),
    ("risk_band", 3),
    ("value_tier", 3),
    ("points_balance", 4),
    ("points_expiring", 4),
    ("consent", 5),
    ("do_not_disturb", 5),
    ("received_campaign", 6),
];

/// The menu key of a field.
#[must_use]
pub fn field_key(field: Field) -> &'static str {
    match field {
        Field::Age => "age",
        Field::Gender => "gender",
        Field::Province => "province",
        Field::City => "city",
        Field::Residence => "residence",
        Field::Occupation => "occupation",
        Field::IncomeBand => "income_band",
        Field::Branch => "branch",
        Field::Product => "product",
        Field::Tier => "tier",
        Field::CardStatus => "card_status",
        Field::TenureMonths => "tenure_months",
        Field::CreditLimit => "credit_limit",
        Field::Utilisation => "utilisation",
        Field::CategorySpend { .. } => "category_spend",
        Field::TxCount12m => "tx_count_12m",
        Field::LastTxDate => "last_tx_date",
        Field::RfmSegment => "rfm_segment",
        Field::RfmR => "rfm_r",
        Field::RfmF => "rfm_f",
        Field::RfmM => "rfm_m",
        Field::PAlive => "p_alive",
        Field::Clv => "clv",
        Field::ChurnBand => "churn_band",
        Field::RiskBand => "risk_band",
        Field::ValueTier => "value_tier",
        Field::PointsBalance => "points_balance",
        Field::PointsExpiring => "points_expiring",
        Field::Consent { .. } => "consent",
        Field::DoNotDisturb => "do_not_disturb",
        Field::ReceivedCampaign => "received_campaign",
        Field::RespondedCampaign => "responded_campaign",
    }
}

/// The field for a menu key (parameters default to dining / 90 days / SMS).
#[must_use]
pub fn field_from_key(key: &str) -> Field {
    match key {
        "gender" => Field::Gender,
        "province" => Field::Province,
        "city" => Field::City,
        "residence" => Field::Residence,
        "occupation" => Field::Occupation,
        "income_band" => Field::IncomeBand,
        "branch" => Field::Branch,
        "product" => Field::Product,
        "tier" => Field::Tier,
        "card_status" => Field::CardStatus,
        "tenure_months" => Field::TenureMonths,
        "credit_limit" => Field::CreditLimit,
        "utilisation" => Field::Utilisation,
        "category_spend" => Field::CategorySpend {
            category: Category::Dining,
            window: SpendWindow::Days90,
        },
        "tx_count_12m" => Field::TxCount12m,
        "last_tx_date" => Field::LastTxDate,
        "rfm_segment" => Field::RfmSegment,
        "rfm_r" => Field::RfmR,
        "rfm_f" => Field::RfmF,
        "rfm_m" => Field::RfmM,
        "p_alive" => Field::PAlive,
        "clv" => Field::Clv,
        "churn_band" => Field::ChurnBand,
        "risk_band" => Field::RiskBand,
        "value_tier" => Field::ValueTier,
        "points_balance" => Field::PointsBalance,
        "points_expiring" => Field::PointsExpiring,
        "consent" => Field::Consent {
            channel: ConsentChannel::Sms,
        },
        "do_not_disturb" => Field::DoNotDisturb,
        "received_campaign" => Field::ReceivedCampaign,
        "responded_campaign" => Field::RespondedCampaign,
        _ => Field::Age,
    }
}

/// A sensible first operator for a field.
#[must_use]
pub fn default_op(field: Field) -> Op {
    match field.kind() {
        FieldKind::Number => Op::Gte,
        FieldKind::Enum | FieldKind::Text => Op::Eq,
        FieldKind::Set => Op::In,
        FieldKind::Flag => Op::IsTrue,
        FieldKind::Date => Op::WithinLastDays,
    }
}

/// The value shape an operator needs, emptied.
#[must_use]
pub fn blank_value(field: Field, op: Op) -> Value {
    match op {
        Op::IsEmpty | Op::IsNotEmpty | Op::IsTrue | Op::IsFalse => Value::None,
        Op::In | Op::NotIn => Value::List(vec![]),
        Op::Between => Value::Range(field.bounds().0, field.bounds().0),
        Op::WithinLastDays | Op::NotWithinLastDays => Value::Number(30.0),
        Op::Eq | Op::Ne if matches!(field.kind(), FieldKind::Enum | FieldKind::Text) => {
            Value::Text(
                field
                    .options()
                    .first()
                    .map(|s| (*s).to_owned())
                    .unwrap_or_default(),
            )
        }
        _ => Value::Number(field.bounds().0),
    }
}

/// One condition's editable state.
#[derive(Clone, Copy)]
pub struct CondState {
    /// Field.
    pub field: RwSignal<Field>,
    /// Operator.
    pub op: RwSignal<Op>,
    /// Operand.
    pub value: RwSignal<Value>,
}

/// One group's editable state.
#[derive(Clone, Copy)]
pub struct GroupState {
    /// AND / OR.
    pub logic: RwSignal<Logic>,
    /// Children with stable keys (for keyed rendering).
    pub children: RwSignal<Vec<(u64, NodeKind)>>,
}

/// A node.
#[derive(Clone, Copy)]
pub enum NodeKind {
    /// A group.
    Group(GroupState),
    /// A condition.
    Cond(CondState),
}

fn next_key() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static KEY: AtomicU64 = AtomicU64::new(1);
    KEY.fetch_add(1, Ordering::Relaxed)
}

impl NodeKind {
    /// Reactive state mirroring `rule`.
    #[must_use]
    pub fn from_rule(rule: &Rule) -> Self {
        match rule {
            Rule::Group { logic, rules } => Self::Group(GroupState {
                logic: RwSignal::new(*logic),
                children: RwSignal::new(
                    rules
                        .iter()
                        .map(|r| (next_key(), Self::from_rule(r)))
                        .collect(),
                ),
            }),
            Rule::Condition(c) => Self::Cond(CondState {
                field: RwSignal::new(c.field),
                op: RwSignal::new(c.op),
                value: RwSignal::new(c.value.clone()),
            }),
        }
    }

    /// The rule the state describes (tracks every signal read).
    #[must_use]
    pub fn to_rule(&self) -> Rule {
        match self {
            Self::Group(g) => Rule::Group {
                logic: g.logic.get(),
                rules: g.children.get().iter().map(|(_, n)| n.to_rule()).collect(),
            },
            Self::Cond(c) => Rule::Condition(Condition {
                field: c.field.get(),
                op: c.op.get(),
                value: c.value.get(),
            }),
        }
    }
}

impl GroupState {
    /// Appends a condition (age ≥ 18 by default).
    pub fn add_condition(&self) {
        let node = NodeKind::from_rule(&Rule::when(Field::Age, Op::Gte, Value::Number(18.0)));
        self.children.update(|c| c.push((next_key(), node)));
    }

    /// Appends a nested group (OR, with one condition).
    pub fn add_group(&self) {
        let node = NodeKind::from_rule(&Rule::Group {
            logic: Logic::Or,
            rules: vec![Rule::when(
                Field::Gender,
                Op::Eq,
                Value::Text("female".into()),
            )],
        });
        self.children.update(|c| c.push((next_key(), node)));
    }

    /// Removes the child with `key`.
    pub fn remove(&self, key: u64) {
        self.children.update(|c| c.retain(|(k, _)| *k != key));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_convert_both_ways() {
        assert_eq!(to_wire(Field::Clv, 1234.5), 123_450.0);
        assert_eq!(to_screen(Field::Clv, 123_450.0), 1234.5);
        assert!((to_wire(Field::PAlive, 40.0) - 0.4).abs() < 1e-12);
        assert_eq!(to_wire(Field::Age, 30.0), 30.0);
        assert_eq!(show_number(30.0), "30");
        assert_eq!(show_number(12.345), "12.35");
    }

    #[test]
    fn every_menu_key_round_trips() {
        for (key, _) in FIELD_KEYS {
            assert_eq!(field_key(field_from_key(key)), key);
            let f = field_from_key(key);
            assert!(f.ops().contains(&default_op(f)), "{key}");
        }
    }

    #[test]
    fn blank_values_fit_their_operator() {
        for (key, _) in FIELD_KEYS {
            let f = field_from_key(key);
            for op in f.ops() {
                let c = Condition {
                    field: f,
                    op: *op,
                    value: blank_value(f, *op),
                };
                // blanks may be incomplete (empty lists), but never the wrong shape
                let ok = c.problem().is_none()
                    || matches!(c.value, Value::List(ref l) if l.is_empty())
                    || matches!(c.value, Value::Text(ref t) if t.is_empty());
                assert!(ok, "{key} {op:?}");
            }
        }
    }

    #[test]
    fn the_reactive_tree_mirrors_the_rule() {
        let owner = Owner::new();
        owner.with(|| {
            let rule = Rule::Group {
                logic: Logic::And,
                rules: vec![
                    Rule::when(Field::Age, Op::Lt, Value::Number(30.0)),
                    Rule::Group {
                        logic: Logic::Or,
                        rules: vec![Rule::when(Field::DoNotDisturb, Op::IsFalse, Value::None)],
                    },
                ],
            };
            let tree = NodeKind::from_rule(&rule);
            assert_eq!(tree.to_rule(), rule);
            let NodeKind::Group(g) = tree else {
                panic!("group")
            };
            g.add_condition();
            assert_eq!(tree.to_rule().condition_count(), 3);
            let first = g.children.get_untracked()[0].0;
            g.remove(first);
            assert_eq!(tree.to_rule().condition_count(), 2);
        });
    }
}
