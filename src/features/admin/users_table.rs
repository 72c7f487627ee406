//! The user list.

use crm_api::users::UserView;
use leptos::prelude::*;

use crate::components::badge::{Badge, Tone};
use crate::components::date::format_datetime;
use crate::i18n::{T, labels, use_i18n};

/// Users table.
#[component]
pub fn UsersTable(
    /// Rows.
    rows: Vec<UserView>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="data">
                <thead><tr>
                    <th scope="col">{move || i18n.t(T::Username)}</th>
                    <th scope="col">{move || i18n.t(T::ColName)}</th>
                    <th scope="col">{move || i18n.t(T::ColRole)}</th>
                    <th scope="col">{move || i18n.t(T::ColBranch)}</th>
                    <th scope="col">{move || i18n.t(T::ColStatus)}</th>
                    <th scope="col">{move || i18n.t(T::ColCreated)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|u| {
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
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
