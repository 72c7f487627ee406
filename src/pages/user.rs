//! `/admin/users/:id`: one user — role, branch, display name, enabled, and
//! a forced password reset.

use crm_api::Role;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::id_param;
use crate::api;
use crate::components::states::{ErrorPanel, Skeleton};
use crate::features::admin::UserEditor;
use crate::features::auth::RequireRole;
use crate::i18n::{T, use_i18n};

/// One user.
#[component]
pub fn UserPage() -> impl IntoView {
    view! { <RequireRole roles=&[Role::Admin]><OneUser/></RequireRole> }
}

#[component]
fn OneUser() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |prev| id_param(&params, prev));
    let branches = LocalResource::new(api::users::branches);
    let user = LocalResource::new(move || {
        let id = id.get();
        async move { api::users::get(id).await }
    });
    view! {
        <A href="/admin/users" attr:class="back-link">{move || format!("← {}", i18n.t(T::BackToUsers))}</A>
        <Transition fallback=|| view! { <Skeleton lines=8/> }>
            {move || Suspend::new(async move {
                match (user.await, branches.await) {
                    (Err(e), _) => view! { <ErrorPanel error=e on_retry=move || user.refetch()/> }.into_any(),
                    (_, Err(e)) => view! { <ErrorPanel error=e on_retry=move || branches.refetch()/> }.into_any(),
                    (Ok(u), Ok(b)) => view! {
                        <UserEditor user=u branches=b on_reload=move || user.refetch()/>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
