//! Database connection: one `sqlx` Any pool over SQLite (default) or PostgreSQL.
//!
//! SQL is written once with `$1`-style parameters, which both backends accept
//! (sqlx's SQLite driver maps `$N` to the N-th argument). Where the dialects
//! differ, [`Backend`] picks the variant. Integers are `BIGINT` in PostgreSQL
//! and `INTEGER` (64-bit) in SQLite; booleans are stored as 0/1; sums are cast
//! to `BIGINT` so both decode to `i64`.

pub mod analytics;
pub mod audit;
pub mod backup;
pub mod bulk;
pub mod campaigns;
pub mod card_actions;
pub mod cards;
pub mod customers;
pub mod dashboard;
pub mod deliveries;
pub mod health;
pub mod history;
pub mod idempotency;
pub mod imports;
pub mod points_approvals;
pub mod portal;
pub mod responses;
pub mod rollups;
pub mod scope;
pub mod seed;
pub mod segment_store;
pub mod segments;
pub mod sessions;
pub mod sign_in;
pub mod surveys;
pub mod tickets;
pub mod users;

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::AnyArguments;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::query::Query;
use sqlx::{Any, AnyPool, ConnectOptions, Executor};

pub use bulk::{insert_rows, values_placeholders};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// Which database engine is behind the pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// Embedded, one file: the default.
    Sqlite,
    /// PostgreSQL: the scale-out backend.
    Postgres,
}

impl Backend {
    /// Picks the backend from a database URL's scheme.
    pub fn from_url(url: &str) -> Result<Self, sqlx::Error> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Self::Postgres)
        } else {
            Err(sqlx::Error::Configuration(
                "DATABASE_URL must start with sqlite: or postgres:".into(),
            ))
        }
    }
}

/// A connection pool and its backend.
#[derive(Clone, Debug)]
pub struct Db {
    /// The pool.
    pub pool: AnyPool,
    /// The engine behind it.
    pub backend: Backend,
}

impl Db {
    /// Connects to `url` (`sqlite://path?mode=rwc` or `postgres://…`).
    pub async fn connect(url: &str) -> Result<Self, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        // Statement logging would only add noise; slow ones are measured by `cargo xtask bench`.
        let options = AnyConnectOptions::from_str(url)?
            .log_statements(log::LevelFilter::Off)
            .log_slow_statements(log::LevelFilter::Off, Duration::from_secs(1));
        let pool = match backend {
            Backend::Sqlite => {
                AnyPoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(Duration::from_secs(30))
                    .after_connect(|conn, _meta| {
                        Box::pin(async move {
                            conn.execute("PRAGMA journal_mode = WAL").await?;
                            // FULL: a commit is on disk before it is acknowledged
                            // (NORMAL in WAL mode may lose the last commits on power loss).
                            conn.execute("PRAGMA synchronous = FULL").await?;
                            conn.execute("PRAGMA foreign_keys = ON").await?;
                            conn.execute("PRAGMA busy_timeout = 10000").await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await?
            }
            Backend::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(30))
                    .connect_with(options)
                    .await?
            }
        };
        Ok(Self { pool, backend })
    }

    /// Applies the backend's migrations that have not run yet.
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await,
        }
    }
}

/// `$start, $start+1, …` placeholders for an `IN (…)` list of `n` values.
#[must_use]
pub fn placeholders(start: usize, n: usize) -> String {
    (start..start + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads a text column and parses it into a wire enum; an unknown value is a 500.
pub fn enum_col<T>(
    row: &sqlx::any::AnyRow,
    column: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<T, crate::AppError> {
    use sqlx::Row;
    let text: String = row.try_get(column)?;
    parse(&text).ok_or_else(|| crate::AppError::Internal(format!("unexpected {column} value")))
}

/// A query with Any arguments.
pub type Q<'q> = Query<'q, Any, AnyArguments<'q>>;

/// Runs a versioned UPDATE (optimistic concurrency: its SQL ends in
/// `WHERE id = $n AND version = $n+1 …`), binding `id` and `version` last.
/// No row changed means someone changed it first: a 412.
pub async fn update_versioned<'q, 'c, E>(
    q: Q<'q>,
    id: i64,
    version: i64,
    conn: E,
) -> Result<(), crate::AppError>
where
    E: Executor<'c, Database = Any> + 'q,
    'c: 'q,
{
    let done = q.bind(id).bind(version).execute(conn).await?;
    if done.rows_affected() == 0 {
        Err(crate::AppError::PreconditionFailed)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_follows_the_url_scheme() {
        assert_eq!(
            Backend::from_url("sqlite://data/x.db").ok(),
            Some(Backend::Sqlite)
        );
        assert_eq!(
            Backend::from_url("postgres://h/db").ok(),
            Some(Backend::Postgres)
        );
        assert_eq!(
            Backend::from_url("postgresql://h/db").ok(),
            Some(Backend::Postgres)
        );
        assert!(Backend::from_url("mysql://h/db").is_err());
    }

    #[test]
    fn placeholders_number_from_start() {
        assert_eq!(placeholders(3, 3), "$3, $4, $5");
        assert_eq!(placeholders(1, 0), "");
    }
}
