//! Quick actions from a ticket: lock or unlock a card, mark it lost, order a
//! replacement, and a goodwill points adjustment — each really changes the
//! data, is audit-logged on the server and noted in the ticket's history.
//! An adjustment above the approval threshold is not posted: it becomes a
//! request a manager approves on `/approvals`.

use crm_api::CardStatus;
use crm_api::approvals::POINTS_APPROVAL_THRESHOLD;
use crm_api::cards::CardView;
use leptos::prelude::*;

use crate::api;
use crate::format::number::format_int;
use crate::i18n::{T, use_i18n};

/// The last outcome shown under the actions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QuickOutcome {
    /// Done (the text says what).
    Done(String),
    /// The adjustment waits for a manager's approval: request id.
    Pending(i64),
    /// Refused (the server's or the browser's message).
    Failed(String),
}

/// What the panel shows and what the agent typed, owned by the page so it
/// survives the reload that re-creates the panel after an action.
#[derive(Clone, Copy)]
pub struct QuickState {
    /// The last outcome.
    pub message: RwSignal<Option<QuickOutcome>>,
    points: RwSignal<String>,
    reason: RwSignal<String>,
    /// Idempotency key of the adjustment being typed; a new one after success.
    key: RwSignal<String>,
}

impl Default for QuickState {
    /// Empty fields and a fresh idempotency key.
    fn default() -> Self {
        Self {
            message: RwSignal::new(None),
            points: RwSignal::new(String::new()),
            reason: RwSignal::new(String::new()),
            key: RwSignal::new(fresh_key()),
        }
    }
}

fn fresh_key() -> String {
    format!("goodwill-{}", (js_sys::Math::random() * 1e12) as u64)
}

/// The actions for a customer's cards and points; `on_done` reloads.
#[component]
pub fn QuickActions(
    /// Ticket the actions are noted on.
    ticket: i64,
    /// The customer.
    customer: i64,
    /// Their cards.
    cards: Vec<CardView>,
    /// Runs after an action succeeded.
    on_done: Callback<()>,
    /// Fields and last outcome, owned by the page.
    state: QuickState,
) -> impl IntoView {
    let i18n = use_i18n();
    let QuickState {
        message,
        points,
        reason,
        key,
    } = state;
    let busy = RwSignal::new(false);
    let threshold = format_int(POINTS_APPROVAL_THRESHOLD);
    let hint = move || i18n.fmt(T::ApprovalNeededHint, &[("n", &threshold)]);
    let act = move |card: i64, action: &'static str| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::tickets::card_action(card, action, Some(ticket)).await {
                Ok(_) => {
                    message.set(Some(QuickOutcome::Done(i18n.t(T::ActionDone).to_owned())));
                    on_done.run(());
                }
                Err(e) => message.set(Some(QuickOutcome::Failed(e.message()))),
            }
            busy.set(false);
        });
    };
    let adjust = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(n) = points.get_untracked().trim().parse::<i64>() else {
            message.set(Some(QuickOutcome::Failed(
                i18n.t(T::PointsNumberNeeded).to_owned(),
            )));
            return;
        };
        let r = reason.get_untracked();
        if r.trim().is_empty() || n == 0 {
            message.set(Some(QuickOutcome::Failed(
                i18n.t(T::PointsReasonNeeded).to_owned(),
            )));
            return;
        }
        busy.set(true);
        message.set(None);
        let k = format!("{}-{ticket}", key.get_untracked());
        leptos::task::spawn_local(async move {
            match api::tickets::adjust_points(customer, n, &r, Some(ticket), &k).await {
                Ok(b) => {
                    message.set(Some(match b.pending_request_id {
                        Some(id) => QuickOutcome::Pending(id),
                        None => QuickOutcome::Done(format!(
                            "{} {}",
                            i18n.t(T::NewPointsBalance),
                            format_int(b.balance)
                        )),
                    }));
                    points.set(String::new());
                    reason.set(String::new());
                    // a new adjustment gets a new key
                    key.set(fresh_key());
                    on_done.run(());
                }
                Err(e) => message.set(Some(QuickOutcome::Failed(
                    e.field("points")
                        .or_else(|| e.field("reason"))
                        .unwrap_or_else(|| e.message()),
                ))),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="panel quick-actions">
            <h2>{move || i18n.t(T::QuickActions)}</h2>
            <ul class="qa-cards">
                {cards.into_iter().filter(|k| k.status != CardStatus::Closed).map(|k| {
                    let (id, status) = (k.id, k.status);
                    view! {
                        <li>
                            <span class="mono">{k.masked_pan.clone()}</span>
                            <span class="qa-buttons">
                                {(status == CardStatus::Active).then(|| view! {
                                    <button class="btn small" type="button" disabled=move || busy.get() on:click=move |_| act(id, "lock")>{move || i18n.t(T::LockCard)}</button>
                                })}
                                {(status == CardStatus::Locked).then(|| view! {
                                    <button class="btn small" type="button" disabled=move || busy.get() on:click=move |_| act(id, "unlock")>{move || i18n.t(T::UnlockCard)}</button>
                                })}
                                {matches!(status, CardStatus::Active | CardStatus::Locked).then(|| view! {
                                    <button class="btn small" type="button" disabled=move || busy.get() on:click=move |_| act(id, "report-lost")>{move || i18n.t(T::MarkLost)}</button>
                                })}
                                {(status == CardStatus::Lost).then(|| view! {
                                    <button class="btn small primary" type="button" disabled=move || busy.get() on:click=move |_| act(id, "replace")>{move || i18n.t(T::OrderReplacement)}</button>
                                })}
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form class="qa-points" on:submit=adjust>
                <label for="qa-points">{move || i18n.t(T::GoodwillPoints)}</label>
                <input id="qa-points" type="text" inputmode="numeric" placeholder="500" aria-describedby="qa-points-hint"
                    prop:value=move || points.get() on:input=move |ev| points.set(event_target_value(&ev))/>
                <span id="qa-points-hint" class="field-hint qa-hint">{hint}</span>
                <label for="qa-reason">{move || i18n.t(T::Reason)}</label>
                <input id="qa-reason" type="text" maxlength="200"
                    prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
                <button class="btn small" type="submit" disabled=move || busy.get()>{move || i18n.t(T::Apply)}</button>
            </form>
            {move || message.get().map(|outcome| match outcome {
                QuickOutcome::Done(m) => view! { <p class="qa-message ok" role="status">{m}</p> }.into_any(),
                QuickOutcome::Pending(id) => {
                    let threshold = format_int(POINTS_APPROVAL_THRESHOLD);
                    view! {
                        <p class="qa-message pending" role="status">
                            {move || i18n.fmt(T::PointsPendingApproval, &[("n", &threshold), ("id", &id.to_string())])}
                        </p>
                    }.into_any()
                }
                QuickOutcome::Failed(m) => view! { <p class="form-error" role="status">{m}</p> }.into_any(),
            })}
        </section>
    }
}
