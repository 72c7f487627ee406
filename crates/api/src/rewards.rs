//! The rewards catalogue and redeeming points.

use serde::{Deserialize, Serialize};

/// What kind of reward.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RewardKind {
    /// A gift sent by post.
    Gift,
    /// Money off the next statement.
    StatementCredit,
    /// A partner's voucher.
    Voucher,
    /// This year's annual fee waived.
    FeeWaiver,
}

/// A catalogue item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RewardItem {
    /// Code sent when redeeming.
    pub code: &'static str,
    /// Kind.
    pub kind: RewardKind,
    /// Chinese name.
    pub name_zh: &'static str,
    /// English name.
    pub name_en: &'static str,
    /// Points it costs.
    pub points: i64,
}

/// Everything that can be redeemed.
pub const CATALOGUE: [RewardItem; 6] = [
    RewardItem {
        code: "voucher_coffee",
        kind: RewardKind::Voucher,
        name_zh: "咖啡兑换券",
        name_en: "Coffee voucher",
        points: 3_000,
    },
    RewardItem {
        code: "voucher_movie",
        kind: RewardKind::Voucher,
        name_zh: "电影票兑换券",
        name_en: "Cinema ticket voucher",
        points: 5_000,
    },
    RewardItem {
        code: "gift_umbrella",
        kind: RewardKind::Gift,
        name_zh: "晴雨两用伞",
        name_en: "Umbrella",
        points: 8_000,
    },
    RewardItem {
        code: "statement_credit_50",
        kind: RewardKind::StatementCredit,
        name_zh: "50 元账单抵扣",
        name_en: "¥50 statement credit",
        points: 10_000,
    },
    RewardItem {
        code: "annual_fee_waiver",
        kind: RewardKind::FeeWaiver,
        name_zh: "年费减免",
        name_en: "Annual fee waiver",
        points: 20_000,
    },
    RewardItem {
        code: "gift_luggage",
        kind: RewardKind::Gift,
        name_zh: "20 寸旅行箱",
        name_en: "20-inch suitcase",
        points: 60_000,
    },
];

/// The item with `code`.
#[must_use]
pub fn item(code: &str) -> Option<RewardItem> {
    CATALOGUE.into_iter().find(|i| i.code == code)
}

/// Redeeming one item (with an `Idempotency-Key` header).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RedeemInput {
    /// Catalogue code.
    pub item: String,
}

/// A redemption done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Redemption {
    /// Catalogue code.
    pub item: String,
    /// Points spent.
    pub points: i64,
    /// Balance after it.
    pub balance: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_codes_are_unique_and_costs_positive() {
        for (i, a) in CATALOGUE.iter().enumerate() {
            assert!(a.points > 0);
            assert!(CATALOGUE[i + 1..].iter().all(|b| b.code != a.code));
            assert_eq!(item(a.code), Some(*a));
        }
        assert_eq!(item("nothing"), None);
    }
}
