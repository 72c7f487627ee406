//! `/admin/users?page=`.

use crm_api::Role;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::page_param;
use crate::api;
use crate::components::pagination::Pagination;
use crate::components::states::{ErrorPanel, Skeleton};
use crate::features::admin::UsersTable;
use crate::features::auth::RequireRole;
use crate::i18n::{T, use_i18n};

/// User administration.
#[component]
pub fn UsersPage() -> impl IntoView {
    view! { <RequireRole roles=&[Role::Admin]><UsersList/></RequireRole> }
}

#[component]
fn UsersList() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let page = Memo::new(move |_| query.with(page_param));
    let data = LocalResource::new(move || {
        let page = page.get();
        async move { api::users::list(page).await }
    });
    let on_page = Callback::new(move |p: u32| {
        navigate(
            &format!("/admin/users?page={p}"),
            NavigateOptions::default(),
        )
    });
    view! {
        <div class="page-head">
            <h1>{move || i18n.t(T::UsersTitle)}</h1>
            <div class="actions">
                <A href="/admin/users/new" attr:class="btn primary">{move || i18n.t(T::NewUser)}</A>
            </div>
        </div>
        <Transition fallback=|| view! { <Skeleton lines=6/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorPanel error=e on_retry=move || data.refetch()/> }.into_any(),
                    Ok(found) => {
                        let pages = found.page_count();
                        view! {
                            <UsersTable rows=found.items/>
                            <Pagination page=page pages=Signal::derive(move || pages) on_page=on_page/>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
