//! Transactions as a touch-friendly list.

use crm_api::cards::TransactionView;
use leptos::prelude::*;

use crate::components::states::EmptyState;
use crate::format::{format_datetime, format_fen};
use crate::i18n::{T, labels, use_i18n};

/// Transaction list.
#[component]
pub fn TxList(
    /// Rows, newest first.
    rows: Vec<TransactionView>,
) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! { <EmptyState title=Signal::derive(move || i18n.t(T::NoTransactions).to_owned())/> }.into_any();
    }
    view! {
        <ul class="tx-list">
            {rows.into_iter().map(|t| {
                let category = t.category;
                let split = t.installment.then(|| view! {
                    <span class="badge info">{move || i18n.t(T::InInstallments)}</span>
                });
                view! {
                    <li>
                        <div>
                            <div>{t.merchant}</div>
                            <div class="muted" style="font-size:12px">
                                {format_datetime(t.occurred_at)}" · "{move || labels::category(category, i18n.lang.get())}
                                {format!(" · *{}", t.card_last4)}
                            </div>
                        </div>
                        <div class="amount">{format_fen(t.amount.fen, &t.amount.currency)}{split}</div>
                    </li>
                }
            }).collect_view()}
        </ul>
    }.into_any()
}
