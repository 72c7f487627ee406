//! Pure business rules, no I/O: dates in the bank's time zone, spend rollups.

pub mod analytics;
pub mod points;
pub mod spend;
pub mod time;
