//! The sign-in form: labels, inline errors from the shared validation and from
//! the server, Enter to submit.

use crm_api::auth::{SessionInfo, SignInRequest};
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::i18n::{T, use_i18n};

/// Sign-in form; `on_success` receives the new session.
#[component]
pub fn SignInForm(
    /// Called after a successful sign-in.
    #[prop(into)]
    on_success: Callback<SessionInfo>,
) -> impl IntoView {
    let i18n = use_i18n();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let local_errors = RwSignal::new(crm_api::validate::Errors::default());
    let submit = Action::new_local(|req: &SignInRequest| {
        let req = req.clone();
        async move { api::session::sign_in(&req).await }
    });
    let server_error = move || submit.value().get().and_then(Result::err);
    Effect::new(move |_| {
        if let Some(Ok(info)) = submit.value().get() {
            on_success.run(info);
        }
    });
    let field_error = move |name: &'static str| {
        let lang = i18n.lang.get();
        local_errors
            .get()
            .get(name)
            .map(|p| p.message(lang))
            .or_else(|| server_error().and_then(|e: ApiError| e.field(name)))
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = SignInRequest {
            username: username.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        };
        match req.validate() {
            Ok(()) => {
                local_errors.set(Default::default());
                submit.dispatch(req);
            }
            Err(errors) => local_errors.set(errors),
        }
    };
    view! {
        <form on:submit=on_submit novalidate>
            {move || server_error().filter(|e| e.field("username").is_none() && e.field("password").is_none())
                .map(|e| view! { <div class="form-error" role="alert">{e.message()}</div> })}
            <div class="field">
                <label for="username">{move || i18n.t(T::Username)}</label>
                <input id="username" name="username" type="text" autocomplete="username" autofocus
                    bind:value=username
                    aria-invalid=move || field_error("username").is_some().to_string()
                    aria-describedby="username-error"/>
                <span id="username-error" class="field-error">{move || field_error("username")}</span>
            </div>
            <div class="field">
                <label for="password">{move || i18n.t(T::Password)}</label>
                <input id="password" name="password" type="password" autocomplete="current-password"
                    bind:value=password
                    aria-invalid=move || field_error("password").is_some().to_string()
                    aria-describedby="password-error"/>
                <span id="password-error" class="field-error">{move || field_error("password")}</span>
            </div>
            <button class="btn primary" type="submit" disabled=move || submit.pending().get()>
                {move || if submit.pending().get() { i18n.t(T::SigningIn) } else { i18n.t(T::SignIn) }}
            </button>
        </form>
    }
}
