//! `/customers?q=&page=`: search with server-side paging; the URL holds the state.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::page_param;
use crate::api::{self, encode};
use crate::components::money::format_int;
use crate::components::pagination::Pagination;
use crate::components::states::{EmptyState, ErrorPanel, Skeleton};
use crate::features::customers::ResultsTable;
use crate::i18n::{T, use_i18n};

/// Customer search page.
#[component]
pub fn CustomersPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let q = Memo::new(move |_| query.with(|m| m.get("q").unwrap_or_default()));
    let page = Memo::new(move |_| query.with(page_param));
    let input = RwSignal::new(q.get_untracked());
    Effect::new(move |_| input.set(q.get()));
    let results = LocalResource::new(move || {
        let (q, page) = (q.get(), page.get());
        async move { api::customers::search(&q, page).await }
    });
    let go = move |q: String, page: u32| {
        navigate(
            &format!("/customers?q={}&page={page}", encode(q.trim())),
            NavigateOptions::default(),
        );
    };
    let go_search = go.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        go_search(input.get_untracked(), 1);
    };
    let on_page = Callback::new(move |p: u32| go(q.get_untracked(), p));
    view! {
        <h1>{move || i18n.t(T::SearchTitle)}</h1>
        <form class="search-bar" role="search" on:submit=on_submit>
            <label class="sr-only" for="customer-search">{move || i18n.t(T::Search)}</label>
            <input id="customer-search" type="search" bind:value=input autofocus
                placeholder=move || i18n.t(T::GlobalSearchPlaceholder)/>
            <button class="btn primary" type="submit">{move || i18n.t(T::Search)}</button>
        </form>
        <p class="muted" style="margin-top:-8px">{move || i18n.t(T::SearchHint)}</p>
        <Transition fallback=|| view! { <Skeleton lines=8/> }>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(found) if found.items.is_empty() => view! {
                        <EmptyState title=Signal::derive(move || i18n.t(T::NoResults).to_owned())
                            hint=Signal::derive(move || i18n.t(T::NoResultsHint).to_owned())/>
                    }.into_any(),
                    Ok(found) => {
                        let total = found.total;
                        let pages = found.page_count();
                        view! {
                            <div class="result-count" role="status">
                                {move || i18n.fmt(T::ResultsCount, &[("n", &format_int(total))])}
                            </div>
                            <ResultsTable rows=found.items/>
                            <Pagination page=page pages=Signal::derive(move || pages) on_page=on_page/>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorPanel error=e on_retry=move || results.refetch()/> }.into_any(),
                }
            })}
        </Transition>
    }
}
