//! 12-month spend by month and by category.

use crm_api::customers::Customer360;
use leptos::prelude::*;

use super::model::{category_series, month_series};
use crate::components::chart::{BarChart, HBarChart, Heads};
use crate::components::states::EmptyState;
use crate::format::yuan_tick;
use crate::i18n::{T, use_i18n};

/// The two spend charts side by side.
#[component]
pub fn SpendCharts(
    /// The customer.
    c: Customer360,
) -> impl IntoView {
    let i18n = use_i18n();
    let c2 = c.clone();
    let months = Signal::derive(move || month_series(&c, i18n.lang.get()));
    let categories = Signal::derive(move || category_series(&c2, i18n.lang.get()));
    let t = move |k: T| Signal::derive(move || i18n.t(k).to_owned());
    view! {
        <div class="grid-2">
            <section class="panel">
                <BarChart title=t(T::SpendByMonth) unit=t(T::ChartUnitYuan) data=months tick_format=yuan_tick
                    heads=Heads::new(t(T::ColMonth), t(T::ColAmount)).extra(t(T::ColCount))/>
            </section>
            <section class="panel">
                {move || if categories.get().is_empty() {
                    view! {
                        <h2>{move || i18n.t(T::SpendByCategory)}</h2>
                        <EmptyState title=t(T::NoSpend)/>
                    }.into_any()
                } else {
                    view! {
                        <HBarChart title=t(T::SpendByCategory) data=categories
                            heads=Heads::new(t(T::ColCategory), t(T::ColAmount)).extra(t(T::ColShare))/>
                    }.into_any()
                }}
            </section>
        </div>
    }
}
