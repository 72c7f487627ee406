//! The user list.

use crm_api::users::UserView;
use leptos::prelude::*;

use crate::components::badge::{Badge, Tone};
use crate::components::data_table::{Column, DataTable};
use crate::format::format_datetime;
use crate::i18n::{T, labels, use_i18n};

/// Users table.
#[component]
pub fn UsersTable(
    /// Rows.
    rows: Vec<UserView>,
) -> impl IntoView {
    let i18n = use_i18n();
    let columns = vec![
        Column::text(T::Username),
        Column::text(T::ColName),
        Column::text(T::ColRole),
        Column::text(T::ColBranch),
        Column::text(T::ColStatus),
        Column::text(T::ColCreated),
    ];
    view! {
        <DataTable columns=columns rows=rows row=move |u| {
            let (role, active) = (u.role, u.active);
            view! {
                <tr>
                    <td class="mono">{u.username}</td>
                    <td>{u.display_name}</td>
                    <td>{move || labels::role(role, i18n.lang.get())}</td>
                    <td>{u.branch_name.unwrap_or_else(|| "–".into())}</td>
                    <td>
                        <Badge tone=if active { Tone::Success } else { Tone::Neutral }>
                            {move || if active { i18n.t(T::Active) } else { i18n.t(T::Disabled) }}
                        </Badge>
                    </td>
                    <td>{format_datetime(u.created_at)}</td>
                </tr>
            }
        }/>
    }
}
