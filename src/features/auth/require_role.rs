//! Pages only some roles may open: the others get the not-allowed state
//! (and no request is made; the server would refuse it anyway).

use crm_api::Role;
use leptos::prelude::*;

use super::model::home_path;
use super::use_session;
use crate::components::states::NotAllowed;

/// Shows `children` to `roles`, the not-allowed state to everyone else.
#[component]
pub fn RequireRole(
    /// Who may see the content.
    roles: &'static [Role],
    /// The page.
    children: ChildrenFn,
) -> impl IntoView {
    let session = use_session();
    let role = Memo::new(move |_| session.info.with(|i| i.as_ref().map(|i| i.user.role)));
    move || match role.get() {
        Some(r) if roles.contains(&r) => children().into_any(),
        Some(r) => view! { <NotAllowed home=home_path(r)/> }.into_any(),
        None => ().into_any(),
    }
}
