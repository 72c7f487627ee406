//! Counts, percentages and percentage points, and the chart-axis
//! formatters built on them.

use crate::i18n::Lang;

/// Groups an integer's digits in threes: `1234567` → `1,234,567`.
#[must_use]
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Integer with thousands separators (points, counts).
#[must_use]
pub fn format_int(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}", group_thousands(n.unsigned_abs()))
}

/// A change in points with its sign and thousands separators: `20000` →
/// `+20,000`, `-5000` → `−5,000` (a true minus sign), `0` → `0`.
#[must_use]
pub fn format_signed_int(n: i64) -> String {
    let sign = match n.signum() {
        1 => "+",
        -1 => "−",
        _ => "",
    };
    format!("{sign}{}", group_thousands(n.unsigned_abs()))
}

/// Percentage with one decimal: `0.1234` → `12.3%`.
#[must_use]
pub fn format_pct(ratio: f64) -> String {
    format!("{:.1}%", ratio * 100.0)
}

/// A share (0–1) as `12.3%`; a dash when unknown.
#[must_use]
pub fn pct_text(share: Option<f64>) -> String {
    share.map_or_else(|| "–".to_owned(), |s| format!("{:.1}%", s * 100.0))
}

/// Uplift in percentage points with a sign: `0.14` → `+14.0 pp`.
#[must_use]
pub fn format_pp(v: f64) -> String {
    let sign = if v > 0.0 {
        "+"
    } else if v < 0.0 {
        "−"
    } else {
        ""
    };
    format!("{sign}{:.1} pp", v.abs() * 100.0)
}

/// Points and other counts shortened like money on KPI cards (`1.23万`,
/// `12.3K`), without a currency sign.
#[must_use]
pub fn format_compact_count(n: i64, lang: Lang) -> String {
    super::money::format_compact(n.saturating_mul(100), "", lang)
}

/// Chart axis formatter: a whole count with thousands separators.
pub fn fmt_count(v: f64) -> String {
    format_int(v.round() as i64)
}

/// Chart axis formatter: a percentage already scaled to 0–100.
pub fn fmt_pct(v: f64) -> String {
    format!("{v:.0}%")
}

/// Chart axis formatter with the language argument bar charts pass: a whole
/// count.
pub fn count_tick(v: f64, _lang: Lang) -> String {
    fmt_count(v)
}

/// Chart axis formatter: a score (NPS) as a whole number.
pub fn fmt_score(v: f64) -> String {
    format!("{v:.0}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints_and_percent() {
        assert_eq!(format_int(1_234_567), "1,234,567");
        assert_eq!(format_int(-42), "-42");
        assert_eq!(format_pct(0.1234), "12.3%");
        assert_eq!(pct_text(Some(0.1234)), "12.3%");
        assert_eq!(pct_text(None), "–");
        assert_eq!(format_compact_count(1_234_500, Lang::Zh), "123万");
        assert_eq!(format_compact_count(12_300, Lang::En), "12.3K");
        assert_eq!(fmt_count(1234.4), "1,234");
        assert_eq!(fmt_pct(42.4), "42%");
        assert_eq!(format_signed_int(20_000), "+20,000");
        assert_eq!(format_signed_int(-1_234_567), "−1,234,567");
        assert_eq!(format_signed_int(0), "0");
    }
}
