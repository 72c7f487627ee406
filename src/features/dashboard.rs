//! Manager dashboards: the filter bar (it writes the URL), the three tabs,
//! and the widgets they share.

pub mod cards;
pub mod model;
pub mod satisfaction;
pub mod service;
pub mod widgets;

use crm_api::ProductCode;
use crm_api::dashboard::{DashboardFilter, months_before, parse_month};
use crm_api::insight::RfmSegment;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::format::format_date;
use crate::i18n::{T, labels, use_i18n};
use model::{Tab, dashboard_url, month_options};

/// The current month in Shanghai, `YYYY-MM`.
#[must_use]
pub fn current_month() -> String {
    let today = format_date(js_sys::Date::now() as i64 / 1000);
    today.get(..7).unwrap_or_default().to_owned()
}

/// Date range, region, product and segment; every change is a new URL.
#[component]
pub fn FilterBar(tab: Memo<Tab>, filter: Memo<DashboardFilter>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = StoredValue::new_local(use_navigate());
    let current = current_month();
    let months = month_options(&current, crm_api::dashboard::MAX_MONTHS);
    let default_to = current.clone();
    let default_from = parse_month(&current)
        .map(|m| months_before(m, 11))
        .map(|(y, m)| format!("{y:04}-{m:02}"))
        .unwrap_or_default();
    let go = move |change: &dyn Fn(&mut DashboardFilter)| {
        let mut f = filter.get_untracked();
        change(&mut f);
        let url = dashboard_url(tab.get_untracked(), &f);
        navigate.with_value(|n| n(&url, NavigateOptions::default()));
    };
    let value = |v: String| (!v.is_empty()).then_some(v);
    let month_select = move |id: &'static str,
                             label: T,
                             get: fn(&DashboardFilter) -> Option<String>,
                             default: String,
                             set: fn(&mut DashboardFilter, Option<String>)| {
        let months = months.clone();
        view! {
            <div class="filter">
                <label for=id>{move || i18n.t(label)}</label>
                <select id=id on:change=move |ev| {
                    let v = event_target_value(&ev);
                    go(&|f| set(f, value(v.clone())));
                }>
                    {months.into_iter().map(|m| {
                        let (m2, d, text) = (m.clone(), default.clone(), m.clone());
                        view! {
                            <option value=m prop:selected=move || get(&filter.get()).unwrap_or_else(|| d.clone()) == m2>{text}</option>
                        }
                    }).collect_view()}
                </select>
            </div>
        }
    };
    let from_select = month_select(
        "f-from",
        T::FromMonth,
        |f| f.from.clone(),
        default_from,
        |f, v| f.from = v,
    );
    let to_select = month_select(
        "f-to",
        T::ToMonth,
        |f| f.to.clone(),
        default_to,
        |f, v| f.to = v,
    );
    view! {
        <form class="filter-bar" on:submit=|ev| ev.prevent_default() aria-label=move || i18n.t(T::Filters)>
            {from_select}
            {to_select}
            <div class="filter">
                <label for="f-province">{move || i18n.t(T::ColRegion)}</label>
                <select id="f-province" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    go(&|f| f.province = value(v.clone()));
                }>
                    <option value="" prop:selected=move || filter.get().province.is_none()>{move || i18n.t(T::AllRegions)}</option>
                    {labels::provinces().into_iter().map(|p| view! {
                        <option value=p prop:selected=move || filter.get().province.as_deref() == Some(p)>
                            {move || labels::province(p, i18n.lang.get())}
                        </option>
                    }).collect_view()}
                </select>
            </div>
            <div class="filter">
                <label for="f-product">{move || i18n.t(T::ColProduct)}</label>
                <select id="f-product" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    go(&|f| f.product = value(v.clone()));
                }>
                    <option value="" prop:selected=move || filter.get().product.is_none()>{move || i18n.t(T::AllProducts)}</option>
                    {ProductCode::ALL.iter().map(|p| {
                        let p = *p;
                        view! {
                            <option value=p.as_str() prop:selected=move || filter.get().product.as_deref() == Some(p.as_str())>
                                {move || labels::product(p, i18n.lang.get())}
                            </option>
                        }
                    }).collect_view()}
                </select>
            </div>
            <div class="filter">
                <label for="f-segment">{move || i18n.t(T::Segment)}</label>
                <select id="f-segment" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    go(&|f| f.segment = value(v.clone()));
                }>
                    <option value="" prop:selected=move || filter.get().segment.is_none()>{move || i18n.t(T::AllSegments)}</option>
                    {RfmSegment::ALL.iter().map(|s| s.as_str()).chain(["unscored"]).map(|s| view! {
                        <option value=s prop:selected=move || filter.get().segment.as_deref() == Some(s)>
                            {move || labels::segment_code(s, i18n.lang.get())}
                        </option>
                    }).collect_view()}
                </select>
            </div>
            <div class="filter reset">
                <a class="btn ghost" href=move || dashboard_url(tab.get(), &DashboardFilter::default())>
                    {move || i18n.t(T::ResetFilters)}
                </a>
            </div>
        </form>
    }
}
