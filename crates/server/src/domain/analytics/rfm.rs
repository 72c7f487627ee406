//! RFM: recency, frequency and monetary value over a window, scored 1–5 by
//! quintile across the portfolio, and named segments.
//!
//! Scores: the portfolio's quintile edges cut customers into five groups;
//! equal values always get the same score. Recency scores are reversed: the
//! most recent fifth gets 5. Customers without a purchase in
//! the window score R = F = M = 1.
//!
//! Segment rules, first match wins:
//!
//! | segment | rule |
//! |---|---|
//! | champions | R ≥ 4, F ≥ 4, M ≥ 4 |
//! | loyal | R ≥ 3, F ≥ 4 |
//! | new | R ≥ 4, F = 1 |
//! | potential loyalists | R ≥ 3, F ≥ 2 |
//! | can't lose | R ≤ 2, F ≥ 4, M ≥ 4 |
//! | at risk | R ≤ 2, F ≥ 3 |
//! | lost | R = 1, F ≤ 2 |
//! | hibernating | everything else (R = 2 with F ≤ 2, R = 3 with F = 1) |

use crm_api::insight::RfmSegment;
use serde::{Deserialize, Serialize};

/// One customer's raw RFM values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RfmValues {
    /// Days since the last purchase; `None` without a purchase in the window.
    pub recency_days: Option<i64>,
    /// Purchases in the window.
    pub frequency: i64,
    /// Spend in the window (fen).
    pub monetary_fen: i64,
}

/// Scores 1–5.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RfmScores {
    /// Recency (5 = most recent).
    pub r: u8,
    /// Frequency (5 = most).
    pub f: u8,
    /// Monetary (5 = most).
    pub m: u8,
}

/// Upper edges of the lowest four quintiles of R (as −days), F and M, taken
/// over customers with a purchase in the window. Stored with each full run so
/// an incremental run scores against the same portfolio.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cutpoints {
    /// Recency edges (negated days: larger is more recent).
    pub r: [f64; 4],
    /// Frequency edges.
    pub f: [f64; 4],
    /// Monetary edges (fen).
    pub m: [f64; 4],
}

fn edges(mut values: Vec<f64>) -> [f64; 4] {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let mut out = [f64::INFINITY; 4];
    if n == 0 {
        return out;
    }
    for (k, edge) in out.iter_mut().enumerate() {
        let idx = ((k + 1) * n / 5).saturating_sub(1);
        *edge = values[idx.min(n - 1)];
    }
    out
}

fn quintile(value: f64, edges: &[f64; 4]) -> u8 {
    1 + edges.iter().filter(|e| value > **e).count() as u8
}

/// Quintile edges of the portfolio.
#[must_use]
pub fn cutpoints(values: &[RfmValues]) -> Cutpoints {
    let active: Vec<&RfmValues> = values.iter().filter(|v| v.recency_days.is_some()).collect();
    Cutpoints {
        r: edges(
            active
                .iter()
                .map(|v| -(v.recency_days.unwrap_or(0) as f64))
                .collect(),
        ),
        f: edges(active.iter().map(|v| v.frequency as f64).collect()),
        m: edges(active.iter().map(|v| v.monetary_fen as f64).collect()),
    }
}

/// Scores one customer against the portfolio's edges; no purchase in the
/// window scores 1, 1, 1.
#[must_use]
pub fn score_one(c: &Cutpoints, v: &RfmValues) -> RfmScores {
    match v.recency_days {
        None => RfmScores { r: 1, f: 1, m: 1 },
        Some(days) => RfmScores {
            r: quintile(-(days as f64), &c.r),
            f: quintile(v.frequency as f64, &c.f),
            m: quintile(v.monetary_fen as f64, &c.m),
        },
    }
}

/// Scores every customer against the others.
#[must_use]
pub fn score(values: &[RfmValues]) -> Vec<RfmScores> {
    let c = cutpoints(values);
    values.iter().map(|v| score_one(&c, v)).collect()
}

/// The named segment of a score (rule table in the module docs).
#[must_use]
pub fn segment(s: RfmScores) -> RfmSegment {
    let RfmScores { r, f, m } = s;
    if r >= 4 && f >= 4 && m >= 4 {
        RfmSegment::Champions
    } else if r >= 3 && f >= 4 {
        RfmSegment::Loyal
    } else if r >= 4 && f == 1 {
        RfmSegment::New
    } else if r >= 3 && f >= 2 {
        RfmSegment::PotentialLoyalists
    } else if r <= 2 && f >= 4 && m >= 4 {
        RfmSegment::CantLose
    } else if r <= 2 && f >= 3 {
        RfmSegment::AtRisk
    } else if r == 1 && f <= 2 {
        RfmSegment::Lost
    } else {
        RfmSegment::Hibernating
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(recency: Option<i64>, f: i64, m: i64) -> RfmValues {
        RfmValues {
            recency_days: recency,
            frequency: f,
            monetary_fen: m,
        }
    }

    #[test]
    fn quintiles_split_into_five_even_groups() {
        let values: Vec<RfmValues> = (0..10).map(|i| v(Some(1), 1, i)).collect();
        let scores: Vec<u8> = score(&values).iter().map(|s| s.m).collect();
        assert_eq!(scores, vec![1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
        // ties share a score
        let tied: Vec<RfmValues> = (0..10).map(|_| v(Some(1), 3, 100)).collect();
        assert!(score(&tied).iter().all(|s| *s == score(&tied)[0]));
    }

    #[test]
    fn recent_frequent_big_spenders_score_five() {
        let values: Vec<RfmValues> = (0..10)
            .map(|i| v(Some(100 - i * 10), i + 1, (i + 1) * 1000))
            .collect();
        let s = score(&values);
        assert_eq!(s[9], RfmScores { r: 5, f: 5, m: 5 });
        assert_eq!(s[0], RfmScores { r: 1, f: 1, m: 1 });
        assert_eq!(segment(s[9]), RfmSegment::Champions);
    }

    #[test]
    fn customers_without_purchases_score_one_and_do_not_shift_others() {
        let values = vec![v(None, 0, 0), v(Some(1), 5, 500), v(Some(50), 1, 100)];
        let s = score(&values);
        assert_eq!(s[0], RfmScores { r: 1, f: 1, m: 1 });
        assert_eq!(segment(s[0]), RfmSegment::Lost);
        assert!(s[1].r > s[2].r);
    }

    #[test]
    fn every_score_combination_has_a_segment_and_the_table_holds() {
        let mut seen = std::collections::HashSet::new();
        for r in 1..=5 {
            for f in 1..=5 {
                for m in 1..=5 {
                    seen.insert(segment(RfmScores { r, f, m }));
                }
            }
        }
        assert_eq!(seen.len(), 8, "all eight segments are reachable");
        assert_eq!(segment(RfmScores { r: 5, f: 1, m: 3 }), RfmSegment::New);
        assert_eq!(segment(RfmScores { r: 3, f: 5, m: 1 }), RfmSegment::Loyal);
        assert_eq!(
            segment(RfmScores { r: 2, f: 5, m: 5 }),
            RfmSegment::CantLose
        );
        assert_eq!(segment(RfmScores { r: 1, f: 3, m: 2 }), RfmSegment::AtRisk);
        assert_eq!(
            segment(RfmScores { r: 2, f: 2, m: 5 }),
            RfmSegment::Hibernating
        );
        assert_eq!(
            segment(RfmScores { r: 3, f: 2, m: 2 }),
            RfmSegment::PotentialLoyalists
        );
    }
}
