//! Importing a bank's CSV exports: what can be imported, the problems a row
//! can have, and the report of a dry run or a commit.

use serde::{Deserialize, Serialize};

use crate::validate::Lang;

crate::enums::wire_enum! {
    /// What a file holds.
    ImportKind {
        /// Customers (profile, contact, branch).
        Customers = "customers",
        /// Cards of existing customers (card numbers are tokenised).
        Cards = "cards",
        /// Card transactions of existing cards.
        Transactions = "transactions",
    }
}

crate::enums::wire_enum! {
    /// What is wrong with a cell or a row.
    IssueCode {
        /// Empty but required.
        Required = "required",
        /// Not a date in a known format.
        BadDate = "bad_date",
        /// Not an amount.
        BadAmount = "bad_amount",
        /// Not a valid card number.
        BadCardNumber = "bad_card_number",
        /// Not a valid resident ID.
        BadNationalId = "bad_national_id",
        /// Not a mainland mobile number.
        BadMobile = "bad_mobile",
        /// Too long.
        TooLong = "too_long",
        /// Not one of the allowed values.
        NotAllowed = "not_allowed",
        /// The customer it refers to does not exist.
        UnknownCustomer = "unknown_customer",
        /// The card it refers to does not exist.
        UnknownCard = "unknown_card",
        /// The branch it refers to does not exist.
        UnknownBranch = "unknown_branch",
        /// The same key appears earlier in the file.
        Duplicate = "duplicate",
        /// The row has a different number of cells from the header.
        WrongCellCount = "wrong_cell_count",
        /// A date in the future.
        InFuture = "in_future",
        /// The resident ID belongs to another customer.
        IdTaken = "id_taken",
    }
}

impl IssueCode {
    /// What is wrong, in words.
    #[must_use]
    pub const fn message(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Self::Required => ("必填", "required"),
            Self::BadDate => (
                "日期格式无法识别（如 2026-11-28）",
                "not a date (e.g. 2026-11-28)",
            ),
            Self::BadAmount => (
                "金额格式无法识别（最多两位小数）",
                "not an amount (at most two decimals)",
            ),
            Self::BadCardNumber => (
                "卡号无效（13–19 位且校验位正确）",
                "not a valid card number",
            ),
            Self::BadNationalId => ("身份证号无效", "not a valid resident ID"),
            Self::BadMobile => ("手机号无效", "not a valid mobile number"),
            Self::TooLong => ("内容过长", "too long"),
            Self::NotAllowed => ("不是允许的取值", "not an allowed value"),
            Self::UnknownCustomer => ("客户不存在", "no such customer"),
            Self::UnknownCard => ("卡片不存在", "no such card"),
            Self::UnknownBranch => ("网点不存在", "no such branch"),
            Self::Duplicate => ("与文件中前面的行重复", "repeats an earlier row of the file"),
            Self::WrongCellCount => ("列数与表头不一致", "cell count differs from the header"),
            Self::InFuture => ("日期晚于今天", "date is in the future"),
            Self::IdTaken => (
                "身份证号已属于其他客户",
                "resident ID belongs to another customer",
            ),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// One problem: where and what (never the cell's value).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportIssue {
    /// Line in the file (the header is line 1).
    pub line: u64,
    /// Field (our name), or `""` for the whole row.
    pub field: String,
    /// What is wrong.
    pub code: IssueCode,
}

/// Problems of one field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldIssues {
    /// Field (our name), or `""` for the whole row.
    pub field: String,
    /// How many rows have a problem in it.
    pub count: u64,
    /// The first few, in file order.
    pub first: Vec<ImportIssue>,
}

/// What an import did (or, in a dry run, would do).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    /// What the file holds.
    pub kind: ImportKind,
    /// Only validated; nothing written.
    pub dry_run: bool,
    /// `utf-8` or `gb18030`.
    pub encoding: String,
    /// `,` or `\t`.
    pub delimiter: String,
    /// Each header of the file and the field it was read as (`None`: ignored).
    pub mapping: Vec<(String, Option<String>)>,
    /// Data rows read.
    pub rows: u64,
    /// Rows with at least one problem.
    pub invalid_rows: u64,
    /// Rows written (0 in a dry run or when any row was invalid).
    pub inserted: u64,
    /// Valid rows already in the database (same natural key), left as they were.
    pub already_present: u64,
    /// Whether anything was written: only when every row is valid.
    pub committed: bool,
    /// Problems by field, in the order of the fields.
    pub issues: Vec<FieldIssues>,
    /// Seconds taken.
    pub seconds: f64,
}

/// How many problems per field a report lists.
pub const FIRST_ISSUES: usize = 20;

/// Header of a problems CSV.
pub const ISSUES_CSV_HEADER: &str = "line,field,code,message";

/// One problem as a CSV line (no newline); the message's commas become
/// full-width so the line needs no quoting.
#[must_use]
pub fn issue_line(line: u64, field: &str, code: IssueCode, lang: Lang) -> String {
    format!(
        "{line},{field},{},{}",
        code.as_str(),
        code.message(lang).replace(',', "，")
    )
}

/// The report's listed problems as CSV (header first, by line), for download.
#[must_use]
pub fn issues_csv(report: &ImportReport, lang: Lang) -> String {
    let mut all: Vec<&ImportIssue> = report.issues.iter().flat_map(|f| &f.first).collect();
    all.sort_by_key(|i| i.line);
    let mut out = format!("{ISSUES_CSV_HEADER}\n");
    for i in all {
        out.push_str(&issue_line(i.line, &i.field, i.code, lang));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_issue_reads_in_both_languages() {
        for c in IssueCode::ALL {
            assert_ne!(c.message(Lang::Zh), c.message(Lang::En));
            assert_eq!(IssueCode::parse(c.as_str()), Some(*c));
        }
    }
}
