//! `/portal/me`: links to messages, installments and Learn, then the consent
//! centre — marketing consent per channel and do-not-disturb; a change
//! applies to the very next campaign message.

use crm_api::customers::{Consent, ConsentView};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::components::states::{ErrorPanel, Skeleton};
use crate::features::auth::model::PASSWORD_PATH;
use crate::i18n::{T, use_i18n};

/// Consent centre.
#[component]
pub fn PortalMePage() -> impl IntoView {
    let i18n = use_i18n();
    let data = LocalResource::new(api::me::consent);
    let state = RwSignal::new(None::<ConsentView>);
    let busy = RwSignal::new(false);
    let message = RwSignal::new(None::<(bool, String)>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(view) = state.get_untracked() else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::me::set_consent(&view).await {
                Ok(v) => {
                    state.set(Some(v));
                    message.set(Some((true, i18n.t(T::ConsentSaved).to_owned())));
                }
                Err(e) => message.set(Some((false, e.message()))),
            }
            busy.set(false);
        });
    };
    type Get = fn(&Consent) -> bool;
    type Set = fn(&mut Consent, bool);
    let rows: [(T, Get, Set); 5] = [
        (T::ChannelSms, |c| c.sms, |c, v| c.sms = v),
        (T::ChannelPush, |c| c.app_push, |c, v| c.app_push = v),
        (T::ChannelWechat, |c| c.wechat, |c, v| c.wechat = v),
        (T::ChannelEmail, |c| c.email, |c, v| c.email = v),
        (
            T::ChannelCall,
            |c| c.outbound_call,
            |c, v| c.outbound_call = v,
        ),
    ];
    view! {
        <h2 style="margin:0">{move || i18n.t(T::MoreServices)}</h2>
        <ul class="tx-list links">
            <li><A href="/portal/messages">{move || i18n.t(T::MessagesTitle)}</A></li>
            <li><A href="/portal/installments">{move || i18n.t(T::MyPlans)}</A></li>
            <li><A href="/portal/learn">{move || i18n.t(T::LearnTitle)}</A></li>
            <li><A href=PASSWORD_PATH>{move || i18n.t(T::ChangePassword)}</A></li>
        </ul>
        <h2 style="margin:0">{move || i18n.t(T::ConsentCentre)}</h2>
        <p class="muted" style="margin:0">{move || i18n.t(T::ConsentLead)}</p>
        <Transition fallback=|| view! { <Skeleton lines=5/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorPanel error=e on_retry=move || data.refetch()/> }.into_any(),
                    Ok(v) => {
                        state.set(Some(v));
                        view! {
                            <form class="panel consent-form" on:submit=save>
                                {rows.into_iter().map(|(label, get, set)| {
                                    let (id, for_id) = (format!("consent-{label:?}"), format!("consent-{label:?}"));
                                    view! {
                                        <label class="consent-row" for=for_id>
                                            <span>{move || i18n.t(label)}</span>
                                            <input id=id type="checkbox"
                                                prop:checked=move || state.get().is_some_and(|s| get(&s.consent))
                                                on:change=move |ev| {
                                                    let on = event_target_checked(&ev);
                                                    state.update(|s| if let Some(s) = s { set(&mut s.consent, on) });
                                                }/>
                                        </label>
                                    }
                                }).collect_view()}
                                <label class="consent-row dnd" for="consent-dnd">
                                    <span>
                                        <strong>{move || i18n.t(T::DoNotDisturb)}</strong>
                                        <small class="muted">{move || i18n.t(T::DndHint)}</small>
                                    </span>
                                    <input id="consent-dnd" type="checkbox"
                                        prop:checked=move || state.get().is_some_and(|s| s.consent.do_not_disturb)
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            state.update(|s| if let Some(s) = s { s.consent.do_not_disturb = on });
                                        }/>
                                </label>
                                {move || message.get().map(|(ok, m)| {
                                    let class = if ok { "reward-message ok" } else { "form-error" };
                                    view! { <p class=class role="status">{m}</p> }
                                })}
                                <button class="btn primary block" type="submit" disabled=move || busy.get()>{move || i18n.t(T::Save)}</button>
                            </form>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
