//! `/tickets/:id`: the ticket workspace — status, SLA, assignment, the
//! history with notes and replies, and the customer beside it.

use crm_api::tickets::TicketDetail;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::id_param;
use crate::api;
use crate::components::states::{ErrorPanel, Skeleton};
use crate::features::customers::{CardsPanel, CustomerHeader, InsightPanel};
use crate::features::tickets::quick_actions::{QuickActions, QuickState};
use crate::features::tickets::workspace::Workspace;
use crate::i18n::{T, use_i18n};

/// Ticket workspace.
#[component]
pub fn TicketPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |prev| id_param(&params, prev));
    let data = LocalResource::new(move || api::tickets::get(id.get()));
    // the latest state after an action (saves a refetch)
    let latest = RwSignal::new(None::<TicketDetail>);
    let qa = QuickState::default();
    // the customer is fetched when the ticket's customer changes, not on
    // every reply (that would re-create the aside under the agent's typing)
    let customer_id = Memo::new(move |_| latest.with(|l| l.as_ref().map(|d| d.ticket.customer_id)));
    let customer = LocalResource::new(move || api::customers::get_if(customer_id.get()));
    view! {
        <a href="/tickets">{move || i18n.t(T::BackToTickets)}</a>
        <Transition fallback=|| view! { <Skeleton lines=8/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorPanel error=e on_retry=move || data.refetch()/> }.into_any(),
                    Ok(d) => {
                        latest.set(Some(d));
                        view! {
                            <div class="ticket-layout">
                                <div>{move || latest.get().map(|d| view! { <Workspace detail=d latest=latest/> })}</div>
                                <aside class="ticket-customer">
                                    <Transition fallback=|| view! { <Skeleton lines=6/> }>
                                        {move || Suspend::new(async move {
                                            match customer.await {
                                                Some(Ok(c)) => {
                                                    let cid = c.profile.id;
                                                    let ticket = id.get_untracked();
                                                    let reload = Callback::new(move |()| {
                                                        leptos::task::spawn_local(async move {
                                                            if let Ok(d) = api::tickets::get(ticket).await {
                                                                latest.set(Some(d));
                                                            }
                                                            // card statuses and the points balance changed
                                                            customer.refetch();
                                                        });
                                                    });
                                                    view! {
                                                        <CustomerHeader c=c.clone()/>
                                                        <a class="btn small" href=format!("/customers/{cid}")>{i18n.t(T::OpenFull360)}</a>
                                                        <InsightPanel insight=c.insight.clone()/>
                                                        <QuickActions ticket=ticket customer=cid cards=c.cards.clone() on_done=reload state=qa/>
                                                        <CardsPanel cards=c.cards.clone()/>
                                                    }.into_any()
                                                }
                                                Some(Err(e)) => view! { <ErrorPanel error=e/> }.into_any(),
                                                None => view! { <Skeleton lines=4/> }.into_any(),
                                            }
                                        })}
                                    </Transition>
                                </aside>
                            </div>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
