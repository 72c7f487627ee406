//! One bill: the statement summary, the search and category filter, the
//! transactions with paging and the CSV download.

use crm_api::history::StatementStatus;
use crm_api::portal::BillView;
use crm_api::query::url;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api;
use crate::components::badge::{Badge, Tone};
use crate::components::pagination::Pagination;
use crate::features::portal::TxList;
use crate::format::format_fen;
use crate::i18n::{T, labels, use_i18n};

pub fn bill_view(
    b: BillView,
    go: impl Fn(i64, &str, &str, &str, u32) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let csv = url(
        "/api/v1/me/bills.csv",
        &api::me::bill_query(
            b.card_id,
            &b.cycle,
            &query.with_untracked(|q| q.get("q")).unwrap_or_default(),
            &query
                .with_untracked(|q| q.get("category"))
                .unwrap_or_default(),
            1,
        ),
    );
    let pages = b.transactions.page_count();
    let page = b.transactions.page;
    let (card, cycle) = (b.card_id, b.cycle.clone());
    let summary = match b.statement {
        Some(s) => {
            let status = s.status;
            let tone = statement_tone(status);
            view! {
                <section class="panel bill-summary">
                    <div class="bill-row">
                        <span>{move || i18n.t(T::StatementBalance)}</span>
                        <strong class="big num">{format_fen(s.new_balance.fen, &s.new_balance.currency)}</strong>
                    </div>
                    <div class="bill-grid">
                        <div><span class="muted">{move || i18n.t(T::ColMinimumDue)}</span><strong class="num">{format_fen(s.minimum_due.fen, &s.minimum_due.currency)}</strong></div>
                        <div><span class="muted">{move || i18n.t(T::ColDueDate)}</span><strong class="num">{s.due_date.clone()}</strong></div>
                        <div><span class="muted">{move || i18n.t(T::PaidSoFar)}</span><strong class="num">{format_fen(s.paid.fen, &s.paid.currency)}</strong></div>
                        <div><span class="muted">{move || i18n.t(T::CycleSpend)}</span><strong class="num">{format_fen(b.purchases.fen, &b.purchases.currency)}</strong></div>
                    </div>
                    <Badge tone=tone>{move || labels::statement_status(status, i18n.lang.get())}</Badge>
                </section>
            }
            .into_any()
        }
        None => view! {
            <section class="panel bill-summary">
                <div class="bill-row">
                    <span>{move || i18n.t(T::CycleSpend)}</span>
                    <strong class="big num">{format_fen(b.purchases.fen, &b.purchases.currency)}</strong>
                </div>
                <p class="muted" style="margin:0">{move || i18n.t(T::OpenCycleNote)}</p>
            </section>
        }
        .into_any(),
    };
    let postings = (!b.postings.is_empty()).then(|| {
        view! {
            <section class="panel">
                <div class="panel-head"><h3>{move || i18n.t(T::InstallmentPostings)}</h3></div>
                <ul class="tx-list flat">
                    {b.postings.into_iter().map(|p| {
                        let (n, of) = (p.n.to_string(), p.of.to_string());
                        view! {
                            <li class="posting">
                                <div>
                                    <div>{p.merchant}</div>
                                    <div class="muted small">
                                        {move || i18n.fmt(T::InstalmentOf, &[("n", &n), ("of", &of)])}
                                        " · "{move || i18n.t(T::Principal)}" "{format_fen(p.principal.fen, &p.principal.currency)}
                                        " · "{move || i18n.t(T::Fee)}" "{format_fen(p.fee.fen, &p.fee.currency)}
                                    </div>
                                </div>
                                <div class="amount">{format_fen(p.principal.fen + p.fee.fen, &p.principal.currency)}</div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        }
    });
    view! {
        {summary}
        {postings}
        <div class="page-head-row">
            <h3 style="margin:0">{move || i18n.t(T::CycleTransactions)}</h3>
            <a class="btn small" href=csv download="">{move || i18n.t(T::DownloadCsv)}</a>
        </div>
        <TxList rows=b.transactions.items/>
        <Show when=move || { pages > 1 }>
            <Pagination page=Signal::derive(move || page) pages=Signal::derive(move || pages)
                on_page=Callback::new({
                    let cycle = cycle.clone();
                    move |p: u32| {
                        let q = query.with_untracked(|q| q.get("q")).unwrap_or_default();
                        let cat = query.with_untracked(|q| q.get("category")).unwrap_or_default();
                        go(card, &cycle, &q, &cat, p);
                    }
                })/>
        </Show>
    }
}

/// Badge colour of a statement's status.
pub(crate) const fn statement_tone(status: StatementStatus) -> Tone {
    match status {
        StatementStatus::Overdue => Tone::Danger,
        StatementStatus::PaidInFull | StatementStatus::NothingDue => Tone::Success,
        StatementStatus::NotDue => Tone::Info,
        StatementStatus::Partial | StatementStatus::Minimum => Tone::Warning,
    }
}
