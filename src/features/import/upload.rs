//! The upload form and the live progress of a run.

use std::collections::BTreeMap;

use crm_api::imports::fields::map_headers;
use crm_api::imports::{ImportKind, ImportRun, ImportStatus};
use leptos::prelude::*;

use super::mapping::MappingEditor;
use super::report::{history_table, report_view};
use super::{MAX_UPLOAD_BYTES, chosen_file, columns, read_headers, sleep, template_href};
use crate::api;
use crate::components::paged::Paged;
use crate::format::format_int;
use crate::i18n::{T, use_i18n};

/// The upload form (kind, template, file, mapping, check or import), the
/// progress of the run, its report and the history of runs.
#[component]
pub fn ImportPanel() -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new(ImportKind::Transactions);
    let input = NodeRef::<leptos::html::Input>::new();
    let busy = RwSignal::new(false);
    let uploading = RwSignal::new(false);
    let run = RwSignal::new(None::<ImportRun>);
    let error = RwSignal::new(None::<String>);
    // the chosen file's headers and the field each is read as
    let headers = RwSignal::new(Vec::<String>::new());
    let chosen = RwSignal::new(Vec::<Option<&'static str>>::new());
    let refresh = RwSignal::new(0_u32);
    let saved = LocalResource::new(move || api::imports::mappings(kind.get()));
    let auto_map = move || {
        let k = kind.get_untracked();
        chosen.set(map_headers(k, &headers.get_untracked(), &BTreeMap::new()));
    };
    let on_file = move |_| {
        run.set(None);
        error.set(None);
        leptos::task::spawn_local(async move {
            let read = match chosen_file(input) {
                Some(f) => read_headers(&f).await,
                None => None,
            };
            headers.set(read.unwrap_or_default());
            auto_map();
        });
    };
    let start = move |dry_run: bool| {
        if busy.get_untracked() {
            return;
        }
        let Some(file) = chosen_file(input) else {
            error.set(Some(i18n.t(T::ChooseFile).to_owned()));
            return;
        };
        if file.size() > MAX_UPLOAD_BYTES {
            error.set(Some(i18n.t(T::ImportTooLarge).to_owned()));
            return;
        }
        busy.set(true);
        uploading.set(true);
        error.set(None);
        run.set(None);
        let mapping: BTreeMap<String, String> =
            columns(headers.get_untracked(), chosen.get_untracked())
                .into_iter()
                .collect();
        leptos::task::spawn_local(async move {
            match api::imports::start(kind.get_untracked(), dry_run, &file, &mapping).await {
                Err(e) if e.code() == Some(crm_api::ErrorCode::Conflict) => {
                    error.set(Some(i18n.t(T::ImportBusy).to_owned()));
                }
                Err(e) => error.set(Some(e.message())),
                Ok(started) => {
                    uploading.set(false);
                    follow(started, run, error).await;
                    refresh.update(|n| *n += 1);
                }
            }
            uploading.set(false);
            busy.set(false);
        });
    };
    view! {
        <form class="panel import-form" on:submit=move |ev| { ev.prevent_default(); start(true); }>
            <div class="field">
                <label for="import-kind">{move || i18n.t(T::ImportKindLabel)}</label>
                <select id="import-kind" on:change=move |ev| {
                    if let Some(k) = ImportKind::parse(&event_target_value(&ev)) {
                        kind.set(k);
                        run.set(None);
                        auto_map();
                    }
                }>
                    {ImportKind::ALL.iter().map(|k| {
                        let k = *k;
                        view! { <option value=k.as_str() prop:selected=move || kind.get() == k>{move || k.label(i18n.lang.get())}</option> }
                    }).collect_view()}
                </select>
            </div>
            <p class="template-link">
                <a download=move || format!("{}-template.csv", kind.get().as_str())
                    href=move || template_href(kind.get())>
                    {move || i18n.fmt(T::ImportTemplate, &[("kind", kind.get().label(i18n.lang.get()))])}
                </a>
            </p>
            <div class="field">
                <label for="import-file">{move || i18n.t(T::ImportFile)}</label>
                <input id="import-file" type="file" accept=".csv,.txt,text/csv" node_ref=input on:change=on_file/>
            </div>
            <Show when=move || !headers.get().is_empty()>
                <MappingEditor kind=kind headers=headers chosen=chosen saved=saved/>
            </Show>
            <div class="form-actions">
                <button class="btn" type="submit" disabled=move || busy.get()>{move || i18n.t(T::ImportCheck)}</button>
                <button class="btn primary" type="button" disabled=move || busy.get()
                    on:click=move |_| start(false)>{move || i18n.t(T::ImportCommit)}</button>
            </div>
            <ImportProgress uploading=uploading run=run/>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        </form>
        {move || run.get().map(|r| match (r.report.clone(), r.error.clone()) {
            (Some(report), _) => report_view(r.id, r.problems, report).into_any(),
            (None, Some(e)) => view! { <p class="form-error" role="alert">{e}</p> }.into_any(),
            _ => ().into_any(),
        })}
        <section class="panel import-history">
            <h2>{move || i18n.t(T::ImportHistory)}</h2>
            <Paged
                load=move |p| { refresh.track(); api::imports::runs(p) }
                render=history_table
                empty=Signal::derive(move || i18n.t(T::ImportHistoryEmpty).to_owned())
            />
        </section>
    }
}

/// Polls a started run every 400 ms until it is no longer running.
async fn follow(
    started: ImportRun,
    run: RwSignal<Option<ImportRun>>,
    error: RwSignal<Option<String>>,
) {
    let id = started.id;
    let mut current = started;
    loop {
        let running = current.status == ImportStatus::Running;
        run.set(Some(current));
        if !running {
            break;
        }
        sleep(400).await;
        match api::imports::run(id).await {
            Ok(r) => current = r,
            Err(e) => {
                error.set(Some(e.message()));
                break;
            }
        }
    }
}

/// The upload's indeterminate bar, then the run's progress by bytes read.
#[component]
fn ImportProgress(uploading: RwSignal<bool>, run: RwSignal<Option<ImportRun>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
            <Show when=move || uploading.get()>
                <div class="progress indeterminate" role="progressbar" aria-label=move || i18n.t(T::ImportUploading)>
                    <span></span>
                </div>
                <p class="muted" role="status">{move || i18n.t(T::ImportUploading)}</p>
            </Show>
            {move || run.get().filter(|r| r.status == ImportStatus::Running).map(|r| {
                let pct = r.bytes_done.saturating_mul(100).checked_div(r.bytes_total).unwrap_or(0).min(100);
                let rows = format_int(i64::try_from(r.rows_done).unwrap_or(i64::MAX));
                view! {
                    <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100"
                        aria-valuenow=pct.to_string() aria-label=move || i18n.t(T::ImportWorking)>
                        <div class="progress-bar" style=format!("width: {pct}%")></div>
                    </div>
                    <p class="muted" role="status">
                        {move || i18n.fmt(T::ImportProgress, &[("pct", &pct.to_string()), ("rows", &rows)])}
                    </p>
                }
            })}
    }
}
