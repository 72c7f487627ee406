//! Loading, empty and error states, so no area is ever blank.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::{T, use_i18n};

/// Grey shimmering lines while data loads.
#[component]
pub fn Skeleton(
    /// Number of lines.
    #[prop(default = 3)]
    lines: usize,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div role="status" aria-live="polite">
            <span class="sr-only">{move || i18n.t(T::Loading)}</span>
            {(0..lines).map(|i| view! {
                <div class="skeleton line" style=format!("width: {}%", 100 - (i * 17) % 45)></div>
            }).collect_view()}
        </div>
    }
}

/// Says there is nothing here and what to do next.
#[component]
pub fn EmptyState(
    /// Headline.
    #[prop(into)]
    title: Signal<String>,
    /// What to do next.
    #[prop(into, optional)]
    hint: MaybeProp<String>,
) -> impl IntoView {
    view! {
        <div class="empty">
            <strong>{move || title.get()}</strong>
            {move || hint.get().map(|h| view! { <span>{h}</span> })}
        </div>
    }
}

/// A failed request: the server's message and a retry button.
#[component]
pub fn ErrorPanel(
    /// What failed.
    error: ApiError,
    /// Called by the retry button.
    #[prop(optional, into)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let message = error.message();
    view! {
        <div class="error-panel" role="alert">
            <div><strong>{move || i18n.t(T::LoadFailed)}</strong>" · "{message}</div>
            {on_retry.map(|retry| view! {
                <button class="btn small" on:click=move |_| retry.run(())>{move || i18n.t(T::Retry)}</button>
            })}
        </div>
    }
}

/// The signed-in role may not open this page (the server refuses it too).
#[component]
pub fn NotAllowed(
    /// Where the "start page" link goes.
    home: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="empty not-allowed" role="alert">
            <strong>{move || i18n.t(T::Forbidden)}</strong>
            <span>{move || i18n.t(T::NotAllowedHint)}</span>
            <a class="btn" href=home>{move || i18n.t(T::GoHome)}</a>
        </div>
    }
}
