//! `/segments`: saved segments with size, and actions.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::components::badge::{Badge, Tone};
use crate::components::data_table::{Column, DataTable};
use crate::components::states::{ErrorPanel, Skeleton};
use crate::format::{format_datetime, format_int};
use crate::i18n::{T, use_i18n};

/// Segment list.
#[component]
pub fn SegmentsPage() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let list = LocalResource::new(api::segments::list);
    let duplicate = Action::new_local(move |id: &i64| {
        let id = *id;
        async move { api::segments::duplicate(id).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(copy)) = duplicate.value().get() {
            navigate(
                &format!("/segments/{}", copy.summary.id),
                NavigateOptions::default(),
            );
        }
    });
    view! {
        <div class="page-head">
            <h1>{move || i18n.t(T::SegmentsTitle)}</h1>
            <A href="/segments/new" attr:class="btn primary">{move || i18n.t(T::NewSegment)}</A>
        </div>
        <Transition fallback=|| view! { <Skeleton lines=8/> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <ErrorPanel error=e on_retry=move || list.refetch()/> }.into_any(),
                    Ok(rows) => view! {
                        <DataTable rows=rows empty=Signal::derive(move || i18n.t(T::NoSegments).to_owned()) columns={vec![
                            Column::text(T::SegmentName).sorted(|a, b| a.name.cmp(&b.name)),
                            Column::text(T::SegmentDescription),
                            Column::num(T::ColSize).sorted(|a, b| a.last_size.cmp(&b.last_size)),
                            Column::text(T::ColCounted),
                            Column::text(T::ColCreatedBy),
                            Column::text(T::ColActions),
                        ]} row=move |s| {
                            let id = s.id;
                            view! {
                                <tr>
                                    <td>
                                        <a href=format!("/segments/{id}")>{s.name}</a>
                                        {s.ready_made.then(|| view! { " " <Badge tone=Tone::Info>{move || i18n.t(T::ReadyMade)}</Badge> })}
                                    </td>
                                    <td class="muted">{s.description}</td>
                                    <td class="num">{s.last_size.map_or_else(|| "–".to_owned(), format_int)}</td>
                                    <td>{s.last_counted_at.map_or_else(|| "–".to_owned(), format_datetime)}</td>
                                    <td>{s.created_by.unwrap_or_else(|| "–".into())}</td>
                                    <td>
                                        <button type="button" class="btn small" on:click=move |_| { duplicate.dispatch(id); }>
                                            {move || i18n.t(T::Duplicate)}
                                        </button>
                                    </td>
                                </tr>
                            }
                        }/>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
