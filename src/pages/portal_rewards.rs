//! `/portal/rewards`: membership tier with its benefits and progress, the
//! points balance and what expires soon, the catalogue, and the points
//! history. Redeeming asks for a confirmation showing the exact points, and
//! one idempotency key per confirmation makes a double tap or a retry redeem
//! once.

use crm_api::rewards::{CATALOGUE, RedeemInput};
use leptos::prelude::*;

use crate::api;
use crate::components::pagination::Pagination;
use crate::components::states::{EmptyState, ErrorPanel, Skeleton};
use crate::features::portal::rewards::{membership_card, name};
use crate::format::{format_date, format_int};
use crate::i18n::{T, labels, use_i18n};

/// Rewards.
#[component]
pub fn PortalRewardsPage() -> impl IntoView {
    let i18n = use_i18n();
    let ledger_page = RwSignal::new(1_u32);
    let points = LocalResource::new(move || api::me::points(ledger_page.get()));
    let membership = LocalResource::new(api::me::membership);
    let balance = RwSignal::new(None::<i64>);
    let confirming = RwSignal::new(None::<(&'static str, String)>);
    let busy = RwSignal::new(false);
    let message = RwSignal::new(None::<(bool, String)>);
    let confirm = move |code: &'static str| {
        let Some((c, key)) = confirming.get_untracked() else {
            return;
        };
        if c != code || busy.get_untracked() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let input = RedeemInput {
                item: code.to_owned(),
            };
            match api::me::redeem(&input, &key).await {
                Ok(r) => {
                    balance.set(Some(r.balance));
                    confirming.set(None);
                    message.set(Some((
                        true,
                        format!("{} {}", i18n.t(T::Redeemed), format_int(r.balance)),
                    )));
                }
                Err(e) => message.set(Some((
                    false,
                    e.field("item").unwrap_or_else(|| e.message()),
                ))),
            }
            busy.set(false);
        });
    };
    view! {
        <h2 style="margin:0">{move || i18n.t(T::Rewards)}</h2>
        <Transition fallback=|| view! { <Skeleton lines=3/> }>
            {move || Suspend::new(async move {
                match membership.await {
                    Ok(m) => membership_card(m).into_any(),
                    Err(e) => view! { <ErrorPanel error=e on_retry=move || membership.refetch()/> }.into_any(),
                }
            })}
        </Transition>
        <Transition fallback=|| view! { <Skeleton lines=1/> }>
            {move || Suspend::new(async move {
                match points.await {
                    Ok(p) => {
                        balance.set(Some(p.balance));
                        view! {
                            <div class="points-tile">
                                <span>{move || i18n.t(T::PointsBalance)}</span>
                                <strong class="num" style="font-size:20px">{move || format_int(balance.get().unwrap_or_default())}</strong>
                            </div>
                            {p.expiring.first().cloned().map(|x| {
                                let n = format_int(x.points);
                                view! {
                                    <p class="expiring-note">
                                        {move || i18n.t(T::NextExpiry)}": "<strong class="num">{n.clone()}</strong>" "
                                        {move || i18n.fmt(T::ExpiresOnDate, &[("date", &x.expires_on)])}
                                    </p>
                                }
                            })}
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorPanel error=e on_retry=move || points.refetch()/> }.into_any(),
                }
            })}
        </Transition>
        {move || message.get().map(|(ok, m)| {
            let class = if ok { "reward-message ok" } else { "form-error" };
            view! { <p class=class role="status">{m}</p> }
        })}
        <ul class="rewards">
            {CATALOGUE.iter().map(|item| {
                let item = *item;
                let code = item.code;
                let affordable = move || balance.get().is_some_and(|b| b >= item.points);
                view! {
                    <li class="reward">
                        <div>
                            <div class="reward-name">{move || name(&item, i18n.lang.get())}</div>
                            <div class="muted">{move || format!("{} {}", format_int(item.points), i18n.t(T::PointsUnit))}</div>
                        </div>
                        <Show when=move || confirming.get().is_some_and(|(c, _)| c == code) fallback=move || view! {
                            <button class="btn" type="button" disabled=move || !affordable()
                                on:click=move |_| {
                                    message.set(None);
                                    let key = format!("portal-redeem-{}", (js_sys::Math::random() * 1e15) as u64);
                                    confirming.set(Some((code, key)));
                                }>
                                {move || if affordable() { i18n.t(T::Redeem) } else { i18n.t(T::NotEnoughPoints) }}
                            </button>
                        }>
                            <div class="reward-confirm">
                                <p>{move || i18n.fmt(T::ConfirmRedeem, &[("points", &format_int(item.points)), ("item", name(&item, i18n.lang.get()))])}</p>
                                <button class="btn primary" type="button" disabled=move || busy.get() on:click=move |_| confirm(code)>{move || i18n.t(T::ConfirmRedeemButton)}</button>
                                <button class="btn ghost" type="button" on:click=move |_| confirming.set(None)>{move || i18n.t(T::Cancel)}</button>
                            </div>
                        </Show>
                    </li>
                }
            }).collect_view()}
        </ul>
        <h3 style="margin:0">{move || i18n.t(T::PointsLedger)}</h3>
        <Transition fallback=|| view! { <Skeleton lines=5/> }>
            {move || Suspend::new(async move {
                match points.await {
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok(p) if p.ledger.items.is_empty() => view! {
                        <EmptyState title=Signal::derive(move || i18n.t(T::NoPointsEntries).to_owned())/>
                    }.into_any(),
                    Ok(p) => {
                        let pages = p.ledger.page_count();
                        view! {
                            <ul class="tx-list">
                                {p.ledger.items.into_iter().map(|e| {
                                    let kind = e.kind;
                                    let plus = e.points > 0;
                                    let sign = if plus { "+" } else { "" };
                                    view! {
                                        <li>
                                            <div>
                                                <div>{e.description}</div>
                                                <div class="muted small">{format_date(e.occurred_at)}" · "{move || labels::points_kind(kind, i18n.lang.get())}</div>
                                            </div>
                                            <div class="amount" class:plus=plus>{format!("{sign}{}", format_int(e.points))}</div>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            <Show when=move || { pages > 1 }>
                                <Pagination page=ledger_page pages=Signal::derive(move || pages) on_page=Callback::new(move |n| ledger_page.set(n))/>
                            </Show>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
