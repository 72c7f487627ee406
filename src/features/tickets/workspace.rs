//! The ticket workspace: status, SLA, assignment, the history with notes and
//! replies, and the reply form.

use crm_api::tickets::{
    Assignment, CommentInput, StatusChange, TicketDetail, TicketEvent, TicketStatus, TicketView,
};
use leptos::prelude::*;

use super::model::{priority_tone, sla_text, status_tone};
use crate::api;
use crate::components::badge::Badge;
use crate::features::auth::use_session;
use crate::format::format_datetime;
use crate::i18n::{T, labels, use_i18n};

/// The ticket's head (facts, assignment and status moves), its history and the reply form.
#[component]
pub fn Workspace(detail: TicketDetail, latest: RwSignal<Option<TicketDetail>>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let me = move || session.info.get().map(|s| s.user.id);
    let t = detail.ticket.clone();
    let id = t.id;
    let version = t.version;
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let run = move |fut: std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<TicketDetail, api::ApiError>>>,
    >| {
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match fut.await {
                Ok(d) => latest.set(Some(d)),
                Err(e) => error.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    let move_to = move |to: TicketStatus| {
        run(Box::pin(async move {
            api::tickets::change_status(
                id,
                &StatusChange {
                    version,
                    status: Some(to),
                    note: None,
                },
            )
            .await
        }));
    };
    let take = move |_| {
        let assignee = me();
        run(Box::pin(async move {
            api::tickets::assign(
                id,
                &Assignment {
                    version,
                    assignee_id: assignee,
                    queue: None,
                },
            )
            .await
        }));
    };
    let release = move |_| {
        run(Box::pin(async move {
            api::tickets::assign(
                id,
                &Assignment {
                    version,
                    assignee_id: None,
                    queue: None,
                },
            )
            .await
        }));
    };
    let text = RwSignal::new(String::new());
    let visible = RwSignal::new(true);
    let text_error = RwSignal::new(None::<String>);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = CommentInput {
            body: text.get_untracked(),
            visible_to_customer: visible.get_untracked(),
        };
        if let Err(e) = body.validate() {
            text_error.set(e.get("body").map(|p| p.message(i18n.lang.get_untracked())));
            return;
        }
        text_error.set(None);
        text.set(String::new());
        run(Box::pin(
            async move { api::tickets::comment(id, &body).await },
        ));
    };
    let now = js_sys::Date::now() as i64 / 1000;
    let mine = Signal::derive(move || me() == t.assignee_id);
    let assigned = t.assignee_id.is_some();
    let next = t.status.next();
    let events = detail.events.clone();
    let tt = t.clone();
    view! {
        <section class="panel ticket-head">
            <div class="panel-head">
                <h1>{format!("#{} {}", t.id, t.subject)}</h1>
            </div>
            <TicketFacts t=tt now=now/>
            <div class="ticket-actions">
                {move || if mine.get() {
                    view! { <button class="btn" type="button" disabled=move || busy.get() on:click=release>{i18n.t(T::ReleaseToQueue)}</button> }.into_any()
                } else {
                    view! { <button class="btn" type="button" disabled=move || busy.get() on:click=take>
                        {if assigned { i18n.t(T::TakeOver) } else { i18n.t(T::AssignToMe) }}
                    </button> }.into_any()
                }}
                {next.into_iter().map(|s| {
                    let class = if matches!(s, TicketStatus::Resolved) { "btn primary" } else { "btn" };
                    view! {
                        <button class=class type="button" disabled=move || busy.get() on:click=move |_| move_to(s)>
                            {move || format!("{} {}", i18n.t(T::MoveTo), labels::ticket_status(s, i18n.lang.get()))}
                        </button>
                    }
                }).collect_view()}
            </div>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        </section>
        <section class="panel">
            <h2>{move || i18n.t(T::History)}</h2>
            <ol class="ticket-history">
                {events.into_iter().map(|e| view! { <EventItem e=e/> }).collect_view()}
            </ol>
            <form class="ticket-reply" on:submit=send>
                <label for="reply-text">{move || if visible.get() { i18n.t(T::ReplyToCustomer) } else { i18n.t(T::InternalNote) }}</label>
                <textarea id="reply-text" rows="3" maxlength="2000" aria-invalid=move || text_error.get().is_some().to_string()
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                {move || text_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                <div class="actions">
                    <label class="check">
                        <input type="checkbox" prop:checked=move || visible.get() on:change=move |ev| visible.set(event_target_checked(&ev))/>
                        {move || i18n.t(T::VisibleToCustomer)}
                    </label>
                    <button class="btn primary" type="submit" disabled=move || busy.get()>{move || i18n.t(T::Send)}</button>
                </div>
            </form>
        </section>
    }
}

/// Status, priority, kind and SLA badges and the ticket's facts, in the current language.
#[component]
fn TicketFacts(t: TicketView, now: i64) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let t = t.clone();
        let lang = i18n.lang.get();
        let (sla, tone) = sla_text(t.next_due_at, now, lang);
        view! {
            <div class="ticket-badges">
                <Badge tone=status_tone(t.status)>{labels::ticket_status(t.status, lang)}</Badge>
                <Badge tone=priority_tone(t.priority)>{labels::ticket_priority(t.priority, lang)}</Badge>
                <Badge>{labels::ticket_kind(t.kind, lang)}</Badge>
                <Badge tone=tone>{sla}</Badge>
            </div>
            <dl class="ticket-facts">
                <dt>{i18n.t(T::Queue)}</dt><dd>{labels::ticket_queue(t.queue, lang)}</dd>
                <dt>{i18n.t(T::Assignee)}</dt><dd>{t.assignee_name.clone().unwrap_or_else(|| i18n.t(T::Unassigned).to_owned())}</dd>
                <dt>{i18n.t(T::ColChannel)}</dt><dd>{labels::interaction_channel(t.channel, lang)}</dd>
                <dt>{i18n.t(T::ColCard)}</dt><dd>{t.card_last4.clone().map_or_else(|| "–".into(), |l| format!("*{l}"))}</dd>
                <dt>{i18n.t(T::FirstResponseDue)}</dt>
                <dd>{format_datetime(t.first_response_due_at)}{t.first_responded_at.map(|a| format!(" · {} {}", i18n.t(T::Done), format_datetime(a)))}</dd>
                <dt>{i18n.t(T::ResolutionDue)}</dt>
                <dd>{format_datetime(t.resolution_due_at)}{t.resolved_at.map(|a| format!(" · {} {}", i18n.t(T::Done), format_datetime(a)))}</dd>
                <dt>{i18n.t(T::SlaTier)}</dt><dd>{labels::tier(t.tier, lang)}</dd>
            </dl>
        }
    }
}

/// One history entry: who, what changed, when, and the note or reply.
#[component]
fn EventItem(e: TicketEvent) -> impl IntoView {
    let i18n = use_i18n();
    let class = if e.visible_to_customer {
        "event"
    } else {
        "event internal"
    };
    view! {
        <li class=class>
            <div class="event-head">
                <strong>{e.by.clone()}</strong>
                <span class="badge">{move || labels::ticket_event(e.kind, i18n.lang.get())}</span>
                {(!e.visible_to_customer).then(|| view! { <span class="badge warning">{move || i18n.t(T::InternalOnly)}</span> })}
                {match (e.from_value.clone(), e.to_value.clone()) {
                    (from, Some(to)) if e.kind == crm_api::tickets::TicketEventKind::Status => {
                        let name = |v: &str| TicketStatus::parse(v).map_or_else(|| v.to_owned(), |s| labels::ticket_status(s, i18n.lang.get_untracked()).to_owned());
                        Some(view! { <span class="muted">{from.map(|f| format!("{} → ", name(&f))).unwrap_or_default()}{name(&to)}</span> }.into_any())
                    }
                    (_, Some(code)) if e.kind == crm_api::tickets::TicketEventKind::Action => {
                        Some(view! { <span>{labels::card_action(&code, i18n.lang.get_untracked())}</span> }.into_any())
                    }
                    (from, to) if e.kind == crm_api::tickets::TicketEventKind::Assigned => {
                        Some(view! { <span class="muted">{format!("{} → {}", from.unwrap_or_else(|| "–".into()), to.unwrap_or_else(|| "–".into()))}</span> }.into_any())
                    }
                    _ => None,
                }}
                <span class="muted time">{format_datetime(e.at)}</span>
            </div>
            {e.body.clone().map(|b| view! { <p>{b}</p> })}
        </li>
    }
}
