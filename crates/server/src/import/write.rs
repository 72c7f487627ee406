//! Writing checked rows in multi-row `INSERT … ON CONFLICT DO NOTHING`
//! statements, and telling the rows that were not inserted apart: a natural
//! key already in the database before the import is "already present" (a
//! re-import), one first written by this import repeats an earlier row of
//! the file. The database's unique indexes do the remembering, so the
//! reader keeps no set of keys and memory stays flat however long the file.

use std::collections::{HashMap, HashSet};

use crm_api::imports::ImportKind;
use sqlx::{AnyConnection, Row};

use super::rows::{CardRow, CustomerRow, PaymentRow, Record, StatementRow, SurveyRow, TxRow};
use crate::db::{Backend, Q};
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
    let (table, _) = target(kind);
    let id: Option<i64> = sqlx::query_scalar(&format!("SELECT MAX(id) FROM {table}"))
        .fetch_one(&mut *conn)
        .await?;
    Ok(id.unwrap_or(0))
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
    let (table, column) = target(kind);
    let mut out = HashMap::with_capacity(batch.len());
    for chunk in batch.chunks(BATCH) {
        let marks = crate::db::values_placeholders(backend, 1, chunk.len()).replace(['(', ')'], "");
        let after = match backend {
            Backend::Sqlite => "?".to_owned(),
            Backend::Postgres => format!("${}", chunk.len() + 1),
        };
        if let ImportKind::Statements = kind {
            let sql =
                format!("SELECT id, card_id, cycle FROM statements WHERE card_id IN ({marks})");
            let mut q = sqlx::query(&sql);
            for (_, r) in chunk {
                if let Record::Statement(s) = r {
                    q = q.bind(s.card_id);
                }
            }
            for row in q.bind(start).fetch_all(&mut *conn).await? {
                let card: i64 = row.try_get("card_id")?;
                let cycle: String = row.try_get("cycle")?;
                out.insert(format!("{card}/{cycle}"), row.try_get("id")?);
            }
        } else {
            let sql = format!(
                "SELECT id, {column} AS k FROM {table} WHERE {column} IN ({marks}) AND id > {after}"
            );
            let keys: Vec<String> = chunk.iter().map(|(_, r)| r.key()).collect();
            let mut q = sqlx::query(&sql);
            for k in &keys {
                q = q.bind(k.as_str());
            }
            for row in q.bind(start).fetch_all(&mut *conn).await? {
                out.insert(row.try_get("k")?, row.try_get("id")?);
            }
        }
    }
    Ok(out)
}

fn pick<T>(batch: &[(u64, Record)], f: fn(&Record) -> Option<&T>) -> Vec<&T> {
    batch.iter().filter_map(|(_, r)| f(r)).collect()
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
            t.insert(conn, &CUSTOMERS, &rows, |q, c: &CustomerRow, now| {
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
            })
            .await
        }
        Record::Card(_) => {
            let rows = pick(batch, |r| match r {
                Record::Card(c) => Some(c),
                _ => None,
            });
            t.insert(conn, &CARDS, &rows, |q, c: &CardRow, _| {
                q.bind(c.customer_id)
                    .bind(c.product_id)
                    .bind(c.token.as_str())
                    .bind(c.first6.as_str())
                    .bind(c.last4.as_str())
                    .bind(c.limit_fen)
                    .bind(c.status.as_str())
                    .bind(c.opened_on.as_str())
                    .bind(i64::from(c.primary))
            })
            .await
        }
        Record::Tx(_) => {
            let rows = pick(batch, |r| match r {
                Record::Tx(t) => Some(t),
                _ => None,
            });
            t.insert(conn, &TRANSACTIONS, &rows, |q, t: &TxRow, _| {
                q.bind(t.reference.as_str())
                    .bind(t.customer_id)
                    .bind(t.card_id)
                    .bind(t.at)
                    .bind(t.amount_fen)
                    .bind(t.merchant.as_str())
                    .bind(t.category.as_str())
                    .bind(t.channel.as_str())
            })
            .await
        }
        Record::Statement(_) => {
            let rows = pick(batch, |r| match r {
                Record::Statement(s) => Some(s),
                _ => None,
            });
            t.insert(conn, &STATEMENTS, &rows, |q, s: &StatementRow, _| {
                q.bind(s.customer_id)
                    .bind(s.card_id)
                    .bind(s.cycle.as_str())
                    .bind(s.closing_date.as_str())
                    .bind(s.previous_balance_fen)
                    .bind(s.purchases_fen)
                    .bind(s.interest_fen)
                    .bind(s.new_balance_fen)
                    .bind(s.minimum_due_fen)
                    .bind(s.due_date.as_str())
                    .bind(s.paid_fen)
                    .bind(s.paid_on.as_deref())
                    .bind(s.days_past_due)
            })
            .await
        }
        Record::Payment(_) => {
            let rows = pick(batch, |r| match r {
                Record::Payment(p) => Some(p),
                _ => None,
            });
            t.insert(conn, &PAYMENTS, &rows, |q, p: &PaymentRow, _| {
                q.bind(p.customer_id)
                    .bind(p.card_id)
                    .bind(p.at)
                    .bind(p.amount_fen)
                    .bind(p.channel)
                    .bind(p.key.as_str())
            })
            .await
        }
        Record::Survey(_) => {
            let rows = pick(batch, |r| match r {
                Record::Survey(s) => Some(s),
                _ => None,
            });
            t.insert(conn, &SURVEYS, &rows, |q, s: &SurveyRow, _| {
                q.bind(s.customer_id)
                    .bind(s.at)
                    .bind(s.nps)
                    .bind(s.csat)
                    .bind(s.channel)
                    .bind(s.touchpoint.as_str())
                    .bind(s.comment.as_deref())
                    .bind(s.key.as_str())
                    .bind(s.survey.as_str())
                    .bind(s.topic.map(crm_api::surveys::Topic::as_str))
            })
            .await
        }
    }
}

/// A table's insert: its columns and the natural key conflicts are judged on.
struct Spec {
    table: &'static str,
    columns: &'static [&'static str],
    conflict: &'static str,
}

const CUSTOMERS: Spec = Spec {
    table: "customers",
    columns: &[
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
    conflict: "customer_no",
};

const CARDS: Spec = Spec {
    table: "cards",
    columns: &[
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
    conflict: "pan_token",
};

const TRANSACTIONS: Spec = Spec {
    table: "transactions",
    columns: &[
        "external_ref",
        "customer_id",
        "card_id",
        "occurred_at",
        "amount_fen",
        "merchant",
        "category",
        "channel",
    ],
    conflict: "external_ref",
};

const STATEMENTS: Spec = Spec {
    table: "statements",
    columns: &[
        "customer_id",
        "card_id",
        "cycle",
        "closing_date",
        "previous_balance_fen",
        "purchases_fen",
        "interest_fen",
        "new_balance_fen",
        "minimum_due_fen",
        "due_date",
        "paid_fen",
        "paid_on",
        "days_past_due",
    ],
    conflict: "card_id, cycle",
};

const PAYMENTS: Spec = Spec {
    table: "payments",
    columns: &[
        "customer_id",
        "card_id",
        "paid_at",
        "amount_fen",
        "channel",
        "idempotency_key",
    ],
    conflict: "idempotency_key",
};

const SURVEYS: Spec = Spec {
    table: "survey_responses",
    columns: &[
        "customer_id",
        "responded_at",
        "nps",
        "csat",
        "channel",
        "touchpoint",
        "comment",
        "idempotency_key",
        "survey",
        "topic",
    ],
    conflict: "idempotency_key",
};

struct Table {
    backend: Backend,
    now: i64,
}

impl Table {
    /// Multi-row `INSERT … ON CONFLICT (key) DO NOTHING`; answers the rows inserted.
    async fn insert<T>(
        &self,
        conn: &mut AnyConnection,
        spec: &Spec,
        rows: &[&T],
        bind: for<'q> fn(Q<'q>, &'q T, i64) -> Q<'q>,
    ) -> Result<u64, AppError> {
        // SQLite takes at most 32,766 parameters per statement
        let per = (30_000 / spec.columns.len()).min(BATCH);
        let mut inserted = 0;
        for chunk in rows.chunks(per) {
            let mut sql = format!(
                "INSERT INTO {} ({}) VALUES ",
                spec.table,
                spec.columns.join(", ")
            );
            sql.push_str(&crate::db::values_placeholders(
                self.backend,
                spec.columns.len(),
                chunk.len(),
            ));
            sql.push_str(&format!(" ON CONFLICT ({}) DO NOTHING", spec.conflict));
            let mut q = sqlx::query(&sql).persistent(chunk.len() == per);
            for row in chunk {
                q = bind(q, row, self.now);
            }
            inserted += q.execute(&mut *conn).await?.rows_affected();
        }
        Ok(inserted)
    }
}
