//! The audit filters: actor, customer, action (a preset or a typed code),
//! from and to (days in Asia/Shanghai). Enter or "Search" writes them to the
//! URL; the page reads them back from there.

use leptos::prelude::*;

use super::model::{ACTION_PRESETS, AuditFilter, CUSTOM_ACTION, FilterProblem, action_choice};
use crate::api::ApiError;
use crate::i18n::{T, labels, use_i18n};

/// The filter form; `on_apply` receives the checked filters.
#[component]
pub fn AuditFilters(
    /// The filters in the URL now.
    initial: AuditFilter,
    /// The server's refusal of these filters, if any (field messages).
    #[prop(into)]
    server_error: Signal<Option<ApiError>>,
    /// Called with filters the browser found nothing wrong with.
    #[prop(into)]
    on_apply: Callback<AuditFilter>,
) -> impl IntoView {
    let i18n = use_i18n();
    let user = RwSignal::new(initial.user.clone());
    let customer_id = RwSignal::new(initial.customer_id.clone());
    let choice = RwSignal::new(action_choice(&initial.action).to_owned());
    let custom = RwSignal::new(if action_choice(&initial.action) == CUSTOM_ACTION {
        initial.action.clone()
    } else {
        String::new()
    });
    let from = RwSignal::new(initial.from.clone());
    let to = RwSignal::new(initial.to.clone());
    let problems = RwSignal::new(Vec::<(&'static str, FilterProblem)>::new());
    let filter = move || AuditFilter {
        user: user.get_untracked(),
        customer_id: customer_id.get_untracked(),
        action: if choice.get_untracked() == CUSTOM_ACTION {
            custom.get_untracked().trim().to_owned()
        } else {
            choice.get_untracked()
        },
        from: from.get_untracked(),
        to: to.get_untracked(),
    };
    let err = move |name: &'static str| {
        move || {
            problems
                .with(|p| p.iter().find(|(f, _)| *f == name).map(|(_, p)| *p))
                .map(|p| match p {
                    FilterProblem::CustomerId => i18n.t(T::CustomerIdFormat).to_owned(),
                    FilterProblem::DateOrder => i18n.t(T::DateOrder).to_owned(),
                })
                .or_else(|| server_error.get().and_then(|e| e.field(name)))
        }
    };
    let invalid = move |name: &'static str| move || err(name)().is_some().to_string();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = filter();
        let found = f.problems();
        let ok = found.is_empty();
        problems.set(found);
        if ok {
            on_apply.run(f);
        }
    };
    let on_clear = move |_| {
        for s in [user, customer_id, custom, from, to] {
            s.set(String::new());
        }
        choice.set(String::new());
        problems.set(Vec::new());
        on_apply.run(AuditFilter::default());
    };
    view! {
        <form class="filter-bar audit-filters" role="search" on:submit=on_submit novalidate>
            <div class="field">
                <label for="audit-user">{move || i18n.t(T::Username)}</label>
                <input id="audit-user" type="text" autocomplete="off" spellcheck="false" bind:value=user
                    aria-invalid=invalid("user") aria-describedby="audit-user-error"/>
                <span id="audit-user-error" class="field-error">{err("user")}</span>
            </div>
            <div class="field">
                <label for="audit-customer">{move || i18n.t(T::CustomerIdLabel)}</label>
                <input id="audit-customer" type="text" inputmode="numeric" autocomplete="off" bind:value=customer_id
                    aria-invalid=invalid("customer_id") aria-describedby="audit-customer-error"/>
                <span id="audit-customer-error" class="field-error">{err("customer_id")}</span>
            </div>
            <div class="field">
                <label for="audit-action">{move || i18n.t(T::AuditAction)}</label>
                <select id="audit-action" aria-invalid=invalid("action") aria-describedby="audit-action-error"
                    on:change=move |ev| choice.set(event_target_value(&ev))>
                    <option value="" prop:selected=move || choice.get().is_empty()>{move || i18n.t(T::All)}</option>
                    {ACTION_PRESETS.iter().map(|code| view! {
                        <option value=*code prop:selected=move || choice.get() == *code>
                            {move || labels::audit_action(code, i18n.lang.get())}
                        </option>
                    }).collect_view()}
                    <option value=CUSTOM_ACTION prop:selected=move || choice.get() == CUSTOM_ACTION>
                        {move || i18n.t(T::ActionCustom)}
                    </option>
                </select>
                <span id="audit-action-error" class="field-error">{err("action")}</span>
            </div>
            <Show when=move || choice.get() == CUSTOM_ACTION>
                <div class="field">
                    <label for="audit-action-code">{move || i18n.t(T::ActionCode)}</label>
                    <input id="audit-action-code" type="text" class="mono" autocomplete="off" spellcheck="false"
                        placeholder="user." bind:value=custom aria-describedby="audit-action-code-hint"/>
                    <span id="audit-action-code-hint" class="field-hint">{move || i18n.t(T::ActionCodeHint)}</span>
                </div>
            </Show>
            <div class="field">
                <label for="audit-from">{move || i18n.t(T::FromDate)}</label>
                <input id="audit-from" type="date" bind:value=from
                    aria-invalid=invalid("from") aria-describedby="audit-from-error"/>
                <span id="audit-from-error" class="field-error">{err("from")}</span>
            </div>
            <div class="field">
                <label for="audit-to">{move || i18n.t(T::ToDate)}</label>
                <input id="audit-to" type="date" bind:value=to
                    aria-invalid=invalid("to") aria-describedby="audit-to-error"/>
                <span id="audit-to-error" class="field-error">{err("to")}</span>
            </div>
            <div class="filter-actions">
                <button class="btn primary" type="submit">{move || i18n.t(T::ApplyFilters)}</button>
                <button class="btn ghost" type="button" on:click=on_clear>{move || i18n.t(T::ClearFilters)}</button>
            </div>
        </form>
    }
}
