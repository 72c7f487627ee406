//! The fields each kind of file carries, the header names that mean them
//! (Chinese and English) and how a file's headers map to them. Shared by the
//! server (which reads the file) and the browser (which shows the mapping
//! before the upload and lets the admin change it).

use std::collections::{BTreeMap, HashSet};

use super::ImportKind;
use crate::validate::Lang;

/// One field a file can carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldSpec {
    /// Our name.
    pub name: &'static str,
    /// Must be present and non-empty.
    pub required: bool,
    /// Header names that mean it (compared without case, spaces, `_` and `-`).
    pub aliases: &'static [&'static str],
    /// Chinese label.
    pub zh: &'static str,
    /// English label.
    pub en: &'static str,
}

impl FieldSpec {
    /// The label in `lang`.
    #[must_use]
    pub const fn label(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

const fn f(
    name: &'static str,
    required: bool,
    (zh, en): (&'static str, &'static str),
    aliases: &'static [&'static str],
) -> FieldSpec {
    FieldSpec {
        name,
        required,
        aliases,
        zh,
        en,
    }
}

const CUSTOMER_NO: &[&str] = &[
    "customer_no",
    "customer_id",
    "cust_no",
    "客户号",
    "客户编号",
];
const CARD_NUMBER: &[&str] = &["card_number", "card_no", "pan", "卡号"];
const CHANNEL: &[&str] = &["channel", "交易渠道", "还款渠道", "还款方式", "渠道"];
const CUSTOMER_NO_LABEL: (&str, &str) = ("客户号", "Customer no.");
const CARD_LABEL: (&str, &str) = ("卡号", "Card number");

const CUSTOMER_FIELDS: [FieldSpec; 14] = [
    f("customer_no", true, CUSTOMER_NO_LABEL, CUSTOMER_NO),
    f(
        "name",
        true,
        ("姓名", "Name"),
        &["name", "customer_name", "姓名", "客户姓名"],
    ),
    f(
        "gender",
        true,
        ("性别", "Gender"),
        &["gender", "sex", "性别"],
    ),
    f(
        "birth_date",
        true,
        ("出生日期", "Birth date"),
        &["birth_date", "birthday", "dob", "出生日期"],
    ),
    f(
        "national_id",
        true,
        ("身份证号", "Resident ID"),
        &[
            "national_id",
            "id_number",
            "id_no",
            "身份证号",
            "证件号码",
            "身份证号码",
        ],
    ),
    f(
        "mobile",
        true,
        ("手机号", "Mobile"),
        &[
            "mobile",
            "phone",
            "mobile_phone",
            "手机",
            "手机号",
            "手机号码",
        ],
    ),
    f(
        "email",
        false,
        ("邮箱", "Email"),
        &["email", "邮箱", "电子邮箱"],
    ),
    f(
        "province",
        false,
        ("省份", "Province"),
        &["province", "省份", "省"],
    ),
    f("city", false, ("城市", "City"), &["city", "城市", "市"]),
    f(
        "residence",
        false,
        ("城乡", "Urban/rural"),
        &["residence", "urban_rural", "城乡", "居住地类型"],
    ),
    f(
        "occupation",
        false,
        ("职业", "Occupation"),
        &["occupation", "职业"],
    ),
    f(
        "income_band",
        false,
        ("收入", "Income band"),
        &["income_band", "income", "收入", "月收入"],
    ),
    f(
        "branch",
        true,
        ("开户网点", "Branch"),
        &["branch", "branch_code", "网点", "开户网点", "网点代码"],
    ),
    f(
        "joined_on",
        false,
        ("开户日期", "Joined on"),
        &["joined_on", "join_date", "入网日期", "开户日期"],
    ),
];

const CARD_FIELDS: [FieldSpec; 6] = [
    f("card_number", true, CARD_LABEL, CARD_NUMBER),
    f("customer_no", true, CUSTOMER_NO_LABEL, CUSTOMER_NO),
    f(
        "product",
        true,
        ("卡产品", "Card product"),
        &["product", "product_code", "card_product", "卡产品", "产品"],
    ),
    f(
        "credit_limit",
        true,
        ("信用额度", "Credit limit"),
        &["credit_limit", "limit", "信用额度", "额度"],
    ),
    f(
        "status",
        false,
        ("状态", "Status"),
        &["status", "card_status", "状态", "卡片状态"],
    ),
    f(
        "opened_on",
        true,
        ("开卡日期", "Opened on"),
        &["opened_on", "open_date", "开卡日期", "发卡日期"],
    ),
];

const TX_FIELDS: [FieldSpec; 8] = [
    f(
        "reference",
        true,
        ("交易流水号", "Reference"),
        &[
            "reference",
            "txn_id",
            "transaction_id",
            "ref",
            "流水号",
            "交易流水号",
        ],
    ),
    f("card_number", false, CARD_LABEL, CARD_NUMBER),
    f("customer_no", false, CUSTOMER_NO_LABEL, CUSTOMER_NO),
    f(
        "occurred_at",
        true,
        ("交易时间", "Time"),
        &[
            "occurred_at",
            "time",
            "date",
            "txn_time",
            "交易时间",
            "交易日期",
        ],
    ),
    f(
        "amount",
        true,
        ("交易金额", "Amount"),
        &["amount", "txn_amount", "金额", "交易金额"],
    ),
    f(
        "merchant",
        true,
        ("商户名称", "Merchant"),
        &["merchant", "merchant_name", "商户", "商户名称"],
    ),
    f(
        "category",
        false,
        ("消费类别", "Category"),
        &["category", "mcc_category", "类别", "商户类别", "消费类别"],
    ),
    f("channel", false, ("交易渠道", "Channel"), CHANNEL),
];

const STATEMENT_FIELDS: [FieldSpec; 13] = [
    f("card_number", false, CARD_LABEL, CARD_NUMBER),
    f("customer_no", false, CUSTOMER_NO_LABEL, CUSTOMER_NO),
    f(
        "cycle",
        true,
        ("账期", "Cycle (month)"),
        &[
            "cycle",
            "statement_cycle",
            "bill_month",
            "账期",
            "账单月份",
            "账单周期",
        ],
    ),
    f(
        "closing_date",
        true,
        ("账单日", "Closing date"),
        &["closing_date", "statement_date", "账单日", "出账日"],
    ),
    f(
        "due_date",
        true,
        ("到期还款日", "Due date"),
        &["due_date", "payment_due_date", "到期还款日", "最后还款日"],
    ),
    f(
        "previous_balance",
        false,
        ("上期余额", "Previous balance"),
        &["previous_balance", "上期余额", "上期账单金额"],
    ),
    f(
        "purchases",
        false,
        ("本期消费", "Purchases"),
        &["purchases", "本期消费", "消费金额"],
    ),
    f(
        "interest",
        false,
        ("利息", "Interest"),
        &["interest", "利息"],
    ),
    f(
        "new_balance",
        true,
        ("本期应还", "New balance"),
        &[
            "new_balance",
            "statement_balance",
            "本期应还",
            "本期应还金额",
            "账单金额",
        ],
    ),
    f(
        "minimum_due",
        true,
        ("最低还款额", "Minimum due"),
        &[
            "minimum_due",
            "min_payment",
            "minimum_payment",
            "最低还款额",
        ],
    ),
    f(
        "paid",
        false,
        ("已还金额", "Paid"),
        &["paid", "paid_amount", "已还金额"],
    ),
    f(
        "paid_on",
        false,
        ("还清日期", "Paid on"),
        &["paid_on", "还清日期", "还款完成日"],
    ),
    f(
        "days_past_due",
        false,
        ("逾期天数", "Days past due"),
        &["days_past_due", "dpd", "逾期天数"],
    ),
];

const PAYMENT_FIELDS: [FieldSpec; 6] = [
    f(
        "reference",
        true,
        ("还款流水号", "Reference"),
        &[
            "reference",
            "payment_id",
            "txn_id",
            "ref",
            "流水号",
            "还款流水号",
        ],
    ),
    f("card_number", false, CARD_LABEL, CARD_NUMBER),
    f("customer_no", false, CUSTOMER_NO_LABEL, CUSTOMER_NO),
    f(
        "paid_at",
        true,
        ("还款时间", "Paid at"),
        &[
            "paid_at",
            "payment_time",
            "time",
            "date",
            "还款时间",
            "还款日期",
        ],
    ),
    f(
        "amount",
        true,
        ("还款金额", "Amount"),
        &["amount", "payment_amount", "金额", "还款金额"],
    ),
    f("channel", false, ("还款渠道", "Channel"), CHANNEL),
];

const SURVEY_FIELDS: [FieldSpec; 8] = [
    f(
        "reference",
        true,
        ("答卷编号", "Reference"),
        &[
            "reference",
            "response_id",
            "ref",
            "答卷编号",
            "问卷编号",
            "编号",
        ],
    ),
    f("customer_no", true, CUSTOMER_NO_LABEL, CUSTOMER_NO),
    f(
        "responded_at",
        true,
        ("答卷时间", "Answered at"),
        &[
            "responded_at",
            "time",
            "date",
            "答卷时间",
            "调查时间",
            "时间",
        ],
    ),
    f(
        "nps",
        false,
        ("推荐度（0–10）", "NPS (0–10)"),
        &["nps", "推荐度", "推荐意愿", "nps评分"],
    ),
    f(
        "csat",
        false,
        ("满意度（1–5）", "CSAT (1–5)"),
        &["csat", "满意度", "满意度评分"],
    ),
    f(
        "channel",
        false,
        ("调查渠道", "Channel"),
        &["channel", "调查渠道", "渠道"],
    ),
    f(
        "touchpoint",
        false,
        ("触点", "Touchpoint"),
        &["touchpoint", "触点", "接触点"],
    ),
    f(
        "comment",
        false,
        ("意见", "Comment"),
        &["comment", "意见", "评论", "留言", "备注"],
    ),
];

/// The fields of a kind, in report order.
#[must_use]
pub const fn fields(kind: ImportKind) -> &'static [FieldSpec] {
    match kind {
        ImportKind::Customers => &CUSTOMER_FIELDS,
        ImportKind::Cards => &CARD_FIELDS,
        ImportKind::Transactions => &TX_FIELDS,
        ImportKind::Statements => &STATEMENT_FIELDS,
        ImportKind::Payments => &PAYMENT_FIELDS,
        ImportKind::SurveyResponses => &SURVEY_FIELDS,
    }
}

/// The field `name` of `kind`.
#[must_use]
pub fn field(kind: ImportKind, name: &str) -> Option<&'static FieldSpec> {
    fields(kind).iter().find(|s| s.name == name)
}

/// Whether a row names its card by number or, failing that, by customer (the
/// customer's primary card): the two fields are then each optional, but one
/// of them must have a column.
#[must_use]
pub const fn card_or_customer(kind: ImportKind) -> bool {
    matches!(
        kind,
        ImportKind::Transactions | ImportKind::Statements | ImportKind::Payments
    )
}

/// A header as compared with the aliases: no case, spaces, `_`, `-` or BOM.
#[must_use]
pub fn squash(text: &str) -> String {
    text.trim()
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The field each header is read as: an explicit mapping (header → field,
/// an empty field meaning "ignore") first, then the aliases; a header that
/// matches nothing is ignored, and a field is read from its first header only.
#[must_use]
pub fn map_headers(
    kind: ImportKind,
    headers: &[String],
    explicit: &BTreeMap<String, String>,
) -> Vec<Option<&'static str>> {
    let specs = fields(kind);
    let mut taken = HashSet::new();
    headers
        .iter()
        .map(|h| {
            let field = match explicit.get(h.trim()) {
                Some(name) => specs.iter().find(|s| s.name == name).map(|s| s.name),
                None => specs
                    .iter()
                    .find(|s| s.aliases.iter().any(|a| squash(a) == squash(h)))
                    .map(|s| s.name),
            }?;
            taken.insert(field).then_some(field)
        })
        .collect()
}

/// Required fields without a column under `mapped` (for card-or-customer
/// kinds, `card_number` stands for "card number or customer number").
#[must_use]
pub fn missing_fields(kind: ImportKind, mapped: &[Option<&str>]) -> Vec<&'static str> {
    let has = |name: &str| mapped.contains(&Some(name));
    let mut out: Vec<&'static str> = fields(kind)
        .iter()
        .filter(|s| s.required && !has(s.name))
        .map(|s| s.name)
        .collect();
    if card_or_customer(kind) && !has("card_number") && !has("customer_no") {
        out.insert(0, "card_number");
    }
    out
}

/// The header line of an empty template for `kind`: each field by its
/// Chinese label when that is a header name it is read by, else by its first
/// Chinese header name (the name itself when it has none).
#[must_use]
pub fn template_header(kind: ImportKind) -> String {
    fields(kind)
        .iter()
        .map(|s| {
            if s.aliases.contains(&s.zh) {
                return s.zh;
            }
            s.aliases
                .iter()
                .find(|a| !a.is_ascii())
                .copied()
                .unwrap_or(s.name)
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Splits a header line (`delimiter` `,` or tab; double quotes around a
/// name, `""` for a quote inside), for showing the mapping before upload.
#[must_use]
pub fn split_header(line: &str, delimiter: char) -> Vec<String> {
    let line = line.trim_end_matches(['\r', '\n']);
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == delimiter && !quoted => out.push(std::mem::take(&mut cell)),
            c => cell.push(c),
        }
    }
    out.push(cell);
    out.into_iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_owned())
        .collect()
}

/// Tab when the line has more tabs than commas, else comma.
#[must_use]
pub fn sniff_delimiter(first_line: &str) -> u8 {
    let tabs = first_line.matches('\t').count();
    let commas = first_line.matches(',').count();
    if tabs > commas { b'\t' } else { b',' }
}

/// Whether the first bytes of a file read as UTF-8 (a BOM, or valid UTF-8
/// up to a character cut at the end of the sample); otherwise the file is
/// read as GB18030, a superset of GBK.
#[must_use]
pub fn looks_utf8(head: &[u8]) -> bool {
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return true;
    }
    match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn headers_map_in_both_languages_and_by_override() {
        let m = map_headers(
            ImportKind::Transactions,
            &h(&[
                "交易流水号",
                "卡号",
                "交易时间",
                "Amount",
                "商户名称",
                "note",
                "Txn_ID",
            ]),
            &BTreeMap::new(),
        );
        assert_eq!(
            m,
            [
                Some("reference"),
                Some("card_number"),
                Some("occurred_at"),
                Some("amount"),
                Some("merchant"),
                None,
                None
            ]
        );
        let mut explicit = BTreeMap::new();
        explicit.insert("note".to_owned(), "category".to_owned());
        explicit.insert("卡号".to_owned(), String::new());
        let m = map_headers(ImportKind::Transactions, &h(&["note", "卡号"]), &explicit);
        assert_eq!(m, [Some("category"), None]);
    }

    #[test]
    fn every_kind_has_unique_fields_and_labels_in_both_languages() {
        for kind in ImportKind::ALL {
            let specs = fields(*kind);
            let names: HashSet<&str> = specs.iter().map(|s| s.name).collect();
            assert_eq!(names.len(), specs.len(), "{kind}");
            for s in specs {
                assert!(
                    !s.zh.is_empty() && !s.en.is_empty() && s.zh != s.en,
                    "{}",
                    s.name
                );
                // every field is found by its own name
                let m = map_headers(*kind, &h(&[s.name]), &BTreeMap::new());
                assert_eq!(m, [Some(s.name)], "{kind}.{}", s.name);
            }
        }
    }

    #[test]
    fn templates_read_back_as_every_field() {
        for kind in ImportKind::ALL {
            let header = template_header(*kind);
            let mapped = map_headers(*kind, &split_header(&header, ','), &BTreeMap::new());
            let names: Vec<Option<&str>> = fields(*kind).iter().map(|s| Some(s.name)).collect();
            assert_eq!(mapped, names, "{kind}: {header}");
        }
        assert!(template_header(ImportKind::Transactions).starts_with("交易流水号,卡号,客户号,"));
    }

    #[test]
    fn missing_required_fields_are_named() {
        let kind = ImportKind::Payments;
        assert_eq!(
            missing_fields(kind, &[Some("reference"), Some("amount")]),
            ["card_number", "paid_at"]
        );
        assert!(
            missing_fields(
                kind,
                &[
                    Some("reference"),
                    Some("customer_no"),
                    Some("paid_at"),
                    Some("amount")
                ]
            )
            .is_empty()
        );
    }

    #[test]
    fn header_lines_split_with_quotes_and_tabs() {
        assert_eq!(
            split_header("\u{feff}卡号,\"金额, 元\",\"say \"\"hi\"\"\"\r\n", ','),
            ["卡号", "金额, 元", "say \"hi\""]
        );
        assert_eq!(split_header("a\tb", '\t'), ["a", "b"]);
        assert_eq!(sniff_delimiter("a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter("a,b,c"), b',');
    }

    #[test]
    fn utf8_is_told_from_gbk() {
        assert!(looks_utf8(b"\xEF\xBB\xBFa,b"));
        assert!(looks_utf8("卡号,金额".as_bytes()));
        assert!(looks_utf8(&"卡号".as_bytes()[..4]));
        // 卡号 in GBK
        assert!(!looks_utf8(&[0xBF, 0xA8, 0xBA, 0xC5]));
    }
}
