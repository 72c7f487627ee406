//! Pages every signed-in user has (`/account/…`), inside the layout of their
//! own side: the staff shell for staff, the portal for cardholders. Unlike
//! the other shells it lets a user with a one-time password in.

use crm_api::Role;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

use super::Splash;
use super::portal_shell::PortalLayout;
use super::staff_shell::StaffLayout;
use crate::api::encode;
use crate::features::auth::{Gate, use_session};

/// The signed-in user's own layout around an account page.
#[component]
pub fn AccountShell() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    // the password state is left out: the page stays mounted while the
    // session is read again after a change
    let gate = Memo::new(move |_| match session.gate() {
        Gate::SignedIn { role, .. } => Gate::SignedIn {
            role,
            must_change: false,
        },
        other => other,
    });
    move || match gate.get() {
        Gate::Loading => view! { <Splash/> }.into_any(),
        Gate::SignedOut => {
            let next = location.pathname.get_untracked();
            view! { <Redirect path=format!("/sign-in?next={}", encode(&next))/> }.into_any()
        }
        Gate::SignedIn {
            role: Role::Cardholder,
            ..
        } => view! { <PortalLayout/> }.into_any(),
        Gate::SignedIn { role, .. } => view! { <StaffLayout role=role/> }.into_any(),
    }
}
