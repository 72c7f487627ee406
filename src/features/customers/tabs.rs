//! The 360's tabs: the tab list, the KPI cards and the body of each tab.

use crm_api::customers::Customer360;
use leptos::prelude::*;
use leptos_router::components::A;

use super::model::{band_tone, credit_totals, utilisation_tone};
use super::{
    CardsPanel, InsightPanel, InstallmentsSection, OffersPanel, PaymentsSection, PointsSection,
    PreferencesSummary, ProfilePanel, ServiceSection, SpendCharts, SpendingPatterns,
    StatementsSection, SurveysSection, TransactionsTable,
};
use crate::api;
use crate::components::badge::{Badge, Tone};
use crate::components::data_table::{Column, DataTable};
use crate::components::money::MoneyCompact;
use crate::components::states::{EmptyState, ErrorPanel, Skeleton};
use crate::format::{format_datetime, format_fen, format_int, format_pct};
use crate::i18n::{T, labels, use_i18n};

/// The tabs, in order: URL value and label.
pub const TABS: [(&str, T); 9] = [
    ("overview", T::TabOverview),
    ("profile", T::TabProfile),
    ("cards", T::TabCards),
    ("spending", T::TabSpending),
    ("points", T::TabPoints),
    ("installments", T::TabInstallments),
    ("service", T::TabService),
    ("surveys", T::TabSurveys),
    ("campaigns", T::TabCampaigns),
];

/// KPI cards; each links to the section behind the number.
#[component]
pub fn Kpis(c: Customer360) -> impl IntoView {
    let i18n = use_i18n();
    let id = c.profile.id;
    let totals = credit_totals(&c.cards);
    let util = totals.utilisation();
    let spend = c.spend_12m.clone();
    let insight = c.insight.clone();
    let points = c.points_balance;
    view! {
        <div class="grid-kpi">
            <A href=format!("/customers/{id}?tab=spending") attr:class="stat">
                <div class="stat-label">{move || i18n.t(T::Spend12m)}</div>
                <div class="stat-value"><MoneyCompact money=spend/></div>
            </A>
            <A href=format!("/customers/{id}?tab=cards") attr:class="stat">
                <div class="stat-label">{move || i18n.t(T::TotalBalance)}</div>
                <div class="stat-value num" style="text-align:left">{format_fen(totals.balance_fen, "CNY")}</div>
                <div class="stat-sub">
                    {move || i18n.t(T::TotalLimit)}" "{format_fen(totals.limit_fen, "CNY")}" · "
                    <Badge tone=utilisation_tone(util)>{format_pct(util)}</Badge>
                </div>
            </A>
            {insight.map(|x| {
                let churn = x.churn_band;
                let clv = x.clv_12m.clone();
                view! {
                    <A href=format!("/customers/{id}?tab=overview#insight") attr:class="stat">
                        <div class="stat-label">{move || i18n.t(T::PAlive)}</div>
                        <div class="stat-value">{format_pct(x.p_alive)}</div>
                        <div class="stat-sub">{move || i18n.t(T::ChurnRisk)}" "
                            <Badge tone=band_tone(churn)>{move || churn.label(i18n.lang.get())}</Badge></div>
                    </A>
                    <A href=format!("/customers/{id}?tab=overview#insight") attr:class="stat">
                        <div class="stat-label">{move || i18n.t(T::Clv12m)}</div>
                        <div class="stat-value"><MoneyCompact money=clv/></div>
                    </A>
                }
            })}
            <A href=format!("/customers/{id}?tab=points") attr:class="stat">
                <div class="stat-label">{move || i18n.t(T::PointsBalance)}</div>
                <div class="stat-value">{format_int(points)}</div>
            </A>
        </div>
    }
}

pub fn tab_body(tab: &str, c: &Customer360) -> AnyView {
    let id = c.profile.id;
    match tab {
        "profile" => view! {
            <div class="grid-2">
                <ProfilePanel p=c.profile.clone()/>
                <PreferencesSummary c=c.clone()/>
            </div>
        }
        .into_any(),
        "cards" => view! {
            <div class="section-stack">
                <CardsPanel cards=c.cards.clone()/>
                <StatementsSection customer_id=id/>
                <PaymentsSection customer_id=id/>
            </div>
        }
        .into_any(),
        "spending" => view! {
            <div class="section-stack">
                <SpendCharts c=c.clone()/>
                <SpendingPatterns c=c.clone()/>
                <AllTransactionsLink id=id/>
            </div>
        }
        .into_any(),
        "points" => view! { <PointsSection customer_id=id/> }.into_any(),
        "installments" => view! { <InstallmentsSection customer_id=id/> }.into_any(),
        "service" => view! { <ServiceSection customer_id=id/> }.into_any(),
        "surveys" => view! { <SurveysSection customer_id=id/> }.into_any(),
        "campaigns" => view! { <CustomerCampaigns customer_id=id/> }.into_any(),
        _ => view! { <Overview c=c.clone()/> }.into_any(),
    }
}

#[component]
fn Overview(c: Customer360) -> impl IntoView {
    let i18n = use_i18n();
    let offers = c
        .insight
        .as_ref()
        .map(|x| x.offers.clone())
        .unwrap_or_default();
    let tx_href = format!("/customers/{}/transactions", c.profile.id);
    view! {
        <div class="overview">
            <div class="section-stack">
                <InsightPanel insight=c.insight.clone()/>
                <SpendCharts c=c.clone()/>
                <section class="panel">
                    <div class="panel-head">
                        <h2>{move || i18n.t(T::RecentTransactions)}</h2>
                        <A href=tx_href>{move || i18n.t(T::ViewAll)}</A>
                    </div>
                    <TransactionsTable rows=c.recent_transactions.clone()/>
                </section>
            </div>
            <aside><OffersPanel offers=offers/></aside>
        </div>
    }
}

#[component]
fn AllTransactionsLink(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel">
            <div class="panel-head">
                <h2>{move || i18n.t(T::AllTransactions)}</h2>
                <A href=format!("/customers/{id}/transactions")>{move || i18n.t(T::ViewAll)}</A>
            </div>
        </section>
    }
}

#[component]
fn CustomerCampaigns(customer_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let data = LocalResource::new(move || api::campaigns::of_customer(customer_id));
    view! {
        <section class="panel" id="campaigns">
            <h2>{move || i18n.t(T::TabCampaigns)}</h2>
            <Transition fallback=|| view! { <Skeleton lines=4/> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorPanel error=e on_retry=move || data.refetch()/> }.into_any(),
                        Ok(rows) if rows.is_empty() => view! {
                            <EmptyState title=Signal::derive(move || i18n.t(T::CampaignsEmpty360).to_owned())/>
                        }.into_any(),
                        Ok(rows) => view! { <CustomerCampaignsTable rows=rows/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn CustomerCampaignsTable(rows: Vec<crm_api::campaigns::CustomerCampaign>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <DataTable rows=rows columns={vec![
            Column::text(T::CampaignName),
            Column::text(T::ColOffer),
            Column::text(T::Arm),
            Column::text(T::ChannelLabel),
            Column::text(T::ColDelivery),
            Column::text(T::ColTime),
            Column::text(T::ColResponse),
        ]} row=move |c| {
            let (kind, arm, channel, delivery) = (c.offer_kind, c.arm.clone(), c.channel, c.delivery);
            let control = arm == "control";
            let response = match (c.responded_at, c.response_amount) {
                (Some(at), Some(m)) => format!("{} · {}", format_datetime(at), format_fen(m.fen, &m.currency)),
                (Some(at), None) => format_datetime(at),
                _ => "–".to_owned(),
            };
            view! {
                <tr>
                    <td><a href=format!("/campaigns/{}", c.campaign_id)>{c.name}</a></td>
                    <td>{move || kind.map_or("–", |k| labels::campaign_offer(k, i18n.lang.get()))}</td>
                    <td><Badge tone=if control { Tone::Neutral } else { Tone::Brand }>{move || labels::arm(&arm, i18n.lang.get())}</Badge></td>
                    <td>{move || channel.map_or("–", |ch| labels::consent_channel(ch, i18n.lang.get()))}</td>
                    <td>{move || delivery.map_or("–", |d| labels::delivery_status(d, i18n.lang.get()))}</td>
                    <td>{c.sent_at.or(c.launched_at).map_or_else(|| "–".to_owned(), format_datetime)}</td>
                    <td>{response}</td>
                </tr>
            }
        }/>
    }
}
