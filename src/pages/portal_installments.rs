//! `/portal/installments`: purchases that can be split, each term's fee and
//! schedule shown before confirming (interest-free when a campaign grants
//! it), one idempotency key per confirmation, and the plans already made.

use crm_api::portal::InstallmentInput;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::components::badge::{Badge, Tone};
use crate::components::states::{EmptyState, ErrorPanel, Skeleton};
use crate::features::portal::installments::purchase_row;
use crate::format::{format_date, format_fen};
use crate::i18n::{T, use_i18n};

/// Installments.
#[component]
pub fn PortalInstallmentsPage() -> impl IntoView {
    let i18n = use_i18n();
    let eligible = LocalResource::new(api::me::eligible);
    let plans = LocalResource::new(api::me::installments);
    // the purchase being split, the term, and this confirmation's key
    let open = RwSignal::new(None::<i64>);
    let months = RwSignal::new(3_u32);
    let key = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let message = RwSignal::new(None::<(bool, String, Option<(i64, String)>)>);
    let confirm = move |tx: i64| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let input = InstallmentInput {
            transaction_id: tx,
            months: months.get_untracked(),
        };
        let k = key.get_untracked();
        leptos::task::spawn_local(async move {
            match api::me::convert(&input, &k).await {
                Ok(plan) => {
                    let first = plan
                        .quote
                        .schedule
                        .first()
                        .map(|r| r.cycle.clone())
                        .unwrap_or_default();
                    let card = eligible
                        .get_untracked()
                        .and_then(|r| r.ok())
                        .and_then(|list| {
                            list.iter()
                                .find(|e| e.transaction.id == tx)
                                .map(|e| e.transaction.card_id)
                        });
                    message.set(Some((
                        true,
                        i18n.fmt(T::InstallmentDone, &[("cycle", &first)]),
                        card.map(|c| (c, first)),
                    )));
                    open.set(None);
                    eligible.refetch();
                    plans.refetch();
                }
                Err(e) => message.set(Some((
                    false,
                    e.field("transaction_id")
                        .or_else(|| e.field("months"))
                        .unwrap_or_else(|| e.message()),
                    None,
                ))),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="page-head-row">
            <h2 style="margin:0">{move || i18n.t(T::InstallmentsTitle)}</h2>
            <A href="/portal/bills" attr:class="btn ghost">{move || i18n.t(T::PortalBills)}</A>
        </div>
        <p class="muted" style="margin:0">{move || i18n.t(T::InstallmentsLead)}</p>
        {move || message.get().map(|(ok, m, bill)| {
            let class = if ok { "reward-message ok" } else { "form-error" };
            view! {
                <p class=class role="status">
                    {m}
                    {bill.map(|(card, cycle)| view! {
                        " "<A href=format!("/portal/bills?card={card}&cycle={cycle}")>{move || i18n.t(T::ViewBill)}</A>
                    })}
                </p>
            }
        })}
        <h3 style="margin:0">{move || i18n.t(T::EligibleTitle)}</h3>
        <Transition fallback=|| view! { <Skeleton lines=4/> }>
            {move || Suspend::new(async move {
                match eligible.await {
                    Err(e) => view! { <ErrorPanel error=e on_retry=move || eligible.refetch()/> }.into_any(),
                    Ok(list) if list.is_empty() => view! {
                        <EmptyState title=Signal::derive(move || i18n.t(T::NoEligible).to_owned())/>
                    }.into_any(),
                    Ok(list) => view! {
                        <ul class="rewards">
                            {list.into_iter().map(|e| purchase_row(e, open, months, key, busy, confirm)).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Transition>
        <h3 style="margin:0">{move || i18n.t(T::MyPlans)}</h3>
        <Transition fallback=|| view! { <Skeleton lines=2/> }>
            {move || Suspend::new(async move {
                match plans.await {
                    Err(e) => view! { <ErrorPanel error=e on_retry=move || plans.refetch()/> }.into_any(),
                    Ok(list) if list.is_empty() => view! {
                        <EmptyState title=Signal::derive(move || i18n.t(T::NoPlans).to_owned())/>
                    }.into_any(),
                    Ok(list) => view! {
                        <ul class="tx-list">
                            {list.into_iter().map(|p| {
                                let m = p.quote.months.to_string();
                                let free = p.quote.interest_free;
                                view! {
                                    <li>
                                        <div>
                                            <div>{p.merchant}</div>
                                            <div class="muted small">
                                                {format_date(p.created_at)}" · "{move || i18n.fmt(T::MonthsN, &[("n", &m)])}
                                                " · "{move || i18n.t(T::TotalFee)}" "{format_fen(p.quote.fee_total.fen, &p.quote.fee_total.currency)}
                                                {format!(" · *{}", p.card_last4)}
                                            </div>
                                        </div>
                                        <div class="amount">
                                            {format_fen(p.quote.principal.fen, &p.quote.principal.currency)}
                                            {free.then(|| view! { <Badge tone=Tone::Success>{move || i18n.t(T::InterestFree)}</Badge> })}
                                        </div>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
