//! One user's page: display name, role and branch (saved with `If-Match`
//! at the version read; a 412 says someone else changed it), enable or
//! disable (confirmed), and a forced password reset (confirmed, then the new
//! one-time password is shown once).

use crm_api::ErrorCode;
use crm_api::users::{BranchView, UpdateUserRequest, UserView, UserWithPassword};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::model::{UserDraft, set_active};
use super::one_time_password::OneTimePassword;
use super::status_badges::StatusBadges;
use super::user_fields::{BranchField, RoleField};
use crate::api::{self, ApiError, Tagged};
use crate::components::dialog::{ConfirmDialog, Dialog};
use crate::components::icons::{Icon, Svg};
use crate::format::format_datetime;
use crate::i18n::{T, labels, use_i18n};

/// What the last change did.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    /// Saved; the message to show.
    Saved(T),
    /// The server refused it.
    Failed(ApiError),
    /// Someone else changed the user since it was read (412).
    Stale,
}

/// The editor of one user, loaded with its `ETag`.
#[component]
pub fn UserEditor(
    /// The user as read, with the tag to edit it by.
    user: Tagged<UserView>,
    /// Every branch.
    branches: Vec<BranchView>,
    /// Reads the user again (after a 412).
    #[prop(into)]
    on_reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = user.value.id;
    let draft = UserDraft::of(&user.value);
    let current = RwSignal::new(user);
    let display_name = RwSignal::new(draft.display_name);
    let role = RwSignal::new(draft.role);
    let branch = RwSignal::new(draft.branch_id);
    let busy = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Outcome>);
    let local = RwSignal::new(crm_api::validate::Errors::default());
    let confirm_disable = RwSignal::new(false);
    let confirm_reset = RwSignal::new(false);
    let otp_open = RwSignal::new(false);
    let reset = RwSignal::new(None::<UserWithPassword>);

    let user = move || current.with(|c| c.value.clone());
    // Sends `req` at the version read; keeps the answer (and its new tag).
    let send = move |req: UpdateUserRequest, ok: T| {
        let Some(etag) = current.with_untracked(|c| c.etag.clone()) else {
            outcome.set(Some(Outcome::Stale));
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let result = api::users::update(id, &req, &etag).await;
            busy.set(false);
            outcome.set(Some(match result {
                Ok(fresh) => {
                    let d = UserDraft::of(&fresh.value);
                    display_name.set(d.display_name);
                    role.set(d.role);
                    branch.set(d.branch_id);
                    current.set(fresh);
                    Outcome::Saved(ok)
                }
                Err(e) if e.code() == Some(ErrorCode::PreconditionFailed) => Outcome::Stale,
                Err(e) => Outcome::Failed(e),
            }));
        });
    };
    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let d = UserDraft {
            display_name: display_name.get_untracked(),
            role: role.get_untracked(),
            branch_id: branch.get_untracked(),
        };
        let req = d.update(&current.with_untracked(|c| c.value.clone()));
        match req.validate() {
            Ok(()) => {
                local.set(Default::default());
                send(req, T::UserSaved);
            }
            Err(e) => local.set(e),
        }
    };
    let set_enabled = move |active: bool| {
        let req = set_active(&current.with_untracked(|c| c.value.clone()), active);
        send(
            req,
            if active {
                T::UserEnabled
            } else {
                T::UserDisabled
            },
        );
    };
    let do_reset = move || {
        busy.set(true);
        spawn_local(async move {
            match api::users::reset_password(id).await {
                Ok(r) => {
                    reset.set(Some(r));
                    otp_open.set(true);
                    outcome.set(None);
                    // the reset bumps the version: read the tag to edit by again
                    if let Ok(fresh) = api::users::get(id).await {
                        current.set(fresh);
                    }
                }
                Err(e) => outcome.set(Some(Outcome::Failed(e))),
            }
            busy.set(false);
        });
    };
    let server_error = move || match outcome.get() {
        Some(Outcome::Failed(e)) => Some(e),
        _ => None,
    };
    let err = move |name: &'static str| {
        Signal::derive(move || {
            let lang = i18n.lang.get();
            local
                .with(|l| l.get(name).map(|p| p.message(lang)))
                .or_else(|| server_error().and_then(|e| e.field(name)))
        })
    };
    let general_error = move || {
        server_error()
            .filter(|e| e.body.as_ref().is_none_or(|b| b.error.fields.is_empty()))
            .map(|e| view! { <div class="form-error" role="alert">{e.message()}</div> })
    };
    let active = Signal::derive(move || current.with(|c| c.value.active));
    let must_change = Signal::derive(move || current.with(|c| c.value.must_change_password));
    let name = move || current.with(|c| c.value.display_name.clone());
    let branches = StoredValue::new(branches);

    view! {
        <div class="page-head">
            <div>
                <h1>{name}</h1>
                <p class="muted user-sub">
                    <span class="mono">{move || user().username}</span>
                    " · "{move || labels::role(user().role, i18n.lang.get())}
                    " · "{move || i18n.t(T::UserId)}" "{id}
                    " · "{move || i18n.t(T::ColCreated)}" "{move || format_datetime(user().created_at)}
                </p>
            </div>
            <StatusBadges active=active must_change=must_change/>
        </div>
        {move || match outcome.get() {
            Some(Outcome::Stale) => view! {
                <div class="banner danger" role="alert">
                    <span>{i18n.t(T::StaleUser)}</span>
                    <button class="btn" type="button" on:click=move |_| on_reload.run(())>{i18n.t(T::Reload)}</button>
                </div>
            }.into_any(),
            Some(Outcome::Saved(t)) => view! { <div class="banner success" role="status">{i18n.t(t)}</div> }.into_any(),
            _ => ().into_any(),
        }}
        {general_error}
        <div class="grid-2 user-grid">
            <form class="panel user-form" on:submit=on_save novalidate>
                <h2>{move || i18n.t(T::UserDetails)}</h2>
                <div class="field">
                    <label for="user-display-name">{move || i18n.t(T::DisplayName)}</label>
                    <input id="user-display-name" type="text" autocomplete="off" bind:value=display_name
                        aria-invalid=move || err("display_name").get().is_some().to_string()
                        aria-describedby="user-display-name-error"/>
                    <span id="user-display-name-error" class="field-error">{move || err("display_name").get()}</span>
                </div>
                <RoleField role=role error=err("role")/>
                <BranchField branches=branches.get_value() branch=branch role=Signal::from(role) error=err("branch_id")/>
                <p class="muted small">{move || i18n.t(T::EndsSessionsHint)}</p>
                <div class="form-actions">
                    <button class="btn primary" type="submit" disabled=move || busy.get()>
                        {move || if busy.get() { i18n.t(T::Saving) } else { i18n.t(T::SaveChanges) }}
                    </button>
                </div>
            </form>
            <section class="panel" aria-labelledby="security-title">
                <h2 id="security-title">{move || i18n.t(T::SignInSecurity)}</h2>
                <p>{move || if active.get() { i18n.t(T::UserCanSignIn) } else { i18n.t(T::UserCannotSignIn) }}</p>
                <Show when=move || must_change.get()>
                    <p class="muted">{move || i18n.t(T::UserMustChangeHint)}</p>
                </Show>
                <span class="field-error" role="alert">{move || err("active").get()}</span>
                <div class="form-actions start">
                    {move || if active.get() {
                        view! {
                            <button class="btn danger-outline" type="button" disabled=move || busy.get()
                                on:click=move |_| confirm_disable.set(true)>{i18n.t(T::DisableUser)}</button>
                        }.into_any()
                    } else {
                        view! {
                            <button class="btn" type="button" disabled=move || busy.get()
                                on:click=move |_| set_enabled(true)>{i18n.t(T::EnableUser)}</button>
                        }.into_any()
                    }}
                    <button class="btn" type="button" disabled=move || busy.get()
                        on:click=move |_| confirm_reset.set(true)>
                        <Svg icon=Icon::Key/>{move || i18n.t(T::ResetPassword)}
                    </button>
                </div>
            </section>
        </div>
        <ConfirmDialog open=confirm_disable id="disable-title" danger=true
            title=Signal::derive(move || i18n.fmt(T::DisableTitle, &[("name", &name())]))
            body=Signal::derive(move || i18n.t(T::DisableBody).to_owned())
            confirm=Signal::derive(move || i18n.t(T::DisableUser).to_owned())
            cancel=Signal::derive(move || i18n.t(T::Cancel).to_owned())
            on_confirm=move || set_enabled(false)/>
        <ConfirmDialog open=confirm_reset id="reset-title" danger=true
            title=Signal::derive(move || i18n.fmt(T::ResetTitle, &[("name", &name())]))
            body=Signal::derive(move || i18n.t(T::ResetBody).to_owned())
            confirm=Signal::derive(move || i18n.t(T::ResetPassword).to_owned())
            cancel=Signal::derive(move || i18n.t(T::Cancel).to_owned())
            on_confirm=move || do_reset()/>
        <Dialog open=otp_open labelled_by="otp-title" on_close=move || reset.set(None)>
            <h2 id="otp-title">{move || i18n.fmt(T::PasswordResetDone, &[("name", &name())])}</h2>
            {move || reset.get().map(|r| view! { <OneTimePassword password=r.one_time_password/> })}
            <div class="dialog-actions">
                <button class="btn primary" type="button" on:click=move |_| { otp_open.set(false); reset.set(None); }>
                    {move || i18n.t(T::OneTimeDone)}
                </button>
            </div>
        </Dialog>
    }
}
