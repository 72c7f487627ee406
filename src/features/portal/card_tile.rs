//! A card as the cardholder sees it: masked number, balance, available credit.

use crm_api::cards::CardView;
use crm_api::{CardStatus, Tier};
use leptos::prelude::*;

use crate::format::format_fen;
use crate::i18n::{T, labels, use_i18n};

/// Available credit: limit minus balance, never below zero.
#[must_use]
pub fn available_fen(card: &CardView) -> i64 {
    (card.credit_limit.fen - card.statement_balance.fen.max(0)).max(0)
}

/// One card.
#[component]
pub fn CardTile(
    /// The card.
    card: CardView,
) -> impl IntoView {
    let i18n = use_i18n();
    let class = match card.tier {
        Tier::Platinum => "pcard platinum",
        Tier::Diamond => "pcard diamond",
        Tier::Gold => "pcard gold",
        Tier::Standard => "pcard",
    };
    let (product, status) = (card.product, card.status);
    let available = available_fen(&card);
    view! {
        <article class=class>
            <div class="row">
                <strong>{move || labels::product(product, i18n.lang.get())}</strong>
                {(status != CardStatus::Active).then(|| view! {
                    <span class="small">{move || labels::card_status(status, i18n.lang.get())}</span>
                })}
            </div>
            <div class="pan">{card.masked_pan.clone()}</div>
            <div class="row">
                <div>
                    <div class="small">{move || i18n.t(T::StatementBalance)}</div>
                    <div class="big">{format_fen(card.statement_balance.fen, &card.statement_balance.currency)}</div>
                </div>
                <div style="text-align:right">
                    <div class="small">{move || i18n.t(T::AvailableCredit)}</div>
                    <div>{format_fen(available, &card.credit_limit.currency)}</div>
                </div>
            </div>
        </article>
    }
}

/// Lock / unlock and report lost, under a card on the portal home; lost
/// needs a second tap to confirm. `on_done` reloads the cards.
#[component]
pub fn CardControls(card: CardView, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let (id, status) = (card.id, card.status);
    let busy = RwSignal::new(false);
    let confirm_lost = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let act = move |action: &'static str| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            match crate::api::me::card_action(id, action).await {
                Ok(done) => {
                    if done.ticket_id.is_some() {
                        message.set(Some(i18n.t(T::LostReported).to_owned()));
                    }
                    on_done.run(());
                }
                Err(e) => message.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    if !matches!(status, CardStatus::Active | CardStatus::Locked) {
        return view! { <span></span> }.into_any();
    }
    view! {
        <div class="card-controls">
            {if status == CardStatus::Active {
                view! { <button class="btn" type="button" disabled=move || busy.get() on:click=move |_| act("lock")>{move || i18n.t(T::LockCard)}</button> }.into_any()
            } else {
                view! { <button class="btn" type="button" disabled=move || busy.get() on:click=move |_| act("unlock")>{move || i18n.t(T::UnlockCard)}</button> }.into_any()
            }}
            <Show when=move || confirm_lost.get() fallback=move || view! {
                <button class="btn" type="button" disabled=move || busy.get() on:click=move |_| confirm_lost.set(true)>{move || i18n.t(T::ReportLost)}</button>
            }>
                <button class="btn danger" type="button" disabled=move || busy.get() on:click=move |_| act("report-lost")>{move || i18n.t(T::ConfirmLost)}</button>
            </Show>
            {move || message.get().map(|m| view! { <p class="muted" role="status">{m}</p> })}
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crm_api::{Money, ProductCode};

    #[test]
    fn available_credit_is_limit_minus_balance() {
        let mut card = CardView {
            id: 1,
            product: ProductCode::Youth,
            tier: Tier::Standard,
            masked_pan: String::new(),
            last4: String::new(),
            credit_limit: Money::cny(1_000_000),
            statement_balance: Money::cny(250_000),
            status: CardStatus::Active,
            opened_on: String::new(),
            closed_on: None,
            is_primary: true,
        };
        assert_eq!(available_fen(&card), 750_000);
        card.statement_balance.fen = -5_000; // overpaid: limit stays the cap
        assert_eq!(available_fen(&card), 1_000_000);
        card.statement_balance.fen = 1_200_000;
        assert_eq!(available_fen(&card), 0);
    }
}
