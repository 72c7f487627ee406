//! `/portal/installments`: purchases that can be split, each term's fee and
//! schedule shown before confirming (interest-free when a campaign grants
//! it), one idempotency key per confirmation, and the plans already made.

use crm_api::portal::{EligiblePurchase, INSTALLMENT_MONTHS, InstallmentInput, InstallmentQuote};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::components::badge::{Badge, Tone};
use crate::components::states::{EmptyState, ErrorPanel, Skeleton};
use crate::format::{format_date, format_fen};
use crate::i18n::{T, use_i18n};

fn new_key() -> String {
    format!(
        "portal-installment-{}",
        (js_sys::Math::random() * 1e15) as u64
    )
}

/// `75` basis points → `0.75%`.
fn rate_text(bp: i64) -> String {
    format!("{}.{:02}%", bp / 100, bp % 100)
}

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

fn purchase_row(
    e: EligiblePurchase,
    open: RwSignal<Option<i64>>,
    months: RwSignal<u32>,
    key: RwSignal<String>,
    busy: RwSignal<bool>,
    confirm: impl Fn(i64) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = e.transaction;
    let id = t.id;
    let quotes = StoredValue::new(e.quotes);
    let chosen =
        move || quotes.with_value(|q| q.iter().find(|x| x.months == months.get()).cloned());
    view! {
        <li class="reward installment">
            <div>
                <div class="reward-name">{t.merchant.clone()}</div>
                <div class="muted small">{format_date(t.occurred_at)}{format!(" · *{}", t.card_last4)}</div>
            </div>
            <div class="inst-actions">
                <strong class="num">{format_fen(t.amount.fen, &t.amount.currency)}</strong>
                <Show when=move || open.get() != Some(id)>
                    <button class="btn" type="button" on:click=move |_| {
                        months.set(3);
                        key.set(new_key());
                        open.set(Some(id));
                    }>{move || i18n.t(T::SplitThis)}</button>
                </Show>
            </div>
            <Show when=move || open.get() == Some(id)>
                <div class="installment-panel">
                    <div class="term-picker" role="radiogroup" aria-label=move || i18n.t(T::Months)>
                        {INSTALLMENT_MONTHS.iter().map(|m| {
                            let m = *m;
                            let label = m.to_string();
                            view! {
                                <label class="scale-opt">
                                    <input type="radio" name=format!("term-{id}") value=m.to_string()
                                        prop:checked=move || months.get() == m
                                        on:change=move |_| { months.set(m); key.set(new_key()); }/>
                                    <span>{move || i18n.fmt(T::MonthsN, &[("n", &label)])}</span>
                                </label>
                            }
                        }).collect_view()}
                    </div>
                    {move || chosen().map(quote_view)}
                    <div class="reward-confirm">
                        <button class="btn primary" type="button" disabled=move || busy.get()
                            on:click=move |_| confirm(id)>{move || i18n.t(T::ConfirmInstallment)}</button>
                        <button class="btn ghost" type="button" on:click=move |_| open.set(None)>{move || i18n.t(T::Cancel)}</button>
                    </div>
                </div>
            </Show>
        </li>
    }
}

fn quote_view(q: InstallmentQuote) -> impl IntoView {
    let i18n = use_i18n();
    let first = q.schedule.first().cloned();
    let rate = rate_text(q.monthly_fee_bp);
    let campaign = q.campaign.clone().unwrap_or_default();
    view! {
        <div class="quote" aria-live="polite">
            <div class="bill-grid">
                <div>
                    <span class="muted">{move || i18n.t(T::EachMonth)}</span>
                    <strong class="num">{first.as_ref().map(|r| format_fen(r.total.fen, &r.total.currency))}</strong>
                </div>
                <div>
                    <span class="muted">{move || i18n.t(T::TotalFee)}</span>
                    <strong class="num">{format_fen(q.fee_total.fen, &q.fee_total.currency)}</strong>
                </div>
            </div>
            {if q.interest_free {
                view! { <p class="reward-message ok">{move || i18n.fmt(T::InterestFreeBy, &[("campaign", &campaign)])}</p> }.into_any()
            } else {
                view! { <p class="muted small" style="margin:0">{move || i18n.fmt(T::MonthlyRate, &[("rate", &rate)])}</p> }.into_any()
            }}
            <table class="schedule">
                <caption>{move || i18n.t(T::ScheduleTitle)}</caption>
                <thead><tr>
                    <th scope="col">"#"</th>
                    <th scope="col">{move || i18n.t(T::CycleLabel)}</th>
                    <th scope="col" class="num">{move || i18n.t(T::Principal)}</th>
                    <th scope="col" class="num">{move || i18n.t(T::Fee)}</th>
                </tr></thead>
                <tbody>
                    {q.schedule.into_iter().map(|r| view! {
                        <tr>
                            <td>{r.n}</td>
                            <td>{r.cycle}</td>
                            <td class="num">{format_fen(r.principal.fen, &r.principal.currency)}</td>
                            <td class="num">{format_fen(r.fee.fen, &r.fee.currency)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
