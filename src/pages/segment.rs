//! `/segments/new` and `/segments/:id`: the builder with the live count.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::components::states::{ErrorPanel, Skeleton};
use crate::features::segments::Builder;

/// Builder page.
#[component]
pub fn SegmentPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |prev: Option<&Option<i64>>| {
        match params.with(|p| p.get("id")) {
            Some(v) => v.parse::<i64>().ok(),
            // leaving the page: keep the old id (no refetch while unmounting)
            None => prev.copied().flatten(),
        }
    });
    let data = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::segments::get(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    view! {
        <Transition fallback=|| view! { <Skeleton lines=10/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorPanel error=e on_retry=move || data.refetch()/> }.into_any(),
                    Ok(view) => view! { <Builder existing=view/> }.into_any(),
                }
            })}
        </Transition>
    }
}
