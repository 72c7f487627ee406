//! Cards of the 360 (masked numbers only).

use crm_api::cards::CardView;
use leptos::prelude::*;

use super::model::{status_tone, tier_tone};
use crate::components::badge::Badge;
use crate::components::states::EmptyState;
use crate::format::format_fen;
use crate::i18n::{T, labels, use_i18n};

/// Cards panel.
#[component]
pub fn CardsPanel(
    /// The customer's cards.
    cards: Vec<CardView>,
) -> impl IntoView {
    let i18n = use_i18n();
    let empty = cards.is_empty();
    view! {
        <section class="panel" aria-labelledby="cards-title">
            <div class="panel-head"><h2 id="cards-title">{move || i18n.t(T::Cards)}</h2></div>
            {empty.then(|| view! { <EmptyState title=Signal::derive(move || i18n.t(T::NoCards).to_owned())/> })}
            <div class="card-list">
                {cards.into_iter().map(|k| {
                    let (product, tier, status, primary) = (k.product, k.tier, k.status, k.is_primary);
                    view! {
                        <div class="card-tile">
                            <div>
                                <div class="pan" aria-label="card number">{k.masked_pan.clone()}</div>
                                <div class="badges" style="margin-top:4px">
                                    <Badge tone=tier_tone(tier)>{move || labels::product(product, i18n.lang.get())}</Badge>
                                    <Badge tone=status_tone(status)>{move || labels::card_status(status, i18n.lang.get())}</Badge>
                                    <Badge>{move || if primary { i18n.t(T::Primary) } else { i18n.t(T::Supplementary) }}</Badge>
                                </div>
                            </div>
                            <div class="num">
                                <div class="muted" style="font-size:12px">{move || i18n.t(T::CreditLimit)}</div>
                                <div>{format_fen(k.credit_limit.fen, &k.credit_limit.currency)}</div>
                                <div class="muted" style="font-size:12px">{move || i18n.t(T::StatementBalance)}</div>
                                <div>{format_fen(k.statement_balance.fen, &k.statement_balance.currency)}</div>
                            </div>
                            <div class="muted" style="font-size:12px;grid-column:1 / -1">
                                {move || i18n.t(T::Opened)}" "{k.opened_on.clone()}
                                {k.closed_on.clone().map(|d| view! { " · "{move || i18n.t(T::Closed)}" "{d.clone()} })}
                            </div>
                        </div>
                    }
                }).collect_view()}
            </div>
        </section>
    }
}
