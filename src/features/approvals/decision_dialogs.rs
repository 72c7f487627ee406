//! The two decision dialogs: approve (a confirm dialog with an optional
//! comment; the points are posted at once) and reject (a required comment,
//! checked before sending; the dialog stays open until it is accepted).

use crm_api::approvals::PointsAdjustmentRequest;
use leptos::prelude::*;

use super::decisions::Decisions;
use super::model::COMMENT_MAX;
use crate::components::dialog::{ConfirmDialog, Dialog};
use crate::format::format_signed_int;
use crate::i18n::{I18n, T, use_i18n};

/// `key` filled with the target's id, customer number and signed points.
fn about(i18n: I18n, key: T, target: Option<&PointsAdjustmentRequest>) -> String {
    target.map_or_else(String::new, |r| {
        i18n.fmt(
            key,
            &[
                ("id", &r.id.to_string()),
                ("customer", &r.customer_no),
                ("points", &format_signed_int(r.points)),
            ],
        )
    })
}

/// The comment box of a dialog.
#[component]
fn CommentField(
    /// The decision state.
    decisions: Decisions,
    /// Element id of the textarea.
    id: &'static str,
    /// Its label.
    label: T,
    /// Required (rejecting).
    #[prop(optional)]
    required: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let Decisions {
        comment,
        comment_error,
        ..
    } = decisions;
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = format!("{hint_id} {error_id}");
    view! {
        <div class="field decision-comment">
            <label for=id>{move || i18n.t(label)}</label>
            <textarea id=id rows="3" maxlength=COMMENT_MAX.to_string() required=required
                aria-invalid=move || comment_error.get().is_some().to_string() aria-describedby=described
                prop:value=move || comment.get()
                on:input=move |ev| { comment.set(event_target_value(&ev)); comment_error.set(None); }></textarea>
            <span id=hint_id class="field-hint">{move || i18n.t(T::CommentHint)}</span>
            <span id=error_id class="field-error" role="alert">{move || comment_error.get()}</span>
        </div>
    }
}

/// Asks before approving the target (the points are posted at once).
#[component]
pub fn ApproveDialog(
    /// The decision state.
    decisions: Decisions,
) -> impl IntoView {
    let i18n = use_i18n();
    let target = decisions.target;
    view! {
        <ConfirmDialog open=decisions.approving id="approve-title"
            title=Signal::derive(move || target.with(|t| about(i18n, T::ApproveRequestTitle, t.as_ref())))
            body=Signal::derive(move || target.with(|t| about(i18n, T::ApproveRequestBody, t.as_ref())))
            confirm=Signal::derive(move || i18n.t(T::ApproveAction).to_owned())
            cancel=Signal::derive(move || i18n.t(T::Cancel).to_owned())
            on_confirm=move || decisions.submit(true)>
            <CommentField decisions=decisions id="approve-comment" label=T::CommentOptional/>
        </ConfirmDialog>
    }
}

/// Rejects the target with a required comment.
#[component]
pub fn RejectDialog(
    /// The decision state.
    decisions: Decisions,
) -> impl IntoView {
    let i18n = use_i18n();
    let Decisions {
        target,
        rejecting,
        busy,
        ..
    } = decisions;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        decisions.submit(false);
    };
    view! {
        <Dialog open=rejecting labelled_by="reject-title">
            <h2 id="reject-title">{move || target.with(|t| about(i18n, T::RejectRequestTitle, t.as_ref()))}</h2>
            <p>{move || target.with(|t| about(i18n, T::RejectRequestBody, t.as_ref()))}</p>
            <form on:submit=on_submit novalidate>
                <CommentField decisions=decisions id="reject-comment" label=T::CommentRequired required=true/>
                <div class="dialog-actions">
                    <button class="btn" type="button" on:click=move |_| rejecting.set(false)>{move || i18n.t(T::Cancel)}</button>
                    <button class="btn danger" type="submit" disabled=move || busy.get()>{move || i18n.t(T::RejectAction)}</button>
                </div>
            </form>
        </Dialog>
    }
}
