//! Importing a bank's CSV exports (customers, cards, transactions) in one
//! streaming pass.
//!
//! - The file is UTF-8 (with or without a BOM) or GBK/GB18030, comma or tab
//!   separated, with a header row. Headers map to fields by name, Chinese or
//!   English ([`fields`]); an explicit mapping overrides.
//! - Every row is validated (types, required fields, formats, references,
//!   duplicates within the file); the report gives counts and the first
//!   problems per field with line numbers, never a cell's value.
//! - The whole file is one database transaction: rows are written in batches
//!   while every row so far is valid, and the transaction commits only when
//!   every row of the file was valid and it is not a dry run. Natural keys
//!   (customer number, card token, transaction reference) make a second
//!   import of the same file change nothing.
//! - Card numbers are tokenised on the way in (keyed hash; first 6 and last 4
//!   kept): no full number is written anywhere.

pub mod values;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::io::Read;
use std::path::Path;
use std::time::Instant;

use crm_api::imports::{
    FIRST_ISSUES, FieldIssues, ImportIssue, ImportKind, ImportReport, IssueCode,
};
use crm_api::{Category, Gender, IncomeBand, Occupation, Residence, TxChannel};
use sqlx::{AnyConnection, Row};

use crate::crypto::{keyed_hash, seal};
use crate::db::{Backend, Q};
use crate::error::AppError;
use crate::{Config, Db};

/// One field a file can carry.
#[derive(Clone, Copy, Debug)]
pub struct FieldSpec {
    /// Our name.
    pub name: &'static str,
    /// Must be present and non-empty.
    pub required: bool,
    /// Header names that mean it (compared without case, spaces, `_` and `-`).
    pub aliases: &'static [&'static str],
}

const fn f(name: &'static str, required: bool, aliases: &'static [&'static str]) -> FieldSpec {
    FieldSpec {
        name,
        required,
        aliases,
    }
}

/// Headers that mean the customer number.
const CUSTOMER_NO: &[&str] = &[
    "customer_no",
    "customer_id",
    "cust_no",
    "客户号",
    "客户编号",
];

/// Headers that mean the card number.
const CARD_NUMBER: &[&str] = &["card_number", "card_no", "pan", "卡号"];

const CUSTOMER_FIELDS: [FieldSpec; 14] = [
    f("customer_no", true, CUSTOMER_NO),
    f("name", true, &["name", "customer_name", "姓名", "客户姓名"]),
    f("gender", true, &["gender", "sex", "性别"]),
    f(
        "birth_date",
        true,
        &["birth_date", "birthday", "dob", "出生日期"],
    ),
    f(
        "national_id",
        true,
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
        &[
            "mobile",
            "phone",
            "mobile_phone",
            "手机",
            "手机号",
            "手机号码",
        ],
    ),
    f("email", false, &["email", "邮箱", "电子邮箱"]),
    f("province", false, &["province", "省份", "省"]),
    f("city", false, &["city", "城市", "市"]),
    f(
        "residence",
        false,
        &["residence", "urban_rural", "城乡", "居住地类型"],
    ),
    f("occupation", false, &["occupation", "职业"]),
    f(
        "income_band",
        false,
        &["income_band", "income", "收入", "月收入"],
    ),
    f(
        "branch",
        true,
        &["branch", "branch_code", "网点", "开户网点", "网点代码"],
    ),
    f(
        "joined_on",
        false,
        &["joined_on", "join_date", "入网日期", "开户日期"],
    ),
];

const CARD_FIELDS: [FieldSpec; 6] = [
    f("card_number", true, CARD_NUMBER),
    f("customer_no", true, CUSTOMER_NO),
    f(
        "product",
        true,
        &["product", "product_code", "card_product", "卡产品", "产品"],
    ),
    f(
        "credit_limit",
        true,
        &["credit_limit", "limit", "信用额度", "额度"],
    ),
    f(
        "status",
        false,
        &["status", "card_status", "状态", "卡片状态"],
    ),
    f(
        "opened_on",
        true,
        &["opened_on", "open_date", "开卡日期", "发卡日期"],
    ),
];

const TX_FIELDS: [FieldSpec; 8] = [
    f(
        "reference",
        true,
        &[
            "reference",
            "txn_id",
            "transaction_id",
            "ref",
            "流水号",
            "交易流水号",
        ],
    ),
    f("card_number", false, CARD_NUMBER),
    f("customer_no", false, CUSTOMER_NO),
    f(
        "occurred_at",
        true,
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
        &["amount", "txn_amount", "金额", "交易金额"],
    ),
    f(
        "merchant",
        true,
        &["merchant", "merchant_name", "商户", "商户名称"],
    ),
    f(
        "category",
        false,
        &["category", "mcc_category", "类别", "商户类别", "消费类别"],
    ),
    f("channel", false, &["channel", "交易渠道", "渠道"]),
];

/// The fields of a kind, in report order.
#[must_use]
pub const fn fields(kind: ImportKind) -> &'static [FieldSpec] {
    match kind {
        ImportKind::Customers => &CUSTOMER_FIELDS,
        ImportKind::Cards => &CARD_FIELDS,
        ImportKind::Transactions => &TX_FIELDS,
    }
}

fn squash(text: &str) -> String {
    text.trim()
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The field each header is read as: an explicit mapping (header → field)
/// first, then the aliases; a header that matches nothing is ignored, and a
/// field is read from its first header only.
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

/// What to import and how.
#[derive(Clone, Debug)]
pub struct Options {
    /// What the file holds.
    pub kind: ImportKind,
    /// Validate and count only; write nothing.
    pub dry_run: bool,
    /// Header → field, overriding the automatic mapping.
    pub mapping: BTreeMap<String, String>,
    /// Who imports (for the audit log).
    pub user_id: i64,
    /// "Now" (Unix seconds): dates after today are refused.
    pub now: i64,
    /// Show a progress bar on the terminal.
    pub progress: bool,
    /// Write every problem (not only the first per field) to this CSV file.
    pub errors_to: Option<std::path::PathBuf>,
}

/// The secondary indexes of `transactions` (see the first migration).
const TX_INDEXES: [(&str, &str); 2] = [
    ("transactions_customer_time", "customer_id, occurred_at"),
    ("transactions_card_time", "card_id, occurred_at"),
];

/// Files above this size load into SQLite with the time indexes rebuilt at the end.
const BULK_BYTES: u64 = 16 << 20;

/// Whether to drop the time indexes for the load and build them once at the end.
const fn bulk_rebuild(backend: Backend, kind: ImportKind, size: u64) -> bool {
    matches!(backend, Backend::Sqlite)
        && matches!(kind, ImportKind::Transactions)
        && size > BULK_BYTES
}

/// Rows written per statement.
const BATCH: usize = 4000;

/// Sniffs the encoding from the first bytes: a UTF-8 BOM or valid UTF-8 is
/// UTF-8; anything else is read as GB18030 (a superset of GBK).
#[must_use]
pub fn sniff_encoding(head: &[u8]) -> &'static encoding_rs::Encoding {
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return encoding_rs::UTF_8;
    }
    match std::str::from_utf8(head) {
        Ok(_) => encoding_rs::UTF_8,
        // a multi-byte character cut at the end of the sample is still UTF-8
        Err(e) if e.error_len().is_none() => encoding_rs::UTF_8,
        Err(_) => encoding_rs::GB18030,
    }
}

/// Tab when the first line has more tabs than commas, else comma.
#[must_use]
pub fn sniff_delimiter(first_line: &str) -> u8 {
    let tabs = first_line.matches('\t').count();
    let commas = first_line.matches(',').count();
    if tabs > commas { b'\t' } else { b',' }
}

/// Problems collected while reading: counts and the first few per field,
/// and every one to the sink when there is one.
#[derive(Default)]
struct Issues {
    by_field: BTreeMap<usize, (String, u64, Vec<ImportIssue>)>,
    invalid_rows: u64,
    sink: Option<std::io::BufWriter<std::fs::File>>,
    sink_failed: bool,
}

impl Issues {
    fn add(&mut self, order: usize, field: &str, line: u64, code: IssueCode) {
        if let Some(w) = &mut self.sink {
            use std::io::Write as _;
            let text = crm_api::imports::issue_line(line, field, code, crm_api::validate::Lang::Zh);
            if writeln!(w, "{text}").is_err() {
                self.sink_failed = true;
            }
        }
        let entry = self
            .by_field
            .entry(order)
            .or_insert_with(|| (field.to_owned(), 0, Vec::new()));
        entry.1 += 1;
        if entry.2.len() < FIRST_ISSUES {
            entry.2.push(ImportIssue {
                line,
                field: field.to_owned(),
                code,
            });
        }
    }

    fn into_report(self) -> Vec<FieldIssues> {
        self.by_field
            .into_values()
            .map(|(field, count, first)| FieldIssues {
                field,
                count,
                first,
            })
            .collect()
    }
}

/// One row's cells by field name.
struct Cells<'a> {
    /// Column of each mapped field (no allocation per row).
    columns: &'a [(&'static str, usize)],
    record: &'a csv::StringRecord,
}

impl Cells<'_> {
    fn get(&self, field: &str) -> &str {
        self.columns
            .iter()
            .find(|(f, _)| *f == field)
            .and_then(|(_, c)| self.record.get(*c))
            .unwrap_or("")
    }
}

/// Lookups a kind needs, loaded once.
#[derive(Default)]
struct Refs {
    branches: HashMap<String, i64>,
    products: HashMap<String, (i64, String)>,
    customers: HashMap<String, i64>,
    /// national ID hash → customer number
    ids: HashMap<String, String>,
    /// card token → (card id, customer id)
    cards: HashMap<String, (i64, i64)>,
    /// customer id → primary open card id
    primary: HashMap<i64, i64>,
}

async fn load_refs(conn: &mut AnyConnection, kind: ImportKind) -> Result<Refs, AppError> {
    let mut refs = Refs::default();
    match kind {
        ImportKind::Customers => {
            for r in sqlx::query("SELECT id, code FROM branches")
                .fetch_all(&mut *conn)
                .await?
            {
                refs.branches.insert(r.try_get("code")?, r.try_get("id")?);
            }
            for r in sqlx::query("SELECT customer_no, national_id_hash FROM customers")
                .fetch_all(&mut *conn)
                .await?
            {
                refs.ids
                    .insert(r.try_get("national_id_hash")?, r.try_get("customer_no")?);
            }
        }
        ImportKind::Cards => {
            for r in sqlx::query("SELECT id, code, bin FROM card_products")
                .fetch_all(&mut *conn)
                .await?
            {
                refs.products
                    .insert(r.try_get("code")?, (r.try_get("id")?, r.try_get("bin")?));
            }
            for r in sqlx::query("SELECT id, customer_no FROM customers")
                .fetch_all(&mut *conn)
                .await?
            {
                refs.customers
                    .insert(r.try_get("customer_no")?, r.try_get("id")?);
            }
        }
        ImportKind::Transactions => {
            for r in sqlx::query(
                "SELECT id, customer_id, pan_token, status, is_primary FROM cards ORDER BY id",
            )
            .fetch_all(&mut *conn)
            .await?
            {
                let id: i64 = r.try_get("id")?;
                let customer: i64 = r.try_get("customer_id")?;
                refs.cards.insert(r.try_get("pan_token")?, (id, customer));
                let status: String = r.try_get("status")?;
                let primary: i64 = r.try_get("is_primary")?;
                if status != "closed" && (primary != 0 || !refs.primary.contains_key(&customer)) {
                    refs.primary.insert(customer, id);
                }
            }
            for r in sqlx::query("SELECT id, customer_no FROM customers")
                .fetch_all(&mut *conn)
                .await?
            {
                refs.customers
                    .insert(r.try_get("customer_no")?, r.try_get("id")?);
            }
        }
    }
    Ok(refs)
}

/// A validated row, ready to write.
enum Record {
    Customer(CustomerRow),
    Card(CardRow),
    Tx(TxRow),
}

struct CustomerRow {
    customer_no: String,
    name: String,
    gender: Gender,
    birth_date: String,
    id_masked: String,
    id_hash: String,
    id_sealed: String,
    mobile: String,
    email: Option<String>,
    province: String,
    city: String,
    residence: Residence,
    occupation: Occupation,
    income: IncomeBand,
    branch_id: i64,
    joined_on: String,
}

struct CardRow {
    customer_id: i64,
    product_id: i64,
    token: String,
    first6: String,
    last4: String,
    limit_fen: i64,
    status: crm_api::CardStatus,
    opened_on: String,
}

struct TxRow {
    reference: String,
    customer_id: i64,
    card_id: i64,
    at: i64,
    amount_fen: i64,
    merchant: String,
    category: Category,
    channel: TxChannel,
}

/// Checks one row; pushes its problems and answers the record when it has none.
/// `seen` holds hashes of natural keys already in the file.
/// What checking a row needs besides the row.
struct RowCtx<'a> {
    kind: ImportKind,
    refs: &'a Refs,
    secret: &'a [u8; 32],
    today: chrono::NaiveDate,
}

/// Collects one row's problems.
struct Check {
    kind: ImportKind,
    line: u64,
    bad: bool,
}

impl Check {
    fn take<T>(&mut self, name: &str, r: Result<T, IssueCode>, issues: &mut Issues) -> Option<T> {
        match r {
            Ok(x) => Some(x),
            Err(code) => {
                self.bad = true;
                let order = fields(self.kind)
                    .iter()
                    .position(|s| s.name == name)
                    .unwrap_or(0)
                    + 1;
                issues.add(order, name, self.line, code);
                None
            }
        }
    }
}

fn optional(text: &str) -> Option<&str> {
    (!text.trim().is_empty()).then_some(text)
}

#[allow(clippy::too_many_lines)]
fn check_row(
    ctx: &RowCtx<'_>,
    cells: &Cells<'_>,
    line: u64,
    seen: &mut HashSet<u64>,
    issues: &mut Issues,
) -> Option<Record> {
    use values as v;
    let RowCtx {
        kind,
        refs,
        secret,
        today,
    } = *ctx;
    let mut chk = Check {
        kind,
        line,
        bad: false,
    };
    let not_future = |d: chrono::NaiveDate| {
        if d > today {
            Err(IssueCode::InFuture)
        } else {
            Ok(d)
        }
    };
    let key_hash = |key: &str| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        key.hash(&mut h);
        h.finish()
    };
    let record = match kind {
        ImportKind::Customers => {
            let no = chk.take("customer_no", v::text(cells.get("customer_no"), 40), issues);
            let name = chk.take("name", v::text(cells.get("name"), 50), issues);
            let gender = chk.take(
                "gender",
                v::choice(
                    cells.get("gender"),
                    &[
                        (Gender::Male, &["male", "m", "男"]),
                        (Gender::Female, &["female", "f", "女"]),
                    ],
                ),
                issues,
            );
            let birth = chk.take(
                "birth_date",
                v::date(cells.get("birth_date")).and_then(not_future),
                issues,
            );
            let id = chk.take(
                "national_id",
                v::national_id(cells.get("national_id")),
                issues,
            );
            let mobile = chk.take("mobile", v::mobile(cells.get("mobile")), issues);
            let email = match optional(cells.get("email")) {
                None => Some(None),
                Some(e) if e.contains('@') && e.len() <= 100 => Some(Some(e.trim().to_owned())),
                Some(_) => chk.take(
                    "email",
                    Err::<Option<String>, _>(IssueCode::NotAllowed),
                    issues,
                ),
            };
            let province =
                optional(cells.get("province")).map_or(Ok("未知".to_owned()), |t| v::text(t, 20));
            let province = chk.take("province", province, issues);
            let city =
                optional(cells.get("city")).map_or(Ok("未知".to_owned()), |t| v::text(t, 20));
            let city = chk.take("city", city, issues);
            let residence = optional(cells.get("residence")).map_or(Ok(Residence::Urban), |t| {
                v::choice(
                    t,
                    &[
                        (Residence::Urban, &["urban", "城镇", "城市"]),
                        (Residence::Rural, &["rural", "农村", "乡村"]),
                    ],
                )
            });
            let residence = chk.take("residence", residence, issues);
            let occupation = optional(cells.get("occupation"))
                .map_or(Ok(Occupation::OfficeWorker), |t| {
                    Occupation::parse(t.trim()).ok_or(IssueCode::NotAllowed)
                });
            let occupation = chk.take("occupation", occupation, issues);
            let income = optional(cells.get("income_band"))
                .map_or(Ok(IncomeBand::From5kTo10k), |t| {
                    IncomeBand::parse(t.trim()).ok_or(IssueCode::NotAllowed)
                });
            let income = chk.take("income_band", income, issues);
            let branch = chk.take(
                "branch",
                v::text(cells.get("branch"), 20).and_then(|b| {
                    refs.branches
                        .get(&b)
                        .copied()
                        .ok_or(IssueCode::UnknownBranch)
                }),
                issues,
            );
            let joined = optional(cells.get("joined_on"))
                .map_or(Ok(today), |t| v::date(t).and_then(not_future));
            let joined = chk.take("joined_on", joined, issues);
            let (
                Some(no),
                Some(name),
                Some(gender),
                Some(birth),
                Some(id),
                Some(mobile),
                Some(email),
            ) = (no, name, gender, birth, id, mobile, email)
            else {
                return None;
            };
            let (
                Some(province),
                Some(city),
                Some(residence),
                Some(occupation),
                Some(income),
                Some(branch),
                Some(joined),
            ) = (
                province, city, residence, occupation, income, branch, joined,
            )
            else {
                return None;
            };
            let id_hash = keyed_hash(secret, &id);
            if refs.ids.get(&id_hash).is_some_and(|owner| *owner != no) {
                chk.take("national_id", Err::<(), _>(IssueCode::IdTaken), issues);
                return None;
            }
            if !seen.insert(key_hash(&no)) || !seen.insert(key_hash(&id_hash)) {
                chk.take("customer_no", Err::<(), _>(IssueCode::Duplicate), issues);
                return None;
            }
            Record::Customer(CustomerRow {
                id_masked: crm_api::mask::mask_national_id(&id),
                id_sealed: seal(secret, &id),
                id_hash,
                customer_no: no,
                name,
                gender,
                birth_date: birth.format("%Y-%m-%d").to_string(),
                mobile,
                email,
                province,
                city,
                residence,
                occupation,
                income,
                branch_id: branch,
                joined_on: joined.format("%Y-%m-%d").to_string(),
            })
        }
        ImportKind::Cards => {
            let pan = chk.take("card_number", v::pan(cells.get("card_number")), issues);
            let customer = chk.take(
                "customer_no",
                v::text(cells.get("customer_no"), 40).and_then(|c| {
                    refs.customers
                        .get(&c)
                        .copied()
                        .ok_or(IssueCode::UnknownCustomer)
                }),
                issues,
            );
            let product = chk.take(
                "product",
                v::text(cells.get("product"), 20).and_then(|p| {
                    refs.products
                        .get(p.to_lowercase().as_str())
                        .map(|x| x.0)
                        .ok_or(IssueCode::NotAllowed)
                }),
                issues,
            );
            let limit = chk.take(
                "credit_limit",
                v::amount_fen(cells.get("credit_limit")).and_then(|x| {
                    if x < 0 {
                        Err(IssueCode::BadAmount)
                    } else {
                        Ok(x)
                    }
                }),
                issues,
            );
            let status =
                optional(cells.get("status")).map_or(Ok(crm_api::CardStatus::Active), |t| {
                    use crm_api::CardStatus as S;
                    v::choice(
                        t,
                        &[
                            (S::Active, &["active", "正常", "激活"]),
                            (S::Locked, &["locked", "冻结"]),
                            (S::Lost, &["lost", "挂失"]),
                            (S::Closed, &["closed", "销户", "注销"]),
                        ],
                    )
                });
            let status = chk.take("status", status, issues);
            let opened = chk.take(
                "opened_on",
                v::date(cells.get("opened_on")).and_then(not_future),
                issues,
            );
            let (Some(pan), Some(customer), Some(product), Some(limit), Some(status), Some(opened)) =
                (pan, customer, product, limit, status, opened)
            else {
                return None;
            };
            let token = format!("tok_{}", &keyed_hash(secret, &pan)[..32]);
            if !seen.insert(key_hash(&token)) {
                chk.take("card_number", Err::<(), _>(IssueCode::Duplicate), issues);
                return None;
            }
            Record::Card(CardRow {
                customer_id: customer,
                product_id: product,
                first6: pan[..6].to_owned(),
                last4: pan[pan.len() - 4..].to_owned(),
                token,
                limit_fen: limit,
                status,
                opened_on: opened.format("%Y-%m-%d").to_string(),
            })
        }
        ImportKind::Transactions => {
            let reference = chk.take("reference", v::text(cells.get("reference"), 64), issues);
            // the card by number, else the customer's primary card
            let card = match (
                optional(cells.get("card_number")),
                optional(cells.get("customer_no")),
            ) {
                (Some(p), _) => chk.take(
                    "card_number",
                    v::pan(p).and_then(|pan| {
                        let token = format!("tok_{}", &keyed_hash(secret, &pan)[..32]);
                        refs.cards
                            .get(&token)
                            .map(|c| (c.0, c.1))
                            .ok_or(IssueCode::UnknownCard)
                    }),
                    issues,
                ),
                (None, Some(c)) => chk.take(
                    "customer_no",
                    refs.customers
                        .get(c.trim())
                        .ok_or(IssueCode::UnknownCustomer)
                        .and_then(|id| {
                            refs.primary
                                .get(id)
                                .map(|card| (*card, *id))
                                .ok_or(IssueCode::UnknownCard)
                        }),
                    issues,
                ),
                (None, None) => chk.take("card_number", Err(IssueCode::Required), issues),
            };
            let at = chk.take(
                "occurred_at",
                v::datetime(cells.get("occurred_at")).and_then(|t| {
                    if crate::domain::time::local_date(t) > today {
                        Err(IssueCode::InFuture)
                    } else {
                        Ok(t)
                    }
                }),
                issues,
            );
            let amount = chk.take("amount", v::amount_fen(cells.get("amount")), issues);
            let merchant = chk.take("merchant", v::text(cells.get("merchant"), 100), issues);
            let category = optional(cells.get("category"))
                .map_or(Ok(Category::OnlineShopping), |t| {
                    Category::parse(t.trim()).ok_or(IssueCode::NotAllowed)
                });
            let category = chk.take("category", category, issues);
            let channel = optional(cells.get("channel")).map_or(Ok(TxChannel::Pos), |t| {
                v::choice(
                    t,
                    &[
                        (TxChannel::Pos, &["pos", "刷卡", "线下"]),
                        (TxChannel::Online, &["online", "网上", "线上"]),
                        (TxChannel::MobileQr, &["mobile_qr", "qr", "扫码"]),
                        (TxChannel::Atm, &["atm", "取现"]),
                    ],
                )
            });
            let channel = chk.take("channel", channel, issues);
            let (
                Some(reference),
                Some((card_id, customer_id)),
                Some(at),
                Some(amount),
                Some(merchant),
                Some(category),
                Some(channel),
            ) = (reference, card, at, amount, merchant, category, channel)
            else {
                return None;
            };
            if !seen.insert(key_hash(&reference)) {
                chk.take("reference", Err::<(), _>(IssueCode::Duplicate), issues);
                return None;
            }
            Record::Tx(TxRow {
                reference,
                customer_id,
                card_id,
                at,
                amount_fen: amount,
                merchant,
                category,
                channel,
            })
        }
    };
    (!chk.bad).then_some(record)
}

/// Writes a batch, skipping rows whose natural key is already there; answers how many were new.
async fn write(
    conn: &mut AnyConnection,
    backend: Backend,
    batch: &[Record],
    now: i64,
) -> Result<u64, AppError> {
    let Some(first) = batch.first() else {
        return Ok(0);
    };
    let n = match first {
        Record::Customer(_) => {
            let rows: Vec<&CustomerRow> = batch
                .iter()
                .filter_map(|r| match r {
                    Record::Customer(c) => Some(c),
                    _ => None,
                })
                .collect();
            insert_ignoring(
                conn,
                backend,
                "customers",
                &[
                    "customer_no",
                    "name",
                    "gender",
                    "birth_date",
                    "national_id_masked",
                    "national_id_hash",
                    "national_id_sealed",
                    "mobile",
                    "email",
                    "province",
                    "city",
                    "residence",
                    "occupation",
                    "income_band",
                    "branch_id",
                    "joined_on",
                    "created_at",
                    "updated_at",
                ],
                "customer_no",
                &rows,
                now,
                |q, c, now| {
                    q.bind(c.customer_no.as_str())
                        .bind(c.name.as_str())
                        .bind(c.gender.as_str())
                        .bind(c.birth_date.as_str())
                        .bind(c.id_masked.as_str())
                        .bind(c.id_hash.as_str())
                        .bind(c.id_sealed.as_str())
                        .bind(c.mobile.as_str())
                        .bind(c.email.as_deref())
                        .bind(c.province.as_str())
                        .bind(c.city.as_str())
                        .bind(c.residence.as_str())
                        .bind(c.occupation.as_str())
                        .bind(c.income.as_str())
                        .bind(c.branch_id)
                        .bind(c.joined_on.as_str())
                        .bind(now)
                        .bind(now)
                },
            )
            .await?
        }
        Record::Card(_) => {
            let rows: Vec<&CardRow> = batch
                .iter()
                .filter_map(|r| match r {
                    Record::Card(c) => Some(c),
                    _ => None,
                })
                .collect();
            insert_ignoring(
                conn,
                backend,
                "cards",
                &[
                    "customer_id",
                    "product_id",
                    "pan_token",
                    "pan_first6",
                    "pan_last4",
                    "credit_limit_fen",
                    "status",
                    "opened_on",
                    "is_primary",
                ],
                "pan_token",
                &rows,
                now,
                |q, c, _| {
                    q.bind(c.customer_id)
                        .bind(c.product_id)
                        .bind(c.token.as_str())
                        .bind(c.first6.as_str())
                        .bind(c.last4.as_str())
                        .bind(c.limit_fen)
                        .bind(c.status.as_str())
                        .bind(c.opened_on.as_str())
                        .bind(1_i64)
                },
            )
            .await?
        }
        Record::Tx(_) => {
            let rows: Vec<&TxRow> = batch
                .iter()
                .filter_map(|r| match r {
                    Record::Tx(t) => Some(t),
                    _ => None,
                })
                .collect();
            insert_ignoring(
                conn,
                backend,
                "transactions",
                &[
                    "external_ref",
                    "customer_id",
                    "card_id",
                    "occurred_at",
                    "amount_fen",
                    "merchant",
                    "category",
                    "channel",
                ],
                "external_ref",
                &rows,
                now,
                |q, t, _| {
                    q.bind(t.reference.as_str())
                        .bind(t.customer_id)
                        .bind(t.card_id)
                        .bind(t.at)
                        .bind(t.amount_fen)
                        .bind(t.merchant.as_str())
                        .bind(t.category.as_str())
                        .bind(t.channel.as_str())
                },
            )
            .await?
        }
    };
    Ok(n)
}

/// Multi-row `INSERT … ON CONFLICT (key) DO NOTHING`; answers the rows inserted.
#[allow(clippy::too_many_arguments)]
async fn insert_ignoring<T>(
    conn: &mut AnyConnection,
    backend: Backend,
    table: &str,
    columns: &[&str],
    key: &str,
    rows: &[&T],
    now: i64,
    bind: for<'q> fn(Q<'q>, &'q T, i64) -> Q<'q>,
) -> Result<u64, AppError> {
    // SQLite takes at most 32,766 parameters per statement
    let per = (30_000 / columns.len()).min(BATCH);
    let mut inserted = 0;
    for chunk in rows.chunks(per) {
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        sql.push_str(&crate::db::values_placeholders(
            backend,
            columns.len(),
            chunk.len(),
        ));
        sql.push_str(&format!(" ON CONFLICT ({key}) DO NOTHING"));
        let mut q = sqlx::query(&sql).persistent(chunk.len() == per);
        for row in chunk {
            q = bind(q, row, now);
        }
        inserted += q.execute(&mut *conn).await?.rows_affected();
    }
    Ok(inserted)
}

/// Counts bytes read, for the progress bar.
struct Counting<R> {
    inner: R,
    bar: indicatif::ProgressBar,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bar.inc(n as u64);
        Ok(n)
    }
}

/// Imports one file; see the module documentation.
///
/// # Errors
/// The file cannot be read, or the database fails (then nothing is written).
#[allow(clippy::too_many_lines)]
pub async fn import_file(
    db: &Db,
    config: &Config,
    path: &Path,
    opts: &Options,
) -> Result<ImportReport, AppError> {
    let started = Instant::now();
    let io = |e: std::io::Error| AppError::BadRequest(format!("cannot read the file: {e}"));
    let size = std::fs::metadata(path).map_err(io)?.len();
    let mut head = vec![0_u8; 64 * 1024];
    let got = {
        let mut f = std::fs::File::open(path).map_err(io)?;
        let mut total = 0;
        loop {
            let n = f.read(&mut head[total..]).map_err(io)?;
            if n == 0 || total + n == head.len() {
                total += n;
                break;
            }
            total += n;
        }
        total
    };
    head.truncate(got);
    let encoding = sniff_encoding(&head);
    let (decoded_head, _, _) = encoding.decode(&head);
    let delimiter = sniff_delimiter(decoded_head.lines().next().unwrap_or(""));
    let bar = crate::analytics::bar(opts.progress, size, "import");
    let file = Counting {
        inner: std::fs::File::open(path).map_err(io)?,
        bar: bar.clone(),
    };
    let decoder = encoding_rs_io::DecodeReaderBytesBuilder::new()
        .encoding(Some(encoding))
        .bom_override(true)
        .build(file);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(std::io::BufReader::with_capacity(1 << 20, decoder));
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| AppError::BadRequest(format!("cannot read the header row: {e}")))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_owned())
        .collect();
    let mapped = map_headers(opts.kind, &headers, &opts.mapping);
    let mut issues = Issues::default();
    if let Some(path) = &opts.errors_to {
        use std::io::Write as _;
        let mut w = std::io::BufWriter::new(std::fs::File::create(path).map_err(io)?);
        w.write_all(format!("\u{feff}{}\n", crm_api::imports::ISSUES_CSV_HEADER).as_bytes())
            .map_err(io)?;
        issues.sink = Some(w);
    }
    // a required field without a column fails every row: report it once, on the header
    let specs = fields(opts.kind);
    let missing: Vec<&FieldSpec> = specs
        .iter()
        .filter(|s| s.required && !mapped.contains(&Some(s.name)))
        .filter(|s| !(opts.kind == ImportKind::Transactions && s.name == "card_number"))
        .collect();
    for (i, s) in specs.iter().enumerate() {
        if missing.iter().any(|m| m.name == s.name) {
            issues.add(i + 1, s.name, 1, IssueCode::Required);
        }
    }
    let missing_card = opts.kind == ImportKind::Transactions
        && !mapped.contains(&Some("card_number"))
        && !mapped.contains(&Some("customer_no"));
    if missing_card {
        issues.add(2, "card_number", 1, IssueCode::Required);
    }
    let header_ok = missing.is_empty() && !missing_card;

    let mut conn = db.pool.begin().await?;
    let refs = load_refs(&mut conn, opts.kind).await?;
    // A bulk load into SQLite rebuilds the two time indexes once at the end
    // instead of updating them row by row. The DDL is part of the
    // transaction (readers keep their snapshot; a rollback restores them).
    let rebuild = bulk_rebuild(db.backend, opts.kind, size);
    if rebuild {
        for (name, _) in TX_INDEXES {
            sqlx::query(&format!("DROP INDEX {name}"))
                .execute(&mut *conn)
                .await?;
        }
    }
    let today = crate::domain::time::local_date(opts.now);
    // Reading and checking run on a blocking thread and hand over batches
    // while this task writes the previous ones: parsing overlaps the writes.
    let (sender, mut batches) = tokio::sync::mpsc::channel::<Vec<Record>>(4);
    let secret = config.secret;
    let kind = opts.kind;
    let width = headers.len();
    let columns: Vec<(&'static str, usize)> = mapped
        .iter()
        .enumerate()
        .filter_map(|(i, f)| f.map(|f| (f, i)))
        .collect();
    let reading = tokio::task::spawn_blocking(move || {
        let ctx = RowCtx {
            kind,
            refs: &refs,
            secret: &secret,
            today,
        };
        let mut seen: HashSet<u64> = HashSet::new();
        let mut batch: Vec<Record> = Vec::with_capacity(BATCH);
        let (mut rows, mut valid) = (0_u64, 0_u64);
        let mut sending = header_ok;
        let mut record = csv::StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    // undecodable or malformed: that row is invalid, go on
                    rows += 1;
                    issues.invalid_rows += 1;
                    let line = e.position().map_or(rows + 1, csv::Position::line);
                    issues.add(0, "", line, IssueCode::WrongCellCount);
                    continue;
                }
            }
            rows += 1;
            let line = record.position().map_or(rows + 1, csv::Position::line);
            if record.len() != width {
                issues.invalid_rows += 1;
                issues.add(0, "", line, IssueCode::WrongCellCount);
                continue;
            }
            let before = issues.by_field.values().map(|v| v.1).sum::<u64>();
            let cells = Cells {
                columns: &columns,
                record: &record,
            };
            let checked = if header_ok {
                check_row(&ctx, &cells, line, &mut seen, &mut issues)
            } else {
                None
            };
            let after = issues.by_field.values().map(|v| v.1).sum::<u64>();
            match checked {
                Some(r) if after == before => {
                    valid += 1;
                    if issues.invalid_rows == 0 && sending {
                        batch.push(r);
                        if batch.len() == BATCH {
                            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                            sending = sender.blocking_send(full).is_ok();
                        }
                    }
                }
                _ => {
                    if header_ok {
                        issues.invalid_rows += 1;
                    }
                }
            }
        }
        if issues.invalid_rows == 0 && sending && !batch.is_empty() {
            let _ = sender.blocking_send(batch);
        }
        (issues, rows, valid)
    });
    let mut inserted = 0_u64;
    let mut failed = None;
    while let Some(batch) = batches.recv().await {
        if failed.is_some() {
            continue;
        }
        match write(&mut conn, db.backend, &batch, opts.now).await {
            Ok(n) => inserted += n,
            Err(e) => {
                failed = Some(e);
                batches.close();
            }
        }
    }
    let (mut issues, rows, valid) = reading
        .await
        .map_err(|e| AppError::Internal(format!("import reader: {e}")))?;
    if let Some(e) = failed {
        return Err(e);
    }
    bar.finish_and_clear();
    if let Some(mut w) = issues.sink.take() {
        use std::io::Write as _;
        if w.flush().is_err() || issues.sink_failed {
            return Err(AppError::BadRequest(
                "cannot write the problems file".to_owned(),
            ));
        }
    }
    if !header_ok {
        issues.invalid_rows = rows.max(1);
    }
    let all_valid = issues.invalid_rows == 0;
    let committed = all_valid && !opts.dry_run;
    if rebuild && committed {
        for (name, columns) in TX_INDEXES {
            sqlx::query(&format!("CREATE INDEX {name} ON transactions ({columns})"))
                .execute(&mut *conn)
                .await?;
        }
    }
    if committed {
        sqlx::query(
            "INSERT INTO audit_log (at, user_id, action, customer_id, detail) VALUES ($1, $2, $3, NULL, $4)",
        )
        .bind(opts.now)
        .bind(opts.user_id)
        .bind(format!("import.{}", opts.kind.as_str()))
        .bind(format!("{rows} rows: {inserted} new, {} already present", valid - inserted))
        .execute(&mut *conn)
        .await?;
        conn.commit().await?;
    } else {
        conn.rollback().await?;
    }
    Ok(ImportReport {
        kind: opts.kind,
        dry_run: opts.dry_run,
        encoding: encoding.name().to_lowercase(),
        delimiter: if delimiter == b'\t' { "\t" } else { "," }.to_owned(),
        mapping: headers
            .iter()
            .zip(&mapped)
            .map(|(h, f)| (h.clone(), f.map(str::to_owned)))
            .collect(),
        rows,
        invalid_rows: issues.invalid_rows,
        inserted: if all_valid { inserted } else { 0 },
        already_present: if all_valid { valid - inserted } else { 0 },
        committed,
        issues: issues.into_report(),
        seconds: started.elapsed().as_secs_f64(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_map_in_both_languages_and_by_override() {
        let h = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
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
        let m = map_headers(ImportKind::Transactions, &h(&["note"]), &explicit);
        assert_eq!(m, [Some("category")]);
    }

    #[test]
    fn encoding_and_delimiter_are_sniffed() {
        assert_eq!(sniff_encoding(b"\xEF\xBB\xBFa,b"), encoding_rs::UTF_8);
        assert_eq!(sniff_encoding("卡号,金额".as_bytes()), encoding_rs::UTF_8);
        let (gbk, _, _) = encoding_rs::GBK.encode("卡号,金额");
        assert_eq!(sniff_encoding(&gbk), encoding_rs::GB18030);
        // a UTF-8 character cut at the end of the sample
        assert_eq!(sniff_encoding(&"卡号".as_bytes()[..4]), encoding_rs::UTF_8);
        assert_eq!(sniff_delimiter("a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter("a,b,c"), b',');
    }
}
