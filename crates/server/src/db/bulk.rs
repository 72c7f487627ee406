//! Bulk writing: multi-row `INSERT`s (plain, or skipping rows whose natural
//! key is already there), and the housekeeping a bulk load needs (is the
//! database empty, move PostgreSQL's sequences past explicit ids).

use sqlx::AnyConnection;

use super::{Backend, Db, Q};

impl Db {
    /// Whether the database holds no customers yet (so the seed may run).
    pub async fn is_empty(&self) -> Result<bool, sqlx::Error> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers")
            .fetch_one(&self.pool)
            .await?;
        Ok(n == 0)
    }

    /// After rows were inserted with explicit ids, moves PostgreSQL's identity
    /// sequences past them (SQLite needs nothing).
    pub async fn reset_sequences(&self, tables: &[&str]) -> Result<(), sqlx::Error> {
        if self.backend != Backend::Postgres {
            return Ok(());
        }
        for table in tables {
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                 COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            );
            sqlx::query(&sql).execute(&self.pool).await?;
        }
        Ok(())
    }
}

/// Inserts `rows` with multi-row `INSERT`s of up to 500 rows (within both
/// backends' parameter limits). SQLite gets anonymous `?` parameters: with
/// thousands of numbered `$N` parameters its statement preparation turns
/// quadratic (every named parameter is looked up in a list).
pub async fn insert_rows<T>(
    conn: &mut AnyConnection,
    backend: Backend,
    table: &str,
    columns: &[&str],
    rows: &[T],
    bind: for<'q> fn(Q<'q>, &'q T) -> Q<'q>,
) -> Result<(), sqlx::Error> {
    let per = (30_000 / columns.len()).min(500);
    for chunk in rows.chunks(per) {
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        sql.push_str(&values_placeholders(backend, columns.len(), chunk.len()));
        // Full chunks repeat the same text and are worth caching; the remainder is one-off.
        let mut q = sqlx::query(&sql).persistent(chunk.len() == per);
        for row in chunk {
            q = bind(q, row);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// A table's insert that skips rows whose natural key is already there:
/// its columns and the key conflicts are judged on.
pub struct KeyedInsert {
    /// Table.
    pub table: &'static str,
    /// Columns written, in binding order.
    pub columns: Vec<&'static str>,
    /// The unique key (`a` or `a, b`).
    pub conflict: &'static str,
}

/// Multi-row `INSERT … ON CONFLICT (key) DO NOTHING` of at most `most`
/// rows a statement; `bind` also gets `now`. Answers the rows inserted.
pub async fn insert_new_rows<T>(
    conn: &mut AnyConnection,
    backend: Backend,
    spec: &KeyedInsert,
    most: usize,
    rows: &[&T],
    now: i64,
    bind: for<'q> fn(Q<'q>, &'q T, i64) -> Q<'q>,
) -> Result<u64, sqlx::Error> {
    // SQLite takes at most 32,766 parameters per statement
    let per = (30_000 / spec.columns.len()).min(most);
    let mut inserted = 0;
    for chunk in rows.chunks(per) {
        let mut sql = format!(
            "INSERT INTO {} ({}) VALUES ",
            spec.table,
            spec.columns.join(", ")
        );
        sql.push_str(&values_placeholders(
            backend,
            spec.columns.len(),
            chunk.len(),
        ));
        sql.push_str(&format!(" ON CONFLICT ({}) DO NOTHING", spec.conflict));
        let mut q = sqlx::query(&sql).persistent(chunk.len() == per);
        for row in chunk {
            q = bind(q, row, now);
        }
        inserted += q.execute(&mut *conn).await?.rows_affected();
    }
    Ok(inserted)
}

/// The largest id of `table` (0 when empty).
pub async fn max_id(conn: &mut AnyConnection, table: &str) -> Result<i64, sqlx::Error> {
    let id: Option<i64> = sqlx::query_scalar(&format!("SELECT MAX(id) FROM {table}"))
        .fetch_one(&mut *conn)
        .await?;
    Ok(id.unwrap_or(0))
}

/// `(?, ?), (?, ?)` (SQLite) or `($1, $2), ($3, $4)` (PostgreSQL) for `rows`
/// rows of `columns` values.
#[must_use]
pub fn values_placeholders(backend: Backend, columns: usize, rows: usize) -> String {
    let mut sql = String::with_capacity(rows * columns * 4);
    let mut n = 1;
    for i in 0..rows {
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..columns {
            if c > 0 {
                sql.push_str(", ");
            }
            if backend == Backend::Sqlite {
                sql.push('?');
            } else {
                sql.push('$');
                sql.push_str(&n.to_string());
                n += 1;
            }
        }
        sql.push(')');
    }
    sql
}

// --- the tables both bulk writers (the seed and the import) fill: one column
// list and one binding per table; each writer adds its own columns around it.

/// `before`, then `shared`, then `after`: a writer's full column list.
#[must_use]
pub fn columns(
    before: &[&'static str],
    shared: &[&'static str],
    after: &[&'static str],
) -> Vec<&'static str> {
    [before, shared, after].concat()
}

/// The `customers` columns [`CustomerValues`] binds.
pub const CUSTOMER_COLUMNS: &[&str] = &[
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
];

/// A customer's [`CUSTOMER_COLUMNS`] values.
pub struct CustomerValues<'a> {
    pub customer_no: &'a str,
    pub name: &'a str,
    pub gender: &'a str,
    pub birth_date: &'a str,
    pub national_id_masked: &'a str,
    pub national_id_hash: &'a str,
    pub national_id_sealed: &'a str,
    pub mobile: &'a str,
    pub email: Option<&'a str>,
    pub province: &'a str,
    pub city: &'a str,
    pub residence: &'a str,
    pub occupation: &'a str,
    pub income_band: &'a str,
    pub branch_id: i64,
    pub joined_on: &'a str,
}

impl<'a> CustomerValues<'a> {
    /// Binds the values in [`CUSTOMER_COLUMNS`] order.
    pub fn bind(self, q: Q<'a>) -> Q<'a> {
        q.bind(self.customer_no)
            .bind(self.name)
            .bind(self.gender)
            .bind(self.birth_date)
            .bind(self.national_id_masked)
            .bind(self.national_id_hash)
            .bind(self.national_id_sealed)
            .bind(self.mobile)
            .bind(self.email)
            .bind(self.province)
            .bind(self.city)
            .bind(self.residence)
            .bind(self.occupation)
            .bind(self.income_band)
            .bind(self.branch_id)
            .bind(self.joined_on)
    }
}

/// The `cards` columns [`CardValues`] binds.
pub const CARD_COLUMNS: &[&str] = &[
    "customer_id",
    "product_id",
    "pan_token",
    "pan_first6",
    "pan_last4",
    "credit_limit_fen",
    "status",
    "opened_on",
    "is_primary",
];

/// A card's [`CARD_COLUMNS`] values.
pub struct CardValues<'a> {
    pub customer_id: i64,
    pub product_id: i64,
    pub token: &'a str,
    pub first6: &'a str,
    pub last4: &'a str,
    pub limit_fen: i64,
    pub status: &'a str,
    pub opened_on: &'a str,
    pub primary: bool,
}

impl<'a> CardValues<'a> {
    /// Binds the values in [`CARD_COLUMNS`] order.
    pub fn bind(self, q: Q<'a>) -> Q<'a> {
        q.bind(self.customer_id)
            .bind(self.product_id)
            .bind(self.token)
            .bind(self.first6)
            .bind(self.last4)
            .bind(self.limit_fen)
            .bind(self.status)
            .bind(self.opened_on)
            .bind(i64::from(self.primary))
    }
}

/// The `transactions` columns [`TxValues`] binds.
pub const TRANSACTION_COLUMNS: &[&str] = &[
    "customer_id",
    "card_id",
    "occurred_at",
    "amount_fen",
    "merchant",
    "category",
    "channel",
];

/// A transaction's [`TRANSACTION_COLUMNS`] values.
pub struct TxValues<'a> {
    pub customer_id: i64,
    pub card_id: i64,
    pub at: i64,
    pub amount_fen: i64,
    pub merchant: &'a str,
    pub category: &'a str,
    pub channel: &'a str,
}

impl<'a> TxValues<'a> {
    /// Binds the values in [`TRANSACTION_COLUMNS`] order.
    pub fn bind(self, q: Q<'a>) -> Q<'a> {
        q.bind(self.customer_id)
            .bind(self.card_id)
            .bind(self.at)
            .bind(self.amount_fen)
            .bind(self.merchant)
            .bind(self.category)
            .bind(self.channel)
    }
}

/// The `statements` columns [`StatementValues`] binds.
pub const STATEMENT_COLUMNS: &[&str] = &[
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
];

/// A statement's [`STATEMENT_COLUMNS`] values.
pub struct StatementValues<'a> {
    pub customer_id: i64,
    pub card_id: i64,
    pub cycle: &'a str,
    pub closing_date: &'a str,
    pub previous_balance_fen: i64,
    pub purchases_fen: i64,
    pub interest_fen: i64,
    pub new_balance_fen: i64,
    pub minimum_due_fen: i64,
    pub due_date: &'a str,
    pub paid_fen: i64,
    pub paid_on: Option<&'a str>,
    pub days_past_due: i64,
}

impl<'a> StatementValues<'a> {
    /// Binds the values in [`STATEMENT_COLUMNS`] order.
    pub fn bind(self, q: Q<'a>) -> Q<'a> {
        q.bind(self.customer_id)
            .bind(self.card_id)
            .bind(self.cycle)
            .bind(self.closing_date)
            .bind(self.previous_balance_fen)
            .bind(self.purchases_fen)
            .bind(self.interest_fen)
            .bind(self.new_balance_fen)
            .bind(self.minimum_due_fen)
            .bind(self.due_date)
            .bind(self.paid_fen)
            .bind(self.paid_on)
            .bind(self.days_past_due)
    }
}

/// The `payments` columns [`PaymentValues`] binds.
pub const PAYMENT_COLUMNS: &[&str] =
    &["customer_id", "card_id", "paid_at", "amount_fen", "channel"];

/// A payment's [`PAYMENT_COLUMNS`] values.
#[derive(Clone, Copy)]
pub struct PaymentValues<'a> {
    pub customer_id: i64,
    pub card_id: i64,
    pub at: i64,
    pub amount_fen: i64,
    pub channel: &'a str,
}

impl<'a> PaymentValues<'a> {
    /// Binds the values in [`PAYMENT_COLUMNS`] order.
    pub fn bind(self, q: Q<'a>) -> Q<'a> {
        q.bind(self.customer_id)
            .bind(self.card_id)
            .bind(self.at)
            .bind(self.amount_fen)
            .bind(self.channel)
    }
}

/// The `survey_responses` columns [`SurveyValues`] binds.
pub const SURVEY_COLUMNS: &[&str] = &[
    "customer_id",
    "responded_at",
    "nps",
    "csat",
    "channel",
    "touchpoint",
    "comment",
    "survey",
    "topic",
];

/// A survey answer's [`SURVEY_COLUMNS`] values.
pub struct SurveyValues<'a> {
    pub customer_id: i64,
    pub at: i64,
    pub nps: Option<i64>,
    pub csat: Option<i64>,
    pub channel: &'a str,
    pub touchpoint: &'a str,
    pub comment: Option<&'a str>,
    pub survey: &'a str,
    pub topic: Option<&'a str>,
}

impl<'a> SurveyValues<'a> {
    /// Binds the values in [`SURVEY_COLUMNS`] order.
    pub fn bind(self, q: Q<'a>) -> Q<'a> {
        q.bind(self.customer_id)
            .bind(self.at)
            .bind(self.nps)
            .bind(self.csat)
            .bind(self.channel)
            .bind(self.touchpoint)
            .bind(self.comment)
            .bind(self.survey)
            .bind(self.topic)
    }
}
