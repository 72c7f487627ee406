//! Maker–checker for large goodwill points adjustments: the managers' queue
//! (by status, in the URL), approve / reject dialogs, and the count of
//! pending requests on the navigation.

pub mod approvals_table;
pub mod decision_dialogs;
pub mod decisions;
pub mod model;
pub mod pending_badge;

pub use approvals_table::ApprovalsTable;
pub use decision_dialogs::{ApproveDialog, RejectDialog};
pub use decisions::{Decisions, use_decisions};
pub use pending_badge::{PendingBadge, provide_pending_count, use_pending_count};
