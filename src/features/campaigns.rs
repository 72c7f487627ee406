//! The campaign builder (six steps), approvals, results and the contact list.

pub mod builder;
pub mod model;
pub mod results;
pub mod steps;

pub use builder::Campaign;
pub use results::{DeliveriesSection, ResultsPanel};
pub use steps::StepForm;
