//! The fields a user form shares between creating and editing: role and
//! home branch (required exactly for the roles that work with customers).

use crm_api::Role;
use crm_api::users::{BranchView, needs_branch};
use leptos::prelude::*;

use super::model::branch_label;
use crate::i18n::{T, labels, use_i18n};

/// A `<select>` of the staff roles; a cardholder account shows its role, fixed.
#[component]
pub fn RoleField(
    /// The chosen role.
    role: RwSignal<Role>,
    /// The server's or the form's message for `role`.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let fixed = role.get_untracked() == Role::Cardholder;
    let roles: &'static [Role] = if fixed {
        &[Role::Cardholder]
    } else {
        Role::STAFF
    };
    view! {
        <div class="field">
            <label for="user-role">{move || i18n.t(T::RoleLabel)}</label>
            <select id="user-role" disabled=fixed
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby="user-role-error"
                on:change=move |ev| if let Some(r) = Role::parse(&event_target_value(&ev)) { role.set(r) }>
                {roles.iter().map(|r| { let r = *r; view! {
                    <option value=r.as_str() prop:selected=move || role.get() == r>{move || labels::role(r, i18n.lang.get())}</option>
                }}).collect_view()}
            </select>
            <span id="user-role-error" class="field-error">
                {move || error.get().or_else(|| fixed.then(|| i18n.t(T::CardholderRoleFixed).to_owned()))}
            </span>
        </div>
    }
}

/// A `<select>` of branches; disabled (and sent as none) for roles without one.
#[component]
pub fn BranchField(
    /// Every branch.
    branches: Vec<BranchView>,
    /// The chosen branch.
    branch: RwSignal<Option<i64>>,
    /// The role the user will have.
    #[prop(into)]
    role: Signal<Role>,
    /// The server's or the form's message for `branch_id`.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let needed = move || needs_branch(role.get());
    let branches = StoredValue::new(branches);
    view! {
        <div class="field">
            <label for="user-branch">{move || i18n.t(T::Branch)}</label>
            <select id="user-branch" disabled=move || !needed()
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby="user-branch-error user-branch-hint"
                on:change=move |ev| branch.set(event_target_value(&ev).parse().ok())>
                <option value="" prop:selected=move || !needed() || branch.get().is_none()>
                    {move || if needed() { i18n.t(T::ChooseBranch) } else { i18n.t(T::NoBranchNeeded) }}
                </option>
                {move || {
                    let lang = i18n.lang.get();
                    branches.with_value(|bs| bs.iter().map(|b| {
                        let id = b.id;
                        view! {
                            <option value=id.to_string() prop:selected=move || needed() && branch.get() == Some(id)>
                                {branch_label(b, lang)}
                            </option>
                        }
                    }).collect_view())
                }}
            </select>
            <span id="user-branch-error" class="field-error">{move || error.get()}</span>
            <span id="user-branch-hint" class="field-hint">{move || i18n.t(T::BranchNeededHint)}</span>
        </div>
    }
}
