//! One page per route: read the URL, load with `LocalResource`, render features.

mod customer;
mod customer_transactions;
mod customers;
mod not_found;
mod portal_home;
mod sign_in;
mod users;

pub use customer::CustomerPage;
pub use customer_transactions::CustomerTransactionsPage;
pub use customers::CustomersPage;
pub use not_found::NotFoundPage;
pub use portal_home::PortalHomePage;
pub use sign_in::SignInPage;
pub use users::UsersPage;

use leptos_router::params::ParamsMap;

/// A positive page number from the query string (1 when absent or bad).
fn page_param(query: &ParamsMap) -> u32 {
    query
        .get("page")
        .and_then(|p| p.parse::<u32>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1)
}
