//! Importing a bank's CSV exports: what can be imported, the problems a row
//! can have, and the report of a dry run or a commit.

pub mod fields;

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
        /// Monthly statements of existing cards.
        Statements = "statements",
        /// Repayments to existing cards.
        Payments = "payments",
        /// Answers to satisfaction surveys (NPS, CSAT) of existing customers.
        SurveyResponses = "survey_responses",
    }
}

impl ImportKind {
    /// The kind in words.
    #[must_use]
    pub const fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Self::Customers => ("客户", "Customers"),
            Self::Cards => ("卡片", "Cards"),
            Self::Transactions => ("交易", "Transactions"),
            Self::Statements => ("账单", "Statements"),
            Self::Payments => ("还款", "Payments"),
            Self::SurveyResponses => ("满意度调查答卷", "Survey responses"),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
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
        /// A number outside its allowed range (a score, a date before another).
        OutOfRange = "out_of_range",
        /// Not a month such as 2026-11.
        BadMonth = "bad_month",
        /// A survey answer without NPS or CSAT.
        ScoreMissing = "score_missing",
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
            Self::OutOfRange => ("超出允许范围", "out of the allowed range"),
            Self::BadMonth => (
                "账期格式无法识别（如 2026-11）",
                "not a month (e.g. 2026-11)",
            ),
            Self::ScoreMissing => (
                "推荐度（NPS）与满意度（CSAT）至少填一项",
                "give NPS or CSAT (or both)",
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

/// One problem as a CSV line (no newline); the field name comes from the
/// uploaded file's header, so it goes through the shared CSV writer.
#[must_use]
pub fn issue_line(line: u64, field: &str, code: IssueCode, lang: Lang) -> String {
    format!(
        "{line},{},{},{}",
        crate::csv::field(field),
        code.as_str(),
        crate::csv::field(code.message(lang))
    )
}

crate::enums::wire_enum! {
    /// Where an import run is.
    ImportStatus {
        /// Reading and writing.
        Running = "running",
        /// Finished: the report says what happened.
        Done = "done",
        /// Stopped by an error (nothing written).
        Failed = "failed",
    }
}

/// One import: who, what, how far, and the report once done.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRun {
    /// Run id.
    pub id: i64,
    /// What the file holds.
    pub kind: ImportKind,
    /// The uploaded file's name (as the browser gave it).
    pub file_name: String,
    /// Only validated.
    pub dry_run: bool,
    /// Where it is.
    pub status: ImportStatus,
    /// Who started it.
    pub user: String,
    /// Started (Unix seconds).
    pub started_at: i64,
    /// Finished (Unix seconds).
    pub finished_at: Option<i64>,
    /// Size of the file.
    pub bytes_total: u64,
    /// Bytes read so far.
    pub bytes_done: u64,
    /// Data rows read so far.
    pub rows_done: u64,
    /// The report, once done.
    pub report: Option<ImportReport>,
    /// Why it failed.
    pub error: Option<String>,
    /// Problems kept for download (every one, not only the first per field).
    pub problems: u64,
}

/// A saved column mapping: which field each header of a bank's export means.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportMapping {
    /// Mapping id.
    pub id: i64,
    /// Kind of file it is for.
    pub kind: ImportKind,
    /// Name (unique per kind).
    pub name: String,
    /// Header → field; an empty field ignores the column.
    pub columns: Vec<(String, String)>,
    /// Last saved (Unix seconds).
    pub updated_at: i64,
}

/// Saves a mapping (replacing one of the same kind and name).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewImportMapping {
    /// Kind of file it is for.
    pub kind: ImportKind,
    /// Name, 1–40 characters.
    pub name: String,
    /// Header → field; an empty field ignores the column.
    pub columns: Vec<(String, String)>,
}

impl NewImportMapping {
    /// Checks the name and that every field exists for the kind.
    ///
    /// # Errors
    /// The problems by field (`name`, `columns`).
    pub fn validate(&self) -> Result<(), crate::validate::Errors> {
        use crate::validate::{Errors, Problem};
        let mut e = Errors::default();
        let name = self.name.trim();
        if name.is_empty() {
            e.add("name", Problem::Required);
        } else if name.chars().count() > 40 {
            e.add("name", Problem::TooLong { max: 40 });
        }
        let fields_ok = !self.columns.is_empty()
            && self.columns.len() <= 200
            && self.columns.iter().all(|(h, f)| {
                !h.trim().is_empty()
                    && h.chars().count() <= 100
                    && (f.is_empty() || fields::field(self.kind, f).is_some())
            });
        if !fields_ok {
            e.add("columns", Problem::NotAllowed);
        }
        e.into_result()
    }
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
        for k in ImportKind::ALL {
            assert_ne!(k.label(Lang::Zh), k.label(Lang::En));
        }
    }

    #[test]
    fn mappings_need_a_name_and_known_fields() {
        let m = NewImportMapping {
            kind: ImportKind::Payments,
            name: "核心系统导出".into(),
            columns: vec![
                ("流水".into(), "reference".into()),
                ("备注".into(), String::new()),
            ],
        };
        assert!(m.validate().is_ok());
        let e = NewImportMapping {
            name: " ".into(),
            columns: vec![("x".into(), "merchant".into())],
            ..m
        }
        .validate()
        .unwrap_err();
        assert!(e.get("name").is_some() && e.get("columns").is_some());
    }
}
