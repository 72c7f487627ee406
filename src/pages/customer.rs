//! `/customers/:id?tab=`: the customer 360 — header band and KPIs, then one
//! section per tab (the tab lives in the URL, so links and Back work).

use crm_api::Role;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api;
use crate::components::states::{ErrorPanel, Skeleton};
use crate::features::auth::use_session;
use crate::features::customers::CustomerHeader;
use crate::features::customers::tabs::{Kpis, TABS, tab_body};
use crate::i18n::{T, use_i18n};

/// Customer 360 page.
#[component]
pub fn CustomerPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |prev: Option<&i64>| super::id_param(&params, prev));
    let tab = Memo::new(move |_| {
        query
            .with(|q| q.get("tab"))
            .filter(|t| TABS.iter().any(|(k, _)| k == t))
            .unwrap_or_else(|| "overview".to_owned())
    });
    // Read once, untracked: a signal read inside the Suspend below would re-run
    // it (and await a disposed resource) when the session ends.
    let can_reveal = session
        .info
        .get_untracked()
        .is_some_and(|s| s.user.role == Role::Manager);
    let can_ticket = session
        .info
        .get_untracked()
        .is_some_and(|s| matches!(s.user.role, Role::Manager | Role::Agent));
    let data = LocalResource::new(move || {
        let id = id.get();
        async move { api::customers::get(id).await }
    });
    view! {
        <div class="breadcrumb">
            <A href="/customers">{move || i18n.t(T::BackToSearch)}</A>
            {can_ticket.then(|| view! {
                <a class="btn small" href=move || format!("/tickets/new?customer={}", id.get())>{move || i18n.t(T::NewTicket)}</a>
            })}
        </div>
        <Transition fallback=|| view! { <div class="panel"><Skeleton lines=10/></div> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorPanel error=e on_retry=move || data.refetch()/> }.into_any(),
                    Ok(c) => view! {
                        <CustomerHeader c=c.clone() can_reveal=can_reveal/>
                        <Kpis c=c.clone()/>
                        <nav class="tabs" aria-label=move || i18n.t(T::Sections)>
                            {TABS.iter().map(|(key, label)| {
                                let (key, label) = (*key, *label);
                                let href = format!("/customers/{}?tab={key}", c.profile.id);
                                // plain links: the router's <A> marks every tab current (same path)
                                view! {
                                    <a href=href class="tab" aria-current=move || (tab.get() == key).then_some("page")>
                                        {move || i18n.t(label)}
                                    </a>
                                }
                            }).collect_view()}
                        </nav>
                        {move || tab_body(&tab.get(), &c)}
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
