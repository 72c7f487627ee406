//! Reading one cell of a bank's CSV export: dates and times in the formats
//! core systems write, amounts with or without currency signs and thousands
//! separators, card numbers (Luhn-checked), national IDs (GB 11643 check
//! digit), mobile numbers, and the enumerations in English or Chinese.
//!
//! Every function is pure and answers `Err(Problem)`; the problem never
//! quotes the value, so a card number cannot leak into a report or a log.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use crm_api::imports::IssueCode;

/// Why a cell was refused.
pub type Problem = IssueCode;

/// A date: `2026-11-28`, `2026/11/28`, `2026.11.28`, `20261128`, `2026年11月28日`.
pub fn date(text: &str) -> Result<NaiveDate, Problem> {
    let t = text.trim();
    if t.is_empty() {
        return Err(IssueCode::Required);
    }
    let t = t.replace(['年', '月'], "-").replace('日', "");
    for f in ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(&t, f)
            && (1900..=2100).contains(&chrono::Datelike::year(&d))
        {
            return Ok(d);
        }
    }
    Err(IssueCode::BadDate)
}

/// A moment in Shanghai: a date, optionally followed by ` HH:MM[:SS]` (or
/// `T`); Unix seconds UTC.
pub fn datetime(text: &str) -> Result<i64, Problem> {
    let t = text.trim();
    if t.is_empty() {
        return Err(IssueCode::Required);
    }
    let (d, time) = match t.split_once([' ', 'T']) {
        Some((d, rest)) => (d, Some(rest.trim())),
        None => (t, None),
    };
    let day = date(d)?;
    let time = match time {
        None | Some("") => NaiveTime::MIN,
        Some(s) => NaiveTime::parse_from_str(s, "%H:%M:%S")
            .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M"))
            .map_err(|_| IssueCode::BadDate)?,
    };
    let local = NaiveDateTime::new(day, time);
    Ok(local.and_utc().timestamp() - 8 * 3600)
}

/// Money in fen: `1234.5`, `¥1,234.50`, `CNY 12`, `12元`, `-3.00`, `(3.00)`.
/// At most two decimals; at most ¥100 million either way.
pub fn amount_fen(text: &str) -> Result<i64, Problem> {
    let mut t = text.trim().to_owned();
    if t.is_empty() {
        return Err(IssueCode::Required);
    }
    let mut negative = false;
    if t.starts_with('(') && t.ends_with(')') {
        negative = true;
        t = t[1..t.len() - 1].to_owned();
    }
    for sign in ["CNY", "RMB", "cny", "rmb", "¥", "￥", "元"] {
        t = t.replace(sign, "");
    }
    let t: String = t
        .chars()
        .filter(|c| *c != ',' && !c.is_whitespace())
        .collect();
    let t = match t.strip_prefix('-') {
        Some(rest) => {
            negative = !negative;
            rest.to_owned()
        }
        None => t.strip_prefix('+').unwrap_or(&t).to_owned(),
    };
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty() && frac.is_empty() {
        return Err(IssueCode::BadAmount);
    }
    if !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 2
        || whole.len() > 9
    {
        return Err(IssueCode::BadAmount);
    }
    let yuan: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| IssueCode::BadAmount)?
    };
    let fen: i64 = format!("{frac:0<2}")
        .parse()
        .map_err(|_| IssueCode::BadAmount)?;
    let total = yuan * 100 + fen;
    if total > 10_000_000_000 {
        return Err(IssueCode::BadAmount);
    }
    Ok(if negative { -total } else { total })
}

/// A card number's digits (spaces and dashes allowed), 13–19 long, Luhn-valid.
pub fn pan(text: &str) -> Result<String, Problem> {
    let t = text.trim();
    if t.is_empty() {
        return Err(IssueCode::Required);
    }
    let digits: String = t.chars().filter(|c| *c != ' ' && *c != '-').collect();
    if !(13..=19).contains(&digits.len()) || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(IssueCode::BadCardNumber);
    }
    if !luhn(&digits) {
        return Err(IssueCode::BadCardNumber);
    }
    Ok(digits)
}

/// The Luhn check of a digit string.
#[must_use]
pub fn luhn(digits: &str) -> bool {
    let mut sum = 0;
    for (i, c) in digits.chars().rev().enumerate() {
        let Some(mut d) = c.to_digit(10) else {
            return false;
        };
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum % 10 == 0
}

/// An 18-character resident ID with a valid GB 11643 check character and birth date.
pub fn national_id(text: &str) -> Result<String, Problem> {
    let t = text.trim().to_uppercase();
    if t.is_empty() {
        return Err(IssueCode::Required);
    }
    let chars: Vec<char> = t.chars().collect();
    if chars.len() != 18 || !chars[..17].iter().all(char::is_ascii_digit) {
        return Err(IssueCode::BadNationalId);
    }
    if crate::seed::generate::id_check_char(&t[..17]) != chars[17] {
        return Err(IssueCode::BadNationalId);
    }
    if NaiveDate::parse_from_str(&t[6..14], "%Y%m%d").is_err() {
        return Err(IssueCode::BadNationalId);
    }
    Ok(t)
}

/// A mainland mobile number: 11 digits starting with 1 (a `+86` prefix is dropped).
pub fn mobile(text: &str) -> Result<String, Problem> {
    let t: String = text
        .trim()
        .trim_start_matches("+86")
        .chars()
        .filter(|c| *c != ' ' && *c != '-')
        .collect();
    if t.is_empty() {
        return Err(IssueCode::Required);
    }
    if t.len() != 11 || !t.starts_with('1') || !t.chars().all(|c| c.is_ascii_digit()) {
        return Err(IssueCode::BadMobile);
    }
    Ok(t)
}

/// Required text, trimmed, at most `max` characters.
pub fn text(value: &str, max: usize) -> Result<String, Problem> {
    let t = value.trim();
    if t.is_empty() {
        return Err(IssueCode::Required);
    }
    if t.chars().count() > max {
        return Err(IssueCode::TooLong);
    }
    Ok(t.to_owned())
}

/// One of a fixed set, by its wire spelling or any alias (case-insensitive).
pub fn choice<T: Copy>(value: &str, options: &[(T, &[&str])]) -> Result<T, Problem> {
    let t = value.trim();
    if t.is_empty() {
        return Err(IssueCode::Required);
    }
    options
        .iter()
        .find(|(_, names)| names.iter().any(|n| n.eq_ignore_ascii_case(t)))
        .map(|(v, _)| *v)
        .ok_or(IssueCode::NotAllowed)
}

/// A month: `2026-11`, `2026/11`, `202611`, `2026年11月`, or a date in it;
/// answered as `2026-11`.
pub fn month(text: &str) -> Result<String, Problem> {
    let t = text.trim();
    if t.is_empty() {
        return Err(IssueCode::Required);
    }
    if let Ok(d) = date(t) {
        return Ok(d.format("%Y-%m").to_string());
    }
    let t = t.replace('年', "-").replace('月', "");
    let (y, m) = match t.split_once(['-', '/', '.']) {
        Some((y, m)) => (y, m),
        None if t.len() == 6 => t.split_at(4),
        None => return Err(IssueCode::BadMonth),
    };
    match (y.parse::<i32>(), m.parse::<u32>()) {
        (Ok(y), Ok(m))
            if (1900..=2100).contains(&y) && (1..=12).contains(&m) && y.to_string().len() == 4 =>
        {
            Ok(format!("{y:04}-{m:02}"))
        }
        _ => Err(IssueCode::BadMonth),
    }
}

/// A whole number between `min` and `max` (`7`, ` 7 `, `7.0`).
pub fn integer(text: &str, min: i64, max: i64) -> Result<i64, Problem> {
    let t = text.trim();
    if t.is_empty() {
        return Err(IssueCode::Required);
    }
    let whole = t.strip_suffix(".0").unwrap_or(t);
    let n: i64 = whole.parse().map_err(|_| IssueCode::NotAllowed)?;
    if (min..=max).contains(&n) {
        Ok(n)
    } else {
        Err(IssueCode::OutOfRange)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_formats_core_systems_write() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 28);
        for t in [
            "2026-11-28",
            "2026/11/28",
            "2026.11.28",
            "20261128",
            "2026年11月28日",
            " 2026-11-28 ",
        ] {
            assert_eq!(date(t).ok(), d, "{t}");
        }
        assert_eq!(date(""), Err(IssueCode::Required));
        for t in ["2026-13-01", "28/11/2026", "yesterday", "1800-01-01"] {
            assert_eq!(date(t), Err(IssueCode::BadDate), "{t}");
        }
        // 2026-11-28 20:30 in Shanghai is 12:30 UTC
        assert_eq!(datetime("2026-11-28 20:30"), Ok(1_795_869_000));
        assert_eq!(datetime("2026-11-28T20:30:00"), Ok(1_795_869_000));
        assert_eq!(datetime("2026-11-28 25:00"), Err(IssueCode::BadDate));
    }

    #[test]
    fn months_and_whole_numbers() {
        for t in [
            "2026-11",
            "2026/11",
            "202611",
            "2026年11月",
            "2026-11-05",
            "2026.1",
        ] {
            let want = if t == "2026.1" { "2026-01" } else { "2026-11" };
            assert_eq!(month(t).as_deref(), Ok(want), "{t}");
        }
        for t in ["2026-13", "11/2026", "Nov", "20261"] {
            assert_eq!(month(t), Err(IssueCode::BadMonth), "{t}");
        }
        assert_eq!(integer(" 7 ", 0, 10), Ok(7));
        assert_eq!(integer("7.0", 0, 10), Ok(7));
        assert_eq!(integer("11", 0, 10), Err(IssueCode::OutOfRange));
        assert_eq!(integer("seven", 0, 10), Err(IssueCode::NotAllowed));
        assert_eq!(integer("", 0, 10), Err(IssueCode::Required));
    }

    #[test]
    fn amounts_with_and_without_currency_signs() {
        for (t, fen) in [
            ("1234.5", 123_450),
            ("¥1,234.50", 123_450),
            ("￥ 12", 1_200),
            ("CNY 12.3", 1_230),
            ("12元", 1_200),
            ("-3.00", -300),
            ("(3.00)", -300),
            ("0.05", 5),
            (".5", 50),
        ] {
            assert_eq!(amount_fen(t), Ok(fen), "{t}");
        }
        assert_eq!(amount_fen(""), Err(IssueCode::Required));
        for t in ["12.345", "abc", "1.2.3", "12e3", "¥", "9999999999"] {
            assert_eq!(amount_fen(t), Err(IssueCode::BadAmount), "{t}");
        }
    }

    #[test]
    fn card_numbers_are_luhn_checked() {
        // test numbers are assembled here so no full card number sits in the source
        let groups = ["6222", "0212", "3456", "7894"];
        let valid = groups.concat();
        assert_eq!(pan(&groups.join(" ")).as_deref(), Ok(valid.as_str()));
        assert_eq!(pan(&groups.join("-")).as_deref(), Ok(valid.as_str()));
        let visa_test = format!("4{}", "1".repeat(15));
        let off_by_one = format!("4{}2", "1".repeat(14));
        assert!(luhn(&visa_test));
        assert!(!luhn(&off_by_one));
        assert_eq!(pan(&off_by_one), Err(IssueCode::BadCardNumber));
        assert_eq!(pan("41111"), Err(IssueCode::BadCardNumber));
        assert_eq!(pan(""), Err(IssueCode::Required));
    }

    #[test]
    fn national_ids_need_the_check_character() {
        // the GB 11643 example
        assert_eq!(
            national_id("11010519491231002x").as_deref(),
            Ok("11010519491231002X")
        );
        assert_eq!(
            national_id("110105194912310021"),
            Err(IssueCode::BadNationalId)
        );
        assert_eq!(
            national_id("1101051949123100"),
            Err(IssueCode::BadNationalId)
        );
        assert_eq!(mobile("+86 138-0013-8000").as_deref(), Ok("13800138000"));
        assert_eq!(mobile("2380013800"), Err(IssueCode::BadMobile));
    }

    #[test]
    fn choices_take_aliases() {
        let opts: [(bool, &[&str]); 2] = [
            (true, &["male", "男", "M"]),
            (false, &["female", "女", "F"]),
        ];
        assert_eq!(choice("男", &opts), Ok(true));
        assert_eq!(choice("f", &opts), Ok(false));
        assert_eq!(choice("x", &opts), Err(IssueCode::NotAllowed));
        assert_eq!(text("  a ", 3).as_deref(), Ok("a"));
        assert_eq!(text("abcd", 3), Err(IssueCode::TooLong));
    }
}
