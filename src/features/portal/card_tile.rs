//! A card as the cardholder sees it: masked number, balance, available credit.

use crm_api::cards::CardView;
use crm_api::{CardStatus, Tier};
use leptos::prelude::*;

use crate::components::money::format_fen;
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
