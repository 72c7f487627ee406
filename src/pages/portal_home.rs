//! `/portal`: the cardholder's home — own cards, points, recent transactions.

use leptos::prelude::*;

use crate::api;
use crate::components::money::format_int;
use crate::components::states::{ErrorPanel, Skeleton};
use crate::features::auth::use_session;
use crate::features::portal::{CardControls, CardTile, SurveyCard, TxList};
use crate::i18n::{T, use_i18n};

/// Cardholder home.
#[component]
pub fn PortalHomePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let cards = LocalResource::new(api::me::cards);
    let points = LocalResource::new(api::me::points);
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
        <Transition fallback=|| view! { <Skeleton lines=1/> }>
            {move || Suspend::new(async move {
                match points.await {
                    Ok(p) => view! {
                        <div class="points-tile">
                            <span>{move || i18n.t(T::PointsBalance)}</span>
                            <strong class="num" style="font-size:20px">{format_int(p.balance)}</strong>
                        </div>
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
