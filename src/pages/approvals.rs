//! `/approvals?status=pending|approved|rejected&page=`: the managers' queue of
//! large goodwill points adjustments; approve (the points are posted) or
//! reject (with a reason) someone else's request.

use crm_api::Role;
use crm_api::approvals::{ApprovalStatus, POINTS_APPROVAL_THRESHOLD};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::page_param;
use crate::api;
use crate::components::pagination::Pagination;
use crate::components::states::{EmptyState, ErrorPanel, Skeleton};
use crate::features::approvals::decisions::Notice;
use crate::features::approvals::model::{TABS, href, status_from_query};
use crate::features::approvals::{
    ApprovalsTable, ApproveDialog, RejectDialog, use_decisions, use_pending_count,
};
use crate::features::auth::RequireRole;
use crate::format::format_signed_int;
use crate::format::number::format_int;
use crate::i18n::{I18n, T, labels, use_i18n};

/// Points adjustment approvals.
#[component]
pub fn ApprovalsPage() -> impl IntoView {
    view! { <RequireRole roles=&[Role::Manager]><ApprovalsQueue/></RequireRole> }
}

#[component]
fn ApprovalsQueue() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = StoredValue::new_local(use_navigate());
    let status = Memo::new(move |_| query.with(|q| status_from_query(q.get("status").as_deref())));
    let page = Memo::new(move |_| query.with(page_param));
    // bumped after a decision so the list (and the navigation count) reload
    let version = RwSignal::new(0u32);
    let pending_count = use_pending_count();
    let decisions = use_decisions(Callback::new(move |()| {
        version.update(|v| *v += 1);
        if let Some(c) = pending_count {
            c.reload();
        }
    }));
    let data = LocalResource::new(move || {
        let (s, p, _) = (status.get(), page.get(), version.get());
        async move { api::approvals::list(s, p).await }
    });
    let on_page = Callback::new(move |p: u32| {
        let to = href(status.get_untracked(), p);
        navigate.with_value(|n| n(&to, NavigateOptions::default()));
    });
    let threshold = format_int(POINTS_APPROVAL_THRESHOLD);
    let lead = {
        let threshold = threshold.clone();
        move || i18n.fmt(T::ApprovalsLead, &[("n", &threshold)])
    };
    view! {
        <div class="page-head">
            <div>
                <h1>{move || i18n.t(T::ApprovalsTitle)}</h1>
                <p class="muted">{lead}</p>
            </div>
        </div>
        <nav class="tabs" aria-label=move || i18n.t(T::ColStatus)>
            {TABS.into_iter().map(|s| view! {
                <a class="tab" href=href(s, 1) on:click=move |_| decisions.notice.set(None)
                    aria-current=move || (status.get() == s).then_some("page")>
                    {move || labels::approval_status(s, i18n.lang.get())}
                </a>
            }).collect_view()}
        </nav>
        {move || decisions.notice.get().map(|n| notice_view(i18n, n))}
        <Transition fallback=|| view! { <Skeleton lines=6/> }>
            {move || {
                let threshold = threshold.clone();
                Suspend::new(async move {
                    let shown = status.get_untracked();
                    match data.await {
                        Err(e) => view! { <ErrorPanel error=e on_retry=move || data.refetch()/> }.into_any(),
                        Ok(found) if found.items.is_empty() => {
                            let (title, hint) = if shown == ApprovalStatus::Pending {
                                (T::NoPendingApprovals, T::NoPendingApprovalsHint)
                            } else {
                                (T::NoDecidedApprovals, T::NoDecidedApprovalsHint)
                            };
                            view! {
                                <EmptyState title=Signal::derive(move || i18n.t(title).to_owned())
                                    hint=Signal::derive(move || i18n.fmt(hint, &[("n", &threshold)]))/>
                            }.into_any()
                        }
                        Ok(found) => {
                            let pages = found.page_count();
                            let total = found.total;
                            view! {
                                <p class="muted result-count" role="status">
                                    {move || i18n.fmt(T::ApprovalsCount, &[("n", &format_int(total))])}
                                </p>
                                <ApprovalsTable rows=found.items status=shown decisions=decisions/>
                                {(pages > 1).then(|| view! {
                                    <Pagination page=page pages=Signal::derive(move || pages) on_page=on_page/>
                                })}
                            }.into_any()
                        }
                    }
                })
            }}
        </Transition>
        <ApproveDialog decisions=decisions/>
        <RejectDialog decisions=decisions/>
    }
}

/// The banner after a decision: green for success, amber when the list was
/// reloaded, red for a refusal.
fn notice_view(i18n: I18n, notice: Notice) -> impl IntoView {
    let (class, role) = match &notice {
        Notice::Approved { .. } | Notice::Rejected { .. } => ("banner success", "status"),
        Notice::Changed => ("banner warning", "alert"),
        Notice::OwnRequest | Notice::Failed(_) => ("banner danger", "alert"),
    };
    let text = move || match &notice {
        Notice::Approved { id, points } => i18n.fmt(
            T::ApprovedMessage,
            &[
                ("id", &id.to_string()),
                ("points", &format_signed_int(*points)),
            ],
        ),
        Notice::Rejected { id } => i18n.fmt(T::RejectedMessage, &[("id", &id.to_string())]),
        Notice::OwnRequest => i18n.t(T::ApprovalOwnRequest).to_owned(),
        Notice::Changed => i18n.t(T::ApprovalChanged).to_owned(),
        Notice::Failed(m) => m.clone(),
    };
    view! { <div class=class role=role><span>{text}</span></div> }
}
