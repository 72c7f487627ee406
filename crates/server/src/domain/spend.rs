//! Spend rollups for the customer 360, computed from transaction rows.

use std::collections::HashMap;

use chrono::Timelike;
use crm_api::customers::Daypart;
use crm_api::{Category, TxChannel};

use super::time::{month_key, shanghai};

/// One transaction as the rollup needs it.
#[derive(Clone, Debug)]
pub struct SpendRow {
    /// Unix seconds.
    pub occurred_at: i64,
    /// Fen; positive = purchase.
    pub amount_fen: i64,
    /// Category.
    pub category: Category,
    /// Payment channel.
    pub channel: TxChannel,
    /// Merchant name.
    pub merchant: String,
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
    /// `(channel, fen, count)`, largest spend first.
    pub by_channel: Vec<(TxChannel, i64, i64)>,
    /// `(merchant, category, fen, count)`, the ten largest.
    pub top_merchants: Vec<(String, Category, i64, i64)>,
    /// Transactions per part of the day, in day order.
    pub dayparts: Vec<(Daypart, i64)>,
}

/// Rolls up purchases by Shanghai month (only `months` are kept, zero-filled)
/// and by category. Cash advances are not spend and are left out.
#[must_use]
pub fn rollup(rows: &[SpendRow], months: &[String]) -> SpendRollup {
    let mut by_month: HashMap<&str, (i64, i64)> =
        months.iter().map(|m| (m.as_str(), (0, 0))).collect();
    let mut by_category: HashMap<Category, (i64, i64)> = HashMap::new();
    let mut by_channel: HashMap<TxChannel, (i64, i64)> = HashMap::new();
    let mut by_merchant: HashMap<(&str, Category), (i64, i64)> = HashMap::new();
    let mut dayparts: HashMap<Daypart, i64> = HashMap::new();
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
        let ch = by_channel.entry(row.channel).or_default();
        ch.0 += row.amount_fen;
        ch.1 += 1;
        let me = by_merchant
            .entry((row.merchant.as_str(), row.category))
            .or_default();
        me.0 += row.amount_fen;
        me.1 += 1;
        let hour = chrono::DateTime::from_timestamp(row.occurred_at, 0)
            .unwrap_or_default()
            .with_timezone(&shanghai())
            .hour();
        *dayparts.entry(Daypart::of_hour(hour)).or_default() += 1;
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
    let mut by_channel: Vec<_> = by_channel
        .into_iter()
        .map(|(c, (fen, n))| (c, fen, n))
        .collect();
    by_channel.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut top_merchants: Vec<_> = by_merchant
        .into_iter()
        .map(|((m, c), (fen, n))| (m.to_owned(), c, fen, n))
        .collect();
    top_merchants.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    top_merchants.truncate(10);
    SpendRollup {
        by_month,
        by_category,
        total_fen: total,
        by_channel,
        top_merchants,
        dayparts: Daypart::ALL
            .iter()
            .map(|d| (*d, dayparts.get(d).copied().unwrap_or(0)))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn row(occurred_at: i64, amount_fen: i64, category: Category) -> SpendRow {
        SpendRow {
            occurred_at,
            amount_fen,
            category,
            channel: TxChannel::Pos,
            merchant: format!("{category}"),
        }
    }

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
            row(at(2026, 1, 5), 10_000, Category::Dining),
            row(at(2026, 1, 9), 2_500, Category::Fuel),
            row(at(2026, 3, 1), 7_000, Category::Dining),
            row(at(2025, 12, 31), 99_999, Category::Travel),
            row(at(2026, 3, 2), 50_000, Category::CashAdvance),
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
        assert_eq!(r.by_channel, vec![(TxChannel::Pos, 19_500, 3)]);
        assert_eq!(
            r.top_merchants[0],
            ("dining".to_owned(), Category::Dining, 17_000, 2)
        );
        // 04:00 UTC is noon in Shanghai
        assert_eq!(
            r.dayparts
                .iter()
                .find(|d| d.0 == Daypart::Midday)
                .map(|d| d.1),
            Some(3)
        );
        assert_eq!(r.dayparts.iter().map(|d| d.1).sum::<i64>(), 3);
    }
}
