//! Wire types shared by the Cardinal browser app and server.
//!
//! Everything here compiles for `wasm32-unknown-unknown` without any database
//! or async-runtime dependency. The server turns on the `openapi` feature to
//! derive schemas for its OpenAPI document.

pub mod approvals;
pub mod audit;
pub mod auth;
pub mod campaigns;
pub mod cards;
pub mod csv;
pub mod customers;
pub mod dashboard;
pub mod enums;
pub mod error;
pub mod history;
pub mod imports;
pub mod insight;
pub mod mask;
pub mod money;
pub mod page;
pub mod password;
pub mod portal;
pub mod query;
pub mod rewards;
pub mod segments;
pub mod surveys;
pub mod tickets;
pub mod users;
pub mod validate;

pub use enums::*;
pub use error::{ApiErrorBody, ErrorCode, ErrorDetail};
pub use money::Money;
pub use page::Page;
