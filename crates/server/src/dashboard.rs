//! Manager dashboards: rollups kept current as data arrives, and the queries
//! that answer every widget from them.

pub mod queries;
pub mod rollups;
