//! Credit-risk early warning: an additive score 0–100 from days past due,
//! utilisation level and trend, minimum-payment-only streaks and cash
//! advances; a band; the reasons; and whether the customer is a candidate for
//! a credit-limit increase.
//!
//! | signal | points |
//! |---|---|
//! | days past due ≥ 90 / 60 / 30 / 1 | 60 / 45 / 30 / 15 |
//! | utilisation > 90% / > 70% | 20 / 12 |
//! | utilisation up 20+ points over three statements | 8 |
//! | minimum-only payments, 6+ / 3+ statements in a row | 20 / 12 |
//! | cash advances in 90 days, 3+ / 1+ | 12 / 6 |
//!
//! Band: high ≥ 45, medium ≥ 20, else low. Limit-increase candidate: no days
//! past due in the last 12 statements, never minimum-only in the last 6,
//! utilisation above 60%, at least 12 months on book, and band low.

use crm_api::insight::{Band, RiskReason};

/// Inputs of the credit rule.
#[derive(Clone, Copy, Debug, Default)]
pub struct CreditInputs {
    /// Days past due now (oldest unpaid statement).
    pub days_past_due: i64,
    /// Largest days past due in the last 12 statements.
    pub max_dpd_12m: i64,
    /// Latest statement balance over total limit.
    pub utilisation: f64,
    /// The same three statements earlier.
    pub utilisation_3m_ago: f64,
    /// Consecutive latest statements paid at the minimum only.
    pub min_pay_streak: i64,
    /// Minimum-only statements among the last six.
    pub min_pay_6m: i64,
    /// Cash advances in the last 90 days.
    pub cash_advances_90d: i64,
    /// Months since the first card was opened.
    pub tenure_months: i64,
}

/// The assessment.
#[derive(Clone, Debug, PartialEq)]
pub struct CreditAssessment {
    /// 0–100, higher is riskier.
    pub score: i64,
    /// Band.
    pub band: Band,
    /// Reasons, strongest first.
    pub reasons: Vec<RiskReason>,
    /// Worth inviting to a higher limit.
    pub limit_increase_candidate: bool,
}

/// Scores the inputs.
#[must_use]
pub fn assess(i: &CreditInputs) -> CreditAssessment {
    let mut score = 0;
    let mut reasons = Vec::new();
    let dpd_points = match i.days_past_due {
        d if d >= 90 => 60,
        d if d >= 60 => 45,
        d if d >= 30 => 30,
        d if d >= 1 => 15,
        _ => 0,
    };
    if dpd_points > 0 {
        score += dpd_points;
        reasons.push(RiskReason::DaysPastDue {
            days: i.days_past_due,
        });
    }
    if i.utilisation > 0.9 {
        score += 20;
        reasons.push(RiskReason::HighUtilisation {
            utilisation: i.utilisation,
        });
    } else if i.utilisation > 0.7 {
        score += 12;
        reasons.push(RiskReason::HighUtilisation {
            utilisation: i.utilisation,
        });
    }
    if i.utilisation - i.utilisation_3m_ago >= 0.2 {
        score += 8;
        reasons.push(RiskReason::RisingUtilisation {
            from: i.utilisation_3m_ago,
            to: i.utilisation,
        });
    }
    let streak_points = match i.min_pay_streak {
        s if s >= 6 => 20,
        s if s >= 3 => 12,
        _ => 0,
    };
    if streak_points > 0 {
        score += streak_points;
        reasons.push(RiskReason::MinimumPaymentStreak {
            months: i.min_pay_streak,
        });
    }
    let cash_points = match i.cash_advances_90d {
        n if n >= 3 => 12,
        n if n >= 1 => 6,
        _ => 0,
    };
    if cash_points > 0 {
        score += cash_points;
        reasons.push(RiskReason::CashAdvances {
            count: i.cash_advances_90d,
        });
    }
    let score = score.min(100);
    let band = if score >= 45 {
        Band::High
    } else if score >= 20 {
        Band::Medium
    } else {
        Band::Low
    };
    let limit_increase_candidate = band == Band::Low
        && i.max_dpd_12m == 0
        && i.min_pay_6m == 0
        && i.utilisation > 0.6
        && i.tenure_months >= 12;
    CreditAssessment {
        score,
        band,
        reasons,
        limit_increase_candidate,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clean_payer_is_low_risk() {
        let a = assess(&CreditInputs {
            utilisation: 0.2,
            utilisation_3m_ago: 0.25,
            tenure_months: 40,
            ..Default::default()
        });
        assert_eq!((a.score, a.band), (0, Band::Low));
        assert!(a.reasons.is_empty());
        assert!(
            !a.limit_increase_candidate,
            "low utilisation needs no more limit"
        );
    }

    #[test]
    fn delinquency_and_stress_add_up() {
        let a = assess(&CreditInputs {
            days_past_due: 65,
            max_dpd_12m: 65,
            utilisation: 0.95,
            utilisation_3m_ago: 0.6,
            min_pay_streak: 4,
            min_pay_6m: 4,
            cash_advances_90d: 3,
            tenure_months: 30,
        });
        assert_eq!(a.score, 45 + 20 + 8 + 12 + 12);
        assert_eq!(a.band, Band::High);
        assert_eq!(
            a.reasons.first(),
            Some(&RiskReason::DaysPastDue { days: 65 })
        );
        assert_eq!(a.reasons.len(), 5);
    }

    /// The band of a customer with only these two inputs set.
    fn band(days_past_due: i64, cash_advances_90d: i64) -> Band {
        assess(&CreditInputs {
            days_past_due,
            cash_advances_90d,
            ..Default::default()
        })
        .band
    }

    #[test]
    fn band_edges() {
        assert_eq!(band(30, 0), Band::Medium);
        assert_eq!(band(1, 1), Band::Medium);
        assert_eq!(band(1, 0), Band::Low);
        assert_eq!(band(90, 0), Band::High);
    }

    #[test]
    fn good_payers_with_high_utilisation_are_limit_candidates() {
        let good = CreditInputs {
            utilisation: 0.65,
            utilisation_3m_ago: 0.6,
            tenure_months: 24,
            ..Default::default()
        };
        assert!(assess(&good).limit_increase_candidate);
        assert!(
            !assess(&CreditInputs {
                max_dpd_12m: 5,
                ..good
            })
            .limit_increase_candidate
        );
        assert!(
            !assess(&CreditInputs {
                min_pay_6m: 1,
                ..good
            })
            .limit_increase_candidate
        );
        assert!(
            !assess(&CreditInputs {
                tenure_months: 6,
                ..good
            })
            .limit_increase_candidate
        );
    }
}
