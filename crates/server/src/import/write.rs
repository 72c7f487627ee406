//! Writing checked rows in multi-row `INSERT … ON CONFLICT DO NOTHING`
//! statements, and telling the rows that were not inserted apart: a natural
//! key already in the database before the import is "already present" (a
//! re-import), one first written by this import repeats an earlier row of
//! the file. The database's unique indexes do the remembering, so the
//! reader keeps no set of keys and memory stays flat however long the file.

use std::collections::{HashMap, HashSet};

use crm_api::imports::ImportKind;
use sqlx::AnyConnection;

use super::rows::{CardRow, CustomerRow, PaymentRow, Record, StatementRow, SurveyRow, TxRow};
use crate::db::bulk::{
    CARD_COLUMNS, CUSTOMER_COLUMNS, CardValues, CustomerValues, KeyedInsert, PAYMENT_COLUMNS,
    STATEMENT_COLUMNS, SURVEY_COLUMNS, StatementValues, SurveyValues, TRANSACTION_COLUMNS,
    TxValues, columns, insert_new_rows,
};
use crate::db::{Backend, Q, imports};
use crate::error::AppError;

/// Rows written per batch.
pub const BATCH: usize = 4000;

/// The table a kind is written to and the column its natural key is looked up by.
const fn target(kind: ImportKind) -> (&'static str, &'static str) {
    match kind {
        ImportKind::Customers => ("customers", "customer_no"),
        ImportKind::Cards => ("cards", "pan_token"),
        ImportKind::Transactions => ("transactions", "external_ref"),
        ImportKind::Statements => ("statements", "card_id"),
        ImportKind::Payments => ("payments", "idempotency_key"),
        ImportKind::SurveyResponses => ("survey_responses", "idempotency_key"),
    }
}

/// The largest id of the kind's table (0 when empty).
pub async fn max_id(conn: &mut AnyConnection, kind: ImportKind) -> Result<i64, AppError> {
    Ok(crate::db::bulk::max_id(conn, target(kind).0).await?)
}

/// What writing a batch did.
#[derive(Default)]
pub struct Written {
    /// Rows inserted.
    pub inserted: u64,
    /// Lines that repeat a row earlier in the file.
    pub repeats: Vec<u64>,
}

/// Writes a batch of `(line, record)` of one kind. `start` is the table's
/// largest id before the import began.
pub async fn write(
    conn: &mut AnyConnection,
    backend: Backend,
    kind: ImportKind,
    batch: &[(u64, Record)],
    start: i64,
    now: i64,
) -> Result<Written, AppError> {
    if batch.is_empty() {
        return Ok(Written::default());
    }
    let before = max_id(conn, kind).await?;
    let inserted = insert(conn, backend, batch, now).await?;
    let mut out = Written {
        inserted,
        repeats: Vec::new(),
    };
    if inserted == batch.len() as u64 {
        return Ok(out);
    }
    // some rows were not inserted: which of them repeat this file?
    let ids = lookup(conn, backend, kind, batch, start).await?;
    let mut firsts = HashSet::new();
    for (line, record) in batch {
        let key = record.key();
        let id = ids.get(&key).copied().unwrap_or(0);
        let repeat = if id <= start {
            false
        } else if id > before {
            // inserted by this batch: by its first row with the key
            !firsts.insert(key)
        } else {
            true
        };
        if repeat {
            out.repeats.push(*line);
        }
    }
    Ok(out)
}

/// Natural key → id for the batch's keys written by this import (id above
/// `start`); keys already there before it are left out, so a re-import
/// fetches no rows (each fetched row costs a round trip through the driver).
async fn lookup(
    conn: &mut AnyConnection,
    backend: Backend,
    kind: ImportKind,
    batch: &[(u64, Record)],
    start: i64,
) -> Result<HashMap<String, i64>, AppError> {
    let mut out = HashMap::with_capacity(batch.len());
    for chunk in batch.chunks(BATCH) {
        if let ImportKind::Statements = kind {
            let cards: Vec<i64> = chunk
                .iter()
                .filter_map(|(_, r)| match r {
                    Record::Statement(s) => Some(s.card_id),
                    _ => None,
                })
                .collect();
            for (card, cycle, id) in imports::statement_keys(conn, backend, &cards, start).await? {
                out.insert(format!("{card}/{cycle}"), id);
            }
        } else {
            let keys: Vec<String> = chunk.iter().map(|(_, r)| r.key()).collect();
            out.extend(imports::ids_by_key(conn, backend, target(kind), &keys, start).await?);
        }
    }
    Ok(out)
}

fn pick<T>(batch: &[(u64, Record)], f: fn(&Record) -> Option<&T>) -> Vec<&T> {
    batch.iter().filter_map(|(_, r)| f(r)).collect()
}

/// The import's insert into `table`: the shared columns with `before` and
/// `after` around them, skipping rows whose `conflict` key is already there.
fn keyed(
    table: &'static str,
    (before, shared, after): (&[&'static str], &[&'static str], &[&'static str]),
    conflict: &'static str,
) -> KeyedInsert {
    KeyedInsert {
        table,
        columns: columns(before, shared, after),
        conflict,
    }
}

/// Inserts the batch, skipping rows whose natural key is already there;
/// answers how many were new.
async fn insert(
    conn: &mut AnyConnection,
    backend: Backend,
    batch: &[(u64, Record)],
    now: i64,
) -> Result<u64, AppError> {
    let Some((_, first)) = batch.first() else {
        return Ok(0);
    };
    let t = Table { backend, now };
    match first {
        Record::Customer(_) => {
            let rows = pick(batch, |r| match r {
                Record::Customer(c) => Some(c),
                _ => None,
            });
            let spec = keyed(
                "customers",
                (&[], CUSTOMER_COLUMNS, &["created_at", "updated_at"]),
                "customer_no",
            );
            t.insert(conn, &spec, &rows, |q, c: &CustomerRow, now| {
                customer_values(c).bind(q).bind(now).bind(now)
            })
            .await
        }
        Record::Card(_) => {
            let rows = pick(batch, |r| match r {
                Record::Card(c) => Some(c),
                _ => None,
            });
            let spec = keyed("cards", (&[], CARD_COLUMNS, &[]), "pan_token");
            t.insert(conn, &spec, &rows, |q, c: &CardRow, _| {
                CardValues {
                    customer_id: c.customer_id,
                    product_id: c.product_id,
                    token: &c.token,
                    first6: &c.first6,
                    last4: &c.last4,
                    limit_fen: c.limit_fen,
                    status: c.status.as_str(),
                    opened_on: &c.opened_on,
                    primary: c.primary,
                }
                .bind(q)
            })
            .await
        }
        Record::Tx(_) => {
            let rows = pick(batch, |r| match r {
                Record::Tx(t) => Some(t),
                _ => None,
            });
            let spec = keyed(
                "transactions",
                (&["external_ref"], TRANSACTION_COLUMNS, &[]),
                "external_ref",
            );
            t.insert(conn, &spec, &rows, |q, t: &TxRow, _| {
                TxValues {
                    customer_id: t.customer_id,
                    card_id: t.card_id,
                    at: t.at,
                    amount_fen: t.amount_fen,
                    merchant: &t.merchant,
                    category: t.category.as_str(),
                    channel: t.channel.as_str(),
                }
                .bind(q.bind(t.reference.as_str()))
            })
            .await
        }
        Record::Statement(_) => {
            let rows = pick(batch, |r| match r {
                Record::Statement(s) => Some(s),
                _ => None,
            });
            let spec = keyed(
                "statements",
                (&[], STATEMENT_COLUMNS, &[]),
                "card_id, cycle",
            );
            t.insert(conn, &spec, &rows, |q, s: &StatementRow, _| {
                statement_values(s).bind(q)
            })
            .await
        }
        Record::Payment(_) => {
            let rows = pick(batch, |r| match r {
                Record::Payment(p) => Some(p),
                _ => None,
            });
            let spec = keyed(
                "payments",
                (&[], PAYMENT_COLUMNS, &["idempotency_key"]),
                "idempotency_key",
            );
            t.insert(conn, &spec, &rows, |q, p: &PaymentRow, _| {
                p.values.bind(q).bind(p.key.as_str())
            })
            .await
        }
        Record::Survey(_) => {
            let rows = pick(batch, |r| match r {
                Record::Survey(s) => Some(s),
                _ => None,
            });
            let spec = keyed(
                "survey_responses",
                (&[], SURVEY_COLUMNS, &["idempotency_key"]),
                "idempotency_key",
            );
            t.insert(conn, &spec, &rows, |q, s: &SurveyRow, _| {
                let SurveyRow {
                    key,
                    customer_id,
                    at,
                    nps,
                    csat,
                    channel,
                    touchpoint,
                    survey,
                    comment,
                    topic,
                } = s;
                SurveyValues {
                    customer_id: *customer_id,
                    at: *at,
                    nps: *nps,
                    csat: *csat,
                    channel,
                    touchpoint: touchpoint.as_str(),
                    comment: comment.as_deref(),
                    survey: survey.as_str(),
                    topic: topic.map(crm_api::surveys::Topic::as_str),
                }
                .bind(q)
                .bind(key.as_str())
            })
            .await
        }
    }
}

fn customer_values(c: &CustomerRow) -> CustomerValues<'_> {
    CustomerValues {
        customer_no: &c.customer_no,
        name: &c.name,
        gender: c.gender.as_str(),
        birth_date: &c.birth_date,
        national_id_masked: &c.id_masked,
        national_id_hash: &c.id_hash,
        national_id_sealed: &c.id_sealed,
        mobile: &c.mobile,
        email: c.email.as_deref(),
        province: &c.province,
        city: &c.city,
        residence: c.residence.as_str(),
        occupation: c.occupation.as_str(),
        income_band: c.income.as_str(),
        branch_id: c.branch_id,
        joined_on: &c.joined_on,
    }
}

fn statement_values(s: &StatementRow) -> StatementValues<'_> {
    StatementValues {
        customer_id: s.customer_id,
        card_id: s.card_id,
        cycle: &s.cycle,
        closing_date: &s.closing_date,
        previous_balance_fen: s.previous_balance_fen,
        purchases_fen: s.purchases_fen,
        interest_fen: s.interest_fen,
        new_balance_fen: s.new_balance_fen,
        minimum_due_fen: s.minimum_due_fen,
        due_date: &s.due_date,
        paid_fen: s.paid_fen,
        paid_on: s.paid_on.as_deref(),
        days_past_due: s.days_past_due,
    }
}

struct Table {
    backend: Backend,
    now: i64,
}

impl Table {
    /// Multi-row `INSERT … ON CONFLICT (key) DO NOTHING`; answers the rows inserted.
    async fn insert<T>(
        &self,
        conn: &mut AnyConnection,
        spec: &KeyedInsert,
        rows: &[&T],
        bind: for<'q> fn(Q<'q>, &'q T, i64) -> Q<'q>,
    ) -> Result<u64, AppError> {
        Ok(insert_new_rows(conn, self.backend, spec, BATCH, rows, self.now, bind).await?)
    }
}
