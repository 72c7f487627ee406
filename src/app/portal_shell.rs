//! The cardholder portal shell: mobile-first, brand bar on top (language,
//! account menu), tab bar at the bottom.

use crm_api::Role;
use leptos::prelude::*;
use leptos_router::components::{A, Outlet, Redirect};

use super::Splash;
use crate::components::icons::{Icon, Svg};
use crate::components::lang_toggle::LangToggle;
use crate::features::auth::model::PASSWORD_PATH;
use crate::features::auth::{Gate, use_session};
use crate::i18n::{T, use_i18n};

/// Portal layout; staff are sent to their own start page, a cardholder with
/// a one-time password to the password page.
#[component]
pub fn PortalShell() -> impl IntoView {
    let session = use_session();
    let gate = Memo::new(move |_| session.gate());
    move || match gate.get() {
        Gate::Loading => view! { <Splash/> }.into_any(),
        Gate::SignedOut => view! { <Redirect path="/sign-in?next=%2Fportal"/> }.into_any(),
        Gate::SignedIn {
            must_change: true, ..
        } => view! { <Redirect path=PASSWORD_PATH/> }.into_any(),
        Gate::SignedIn {
            role: Role::Cardholder,
            ..
        } => view! { <PortalLayout/> }.into_any(),
        Gate::SignedIn { .. } => view! { <Redirect path="/"/> }.into_any(),
    }
}

/// The portal layout (top bar, tab bar) around the routed page.
#[component]
pub(super) fn PortalLayout() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="portal">
            <header class="portal-top">
                <div class="brand"><span>{move || i18n.t(T::BrandShort)}</span></div>
                <div class="portal-top-actions">
                    <LangToggle/>
                    <AccountMenu/>
                </div>
            </header>
            <main class="portal-body"><Outlet/></main>
            <nav class="tabbar" aria-label=move || i18n.t(T::PortalHome)>
                <A href="/portal" exact=true>
                    <Svg icon=Icon::Home/><span>{move || i18n.t(T::PortalHome)}</span>
                </A>
                <A href="/portal/bills">
                    <Svg icon=Icon::Card/><span>{move || i18n.t(T::PortalBills)}</span>
                </A>
                <A href="/portal/rewards">
                    <Svg icon=Icon::Target/><span>{move || i18n.t(T::Rewards)}</span>
                </A>
                <A href="/portal/service">
                    <Svg icon=Icon::Inbox/><span>{move || i18n.t(T::PortalService)}</span>
                </A>
                <A href="/portal/me">
                    <Svg icon=Icon::Users/><span>{move || i18n.t(T::PortalMe)}</span>
                </A>
            </nav>
        </div>
    }
}

/// The cardholder's menu: who is signed in, change password, sign out.
#[component]
fn AccountMenu() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let open = RwSignal::new(false);
    let name = move || {
        session
            .info
            .with(|i| i.as_ref().map(|i| i.user.display_name.clone()))
    };
    view! {
        <div class="user-menu">
            <button class="btn ghost icon-btn" type="button" aria-haspopup="true"
                aria-expanded=move || open.get().to_string()
                aria-label=move || i18n.t(T::AccountMenu) title=move || i18n.t(T::AccountMenu)
                on:click=move |_| open.update(|o| *o = !*o)>
                <Svg icon=Icon::User/>
            </button>
            <Show when=move || open.get()>
                <div class="menu" on:keydown=move |ev| if ev.key() == "Escape" { open.set(false) }>
                    <div class="who"><strong>{name}</strong></div>
                    <A href=PASSWORD_PATH attr:class="btn ghost menu-item" on:click=move |_| open.set(false)>
                        <Svg icon=Icon::Key/>{move || i18n.t(T::ChangePassword)}
                    </A>
                    <button class="btn ghost menu-item" type="button"
                        on:click=move |_| { open.set(false); session.sign_out(); }>
                        <Svg icon=Icon::SignOut/>{move || i18n.t(T::SignOut)}
                    </button>
                </div>
            </Show>
        </div>
    }
}
