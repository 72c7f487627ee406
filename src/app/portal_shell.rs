//! The cardholder portal shell: mobile-first, brand bar on top, tab bar at the bottom.

use crm_api::Role;
use leptos::prelude::*;
use leptos_router::components::{A, Outlet, Redirect};

use super::Splash;
use crate::components::icons::{Icon, Svg};
use crate::components::lang_toggle::LangToggle;
use crate::features::auth::use_session;
use crate::i18n::{T, use_i18n};

/// Portal layout; staff are sent to their own start page.
#[component]
pub fn PortalShell() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    move || {
        if !session.ready.get() {
            return view! { <Splash/> }.into_any();
        }
        match session.info.get() {
            None => view! { <Redirect path="/sign-in?next=%2Fportal"/> }.into_any(),
            Some(info) if info.user.role != Role::Cardholder => view! { <Redirect path="/"/> }.into_any(),
            Some(_) => view! {
                <div class="portal">
                    <header class="portal-top">
                        <div class="brand"><span>{move || i18n.t(T::BrandShort)}</span></div>
                        <div style="display:flex;gap:8px;align-items:center">
                            <LangToggle/>
                            <button class="btn ghost" type="button" aria-label=move || i18n.t(T::SignOut)
                                title=move || i18n.t(T::SignOut) on:click=move |_| session.sign_out()>
                                <Svg icon=Icon::SignOut/>
                            </button>
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
            }.into_any(),
        }
    }
}
