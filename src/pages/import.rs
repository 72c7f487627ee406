//! `/admin/import`: load a bank's CSV export (customers, cards, transactions,
//! statements, payments, survey answers).
//!
//! Choosing a file reads only its header line, here in the browser, and
//! shows which field each column will be read as; the admin can change any
//! of them, apply a saved mapping or save this one under a name. "Check"
//! validates without writing; "Import" writes all rows or none. The file
//! goes up as it is (never held in the page), the run's progress is polled
//! into a bar, and the report lists counts and the first problems per
//! field, with every problem downloadable as CSV. Past runs are listed
//! below.

use std::collections::BTreeMap;

use crm_api::imports::fields::{
    FieldSpec, card_or_customer, fields, looks_utf8, map_headers, missing_fields, sniff_delimiter,
    split_header, template_header,
};
use crm_api::imports::{
    ImportKind, ImportMapping, ImportReport, ImportRun, ImportStatus, NewImportMapping,
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api;
use crate::components::badge::{Badge, Tone};
use crate::components::date::format_datetime;
use crate::components::money::format_int;
use crate::components::paged::Paged;
use crate::i18n::{Lang, T, use_i18n};

/// A field's name for people, with the name the CSV may use.
fn field_label(kind: ImportKind, name: &str, lang: Lang) -> String {
    match crm_api::imports::fields::field(kind, name) {
        Some(spec) => format!("{} · {name}", spec.label(lang)),
        None if name.is_empty() => "—".to_owned(),
        None => name.to_owned(),
    }
}

/// An empty template of `kind` (the header row, UTF-8 with BOM) as a download link.
fn template_href(kind: ImportKind) -> String {
    crate::features::dashboard::model::csv_href(&format!("{}\r\n", template_header(kind)))
}

/// Each header with the field it is read as (`""`: ignored), as a mapping is saved and sent.
fn columns(headers: Vec<String>, chosen: Vec<Option<&'static str>>) -> Vec<(String, String)> {
    headers
        .into_iter()
        .zip(chosen)
        .map(|(h, f)| (h, f.unwrap_or_default().to_owned()))
        .collect()
}

/// The header line of a file: its first 64 KiB, decoded as UTF-8 or GB18030.
async fn read_headers(file: &web_sys::File) -> Option<Vec<String>> {
    let head = file.slice_with_i32_and_i32(0, 64 * 1024).ok()?;
    let buffer = wasm_bindgen_futures::JsFuture::from(head.array_buffer())
        .await
        .ok()?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    let text = if looks_utf8(&bytes) {
        String::from_utf8_lossy(&bytes).into_owned()
    } else {
        web_sys::TextDecoder::new_with_label("gb18030")
            .ok()?
            .decode_with_u8_array(&bytes)
            .ok()?
    };
    let line = text.lines().next()?;
    let delimiter = char::from(sniff_delimiter(line));
    Some(split_header(line, delimiter))
}

/// Largest file the server takes from the browser (the command line has no limit).
const MAX_UPLOAD_BYTES: f64 = 256.0 * 1024.0 * 1024.0;

/// Waits `ms` milliseconds.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn chosen_file(input: NodeRef<leptos::html::Input>) -> Option<web_sys::File> {
    let el: web_sys::HtmlInputElement = input.get_untracked()?.unchecked_into();
    el.files()?.get(0)
}

/// Import page.
#[component]
#[allow(clippy::too_many_lines)]
pub fn ImportPage() -> impl IntoView {
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
                    refresh.update(|n| *n += 1);
                }
            }
            uploading.set(false);
            busy.set(false);
        });
    };
    view! {
        <div class="page-head"><h1>{move || i18n.t(T::ImportTitle)}</h1></div>
        <p class="muted">{move || i18n.t(T::ImportLead)}</p>
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

/// The column mapping: a field per header, saved mappings to apply, and
/// saving the current one.
#[component]
fn MappingEditor(
    kind: RwSignal<ImportKind>,
    headers: RwSignal<Vec<String>>,
    chosen: RwSignal<Vec<Option<&'static str>>>,
    saved: LocalResource<Result<Vec<ImportMapping>, api::ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let note = RwSignal::new(None::<(bool, String)>);
    let picked = RwSignal::new(None::<i64>);
    let saved_list = move || saved.get().and_then(Result::ok).unwrap_or_default();
    // a saved mapping belongs to one kind: forget the choice when the kind changes
    Effect::new(move |_| {
        kind.track();
        picked.set(None);
    });
    let apply = move |id: i64| {
        picked.set(Some(id));
        let Some(m) = saved_list().into_iter().find(|m| m.id == id) else {
            return;
        };
        let table = m.columns.into_iter().collect::<BTreeMap<String, String>>();
        chosen.set(map_headers(
            kind.get_untracked(),
            &headers.get_untracked(),
            &table,
        ));
        name.set(m.name);
    };
    let save = move || {
        let input = NewImportMapping {
            kind: kind.get_untracked(),
            name: name.get_untracked().trim().to_owned(),
            columns: columns(headers.get_untracked(), chosen.get_untracked()),
        };
        if input.validate().is_err() {
            note.set(Some((false, i18n.t(T::MappingNameNeeded).to_owned())));
            return;
        }
        leptos::task::spawn_local(async move {
            match api::imports::save_mapping(&input).await {
                Ok(m) => {
                    picked.set(Some(m.id));
                    note.set(Some((
                        true,
                        i18n.fmt(T::MappingSaved, &[("name", &m.name)]),
                    )));
                    saved.refetch();
                }
                Err(e) => note.set(Some((false, e.message()))),
            }
        });
    };
    let remove = move || {
        let Some(id) = picked.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match api::imports::delete_mapping(id).await {
                Ok(()) => {
                    picked.set(None);
                    note.set(Some((true, i18n.t(T::MappingDeleted).to_owned())));
                    saved.refetch();
                }
                Err(e) => note.set(Some((false, e.message()))),
            }
        });
    };
    let missing = move || {
        let k = kind.get();
        let lang = i18n.lang.get();
        missing_fields(k, &chosen.get())
            .into_iter()
            .map(|f| {
                // a card by number, or the customer's primary card
                if f == "card_number" && card_or_customer(k) {
                    format!(
                        "{} / {}",
                        field_label(k, f, lang),
                        field_label(k, "customer_no", lang)
                    )
                } else {
                    field_label(k, f, lang)
                }
            })
            .collect::<Vec<_>>()
    };
    view! {
        <fieldset class="mapping">
            <legend>{move || i18n.t(T::ImportMapping)}</legend>
            <p class="muted small">{move || i18n.t(T::MappingLead)}</p>
            <div class="mapping-saved">
                <label for="saved-mapping">{move || i18n.t(T::MappingSavedLabel)}</label>
                <select id="saved-mapping" on:change=move |ev| {
                    if let Ok(id) = event_target_value(&ev).parse::<i64>() { apply(id); } else { picked.set(None); }
                }>
                    <option value="" prop:selected=move || picked.get().is_none()>{move || i18n.t(T::MappingNone)}</option>
                    {move || saved_list().into_iter().map(|m| {
                        let id = m.id;
                        view! { <option value=id.to_string() prop:selected=move || picked.get() == Some(id)>{m.name}</option> }
                    }).collect_view()}
                </select>
                <button class="btn small" type="button" disabled=move || picked.get().is_none()
                    on:click=move |_| remove()>{move || i18n.t(T::MappingDelete)}</button>
            </div>
            <table class="data compact mapping-table">
                <thead><tr>
                    <th scope="col">{move || i18n.t(T::ImportHeader)}</th>
                    <th scope="col">{move || i18n.t(T::ImportField)}</th>
                </tr></thead>
                <tbody>
                    {move || headers.get().into_iter().enumerate().map(|(i, h)| {
                        let id = format!("map-{i}");
                        let header = h.clone();
                        view! {
                            <tr>
                                <td><label for=id.clone()>{h}</label></td>
                                <td>
                                    <select id=id aria-label=header on:change=move |ev| {
                                        let value = event_target_value(&ev);
                                        let field = fields(kind.get_untracked()).iter().find(|s| s.name == value).map(|s| s.name);
                                        chosen.update(|c| {
                                            // a field is read from one column only
                                            for (j, slot) in c.iter_mut().enumerate() {
                                                if j != i && field.is_some() && *slot == field { *slot = None; }
                                            }
                                            if let Some(slot) = c.get_mut(i) { *slot = field; }
                                        });
                                    }>
                                        <option value="" prop:selected=move || chosen.with(|c| c.get(i).copied().flatten().is_none())>
                                            {move || i18n.t(T::MappingIgnore)}
                                        </option>
                                        {move || fields(kind.get()).iter().map(|s: &FieldSpec| {
                                            let name = s.name;
                                            let spec = *s;
                                            view! {
                                                <option value=name prop:selected=move || chosen.with(|c| c.get(i).copied().flatten() == Some(name))>
                                                    {move || format!("{}{} · {name}", spec.label(i18n.lang.get()), if spec.required { " *" } else { "" })}
                                                </option>
                                            }
                                        }).collect_view()}
                                    </select>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {move || {
                let m = missing();
                (!m.is_empty()).then(|| view! {
                    <p class="form-error" role="status">{move || i18n.t(T::MappingMissing)}" "{m.join("、")}</p>
                })
            }}
            <div class="mapping-save">
                <label for="mapping-name">{move || i18n.t(T::MappingName)}</label>
                <input id="mapping-name" type="text" maxlength="40" prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))/>
                <button class="btn small" type="button" on:click=move |_| save()>{move || i18n.t(T::MappingSave)}</button>
            </div>
            {move || note.get().map(|(ok, text)| view! {
                <p class=if ok { "form-ok" } else { "form-error" } role="status">{text}</p>
            })}
        </fieldset>
    }
}

fn report_view(id: i64, problems: u64, r: ImportReport) -> impl IntoView {
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
            <table class="data compact">
                <thead><tr><th scope="col">{move || i18n.t(T::ImportHeader)}</th><th scope="col">{move || i18n.t(T::ImportField)}</th></tr></thead>
                <tbody>
                    {r.mapping.into_iter().map(|(h, f)| view! {
                        <tr><td>{h}</td><td>{move || f.as_deref().map_or_else(|| i18n.t(T::MappingIgnore).to_owned(), |f| field_label(kind, f, i18n.lang.get()))}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
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
fn history_table(runs: Vec<ImportRun>) -> impl IntoView {
    let i18n = use_i18n();
    let count = |n: u64| format_int(i64::try_from(n).unwrap_or(i64::MAX));
    view! {
        <table class="data compact">
            <thead><tr>
                <th scope="col">{move || i18n.t(T::ImportStarted)}</th>
                <th scope="col">{move || i18n.t(T::ImportFile)}</th>
                <th scope="col">{move || i18n.t(T::ImportKindShort)}</th>
                <th scope="col">{move || i18n.t(T::ImportBy)}</th>
                <th scope="col">{move || i18n.t(T::ImportOutcome)}</th>
                <th scope="col" class="num">{move || i18n.t(T::ImportRows)}</th>
                <th scope="col" class="num">{move || i18n.t(T::ImportNew)}</th>
                <th scope="col" class="num">{move || i18n.t(T::ImportInvalidShort)}</th>
                <th scope="col">{move || i18n.t(T::ImportProblems)}</th>
            </tr></thead>
            <tbody>
                {runs.into_iter().map(|r| {
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
                }).collect_view()}
            </tbody>
        </table>
    }
}
