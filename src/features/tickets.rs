//! Service desk UI: queues sorted by SLA risk, the ticket workspace with the
//! customer beside it, and the form that opens a ticket.

pub mod form;
pub mod model;
pub mod quick_actions;
pub mod workspace;
