//! Money: `¥1,234.56` in full, `1.23万` / `12.3K` compact, and chart axes in
//! yuan.

use super::number::{format_int, group_thousands};
use crate::i18n::Lang;

fn symbol(currency: &str) -> &str {
    match currency {
        "CNY" => "¥",
        "USD" => "$",
        "EUR" => "€",
        "HKD" => "HK$",
        other => other,
    }
}

/// Full precision: `¥1,234.56`, `-¥12.00`.
#[must_use]
pub fn format_fen(fen: i64, currency: &str) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!(
        "{sign}{}{}.{:02}",
        symbol(currency),
        group_thousands(abs / 100),
        abs % 100
    )
}

/// Compact for KPI cards: `¥1.23万`, `¥4.5亿` in Chinese; `¥12.3K`, `¥4.5M` in English.
#[must_use]
pub fn format_compact(fen: i64, currency: &str, lang: Lang) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let yuan = fen.unsigned_abs() as f64 / 100.0;
    let sym = symbol(currency);
    let (value, unit) = match lang {
        Lang::Zh if yuan >= 1e8 => (yuan / 1e8, "亿"),
        Lang::Zh if yuan >= 1e4 => (yuan / 1e4, "万"),
        Lang::En if yuan >= 1e9 => (yuan / 1e9, "B"),
        Lang::En if yuan >= 1e6 => (yuan / 1e6, "M"),
        Lang::En if yuan >= 1e3 => (yuan / 1e3, "K"),
        _ => return format!("{sign}{sym}{}", group_thousands(yuan.round() as u64)),
    };
    let text = if value >= 100.0 {
        format!("{value:.0}")
    } else if value >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    };
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    };
    format!("{sign}{sym}{text}{unit}")
}

/// Axis ticks of a chart in yuan: `5,000`, `1.5万` in Chinese; `5K`, `15K` in English.
#[must_use]
pub fn yuan_tick(v: f64, lang: Lang) -> String {
    let short = |x: f64| {
        let text = format!("{x:.1}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    };
    match lang {
        Lang::Zh if v >= 10_000.0 => format!("{}万", short(v / 10_000.0)),
        Lang::En if v >= 1_000_000.0 => format!("{}M", short(v / 1_000_000.0)),
        Lang::En if v >= 1_000.0 => format!("{}K", short(v / 1_000.0)),
        _ => format_int(v.round() as i64),
    }
}

/// Chart axis formatter: fen shown as whole yuan.
pub fn fmt_yuan(v: f64) -> String {
    format_int((v / 100.0).round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_format_groups_and_keeps_fen() {
        assert_eq!(format_fen(123_456, "CNY"), "¥1,234.56");
        assert_eq!(format_fen(5, "CNY"), "¥0.05");
        assert_eq!(format_fen(-1_200, "CNY"), "-¥12.00");
        assert_eq!(format_fen(123_456_789_012, "CNY"), "¥1,234,567,890.12");
    }

    #[test]
    fn compact_uses_wan_and_yi_in_chinese() {
        assert_eq!(format_compact(1_234_500, "CNY", Lang::Zh), "¥1.23万");
        assert_eq!(format_compact(45_000_000_000, "CNY", Lang::Zh), "¥4.5亿");
        assert_eq!(format_compact(980_000, "CNY", Lang::Zh), "¥9,800");
        assert_eq!(format_compact(1_230_000, "CNY", Lang::En), "¥12.3K");
        assert_eq!(format_compact(450_000_000, "CNY", Lang::En), "¥4.5M");
    }

    #[test]
    fn ticks_are_readable() {
        assert_eq!(yuan_tick(20_000.0, Lang::Zh), "2万");
        assert_eq!(yuan_tick(15_000.0, Lang::Zh), "1.5万");
        assert_eq!(yuan_tick(2_500.0, Lang::Zh), "2,500");
        assert_eq!(yuan_tick(2_500.0, Lang::En), "2.5K");
        assert_eq!(yuan_tick(0.0, Lang::En), "0");
    }
}
