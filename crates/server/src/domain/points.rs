//! Points are spent first-in, first-out: redemptions and expiries use up the
//! oldest earned points first. What is left, lot by lot, tells what expires when.

use chrono::NaiveDate;

/// A ledger entry: signed points and, for credits, their expiry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Signed points (credits positive).
    pub points: i64,
    /// Expiry of a credit.
    pub expires_on: Option<NaiveDate>,
}

/// The credits still held after replaying `entries` (oldest first): `(expiry, points)`.
#[must_use]
pub fn held_lots(entries: &[Entry]) -> Vec<(Option<NaiveDate>, i64)> {
    let mut lots: std::collections::VecDeque<(Option<NaiveDate>, i64)> = Default::default();
    for e in entries {
        if e.points > 0 {
            lots.push_back((e.expires_on, e.points));
            continue;
        }
        spend(&mut lots, -e.points);
    }
    lots.into_iter().collect()
}

/// Takes `points` from `lots` (`(what, points)`, oldest first), oldest
/// first, dropping the lots used up; more than is held empties them.
pub fn spend<T>(lots: &mut std::collections::VecDeque<(T, i64)>, points: i64) {
    let mut left = points;
    while left > 0 {
        let Some(front) = lots.front_mut() else { break };
        let take = front.1.min(left);
        front.1 -= take;
        left -= take;
        if front.1 == 0 {
            lots.pop_front();
        }
    }
}

/// Held points by expiry date within `[from, to]`, soonest first.
#[must_use]
pub fn expiring_between(
    lots: &[(Option<NaiveDate>, i64)],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<(NaiveDate, i64)> {
    let mut by_date: std::collections::BTreeMap<NaiveDate, i64> = Default::default();
    for (date, n) in lots {
        if let Some(d) = date.filter(|d| *d >= from && *d <= to) {
            *by_date.entry(d).or_default() += n;
        }
    }
    by_date.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_default()
    }

    #[test]
    fn redemptions_use_the_oldest_points_first() {
        let entries = [
            Entry {
                points: 1_000,
                expires_on: Some(d(12, 15)),
            },
            Entry {
                points: 500,
                expires_on: Some(d(6, 1)),
            },
            Entry {
                points: -600,
                expires_on: None,
            },
            Entry {
                points: 300,
                expires_on: Some(d(12, 15)),
            },
        ];
        let lots = held_lots(&entries);
        assert_eq!(
            lots,
            vec![
                (Some(d(12, 15)), 400),
                (Some(d(6, 1)), 500),
                (Some(d(12, 15)), 300)
            ]
        );
        assert_eq!(
            expiring_between(&lots, d(11, 28), d(12, 31)),
            vec![(d(12, 15), 700)]
        );
        let total: i64 = lots.iter().map(|l| l.1).sum();
        assert_eq!(total, 1_200);
    }

    #[test]
    fn overdrawn_ledgers_do_not_go_negative() {
        let lots = held_lots(&[
            Entry {
                points: 100,
                expires_on: None,
            },
            Entry {
                points: -300,
                expires_on: None,
            },
        ]);
        assert!(lots.is_empty());
    }
}
