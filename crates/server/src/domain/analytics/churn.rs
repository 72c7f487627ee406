//! Churn risk: a band from the probability of being alive and the spending
//! trend, with the reasons in words.
//!
//! | band | rule |
//! |---|---|
//! | high | P(alive) < 0.3, or spend down ≥ 70% with P(alive) < 0.6, or no purchase for 180+ days |
//! | medium | P(alive) < 0.6, or spend down ≥ 40%, or no purchase for 90+ days |
//! | low | otherwise |
//!
//! The spending trend compares the last 90 days with the 90 days before; it
//! only counts when the earlier period had spend.

use crm_api::insight::{Band, ChurnReason};

/// Inputs of the churn rule.
#[derive(Clone, Copy, Debug)]
pub struct ChurnInputs {
    /// BG/NBD probability of being alive.
    pub p_alive: f64,
    /// Spend in the last 90 days (fen).
    pub spend_90d: i64,
    /// Spend in the 90 days before that (fen).
    pub spend_prev_90d: i64,
    /// Days since the last purchase, if any.
    pub days_since_last: Option<i64>,
}

/// Band and reasons (strongest first).
#[must_use]
pub fn assess(i: &ChurnInputs) -> (Band, Vec<ChurnReason>) {
    let drop = if i.spend_prev_90d > 0 {
        (1.0 - i.spend_90d as f64 / i.spend_prev_90d as f64).max(0.0)
    } else {
        0.0
    };
    let idle = i.days_since_last.unwrap_or(i64::MAX);
    let high = i.p_alive < 0.3 || (drop >= 0.7 && i.p_alive < 0.6) || idle >= 180;
    let medium = i.p_alive < 0.6 || drop >= 0.4 || idle >= 90;
    let band = if high {
        Band::High
    } else if medium {
        Band::Medium
    } else {
        Band::Low
    };
    let mut reasons = Vec::new();
    if band != Band::Low {
        if i.p_alive < 0.6 {
            reasons.push(ChurnReason::LowPAlive { p: i.p_alive });
        }
        if drop >= 0.4 {
            reasons.push(ChurnReason::SpendDown { drop });
        }
        if idle >= 90 && i.days_since_last.is_some() {
            reasons.push(ChurnReason::NoPurchaseFor { days: idle });
        }
    }
    (band, reasons)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(p: f64, now: i64, before: i64, idle: Option<i64>) -> ChurnInputs {
        ChurnInputs {
            p_alive: p,
            spend_90d: now,
            spend_prev_90d: before,
            days_since_last: idle,
        }
    }

    #[test]
    fn bands_follow_the_rule_table() {
        assert_eq!(assess(&inputs(0.95, 10_000, 10_000, Some(3))).0, Band::Low);
        assert_eq!(assess(&inputs(0.25, 10_000, 10_000, Some(3))).0, Band::High);
        assert_eq!(assess(&inputs(0.55, 2_000, 10_000, Some(20))).0, Band::High);
        assert_eq!(
            assess(&inputs(0.9, 5_000, 10_000, Some(20))).0,
            Band::Medium
        );
        assert_eq!(assess(&inputs(0.9, 0, 0, Some(120))).0, Band::Medium);
        assert_eq!(assess(&inputs(0.9, 0, 0, Some(200))).0, Band::High);
    }

    #[test]
    fn reasons_explain_the_band() {
        let (band, reasons) = assess(&inputs(0.4, 1_000, 10_000, Some(100)));
        assert_eq!(band, Band::High);
        assert_eq!(reasons.len(), 3);
        assert!(matches!(reasons[1], ChurnReason::SpendDown { drop } if (drop - 0.9).abs() < 1e-9));
        assert!(assess(&inputs(0.95, 10_000, 10_000, Some(3))).1.is_empty());
    }
}
