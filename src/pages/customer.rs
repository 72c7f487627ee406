//! `/customers/:id`: the customer 360.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::components::badge::Badge;
use crate::components::money::{MoneyCompact, format_fen, format_int, format_pct};
use crate::components::states::{ErrorPanel, Skeleton};
use crate::features::customers::model::{credit_totals, utilisation_tone};
use crate::features::customers::{
    CardsPanel, CustomerHeader, ProfilePanel, SpendCharts, TransactionsTable,
};
use crate::i18n::{T, use_i18n};

/// Customer 360 page.
#[component]
pub fn CustomerPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0))
    });
    let data = LocalResource::new(move || {
        let id = id.get();
        async move { api::customers::get(id).await }
    });
    view! {
        <div class="breadcrumb"><A href="/customers">{move || i18n.t(T::BackToSearch)}</A></div>
        <Transition fallback=|| view! { <div class="panel"><Skeleton lines=10/></div> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorPanel error=e on_retry=move || data.refetch()/> }.into_any(),
                    Ok(c) => {
                        let totals = credit_totals(&c.cards);
                        let util = totals.utilisation();
                        let tx_href = format!("/customers/{}/transactions", c.profile.id);
                        let tx_href2 = tx_href.clone();
                        let spend = c.spend_12m.clone();
                        let points = c.points_balance;
                        view! {
                            <CustomerHeader c=c.clone()/>
                            <div class="grid-kpi">
                                <A href=tx_href.clone() attr:class="stat">
                                    <div class="stat-label">{move || i18n.t(T::Spend12m)}</div>
                                    <div class="stat-value"><MoneyCompact money=spend/></div>
                                </A>
                                <div class="stat">
                                    <div class="stat-label">{move || i18n.t(T::TotalLimit)}</div>
                                    <div class="stat-value num" style="text-align:left">{format_fen(totals.limit_fen, "CNY")}</div>
                                </div>
                                <div class="stat">
                                    <div class="stat-label">{move || i18n.t(T::TotalBalance)}</div>
                                    <div class="stat-value num" style="text-align:left">{format_fen(totals.balance_fen, "CNY")}</div>
                                    <div class="stat-sub">
                                        {move || i18n.t(T::Utilisation)}" "
                                        <Badge tone=utilisation_tone(util)>{format_pct(util)}</Badge>
                                    </div>
                                </div>
                                <div class="stat">
                                    <div class="stat-label">{move || i18n.t(T::PointsBalance)}</div>
                                    <div class="stat-value">{format_int(points)}</div>
                                </div>
                            </div>
                            <div class="section-stack">
                                <SpendCharts c=c.clone()/>
                                <div class="grid-2">
                                    <ProfilePanel p=c.profile.clone()/>
                                    <CardsPanel cards=c.cards.clone()/>
                                </div>
                                <section class="panel">
                                    <div class="panel-head">
                                        <h2>{move || i18n.t(T::RecentTransactions)}</h2>
                                        <A href=tx_href2>{move || i18n.t(T::ViewAll)}</A>
                                    </div>
                                    <TransactionsTable rows=c.recent_transactions.clone()/>
                                </section>
                            </div>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
