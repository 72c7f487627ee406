//! A user's status as badges: enabled or disabled, and whether a one-time
//! password still has to be replaced.

use leptos::prelude::*;

use crate::components::badge::{Badge, Tone};
use crate::i18n::{T, use_i18n};

/// Status badges of one user.
#[component]
pub fn StatusBadges(
    /// May sign in.
    #[prop(into)]
    active: Signal<bool>,
    /// Must change the password at the next sign-in.
    #[prop(into)]
    must_change: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class="status-badges">
            {move || if active.get() {
                view! { <Badge tone=Tone::Success>{move || i18n.t(T::Active)}</Badge> }.into_any()
            } else {
                view! { <Badge tone=Tone::Danger>{move || i18n.t(T::Disabled)}</Badge> }.into_any()
            }}
            <Show when=move || must_change.get()>
                <Badge tone=Tone::Warning>{move || i18n.t(T::MustChangePassword)}</Badge>
            </Show>
        </span>
    }
}
