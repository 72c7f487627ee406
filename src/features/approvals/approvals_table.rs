//! The requests of one status: when asked (Asia/Shanghai), the customer
//! (linked), the signed points, why, who asked, the ticket (linked), the
//! status badge, then the decision — or, while pending, Approve / Reject.

use crm_api::approvals::{ApprovalStatus, PointsAdjustmentRequest};
use leptos::prelude::*;

use super::decisions::Decisions;
use crate::components::badge::{Badge, Tone};
use crate::components::data_table::{Column, DataTable};
use crate::format::{format_datetime, format_signed_int};
use crate::i18n::{T, labels, use_i18n};

const fn tone(status: ApprovalStatus) -> Tone {
    match status {
        ApprovalStatus::Pending => Tone::Warning,
        ApprovalStatus::Approved => Tone::Success,
        ApprovalStatus::Rejected => Tone::Danger,
    }
}

/// Requests table.
#[component]
pub fn ApprovalsTable(
    /// Rows of the current page.
    rows: Vec<PointsAdjustmentRequest>,
    /// The tab shown: pending rows get the decision buttons, decided ones the decision.
    status: ApprovalStatus,
    /// Opens the dialogs.
    decisions: Decisions,
) -> impl IntoView {
    let i18n = use_i18n();
    let pending = status == ApprovalStatus::Pending;
    let mut columns = vec![
        Column::text(T::ColRequestedAt),
        Column::text(T::ColCustomerNo),
        Column::num(T::ColPoints),
        Column::text(T::ColReason),
        Column::text(T::ColRequestedBy),
        Column::text(T::ColTicket),
        Column::text(T::ColStatus),
    ];
    if pending {
        columns.push(Column::text(T::ColActions));
    } else {
        columns.extend([
            Column::text(T::ColDecidedBy),
            Column::text(T::ColDecidedAt),
            Column::text(T::ColDecisionComment),
        ]);
    }
    view! {
        <DataTable columns=columns rows=rows class="approvals" row=move |r: PointsAdjustmentRequest| {
            let status = r.status;
            let sign = if r.points < 0 { "num points minus" } else { "num points plus" };
            let (approve_row, reject_row) = (r.clone(), r.clone());
            view! {
                <tr data-request=r.id>
                    <td class="nowrap">{format_datetime(r.requested_at)}</td>
                    <td><a class="mono" href=format!("/customers/{}", r.customer_id)>{r.customer_no.clone()}</a></td>
                    <td class=sign>{format_signed_int(r.points)}</td>
                    <td class="reason">{r.reason.clone()}</td>
                    <td class="mono">{r.requested_by.clone()}</td>
                    <td>{match r.ticket_id {
                        Some(t) => view! { <a href=format!("/tickets/{t}")>{format!("#{t}")}</a> }.into_any(),
                        None => view! { <span class="muted">"–"</span> }.into_any(),
                    }}</td>
                    <td><Badge tone=tone(status)>{move || labels::approval_status(status, i18n.lang.get())}</Badge></td>
                    {if pending {
                        view! {
                            <td class="row-actions">
                                <button class="btn small primary" type="button"
                                    on:click=move |_| decisions.ask_approve(approve_row.clone())>{move || i18n.t(T::Approve)}</button>
                                <button class="btn small danger-outline" type="button"
                                    on:click=move |_| decisions.ask_reject(reject_row.clone())>{move || i18n.t(T::Reject)}</button>
                            </td>
                        }.into_any()
                    } else {
                        view! {
                            <td class="mono">{r.decided_by.clone().unwrap_or_else(|| "–".into())}</td>
                            <td class="nowrap">{r.decided_at.map_or_else(|| "–".into(), format_datetime)}</td>
                            <td class="reason">{r.decision_comment.clone().unwrap_or_default()}</td>
                        }.into_any()
                    }}
                </tr>
            }
        }/>
    }
}
