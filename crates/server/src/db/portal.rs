//! The cardholder portal's reads and writes: bills by cycle, installment
//! plans, membership, Learn picks, and messages. Every function takes the
//! signed-in customer and answers 404 for anything that is not theirs.

use chrono::{Months, NaiveDate};
use crm_api::cards::TransactionView;
use crm_api::portal::{
    ArticlePick, BillCycle, BillQuery, BillView, EligiblePurchase, INSTALLMENT_MIN_FEN,
    INSTALLMENT_MONTHS, INSTALLMENT_WINDOW_DAYS, InstallmentPlan, InstallmentPosting,
    InstallmentQuote, LearnReason, Membership, MessageView, monthly_fee_bp, schedule,
};
use crm_api::validate::{Errors, Problem};
use crm_api::{Money, Page};
use sqlx::Row;

use super::cards::{TX_COLUMNS, tx_from_row};
use super::history::{STATEMENT_COLUMNS, customer_count, customer_rows, statement_from_row};
use crate::Db;
use crate::domain::time::{self, month_key, start_of_day};
use crate::error::AppError;

/// `YYYY-MM` → the Unix seconds its Shanghai month starts and ends.
fn cycle_bounds(cycle: &str) -> Result<(i64, i64), AppError> {
    let start = NaiveDate::parse_from_str(&format!("{cycle}-01"), "%Y-%m-%d")
        .ok()
        .filter(|_| cycle.len() == 7)
        .ok_or_else(|| {
            let mut e = Errors::default();
            e.add(
                "cycle",
                Problem::Format {
                    zh: "账期格式应为 YYYY-MM。",
                    en: "The cycle must look like YYYY-MM.",
                },
            );
            AppError::Validation(e)
        })?;
    let end = start + Months::new(1);
    Ok((start_of_day(start), start_of_day(end)))
}

/// The card's last four digits; 404 when it is not `customer`'s.
async fn own_card(db: &Db, customer: i64, card: i64) -> Result<String, AppError> {
    sqlx::query_scalar("SELECT pan_last4 FROM cards WHERE id = $1 AND customer_id = $2")
        .bind(card)
        .bind(customer)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)
}

/// Cycles with a bill, newest first: the open cycle of each card that is not
/// closed, then every statement.
pub async fn cycles(db: &Db, customer: i64, now: i64) -> Result<Vec<BillCycle>, AppError> {
    let current = month_key(now);
    let mut out: Vec<BillCycle> = sqlx::query(
        "SELECT id, pan_last4 FROM cards WHERE customer_id = $1 AND status <> 'closed' ORDER BY is_primary DESC, id",
    )
    .bind(customer)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(BillCycle {
            card_id: r.try_get("id")?,
            card_last4: r.try_get("pan_last4")?,
            cycle: current.clone(),
            billed: false,
        })
    })
    .collect::<Result<_, AppError>>()?;
    let rows = sqlx::query(
        "SELECT s.card_id, c.pan_last4, s.cycle FROM statements s JOIN cards c ON c.id = s.card_id \
         WHERE s.customer_id = $1 ORDER BY s.cycle DESC, c.is_primary DESC, s.card_id LIMIT 120",
    )
    .bind(customer)
    .fetch_all(&db.pool)
    .await?;
    for r in &rows {
        out.push(BillCycle {
            card_id: r.try_get("card_id")?,
            card_last4: r.try_get("pan_last4")?,
            cycle: r.try_get("cycle")?,
            billed: true,
        });
    }
    Ok(out)
}

/// `WHERE` text and binds of a bill's transaction filter (after `$1` card, `$2`/`$3` period).
fn tx_filter(q: &BillQuery) -> (String, Vec<String>) {
    let mut sql = String::new();
    let mut binds = Vec::new();
    if let Some(text) = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let escaped = text
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        binds.push(format!("%{}%", escaped.to_lowercase()));
        sql.push_str(&format!(
            " AND LOWER(t.merchant) LIKE ${} ESCAPE '\\'",
            3 + binds.len()
        ));
    }
    if let Some(c) = q.category {
        binds.push(c.as_str().to_owned());
        sql.push_str(&format!(" AND t.category = ${}", 3 + binds.len()));
    }
    (sql, binds)
}

/// Every transaction of a bill matching the filter, newest first (no paging: for CSV).
pub async fn bill_transactions(
    db: &Db,
    customer: i64,
    q: &BillQuery,
) -> Result<Vec<TransactionView>, AppError> {
    own_card(db, customer, q.card).await?;
    let (from, to) = cycle_bounds(&q.cycle)?;
    let (extra, binds) = tx_filter(q);
    let sql = format!(
        "SELECT {TX_COLUMNS} FROM transactions t JOIN cards c ON c.id = t.card_id \
         WHERE t.card_id = $1 AND t.occurred_at >= $2 AND t.occurred_at < $3{extra} \
         ORDER BY t.occurred_at DESC, t.id DESC"
    );
    let mut query = sqlx::query(&sql).bind(q.card).bind(from).bind(to);
    for b in &binds {
        query = query.bind(b.as_str());
    }
    query
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(tx_from_row)
        .collect()
}

/// One card's bill for one cycle.
pub async fn bill(
    db: &Db,
    customer: i64,
    q: &BillQuery,
    page: u32,
    per_page: u32,
) -> Result<BillView, AppError> {
    let last4 = own_card(db, customer, q.card).await?;
    let (from, to) = cycle_bounds(&q.cycle)?;
    let today = time::today().format("%Y-%m-%d").to_string();
    let statement = sqlx::query(&format!(
        "SELECT {STATEMENT_COLUMNS} FROM statements s JOIN cards c ON c.id = s.card_id \
         WHERE s.card_id = $1 AND s.cycle = $2"
    ))
    .bind(q.card)
    .bind(q.cycle.as_str())
    .fetch_optional(&db.pool)
    .await?
    .map(|r| statement_from_row(&r, &today))
    .transpose()?;
    let purchases: Option<i64> = sqlx::query_scalar(
        "SELECT CAST(SUM(amount_fen) AS BIGINT) FROM transactions \
         WHERE card_id = $1 AND occurred_at >= $2 AND occurred_at < $3",
    )
    .bind(q.card)
    .bind(from)
    .bind(to)
    .fetch_one(&db.pool)
    .await?;
    let (extra, binds) = tx_filter(q);
    let count_sql = format!(
        "SELECT COUNT(*) FROM transactions t \
         WHERE t.card_id = $1 AND t.occurred_at >= $2 AND t.occurred_at < $3{extra}"
    );
    let mut count = sqlx::query_scalar(&count_sql)
        .bind(q.card)
        .bind(from)
        .bind(to);
    for b in &binds {
        count = count.bind(b.as_str());
    }
    let total: i64 = count.fetch_one(&db.pool).await?;
    let n = binds.len();
    let sql = format!(
        "SELECT {TX_COLUMNS} FROM transactions t JOIN cards c ON c.id = t.card_id \
         WHERE t.card_id = $1 AND t.occurred_at >= $2 AND t.occurred_at < $3{extra} \
         ORDER BY t.occurred_at DESC, t.id DESC LIMIT ${} OFFSET ${}",
        4 + n,
        5 + n
    );
    let mut query = sqlx::query(&sql).bind(q.card).bind(from).bind(to);
    for b in &binds {
        query = query.bind(b.as_str());
    }
    let items = query
        .bind(i64::from(per_page))
        .bind(i64::from(page - 1) * i64::from(per_page))
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(tx_from_row)
        .collect::<Result<Vec<_>, AppError>>()?;
    let postings = plans_of(db, customer, Some(q.card))
        .await?
        .into_iter()
        .filter_map(|plan| {
            let row = plan
                .quote
                .schedule
                .iter()
                .find(|r| r.cycle == q.cycle)?
                .clone();
            Some(InstallmentPosting {
                plan_id: plan.id,
                merchant: plan.merchant,
                n: row.n,
                of: plan.quote.months,
                principal: row.principal,
                fee: row.fee,
            })
        })
        .collect();
    Ok(BillView {
        card_id: q.card,
        card_last4: last4,
        cycle: q.cycle.clone(),
        statement,
        postings,
        purchases: Money::cny(purchases.unwrap_or(0)),
        transactions: Page {
            items,
            total,
            page,
            per_page,
        },
    })
}

// ---------------------------------------------------------------------------
// Installments
// ---------------------------------------------------------------------------

/// An interest-free campaign the customer is in (treatment arm, live, valid
/// today) covering `months`: its id and name.
async fn interest_free_campaign(
    db: &Db,
    customer: i64,
    months: u32,
    now: i64,
) -> Result<Option<(i64, String)>, AppError> {
    let today = time::local_date(now).format("%Y-%m-%d").to_string();
    let rows = sqlx::query(
        "SELECT c.id, c.name, c.offer FROM campaigns c \
         JOIN campaign_members m ON m.campaign_id = c.id AND m.customer_id = $1 AND m.arm = 'treatment' \
         WHERE c.offer_kind = 'interest_free_installment' AND c.status IN ('launched', 'completed') \
           AND (c.valid_from IS NULL OR c.valid_from <= $2) AND (c.valid_to IS NULL OR c.valid_to >= $2) \
         ORDER BY c.id",
    )
    .bind(customer)
    .bind(today.as_str())
    .fetch_all(&db.pool)
    .await?;
    for r in &rows {
        let offer: String = r.try_get("offer")?;
        let granted = serde_json::from_str::<serde_json::Value>(&offer)
            .ok()
            .and_then(|v| v["months"].as_u64())
            .unwrap_or(0);
        if u64::from(months) <= granted {
            return Ok(Some((r.try_get("id")?, r.try_get("name")?)));
        }
    }
    Ok(None)
}

/// Why a purchase cannot be converted (422 on `transaction_id`).
fn not_eligible(zh: &'static str, en: &'static str) -> AppError {
    let mut e = Errors::default();
    e.add("transaction_id", Problem::Format { zh, en });
    AppError::Validation(e)
}

/// The purchase (404 when not the customer's) and the card it is on; 422
/// when it cannot be converted.
async fn convertible(
    db: &Db,
    customer: i64,
    tx_id: i64,
    now: i64,
) -> Result<TransactionView, AppError> {
    let row = sqlx::query(&format!(
        "SELECT {TX_COLUMNS}, c.status AS card_status FROM transactions t JOIN cards c ON c.id = t.card_id \
         WHERE t.id = $1 AND t.customer_id = $2"
    ))
    .bind(tx_id)
    .bind(customer)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let tx = tx_from_row(&row)?;
    let card_status: String = row.try_get("card_status")?;
    if tx.installment {
        return Err(not_eligible(
            "这笔消费已经分期。",
            "This purchase is already in installments.",
        ));
    }
    if tx.amount.fen < INSTALLMENT_MIN_FEN
        || tx.channel == crm_api::TxChannel::Atm
        || tx.category == crm_api::Category::CashAdvance
    {
        return Err(not_eligible(
            "只有 500 元以上的消费可以分期（取现除外）。",
            "Only purchases of ¥500 or more can be split (not cash withdrawals).",
        ));
    }
    if tx.occurred_at < now - INSTALLMENT_WINDOW_DAYS * 86_400 {
        return Err(not_eligible(
            "只有 60 天内的消费可以分期。",
            "Only purchases from the last 60 days can be split.",
        ));
    }
    if card_status != "active" {
        return Err(not_eligible(
            "卡片已冻结或挂失，暂不能分期。",
            "The card is locked or reported lost; it cannot take new installments.",
        ));
    }
    Ok(tx)
}

/// The price of converting `tx` over `months`, first instalment in the cycle of `now`.
async fn price(
    db: &Db,
    customer: i64,
    tx: &TransactionView,
    months: u32,
    now: i64,
) -> Result<(InstallmentQuote, Option<i64>), AppError> {
    let campaign = interest_free_campaign(db, customer, months, now).await?;
    let bp = if campaign.is_some() {
        0
    } else {
        monthly_fee_bp(months).unwrap_or(0)
    };
    let rows = schedule(
        tx.amount.fen,
        &tx.amount.currency,
        months,
        bp,
        &month_key(now),
    );
    Ok((
        InstallmentQuote {
            transaction_id: tx.id,
            months,
            principal: tx.amount.clone(),
            monthly_fee_bp: bp,
            fee_total: Money {
                fen: rows.iter().map(|r| r.fee.fen).sum(),
                currency: tx.amount.currency.clone(),
            },
            interest_free: campaign.is_some(),
            campaign: campaign.as_ref().map(|(_, name)| name.clone()),
            schedule: rows,
        },
        campaign.map(|(id, _)| id),
    ))
}

/// The quote for one purchase and term.
pub async fn quote(
    db: &Db,
    customer: i64,
    tx_id: i64,
    months: u32,
    now: i64,
) -> Result<InstallmentQuote, AppError> {
    let tx = convertible(db, customer, tx_id, now).await?;
    Ok(price(db, customer, &tx, months, now).await?.0)
}

/// Purchases that can be converted now, newest first, each with all terms.
pub async fn eligible(db: &Db, customer: i64, now: i64) -> Result<Vec<EligiblePurchase>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {TX_COLUMNS} FROM transactions t JOIN cards c ON c.id = t.card_id \
         WHERE t.customer_id = $1 AND t.occurred_at >= $2 AND t.amount_fen >= $3 AND t.installment = 0 \
           AND t.channel <> 'atm' AND t.category <> 'cash_advance' AND c.status = 'active' \
         ORDER BY t.occurred_at DESC, t.id DESC LIMIT 50"
    ))
    .bind(customer)
    .bind(now - INSTALLMENT_WINDOW_DAYS * 86_400)
    .bind(INSTALLMENT_MIN_FEN)
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let tx = tx_from_row(r)?;
        let mut quotes = Vec::with_capacity(INSTALLMENT_MONTHS.len());
        for months in INSTALLMENT_MONTHS {
            quotes.push(price(db, customer, &tx, months, now).await?.0);
        }
        out.push(EligiblePurchase {
            transaction: tx,
            quotes,
        });
    }
    Ok(out)
}

/// Converts a purchase; the same `key` again returns the plan it made
/// (`false`: nothing new). One transaction with its audit entry; a purchase
/// converts at most once, however many requests race.
pub async fn convert(
    db: &Db,
    customer: i64,
    tx_id: i64,
    months: u32,
    key: &str,
    user: i64,
    now: i64,
) -> Result<(InstallmentPlan, bool), AppError> {
    let key = format!("installment:{customer}:{key}");
    let request = super::idempotency::fingerprint(&[
        "installment",
        &customer.to_string(),
        &tx_id.to_string(),
        &months.to_string(),
    ]);
    let existing: Option<(i64, i64)> =
        sqlx::query("SELECT id, customer_id FROM installment_plans WHERE idempotency_key = $1")
            .bind(key.as_str())
            .fetch_optional(&db.pool)
            .await?
            .map(|r| Ok::<_, AppError>((r.try_get("id")?, r.try_get("customer_id")?)))
            .transpose()?;
    if let Some((id, owner)) = existing {
        if owner != customer {
            return Err(AppError::Conflict(Errors::default()));
        }
        let mut conn = db.pool.acquire().await?;
        super::idempotency::check_repeat(&mut conn, &key, &request).await?;
        return Ok((plan(db, customer, id).await?, false));
    }
    let tx = convertible(db, customer, tx_id, now).await?;
    let (q, campaign) = price(db, customer, &tx, months, now).await?;
    let mut conn = db.pool.begin().await?;
    let marked = sqlx::query(
        "UPDATE transactions SET installment = 1 WHERE id = $1 AND customer_id = $2 AND installment = 0",
    )
    .bind(tx_id)
    .bind(customer)
    .execute(&mut *conn)
    .await?;
    if marked.rows_affected() != 1 {
        drop(conn);
        // a twin request with the same key may have just made the plan
        let twin: Option<i64> =
            sqlx::query_scalar("SELECT id FROM installment_plans WHERE idempotency_key = $1")
                .bind(key.as_str())
                .fetch_optional(&db.pool)
                .await?;
        if let Some(id) = twin {
            let mut conn = db.pool.acquire().await?;
            super::idempotency::check_repeat(&mut conn, &key, &request).await?;
            return Ok((plan(db, customer, id).await?, false));
        }
        return Err(not_eligible(
            "这笔消费已经分期。",
            "This purchase is already in installments.",
        ));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO installment_plans (customer_id, card_id, transaction_id, months, principal_fen, currency, \
         fee_bp, campaign_id, first_cycle, created_at, idempotency_key) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(customer)
    .bind(tx.card_id)
    .bind(tx_id)
    .bind(i64::from(months))
    .bind(tx.amount.fen)
    .bind(tx.amount.currency.as_str())
    .bind(q.monthly_fee_bp)
    .bind(campaign)
    .bind(month_key(now))
    .bind(now)
    .bind(key.as_str())
    .fetch_one(&mut *conn)
    .await?;
    let detail = format!(
        "plan {id}: transaction {tx_id}, {months} months, fee {} fen{}",
        q.fee_total.fen,
        if q.interest_free {
            " (interest-free)"
        } else {
            ""
        }
    );
    let entry =
        crate::db::audit::Entry::by(user, "installment.create", &detail).about(Some(customer));
    crate::db::audit::insert(&mut *conn, entry, now).await?;
    super::idempotency::remember(&mut conn, &key, &request, now).await?;
    conn.commit().await?;
    Ok((plan(db, customer, id).await?, true))
}

const PLAN_SQL: &str = "SELECT p.id, p.transaction_id, p.months, p.principal_fen, p.currency, p.fee_bp, \
     p.first_cycle, p.created_at, cp.name AS campaign, c.pan_last4, t.merchant \
     FROM installment_plans p JOIN cards c ON c.id = p.card_id JOIN transactions t ON t.id = p.transaction_id \
     LEFT JOIN campaigns cp ON cp.id = p.campaign_id WHERE p.customer_id = $1";

fn plan_from_row(r: &sqlx::any::AnyRow) -> Result<InstallmentPlan, AppError> {
    let months = u32::try_from(r.try_get::<i64, _>("months")?).unwrap_or(0);
    let principal: i64 = r.try_get("principal_fen")?;
    let currency: String = r.try_get("currency")?;
    let bp: i64 = r.try_get("fee_bp")?;
    let first: String = r.try_get("first_cycle")?;
    let campaign: Option<String> = r.try_get("campaign")?;
    let rows = schedule(principal, &currency, months, bp, &first);
    Ok(InstallmentPlan {
        id: r.try_get("id")?,
        transaction_id: r.try_get("transaction_id")?,
        card_last4: r.try_get("pan_last4")?,
        merchant: r.try_get("merchant")?,
        created_at: r.try_get("created_at")?,
        quote: InstallmentQuote {
            transaction_id: r.try_get("transaction_id")?,
            months,
            principal: Money {
                fen: principal,
                currency: currency.clone(),
            },
            monthly_fee_bp: bp,
            fee_total: Money {
                fen: rows.iter().map(|x| x.fee.fen).sum(),
                currency,
            },
            interest_free: campaign.is_some(),
            campaign,
            schedule: rows,
        },
    })
}

/// One plan of the customer; 404 otherwise.
pub async fn plan(db: &Db, customer: i64, id: i64) -> Result<InstallmentPlan, AppError> {
    let row = sqlx::query(&format!("{PLAN_SQL} AND p.id = $2"))
        .bind(customer)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    plan_from_row(&row)
}

/// The customer's plans (on one card when given), newest first.
pub async fn plans_of(
    db: &Db,
    customer: i64,
    card: Option<i64>,
) -> Result<Vec<InstallmentPlan>, AppError> {
    let sql = match card {
        Some(_) => format!("{PLAN_SQL} AND p.card_id = $2 ORDER BY p.created_at DESC, p.id DESC"),
        None => format!("{PLAN_SQL} ORDER BY p.created_at DESC, p.id DESC"),
    };
    let mut q = sqlx::query(&sql).bind(customer);
    if let Some(c) = card {
        q = q.bind(c);
    }
    q.fetch_all(&db.pool)
        .await?
        .iter()
        .map(plan_from_row)
        .collect()
}

// ---------------------------------------------------------------------------
// Membership, Learn, messages
// ---------------------------------------------------------------------------

/// Tier from purchases over the 365 days before `now` (cash withdrawals excluded).
pub async fn membership(db: &Db, customer: i64, now: i64) -> Result<Membership, AppError> {
    let spend: Option<i64> = sqlx::query_scalar(
        "SELECT CAST(SUM(amount_fen) AS BIGINT) FROM transactions \
         WHERE customer_id = $1 AND occurred_at >= $2 AND occurred_at <= $3 AND amount_fen > 0 AND channel <> 'atm'",
    )
    .bind(customer)
    .bind(now - 365 * 86_400)
    .bind(now)
    .fetch_one(&db.pool)
    .await?;
    Ok(Membership::of_spend(spend.unwrap_or(0), "CNY"))
}

/// Articles in the order that fits the customer: those with a reason first.
///
/// | reason | when | article |
/// |---|---|---|
/// | lost card | a card lost, or a lost-card ticket, in the last 90 days | card safety, fraud signs |
/// | minimum payer | one of the last 3 statements paid exactly the minimum | minimum payment |
/// | revolver | one of the last 3 statements paid less than in full | minimum payment, responsible borrowing |
/// | installments | a purchase can be converted now | installments |
/// | new cardholder | joined in the last 90 days | card safety |
pub async fn learn_picks(db: &Db, customer: i64, now: i64) -> Result<Vec<ArticlePick>, AppError> {
    let since = now - 90 * 86_400;
    let lost: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM tickets WHERE customer_id = $1 AND kind = 'card_lost' AND created_at >= $2",
    )
    .bind(customer)
    .bind(since)
    .fetch_one(&db.pool)
    .await?;
    let lost_cards: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM cards WHERE customer_id = $1 AND status = 'lost'")
            .bind(customer)
            .fetch_one(&db.pool)
            .await?;
    let recent = sqlx::query(
        "SELECT new_balance_fen, minimum_due_fen, paid_fen FROM statements \
         WHERE customer_id = $1 AND new_balance_fen > 0 ORDER BY cycle DESC LIMIT 3",
    )
    .bind(customer)
    .fetch_all(&db.pool)
    .await?;
    let mut minimum = false;
    let mut revolver = false;
    for r in &recent {
        let (new, min, paid): (i64, i64, i64) = (
            r.try_get("new_balance_fen")?,
            r.try_get("minimum_due_fen")?,
            r.try_get("paid_fen")?,
        );
        minimum |= paid > 0 && paid == min && min < new;
        revolver |= paid < new;
    }
    let convertible: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM transactions t JOIN cards c ON c.id = t.card_id \
         WHERE t.customer_id = $1 AND t.occurred_at >= $2 AND t.amount_fen >= $3 AND t.installment = 0 \
           AND t.channel <> 'atm' AND t.category <> 'cash_advance' AND c.status = 'active'",
    )
    .bind(customer)
    .bind(now - INSTALLMENT_WINDOW_DAYS * 86_400)
    .bind(INSTALLMENT_MIN_FEN)
    .fetch_one(&db.pool)
    .await?;
    let joined: String = sqlx::query_scalar("SELECT joined_on FROM customers WHERE id = $1")
        .bind(customer)
        .fetch_one(&db.pool)
        .await?;
    let new_cardholder =
        time::parse_date(&joined).is_some_and(|d| (time::local_date(now) - d).num_days() <= 90);
    let mut picks: Vec<ArticlePick> = Vec::new();
    let mut add = |slug: &str, reason: Option<LearnReason>| {
        if !picks.iter().any(|p| p.slug == slug) {
            picks.push(ArticlePick {
                slug: slug.to_owned(),
                reason,
            });
        }
    };
    if lost > 0 || lost_cards > 0 {
        add("card-safety", Some(LearnReason::LostCard));
        add("fraud-signs", Some(LearnReason::LostCard));
    }
    if minimum {
        add("minimum-payment", Some(LearnReason::MinimumPayer));
    }
    if revolver {
        add("minimum-payment", Some(LearnReason::Revolver));
        add("responsible-borrowing", Some(LearnReason::Revolver));
    }
    if convertible > 0 {
        add("installments", Some(LearnReason::Installments));
    }
    if new_cardholder {
        add("card-safety", Some(LearnReason::NewCardholder));
    }
    for a in &crm_api::portal::ARTICLES {
        add(a.slug, None);
    }
    Ok(picks)
}

/// When the customer last read their messages (0: never).
async fn read_at(db: &Db, customer: i64) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar("SELECT messages_read_at FROM portal_reads WHERE customer_id = $1")
            .bind(customer)
            .fetch_optional(&db.pool)
            .await?
            .unwrap_or(0),
    )
}

/// Messages the bank sent (campaign messages), newest first, and how many are unread.
pub async fn messages(
    db: &Db,
    customer: i64,
    limit: i64,
    offset: i64,
) -> Result<(Vec<MessageView>, i64, i64), AppError> {
    let seen = read_at(db, customer).await?;
    let total = customer_count(db, "delivery_log", customer).await?;
    let items = customer_rows(
        db,
        "SELECT delivery_id, sent_at, channel, message FROM delivery_log WHERE customer_id = $1 \
         ORDER BY sent_at DESC, delivery_id DESC LIMIT $2 OFFSET $3",
        customer,
        limit,
        offset,
        |r| {
            let sent_at: i64 = r.try_get("sent_at")?;
            Ok(MessageView {
                id: r.try_get("delivery_id")?,
                sent_at,
                channel: r.try_get("channel")?,
                message: r.try_get("message")?,
                unread: sent_at > seen,
            })
        },
    )
    .await?;
    Ok((items, total, unread(db, customer).await?))
}

/// Messages sent after the customer last read them.
pub async fn unread(db: &Db, customer: i64) -> Result<i64, AppError> {
    let seen = read_at(db, customer).await?;
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM delivery_log WHERE customer_id = $1 AND sent_at > $2",
    )
    .bind(customer)
    .bind(seen)
    .fetch_one(&db.pool)
    .await?)
}

/// Marks every message up to `now` read.
pub async fn mark_read(db: &Db, customer: i64, now: i64) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO portal_reads (customer_id, messages_read_at) VALUES ($1, $2) \
         ON CONFLICT (customer_id) DO UPDATE SET messages_read_at = excluded.messages_read_at",
    )
    .bind(customer)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The latest statement of each card that is not closed.
pub async fn latest_statements(
    db: &Db,
    customer: i64,
) -> Result<Vec<crm_api::history::StatementView>, AppError> {
    let today = time::today().format("%Y-%m-%d").to_string();
    sqlx::query(&format!(
        "SELECT {STATEMENT_COLUMNS} FROM statements s JOIN cards c ON c.id = s.card_id \
         WHERE s.customer_id = $1 AND c.status <> 'closed' \
           AND s.cycle = (SELECT MAX(s2.cycle) FROM statements s2 WHERE s2.card_id = s.card_id) \
         ORDER BY c.is_primary DESC, s.card_id"
    ))
    .bind(customer)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| statement_from_row(r, &today))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_map_to_shanghai_months() {
        let (from, to) = cycle_bounds("2026-11").unwrap_or_default();
        // 2026-11-01 00:00 +08:00 and 2026-12-01 00:00 +08:00
        assert_eq!(from, 1_793_462_400);
        assert_eq!(to - from, 30 * 86_400);
        assert!(cycle_bounds("2026-13").is_err());
        assert!(cycle_bounds("2026-1").is_err());
        assert!(cycle_bounds("x").is_err());
    }

    #[test]
    fn merchant_search_escapes_wildcards() {
        let q = BillQuery {
            card: 1,
            cycle: "2026-11".into(),
            q: Some(" 50%_Off ".into()),
            category: Some(crm_api::Category::Dining),
            ..BillQuery::default()
        };
        let (sql, binds) = tx_filter(&q);
        assert_eq!(binds, ["%50\\%\\_off%", "dining"]);
        assert!(sql.contains("$4") && sql.contains("$5"));
    }
}
