//! `/tickets/new?customer=ID`: opens a ticket for a customer (from the 360).

use crm_api::InteractionChannel;
use crm_api::tickets::{TicketInput, TicketKind, TicketPriority};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api;
use crate::components::states::ErrorPanel;
use crate::features::tickets::form::{KindField, SubjectBodyFields, TicketForm};
use crate::i18n::{T, labels, use_i18n};

/// New ticket form.
#[component]
pub fn TicketNewPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = StoredValue::new_local(use_navigate());
    let customer_id = Memo::new(move |_| {
        query
            .with(|q| q.get("customer"))
            .and_then(|c| c.parse::<i64>().ok())
    });
    let customer = LocalResource::new(move || api::customers::get_if(customer_id.get()));
    let channel = RwSignal::new(InteractionChannel::Phone);
    let priority = RwSignal::new(TicketPriority::Normal);
    let card = RwSignal::new(None::<i64>);
    let form = TicketForm::default();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = form.fill(TicketInput {
            customer_id: customer_id.get_untracked(),
            card_id: card.get_untracked(),
            channel: Some(channel.get_untracked()),
            priority: Some(priority.get_untracked()),
            ..TicketInput::default()
        });
        form.submit(
            input,
            true,
            |i| async move { api::tickets::create(&i).await },
            move |d| {
                let href = format!("/tickets/{}", d.ticket.id);
                navigate.with_value(|n| n(&href, Default::default()));
            },
        );
    };
    view! {
        <div class="page-head"><h1>{move || i18n.t(T::NewTicket)}</h1></div>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match customer.await {
                    None => view! { <p class="form-error">{i18n.t(T::PickCustomerFirst)}</p> }.into_any(),
                    Some(Err(e)) => view! { <ErrorPanel error=e/> }.into_any(),
                    Some(Ok(c)) => {
                        let cards = c.cards.clone();
                        view! {
                            <form class="panel ticket-form" on:submit=submit novalidate>
                                <p class="muted">{format!("{} · {}", c.profile.name, c.profile.customer_no)}</p>
                                <KindField id="t-kind" label=T::TicketKindLabel kinds=TicketKind::ALL kind=form.kind/>
                                <div class="field">
                                    <label for="t-channel">{i18n.t(T::ColChannel)}</label>
                                    <select id="t-channel" on:change=move |ev| if let Some(c) = InteractionChannel::parse(&event_target_value(&ev)) { channel.set(c) }>
                                        {InteractionChannel::ALL.iter().map(|c| { let c = *c; view! {
                                            <option value=c.as_str() prop:selected=move || channel.get() == c>{move || labels::interaction_channel(c, i18n.lang.get())}</option>
                                        }}).collect_view()}
                                    </select>
                                </div>
                                <div class="field">
                                    <label for="t-priority">{i18n.t(T::Priority)}</label>
                                    <select id="t-priority" on:change=move |ev| if let Some(p) = TicketPriority::parse(&event_target_value(&ev)) { priority.set(p) }>
                                        {TicketPriority::ALL.iter().map(|p| { let p = *p; view! {
                                            <option value=p.as_str() prop:selected=move || priority.get() == p>{move || labels::ticket_priority(p, i18n.lang.get())}</option>
                                        }}).collect_view()}
                                    </select>
                                </div>
                                <div class="field">
                                    <label for="t-card">{i18n.t(T::ColCard)}</label>
                                    <select id="t-card" on:change=move |ev| card.set(event_target_value(&ev).parse().ok())>
                                        <option value="">{i18n.t(T::NoCardConcerned)}</option>
                                        {cards.into_iter().map(|k| view! { <option value=k.id.to_string()>{k.masked_pan.clone()}</option> }).collect_view()}
                                    </select>
                                </div>
                                <SubjectBodyFields prefix="t" subject=form.subject body=form.body errors=form.errors/>
                                {form.server_error_view()}
                                <button class="btn primary" type="submit" disabled=move || form.busy.get()>{i18n.t(T::OpenTicket)}</button>
                            </form>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
