//! Pure business rules, no I/O: dates in the bank's time zone, spend rollups.

pub mod spend;
pub mod time;
