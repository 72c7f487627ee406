//! One page per route: read the URL, load with `LocalResource`, render features.

mod account_password;
mod approvals;
mod audit;
mod campaign;
mod campaigns;
mod customer;
mod customer_transactions;
mod customers;
mod dashboard;
mod dashboard_drill;
mod follow_ups;
mod import;
mod not_found;
pub(crate) mod portal_bills;
mod portal_home;
mod portal_installments;
pub(crate) mod portal_learn;
mod portal_me;
mod portal_messages;
mod portal_rewards;
mod portal_service;
mod segment;
mod segments;
mod sign_in;
mod ticket;
mod ticket_new;
mod tickets;
mod user;
mod user_new;
mod users;

pub use account_password::AccountPasswordPage;
pub use approvals::ApprovalsPage;
pub use audit::AuditPage;
pub use campaign::CampaignPage;
pub use campaigns::CampaignsPage;
pub use customer::CustomerPage;
pub use customer_transactions::CustomerTransactionsPage;
pub use customers::CustomersPage;
pub use dashboard::DashboardPage;
pub use dashboard_drill::DashboardDrillPage;
pub use follow_ups::FollowUpsPage;
pub use import::ImportPage;
pub use not_found::NotFoundPage;
pub use portal_bills::PortalBillsPage;
pub use portal_home::PortalHomePage;
pub use portal_installments::PortalInstallmentsPage;
pub use portal_learn::{PortalArticlePage, PortalLearnPage};
pub use portal_me::PortalMePage;
pub use portal_messages::PortalMessagesPage;
pub use portal_rewards::PortalRewardsPage;
pub use portal_service::{PortalRequestPage, PortalServicePage};
pub use segment::SegmentPage;
pub use segments::SegmentsPage;
pub use sign_in::SignInPage;
pub use ticket::TicketPage;
pub use ticket_new::TicketNewPage;
pub use tickets::TicketsPage;
pub use user::UserPage;
pub use user_new::UserNewPage;
pub use users::UsersPage;

use leptos::prelude::*;
use leptos_router::params::ParamsMap;

/// The `:id` of the route; while navigating away (no id any more) it keeps the
/// previous value, so the page's resources are not refetched as it unmounts
/// (a fetch finishing after disposal would touch disposed signals).
fn id_param(params: &Memo<ParamsMap>, prev: Option<&i64>) -> i64 {
    params
        .with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()))
        .or_else(|| prev.copied())
        .unwrap_or(0)
}

/// A positive page number from the query string (1 when absent or bad).
fn page_param(query: &ParamsMap) -> u32 {
    query
        .get("page")
        .and_then(|p| p.parse::<u32>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1)
}
