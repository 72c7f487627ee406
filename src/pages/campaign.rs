//! `/campaigns/new` and `/campaigns/:id?step=`: the six-step builder while a
//! draft (savable at every step), then review, maker-checker approval,
//! launch, delivery progress and results against the holdout.

use crm_api::Role;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::components::states::{ErrorPanel, Skeleton};
use crate::features::auth::use_session;
use crate::features::campaigns::Campaign;
use crate::i18n::{T, use_i18n};

/// Builder and detail page.
#[component]
pub fn CampaignPage() -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    let id = Memo::new(
        move |prev: Option<&Option<i64>>| match params.with(|p| p.get("id")) {
            Some(v) => v.parse::<i64>().ok(),
            None => prev.copied().flatten(),
        },
    );
    let (role, me) = session
        .info
        .get_untracked()
        .map_or((Role::Agent, String::new()), |s| {
            (s.user.role, s.user.display_name)
        });
    let data = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::campaigns::get(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    view! {
        <div class="breadcrumb"><A href="/campaigns">{move || use_i18n().t(T::CampaignsTitle)}</A></div>
        <Transition fallback=|| view! { <div class="panel"><Skeleton lines=10/></div> }>
            {move || {
                let me = me.clone();
                Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorPanel error=e on_retry=move || data.refetch()/> }.into_any(),
                        Ok(c) => view! { <Campaign existing=c role=role me=me/> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}
