//! A table of card transactions.

use crm_api::cards::TransactionView;
use leptos::prelude::*;

use crate::components::badge::Badge;
use crate::components::data_table::{Column, DataTable};
use crate::components::states::EmptyState;
use crate::format::{format_datetime, format_fen};
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
    let columns = vec![
        Column::text(T::ColTime),
        Column::text(T::ColMerchant),
        Column::text(T::ColCategory),
        Column::text(T::ColChannel),
        Column::text(T::ColCard),
        Column::num(T::ColAmount),
    ];
    view! {
        <DataTable columns=columns rows=rows row=move |t| {
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
        }/>
    }.into_any()
}
