//! The user list; a row opens the user.

use crm_api::users::UserView;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use super::status_badges::StatusBadges;
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
            let href = format!("/admin/users/{}", u.id);
            let nav = use_navigate();
            let go = href.clone();
            let (role, active, must_change) = (u.role, u.active, u.must_change_password);
            view! {
                <tr class="clickable" on:click=move |_| nav(&go, NavigateOptions::default())>
                    <td class="mono"><a href=href on:click=|ev| ev.stop_propagation()>{u.username}</a></td>
                    <td>{u.display_name}</td>
                    <td>{move || labels::role(role, i18n.lang.get())}</td>
                    <td>{u.branch_name.unwrap_or_else(|| "–".into())}</td>
                    <td><StatusBadges active=active must_change=must_change/></td>
                    <td class="muted">{format_datetime(u.created_at)}</td>
                </tr>
            }
        }/>
    }
}
