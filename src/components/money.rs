//! The one place money is formatted: `¥1,234.56` in full, `1.23万` / `12.3K` on KPI cards.

use crm_api::Money;
use leptos::prelude::*;

use crate::i18n::{Lang, use_i18n};

fn symbol(currency: &str) -> &str {
    match currency {
        "CNY" => "¥",
        "USD" => "$",
        "EUR" => "€",
        "HKD" => "HK$",
        other => other,
    }
}

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

/// Integer with thousands separators (points, counts).
#[must_use]
pub fn format_int(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}", group_thousands(n.unsigned_abs()))
}

/// Percentage with one decimal: `0.1234` → `12.3%`.
#[must_use]
pub fn format_pct(ratio: f64) -> String {
    format!("{:.1}%", ratio * 100.0)
}

/// Money in full precision, right-aligned digits.
#[component]
pub fn MoneyText(
    /// The amount.
    #[prop(into)]
    money: Money,
) -> impl IntoView {
    view! { <span class="num">{format_fen(money.fen, &money.currency)}</span> }
}

/// Money shortened for KPI cards; the full amount is in the tooltip.
#[component]
pub fn MoneyCompact(
    /// The amount.
    #[prop(into)]
    money: Money,
) -> impl IntoView {
    let i18n = use_i18n();
    let full = format_fen(money.fen, &money.currency);
    view! {
        <span class="num" title=full>
            {move || format_compact(money.fen, &money.currency, i18n.lang.get())}
        </span>
    }
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
    fn ints_and_percent() {
        assert_eq!(format_int(1_234_567), "1,234,567");
        assert_eq!(format_int(-42), "-42");
        assert_eq!(format_pct(0.1234), "12.3%");
    }
}
