//! Checking one row of a file: the lookups a kind needs ([`Refs`]), and
//! [`check_row`], which answers a [`Record`] ready to write or reports the
//! row's problems (never a cell's value).

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use crm_api::imports::{ImportKind, IssueCode};
use crm_api::surveys::{SURVEY_CHANNELS, SurveyKind, Topic, Touchpoint};
use crm_api::{Category, Gender, IncomeBand, Occupation, Residence, TxChannel};
use sqlx::AnyConnection;

use super::Issues;
use super::values as v;
use crate::crypto::{keyed_hash, seal};
use crate::error::AppError;

/// Lookups a kind needs, loaded once.
#[derive(Default)]
pub struct Refs {
    branches: HashMap<String, i64>,
    products: HashMap<String, i64>,
    customers: HashMap<String, i64>,
    /// national ID hash → customer number
    ids: HashMap<String, String>,
    /// card token → (card id, customer id)
    cards: HashMap<String, (i64, i64)>,
    /// customer id → primary open card id
    primary: HashMap<i64, i64>,
}

async fn customer_numbers(conn: &mut AnyConnection, refs: &mut Refs) -> Result<(), AppError> {
    refs.customers
        .extend(crate::db::imports::customer_numbers(conn).await?);
    Ok(())
}

async fn cards(conn: &mut AnyConnection, refs: &mut Refs) -> Result<(), AppError> {
    for card in crate::db::imports::card_refs(conn).await? {
        let (id, customer) = (card.id, card.customer_id);
        refs.cards.insert(card.token, (id, customer));
        if card.status != "closed" && (card.primary || !refs.primary.contains_key(&customer)) {
            refs.primary.insert(customer, id);
        }
    }
    Ok(())
}

/// Loads what checking rows of `kind` needs.
pub async fn load_refs(conn: &mut AnyConnection, kind: ImportKind) -> Result<Refs, AppError> {
    use crate::db::imports as q;
    let mut refs = Refs::default();
    match kind {
        ImportKind::Customers => {
            refs.branches.extend(q::branch_codes(conn).await?);
            refs.ids.extend(q::national_id_hashes(conn).await?);
        }
        ImportKind::Cards => {
            refs.products.extend(q::product_codes(conn).await?);
            customer_numbers(conn, &mut refs).await?;
            // customers who already have an open primary card
            cards(conn, &mut refs).await?;
            refs.cards.clear();
        }
        ImportKind::Transactions | ImportKind::Statements | ImportKind::Payments => {
            cards(conn, &mut refs).await?;
            customer_numbers(conn, &mut refs).await?;
        }
        ImportKind::SurveyResponses => customer_numbers(conn, &mut refs).await?,
    }
    Ok(refs)
}

/// A validated row, ready to write.
pub enum Record {
    Customer(CustomerRow),
    Card(CardRow),
    Tx(TxRow),
    Statement(StatementRow),
    Payment(PaymentRow),
    Survey(SurveyRow),
}

impl Record {
    /// The natural key, as [`super::write::lookup`] spells it.
    pub fn key(&self) -> String {
        match self {
            Self::Customer(c) => c.customer_no.clone(),
            Self::Card(c) => c.token.clone(),
            Self::Tx(t) => t.reference.clone(),
            Self::Statement(s) => format!("{}/{}", s.card_id, s.cycle),
            Self::Payment(p) => p.key.clone(),
            Self::Survey(s) => s.key.clone(),
        }
    }
}

pub struct CustomerRow {
    pub customer_no: String,
    pub name: String,
    pub gender: Gender,
    pub birth_date: String,
    pub id_masked: String,
    pub id_hash: String,
    pub id_sealed: String,
    pub mobile: String,
    pub email: Option<String>,
    pub province: String,
    pub city: String,
    pub residence: Residence,
    pub occupation: Occupation,
    pub income: IncomeBand,
    pub branch_id: i64,
    pub joined_on: String,
}

pub struct CardRow {
    pub customer_id: i64,
    pub product_id: i64,
    pub token: String,
    pub first6: String,
    pub last4: String,
    pub limit_fen: i64,
    pub status: crm_api::CardStatus,
    pub opened_on: String,
    pub primary: bool,
}

pub struct TxRow {
    pub reference: String,
    pub customer_id: i64,
    pub card_id: i64,
    pub at: i64,
    pub amount_fen: i64,
    pub merchant: String,
    pub category: Category,
    pub channel: TxChannel,
}

pub struct StatementRow {
    pub customer_id: i64,
    pub card_id: i64,
    pub cycle: String,
    pub closing_date: String,
    pub due_date: String,
    pub previous_balance_fen: i64,
    pub purchases_fen: i64,
    pub interest_fen: i64,
    pub new_balance_fen: i64,
    pub minimum_due_fen: i64,
    pub paid_fen: i64,
    pub paid_on: Option<String>,
    pub days_past_due: i64,
}

pub struct PaymentRow {
    /// `import:` and the reference.
    pub key: String,
    pub values: crate::db::bulk::PaymentValues<'static>,
}

pub struct SurveyRow {
    /// `import:` and the reference.
    pub key: String,
    pub customer_id: i64,
    pub at: i64,
    pub nps: Option<i64>,
    pub csat: Option<i64>,
    pub channel: &'static str,
    pub touchpoint: Touchpoint,
    pub survey: SurveyKind,
    pub comment: Option<String>,
    pub topic: Option<Topic>,
}

/// What checking a row needs besides the row.
pub struct RowCtx<'a> {
    pub kind: ImportKind,
    pub refs: &'a Refs,
    pub secret: &'a [u8; 32],
    pub today: chrono::NaiveDate,
}

/// What the reader remembers between rows: natural keys of customers
/// already in the file (hashed; other kinds find repeats in the database),
/// and customers who got a primary card from this file.
#[derive(Default)]
pub struct Memory {
    seen: HashSet<u64>,
    primaried: HashSet<i64>,
}

/// One row's cells by field name.
pub struct Cells<'a> {
    /// Column of each mapped field (no allocation per row).
    pub columns: &'a [(&'static str, usize)],
    pub record: &'a csv::StringRecord,
}

impl Cells<'_> {
    fn get(&self, field: &str) -> &str {
        self.columns
            .iter()
            .find(|(f, _)| *f == field)
            .and_then(|(_, c)| self.record.get(*c))
            .unwrap_or("")
    }

    fn optional(&self, field: &str) -> Option<&str> {
        let text = self.get(field);
        (!text.trim().is_empty()).then_some(text)
    }
}

/// Collects one row's problems.
struct Check<'i> {
    kind: ImportKind,
    line: u64,
    bad: bool,
    issues: &'i Issues,
}

impl Check<'_> {
    fn take<T>(&mut self, name: &str, r: Result<T, IssueCode>) -> Option<T> {
        match r {
            Ok(x) => Some(x),
            Err(code) => {
                self.bad = true;
                self.issues.add(self.kind, name, self.line, code);
                None
            }
        }
    }

    /// An optional cell: `default` when empty, else `parse`.
    fn opt<T>(
        &mut self,
        cells: &Cells<'_>,
        name: &str,
        default: T,
        parse: impl FnOnce(&str) -> Result<T, IssueCode>,
    ) -> Option<T> {
        let r = cells.optional(name).map_or(Ok(default), parse);
        self.take(name, r)
    }
}

fn token(secret: &[u8; 32], pan: &str) -> String {
    format!("tok_{}", &keyed_hash(secret, pan)[..32])
}

fn ymd(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn key_hash(key: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut h);
    h.finish()
}

impl RowCtx<'_> {
    fn not_future(&self, d: chrono::NaiveDate) -> Result<chrono::NaiveDate, IssueCode> {
        if d > self.today {
            Err(IssueCode::InFuture)
        } else {
            Ok(d)
        }
    }

    fn past_moment(&self, text: &str) -> Result<i64, IssueCode> {
        v::datetime(text).and_then(|t| {
            if crate::domain::time::local_date(t) > self.today {
                Err(IssueCode::InFuture)
            } else {
                Ok(t)
            }
        })
    }

    /// The row's customer, by number.
    fn customer(&self, cells: &Cells<'_>, chk: &mut Check<'_>) -> Option<i64> {
        chk.take(
            "customer_no",
            v::text(cells.get("customer_no"), 40).and_then(|c| {
                self.refs
                    .customers
                    .get(&c)
                    .copied()
                    .ok_or(IssueCode::UnknownCustomer)
            }),
        )
    }

    /// The row's card (and its customer): by number, else the customer's primary card.
    fn card(&self, cells: &Cells<'_>, chk: &mut Check<'_>) -> Option<(i64, i64)> {
        let refs = self.refs;
        match (cells.optional("card_number"), cells.optional("customer_no")) {
            (Some(p), _) => chk.take(
                "card_number",
                v::pan(p).and_then(|pan| {
                    refs.cards
                        .get(&token(self.secret, &pan))
                        .copied()
                        .ok_or(IssueCode::UnknownCard)
                }),
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
            ),
            (None, None) => chk.take("card_number", Err(IssueCode::Required)),
        }
    }
}

fn non_negative(fen: i64) -> Result<i64, IssueCode> {
    if fen < 0 {
        Err(IssueCode::BadAmount)
    } else {
        Ok(fen)
    }
}

/// Checks one row; reports its problems to `issues` and answers the record
/// when it has none.
pub fn check_row(
    ctx: &RowCtx<'_>,
    cells: &Cells<'_>,
    line: u64,
    memory: &mut Memory,
    issues: &Issues,
) -> Option<Record> {
    let mut chk = Check {
        kind: ctx.kind,
        line,
        bad: false,
        issues,
    };
    let record = match ctx.kind {
        ImportKind::Customers => customer(ctx, cells, &mut chk, memory),
        ImportKind::Cards => card(ctx, cells, &mut chk, memory),
        ImportKind::Transactions => transaction(ctx, cells, &mut chk),
        ImportKind::Statements => statement(ctx, cells, &mut chk),
        ImportKind::Payments => payment(ctx, cells, &mut chk),
        ImportKind::SurveyResponses => survey(ctx, cells, &mut chk),
    };
    if chk.bad { None } else { record }
}

fn customer(
    ctx: &RowCtx<'_>,
    cells: &Cells<'_>,
    chk: &mut Check<'_>,
    memory: &mut Memory,
) -> Option<Record> {
    let no = chk.take("customer_no", v::text(cells.get("customer_no"), 40));
    let name = chk.take("name", v::text(cells.get("name"), 50));
    let gender = chk.take(
        "gender",
        v::choice(
            cells.get("gender"),
            &[
                (Gender::Male, &["male", "m", "男"]),
                (Gender::Female, &["female", "f", "女"]),
            ],
        ),
    );
    let birth = chk.take(
        "birth_date",
        v::date(cells.get("birth_date")).and_then(|d| ctx.not_future(d)),
    );
    let id = chk.take("national_id", v::national_id(cells.get("national_id")));
    let mobile = chk.take("mobile", v::mobile(cells.get("mobile")));
    let email = chk.opt(cells, "email", None, |e| {
        if e.contains('@') && e.trim().len() <= 100 {
            Ok(Some(e.trim().to_owned()))
        } else {
            Err(IssueCode::NotAllowed)
        }
    });
    let province = chk.opt(cells, "province", "未知".to_owned(), |t| v::text(t, 20));
    let city = chk.opt(cells, "city", "未知".to_owned(), |t| v::text(t, 20));
    let residence = chk.opt(cells, "residence", Residence::Urban, |t| {
        v::choice(
            t,
            &[
                (Residence::Urban, &["urban", "城镇", "城市"]),
                (Residence::Rural, &["rural", "农村", "乡村"]),
            ],
        )
    });
    let occupation = chk.opt(cells, "occupation", Occupation::OfficeWorker, |t| {
        Occupation::parse(t.trim()).ok_or(IssueCode::NotAllowed)
    });
    let income = chk.opt(cells, "income_band", IncomeBand::From5kTo10k, |t| {
        IncomeBand::parse(t.trim()).ok_or(IssueCode::NotAllowed)
    });
    let branch = chk.take(
        "branch",
        v::text(cells.get("branch"), 20).and_then(|b| {
            ctx.refs
                .branches
                .get(&b)
                .copied()
                .ok_or(IssueCode::UnknownBranch)
        }),
    );
    let joined = chk.opt(cells, "joined_on", ctx.today, |t| {
        v::date(t).and_then(|d| ctx.not_future(d))
    });
    let id_hash = keyed_hash(ctx.secret, id.as_deref()?);
    let no = no?;
    if ctx.refs.ids.get(&id_hash).is_some_and(|owner| *owner != no) {
        chk.take("national_id", Err::<(), _>(IssueCode::IdTaken));
        return None;
    }
    if chk.bad {
        return None;
    }
    if !memory.seen.insert(key_hash(&no)) || !memory.seen.insert(key_hash(&id_hash)) {
        chk.take("customer_no", Err::<(), _>(IssueCode::Duplicate));
        return None;
    }
    let id = id?;
    Some(Record::Customer(CustomerRow {
        id_masked: crm_api::mask::mask_national_id(&id),
        id_sealed: seal(ctx.secret, &id),
        id_hash,
        customer_no: no,
        name: name?,
        gender: gender?,
        birth_date: ymd(birth?),
        mobile: mobile?,
        email: email?,
        province: province?,
        city: city?,
        residence: residence?,
        occupation: occupation?,
        income: income?,
        branch_id: branch?,
        joined_on: ymd(joined?),
    }))
}

fn card(
    ctx: &RowCtx<'_>,
    cells: &Cells<'_>,
    chk: &mut Check<'_>,
    memory: &mut Memory,
) -> Option<Record> {
    let pan = chk.take("card_number", v::pan(cells.get("card_number")));
    let customer = ctx.customer(cells, chk);
    let product = chk.take(
        "product",
        v::text(cells.get("product"), 20).and_then(|p| {
            ctx.refs
                .products
                .get(p.to_lowercase().as_str())
                .copied()
                .ok_or(IssueCode::NotAllowed)
        }),
    );
    let limit = chk.take(
        "credit_limit",
        v::amount_fen(cells.get("credit_limit")).and_then(non_negative),
    );
    let status = chk.opt(cells, "status", crm_api::CardStatus::Active, |t| {
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
    let opened = chk.take(
        "opened_on",
        v::date(cells.get("opened_on")).and_then(|d| ctx.not_future(d)),
    );
    let (pan, customer, status) = (pan?, customer?, status?);
    // a customer's first open card becomes primary when they have none
    let primary = status != crm_api::CardStatus::Closed
        && !ctx.refs.primary.contains_key(&customer)
        && !chk.bad
        && memory.primaried.insert(customer);
    Some(Record::Card(CardRow {
        customer_id: customer,
        product_id: product?,
        first6: pan[..6].to_owned(),
        last4: pan[pan.len() - 4..].to_owned(),
        token: token(ctx.secret, &pan),
        limit_fen: limit?,
        status,
        opened_on: ymd(opened?),
        primary,
    }))
}

fn transaction(ctx: &RowCtx<'_>, cells: &Cells<'_>, chk: &mut Check<'_>) -> Option<Record> {
    let reference = chk.take("reference", v::text(cells.get("reference"), 64));
    let card = ctx.card(cells, chk);
    let at = chk.take("occurred_at", ctx.past_moment(cells.get("occurred_at")));
    let amount = chk.take("amount", v::amount_fen(cells.get("amount")));
    let merchant = chk.take("merchant", v::text(cells.get("merchant"), 100));
    let category = chk.opt(cells, "category", Category::OnlineShopping, |t| {
        Category::parse(t.trim()).ok_or(IssueCode::NotAllowed)
    });
    let channel = chk.opt(cells, "channel", TxChannel::Pos, |t| {
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
    let (card_id, customer_id) = card?;
    Some(Record::Tx(TxRow {
        reference: reference?,
        customer_id,
        card_id,
        at: at?,
        amount_fen: amount?,
        merchant: merchant?,
        category: category?,
        channel: channel?,
    }))
}

fn statement(ctx: &RowCtx<'_>, cells: &Cells<'_>, chk: &mut Check<'_>) -> Option<Record> {
    let card = ctx.card(cells, chk);
    let this_month = ctx.today.format("%Y-%m").to_string();
    let cycle = chk.take(
        "cycle",
        v::month(cells.get("cycle")).and_then(|m| {
            if m > this_month {
                Err(IssueCode::InFuture)
            } else {
                Ok(m)
            }
        }),
    );
    let closing = chk.take(
        "closing_date",
        v::date(cells.get("closing_date")).and_then(|d| ctx.not_future(d)),
    );
    let due = v::date(cells.get("due_date")).and_then(|d| match closing {
        Some(c) if d < c => Err(IssueCode::OutOfRange),
        _ => Ok(d),
    });
    let due = chk.take("due_date", due);
    let previous = chk.opt(cells, "previous_balance", 0, v::amount_fen);
    let purchases = chk.opt(cells, "purchases", 0, v::amount_fen);
    let interest = chk.opt(cells, "interest", 0, |t| {
        v::amount_fen(t).and_then(non_negative)
    });
    let new_balance = chk.take("new_balance", v::amount_fen(cells.get("new_balance")));
    let minimum = v::amount_fen(cells.get("minimum_due"))
        .and_then(non_negative)
        .and_then(|m| match new_balance {
            Some(b) if m > b.max(0) => Err(IssueCode::OutOfRange),
            _ => Ok(m),
        });
    let minimum = chk.take("minimum_due", minimum);
    let paid = chk.opt(cells, "paid", 0, |t| {
        v::amount_fen(t).and_then(non_negative)
    });
    let paid_on = chk.opt(cells, "paid_on", None, |t| {
        v::date(t)
            .and_then(|d| ctx.not_future(d))
            .map(|d| Some(ymd(d)))
    });
    let dpd = chk.opt(cells, "days_past_due", 0, |t| v::integer(t, 0, 3650));
    let (card_id, customer_id) = card?;
    Some(Record::Statement(StatementRow {
        customer_id,
        card_id,
        cycle: cycle?,
        closing_date: ymd(closing?),
        due_date: ymd(due?),
        previous_balance_fen: previous?,
        purchases_fen: purchases?,
        interest_fen: interest?,
        new_balance_fen: new_balance?,
        minimum_due_fen: minimum?,
        paid_fen: paid?,
        paid_on: paid_on?,
        days_past_due: dpd?,
    }))
}

/// How repayments arrive.
const PAYMENT_CHANNELS: [(&str, &[&str]); 4] = [
    (
        "auto_debit",
        &["auto_debit", "autopay", "自动还款", "自动扣款"],
    ),
    ("app", &["app", "mobile", "手机银行", "网银"]),
    ("wechat", &["wechat", "微信"]),
    ("counter", &["counter", "branch", "柜台", "网点"]),
];

fn payment(ctx: &RowCtx<'_>, cells: &Cells<'_>, chk: &mut Check<'_>) -> Option<Record> {
    let reference = chk.take("reference", v::text(cells.get("reference"), 64));
    let card = ctx.card(cells, chk);
    let at = chk.take("paid_at", ctx.past_moment(cells.get("paid_at")));
    let amount = chk.take(
        "amount",
        v::amount_fen(cells.get("amount")).and_then(|a| {
            if a > 0 {
                Ok(a)
            } else {
                Err(IssueCode::OutOfRange)
            }
        }),
    );
    let channel = chk.opt(cells, "channel", "app", |t| v::choice(t, &PAYMENT_CHANNELS));
    let (card_id, customer_id) = card?;
    Some(Record::Payment(PaymentRow {
        key: format!("import:{}", reference?),
        values: crate::db::bulk::PaymentValues {
            customer_id,
            card_id,
            at: at?,
            amount_fen: amount?,
            channel: channel?,
        },
    }))
}

/// Survey channels with their Chinese names.
const SURVEY_CHANNEL_NAMES: [&str; 8] = [
    "电话",
    "在线客服",
    "手机银行",
    "微信",
    "网点",
    "邮件",
    "短信",
    "推送",
];

/// Touchpoints' Chinese names, in the order of [`Touchpoint::ALL`].
const TOUCHPOINT_NAMES: [&[&str]; 7] = [
    &["投诉处理", "投诉"],
    &["用卡服务", "卡片服务"],
    &["账单", "账单还款"],
    &["积分", "积分权益"],
    &["一般服务", "其他"],
    &["整体关系", "整体满意度"],
    &["营销活动", "活动"],
];

fn survey(ctx: &RowCtx<'_>, cells: &Cells<'_>, chk: &mut Check<'_>) -> Option<Record> {
    let reference = chk.take("reference", v::text(cells.get("reference"), 64));
    let customer = ctx.customer(cells, chk);
    let at = chk.take("responded_at", ctx.past_moment(cells.get("responded_at")));
    let nps = chk.opt(cells, "nps", None, |t| v::integer(t, 0, 10).map(Some));
    let csat = chk.opt(cells, "csat", None, |t| v::integer(t, 1, 5).map(Some));
    if matches!((nps, csat), (Some(None), Some(None))) {
        chk.take("nps", Err::<(), _>(IssueCode::ScoreMissing));
    }
    let channel = chk.opt(cells, "channel", "app", |t| {
        let t = t.trim();
        SURVEY_CHANNELS
            .iter()
            .zip(SURVEY_CHANNEL_NAMES)
            .find(|(en, zh)| en.eq_ignore_ascii_case(t) || *zh == t)
            .map(|(en, _)| *en)
            .ok_or(IssueCode::NotAllowed)
    });
    let touchpoint = chk.opt(cells, "touchpoint", Touchpoint::Relationship, |t| {
        let t = t.trim();
        Touchpoint::ALL
            .into_iter()
            .zip(TOUCHPOINT_NAMES)
            .find(|(p, zh)| p.as_str().eq_ignore_ascii_case(t) || zh.contains(&t))
            .map(|(p, _)| p)
            .ok_or(IssueCode::NotAllowed)
    });
    let comment = chk.opt(cells, "comment", None, |t| v::text(t, 500).map(Some));
    let (nps, csat, touchpoint, comment) = (nps?, csat?, touchpoint?, comment?);
    let survey = match touchpoint {
        Touchpoint::Relationship => SurveyKind::Relationship,
        Touchpoint::Campaign => SurveyKind::CampaignCsat,
        _ => SurveyKind::ServiceCsat,
    };
    Some(Record::Survey(SurveyRow {
        key: format!("import:{}", reference?),
        customer_id: customer?,
        at: at?,
        topic: comment
            .as_deref()
            .and_then(|c| Topic::of_comment(c, nps, csat)),
        nps,
        csat,
        channel: channel?,
        touchpoint,
        survey,
        comment,
    }))
}
