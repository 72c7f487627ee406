//! Sending and measuring campaigns: the dispatcher that drains the delivery
//! outbox through a channel adapter, attribution of responses from real
//! activity, and the results with uplift against the holdout.

pub mod attribution;
pub mod dispatch;
pub mod results;

pub use dispatch::{Adapter, DispatchReport, dispatch_due};
