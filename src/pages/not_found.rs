//! Fallback for unknown addresses.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{T, use_i18n};

/// 404 page.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="signin">
            <div class="signin-card">
                <h1>{move || i18n.t(T::NotFoundTitle)}</h1>
                <p class="lead">{move || i18n.t(T::NotFoundHint)}</p>
                <A href="/" attr:class="btn primary">{move || i18n.t(T::GoHome)}</A>
            </div>
        </div>
    }
}
