//! The one place dates and times are formatted, always in Asia/Shanghai
//! (UTC+8 all year since 1991, so a fixed offset is exact).

const SHANGHAI_OFFSET: i64 = 8 * 3600;

/// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
#[must_use]
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `2026-11-28` for a Unix timestamp.
#[must_use]
pub fn format_date(ts: i64) -> String {
    let local = ts + SHANGHAI_OFFSET;
    let (y, m, d) = civil_from_days(local.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// `2026-11-28 14:05` for a Unix timestamp.
#[must_use]
pub fn format_datetime(ts: i64) -> String {
    let local = ts + SHANGHAI_OFFSET;
    let secs = local.rem_euclid(86_400);
    format!(
        "{} {:02}:{:02}",
        format_date(ts),
        secs / 3600,
        (secs % 3600) / 60
    )
}

/// `2026-03` → `3月` in Chinese, `Mar` in English (axis labels).
#[must_use]
pub fn month_label(month: &str, lang: crate::i18n::Lang) -> String {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let m: usize = month.get(5..7).and_then(|s| s.parse().ok()).unwrap_or(1);
    match lang {
        crate::i18n::Lang::Zh => format!("{m}月"),
        crate::i18n::Lang::En => EN[(m.clamp(1, 12)) - 1].to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn shanghai_dates() {
        // 2026-01-31 17:30 UTC is 2026-02-01 01:30 in Shanghai.
        assert_eq!(format_datetime(1_769_880_600), "2026-02-01 01:30");
        assert_eq!(format_date(0), "1970-01-01");
        assert_eq!(civil_from_days(20_515), (2026, 3, 3));
    }

    #[test]
    fn month_labels() {
        assert_eq!(month_label("2026-03", Lang::Zh), "3月");
        assert_eq!(month_label("2025-12", Lang::En), "Dec");
    }
}
