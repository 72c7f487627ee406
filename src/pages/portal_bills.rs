//! `/portal/bills`: one card's bill for one cycle — the statement (or the open
//! cycle so far), installment instalments posting in it, and its transactions
//! with merchant search, a category filter and a CSV download. The card,
//! cycle, search, category and page live in the URL.

use crm_api::Category;
use crm_api::query::url;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api;
use crate::components::states::{EmptyState, ErrorPanel, Skeleton};
use crate::features::portal::bill::bill_view;
use crate::i18n::{T, labels, use_i18n};

/// Bills.
#[component]
pub fn PortalBillsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = StoredValue::new_local(use_navigate());
    let param = move |k: &str| query.with(|q| q.get(k)).unwrap_or_default();
    let cycles = LocalResource::new(api::me::bill_cycles);
    let search = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    Effect::new(move |_| {
        search.set(param("q"));
        category.set(param("category"));
    });
    let go = move |card: i64, cycle: &str, q: &str, cat: &str, page: u32| {
        let url = url(
            "/portal/bills",
            &api::me::bill_query(card, cycle, q, cat, page),
        );
        navigate.with_value(|n| {
            n(
                &url,
                NavigateOptions {
                    replace: true,
                    ..NavigateOptions::default()
                },
            );
        });
    };
    let bill = LocalResource::new(move || {
        let card = param("card").parse::<i64>().ok();
        let cycle = param("cycle");
        let q = param("q");
        let cat = param("category");
        let page = param("page").parse::<u32>().unwrap_or(1).max(1);
        async move {
            let (card, cycle) = match card {
                Some(c) if !cycle.is_empty() => (c, cycle),
                _ => match api::me::bill_cycles().await?.first() {
                    Some(f) => (f.card_id, f.cycle.clone()),
                    None => return Ok(None),
                },
            };
            api::me::bill(&api::me::bill_query(card, &cycle, &q, &cat, page))
                .await
                .map(Some)
        }
    });
    let current = RwSignal::new(None::<(i64, String)>);
    view! {
        <div class="page-head-row">
            <h2 style="margin:0">{move || i18n.t(T::PortalBills)}</h2>
            <A href="/portal/installments" attr:class="btn">{move || i18n.t(T::SplitPurchases)}</A>
        </div>
        <Transition fallback=|| view! { <Skeleton lines=1/> }>
            {move || Suspend::new(async move {
                let list = cycles.await.unwrap_or_default();
                let selected = move || current.get().map(|(c, y)| format!("{c}|{y}")).unwrap_or_default();
                view! {
                    <label class="field portal-field">
                        <span>{move || i18n.t(T::CycleLabel)}</span>
                        <select prop:value=selected on:change=move |ev| {
                            let v = event_target_value(&ev);
                            if let Some((c, y)) = v.split_once('|') {
                                go(c.parse().unwrap_or_default(), y, "", "", 1);
                            }
                        }>
                            {list.into_iter().map(|c| {
                                let value = format!("{}|{}", c.card_id, c.cycle);
                                let key = if c.billed { T::CycleBilled } else { T::CycleOpen };
                                let (cycle, last4) = (c.cycle.clone(), c.card_last4.clone());
                                view! {
                                    <option value=value.clone() selected=move || selected() == value>
                                        {move || i18n.fmt(key, &[("cycle", &cycle), ("last4", &last4)])}
                                    </option>
                                }
                            }).collect_view()}
                        </select>
                    </label>
                }
            })}
        </Transition>
        <form class="bill-filter" role="search" on:submit=move |ev| {
            ev.prevent_default();
            if let Some((c, y)) = current.get_untracked() {
                go(c, &y, &search.get_untracked(), &category.get_untracked(), 1);
            }
        }>
            <input type="search" aria-label=move || i18n.t(T::SearchMerchant) placeholder=move || i18n.t(T::SearchMerchant)
                prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev))/>
            <select aria-label=move || i18n.t(T::ColCategory) prop:value=move || category.get() on:change=move |ev| {
                let v = event_target_value(&ev);
                category.set(v.clone());
                if let Some((c, y)) = current.get_untracked() {
                    go(c, &y, &search.get_untracked(), &v, 1);
                }
            }>
                <option value="">{move || i18n.t(T::AllCategories)}</option>
                {Category::ALL.iter().map(|c| {
                    let c = *c;
                    view! { <option value=c.as_str()>{move || labels::category(c, i18n.lang.get())}</option> }
                }).collect_view()}
            </select>
            <button class="btn" type="submit">{move || i18n.t(T::Search)}</button>
        </form>
        <Transition fallback=|| view! { <Skeleton lines=6/> }>
            {move || Suspend::new(async move {
                match bill.await {
                    Err(e) => view! { <ErrorPanel error=e on_retry=move || bill.refetch()/> }.into_any(),
                    Ok(None) => view! { <EmptyState title=Signal::derive(move || i18n.t(T::NoStatements).to_owned())/> }.into_any(),
                    Ok(Some(b)) => {
                        current.set(Some((b.card_id, b.cycle.clone())));
                        bill_view(b, go).into_any()
                    }
                }
            })}
        </Transition>
    }
}
