//! Previous / next pagination with "page p of n".

use leptos::prelude::*;

use super::icons::{Icon, Svg};
use crate::i18n::{T, use_i18n};

/// Pagination controls; `on_page` receives the new 1-based page.
#[component]
pub fn Pagination(
    /// Current page.
    #[prop(into)]
    page: Signal<u32>,
    /// Number of pages.
    #[prop(into)]
    pages: Signal<u32>,
    /// Called with the page to show.
    #[prop(into)]
    on_page: Callback<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="pagination" aria-label=move || i18n.t(T::PageOf)>
            <button class="btn small" disabled=move || { page.get() <= 1 }
                on:click=move |_| on_page.run(page.get_untracked().saturating_sub(1).max(1))>
                <Svg icon=Icon::ChevronLeft/>{move || i18n.t(T::PrevPage)}
            </button>
            <span class="muted">
                {move || i18n.fmt(T::PageOf, &[("p", &page.get().to_string()), ("n", &pages.get().to_string())])}
            </span>
            <button class="btn small" disabled=move || { page.get() >= pages.get() }
                on:click=move |_| on_page.run(page.get_untracked() + 1)>
                {move || i18n.t(T::NextPage)}<Svg icon=Icon::ChevronRight/>
            </button>
        </nav>
    }
}
