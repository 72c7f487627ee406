//! A manager reveals the full national ID after stating why (audited on the server).

use leptos::prelude::*;

use crate::api;
use crate::i18n::{T, use_i18n};

/// The "reveal" button and its dialog.
#[component]
pub fn RevealNationalId(
    /// Customer.
    customer_id: i64,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let local_error = RwSignal::new(None::<String>);
    let reveal = Action::new_local(move |reason: &String| {
        let reason = reason.clone();
        async move { api::customers::reveal_national_id(customer_id, &reason).await }
    });
    let revealed = move || {
        reveal
            .value()
            .get()
            .and_then(Result::ok)
            .map(|r| r.national_id)
    };
    let server_error = move || {
        reveal
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| e.field("reason").unwrap_or_else(|| e.message()))
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = crm_api::history::RevealRequest {
            reason: reason.get_untracked(),
        };
        match req.validate() {
            Ok(()) => {
                local_error.set(None);
                reveal.dispatch(req.reason);
            }
            Err(errors) => local_error.set(
                errors
                    .get("reason")
                    .map(|p| p.message(i18n.lang.get_untracked())),
            ),
        }
    };
    let close = move || {
        open.set(false);
        reason.set(String::new());
        local_error.set(None);
        reveal.value().set(None);
    };
    // Escape closes the dialog wherever the focus is.
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && open.get_untracked() {
            close();
        }
    });
    on_cleanup(move || handle.remove());
    // Focus the reason field when the dialog opens.
    let input: NodeRef<leptos::html::Input> = NodeRef::new();
    Effect::new(move |_| {
        if let Some(el) = input.get() {
            let _ = el.focus();
        }
    });
    view! {
        <button class="btn small" type="button" on:click=move |_| open.set(true)>{move || i18n.t(T::RevealId)}</button>
        <Show when=move || open.get()>
            <div class="dialog-backdrop" on:click=move |_| close()>
                <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="reveal-title"
                    on:click=|ev| ev.stop_propagation()>
                    <h2 id="reveal-title">{move || i18n.t(T::RevealTitle)}</h2>
                    {move || match revealed() {
                        Some(id) => view! {
                            <p class="mono" style="font-size:20px">{id}</p>
                            <p class="muted">{i18n.t(T::Revealed)}</p>
                            <div class="dialog-actions">
                                <button class="btn primary" type="button" autofocus on:click=move |_| close()>{i18n.t(T::Close)}</button>
                            </div>
                        }.into_any(),
                        None => view! {
                            <form on:submit=submit>
                                <p class="muted">{i18n.t(T::RevealHint)}</p>
                                <div class="field">
                                    <label for="reveal-reason">{i18n.t(T::RevealReason)}</label>
                                    <input id="reveal-reason" type="text" node_ref=input bind:value=reason
                                        aria-invalid=move || (local_error.get().is_some() || server_error().is_some()).to_string()/>
                                    <span class="field-error">{move || local_error.get().or_else(server_error)}</span>
                                </div>
                                <div class="dialog-actions">
                                    <button class="btn" type="button" on:click=move |_| close()>{i18n.t(T::Cancel)}</button>
                                    <button class="btn primary" type="submit" disabled=move || reveal.pending().get()>{i18n.t(T::Reveal)}</button>
                                </div>
                            </form>
                        }.into_any(),
                    }}
                </div>
            </div>
        </Show>
    }
}
