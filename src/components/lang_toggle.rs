//! 中文 / EN switch.

use leptos::prelude::*;

use crate::i18n::{Lang, T, use_i18n};

/// Language toggle; the choice is remembered.
#[component]
pub fn LangToggle() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="toggle" role="group" aria-label=move || i18n.t(T::Language)>
            <button type="button" lang="zh-CN" aria-pressed=move || (i18n.lang.get() == Lang::Zh).to_string()
                on:click=move |_| i18n.set(Lang::Zh)>"中文"</button>
            <button type="button" lang="en" aria-pressed=move || (i18n.lang.get() == Lang::En).to_string()
                on:click=move |_| i18n.set(Lang::En)>"EN"</button>
        </div>
    }
}
