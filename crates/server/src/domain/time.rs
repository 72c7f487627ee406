//! Bank time: every date a person sees is in Asia/Shanghai.
//!
//! China has used UTC+8 all year since 1991 (no daylight saving), so a fixed
//! offset is exact for every date this system handles; it saves carrying the
//! whole tz database (`chrono-tz`) into the server.

use chrono::{DateTime, Datelike, FixedOffset, Months, NaiveDate, Offset, Utc};

/// Current time, Unix seconds.
#[must_use]
pub fn now() -> i64 {
    Utc::now().timestamp()
}

/// Asia/Shanghai as a fixed UTC+8 offset.
#[must_use]
pub fn shanghai() -> FixedOffset {
    const EAST_8: i32 = 8 * 3600;
    FixedOffset::east_opt(EAST_8).unwrap_or_else(|| Utc.fix())
}

/// The Shanghai calendar date of a Unix timestamp.
#[must_use]
pub fn local_date(ts: i64) -> NaiveDate {
    DateTime::from_timestamp(ts, 0)
        .unwrap_or_default()
        .with_timezone(&shanghai())
        .date_naive()
}

/// `YYYY-MM` of a Unix timestamp in Shanghai.
#[must_use]
pub fn month_key(ts: i64) -> String {
    let d = local_date(ts);
    format!("{:04}-{:02}", d.year(), d.month())
}

/// Unix timestamp of Shanghai midnight starting `date`.
#[must_use]
pub fn start_of_day(date: NaiveDate) -> i64 {
    date.and_hms_opt(0, 0, 0)
        .and_then(|dt| dt.and_local_timezone(shanghai()).single())
        .map_or(0, |dt| dt.timestamp())
}

/// The first day of the month containing `date`.
#[must_use]
pub fn month_start(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

/// The `n` calendar months ending with the month of `today`, oldest first, as `YYYY-MM`.
#[must_use]
pub fn last_months(today: NaiveDate, n: u32) -> Vec<String> {
    let first = month_start(today);
    (0..n)
        .rev()
        .filter_map(|back| first.checked_sub_months(Months::new(back)))
        .map(|d| format!("{:04}-{:02}", d.year(), d.month()))
        .collect()
}

/// Whole years between `birth` and `today`.
#[must_use]
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> i64 {
    let mut age = i64::from(today.year() - birth.year());
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

/// Parses `YYYY-MM-DD`.
#[must_use]
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// Today in Shanghai.
#[must_use]
pub fn today() -> NaiveDate {
    local_date(Utc::now().timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn utc_evening_is_next_day_in_shanghai() {
        // 2026-01-31 17:30 UTC = 2026-02-01 01:30 in Shanghai.
        let ts = Utc
            .with_ymd_and_hms(2026, 1, 31, 17, 30, 0)
            .unwrap()
            .timestamp();
        assert_eq!(local_date(ts), date(2026, 2, 1));
        assert_eq!(month_key(ts), "2026-02");
        assert_eq!(start_of_day(date(2026, 2, 1)), ts - 90 * 60);
    }

    #[test]
    fn last_months_cross_year_boundaries() {
        assert_eq!(
            last_months(date(2026, 2, 14), 4),
            vec!["2025-11", "2025-12", "2026-01", "2026-02"]
        );
        assert_eq!(last_months(date(2026, 11, 28), 12).len(), 12);
    }

    #[test]
    fn age_counts_birthdays() {
        assert_eq!(age_on(date(1990, 3, 7), date(2026, 3, 6)), 35);
        assert_eq!(age_on(date(1990, 3, 7), date(2026, 3, 7)), 36);
        assert_eq!(parse_date("2026-13-01"), None);
    }
}
