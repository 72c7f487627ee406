//! `/account/password`: change one's own password. A user still on a
//! one-time password is held here (with a banner saying why) and goes to
//! their start page after the change.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::features::auth::model::home_path;
use crate::features::auth::{PasswordForm, use_session};
use crate::i18n::{T, use_i18n};

/// Own password.
#[component]
pub fn AccountPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = StoredValue::new_local(use_navigate());
    let forced = Memo::new(move |_| {
        session
            .info
            .with(|i| i.as_ref().is_some_and(|i| i.user.must_change_password))
    });
    let username = Signal::derive(move || {
        session.info.with(|i| {
            i.as_ref()
                .map(|i| i.user.username.clone())
                .unwrap_or_default()
        })
    });
    let done = RwSignal::new(false);
    let on_success = Callback::new(move |()| {
        let was_forced = forced.get_untracked();
        spawn_local(async move {
            // the server keeps this session; read it again for the new flag
            match session.reload().await {
                Ok(info) if was_forced => navigate.with_value(|n| {
                    n(
                        home_path(info.user.role),
                        NavigateOptions {
                            replace: true,
                            ..Default::default()
                        },
                    );
                }),
                _ => done.set(true),
            }
        });
    });
    view! {
        <div class="account-page">
            <h1>{move || if forced.get() { i18n.t(T::MustChangeTitle) } else { i18n.t(T::ChangePassword) }}</h1>
            <Show when=move || forced.get()>
                <div class="banner warning" role="alert">{move || i18n.t(T::MustChangeBanner)}</div>
            </Show>
            <Show when=move || done.get()>
                <div class="banner success" role="status">{move || i18n.t(T::PasswordChanged)}</div>
            </Show>
            <p class="muted">{move || i18n.t(T::ChangePasswordLead)}</p>
            <div class="panel">
                <PasswordForm username=username one_time=forced on_success=on_success/>
            </div>
        </div>
    }
}
