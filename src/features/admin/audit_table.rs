//! Audit entries: time (Asia/Shanghai), who, what (named where known, the
//! raw code otherwise), which customer, detail and client address.

use crm_api::audit::AuditEntry;
use leptos::prelude::*;

use crate::components::data_table::{Column, DataTable};
use crate::format::format_datetime;
use crate::i18n::{T, labels, use_i18n};

/// Audit table.
#[component]
pub fn AuditTable(
    /// Rows of the current page.
    rows: Vec<AuditEntry>,
) -> impl IntoView {
    let i18n = use_i18n();
    let columns = vec![
        Column::text(T::ColTime),
        Column::text(T::ColUser),
        Column::text(T::AuditAction),
        Column::text(T::ColCustomer),
        Column::text(T::ColDetail),
        Column::text(T::ColAddress),
    ];
    view! {
        <DataTable columns=columns rows=rows class="audit" row=move |e| {
            let code = e.action.clone();
            let label_code = code.clone();
            let label = move || labels::audit_action(&label_code, i18n.lang.get());
            let known = labels::audit_action(&code, crm_api::validate::Lang::En) != code;
            view! {
                <tr>
                    <td class="nowrap num-like">{format_datetime(e.at)}</td>
                    <td>{match e.username {
                        Some(u) => view! { <span class="mono">{u}</span> }.into_any(),
                        None => view! { <span class="muted">{move || i18n.t(T::UnknownUser)}</span> }.into_any(),
                    }}</td>
                    <td>
                        <span class="action-label">{label}</span>
                        {known.then(|| view! { <code class="action-code">{code.clone()}</code> })}
                    </td>
                    <td class="num">{e.customer_id.map(|c| format!("#{c}"))}</td>
                    <td class="detail">{e.detail}</td>
                    <td class="mono muted">{e.ip.unwrap_or_else(|| "–".into())}</td>
                </tr>
            }
        }/>
    }
}
