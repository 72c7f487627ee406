//! The campaign page's body: the six-step builder while a draft (savable at
//! every step), then review, maker-checker approval, launch, delivery
//! progress and results against the holdout.

use crm_api::Role;
use crm_api::campaigns::{CampaignDraft, CampaignStatus, CampaignUpdate, CampaignView, Decision};
use crm_api::validate::Errors;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::model::{Actions, actions, status_tone, step_of};
use super::steps::Review;
use super::{DeliveriesSection, ResultsPanel, StepForm};
use crate::api::{self, ApiError};
use crate::components::badge::Badge;
use crate::components::states::Skeleton;
use crate::features::auth::use_session;
use crate::format::{format_datetime, format_int};
use crate::i18n::{I18n, T, labels, use_i18n};

const STEP_LABELS: [T; 6] = [
    T::StepAudience,
    T::StepOffer,
    T::StepMessage,
    T::StepSchedule,
    T::StepHoldout,
    T::StepReview,
];

/// What the page asks the server to do.
#[derive(Clone, Debug)]
enum Op {
    /// Save the draft, then show this step.
    Save(usize),
    /// Save, then submit for approval.
    Submit,
    /// `launch` or `cancel`.
    Move(&'static str),
    /// `approve` or `reject` with the comment.
    Decide(&'static str, String),
}

async fn run(
    op: Op,
    current: Option<CampaignView>,
    draft: CampaignDraft,
) -> Result<CampaignView, ApiError> {
    let Some(c) = current else {
        return api::campaigns::create(&draft).await;
    };
    match op {
        Op::Save(_) => {
            api::campaigns::update(
                c.id,
                &CampaignUpdate {
                    version: c.version,
                    draft,
                },
            )
            .await
        }
        Op::Submit => {
            let saved = api::campaigns::update(
                c.id,
                &CampaignUpdate {
                    version: c.version,
                    draft,
                },
            )
            .await?;
            api::campaigns::transition(c.id, "submit", saved.version).await
        }
        Op::Move(action) => api::campaigns::transition(c.id, action, c.version).await,
        Op::Decide(action, comment) => {
            api::campaigns::decide(
                c.id,
                action,
                &Decision {
                    version: c.version,
                    comment,
                },
            )
            .await
        }
    }
}

fn confirm(text: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(text).ok())
        .unwrap_or(false)
}

#[component]
pub fn Campaign(existing: Option<CampaignView>, role: Role, me: String) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let current = RwSignal::new(existing.clone());
    let draft = RwSignal::new(existing.map_or_else(|| CampaignDraft::new(""), |c| c.draft));
    let errors = RwSignal::new(Errors::default());
    let message = RwSignal::new(None::<(bool, String)>);
    let step = Memo::new(move |_| {
        query
            .with(|q| q.get("step"))
            .and_then(|s| s.parse::<usize>().ok())
            .filter(|s| (1..=6).contains(s))
            .unwrap_or(1)
    });
    let segments = LocalResource::new(api::segments::list);
    let seg_list = Signal::derive(move || segments.get().and_then(Result::ok).unwrap_or_default());
    let base = move || {
        current.with(|c| {
            c.as_ref().map_or_else(
                || "/campaigns/new".to_owned(),
                |c| format!("/campaigns/{}", c.id),
            )
        })
    };
    let me_name = me.clone();
    let can = Memo::new(move |_| current.with(|c| c.as_ref().map(|c| actions(c, role, &me_name))));
    let editing = Memo::new(move |_| {
        current.with(|c| c.as_ref().is_none_or(|c| c.status.editable()))
            && matches!(role, Role::Marketer | Role::Manager)
    });

    let op = Action::new_local(move |op: &Op| {
        let op = op.clone();
        let (cur, d) = (current.get_untracked(), draft.get_untracked());
        async move { run(op.clone(), cur, d).await.map(|v| (v, op)) }
    });
    let nav = navigate.clone();
    let navigate = StoredValue::new_local(navigate);
    Effect::new(move |_| {
        let Some(result) = op.value().get() else {
            return;
        };
        match result {
            Ok((saved, op)) => {
                let was_new = current.with_untracked(Option::is_none);
                current.set(Some(saved.clone()));
                errors.set(Errors::default());
                let text = match op {
                    Op::Save(_) => i18n.t(T::Saved).to_owned(),
                    _ => {
                        labels::campaign_status(saved.status, i18n.lang.get_untracked()).to_owned()
                    }
                };
                message.set(Some((true, text)));
                let go = match op {
                    Op::Save(n) => Some(n),
                    _ => None,
                };
                if was_new || go.is_some_and(|n| n != step.get_untracked()) {
                    let n = go.unwrap_or(1);
                    nav(
                        &format!("/campaigns/{}?step={n}", saved.id),
                        NavigateOptions::default(),
                    );
                }
            }
            Err(e) => message.set(Some((false, failure_text(&e, i18n)))),
        }
    });

    // Checks locally (the same rules the server applies) before sending.
    let attempt = move |o: Op| {
        let d = draft.get_untracked();
        let checked = if matches!(o, Op::Submit) {
            d.validate_complete()
        } else {
            d.validate_partial()
        };
        match checked {
            Ok(()) => {
                errors.set(Errors::default());
                message.set(None);
                op.dispatch(o);
            }
            Err(e) => {
                let first = e.0.iter().map(|(f, _)| step_of(f)).min().unwrap_or(1);
                errors.set(e);
                message.set(Some((false, i18n.t(T::CheckFields).to_owned())));
                if first != step.get_untracked() {
                    navigate.with_value(|go| {
                        go(
                            &format!("{}?step={first}", base()),
                            NavigateOptions::default(),
                        )
                    });
                }
            }
        }
    };

    let builder = move || {
        let n = step.get();
        view! {
            <Stepper step=step errors=errors base=Signal::derive(base)/>
            <form class="panel step-panel" novalidate on:submit=move |ev| {
                ev.prevent_default();
                if n < 6 { attempt(Op::Save(n + 1)); } else { attempt(Op::Submit); }
            }>
                <h2>{move || i18n.t(STEP_LABELS[n - 1])}</h2>
                <StepForm step=n draft=draft segments=seg_list errors=errors/>
                <div class="form-actions">
                    {(n > 1).then(|| view! {
                        <a class="btn" href=move || format!("{}?step={}", base(), n - 1)>{move || i18n.t(T::PrevStep)}</a>
                    })}
                    <span class="spacer"></span>
                    <button type="button" class="btn" disabled=move || op.pending().get() on:click=move |_| attempt(Op::Save(n))>
                        {move || if op.pending().get() { i18n.t(T::Saving) } else { i18n.t(T::SaveDraft) }}
                    </button>
                    <button type="submit" class="btn primary" disabled=move || op.pending().get()>
                        {move || if n < 6 { i18n.t(T::NextStep) } else { i18n.t(T::Submit) }}
                    </button>
                </div>
            </form>
        }
    };

    view! {
        <CampaignHead current=current draft=draft can=can op=op/>
        {move || message.get().map(|(ok, text)| view! {
            <div class=if ok { "form-ok" } else { "form-error" } role="status" style="margin-bottom:var(--s4)">{text}</div>
        })}
        {move || current.with(|c| c.as_ref().and_then(|c| {
            (c.status == CampaignStatus::Rejected).then(|| c.decided.as_ref().map(|(_, _, comment)| comment.clone())).flatten()
        })).map(|comment| view! {
            <div class="form-error" role="note">{move || i18n.fmt(T::RejectedBecause, &[("comment", &comment)])}</div>
        })}
        <div class="builder">
            <div class="builder-main">
                {move || if editing.get() {
                    builder().into_any()
                } else {
                    view! { <Detail current=current draft=draft segments=seg_list role=role op=op/> }.into_any()
                }}
            </div>
            <Aside current=current draft=draft segments=seg_list/>
        </div>
    }
}

/// The page title with the campaign's status, and the launch and cancel buttons its state allows.
#[component]
fn CampaignHead(
    current: RwSignal<Option<CampaignView>>,
    draft: RwSignal<CampaignDraft>,
    can: Memo<Option<Actions>>,
    op: Action<Op, Result<(CampaignView, Op), ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page-head">
            <h1>
                {move || draft.with(|d| if d.name.is_empty() { i18n.t(T::NewCampaign).to_owned() } else { d.name.clone() })}
                " "
                {move || current.with(|c| c.as_ref().map(|c| {
                    let st = c.status;
                    view! { <Badge tone=status_tone(st)>{move || labels::campaign_status(st, i18n.lang.get())}</Badge> }
                }))}
            </h1>
            <div class="actions">
                {move || can.get().map(|a| view! {
                    {a.launch.then(|| view! {
                        <button type="button" class="btn primary" disabled=move || op.pending().get()
                            on:click=move |_| if confirm(i18n.t(T::ConfirmLaunch)) { op.dispatch(Op::Move("launch")); }>
                            {move || i18n.t(T::Launch)}
                        </button>
                    })}
                    {a.cancel.then(|| view! {
                        <button type="button" class="btn" disabled=move || op.pending().get()
                            on:click=move |_| if confirm(i18n.t(T::ConfirmCancel)) { op.dispatch(Op::Move("cancel")); }>
                            {move || i18n.t(T::CancelCampaign)}
                        </button>
                    })}
                })}
            </div>
        </div>
    }
}

/// The builder's six steps as links; a step with a field error is marked.
#[component]
fn Stepper(step: Memo<usize>, errors: RwSignal<Errors>, base: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let step_has_error = move |n: usize| errors.with(|e| e.0.iter().any(|(f, _)| step_of(f) == n));
    let items = move || {
        STEP_LABELS
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let (n, label) = (i + 1, *label);
                view! {
                    <li class:error=move || step_has_error(n) class:done=move || n < step.get()>
                        <a href=move || format!("{}?step={n}", base.get()) aria-current=move || (step.get() == n).then_some("step")>
                            {move || i18n.t(label)}
                        </a>
                    </li>
                }
            })
            .collect_view()
    };
    view! { <ol class="stepper" aria-label=move || i18n.t(T::Step)>{items}</ol> }
}

/// What a failed save or move says: a stale edit, or the server's message with its field errors.
fn failure_text(e: &ApiError, i18n: I18n) -> String {
    if e.status == 412 {
        return i18n.t(T::CampaignConflict).to_owned();
    }
    let fields = e
        .body
        .as_ref()
        .map(|b| {
            b.error
                .fields
                .values()
                .cloned()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    format!("{} {fields}", e.message())
}

/// Read-only view with the manager's decision form, progress and results.
#[component]
fn Detail(
    current: RwSignal<Option<CampaignView>>,
    draft: RwSignal<CampaignDraft>,
    segments: Signal<Vec<crm_api::segments::SegmentSummary>>,
    role: Role,
    op: Action<Op, Result<(CampaignView, Op), ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let comment = RwSignal::new(String::new());
    let comment_error = RwSignal::new(false);
    let me = use_session()
        .info
        .get_untracked()
        .map(|s| s.user.display_name)
        .unwrap_or_default();
    let view_of = move || current.get();
    let decide = move |reject: bool| {
        let text = comment.get_untracked();
        if reject && text.trim().is_empty() {
            comment_error.set(true);
            return;
        }
        comment_error.set(false);
        op.dispatch(Op::Decide(if reject { "reject" } else { "approve" }, text));
    };
    view! {
        {move || view_of().map(|c| {
            let a = actions(&c, role, &me);
            let own_submitted = role == Role::Manager && c.status == CampaignStatus::Submitted && !a.decide;
            view! {
                {a.decide.then(|| view! {
                    <section class="panel decision">
                        <h2>{move || i18n.t(T::DecisionComment)}</h2>
                        <div class="field">
                            <label for="decision-comment" class="sr-only">{move || i18n.t(T::DecisionComment)}</label>
                            <textarea id="decision-comment" rows="3" prop:value=move || comment.get()
                                on:input=move |ev| comment.set(event_target_value(&ev))
                                aria-invalid=move || comment_error.get().to_string()></textarea>
                            <span class="field-error">{move || comment_error.get().then(|| i18n.t(T::DecisionNeeded))}</span>
                        </div>
                        <div class="form-actions">
                            <button type="button" class="btn primary" disabled=move || op.pending().get() on:click=move |_| decide(false)>{move || i18n.t(T::Approve)}</button>
                            <button type="button" class="btn danger" disabled=move || op.pending().get() on:click=move |_| decide(true)>{move || i18n.t(T::Reject)}</button>
                        </div>
                    </section>
                })}
                {own_submitted.then(|| view! { <p class="form-note">{move || i18n.t(T::CannotApproveOwn)}</p> })}
                {matches!(c.status, CampaignStatus::Launched | CampaignStatus::Completed).then(|| view! {
                    <Progress c=c.clone()/>
                    <ResultsPanel id=c.id/>
                    <DeliveriesSection id=c.id/>
                })}
            }
        })}
        <section class="panel">
            <h2>{move || i18n.t(T::StepReview)}</h2>
            <Review draft=draft segments=segments/>
        </section>
    }
}

#[component]
fn Progress(c: CampaignView) -> impl IntoView {
    let i18n = use_i18n();
    let done = c.sent + c.suppressed;
    let total = c.treatment.max(done + c.pending);
    let pct = if total > 0 {
        done as f64 / total as f64 * 100.0
    } else {
        0.0
    };
    view! {
        <section class="panel">
            <h2>{move || i18n.t(T::DeliveryProgress)}</h2>
            <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax=total aria-valuenow=done>
                <div class="progress-bar" style=format!("width:{pct:.1}%")></div>
            </div>
            <p class="muted">{move || i18n.fmt(T::DeliveryProgressText, &[
                ("done", &format_int(done)), ("total", &format_int(total)), ("sent", &format_int(c.sent)),
                ("suppressed", &format_int(c.suppressed)), ("pending", &format_int(c.pending)),
            ])}</p>
        </section>
    }
}

/// Side panel: audience estimate, message preview, approval trail.
#[component]
fn Aside(
    current: RwSignal<Option<CampaignView>>,
    draft: RwSignal<CampaignDraft>,
    segments: Signal<Vec<crm_api::segments::SegmentSummary>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let size = move || {
        let seg = draft.with(|d| d.segment_id)?;
        segments.with(|s| s.iter().find(|s| s.id == seg).and_then(|s| s.last_size))
    };
    let preview = LocalResource::new(move || {
        let key = current.with(|c| c.as_ref().map(|c| (c.id, c.version)));
        async move {
            match key {
                Some((id, _)) => api::campaigns::preview(id)
                    .await
                    .ok()
                    .filter(|p| !p.message.trim().is_empty()),
                None => None,
            }
        }
    });
    let trail = move || {
        current.get().map(|c| {
            let mut rows = vec![(
                T::CreatedBy,
                c.created_by.clone(),
                None::<i64>,
                None::<String>,
            )];
            if let Some((who, at)) = c.submitted.clone() {
                rows.push((T::SubmittedBy, who, Some(at), None));
            }
            if let Some((who, at, comment)) = c.decided.clone() {
                rows.push((
                    T::DecidedBy,
                    who,
                    Some(at),
                    (!comment.is_empty()).then_some(comment),
                ));
            }
            rows.into_iter()
                .map(|(label, who, at, comment)| {
                    view! {
                        <li>
                            <strong>{move || i18n.t(label)}</strong>" "{who}
                            <div class="muted">{at.map(format_datetime)}</div>
                            {comment.map(|c| view! { <div class="quote">{c}</div> })}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <aside class="count-panel section-stack">
            {move || match current.with(|c| c.as_ref().filter(|c| c.treatment + c.control > 0).map(|c| (c.treatment, c.control))) {
                Some((t, c)) => view! {
                    <section class="panel">
                        <h2>{move || i18n.t(T::ColMembers)}</h2>
                        <div class="count-big">{format_int(t + c)}</div>
                        <p class="muted">{move || format!("{} {} · {} {}", i18n.t(T::Treatment), format_int(t), i18n.t(T::Control), format_int(c))}</p>
                    </section>
                }.into_any(),
                None => view! {
                <section class="panel">
                    <h2>{move || i18n.t(T::AudienceEstimate)}</h2>
                    <div class="count-big">{move || size().map_or_else(|| "–".to_owned(), format_int)}</div>
                    <p class="muted">{move || size().map(|n| {
                        let holdout = draft.with(|d| i64::from(d.holdout_pct));
                        let control = n * holdout / 100;
                        i18n.fmt(T::SplitEstimate, &[("t", &format_int(n - control)), ("c", &format_int(control))])
                    })}</p>
                </section>
                }.into_any(),
            }}
            <section class="panel">
                <h2>{move || i18n.t(T::Preview)}</h2>
                <Transition fallback=|| view! { <Skeleton lines=3/> }>
                    {move || Suspend::new(async move {
                        match preview.await {
                            None => view! { <p class="muted">{move || i18n.t(T::PreviewNeedsSave)}</p> }.into_any(),
                            Some(p) => view! {
                                <div class="sms-preview" data-testid="preview">{p.message}</div>
                                <p class="muted">
                                    <a href=format!("/customers/{}", p.customer_id) class="mono">{p.customer_no}</a>" · "
                                    {move || i18n.fmt(T::SmsLength, &[("chars", &p.chars.to_string()), ("parts", &p.sms_parts.to_string())])}
                                </p>
                            }.into_any(),
                        }
                    })}
                </Transition>
            </section>
            <Show when=move || current.with(Option::is_some)>
                <section class="panel">
                    <h2>{move || i18n.t(T::ApprovalTrail)}</h2>
                    <ul class="trail">{trail}</ul>
                </section>
            </Show>
        </aside>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::campaigns::model::STEPS;

    #[test]
    fn every_step_has_a_label() {
        assert_eq!(STEPS.len(), STEP_LABELS.len());
    }
}
