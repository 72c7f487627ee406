//! `/sign-in`.

use crm_api::auth::SessionInfo;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::components::lang_toggle::LangToggle;
use crate::features::auth::model::{PASSWORD_PATH, after_sign_in};
use crate::features::auth::{SignInForm, use_session};
use crate::i18n::{T, use_i18n};

/// Sign-in page; goes to `?next=` or the role's start page afterwards (or
/// to the password page while a one-time password is in use).
#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    let next = move || query.with_untracked(|q| q.get("next"));
    // Already signed in: straight on.
    let nav = navigate.clone();
    Effect::new(move |_| {
        if let Some(info) = session.info.get() {
            // a one-time password is replaced first; the shells hold everyone else there too
            let to = if info.user.must_change_password {
                PASSWORD_PATH.to_owned()
            } else {
                after_sign_in(next().as_deref(), info.user.role)
            };
            nav(
                &to,
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
    let on_success = Callback::new(move |info: SessionInfo| {
        session.expired.set(false);
        session.info.set(Some(info));
    });
    view! {
        <div class="signin">
            <div class="signin-card">
                <div class="lang"><LangToggle/></div>
                <div class="brand">
                    <img src="/public/favicon.svg" alt="" width="32" height="32"/>
                    <span>{move || i18n.t(T::AppName)}</span>
                </div>
                <p class="lead">{move || i18n.t(T::SignInLead)}</p>
                <Show when=move || session.expired.get()>
                    <div class="form-error" role="status">{move || i18n.t(T::SessionExpired)}</div>
                </Show>
                <h1 class="sr-only">{move || i18n.t(T::SignIn)}</h1>
                <SignInForm on_success=on_success/>
            </div>
        </div>
    }
}
