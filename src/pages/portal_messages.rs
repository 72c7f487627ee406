//! `/portal/messages`: what the bank sent the cardholder, newest first;
//! opening the page marks everything read.

use leptos::prelude::*;

use crate::api;
use crate::components::pagination::Pagination;
use crate::components::states::{EmptyState, ErrorPanel, Skeleton};
use crate::format::format_datetime;
use crate::i18n::{T, use_i18n};

/// Messages.
#[component]
pub fn PortalMessagesPage() -> impl IntoView {
    let i18n = use_i18n();
    let page = RwSignal::new(1_u32);
    let data = LocalResource::new(move || api::me::messages(page.get()));
    view! {
        <h2 style="margin:0">{move || i18n.t(T::MessagesTitle)}</h2>
        <Transition fallback=|| view! { <Skeleton lines=4/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorPanel error=e on_retry=move || data.refetch()/> }.into_any(),
                    Ok(p) if p.items.is_empty() => view! {
                        <EmptyState title=Signal::derive(move || i18n.t(T::NoMessages).to_owned())/>
                    }.into_any(),
                    Ok(p) => {
                        if p.items.iter().any(|m| m.unread) {
                            // seen now: the home page's count clears
                            leptos::task::spawn_local(async move {
                                let _ = api::me::read_messages().await;
                            });
                        }
                        let pages = p.page_count();
                        view! {
                            <ul class="tx-list messages">
                                {p.items.into_iter().map(|m| view! {
                                    <li class:unread=m.unread>
                                        <div>
                                            <div>{m.message}</div>
                                            <div class="muted small">{format_datetime(m.sent_at)}</div>
                                        </div>
                                    </li>
                                }).collect_view()}
                            </ul>
                            <Show when=move || { pages > 1 }>
                                <Pagination page=page pages=Signal::derive(move || pages) on_page=Callback::new(move |n| page.set(n))/>
                            </Show>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
