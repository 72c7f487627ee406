//! `/admin/import`: load a bank's CSV export (customers, cards, transactions,
//! statements, payments, survey answers).
//!
//! Choosing a file reads only its header line, here in the browser, and
//! shows which field each column will be read as; the admin can change any
//! of them, apply a saved mapping or save this one under a name. "Check"
//! validates without writing; "Import" writes all rows or none. The file
//! goes up as it is (never held in the page), the run's progress is polled
//! into a bar, and the report lists counts and the first problems per
//! field, with every problem downloadable as CSV. Past runs are listed
//! below.

use leptos::prelude::*;

use crate::features::import::upload::ImportPanel;
use crate::i18n::{T, use_i18n};

/// Import page.
#[component]
pub fn ImportPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page-head"><h1>{move || i18n.t(T::ImportTitle)}</h1></div>
        <p class="muted">{move || i18n.t(T::ImportLead)}</p>
        <ImportPanel/>
    }
}
