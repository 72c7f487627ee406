//! `/customers?q=&page=&rfm_segment=&churn_band=&risk_band=&value_tier=`:
//! search with insight filters and server-side paging; the URL holds the state.

use crm_api::insight::{Band, RfmSegment, ValueTier};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::page_param;
use crate::api::{self};
use crate::components::pagination::Pagination;
use crate::components::states::{EmptyState, ErrorPanel, Skeleton};
use crate::features::customers::ResultsTable;
use crate::features::customers::model::SearchFilters;
use crate::format::format_int;
use crate::i18n::{T, use_i18n};

const BANDS: [Band; 3] = [Band::Low, Band::Medium, Band::High];
const TIERS: [ValueTier; 3] = [ValueTier::High, ValueTier::Medium, ValueTier::Low];

/// One filter drop-down: `(value, label)` options plus "all".
#[component]
fn FilterSelect(
    /// Label text.
    label: T,
    /// Current value ("" for all).
    #[prop(into)]
    value: Signal<String>,
    /// Options as `(value, label)` in the current language.
    #[prop(into)]
    options: Signal<Vec<(&'static str, &'static str)>>,
    /// Called with the chosen value.
    on_change: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label>{move || i18n.t(label)}
            <select on:change=move |ev| on_change.run(event_target_value(&ev)) prop:value=move || value.get()>
                <option value="">{move || i18n.t(T::All)}</option>
                {move || options.get().into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
            </select>
        </label>
    }
}

/// Customer search page.
#[component]
pub fn CustomersPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let filters = Memo::new(move |_| query.with(|m| SearchFilters::from_pairs(|k| m.get(k))));
    let page = Memo::new(move |_| query.with(page_param));
    let input = RwSignal::new(filters.get_untracked().q);
    Effect::new(move |_| input.set(filters.get().q));
    let results = LocalResource::new(move || {
        let q = filters.get().to_query(page.get());
        async move { api::customers::search(&q).await }
    });
    let go = Callback::new(move |(f, page): (SearchFilters, u32)| {
        navigate(
            &format!("/customers?{}", f.to_query(page)),
            NavigateOptions::default(),
        );
    });
    let apply = move |change: fn(&mut SearchFilters, &str)| {
        Callback::new(move |value: String| {
            let mut f = filters.get_untracked();
            f.q = input.get_untracked();
            change(&mut f, &value);
            go.run((f, 1));
        })
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        go.run((
            SearchFilters {
                q: input.get_untracked(),
                ..filters.get_untracked()
            },
            1,
        ));
    };
    let on_page = Callback::new(move |p: u32| go.run((filters.get_untracked(), p)));
    let lang = move || i18n.lang.get();
    view! {
        <h1>{move || i18n.t(T::SearchTitle)}</h1>
        <form class="search-bar" role="search" on:submit=on_submit>
            <label class="sr-only" for="customer-search">{move || i18n.t(T::Search)}</label>
            <input id="customer-search" type="search" bind:value=input autofocus
                placeholder=move || i18n.t(T::GlobalSearchPlaceholder)/>
            <button class="btn primary" type="submit">{move || i18n.t(T::Search)}</button>
        </form>
        <p class="muted" style="margin-top:-8px">{move || i18n.t(T::SearchHint)}</p>
        <div class="filter-bar">
            <FilterSelect label=T::Segment
                value=Signal::derive(move || filters.get().rfm_segment.map_or("", RfmSegment::as_str).to_owned())
                options=Signal::derive(move || RfmSegment::ALL.iter().map(|s| (s.as_str(), s.label(lang()))).collect::<Vec<_>>())
                on_change=apply(|f, v| f.rfm_segment = RfmSegment::parse(v))/>
            <FilterSelect label=T::ChurnRisk
                value=Signal::derive(move || filters.get().churn_band.map_or("", Band::as_str).to_owned())
                options=Signal::derive(move || BANDS.iter().map(|b| (b.as_str(), b.label(lang()))).collect::<Vec<_>>())
                on_change=apply(|f, v| f.churn_band = Band::parse(v))/>
            <FilterSelect label=T::CreditRisk
                value=Signal::derive(move || filters.get().risk_band.map_or("", Band::as_str).to_owned())
                options=Signal::derive(move || BANDS.iter().map(|b| (b.as_str(), b.label(lang()))).collect::<Vec<_>>())
                on_change=apply(|f, v| f.risk_band = Band::parse(v))/>
            <FilterSelect label=T::ValueTier
                value=Signal::derive(move || filters.get().value_tier.map_or("", ValueTier::as_str).to_owned())
                options=Signal::derive(move || TIERS.iter().map(|b| (b.as_str(), b.label(lang()))).collect::<Vec<_>>())
                on_change=apply(|f, v| f.value_tier = ValueTier::parse(v))/>
        </div>
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
                            <div class="result-count page-head-row" role="status">
                                <span>{move || i18n.fmt(T::ResultsCount, &[("n", &format_int(total))])}</span>
                                <a class="btn small" download="customers.csv"
                                    href=move || format!("/api/v1/customers.csv?{}", filters.get().to_query(1))>
                                    {move || i18n.t(T::ExportResults)}
                                </a>
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
