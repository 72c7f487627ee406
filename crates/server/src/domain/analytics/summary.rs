//! Turns a customer's purchases into the (x, tₓ, T, mₓ) summary the BG/NBD and
//! Gamma-Gamma models use: purchases on the same day count as one, x is the
//! number of repeat purchase days, tₓ the time from the first to the last, T
//! the time from the first to the end of the observation, mₓ the mean value of
//! the repeat purchases. Times are in `unit_days` (7 = weeks).

/// Model inputs of one customer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    /// Repeat purchases (distinct days after the first).
    pub x: f64,
    /// Time of the last purchase, from the first.
    pub t_x: f64,
    /// Length of observation, from the first purchase.
    pub t: f64,
    /// Mean value of the repeat purchases (0 when there are none).
    pub monetary: f64,
}

/// Summary of purchases given as `(day number, amount)` sorted by day, with
/// several purchases a day allowed; `None` when there are none up to `end_day`.
#[must_use]
pub fn summarize(purchases: &[(i64, f64)], end_day: i64, unit_days: f64) -> Option<Summary> {
    let mut days: Vec<(i64, f64)> = Vec::with_capacity(purchases.len());
    for &(day, amount) in purchases.iter().filter(|(d, _)| *d <= end_day) {
        match days.last_mut() {
            Some(last) if last.0 == day => last.1 += amount,
            _ => days.push((day, amount)),
        }
    }
    let first = days.first()?.0;
    let last = days.last()?.0;
    let x = days.len() - 1;
    let monetary = if x == 0 {
        0.0
    } else {
        days[1..].iter().map(|d| d.1).sum::<f64>() / x as f64
    };
    Some(Summary {
        x: x as f64,
        t_x: (last - first) as f64 / unit_days,
        t: (end_day - first) as f64 / unit_days,
        monetary,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_day_purchases_merge_and_first_purchase_is_not_a_repeat() {
        // days 0, 0, 14, 70; end at day 91
        let s = summarize(
            &[(0, 10.0), (0, 5.0), (14, 20.0), (70, 40.0), (100, 99.0)],
            91,
            7.0,
        );
        assert_eq!(
            s,
            Some(Summary {
                x: 2.0,
                t_x: 10.0,
                t: 13.0,
                monetary: 30.0
            })
        );
    }

    #[test]
    fn single_purchase_has_no_repeats() {
        let s = summarize(&[(5, 12.0)], 12, 7.0);
        assert_eq!(
            s,
            Some(Summary {
                x: 0.0,
                t_x: 0.0,
                t: 1.0,
                monetary: 0.0
            })
        );
        assert_eq!(summarize(&[], 12, 7.0), None);
        assert_eq!(summarize(&[(20, 1.0)], 12, 7.0), None);
    }
}
