//! `/admin/audit?user=&customer_id=&action=&from=&to=&page=`: search the
//! audit log (filters in the URL), page through it, export it as CSV.

use crm_api::Role;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::page_param;
use crate::api::{self, ApiError};
use crate::components::pagination::Pagination;
use crate::components::states::{EmptyState, ErrorPanel, Skeleton};
use crate::features::admin::model::AuditFilter;
use crate::features::admin::{AuditFilters, AuditTable};
use crate::features::auth::RequireRole;
use crate::format::number::format_int;
use crate::i18n::{T, use_i18n};

/// Audit log.
#[component]
pub fn AuditPage() -> impl IntoView {
    view! { <RequireRole roles=&[Role::Admin]><AuditLog/></RequireRole> }
}

#[component]
fn AuditLog() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = StoredValue::new_local(use_navigate());
    let filter = Memo::new(move |_| query.with(|q| AuditFilter::from_query(|k| q.get(k))));
    let page = Memo::new(move |_| query.with(page_param));
    let data = LocalResource::new(move || {
        let q = filter.get().query(page.get());
        async move { api::audit::search(&q).await }
    });
    let go = move |href: String| navigate.with_value(|n| n(&href, NavigateOptions::default()));
    let on_apply = Callback::new(move |f: AuditFilter| go(f.href(1)));
    let on_page = Callback::new(move |p: u32| go(filter.get_untracked().href(p)));
    // the server's field messages go next to the filters
    let refused = Signal::derive(move || {
        data.get()
            .and_then(|r| r.err())
            .filter(|e: &ApiError| e.body.as_ref().is_some_and(|b| !b.error.fields.is_empty()))
    });
    let csv = move || api::audit::csv_url(&filter.get().query(1));
    view! {
        <div class="page-head">
            <div>
                <h1>{move || i18n.t(T::AuditTitle)}</h1>
                <p class="muted">{move || i18n.t(T::AuditLead)}</p>
            </div>
            <div class="actions">
                <a class="btn" href=csv download="audit.csv">{move || i18n.t(T::ExportCsv)}</a>
            </div>
        </div>
        // a fresh form when the URL changes (back/forward, clear)
        {move || view! { <AuditFilters initial=filter.get() server_error=refused on_apply=on_apply/> }}
        <Transition fallback=|| view! { <Skeleton lines=8/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) if e.body.as_ref().is_some_and(|b| !b.error.fields.is_empty()) => {
                        view! { <div class="form-error" role="alert">{e.message()}</div> }.into_any()
                    }
                    Err(e) => view! { <ErrorPanel error=e on_retry=move || data.refetch()/> }.into_any(),
                    Ok(found) if found.items.is_empty() => view! {
                        <EmptyState title=Signal::derive(move || i18n.t(T::NoAudit).to_owned())
                            hint=Signal::derive(move || i18n.t(T::NoAuditHint).to_owned())/>
                    }.into_any(),
                    Ok(found) => {
                        let pages = found.page_count();
                        let total = found.total;
                        view! {
                            <p class="muted result-count" role="status">
                                {move || i18n.fmt(T::AuditCount, &[("n", &format_int(total))])}
                            </p>
                            <AuditTable rows=found.items/>
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
