//! `/portal/service` and `/portal/service/:id`: the cardholder's requests —
//! open one (a question or a complaint), follow its status and the replies,
//! and answer.

use crm_api::tickets::{CommentInput, TicketDetail, TicketInput, TicketKind, TicketView};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::id_param;
use crate::api;
use crate::components::badge::Badge;
use crate::components::states::{EmptyState, ErrorPanel, Skeleton};
use crate::features::tickets::form::{KindField, SubjectBodyFields, TicketForm};
use crate::features::tickets::model::status_tone;
use crate::format::format_datetime;
use crate::i18n::{T, labels, use_i18n};

/// Kinds a cardholder can open themselves (lost cards go through card controls).
const PORTAL_KINDS: [TicketKind; 6] = [
    TicketKind::Inquiry,
    TicketKind::Complaint,
    TicketKind::Dispute,
    TicketKind::LimitRequest,
    TicketKind::InstallmentRequest,
    TicketKind::PointsIssue,
];

/// The cardholder's requests and the form to open one.
#[component]
pub fn PortalServicePage() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = StoredValue::new_local(use_navigate());
    let list = LocalResource::new(|| api::me::tickets(1));
    let form = TicketForm::default();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = form.fill(TicketInput::default());
        form.submit(
            input,
            false,
            |i| async move { api::me::open_ticket(&i).await },
            move |d| {
                let href = format!("/portal/service/{}", d.ticket.id);
                navigate.with_value(|n| n(&href, Default::default()));
            },
        );
    };
    view! {
        <h2 style="margin:0">{move || i18n.t(T::MyRequests)}</h2>
        <Transition fallback=|| view! { <Skeleton lines=3/> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <ErrorPanel error=e on_retry=move || list.refetch()/> }.into_any(),
                    Ok(p) if p.items.is_empty() => view! {
                        <EmptyState title=Signal::derive(move || i18n.t(T::NoRequests).to_owned())/>
                    }.into_any(),
                    Ok(p) => view! { <RequestList rows=p.items/> }.into_any(),
                }
            })}
        </Transition>
        <form class="panel portal-form" on:submit=submit novalidate>
            <h2>{move || i18n.t(T::NewRequest)}</h2>
            <KindField id="r-kind" label=T::RequestKind kinds=&PORTAL_KINDS kind=form.kind/>
            <SubjectBodyFields prefix="r" subject=form.subject body=form.body errors=form.errors/>
            {form.server_error_view()}
            <button class="btn primary block" type="submit" disabled=move || form.busy.get()>{move || i18n.t(T::SubmitRequest)}</button>
        </form>
    }
}

#[component]
fn RequestList(rows: Vec<TicketView>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="tx-list requests">
            {rows.into_iter().map(|t| view! {
                <li>
                    <a href=format!("/portal/service/{}", t.id)>
                        <div>{t.subject.clone()}</div>
                        <div class="muted small">{format_datetime(t.created_at)}{" · "}{move || labels::ticket_kind(t.kind, i18n.lang.get())}</div>
                    </a>
                    <Badge tone=status_tone(t.status)>{move || labels::ticket_status(t.status, i18n.lang.get())}</Badge>
                </li>
            }).collect_view()}
        </ul>
    }
}

/// One request with the replies and a reply box.
#[component]
pub fn PortalRequestPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |prev| id_param(&params, prev));
    let data = LocalResource::new(move || api::me::ticket(id.get()));
    let latest = RwSignal::new(None::<TicketDetail>);
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = CommentInput {
            body: text.get_untracked(),
            visible_to_customer: true,
        };
        if let Err(e) = body.validate() {
            error.set(e.get("body").map(|p| p.message(i18n.lang.get_untracked())));
            return;
        }
        error.set(None);
        busy.set(true);
        let id = id.get_untracked();
        leptos::task::spawn_local(async move {
            match api::me::reply(id, &body).await {
                Ok(d) => {
                    latest.set(Some(d));
                    text.set(String::new());
                }
                Err(e) => error.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    view! {
        <a href="/portal/service">{move || i18n.t(T::BackToRequests)}</a>
        <Transition fallback=|| view! { <Skeleton lines=4/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok(d) => {
                        latest.set(Some(d));
                        view! {
                            {move || latest.get().map(|d| {
                                let t = d.ticket.clone();
                                let closed = t.status == crm_api::tickets::TicketStatus::Closed;
                                view! {
                                    <section class="panel">
                                        <h2 style="margin-top:0">{t.subject.clone()}</h2>
                                        <Badge tone=status_tone(t.status)>{move || labels::ticket_status(t.status, i18n.lang.get())}</Badge>
                                        <ol class="ticket-history customer-view">
                                            {d.events.into_iter().filter(|e| e.body.is_some()).map(|e| {
                                                let class = if e.by_customer { "event mine" } else { "event" };
                                                view! {
                                                    <li class=class>
                                                        <div class="event-head">
                                                            <strong>{if e.by_customer { i18n.t(T::Me).to_owned() } else { i18n.t(T::BankReply).to_owned() }}</strong>
                                                            <span class="muted time">{format_datetime(e.at)}</span>
                                                        </div>
                                                        <p>{e.body.clone()}</p>
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ol>
                                        {(!closed).then(|| view! {
                                            <form class="ticket-reply" on:submit=send>
                                                <label for="my-reply">{move || i18n.t(T::YourReply)}</label>
                                                <textarea id="my-reply" rows="3" maxlength="2000"
                                                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                                                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                                                <button class="btn primary block" type="submit" disabled=move || busy.get()>{move || i18n.t(T::Send)}</button>
                                            </form>
                                        })}
                                    </section>
                                }
                            })}
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
