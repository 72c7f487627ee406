//! Customer analytics as pure functions: RFM, BG/NBD (probability alive and
//! expected purchases), Gamma-Gamma spend and CLV, churn and credit-risk
//! warnings, and next best offers. `crate::analytics` runs them over the
//! portfolio and stores the results.

pub mod bgnbd;
pub mod churn;
pub mod credit;
pub mod gamma_gamma;
pub mod offers;
pub mod optimize;
pub mod rfm;
pub mod special;
pub mod summary;
