//! The customer search results table; a row opens the 360.

use crm_api::customers::CustomerSummary;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::components::badge::{Badge, Tone};
use crate::components::data_table::{Column, DataTable};
use crate::i18n::{T, labels, use_i18n};

/// Search results.
#[component]
pub fn ResultsTable(
    /// Rows of the current page.
    rows: Vec<CustomerSummary>,
) -> impl IntoView {
    let i18n = use_i18n();
    let columns = vec![
        Column::text(T::ColCustomerNo),
        Column::text(T::ColName),
        Column::text(T::ColGender),
        Column::text(T::ColMobile),
        Column::text(T::ColRegion),
        Column::text(T::ColBranch),
        Column::text(T::ColProducts),
    ];
    view! {
        <DataTable columns=columns rows=rows row=move |c| {
            let href = format!("/customers/{}", c.id);
            let nav = use_navigate();
            let go = href.clone();
            let gender = c.gender;
            let products = c.products.clone();
            view! {
                <tr class="clickable" on:click=move |_| nav(&go, NavigateOptions::default())>
                    <td class="mono">{c.customer_no}</td>
                    <td><a href=href on:click=|ev| ev.stop_propagation()>{c.name}</a></td>
                    <td>{move || labels::gender(gender, i18n.lang.get())}</td>
                    <td class="mono">{c.mobile_masked}</td>
                    <td>{format!("{} · {}", c.province, c.city)}</td>
                    <td>{c.branch_name}</td>
                    <td><div class="badges" style="margin:0">
                        {products.into_iter().map(|p| view! {
                            <Badge tone=Tone::Brand>{move || labels::product(p, i18n.lang.get())}</Badge>
                        }).collect_view()}
                    </div></td>
                </tr>
            }
        }/>
    }
}
