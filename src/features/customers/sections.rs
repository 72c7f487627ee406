//! The paged sections of the 360: statements, payments, installments,
//! service timeline and surveys.

use crm_api::history::{InteractionView, PaymentView, StatementStatus, StatementView, SurveyView};
use leptos::prelude::*;

use super::TransactionsTable;
use crate::api;
use crate::components::badge::{Badge, Tone};
use crate::components::data_table::{Column, DataTable};
use crate::components::paged::Paged;
use crate::format::{format_datetime, format_fen};
use crate::i18n::{T, labels, use_i18n};

fn status_tone(s: StatementStatus) -> Tone {
    match s {
        StatementStatus::PaidInFull | StatementStatus::NothingDue => Tone::Success,
        StatementStatus::Partial | StatementStatus::NotDue => Tone::Info,
        StatementStatus::Minimum => Tone::Warning,
        StatementStatus::Overdue => Tone::Danger,
    }
}

fn statements_table(rows: Vec<StatementView>) -> impl IntoView {
    let i18n = use_i18n();
    let columns = vec![
        Column::text(T::ColCycle),
        Column::text(T::ColCard),
        Column::num(T::ColNewBalance),
        Column::num(T::ColMinimumDue),
        Column::text(T::ColDueDate),
        Column::num(T::ColPaid),
        Column::text(T::ColPaidOn),
        Column::num(T::ColDpd),
        Column::text(T::ColStatus),
    ];
    view! {
        <DataTable columns=columns rows=rows row=move |s| {
            let status = s.status;
            view! {
                <tr>
                    <td>{s.cycle}</td>
                    <td class="mono">{format!("*{}", s.card_last4)}</td>
                    <td class="num">{format_fen(s.new_balance.fen, &s.new_balance.currency)}</td>
                    <td class="num">{format_fen(s.minimum_due.fen, &s.minimum_due.currency)}</td>
                    <td>{s.due_date}</td>
                    <td class="num">{format_fen(s.paid.fen, &s.paid.currency)}</td>
                    <td>{s.paid_on.unwrap_or_else(|| "–".into())}</td>
                    <td class="num">{s.days_past_due}</td>
                    <td><Badge tone=status_tone(status)>{move || labels::statement_status(status, i18n.lang.get())}</Badge></td>
                </tr>
            }
        }/>
    }
}

/// Statements with days past due.
#[component]
pub fn StatementsSection(
    /// Customer.
    customer_id: i64,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel" id="statements">
            <h2>{move || i18n.t(T::Statements)}</h2>
            <Paged load=move |p| api::customers::statements(customer_id, p) render=statements_table
                empty=Signal::derive(move || i18n.t(T::NoStatements).to_owned())/>
        </section>
    }
}

fn payments_table(rows: Vec<PaymentView>) -> impl IntoView {
    let i18n = use_i18n();
    let columns = vec![
        Column::text(T::ColTime),
        Column::text(T::ColCard),
        Column::text(T::ColPaymentChannel),
        Column::num(T::ColAmount),
    ];
    view! {
        <DataTable columns=columns rows=rows row=move |p| {
            let channel = p.channel.clone();
            view! {
                <tr>
                    <td>{format_datetime(p.paid_at)}</td>
                    <td class="mono">{format!("*{}", p.card_last4)}</td>
                    <td>{move || labels::payment_channel(&channel, i18n.lang.get())}</td>
                    <td class="num">{format_fen(p.amount.fen, &p.amount.currency)}</td>
                </tr>
            }
        }/>
    }
}

/// Payment history.
#[component]
pub fn PaymentsSection(
    /// Customer.
    customer_id: i64,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel" id="payments">
            <h2>{move || i18n.t(T::Payments)}</h2>
            <Paged load=move |p| api::customers::payments(customer_id, p) render=payments_table
                empty=Signal::derive(move || i18n.t(T::NoPayments).to_owned())/>
        </section>
    }
}

/// Installment purchases.
#[component]
pub fn InstallmentsSection(
    /// Customer.
    customer_id: i64,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel" id="installments">
            <h2>{move || i18n.t(T::InstallmentPurchases)}</h2>
            <Paged load=move |p| api::customers::installments(customer_id, p)
                render=|rows| view! { <TransactionsTable rows=rows/> }
                empty=Signal::derive(move || i18n.t(T::NoInstallments).to_owned())/>
        </section>
    }
}

fn outcome_tone(o: crm_api::Outcome) -> Tone {
    match o {
        crm_api::Outcome::Resolved => Tone::Success,
        crm_api::Outcome::Escalated => Tone::Warning,
        crm_api::Outcome::Pending => Tone::Info,
    }
}

fn interactions_table(rows: Vec<InteractionView>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ol class="timeline">
            {rows.into_iter().map(|x| {
                let (channel, kind, outcome) = (x.channel, x.kind, x.outcome);
                let agent = x.agent.clone();
                let (first, resolution) = (x.first_response_secs, x.resolution_secs);
                view! {
                    <li>
                        <div class="when">{format_datetime(x.occurred_at)}</div>
                        <div class="what">
                            <div>
                                <Badge>{move || labels::interaction_channel(channel, i18n.lang.get())}</Badge>" "
                                <strong>{move || labels::interaction_kind(kind, i18n.lang.get())}</strong>" · "{x.summary}
                            </div>
                            <div class="muted" style="font-size:12px">
                                {move || agent.clone().unwrap_or_else(|| i18n.t(T::SelfService).to_owned())}
                                {move || first.map(|s| format!(" · {} {}", i18n.t(T::ColFirstResponse), labels::duration(s, i18n.lang.get())))}
                                {move || resolution.map(|s| format!(" · {} {}", i18n.t(T::ColResolution), labels::duration(s, i18n.lang.get())))}
                            </div>
                        </div>
                        <div><Badge tone=outcome_tone(outcome)>{move || labels::outcome(outcome, i18n.lang.get())}</Badge></div>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// Every service interaction across channels.
#[component]
pub fn ServiceSection(
    /// Customer.
    customer_id: i64,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel" id="service">
            <h2>{move || i18n.t(T::ServiceTimeline)}</h2>
            <Paged load=move |p| api::customers::interactions(customer_id, p) render=interactions_table
                empty=Signal::derive(move || i18n.t(T::NoInteractions).to_owned())/>
        </section>
    }
}

fn score_tone(nps: Option<i64>, csat: Option<i64>) -> Tone {
    match (nps, csat) {
        (Some(n), _) if n <= 6 => Tone::Danger,
        (_, Some(c)) if c <= 2 => Tone::Danger,
        (Some(n), _) if n >= 9 => Tone::Success,
        (_, Some(c)) if c >= 4 => Tone::Success,
        _ => Tone::Warning,
    }
}

fn surveys_table(rows: Vec<SurveyView>) -> impl IntoView {
    let i18n = use_i18n();
    let columns = vec![
        Column::text(T::ColTime),
        Column::num("NPS"),
        Column::num("CSAT"),
        Column::text(T::ColTouchpoint),
        Column::text(T::ColChannel),
        Column::text(T::ColComment),
    ];
    view! {
        <DataTable columns=columns rows=rows row=move |s| {
            let (touchpoint, channel) = (s.touchpoint.clone(), s.channel.clone());
            let tone = score_tone(s.nps, s.csat);
            view! {
                <tr>
                    <td>{format_datetime(s.responded_at)}</td>
                    <td class="num"><Badge tone=tone>{s.nps.map_or_else(|| "–".to_owned(), |n| n.to_string())}</Badge></td>
                    <td class="num">{s.csat.map_or_else(|| "–".to_owned(), |n| format!("{n}/5"))}</td>
                    <td>{move || labels::touchpoint(&touchpoint, i18n.lang.get())}</td>
                    <td>{move || labels::survey_channel(&channel, i18n.lang.get())}</td>
                    <td>{s.comment.unwrap_or_default()}</td>
                </tr>
            }
        }/>
    }
}

/// NPS and CSAT history with comments.
#[component]
pub fn SurveysSection(
    /// Customer.
    customer_id: i64,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel" id="surveys">
            <h2>{move || i18n.t(T::SurveysTitle)}</h2>
            <Paged load=move |p| api::customers::surveys(customer_id, p) render=surveys_table
                empty=Signal::derive(move || i18n.t(T::NoSurveys).to_owned())/>
        </section>
    }
}
