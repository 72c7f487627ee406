//! Creating a staff user: user name, display name, role and home branch,
//! checked here with the shared rules and again by the server (its field
//! messages show next to each field). The answer's one-time password is
//! shown once.

use crm_api::Role;
use crm_api::users::{BranchView, NewUserRequest, UserWithPassword};
use crm_api::validate::Errors;
use leptos::prelude::*;
use leptos_router::components::A;

use super::one_time_password::OneTimePassword;
use super::user_fields::{BranchField, RoleField};
use crate::api::{self, ApiError};
use crate::i18n::{T, use_i18n};

/// The new-user form, then the created user's one-time password.
#[component]
pub fn NewUserForm(
    /// Every branch.
    branches: Vec<BranchView>,
) -> impl IntoView {
    let i18n = use_i18n();
    let username = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Agent);
    let branch = RwSignal::new(None::<i64>);
    let tried = RwSignal::new(false);
    let create = Action::new_local(|req: &NewUserRequest| {
        let req = req.clone();
        async move { api::users::create(&req).await }
    });
    let request = move || NewUserRequest {
        username: username.get().trim().to_owned(),
        display_name: display_name.get().trim().to_owned(),
        role: role.get(),
        branch_id: branch
            .get()
            .filter(|_| crm_api::users::needs_branch(role.get())),
    };
    // the shared rules, live once the user has tried to create
    let local = Memo::new(move |_| {
        if tried.get() {
            request().validate().err().unwrap_or_default()
        } else {
            Errors::default()
        }
    });
    let server_error = move || create.value().get().and_then(Result::err);
    let err = move |name: &'static str| {
        Signal::derive(move || {
            let lang = i18n.lang.get();
            local
                .with(|l| l.get(name).map(|p| p.message(lang)))
                .or_else(|| server_error().and_then(|e: ApiError| e.field(name)))
        })
    };
    let created = move || create.value().get().and_then(Result::ok);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        let req = request();
        if req.validate().is_ok() {
            create.dispatch(req);
        }
    };
    let general_error = move || {
        server_error()
            .filter(|e| e.body.as_ref().is_none_or(|b| b.error.fields.is_empty()))
            .map(|e| view! { <div class="form-error" role="alert">{e.message()}</div> })
    };
    let branches = StoredValue::new(branches);
    move || {
        match created() {
        Some(done) => view! { <Created done=done/> }.into_any(),
        None => view! {
            <form class="panel user-form" on:submit=on_submit novalidate>
                {general_error}
                <div class="field">
                    <label for="new-username">{move || i18n.t(T::Username)}</label>
                    <input id="new-username" type="text" autocomplete="off" autofocus spellcheck="false"
                        bind:value=username
                        aria-invalid=move || err("username").get().is_some().to_string()
                        aria-describedby="new-username-error new-username-hint"/>
                    <span id="new-username-error" class="field-error">{move || err("username").get()}</span>
                    <span id="new-username-hint" class="field-hint">{move || i18n.t(T::UsernameHint)}</span>
                </div>
                <div class="field">
                    <label for="new-display-name">{move || i18n.t(T::DisplayName)}</label>
                    <input id="new-display-name" type="text" autocomplete="off"
                        bind:value=display_name
                        aria-invalid=move || err("display_name").get().is_some().to_string()
                        aria-describedby="new-display-name-error"/>
                    <span id="new-display-name-error" class="field-error">{move || err("display_name").get()}</span>
                </div>
                <div class="field-row">
                    <RoleField role=role error=err("role")/>
                    <BranchField branches=branches.get_value() branch=branch role=role error=err("branch_id")/>
                </div>
                <div class="form-actions">
                    <A href="/admin/users" attr:class="btn">{move || i18n.t(T::Cancel)}</A>
                    <button class="btn primary" type="submit" disabled=move || create.pending().get()>
                        {move || if create.pending().get() { i18n.t(T::Creating) } else { i18n.t(T::CreateUser) }}
                    </button>
                </div>
            </form>
        }.into_any(),
    }
    }
}

/// The created user and their one-time password.
#[component]
fn Created(done: UserWithPassword) -> impl IntoView {
    let i18n = use_i18n();
    let name = done.user.username.clone();
    let href = format!("/admin/users/{}", done.user.id);
    view! {
        <section class="panel created" aria-labelledby="created-title">
            <div role="status">
                <h2 id="created-title">{move || i18n.fmt(T::UserCreated, &[("name", &name)])}</h2>
            </div>
            <OneTimePassword password=done.one_time_password/>
            <div class="form-actions">
                <A href="/admin/users" attr:class="btn">{move || i18n.t(T::BackToUsers)}</A>
                <A href=href attr:class="btn primary">{move || i18n.t(T::OpenUser)}</A>
            </div>
        </section>
    }
}
