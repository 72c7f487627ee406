//! A section that loads one page at a time, with loading, empty and error
//! states and previous/next controls.

use std::future::Future;

use crm_api::Page;
use leptos::prelude::*;

use super::pagination::Pagination;
use super::states::{EmptyState, ErrorPanel, Skeleton};
use crate::api::ApiError;

/// Loads page `n` with `load` and renders its rows with `render`.
#[component]
pub fn Paged<T, F, Fut, R, V>(
    /// Fetches a page (1-based).
    load: F,
    /// Renders the rows of a non-empty page.
    render: R,
    /// Said when there are no rows at all.
    #[prop(into)]
    empty: Signal<String>,
) -> impl IntoView
where
    T: Clone + 'static,
    F: Fn(u32) -> Fut + Copy + 'static,
    Fut: Future<Output = Result<Page<T>, ApiError>> + 'static,
    R: Fn(Vec<T>) -> V + Copy + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let page = RwSignal::new(1u32);
    let data = LocalResource::new(move || load(page.get()));
    let on_page = Callback::new(move |p: u32| page.set(p));
    view! {
        <Transition fallback=|| view! { <Skeleton lines=5/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorPanel error=e on_retry=move || data.refetch()/> }.into_any(),
                    Ok(p) if p.items.is_empty() => view! { <EmptyState title=empty/> }.into_any(),
                    Ok(p) => {
                        let pages = p.page_count();
                        view! {
                            {render(p.items)}
                            {(pages > 1).then(|| view! {
                                <Pagination page=page pages=Signal::derive(move || pages) on_page=on_page/>
                            })}
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
