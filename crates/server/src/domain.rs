//! Pure business rules, no I/O: dates in the bank's time zone, spend rollups.

pub mod analytics;
pub mod campaigns;
pub mod kpi;
pub mod points;
pub mod scope;
pub mod segments;
pub mod spend;
pub mod tickets;
pub mod time;
