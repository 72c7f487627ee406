//! `/dashboard?tab=&from=&to=&province=&product=&segment=`: the manager's
//! satisfaction, card-business and service dashboard. Everything it shows
//! follows the filters in the URL, so a link shares the exact view.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::features::dashboard::FilterBar;
use crate::features::dashboard::cards::CardsPanel;
use crate::features::dashboard::model::{Tab, dashboard_url, filter_from};
use crate::features::dashboard::satisfaction::SatisfactionPanel;
use crate::features::dashboard::service::ServicePanel;
use crate::i18n::{T, use_i18n};

/// The dashboard.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(|q| filter_from(|k| q.get(k))));
    let tab = Memo::new(move |_| Tab::parse(query.with(|q| q.get("tab")).as_deref()));
    let tab_label = |t: Tab| match t {
        Tab::Satisfaction => T::TabSatisfaction,
        Tab::Cards => T::DashTabCards,
        Tab::Service => T::DashTabService,
    };
    view! {
        <div class="page-dash">
        <div class="page-head">
            <h1>{move || i18n.t(T::DashboardTitle)}</h1>
        </div>
        <FilterBar tab=tab filter=filter/>
        <nav class="tabs" aria-label=move || i18n.t(T::DashboardTitle)>
            {Tab::ALL.into_iter().map(|t| view! {
                <a class="tab" href=move || dashboard_url(t, &filter.get())
                    aria-current=move || (tab.get() == t).then_some("page")>
                    {move || i18n.t(tab_label(t))}
                </a>
            }).collect_view()}
        </nav>
        {move || match tab.get() {
            Tab::Satisfaction => view! { <SatisfactionPanel filter=filter/> }.into_any(),
            Tab::Cards => view! { <CardsPanel filter=filter/> }.into_any(),
            Tab::Service => view! { <ServicePanel filter=filter/> }.into_any(),
        }}
        </div>
    }
}
