//! `/admin/import`: upload a CSV export (customers, cards or transactions),
//! check it first (nothing written), read the report — counts, how each
//! header was read, the first problems per field with their line — then
//! import it: all rows or none, and a second import of the same file adds
//! nothing.

use crm_api::imports::{ImportKind, ImportReport};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api;
use crate::components::badge::{Badge, Tone};
use crate::components::money::format_int;
use crate::i18n::{Lang, T, use_i18n};

const fn kind_label(kind: ImportKind) -> T {
    match kind {
        ImportKind::Customers => T::ImportCustomers,
        ImportKind::Cards => T::ImportCards,
        ImportKind::Transactions => T::ImportTransactions,
    }
}

/// A field's name for people, with the name the CSV may use.
fn field_label(name: &str, lang: Lang) -> String {
    let (zh, en) = match name {
        "customer_no" => ("客户号", "Customer no."),
        "name" => ("姓名", "Name"),
        "gender" => ("性别", "Gender"),
        "birth_date" => ("出生日期", "Birth date"),
        "national_id" => ("身份证号", "Resident ID"),
        "mobile" => ("手机号", "Mobile"),
        "email" => ("邮箱", "Email"),
        "province" => ("省份", "Province"),
        "city" => ("城市", "City"),
        "residence" => ("城乡", "Urban/rural"),
        "occupation" => ("职业", "Occupation"),
        "income_band" => ("收入", "Income band"),
        "branch" => ("开户网点", "Branch"),
        "joined_on" => ("开户日期", "Joined on"),
        "card_number" => ("卡号", "Card number"),
        "product" => ("卡产品", "Card product"),
        "credit_limit" => ("信用额度", "Credit limit"),
        "status" => ("状态", "Status"),
        "opened_on" => ("开卡日期", "Opened on"),
        "reference" => ("交易流水号", "Reference"),
        "occurred_at" => ("交易时间", "Time"),
        "amount" => ("交易金额", "Amount"),
        "merchant" => ("商户名称", "Merchant"),
        "category" => ("消费类别", "Category"),
        "channel" => ("交易渠道", "Channel"),
        "" => return "—".to_owned(),
        other => return other.to_owned(),
    };
    format!("{} · {name}", if lang == Lang::Zh { zh } else { en })
}

/// Reads the chosen file's bytes.
async fn read_file(input: &web_sys::HtmlInputElement) -> Option<Vec<u8>> {
    let file = input.files()?.get(0)?;
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The problems as a CSV download link (UTF-8 with BOM).
fn issues_href(r: &ImportReport, lang: Lang) -> String {
    let csv = format!("\u{feff}{}", crm_api::imports::issues_csv(r, lang));
    format!(
        "data:text/csv;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(&csv))
    )
}

/// Import page.
#[component]
pub fn ImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new(ImportKind::Transactions);
    let input = NodeRef::<leptos::html::Input>::new();
    let busy = RwSignal::new(false);
    let report = RwSignal::new(None::<ImportReport>);
    let error = RwSignal::new(None::<String>);
    let run = move |dry_run: bool| {
        if busy.get_untracked() {
            return;
        }
        let Some(el) = input.get_untracked() else {
            return;
        };
        let el: web_sys::HtmlInputElement = el.unchecked_into();
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match read_file(&el).await {
                None => error.set(Some(i18n.t(T::ChooseFile).to_owned())),
                Some(bytes) => {
                    match api::imports::import(kind.get_untracked(), dry_run, bytes).await {
                        Ok(r) => report.set(Some(r)),
                        Err(e) => error.set(Some(e.message())),
                    }
                }
            }
            busy.set(false);
        });
    };
    view! {
        <div class="page-head"><h1>{move || i18n.t(T::ImportTitle)}</h1></div>
        <p class="muted">{move || i18n.t(T::ImportLead)}</p>
        <form class="panel import-form" on:submit=move |ev| { ev.prevent_default(); run(true); }>
            <div class="field">
                <label for="import-kind">{move || i18n.t(T::ImportKindLabel)}</label>
                <select id="import-kind" on:change=move |ev| {
                    if let Some(k) = ImportKind::parse(&event_target_value(&ev)) {
                        kind.set(k);
                        report.set(None);
                    }
                }>
                    {ImportKind::ALL.iter().map(|k| {
                        let k = *k;
                        view! { <option value=k.as_str() prop:selected=move || kind.get() == k>{move || i18n.t(kind_label(k))}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="import-file">{move || i18n.t(T::ImportFile)}</label>
                <input id="import-file" type="file" accept=".csv,.txt,text/csv" node_ref=input
                    on:change=move |_| report.set(None)/>
            </div>
            <div class="form-actions">
                <button class="btn" type="submit" disabled=move || busy.get()>{move || i18n.t(T::ImportCheck)}</button>
                <button class="btn primary" type="button" disabled=move || busy.get()
                    on:click=move |_| run(false)>{move || i18n.t(T::ImportCommit)}</button>
            </div>
            <Show when=move || busy.get()>
                <div class="progress indeterminate" role="progressbar" aria-label=move || i18n.t(T::ImportWorking)>
                    <span></span>
                </div>
                <p class="muted" role="status">{move || i18n.t(T::ImportWorking)}</p>
            </Show>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        </form>
        {move || report.get().map(report_view)}
    }
}

fn report_view(r: ImportReport) -> impl IntoView {
    let i18n = use_i18n();
    let (tone, verdict) = if r.committed {
        (Tone::Success, T::ImportCommitted)
    } else if r.invalid_rows > 0 {
        (Tone::Danger, T::ImportRejected)
    } else {
        (Tone::Info, T::ImportValid)
    };
    let report = StoredValue::new(r.clone());
    view! {
        <section class="panel import-report" aria-live="polite">
            <div class="panel-head">
                <h2>{move || i18n.t(T::ImportReport)}</h2>
                <Badge tone=tone>{move || i18n.t(verdict)}</Badge>
            </div>
            <dl class="kv">
                <dt>{move || i18n.t(T::ImportRows)}</dt><dd class="num">{format_int(r.rows as i64)}</dd>
                <dt>{move || i18n.t(T::ImportInvalid)}</dt><dd class="num">{format_int(r.invalid_rows as i64)}</dd>
                <dt>{move || i18n.t(T::ImportNew)}</dt><dd class="num">{format_int(r.inserted as i64)}</dd>
                <dt>{move || i18n.t(T::ImportPresent)}</dt><dd class="num">{format_int(r.already_present as i64)}</dd>
                <dt>{move || i18n.t(T::ImportEncoding)}</dt><dd>{format!("{} · {}", r.encoding, if r.delimiter == "\t" { "TAB" } else { "," })}</dd>
            </dl>
            <h3>{move || i18n.t(T::ImportMapping)}</h3>
            <table class="data compact">
                <thead><tr><th scope="col">{move || i18n.t(T::ImportHeader)}</th><th scope="col">{move || i18n.t(T::ImportField)}</th></tr></thead>
                <tbody>
                    {r.mapping.into_iter().map(|(h, f)| view! {
                        <tr><td>{h}</td><td>{move || f.as_deref().map_or_else(|| "—".to_owned(), |f| field_label(f, i18n.lang.get()))}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            {(!r.issues.is_empty()).then(|| view! {
                <div class="page-head-row">
                    <h3>{move || i18n.t(T::ImportProblems)}</h3>
                    <a class="btn small" download="import-problems.csv"
                        href=move || report.with_value(|r| issues_href(r, i18n.lang.get()))>
                        {move || i18n.t(T::DownloadCsv)}
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
                                    <td>{move || field_label(&f.field, i18n.lang.get())}</td>
                                    <td class="num">{format_int(f.count as i64)}</td>
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
