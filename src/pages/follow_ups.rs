//! `/follow-ups?status=open|overdue|done`: detractor call-backs for the
//! branches; closing one records what was done.

use crm_api::surveys::{FollowUpClose, FollowUpStatus, FollowUpView};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api;
use crate::components::paged::Paged;
use crate::format::format_datetime;
use crate::i18n::{T, use_i18n};

/// Follow-up tasks.
#[component]
pub fn FollowUpsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let status = Memo::new(move |_| {
        let s = query.with(|q| q.get("status")).unwrap_or_default();
        if ["overdue", "done"].contains(&s.as_str()) {
            s
        } else {
            "open".to_owned()
        }
    });
    // bumped after a close so the list reloads
    let version = RwSignal::new(0u32);
    let load = move |page: u32| {
        let (s, _) = (status.get(), version.get());
        async move { api::dashboard::follow_ups(&s, page).await }
    };
    let tabs = [
        ("open", T::FollowUpsOpen),
        ("overdue", T::Overdue),
        ("done", T::Done),
    ];
    view! {
        <div class="page-head">
            <div>
                <h1>{move || i18n.t(T::FollowUpsTitle)}</h1>
                <p class="muted">{move || i18n.t(T::FollowUpsLead)}</p>
            </div>
        </div>
        <nav class="tabs">
            {tabs.into_iter().map(|(s, label)| view! {
                <a class="tab" href=format!("/follow-ups?status={s}")
                    aria-current=move || (status.get() == s).then_some("page")>{move || i18n.t(label)}</a>
            }).collect_view()}
        </nav>
        <Paged load=load empty=Signal::derive(move || i18n.t(T::NoFollowUps).to_owned())
            render={move |rows: Vec<FollowUpView>| view! {
                <ul class="follow-ups">
                    {rows.into_iter().map(|t| view! { <FollowUpItem task=t on_done=move || version.update(|v| *v += 1)/> }).collect_view()}
                </ul>
            }}/>
    }
}

#[component]
fn FollowUpItem(
    task: FollowUpView,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let note = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let (id, version) = (task.id, task.version);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = FollowUpClose {
            version,
            note: note.get_untracked(),
        };
        if let Err(e) = body.validate() {
            error.set(e.get("note").map(|p| p.message(i18n.lang.get_untracked())));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::dashboard::close_follow_up(id, &body).await {
                Ok(_) => on_done(),
                Err(e) => {
                    error.set(Some(e.field("note").unwrap_or_else(|| e.message())));
                    busy.set(false);
                }
            }
        });
    };
    let score = match (task.nps, task.csat) {
        (Some(n), Some(c)) => format!("NPS {n} · CSAT {c}"),
        (Some(n), None) => format!("NPS {n}"),
        (None, Some(c)) => format!("CSAT {c}"),
        _ => String::new(),
    };
    let status_badge = match (task.status, task.overdue) {
        (FollowUpStatus::Done, _) => ("badge success", T::Done),
        (_, true) => ("badge danger", T::Overdue),
        _ => ("badge warning", T::FollowUpsOpen),
    };
    let is_open = task.status == FollowUpStatus::Open;
    let note_id = format!("note-{id}");
    view! {
        <li class="panel follow-up">
            <div class="comment-head">
                <span class=status_badge.0>{move || i18n.t(status_badge.1)}</span>
                <span class="badge danger">{score}</span>
                <a href=format!("/customers/{}", task.customer_id)>{task.customer_name.clone()}</a>
                <span class="muted">{task.branch_name.clone()}</span>
                <span class="muted">{move || format!("{} {}", i18n.t(T::DueOn), task.due_on)}</span>
                <span class="muted time">{format_datetime(task.created_at)}</span>
            </div>
            {task.comment.clone().map(|c| view! { <p class="comment-text">{c}</p> })}
            {task.note.clone().map(|n| view! { <p class="muted">{move || i18n.t(T::FollowUpNote)}{"："}{n.clone()}</p> })}
            {is_open.then(|| view! {
                <Show when=move || open.get() fallback=move || view! {
                    <button class="btn small" type="button" on:click=move |_| open.set(true)>{move || i18n.t(T::MarkFollowedUp)}</button>
                }>
                    <form class="follow-up-form" on:submit=submit>
                        <label for=note_id.clone()>{move || i18n.t(T::FollowUpNote)}</label>
                        <textarea id=note_id.clone() rows="2" maxlength="500"
                            aria-invalid=move || error.get().is_some().to_string()
                            prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                        {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                        <div class="actions">
                            <button class="btn primary small" type="submit" disabled=move || busy.get()>{move || i18n.t(T::Save)}</button>
                            <button class="btn small ghost" type="button" on:click=move |_| open.set(false)>{move || i18n.t(T::Cancel)}</button>
                        </div>
                    </form>
                </Show>
            })}
        </li>
    }
}
