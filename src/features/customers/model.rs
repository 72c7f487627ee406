//! Pure view models of the 360: totals, utilisation, chart series.

use crm_api::cards::CardView;
use crm_api::customers::Customer360;
use crm_api::insight::{Band, RfmSegment, ValueTier};
use crm_api::{CardStatus, Tier};

use crate::components::badge::Tone;
use crate::components::chart::Datum;
use crate::format::{format_fen, format_int, format_pct, month_label};
use crate::i18n::{Lang, labels};

/// Search text, page and insight filters of the customer list (all in the URL).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchFilters {
    /// Search text.
    pub q: String,
    /// RFM segment.
    pub rfm_segment: Option<RfmSegment>,
    /// Churn band.
    pub churn_band: Option<Band>,
    /// Credit-risk band.
    pub risk_band: Option<Band>,
    /// Value tier.
    pub value_tier: Option<ValueTier>,
}

impl SearchFilters {
    /// Reads the filters from query-string pairs.
    #[must_use]
    pub fn from_pairs(get: impl Fn(&str) -> Option<String>) -> Self {
        Self {
            q: get("q").unwrap_or_default(),
            rfm_segment: get("rfm_segment").and_then(|v| RfmSegment::parse(&v)),
            churn_band: get("churn_band").and_then(|v| Band::parse(&v)),
            risk_band: get("risk_band").and_then(|v| Band::parse(&v)),
            value_tier: get("value_tier").and_then(|v| ValueTier::parse(&v)),
        }
    }

    /// Query string (without `?`) for `page`: the list page's own URL and
    /// the search API's (the API reads the same names).
    #[must_use]
    pub fn to_query(&self, page: u32) -> String {
        #[derive(serde::Serialize)]
        struct ListQuery<'a> {
            q: &'a str,
            rfm_segment: Option<RfmSegment>,
            churn_band: Option<Band>,
            risk_band: Option<Band>,
            value_tier: Option<ValueTier>,
            page: u32,
        }
        serde_urlencoded::to_string(ListQuery {
            q: self.q.trim(),
            rfm_segment: self.rfm_segment,
            churn_band: self.churn_band,
            risk_band: self.risk_band,
            value_tier: self.value_tier,
            page,
        })
        .unwrap_or_default()
    }
}

/// Totals over the cards that are not closed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreditTotals {
    /// Sum of credit limits, fen.
    pub limit_fen: i64,
    /// Sum of statement balances, fen.
    pub balance_fen: i64,
}

impl CreditTotals {
    /// Balance over limit (0 when there is no limit).
    #[must_use]
    pub fn utilisation(&self) -> f64 {
        if self.limit_fen <= 0 {
            0.0
        } else {
            self.balance_fen.max(0) as f64 / self.limit_fen as f64
        }
    }
}

/// Limit and balance of the open cards.
#[must_use]
pub fn credit_totals(cards: &[CardView]) -> CreditTotals {
    cards
        .iter()
        .filter(|c| c.status != CardStatus::Closed)
        .fold(
            CreditTotals {
                limit_fen: 0,
                balance_fen: 0,
            },
            |acc, c| CreditTotals {
                limit_fen: acc.limit_fen + c.credit_limit.fen,
                balance_fen: acc.balance_fen + c.statement_balance.fen,
            },
        )
}

/// Badge tone of a utilisation ratio: up to 50% fine, to 80% watch, above high.
#[must_use]
pub fn utilisation_tone(ratio: f64) -> Tone {
    if ratio > 0.8 {
        Tone::Danger
    } else if ratio > 0.5 {
        Tone::Warning
    } else {
        Tone::Success
    }
}

/// Badge tone of a card status.
#[must_use]
pub fn status_tone(status: CardStatus) -> Tone {
    match status {
        CardStatus::Active => Tone::Success,
        CardStatus::Locked => Tone::Warning,
        CardStatus::Lost => Tone::Danger,
        CardStatus::Closed => Tone::Neutral,
    }
}

/// Badge tone of a product tier: gold only for the premium tiers.
#[must_use]
pub fn tier_tone(tier: Tier) -> Tone {
    match tier {
        Tier::Platinum | Tier::Diamond => Tone::Premium,
        Tier::Gold => Tone::Brand,
        Tier::Standard => Tone::Neutral,
    }
}

/// Badge tone of a risk band: low green, medium amber, high red.
#[must_use]
pub fn band_tone(band: Band) -> Tone {
    match band {
        Band::Low => Tone::Success,
        Band::Medium => Tone::Warning,
        Band::High => Tone::Danger,
    }
}

/// Badge tone of a value tier.
#[must_use]
pub fn value_tone(tier: ValueTier) -> Tone {
    match tier {
        ValueTier::High => Tone::Premium,
        ValueTier::Medium => Tone::Brand,
        ValueTier::Low => Tone::Neutral,
    }
}

/// Badge tone of an RFM segment: the best green, the ones to win back amber, the gone grey.
#[must_use]
pub fn segment_tone(segment: RfmSegment) -> Tone {
    match segment {
        RfmSegment::Champions | RfmSegment::Loyal => Tone::Success,
        RfmSegment::PotentialLoyalists | RfmSegment::New => Tone::Info,
        RfmSegment::AtRisk | RfmSegment::CantLose => Tone::Warning,
        RfmSegment::Hibernating | RfmSegment::Lost => Tone::Neutral,
    }
}

/// Bars of the monthly spend chart (value in yuan).
#[must_use]
pub fn month_series(c: &Customer360, lang: Lang) -> Vec<Datum> {
    c.spend_by_month
        .iter()
        .map(|m| Datum {
            label: month_label(&m.month, lang),
            value: m.spend.fen as f64 / 100.0,
            display: format_fen(m.spend.fen, &m.spend.currency),
            extra: Some(format_int(m.count)),
        })
        .collect()
}

/// Rows of the category chart, with each category's share of the total.
#[must_use]
pub fn category_series(c: &Customer360, lang: Lang) -> Vec<Datum> {
    let total: i64 = c.spend_by_category.iter().map(|x| x.spend.fen).sum();
    c.spend_by_category
        .iter()
        .map(|x| Datum {
            label: labels::category(x.category, lang).to_owned(),
            value: x.spend.fen as f64,
            display: format_fen(x.spend.fen, &x.spend.currency),
            extra: Some(if total > 0 {
                format_pct(x.spend.fen as f64 / total as f64)
            } else {
                "–".into()
            }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crm_api::{Money, ProductCode};

    fn card(limit: i64, balance: i64, status: CardStatus) -> CardView {
        CardView {
            id: 1,
            product: ProductCode::Gold,
            tier: Tier::Gold,
            masked_pan: "622199******0001".into(),
            last4: "0001".into(),
            credit_limit: Money::cny(limit),
            statement_balance: Money::cny(balance),
            status,
            opened_on: "2020-01-01".into(),
            closed_on: None,
            is_primary: true,
        }
    }

    #[test]
    fn totals_skip_closed_cards_and_utilisation_is_ratio() {
        let cards = [
            card(2_000_000, 500_000, CardStatus::Active),
            card(1_000_000, 1_000_000, CardStatus::Closed),
            card(2_000_000, 1_100_000, CardStatus::Lost),
        ];
        let t = credit_totals(&cards);
        assert_eq!(
            t,
            CreditTotals {
                limit_fen: 4_000_000,
                balance_fen: 1_600_000
            }
        );
        assert!((t.utilisation() - 0.4).abs() < 1e-9);
        assert_eq!(utilisation_tone(0.4), Tone::Success);
        assert_eq!(utilisation_tone(0.81), Tone::Danger);
        assert_eq!(
            CreditTotals {
                limit_fen: 0,
                balance_fen: 5
            }
            .utilisation(),
            0.0
        );
    }

    #[test]
    fn filters_round_trip_through_the_query_string() {
        let f = SearchFilters {
            q: " 王 ".into(),
            risk_band: Some(Band::High),
            rfm_segment: Some(RfmSegment::AtRisk),
            ..Default::default()
        };
        let q = f.to_query(2);
        assert_eq!(q, "q=%E7%8E%8B&rfm_segment=at_risk&risk_band=high&page=2");
        let pairs: Vec<(String, String)> = vec![
            ("q".into(), "王".into()),
            ("risk_band".into(), "high".into()),
            ("rfm_segment".into(), "at_risk".into()),
            ("value_tier".into(), "bogus".into()),
        ];
        let back = SearchFilters::from_pairs(|k| {
            pairs.iter().find(|(a, _)| a == k).map(|(_, v)| v.clone())
        });
        assert_eq!(
            back,
            SearchFilters {
                q: "王".into(),
                ..f
            }
        );
    }

    #[test]
    fn bands_use_the_semantic_colours() {
        assert_eq!(band_tone(Band::High), Tone::Danger);
        assert_eq!(band_tone(Band::Low), Tone::Success);
        assert_eq!(segment_tone(RfmSegment::CantLose), Tone::Warning);
        assert_eq!(value_tone(ValueTier::High), Tone::Premium);
    }

    #[test]
    fn premium_tiers_are_gold() {
        assert_eq!(tier_tone(Tier::Diamond), Tone::Premium);
        assert_eq!(tier_tone(Tier::Standard), Tone::Neutral);
    }
}
