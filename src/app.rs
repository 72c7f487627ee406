//! Router, top-level contexts (language, session) and the two shells.

mod account_shell;
mod portal_shell;
mod staff_shell;

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::features::auth::model::{PASSWORD_PATH, home_path};
use crate::features::auth::{Gate, provide_session, use_session};
use crate::i18n::provide_i18n;
use crate::pages::{
    AccountPasswordPage, ApprovalsPage, AuditPage, CampaignPage, CampaignsPage, CustomerPage,
    CustomerTransactionsPage, CustomersPage, DashboardDrillPage, DashboardPage, FollowUpsPage,
    ImportPage, NotFoundPage, PortalArticlePage, PortalBillsPage, PortalHomePage,
    PortalInstallmentsPage, PortalLearnPage, PortalMePage, PortalMessagesPage, PortalRequestPage,
    PortalRewardsPage, PortalServicePage, SegmentPage, SegmentsPage, SignInPage, TicketNewPage,
    TicketPage, TicketsPage, UserNewPage, UserPage, UsersPage,
};
use account_shell::AccountShell;
use portal_shell::PortalShell;
use staff_shell::StaffShell;

/// The whole application.
#[component]
pub fn App() -> impl IntoView {
    provide_i18n();
    provide_session();
    view! {
        <Router>
            <Routes fallback=NotFoundPage>
                <Route path=path!("/sign-in") view=SignInPage/>
                <Route path=path!("/") view=HomeRedirect/>
                <ParentRoute path=path!("/account") view=AccountShell>
                    <Route path=path!("/password") view=AccountPasswordPage/>
                </ParentRoute>
                <ParentRoute path=path!("/portal") view=PortalShell>
                    <Route path=path!("") view=PortalHomePage/>
                    <Route path=path!("/bills") view=PortalBillsPage/>
                    <Route path=path!("/installments") view=PortalInstallmentsPage/>
                    <Route path=path!("/rewards") view=PortalRewardsPage/>
                    <Route path=path!("/learn") view=PortalLearnPage/>
                    <Route path=path!("/learn/:slug") view=PortalArticlePage/>
                    <Route path=path!("/messages") view=PortalMessagesPage/>
                    <Route path=path!("/me") view=PortalMePage/>
                    <Route path=path!("/service") view=PortalServicePage/>
                    <Route path=path!("/service/:id") view=PortalRequestPage/>
                </ParentRoute>
                <ParentRoute path=path!("") view=StaffShell>
                    <Route path=path!("/customers") view=CustomersPage/>
                    <Route path=path!("/customers/:id") view=CustomerPage/>
                    <Route path=path!("/customers/:id/transactions") view=CustomerTransactionsPage/>
                    <Route path=path!("/segments") view=SegmentsPage/>
                    <Route path=path!("/segments/new") view=SegmentPage/>
                    <Route path=path!("/segments/:id") view=SegmentPage/>
                    <Route path=path!("/campaigns") view=CampaignsPage/>
                    <Route path=path!("/campaigns/new") view=CampaignPage/>
                    <Route path=path!("/campaigns/:id") view=CampaignPage/>
                    <Route path=path!("/dashboard") view=DashboardPage/>
                    <Route path=path!("/dashboard/drill") view=DashboardDrillPage/>
                    <Route path=path!("/follow-ups") view=FollowUpsPage/>
                    <Route path=path!("/tickets") view=TicketsPage/>
                    <Route path=path!("/tickets/new") view=TicketNewPage/>
                    <Route path=path!("/tickets/:id") view=TicketPage/>
                    <Route path=path!("/approvals") view=ApprovalsPage/>
                    <Route path=path!("/admin/users") view=UsersPage/>
                    <Route path=path!("/admin/users/new") view=UserNewPage/>
                    <Route path=path!("/admin/users/:id") view=UserPage/>
                    <Route path=path!("/admin/audit") view=AuditPage/>
                    <Route path=path!("/admin/import") view=ImportPage/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// `/`: the signed-in role's start page (the password page while a
/// one-time password is in use), or sign-in.
#[component]
fn HomeRedirect() -> impl IntoView {
    let session = use_session();
    let gate = Memo::new(move |_| session.gate());
    move || match gate.get() {
        Gate::Loading => view! { <Splash/> }.into_any(),
        Gate::SignedOut => view! { <Redirect path="/sign-in"/> }.into_any(),
        Gate::SignedIn {
            must_change: true, ..
        } => view! { <Redirect path=PASSWORD_PATH/> }.into_any(),
        Gate::SignedIn { role, .. } => view! { <Redirect path=home_path(role)/> }.into_any(),
    }
}

/// Shown while the session loads.
#[component]
pub fn Splash() -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    view! { <div class="splash" role="status">{move || i18n.t(crate::i18n::T::Loading)}</div> }
}
