//! The column mapping editor: a field per header, saved mappings to apply,
//! and saving the current one.

use std::collections::BTreeMap;

use crm_api::imports::fields::{FieldSpec, card_or_customer, fields, map_headers, missing_fields};
use crm_api::imports::{ImportKind, ImportMapping, NewImportMapping};
use leptos::prelude::*;

use super::{columns, field_label};
use crate::api;
use crate::i18n::{Lang, T, use_i18n};

/// The column mapping: a field per header, saved mappings to apply, and
/// saving the current one.
#[component]
pub fn MappingEditor(
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
    let missing = move || missing_labels(kind.get(), &chosen.get(), i18n.lang.get());
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
                    {move || headers.get().into_iter().enumerate().map(|(i, h)| view! { <MappingRow i=i h=h kind=kind chosen=chosen/> }).collect_view()}
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

/// One header of the file and the field it is read as; a field is read from one column only.
#[component]
fn MappingRow(
    i: usize,
    h: String,
    kind: RwSignal<ImportKind>,
    chosen: RwSignal<Vec<Option<&'static str>>>,
) -> impl IntoView {
    let i18n = use_i18n();
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
}

/// The required fields no column is read as, named for people.
fn missing_labels(k: ImportKind, chosen: &[Option<&'static str>], lang: Lang) -> Vec<String> {
    missing_fields(k, chosen)
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
        .collect()
}
