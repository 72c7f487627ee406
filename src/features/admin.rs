//! Administration.

pub mod users_table;

pub use users_table::UsersTable;
