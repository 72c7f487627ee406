//! `/portal/rewards`: points balance and the catalogue; redeeming asks for a
//! confirmation showing the exact points, and one idempotency key per
//! confirmation makes a double tap or a retry redeem once.

use crm_api::rewards::{CATALOGUE, RedeemInput, RewardItem};
use leptos::prelude::*;

use crate::api;
use crate::components::money::format_int;
use crate::components::states::{ErrorPanel, Skeleton};
use crate::i18n::{Lang, T, use_i18n};

fn name(item: &RewardItem, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => item.name_zh,
        Lang::En => item.name_en,
    }
}

/// Rewards.
#[component]
pub fn PortalRewardsPage() -> impl IntoView {
    let i18n = use_i18n();
    let points = LocalResource::new(api::me::points);
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
    }
}
