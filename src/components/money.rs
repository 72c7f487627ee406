//! Money as components: the full amount, and the compact one with the full
//! amount in its tooltip (the formatting itself is in `crate::format`).

use crm_api::Money;
use leptos::prelude::*;

use crate::format::{format_compact, format_fen};
use crate::i18n::use_i18n;

/// Money in full precision, right-aligned digits.
#[component]
pub fn MoneyText(
    /// The amount.
    #[prop(into)]
    money: Money,
) -> impl IntoView {
    view! { <span class="num">{format_fen(money.fen, &money.currency)}</span> }
}

/// Money shortened for KPI cards; the full amount is in the tooltip.
#[component]
pub fn MoneyCompact(
    /// The amount.
    #[prop(into)]
    money: Money,
) -> impl IntoView {
    let i18n = use_i18n();
    let full = format_fen(money.fen, &money.currency);
    view! {
        <span class="num" title=full>
            {move || format_compact(money.fen, &money.currency, i18n.lang.get())}
        </span>
    }
}
