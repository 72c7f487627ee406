//! Sample files for trying the importer on public data: the CDNOW sample
//! (2,357 customers' CD purchases, 1997–98; Fader, Hardie and Lee; shipped
//! with `pip install lifetimes` as `CDNOW_sample.txt`) as the three CSV files
//! a bank would export — customers, one card each, and every purchase as a
//! transaction. `crm-server sample-files cdnow` writes them; the import tests
//! use the same files.

use std::collections::BTreeMap;

use crate::import::values;

/// The three files and, per CDNOW customer id, the purchase count and spend (fen).
pub struct SampleFiles {
    /// customers.csv
    pub customers: String,
    /// cards.csv
    pub cards: String,
    /// transactions.csv
    pub transactions: String,
    /// CDNOW id → (purchases, spend in fen), as in the source.
    pub expected: BTreeMap<u32, (i64, i64)>,
}

/// A valid card number with the given 15-digit prefix (Luhn check digit added).
#[must_use]
pub fn pan_with_prefix(prefix15: &str) -> String {
    (0..10)
        .map(|d| format!("{prefix15}{d}"))
        .find(|p| values::luhn(p))
        .unwrap_or_default()
}

/// A valid resident ID for a 17-digit body.
#[must_use]
pub fn national_id_for(body17: &str) -> String {
    format!("{body17}{}", crate::seed::generate::id_check_char(body17))
}

/// The CDNOW sample (`customer_id_in_master id date(YYYYMMDD) quantity amount`
/// per line) as customers of `branch`, with one `standard` card each and every
/// purchase as an `entertainment` transaction.
///
/// # Errors
/// A line that is not five fields with a numeric id and a valid amount.
pub fn cdnow(text: &str, branch: &str) -> Result<SampleFiles, String> {
    let mut expected: BTreeMap<u32, (i64, i64)> = BTreeMap::new();
    let mut transactions =
        String::from("reference,customer_no,occurred_at,amount,merchant,category\n");
    for (n, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        let bad = || format!("line {}: not a CDNOW sample line", n + 1);
        if cols.len() != 5 {
            return Err(bad());
        }
        let id: u32 = cols[1].parse().map_err(|_| bad())?;
        let fen = values::amount_fen(cols[4]).map_err(|_| bad())?;
        let e = expected.entry(id).or_default();
        e.0 += 1;
        e.1 += fen;
        transactions.push_str(&format!(
            "CD{n},CDNOW-{id},{},{},CDNOW,entertainment\n",
            cols[2], cols[4]
        ));
    }
    let mut customers =
        String::from("customer_no,name,gender,birth_date,national_id,mobile,branch,joined_on\n");
    let mut cards = String::from("card_number,customer_no,product,credit_limit,opened_on\n");
    let born = chrono::NaiveDate::from_ymd_opt(1950, 1, 1).unwrap_or_default();
    for id in expected.keys() {
        let birth = born + chrono::Days::new(u64::from(*id));
        customers.push_str(&format!(
            "CDNOW-{id},顾客{id},female,1970-01-01,{},1{:010},{branch},1997-01-01\n",
            national_id_for(&format!("310101{}123", birth.format("%Y%m%d"))),
            id
        ));
        cards.push_str(&format!(
            "{},CDNOW-{id},standard,10000,1997-01-01\n",
            pan_with_prefix(&format!("6222027{id:08}"))
        ));
    }
    Ok(SampleFiles {
        customers,
        cards,
        transactions,
        expected,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cdnow_lines_become_three_files() {
        let text = "00001 1 19970101 1 11.77\n00002 2 19970112 1 12.00\n00002 2 19970112 5 77.00\n";
        let f = cdnow(text, "B001").unwrap();
        assert_eq!(f.expected[&2], (2, 8_900));
        assert_eq!(f.transactions.lines().count(), 4);
        assert_eq!(f.customers.lines().count(), 3);
        let card = f
            .cards
            .lines()
            .nth(1)
            .unwrap()
            .split(',')
            .next()
            .unwrap()
            .to_owned();
        assert!(values::luhn(&card) && card.starts_with("6222027"));
        assert!(cdnow("1 2 3", "B001").is_err());
    }
}
