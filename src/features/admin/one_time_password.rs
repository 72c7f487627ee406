//! The one-time password of a new or reset user, shown once: large, in a
//! monospace face, with a copy button and a warning that it will not be
//! shown again.

use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::components::icons::{Icon, Svg};
use crate::i18n::{T, use_i18n};

/// Whether the last copy worked.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CopyState {
    Idle,
    Done,
    Failed,
}

/// The one-time password panel.
#[component]
pub fn OneTimePassword(
    /// The password.
    password: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(CopyState::Idle);
    let code: NodeRef<leptos::html::Code> = NodeRef::new();
    let text = StoredValue::new(password.clone());
    let copy = move |_| {
        let value = text.get_value();
        leptos::task::spawn_local(async move {
            let promise = window().navigator().clipboard().write_text(&value);
            let ok = JsFuture::from(promise).await.is_ok();
            state.set(if ok {
                CopyState::Done
            } else {
                CopyState::Failed
            });
            if !ok {
                select(code);
            }
        });
    };
    view! {
        <div class="otp" role="group" aria-labelledby="otp-label">
            <div class="otp-label" id="otp-label">{move || i18n.t(T::OneTimePassword)}</div>
            <div class="otp-row">
                <code class="otp-value mono" node_ref=code tabindex="0">{password}</code>
                <button class="btn" type="button" on:click=copy>
                    <Svg icon=Icon::CopyIcon/>
                    {move || if state.get() == CopyState::Done { i18n.t(T::Copied) } else { i18n.t(T::Copy) }}
                </button>
            </div>
            <span class="sr-only" role="status">{move || (state.get() == CopyState::Done).then(|| i18n.t(T::Copied))}</span>
            <Show when=move || state.get() == CopyState::Failed>
                <p class="field-error" role="alert">{move || i18n.t(T::CopyFailed)}</p>
            </Show>
            <p class="otp-warning" role="note">{move || i18n.t(T::OneTimePasswordWarning)}</p>
        </div>
    }
}

/// Selects the password's text, so the user can copy it by hand.
fn select(code: NodeRef<leptos::html::Code>) {
    let Some(el) = code.get_untracked() else {
        return;
    };
    let selection = window().get_selection().ok().flatten();
    let range = document().create_range().ok();
    if let (Some(sel), Some(range)) = (selection, range)
        && range.select_node_contents(&el).is_ok()
    {
        let _ = sel.remove_all_ranges();
        let _ = sel.add_range(&range);
    }
}
