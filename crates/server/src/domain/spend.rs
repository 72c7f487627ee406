//! Spend rollups for the customer 360, computed from transaction rows.

use std::collections::HashMap;

use crm_api::Category;

use super::time::month_key;

/// One transaction as the rollup needs it.
#[derive(Clone, Copy, Debug)]
pub struct SpendRow {
    /// Unix seconds.
    pub occurred_at: i64,
    /// Fen; positive = purchase.
    pub amount_fen: i64,
    /// Category.
    pub category: Category,
}

/// Totals per month and per category.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpendRollup {
    /// `(month, fen, count)` for each requested month, in the given order.
    pub by_month: Vec<(String, i64, i64)>,
    /// `(category, fen, count)`, largest spend first.
    pub by_category: Vec<(Category, i64, i64)>,
    /// Sum of purchases in the requested months.
    pub total_fen: i64,
}

/// Rolls up purchases by Shanghai month (only `months` are kept, zero-filled)
/// and by category. Cash advances are not spend and are left out.
#[must_use]
pub fn rollup(rows: &[SpendRow], months: &[String]) -> SpendRollup {
    let mut by_month: HashMap<&str, (i64, i64)> =
        months.iter().map(|m| (m.as_str(), (0, 0))).collect();
    let mut by_category: HashMap<Category, (i64, i64)> = HashMap::new();
    let mut total = 0;
    for row in rows {
        if row.category == Category::CashAdvance {
            continue;
        }
        let key = month_key(row.occurred_at);
        let Some(slot) = by_month.get_mut(key.as_str()) else {
            continue;
        };
        slot.0 += row.amount_fen;
        slot.1 += 1;
        let cat = by_category.entry(row.category).or_default();
        cat.0 += row.amount_fen;
        cat.1 += 1;
        total += row.amount_fen;
    }
    let by_month = months
        .iter()
        .map(|m| {
            let (fen, count) = by_month.get(m.as_str()).copied().unwrap_or_default();
            (m.clone(), fen, count)
        })
        .collect();
    let mut by_category: Vec<_> = by_category
        .into_iter()
        .map(|(c, (fen, count))| (c, fen, count))
        .collect();
    by_category.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    SpendRollup {
        by_month,
        by_category,
        total_fen: total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn at(y: i32, m: u32, d: u32) -> i64 {
        Utc.with_ymd_and_hms(y, m, d, 4, 0, 0).unwrap().timestamp()
    }

    #[test]
    fn rollup_zero_fills_drops_outside_months_and_cash_advances() {
        let months = vec![
            "2026-01".to_owned(),
            "2026-02".to_owned(),
            "2026-03".to_owned(),
        ];
        let rows = [
            SpendRow {
                occurred_at: at(2026, 1, 5),
                amount_fen: 10_000,
                category: Category::Dining,
            },
            SpendRow {
                occurred_at: at(2026, 1, 9),
                amount_fen: 2_500,
                category: Category::Fuel,
            },
            SpendRow {
                occurred_at: at(2026, 3, 1),
                amount_fen: 7_000,
                category: Category::Dining,
            },
            SpendRow {
                occurred_at: at(2025, 12, 31),
                amount_fen: 99_999,
                category: Category::Travel,
            },
            SpendRow {
                occurred_at: at(2026, 3, 2),
                amount_fen: 50_000,
                category: Category::CashAdvance,
            },
        ];
        let r = rollup(&rows, &months);
        assert_eq!(
            r.by_month,
            vec![
                ("2026-01".to_owned(), 12_500, 2),
                ("2026-02".to_owned(), 0, 0),
                ("2026-03".to_owned(), 7_000, 1)
            ]
        );
        assert_eq!(
            r.by_category,
            vec![(Category::Dining, 17_000, 2), (Category::Fuel, 2_500, 1)]
        );
        assert_eq!(r.total_fen, 19_500);
    }
}
