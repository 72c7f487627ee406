//! Cardinal CRM server: the JSON API under `/api/v1`, the static web app, and
//! the command-line jobs (migrate, seed).
//!
//! [`router`] builds the whole HTTP surface from an [`AppState`]; tests call it
//! with `tower::ServiceExt::oneshot` on a freshly migrated database.

pub mod analytics;
pub mod auth;
pub mod config;
pub mod crypto;
pub mod csv_stream;
pub mod dashboard;
pub mod db;
pub mod domain;
pub mod error;
pub mod extract;
pub mod import;
pub mod marketing;
pub mod progress;
pub mod routes;
pub mod security;
pub mod seed;

use std::sync::Arc;

pub use config::Config;
pub use db::{Backend, Db};
pub use error::AppError;
pub use routes::router;

/// Shared state of every request.
#[derive(Clone)]
pub struct AppState {
    /// Database pool and which backend it is.
    pub db: Db,
    /// Settings fixed at start-up.
    pub config: Arc<Config>,
    /// Progress of the imports running in this process.
    pub imports: Arc<import::runs::Live>,
}

impl AppState {
    /// State for `db` with `config`.
    #[must_use]
    pub fn new(db: Db, config: Config) -> Self {
        Self {
            db,
            config: Arc::new(config),
            imports: Arc::new(import::runs::Live::default()),
        }
    }
}
