//! `/customers/:id/transactions?page=`: every transaction of a customer.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use super::page_param;
use crate::api;
use crate::components::pagination::Pagination;
use crate::components::states::{ErrorPanel, Skeleton};
use crate::features::customers::TransactionsTable;
use crate::format::format_int;
use crate::i18n::{T, use_i18n};

/// All transactions of one customer.
#[component]
pub fn CustomerTransactionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let navigate = use_navigate();
    let id = Memo::new(move |prev: Option<&i64>| super::id_param(&params, prev));
    let page = Memo::new(move |_| query.with(page_param));
    let data = LocalResource::new(move || {
        let (id, page) = (id.get(), page.get());
        async move { api::customers::transactions(id, page).await }
    });
    let on_page = Callback::new(move |p: u32| {
        navigate(
            &format!("/customers/{}/transactions?page={p}", id.get_untracked()),
            NavigateOptions::default(),
        );
    });
    view! {
        <div class="breadcrumb">
            <A href=move || format!("/customers/{}", id.get())>{move || i18n.t(T::Customer360)}</A>
        </div>
        <h1>{move || i18n.t(T::AllTransactions)}</h1>
        <Transition fallback=|| view! { <Skeleton lines=10/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorPanel error=e on_retry=move || data.refetch()/> }.into_any(),
                    Ok(found) => {
                        let pages = found.page_count();
                        let total = found.total;
                        view! {
                            <div class="result-count">{format_int(total)}</div>
                            <TransactionsTable rows=found.items/>
                            <Pagination page=page pages=Signal::derive(move || pages) on_page=on_page/>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
