//! Preferences: favourite categories, preferred payment channel, time of day,
//! channel mix and top merchants over 12 months.

use crm_api::customers::Customer360;
use leptos::prelude::*;

use crate::components::chart::{BarChart, Datum, HBarChart, Heads};
use crate::components::data_table::{Column, DataTable};
use crate::components::states::EmptyState;
use crate::format::{count_tick, format_fen, format_int, yuan_tick};
use crate::i18n::{T, labels, use_i18n};

/// Favourite categories and preferred channel, in words.
#[component]
pub fn PreferencesSummary(
    /// The customer.
    c: Customer360,
) -> impl IntoView {
    let i18n = use_i18n();
    let top: Vec<_> = c
        .spend_by_category
        .iter()
        .take(3)
        .map(|x| x.category)
        .collect();
    let channel = c.preferences.preferred_channel;
    let busiest = c
        .preferences
        .dayparts
        .iter()
        .max_by_key(|d| d.1)
        .filter(|d| d.1 > 0)
        .map(|d| d.0);
    view! {
        <section class="panel">
            <h2>{move || i18n.t(T::Preferences)}</h2>
            <dl class="kv">
                <dt>{move || i18n.t(T::TopCategories)}</dt>
                <dd>{move || {
                    let lang = i18n.lang.get();
                    if top.is_empty() { "–".to_owned() } else { top.iter().map(|c| labels::category(*c, lang)).collect::<Vec<_>>().join(" · ") }
                }}</dd>
                <dt>{move || i18n.t(T::PreferredChannel)}</dt>
                <dd>{move || channel.map_or("–", |c| labels::tx_channel(c, i18n.lang.get()))}</dd>
                <dt>{move || i18n.t(T::TimeOfDay)}</dt>
                <dd>{move || busiest.map_or("–", |d| labels::daypart(d, i18n.lang.get()))}</dd>
            </dl>
        </section>
    }
}

/// Channel mix, time of day and top merchants.
#[component]
pub fn SpendingPatterns(
    /// The customer.
    c: Customer360,
) -> impl IntoView {
    let i18n = use_i18n();
    let (c1, c2) = (c.clone(), c.clone());
    let channels = Signal::derive(move || {
        let lang = i18n.lang.get();
        c1.preferences
            .channels
            .iter()
            .map(|x| Datum {
                label: labels::tx_channel(x.channel, lang).to_owned(),
                value: x.spend.fen as f64,
                display: format_fen(x.spend.fen, &x.spend.currency),
                extra: Some(format_int(x.count)),
            })
            .collect::<Vec<_>>()
    });
    let dayparts = Signal::derive(move || {
        let lang = i18n.lang.get();
        c2.preferences
            .dayparts
            .iter()
            .map(|(d, n)| Datum {
                label: labels::daypart(*d, lang).to_owned(),
                value: *n as f64,
                display: format_int(*n),
                extra: None,
            })
            .collect::<Vec<_>>()
    });
    let merchants = c.preferences.top_merchants.clone();
    let t = move |k: T| Signal::derive(move || i18n.t(k).to_owned());
    let _ = yuan_tick;
    view! {
        <div class="grid-2">
            <section class="panel">
                {move || if channels.get().is_empty() {
                    view! { <h2>{move || i18n.t(T::ByChannel)}</h2><EmptyState title=t(T::NoSpend)/> }.into_any()
                } else {
                    view! { <HBarChart title=t(T::ByChannel) data=channels heads=Heads::new(t(T::ColChannel), t(T::ColAmount)).extra(t(T::ColCount))/> }.into_any()
                }}
            </section>
            <section class="panel">
                <BarChart title=t(T::TimeOfDay) unit=t(T::ColCount) data=dayparts tick_format=count_tick
                    heads=Heads::new(t(T::TimeOfDay), t(T::ColCount))/>
            </section>
        </div>
        <section class="panel">
            <h2>{move || i18n.t(T::TopMerchants)}</h2>
            <DataTable rows=merchants empty=t(T::NoSpend) columns={vec![
                Column::text(T::ColMerchant),
                Column::text(T::ColCategory),
                Column::num(T::ColCount),
                Column::num(T::ColAmount),
            ]} row=move |m| {
                let category = m.category;
                view! {
                    <tr>
                        <td>{m.merchant}</td>
                        <td>{move || labels::category(category, i18n.lang.get())}</td>
                        <td class="num">{format_int(m.count)}</td>
                        <td class="num">{format_fen(m.spend.fen, &m.spend.currency)}</td>
                    </tr>
                }
            }/>
        </section>
    }
}
