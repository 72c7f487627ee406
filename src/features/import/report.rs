//! The report of one import run, and the history of past runs.

use crm_api::imports::{ImportReport, ImportRun, ImportStatus};
use leptos::prelude::*;

use super::field_label;
use crate::api;
use crate::components::badge::{Badge, Tone};
use crate::components::data_table::{Column, DataTable};
use crate::format::{format_datetime, format_int};
use crate::i18n::{T, use_i18n};

pub fn report_view(id: i64, problems: u64, r: ImportReport) -> impl IntoView {
    let i18n = use_i18n();
    let (tone, verdict) = if r.committed {
        (Tone::Success, T::ImportCommitted)
    } else if r.invalid_rows > 0 {
        (Tone::Danger, T::ImportRejected)
    } else {
        (Tone::Info, T::ImportValid)
    };
    let kind = r.kind;
    let count = |n: u64| format_int(i64::try_from(n).unwrap_or(i64::MAX));
    view! {
        <section class="panel import-report" aria-live="polite">
            <div class="panel-head">
                <h2>{move || i18n.t(T::ImportReport)}</h2>
                <Badge tone=tone>{move || i18n.t(verdict)}</Badge>
            </div>
            <dl class="kv">
                <dt>{move || i18n.t(T::ImportRows)}</dt><dd class="num">{count(r.rows)}</dd>
                <dt>{move || i18n.t(T::ImportInvalid)}</dt><dd class="num">{count(r.invalid_rows)}</dd>
                <dt>{move || i18n.t(T::ImportNew)}</dt><dd class="num">{count(r.inserted)}</dd>
                <dt>{move || i18n.t(T::ImportPresent)}</dt><dd class="num">{count(r.already_present)}</dd>
                <dt>{move || i18n.t(T::ImportEncoding)}</dt><dd>{format!("{} · {}", r.encoding, if r.delimiter == "\t" { "TAB" } else { "," })}</dd>
                <dt>{move || i18n.t(T::ImportSeconds)}</dt><dd class="num">{format!("{:.1}", r.seconds)}</dd>
            </dl>
            {(r.committed && r.inserted > 0).then(|| view! {
                <p class="muted" role="status">{move || i18n.t(T::ImportCatchUp)}</p>
            })}
            <h3>{move || i18n.t(T::ImportMapping)}</h3>
            <DataTable rows=r.mapping class="compact" columns={vec![
                Column::text(T::ImportHeader),
                Column::text(T::ImportField),
            ]} row={move |(h, f): (String, Option<String>)| view! {
                <tr><td>{h}</td><td>{move || f.as_deref().map_or_else(|| i18n.t(T::MappingIgnore).to_owned(), |f| field_label(kind, f, i18n.lang.get()))}</td></tr>
            }}/>
            {(!r.issues.is_empty()).then(|| view! {
                <div class="page-head-row">
                    <h3>{move || i18n.t(T::ImportProblems)}</h3>
                    <a class="btn small" download=format!("import-{id}-problems.csv")
                        href=move || api::imports::problems_href(id, i18n.lang.get())>
                        {move || i18n.fmt(T::ImportDownloadAll, &[("n", &count(problems))])}
                    </a>
                </div>
                <table class="data compact issues">
                    <thead><tr>
                        <th scope="col">{move || i18n.t(T::ImportField)}</th>
                        <th scope="col" class="num">{move || i18n.t(T::ImportCount)}</th>
                        <th scope="col">{move || i18n.t(T::ImportFirstProblems)}</th>
                    </tr></thead>
                    <tbody>
                        {r.issues.into_iter().map(|f| {
                            let first = f.first.clone();
                            view! {
                                <tr>
                                    <td>{move || field_label(kind, &f.field, i18n.lang.get())}</td>
                                    <td class="num">{count(f.count)}</td>
                                    <td>
                                        <ul class="issue-lines">
                                            {first.into_iter().take(5).map(|i| {
                                                let line = i.line.to_string();
                                                let code = i.code;
                                                view! { <li>{move || i18n.fmt(T::ImportLine, &[("line", &line)])}" · "{move || code.message(i18n.lang.get())}</li> }
                                            }).collect_view()}
                                        </ul>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </section>
    }
}

/// Past runs.
pub fn history_table(runs: Vec<ImportRun>) -> impl IntoView {
    let i18n = use_i18n();
    let count = |n: u64| format_int(i64::try_from(n).unwrap_or(i64::MAX));
    view! {
        <DataTable rows=runs class="compact" columns={vec![
            Column::text(T::ImportStarted),
            Column::text(T::ImportFile),
            Column::text(T::ImportKindShort),
            Column::text(T::ImportBy),
            Column::text(T::ImportOutcome),
            Column::num(T::ImportRows),
            Column::num(T::ImportNew),
            Column::num(T::ImportInvalidShort),
            Column::text(T::ImportProblems),
        ]} row=move |r| {
            let (tone, outcome) = match (&r.status, &r.report) {
                (ImportStatus::Running, _) => (Tone::Info, T::ImportRunning),
                (ImportStatus::Failed, _) | (ImportStatus::Done, None) => (Tone::Danger, T::ImportFailed),
                (ImportStatus::Done, Some(rep)) if rep.committed => (Tone::Success, T::ImportCommitted),
                (ImportStatus::Done, Some(rep)) if rep.invalid_rows > 0 => (Tone::Danger, T::ImportRejectedShort),
                (ImportStatus::Done, Some(_)) => (Tone::Neutral, T::ImportChecked),
            };
            let (new, invalid) = r.report.as_ref().map_or((0, 0), |rep| (rep.inserted, rep.invalid_rows));
            let id = r.id;
            let kind = r.kind;
            view! {
                <tr>
                    <td>{format_datetime(r.started_at)}</td>
                    <td class="file-name">{r.file_name}</td>
                    <td>{move || kind.label(i18n.lang.get())}</td>
                    <td>{r.user}</td>
                    <td><Badge tone=tone>{move || i18n.t(outcome)}</Badge></td>
                    <td class="num">{count(r.rows_done)}</td>
                    <td class="num">{count(new)}</td>
                    <td class="num">{count(invalid)}</td>
                    <td>{(r.problems > 0).then(|| view! {
                        <a download=format!("import-{id}-problems.csv")
                            href=move || api::imports::problems_href(id, i18n.lang.get())>
                            {move || i18n.fmt(T::ImportDownloadShort, &[("n", &count(r.problems))])}
                        </a>
                    })}</td>
                </tr>
            }
        }/>
    }
}
