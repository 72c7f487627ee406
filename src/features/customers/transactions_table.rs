//! A table of card transactions.

use crm_api::cards::TransactionView;
use leptos::prelude::*;

use crate::components::badge::Badge;
use crate::components::date::format_datetime;
use crate::components::money::format_fen;
use crate::components::states::EmptyState;
use crate::i18n::{T, labels, use_i18n};

/// Transactions, newest first.
#[component]
pub fn TransactionsTable(
    /// Rows.
    rows: Vec<TransactionView>,
) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! { <EmptyState title=Signal::derive(move || i18n.t(T::NoTransactions).to_owned())/> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="data">
                <thead><tr>
                    <th scope="col">{move || i18n.t(T::ColTime)}</th>
                    <th scope="col">{move || i18n.t(T::ColMerchant)}</th>
                    <th scope="col">{move || i18n.t(T::ColCategory)}</th>
                    <th scope="col">{move || i18n.t(T::ColChannel)}</th>
                    <th scope="col">{move || i18n.t(T::ColCard)}</th>
                    <th scope="col" class="num">{move || i18n.t(T::ColAmount)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|t| {
                        let (category, channel, installment) = (t.category, t.channel, t.installment);
                        view! {
                            <tr>
                                <td class="num" style="text-align:left">{format_datetime(t.occurred_at)}</td>
                                <td>{t.merchant}{installment.then(|| view! { " " <Badge>{move || i18n.t(T::Installment)}</Badge> })}</td>
                                <td>{move || labels::category(category, i18n.lang.get())}</td>
                                <td>{move || labels::tx_channel(channel, i18n.lang.get())}</td>
                                <td class="mono">{format!("*{}", t.card_last4)}</td>
                                <td class="num">{format_fen(t.amount.fen, &t.amount.currency)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }.into_any()
}
