//! The pieces of the installments page: a convertible purchase with its
//! terms, a quote, and the idempotency key of one confirmation.

use crm_api::portal::{EligiblePurchase, INSTALLMENT_MONTHS, InstallmentQuote};
use leptos::prelude::*;

use crate::format::{format_date, format_fen};
use crate::i18n::{T, use_i18n};

pub fn new_key() -> String {
    format!(
        "portal-installment-{}",
        (js_sys::Math::random() * 1e15) as u64
    )
}

/// `75` basis points → `0.75%`.
pub fn rate_text(bp: i64) -> String {
    format!("{}.{:02}%", bp / 100, bp % 100)
}

pub fn purchase_row(
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

pub fn quote_view(q: InstallmentQuote) -> impl IntoView {
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
