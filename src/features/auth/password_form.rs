//! Changing one's own password: live rule hints as the user types, a
//! confirmation field, the server's answer per field, Enter to submit.

use leptos::prelude::*;

use super::model::{PasswordDraft, PasswordRule};
use crate::api::{self, ApiError};
use crate::i18n::{T, use_i18n};
use crm_api::users::PasswordChangeRequest;

fn rule_text(rule: PasswordRule) -> T {
    match rule {
        PasswordRule::Length => T::RuleLength,
        PasswordRule::NotUsername => T::RuleNotUsername,
        PasswordRule::NotCurrent => T::RuleNotCurrent,
        PasswordRule::Confirmed => T::RuleConfirmed,
    }
}

/// The password form of the signed-in user `username`; `on_success` runs
/// after the server accepted the new password.
#[component]
pub fn PasswordForm(
    /// The signed-in user's login name (the password must not contain it).
    #[prop(into)]
    username: Signal<String>,
    /// The current password is a one-time password from an administrator.
    #[prop(into)]
    one_time: Signal<bool>,
    /// Called after the change.
    #[prop(into)]
    on_success: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let show = RwSignal::new(false);
    // Field messages appear once the user has tried to save (or left the field).
    let touched = RwSignal::new(false);
    let local = RwSignal::new(crm_api::validate::Errors::default());
    let draft = Memo::new(move |_| PasswordDraft {
        current: current.get(),
        new: new.get(),
        confirm: confirm.get(),
    });
    let submit = Action::new_local(|req: &PasswordChangeRequest| {
        let req = req.clone();
        async move { api::session::change_password(&req).await }
    });
    let server_error = move || submit.value().get().and_then(Result::err);
    Effect::new(move |_| {
        if let Some(Ok(())) = submit.value().get() {
            current.set(String::new());
            new.set(String::new());
            confirm.set(String::new());
            touched.set(false);
            on_success.run(());
        }
    });
    // The shared rules, as the user types.
    let check = move || {
        let d = draft.get();
        let name = username.get();
        let mut e = crm_api::validate::Errors::default();
        if d.current.is_empty() {
            e.add("current_password", crm_api::validate::Problem::Required);
        }
        if let Some(p) = crm_api::password::local_problem(&d.new, &name) {
            e.add("new_password", p);
        } else if d.new == d.current {
            e.add(
                "new_password",
                crm_api::validate::Problem::Format {
                    zh: "新密码不能与当前密码相同。",
                    en: "Must differ from the current password.",
                },
            );
        }
        e
    };
    Effect::new(move |_| {
        if touched.get() {
            local.set(check());
        }
    });
    let field_error = move |name: &'static str| {
        let lang = i18n.lang.get();
        local
            .get()
            .get(name)
            .map(|p| p.message(lang))
            .or_else(|| server_error().and_then(|e: ApiError| e.field(name)))
    };
    let confirm_error = move || {
        let d = draft.get();
        (touched.get() && !d.confirm.is_empty() && d.confirm != d.new
            || touched.get() && d.confirm.is_empty() && !d.new.is_empty())
        .then(|| i18n.t(T::PasswordsDiffer))
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        touched.set(true);
        let errors = check();
        let d = draft.get_untracked();
        if errors.is_empty() && d.ready(&username.get_untracked()) {
            submit.dispatch(PasswordChangeRequest {
                current_password: d.current,
                new_password: d.new,
            });
        }
        local.set(errors);
    };
    let kind = move || if show.get() { "text" } else { "password" };
    let general_error = move || {
        server_error()
            .filter(|e| e.field("current_password").is_none() && e.field("new_password").is_none())
            .map(|e| view! { <div class="form-error" role="alert">{e.message()}</div> })
    };
    view! {
        <form class="password-form" on:submit=on_submit novalidate>
            {general_error}
            <input type="text" name="username" autocomplete="username" class="sr-only" tabindex="-1"
                aria-hidden="true" prop:value=move || username.get() readonly/>
            <div class="field">
                <label for="current-password">
                    {move || if one_time.get() { i18n.t(T::CurrentPasswordOneTime) } else { i18n.t(T::CurrentPassword) }}
                </label>
                <input id="current-password" type=kind autocomplete="current-password" autofocus
                    bind:value=current
                    aria-invalid=move || field_error("current_password").is_some().to_string()
                    aria-describedby="current-password-error"/>
                <span id="current-password-error" class="field-error">{move || field_error("current_password")}</span>
            </div>
            <div class="field">
                <label for="new-password">{move || i18n.t(T::NewPassword)}</label>
                <input id="new-password" type=kind autocomplete="new-password"
                    bind:value=new
                    aria-invalid=move || field_error("new_password").is_some().to_string()
                    aria-describedby="new-password-error password-rules"/>
                <span id="new-password-error" class="field-error">{move || field_error("new_password")}</span>
            </div>
            <div class="field">
                <label for="confirm-password">{move || i18n.t(T::ConfirmPassword)}</label>
                <input id="confirm-password" type=kind autocomplete="new-password"
                    bind:value=confirm
                    aria-invalid=move || confirm_error().is_some().to_string()
                    aria-describedby="confirm-password-error"/>
                <span id="confirm-password-error" class="field-error">{confirm_error}</span>
            </div>
            <label class="check">
                <input type="checkbox" prop:checked=move || show.get()
                    on:change=move |ev| show.set(event_target_checked(&ev))/>
                {move || i18n.t(T::ShowPasswords)}
            </label>
            <div class="rules" id="password-rules">
                <div class="rules-title">{move || i18n.t(T::PasswordRulesTitle)}</div>
                <ul>
                    {move || {
                        let d = draft.get();
                        d.rules(&username.get()).into_iter().map(|(rule, ok)| view! {
                            <li class:ok=ok>
                                <span class="rule-mark" aria-hidden="true">{if ok { "✓" } else { "•" }}</span>
                                <span class="sr-only">{if ok { i18n.t(T::RuleMet) } else { i18n.t(T::RuleNotMet) }}</span>
                                {i18n.t(rule_text(rule))}
                            </li>
                        }).collect_view()
                    }}
                    <li class="later">
                        <span class="rule-mark" aria-hidden="true">"•"</span>
                        {move || i18n.t(T::RuleNotCommon)}
                    </li>
                </ul>
            </div>
            <button class="btn primary" type="submit" disabled=move || submit.pending().get()>
                {move || if submit.pending().get() { i18n.t(T::Saving) } else { i18n.t(T::SavePassword) }}
            </button>
        </form>
    }
}
