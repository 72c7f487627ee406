//! `/tickets?view=mine|team|all&closed=1`: the agent's queues, riskiest first.

use crm_api::tickets::TicketView;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api;
use crate::components::badge::Badge;
use crate::components::data_table::{Column, DataTable};
use crate::components::paged::Paged;
use crate::features::tickets::model::{priority_tone, sla_text, status_tone};
use crate::format::format_datetime;
use crate::i18n::{T, labels, use_i18n};

/// Ticket queues.
#[component]
pub fn TicketsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let view = Memo::new(move |_| {
        let v = query.with(|q| q.get("view")).unwrap_or_default();
        if ["team", "all"].contains(&v.as_str()) {
            v
        } else {
            "mine".to_owned()
        }
    });
    let closed = Memo::new(move |_| query.with(|q| q.get("closed")).is_some_and(|c| c == "1"));
    let navigate = StoredValue::new_local(leptos_router::hooks::use_navigate());
    let load = move |page: u32| {
        let (v, c) = (view.get(), closed.get());
        async move { api::tickets::list(&v, c, page).await }
    };
    let tabs = [
        ("mine", T::MyQueue),
        ("team", T::TeamQueue),
        ("all", T::AllTickets),
    ];
    let render = move |rows: Vec<TicketView>| {
        let lang = i18n.lang.get_untracked();
        let now = js_sys::Date::now() as i64 / 1000;
        view! {
            <DataTable rows=rows class="tickets" columns={vec![
                Column::text(T::Sla),
                Column::text(T::Subject),
                Column::text(T::ColName),
                Column::text(T::TicketKindLabel),
                Column::text(T::Priority),
                Column::text(T::ColStatus),
                Column::text(T::Queue),
                Column::text(T::Assignee),
                Column::text(T::ColCreated),
            ]} row=move |t| {
                let (sla, tone) = sla_text(t.next_due_at, now, lang);
                let class = if t.overdue { "overdue" } else { "" };
                view! {
                    <tr class=class>
                        <td><Badge tone=tone>{sla}</Badge></td>
                        <td><a href=format!("/tickets/{}", t.id)>{format!("#{} {}", t.id, t.subject)}</a></td>
                        <td><a href=format!("/customers/{}", t.customer_id)>{t.customer_name.clone()}</a></td>
                        <td>{labels::ticket_kind(t.kind, lang)}</td>
                        <td><Badge tone=priority_tone(t.priority)>{labels::ticket_priority(t.priority, lang)}</Badge></td>
                        <td><Badge tone=status_tone(t.status)>{labels::ticket_status(t.status, lang)}</Badge></td>
                        <td>{labels::ticket_queue(t.queue, lang)}</td>
                        <td>{t.assignee_name.clone().unwrap_or_else(|| "–".into())}</td>
                        <td class="muted">{format_datetime(t.created_at)}</td>
                    </tr>
                }
            }/>
        }
    };
    view! {
        <div class="page-head">
            <div>
                <h1>{move || i18n.t(T::TicketsTitle)}</h1>
                <p class="muted">{move || i18n.t(T::TicketsLead)}</p>
            </div>
            <div class="actions">
                <label class="check">
                    <input type="checkbox" prop:checked=move || closed.get()
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            let url = format!("/tickets?view={}{}", view.get_untracked(), if on { "&closed=1" } else { "" });
                            navigate.with_value(|n| n(&url, Default::default()));
                        }/>
                    {move || i18n.t(T::IncludeClosed)}
                </label>
            </div>
        </div>
        <nav class="tabs">
            {tabs.into_iter().map(|(v, label)| view! {
                <a class="tab" href=move || format!("/tickets?view={v}{}", if closed.get() { "&closed=1" } else { "" })
                    aria-current=move || (view.get() == v).then_some("page")>{move || i18n.t(label)}</a>
            }).collect_view()}
        </nav>
        {move || {
            // a new list (and page 1) for every view
            let _ = (view.get(), closed.get());
            view! { <Paged load=load render=render empty=Signal::derive(move || i18n.t(T::NoTickets).to_owned())/> }
        }}
    }
}
