//! The append-only audit log: one insert for every writer, and the
//! administrator's search. The table has triggers that refuse UPDATE and
//! DELETE on both backends, so no code path (and no SQL console user without
//! DDL rights) can rewrite history.

use crm_api::audit::AuditEntry;
use sqlx::{Any, Executor, Row};

use crate::Db;
use crate::error::AppError;

tokio::task_local! {
    /// The client address of the request being served (set by the router's
    /// middleware), written with every audit entry of that request.
    pub static CLIENT_IP: String;
}

/// The current request's client address, if any.
#[must_use]
pub fn client_ip() -> Option<String> {
    CLIENT_IP.try_with(Clone::clone).ok()
}

/// One entry to write.
#[derive(Clone, Copy, Debug)]
pub struct Entry<'a> {
    /// Who (none for a failed sign-in).
    pub user_id: Option<i64>,
    /// What, e.g. `user.disable`.
    pub action: &'a str,
    /// Which customer, if any.
    pub customer_id: Option<i64>,
    /// Ids, reasons, counts: never personal data.
    pub detail: &'a str,
}

impl<'a> Entry<'a> {
    /// `user` did `action`, with `detail`.
    #[must_use]
    pub const fn by(user: i64, action: &'a str, detail: &'a str) -> Self {
        Self {
            user_id: Some(user),
            action,
            customer_id: None,
            detail,
        }
    }

    /// The same entry about `customer`.
    #[must_use]
    pub const fn about(self, customer: Option<i64>) -> Self {
        Self {
            customer_id: customer,
            ..self
        }
    }
}

/// Appends `entry` at `now`, with the request's client address, on `exec`
/// (the pool, or the transaction of the change it records).
pub async fn insert<'e, E>(exec: E, entry: Entry<'_>, now: i64) -> Result<(), AppError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "INSERT INTO audit_log (at, user_id, action, customer_id, detail, ip) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(now)
    .bind(entry.user_id)
    .bind(entry.action)
    .bind(entry.customer_id)
    .bind(entry.detail)
    .bind(client_ip())
    .execute(exec)
    .await?;
    Ok(())
}

/// Search filters, already checked.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Actor's login name.
    pub username: Option<String>,
    /// Customer id.
    pub customer_id: Option<i64>,
    /// Exact action, or a prefix when it ends in `.`.
    pub action: Option<String>,
    /// From (Unix seconds, inclusive).
    pub from: Option<i64>,
    /// Until (Unix seconds, exclusive).
    pub until: Option<i64>,
}

impl Filter {
    /// `WHERE …` and its bind values (texts and integers in order).
    fn clause(&self) -> (String, Vec<Bind>) {
        let mut parts = Vec::new();
        let mut binds = Vec::new();
        let mut n = 0;
        let mut next = |b: Bind, binds: &mut Vec<Bind>| {
            n += 1;
            binds.push(b);
            n
        };
        if let Some(u) = &self.username {
            let i = next(Bind::Text(u.clone()), &mut binds);
            parts.push(format!("u.username = ${i}"));
        }
        if let Some(c) = self.customer_id {
            let i = next(Bind::Int(c), &mut binds);
            parts.push(format!("a.customer_id = ${i}"));
        }
        match self.action.as_deref() {
            Some(prefix) if prefix.ends_with('.') => {
                let i = next(Bind::Text(format!("{prefix}%")), &mut binds);
                parts.push(format!("a.action LIKE ${i}"));
            }
            Some(action) => {
                let i = next(Bind::Text(action.to_owned()), &mut binds);
                parts.push(format!("a.action = ${i}"));
            }
            None => {}
        }
        if let Some(from) = self.from {
            let i = next(Bind::Int(from), &mut binds);
            parts.push(format!("a.at >= ${i}"));
        }
        if let Some(until) = self.until {
            let i = next(Bind::Int(until), &mut binds);
            parts.push(format!("a.at < ${i}"));
        }
        let clause = if parts.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", parts.join(" AND "))
        };
        (clause, binds)
    }
}

/// A bind value of a search.
#[derive(Clone, Debug)]
enum Bind {
    Text(String),
    Int(i64),
}

fn bind_all<'q>(
    mut q: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>,
    binds: &'q [Bind],
) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>> {
    for b in binds {
        q = match b {
            Bind::Text(t) => q.bind(t.as_str()),
            Bind::Int(i) => q.bind(*i),
        };
    }
    q
}

const SELECT: &str = "SELECT a.id, a.at, a.user_id, u.username, a.action, a.customer_id, a.detail, a.ip \
                      FROM audit_log a LEFT JOIN users u ON u.id = a.user_id";

fn entry(r: &sqlx::any::AnyRow) -> Result<AuditEntry, AppError> {
    Ok(AuditEntry {
        id: r.try_get("id")?,
        at: r.try_get("at")?,
        user_id: r.try_get("user_id")?,
        username: r.try_get("username")?,
        action: r.try_get("action")?,
        customer_id: r.try_get("customer_id")?,
        detail: r.try_get("detail")?,
        ip: r.try_get("ip")?,
    })
}

/// Newest first: a page of entries matching `filter`, and how many match.
pub async fn search(
    db: &Db,
    filter: &Filter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<AuditEntry>, i64), AppError> {
    let (clause, binds) = filter.clause();
    let count_sql =
        format!("SELECT COUNT(*) FROM audit_log a LEFT JOIN users u ON u.id = a.user_id {clause}");
    let total: i64 = bind_all(sqlx::query(&count_sql), &binds)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)?;
    let n = binds.len();
    let sql = format!(
        "{SELECT} {clause} ORDER BY a.id DESC LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    );
    let rows = bind_all(sqlx::query(&sql), &binds)
        .bind(limit)
        .bind(offset)
        .fetch_all(&db.pool)
        .await?;
    let items = rows.iter().map(entry).collect::<Result<Vec<_>, _>>()?;
    Ok((items, total))
}

/// Oldest first from after id `after`: up to `limit` entries matching
/// `filter` (the export's keyset pages).
pub async fn page_after(
    db: &Db,
    filter: &Filter,
    after: i64,
    limit: i64,
) -> Result<Vec<AuditEntry>, AppError> {
    let (clause, binds) = filter.clause();
    let n = binds.len();
    let join = if clause.is_empty() { "WHERE" } else { "AND" };
    let sql = format!(
        "{SELECT} {clause} {join} a.id > ${} ORDER BY a.id LIMIT ${}",
        n + 1,
        n + 2
    );
    let rows = bind_all(sqlx::query(&sql), &binds)
        .bind(after)
        .bind(limit)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(entry).collect()
}
