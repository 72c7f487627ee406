//! Points: balance, earned and redeemed, what expires when, and the ledger.

use leptos::prelude::*;

use crate::api;
use crate::components::badge::{Badge, Tone};
use crate::components::data_table::{Column, DataTable};
use crate::components::pagination::Pagination;
use crate::components::states::{EmptyState, ErrorPanel, Skeleton};
use crate::format::{format_datetime, format_int};
use crate::i18n::{T, labels, use_i18n};

/// Points section.
#[component]
pub fn PointsSection(
    /// Customer.
    customer_id: i64,
) -> impl IntoView {
    let i18n = use_i18n();
    let page = RwSignal::new(1u32);
    let data = LocalResource::new(move || api::customers::points(customer_id, page.get()));
    let on_page = Callback::new(move |p: u32| page.set(p));
    view! {
        <Transition fallback=|| view! { <div class="panel"><Skeleton lines=6/></div> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorPanel error=e on_retry=move || data.refetch()/> }.into_any(),
                    Ok(p) => {
                        let pages = p.ledger.page_count();
                        let expiring = p.expiring.clone();
                        let ledger = p.ledger.items.clone();
                        view! {
                            <div class="grid-kpi">
                                <div class="stat"><div class="stat-label">{move || i18n.t(T::PointsBalance)}</div><div class="stat-value">{format_int(p.balance)}</div></div>
                                <div class="stat"><div class="stat-label">{move || i18n.t(T::Earned12m)}</div><div class="stat-value">{format_int(p.earned_12m)}</div></div>
                                <div class="stat"><div class="stat-label">{move || i18n.t(T::Redeemed12m)}</div><div class="stat-value">{format_int(p.redeemed_12m)}</div></div>
                            </div>
                            <div class="grid-2">
                                <section class="panel">
                                    <h2>{move || i18n.t(T::ExpiringSoon)}</h2>
                                    <DataTable rows=expiring empty=Signal::derive(move || i18n.t(T::NoExpiring).to_owned()) columns={vec![
                                        Column::text(T::ColExpiresOn),
                                        Column::num(T::ColPoints),
                                    ]} row=move |e| view! {
                                        <tr><td>{e.expires_on}</td><td class="num">{format_int(e.points)}</td></tr>
                                    }/>
                                </section>
                                <section class="panel">
                                    <h2>{move || i18n.t(T::PointsLedger)}</h2>
                                    {if ledger.is_empty() {
                                        view! { <EmptyState title=Signal::derive(move || i18n.t(T::NoPointsEntries).to_owned())/> }.into_any()
                                    } else {
                                        view! {
                                            <DataTable rows=ledger columns={vec![
                                                Column::text(T::ColTime),
                                                Column::text(T::ColKind),
                                                Column::text(T::ColDescription),
                                                Column::num(T::ColPoints),
                                            ]} row=move |e| {
                                                let kind = e.kind;
                                                let tone = if e.points >= 0 { Tone::Success } else { Tone::Neutral };
                                                view! {
                                                    <tr>
                                                        <td>{format_datetime(e.occurred_at)}</td>
                                                        <td><Badge tone=tone>{move || labels::points_kind(kind, i18n.lang.get())}</Badge></td>
                                                        <td>{e.description}</td>
                                                        <td class="num">{format_int(e.points)}</td>
                                                    </tr>
                                                }
                                            }/>
                                            <Pagination page=page pages=Signal::derive(move || pages) on_page=on_page/>
                                        }.into_any()
                                    }}
                                </section>
                            </div>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
