//! The segment builder: name and description, the rule tree, the live count
//! and the size history of a saved segment.

use crm_api::segments::{Logic, Rule, SegmentInput, SegmentView};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use super::{CountPanel, GroupEditor, NodeKind};
use crate::api;
use crate::components::chart::{BarChart, Datum, Heads};
use crate::format::{format_date, format_int};
use crate::i18n::{T, use_i18n};

/// The builder of a new (`None`) or saved segment.
#[component]
pub fn Builder(existing: Option<SegmentView>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let id = existing.as_ref().map(|s| s.summary.id);
    let version = RwSignal::new(existing.as_ref().map(|s| s.version));
    let name = RwSignal::new(
        existing
            .as_ref()
            .map(|s| s.summary.name.clone())
            .unwrap_or_default(),
    );
    let description = RwSignal::new(
        existing
            .as_ref()
            .map(|s| s.summary.description.clone())
            .unwrap_or_default(),
    );
    let initial = existing.as_ref().map_or_else(
        || Rule::Group {
            logic: Logic::And,
            rules: vec![],
        },
        |s| s.rules.clone(),
    );
    let NodeKind::Group(root) = NodeKind::from_rule(&initial) else {
        return view! { <p>{move || i18n.t(T::LoadFailed)}</p> }.into_any();
    };
    let rule = Memo::new(move |_| NodeKind::Group(root).to_rule());
    let segments = LocalResource::new(api::segments::list);
    let others = Signal::derive(move || {
        segments
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .filter(|s| Some(s.id) != id)
            .collect::<Vec<_>>()
    });
    let errors = RwSignal::new(crm_api::validate::Errors::default());
    let save = Action::new_local(move |input: &SegmentInput| {
        let input = input.clone();
        async move {
            match id {
                Some(id) => api::segments::update(id, &input).await,
                None => api::segments::create(&input).await,
            }
        }
    });
    let nav = navigate.clone();
    Effect::new(move |_| {
        if let Some(Ok(saved)) = save.value().get() {
            version.set(Some(saved.version));
            if id.is_none() {
                nav(
                    &format!("/segments/{}", saved.summary.id),
                    NavigateOptions::default(),
                );
            }
        }
    });
    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = SegmentInput {
            name: name.get_untracked(),
            description: description.get_untracked(),
            rules: rule.get_untracked(),
            version: version.get_untracked(),
        };
        match input.validate() {
            Ok(()) => {
                errors.set(Default::default());
                save.dispatch(input);
            }
            Err(e) => errors.set(e),
        }
    };
    let field_error =
        move |f: &'static str| errors.with(|e| e.get(f).map(|p| p.message(i18n.lang.get())));
    let server_message = move || {
        save.value().get().map(|r| match r {
            Ok(_) => (true, i18n.t(T::Saved).to_owned()),
            Err(e) if e.status == 412 => (false, i18n.t(T::Conflict412).to_owned()),
            Err(e) => (false, e.message()),
        })
    };
    let remove = Action::new_local(move |(): &()| async move {
        match id {
            Some(id) => api::segments::delete(id).await,
            None => Ok(()),
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = remove.value().get() {
            navigate("/segments", NavigateOptions::default());
        }
    });
    let confirm_delete = move |_| {
        let ok = web_sys::window()
            .and_then(|w| w.confirm_with_message(i18n.t(T::ConfirmDeleteSegment)).ok())
            .unwrap_or(false);
        if ok {
            remove.dispatch(());
        }
    };
    view! {
        <form class="builder" on:submit=on_save novalidate>
            <div class="builder-main">
                <div class="page-head">
                    <h1>{move || if id.is_some() { name.get() } else { i18n.t(T::NewSegment).to_owned() }}</h1>
                    <div class="actions">
                        {id.map(|sid| view! {
                            <a class="btn" href=format!("/api/v1/segments/{sid}/members.csv") download=""
                                title=move || i18n.t(T::ExportMembersHint)>{move || i18n.t(T::ExportMembers)}</a>
                            <button type="button" class="btn" on:click=confirm_delete>{move || i18n.t(T::Delete)}</button>
                        })}
                        <button type="submit" class="btn primary" disabled=move || save.pending().get()>
                            {move || if save.pending().get() { i18n.t(T::Saving) } else { i18n.t(T::Save) }}
                        </button>
                    </div>
                </div>
                {move || server_message().map(|(ok, text)| view! {
                    <div class=if ok { "form-ok" } else { "form-error" } role="status">{text}</div>
                })}
                {move || remove.value().get().and_then(Result::err).map(|e| view! { <div class="form-error" role="alert">{e.message()}</div> })}
                <div class="panel">
                    <div class="field">
                        <label for="segment-name">{move || i18n.t(T::SegmentName)}</label>
                        <input id="segment-name" type="text" bind:value=name aria-invalid=move || field_error("name").is_some().to_string()/>
                        <span class="field-error">{move || field_error("name")}</span>
                    </div>
                    <div class="field">
                        <label for="segment-description">{move || i18n.t(T::SegmentDescription)}</label>
                        <input id="segment-description" type="text" bind:value=description/>
                        <span class="field-error">{move || field_error("description")}</span>
                    </div>
                </div>
                <GroupEditor group=root depth=1/>
                {id.map(|id| view! { <SizeHistory id=id/> })}
            </div>
            <CountPanel rule=rule others=others/>
        </form>
    }
    .into_any()
}

#[component]
fn SizeHistory(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let data = LocalResource::new(move || api::segments::history(id));
    let points = Signal::derive(move || {
        data.get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .rev()
            .take(12)
            .rev()
            .map(|(at, n)| Datum {
                label: format_date(at)[5..].to_owned(),
                value: n as f64,
                display: format_int(n),
                extra: None,
            })
            .collect::<Vec<_>>()
    });
    let t = move |k: T| Signal::derive(move || i18n.t(k).to_owned());
    view! {
        <section class="panel">
            <Show when=move || !points.with(Vec::is_empty) fallback=move || view! { <h2>{move || i18n.t(T::SizeHistory)}</h2><p class="muted">"–"</p> }>
            <BarChart title=t(T::SizeHistory) unit=t(T::ColSize) data=points
                tick_format=|v, _| format_int(v.round() as i64) heads=Heads::new(t(T::ColCounted), t(T::ColSize))/>
            </Show>
        </section>
    }
}
