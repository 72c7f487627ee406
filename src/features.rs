//! Domain UI: each feature owns its components and a pure `model` with tests.

pub mod admin;
pub mod approvals;
pub mod auth;
pub mod campaigns;
pub mod customers;
pub mod dashboard;
pub mod import;
pub mod portal;
pub mod segments;
pub mod tickets;
