//! `/dashboard/drill?metric=&dim=&key=&…filters`: the customers behind a
//! number on the dashboard, each a link to their 360.

use crm_api::dashboard::{DrillMetric, DrillRow};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api;
use crate::components::data_table::{Column, DataTable};
use crate::components::paged::Paged;
use crate::features::dashboard::model::{Tab, dashboard_url, filter_from};
use crate::i18n::{T, labels, use_i18n};

/// Drill-down list.
#[component]
pub fn DashboardDrillPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(|q| filter_from(|k| q.get(k))));
    let param = move |k: &str| query.with(|q| q.get(k)).unwrap_or_default();
    let metric = Memo::new(move |_| param("metric"));
    let dim = Memo::new(move |_| param("dim"));
    let key = Memo::new(move |_| param("key"));
    let back_tab = move || match DrillMetric::parse(&metric.get()) {
        Some(DrillMetric::Responses | DrillMetric::Detractors) => Tab::Satisfaction,
        _ => Tab::Cards,
    };
    let title = move || {
        let lang = i18n.lang.get();
        DrillMetric::parse(&metric.get()).map_or_else(
            || i18n.t(T::NotFoundTitle).to_owned(),
            |m| labels::drill_metric(m, lang).to_owned(),
        )
    };
    let narrowing = move || {
        let lang = i18n.lang.get();
        let f = filter.get();
        let mut parts = Vec::new();
        if !dim.get().is_empty() {
            parts.push(format!(
                "{}：{}",
                labels::dimension(&dim.get(), lang),
                labels::dimension_value(&dim.get(), &key.get(), lang)
            ));
        }
        let range = match (&f.from, &f.to) {
            (Some(a), Some(b)) => format!("{a} ~ {b}"),
            (Some(a), None) => format!("{a} ~"),
            (None, Some(b)) => format!("~ {b}"),
            (None, None) => i18n.t(T::Last12Months).to_owned(),
        };
        parts.push(range);
        if let Some(p) = &f.province {
            parts.push(labels::province(p, lang));
        }
        if let Some(p) = &f.product {
            parts.push(labels::product_code(p, lang));
        }
        if let Some(s) = &f.segment {
            parts.push(labels::segment_code(s, lang));
        }
        parts.join(" · ")
    };
    let load = move |page: u32| {
        let (f, m, d, k) = (filter.get(), metric.get(), dim.get(), key.get());
        async move { api::dashboard::drill(&f, &m, &d, &k, page).await }
    };
    view! {
        <div class="page-head">
            <div>
                <a href=move || dashboard_url(back_tab(), &filter.get())>{move || i18n.t(T::BackToDashboard)}</a>
                <h1>{title}</h1>
                <p class="muted">{narrowing}</p>
            </div>
        </div>
        <Paged load=load empty=Signal::derive(move || i18n.t(T::NoDrillRows).to_owned())
            render={move |rows: Vec<DrillRow>| {
                let lang = i18n.lang.get_untracked();
                view! {
                    <DataTable rows=rows columns={vec![
                        Column::text(T::ColCustomerNo),
                        Column::text(T::ColName),
                        Column::text(T::ColRegion),
                        Column::text(T::ColProduct),
                        Column::text(T::Segment),
                        Column::num(T::ColCount),
                    ]} row=move |r| {
                        view! {
                            <tr>
                                <td class="mono">{r.customer_no.clone()}</td>
                                <td><a href=format!("/customers/{}", r.customer_id)>{r.name.clone()}</a></td>
                                <td>{labels::province(&r.province, lang)}</td>
                                <td>{labels::product_code(r.product.as_deref().unwrap_or_default(), lang)}</td>
                                <td>{labels::segment_code(r.segment.as_deref().unwrap_or("unscored"), lang)}</td>
                                <td class="num">{r.count.to_string()}</td>
                            </tr>
                        }
                    }/>
                }
            }}/>
    }
}
