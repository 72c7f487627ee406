//! `/portal`: the cardholder's home — unread messages, own cards with their
//! controls, the latest bill, points and tier, surveys, offers picked for
//! them with the reason, recommended reading, and recent transactions.

use crm_api::insight::OfferKind;
use crm_api::portal::PortalHome;
use crm_api::portal::PortalOffer;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::components::badge::Badge;
use crate::components::states::{ErrorPanel, Skeleton};
use crate::features::auth::use_session;
use crate::features::portal::bill::statement_tone;
use crate::features::portal::{CardControls, CardTile, SurveyCard, TxList};
use crate::format::{format_fen, format_int};
use crate::i18n::{T, labels, use_i18n};
use crate::pages::portal_learn::ArticleList;

/// Cardholder home.
#[component]
pub fn PortalHomePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let cards = LocalResource::new(api::me::cards);
    let points = LocalResource::new(|| api::me::points(1));
    let home = LocalResource::new(api::me::home);
    let txs = LocalResource::new(|| api::me::transactions(1, 10));
    let surveys = LocalResource::new(api::me::surveys);
    let name = move || {
        session
            .info
            .get()
            .map(|s| s.user.display_name)
            .unwrap_or_default()
    };
    view! {
        <div class="greeting">{move || i18n.fmt(T::Hello, &[("name", &name())])}</div>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                home.await.ok().filter(|h| h.unread_messages > 0).map(|h| {
                    let n = h.unread_messages.to_string();
                    view! {
                        <A href="/portal/messages" attr:class="unread-banner">
                            {move || i18n.fmt(T::UnreadMessages, &[("n", &n)])}
                        </A>
                    }
                })
            })}
        </Transition>
        <h2 style="margin:0">{move || i18n.t(T::MyCards)}</h2>
        <Transition fallback=|| view! { <div class="skeleton block"></div> }>
            {move || Suspend::new(async move {
                match cards.await {
                    Ok(list) => list.into_iter()
                        .filter(|c| c.status != crm_api::CardStatus::Closed)
                        .map(|c| view! {
                            <CardTile card=c.clone()/>
                            <CardControls card=c on_done=Callback::new(move |()| cards.refetch())/>
                        })
                        .collect_view()
                        .into_any(),
                    Err(e) => view! { <ErrorPanel error=e on_retry=move || cards.refetch()/> }.into_any(),
                }
            })}
        </Transition>
        <Transition fallback=|| view! { <Skeleton lines=3/> }>
            {move || Suspend::new(async move {
                match home.await {
                    Ok(h) => latest_bills(h).into_any(),
                    Err(e) => view! { <ErrorPanel error=e on_retry=move || home.refetch()/> }.into_any(),
                }
            })}
        </Transition>
        <Transition fallback=|| view! { <Skeleton lines=1/> }>
            {move || Suspend::new(async move {
                match points.await {
                    Ok(p) => view! {
                        <div class="points-tile">
                            <span>{move || i18n.t(T::PointsBalance)}</span>
                            <strong class="num" style="font-size:20px">{format_int(p.balance)}</strong>
                        </div>
                        {move || home.get().and_then(|r| r.ok()).map(|h| {
                            let tier = h.membership.tier;
                            view! {
                                <A href="/portal/rewards" attr:class="points-tile tier-link">
                                    <span>{move || i18n.t(T::MembershipTitle)}</span>
                                    <strong>{move || tier.label(i18n.lang.get())}</strong>
                                </A>
                            }
                        })}
                    }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Transition>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                // a survey that fails to load is not worth an error on the home page
                let list = surveys.await.unwrap_or_default();
                list.into_iter()
                    .map(|s| view! { <SurveyCard invitation=s on_done=Callback::new(|()| ())/> })
                    .collect_view()
            })}
        </Transition>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                home.await.ok().map(|h| view! {
                    {(!h.offers.is_empty()).then(|| view! {
                        <h2 style="margin:0">{move || i18n.t(T::ForYou)}</h2>
                        <ul class="rewards">{h.offers.into_iter().map(offer_item).collect_view()}</ul>
                    })}
                    {(!h.articles.is_empty()).then(|| view! {
                        <h2 style="margin:0">{move || i18n.t(T::RecommendedReading)}</h2>
                        <ArticleList picks=h.articles/>
                    })}
                })
            })}
        </Transition>
        <h2 style="margin:0">{move || i18n.t(T::MyTransactions)}</h2>
        <Transition fallback=|| view! { <Skeleton lines=5/> }>
            {move || Suspend::new(async move {
                match txs.await {
                    Ok(page) => view! { <TxList rows=page.items/> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e on_retry=move || txs.refetch()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The latest bill of each card, with what is due and when.
fn latest_bills(h: PortalHome) -> impl IntoView + use<> {
    let i18n = use_i18n();
    h.statements
        .into_iter()
        .map(|s| {
            let href = format!("/portal/bills?card={}&cycle={}", s.card_id, s.cycle);
            let head = format!("{} · *{}", s.cycle, s.card_last4);
            let status = s.status;
            view! {
                <section class="panel bill-summary">
                    <div class="bill-row">
                        <span>{move || i18n.t(T::CurrentBill)}" · "{head.clone()}</span>
                        <A href=href>{move || i18n.t(T::ViewBill)}</A>
                    </div>
                    <strong class="big num">{format_fen(s.new_balance.fen, &s.new_balance.currency)}</strong>
                    <div class="bill-grid">
                        <div><span class="muted">{move || i18n.t(T::ColMinimumDue)}</span><strong class="num">{format_fen(s.minimum_due.fen, &s.minimum_due.currency)}</strong></div>
                        <div><span class="muted">{move || i18n.t(T::ColDueDate)}</span><strong class="num">{s.due_date.clone()}</strong></div>
                    </div>
                    <Badge tone=statement_tone(status)>{move || labels::statement_status(status, i18n.lang.get())}</Badge>
                </section>
            }
        })
        .collect_view()
}

/// Where an offer leads in the portal.
const fn offer_link(kind: OfferKind) -> &'static str {
    match kind {
        OfferKind::InstallmentConversion => "/portal/installments",
        OfferKind::PointsExpiring => "/portal/rewards",
        OfferKind::FraudEducation => "/portal/learn/fraud-signs",
        OfferKind::CategoryBonus | OfferKind::WinBack => "/portal/bills",
        OfferKind::Upgrade | OfferKind::LimitIncrease => "/portal/service",
    }
}

fn offer_item(o: PortalOffer) -> impl IntoView {
    let i18n = use_i18n();
    let kind = o.kind;
    let reason = o.reason;
    view! {
        <li class="reward offer-card">
            <div>
                <div class="reward-name">{move || kind.label(i18n.lang.get())}</div>
                <div class="muted small">{move || reason.text(i18n.lang.get())}</div>
            </div>
            <A href=offer_link(kind) attr:class="btn">{move || i18n.t(T::TakeALook)}</A>
        </li>
    }
}
