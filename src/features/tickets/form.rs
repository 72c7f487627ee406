//! Form fields shared by the agent's new-ticket page and the portal's
//! request form: the kind picker and the subject and description with their
//! validation messages, and the state and submit flow both forms share.

use std::future::Future;

use crm_api::tickets::{TicketDetail, TicketInput, TicketKind};
use crm_api::validate::Errors;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::{T, labels, use_i18n};

/// What a new-ticket form holds: the fields both forms have, the field
/// problems, the server's answer and whether a submit is under way.
#[derive(Clone, Copy)]
pub struct TicketForm {
    /// Kind picked.
    pub kind: RwSignal<TicketKind>,
    /// Subject typed.
    pub subject: RwSignal<String>,
    /// Description typed.
    pub body: RwSignal<String>,
    /// Field problems from the last check.
    pub errors: RwSignal<Errors>,
    /// The server's refusal, if any.
    pub server_error: RwSignal<Option<String>>,
    /// A submit is under way (the button is disabled).
    pub busy: RwSignal<bool>,
}

impl Default for TicketForm {
    fn default() -> Self {
        Self {
            kind: RwSignal::new(TicketKind::Inquiry),
            subject: RwSignal::new(String::new()),
            body: RwSignal::new(String::new()),
            errors: RwSignal::new(Errors::default()),
            server_error: RwSignal::new(None),
            busy: RwSignal::new(false),
        }
    }
}

impl TicketForm {
    /// `input` with this form's kind, subject and description.
    pub fn fill(self, input: TicketInput) -> TicketInput {
        TicketInput {
            kind: Some(self.kind.get_untracked()),
            subject: self.subject.get_untracked(),
            body: self.body.get_untracked(),
            ..input
        }
    }

    /// Checks `input` (with the staff rules when `staff`), shows its
    /// problems or sends it with `send`; `created` runs with the new ticket,
    /// a refusal is shown and the form stays as typed.
    pub fn submit<S, Fut, C>(self, input: TicketInput, staff: bool, send: S, created: C)
    where
        S: FnOnce(TicketInput) -> Fut + 'static,
        Fut: Future<Output = Result<TicketDetail, ApiError>> + 'static,
        C: FnOnce(TicketDetail) + 'static,
    {
        if let Err(e) = input.validate(staff) {
            self.errors.set(e);
            return;
        }
        self.errors.set(Errors::default());
        self.busy.set(true);
        leptos::task::spawn_local(async move {
            match send(input).await {
                Ok(d) => created(d),
                Err(e) => {
                    self.server_error.set(Some(e.message()));
                    self.busy.set(false);
                }
            }
        });
    }

    /// The server's refusal as an alert.
    pub fn server_error_view(self) -> impl IntoView {
        move || {
            self.server_error
                .get()
                .map(|e| view! { <p class="form-error" role="alert">{e}</p> })
        }
    }
}

/// The message of a field's problem, if any.
fn field_error(errors: RwSignal<Errors>, field: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        errors
            .with(|e| e.get(field).map(|p| p.message(i18n.lang.get())))
            .map(|m| view! { <span class="field-error" role="alert">{m}</span> })
    }
}

/// A `<select>` of ticket kinds.
#[component]
pub fn KindField(
    /// Element id (the label points at it).
    id: &'static str,
    /// Label text.
    label: T,
    /// Kinds offered.
    kinds: &'static [TicketKind],
    /// The chosen kind.
    kind: RwSignal<TicketKind>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for=id>{move || i18n.t(label)}</label>
            <select id=id on:change=move |ev| if let Some(k) = TicketKind::parse(&event_target_value(&ev)) { kind.set(k) }>
                {kinds.iter().map(|k| { let k = *k; view! {
                    <option value=k.as_str() prop:selected=move || kind.get() == k>{move || labels::ticket_kind(k, i18n.lang.get())}</option>
                }}).collect_view()}
            </select>
        </div>
    }
}

/// Subject (required) and description, with their messages.
#[component]
pub fn SubjectBodyFields(
    /// Prefix of the element ids.
    prefix: &'static str,
    /// Subject.
    subject: RwSignal<String>,
    /// Description.
    body: RwSignal<String>,
    /// Problems per field.
    errors: RwSignal<Errors>,
) -> impl IntoView {
    let i18n = use_i18n();
    let subject_id = format!("{prefix}-subject");
    let body_id = format!("{prefix}-body");
    view! {
        <div class="field">
            <label for=subject_id.clone()>{move || i18n.t(T::Subject)}</label>
            <input id=subject_id type="text" maxlength="100" prop:value=move || subject.get()
                aria-invalid=move || errors.with(|e| e.get("subject").is_some()).to_string()
                on:input=move |ev| subject.set(event_target_value(&ev))/>
            {field_error(errors, "subject")}
        </div>
        <div class="field">
            <label for=body_id.clone()>{move || i18n.t(T::Description)}</label>
            <textarea id=body_id rows="4" maxlength="2000" prop:value=move || body.get()
                on:input=move |ev| body.set(event_target_value(&ev))></textarea>
            {field_error(errors, "body")}
        </div>
    }
}
