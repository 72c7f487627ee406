//! `/admin/users/new`: create a staff user and hand over the one-time password.

use crm_api::Role;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::components::states::{ErrorPanel, Skeleton};
use crate::features::admin::NewUserForm;
use crate::features::auth::RequireRole;
use crate::i18n::{T, use_i18n};

/// New user.
#[component]
pub fn UserNewPage() -> impl IntoView {
    view! { <RequireRole roles=&[Role::Admin]><NewUser/></RequireRole> }
}

#[component]
fn NewUser() -> impl IntoView {
    let i18n = use_i18n();
    let branches = LocalResource::new(api::users::branches);
    view! {
        <A href="/admin/users" attr:class="back-link">{move || format!("← {}", i18n.t(T::BackToUsers))}</A>
        <div class="page-head">
            <div>
                <h1>{move || i18n.t(T::NewUser)}</h1>
                <p class="muted">{move || i18n.t(T::NewUserLead)}</p>
            </div>
        </div>
        <Transition fallback=|| view! { <Skeleton lines=6/> }>
            {move || Suspend::new(async move {
                match branches.await {
                    Err(e) => view! { <ErrorPanel error=e on_retry=move || branches.refetch()/> }.into_any(),
                    Ok(list) => view! { <NewUserForm branches=list/> }.into_any(),
                }
            })}
        </Transition>
    }
}
