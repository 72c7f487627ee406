//! `/campaigns?status=`: campaigns with status, audience, arms and delivery.

use crm_api::campaigns::CampaignStatus;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api;
use crate::components::badge::Badge;
use crate::components::data_table::{Column, DataTable};
use crate::components::states::{ErrorPanel, Skeleton};
use crate::features::campaigns::model::status_tone;
use crate::features::campaigns::results::launch_text;
use crate::format::{format_datetime, format_int};
use crate::i18n::{T, labels, use_i18n};

/// Campaign list.
#[component]
pub fn CampaignsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let status = Memo::new(move |_| {
        query
            .with(|q| q.get("status"))
            .and_then(|s| CampaignStatus::parse(&s))
    });
    let list = LocalResource::new(move || api::campaigns::list(status.get()));
    let on_filter = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        let to = if v.is_empty() {
            "/campaigns".to_owned()
        } else {
            format!("/campaigns?status={v}")
        };
        navigate(&to, NavigateOptions::default());
    };
    view! {
        <div class="page-head">
            <h1>{move || i18n.t(T::CampaignsTitle)}</h1>
            <div class="actions">
                <label class="sr-only" for="status-filter">{move || i18n.t(T::ColStatus)}</label>
                <select id="status-filter" on:change=on_filter
                    prop:value=move || status.get().map_or("", CampaignStatus::as_str).to_owned()>
                    <option value="">{move || i18n.t(T::AllStatuses)}</option>
                    {CampaignStatus::ALL.iter().map(|s| {
                        let s = *s;
                        view! { <option value=s.as_str()>{move || labels::campaign_status(s, i18n.lang.get())}</option> }
                    }).collect_view()}
                </select>
                <A href="/campaigns/new" attr:class="btn primary">{move || i18n.t(T::NewCampaign)}</A>
            </div>
        </div>
        <Transition fallback=|| view! { <Skeleton lines=8/> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <ErrorPanel error=e on_retry=move || list.refetch()/> }.into_any(),
                    Ok(rows) => view! {
                        <DataTable rows=rows empty=Signal::derive(move || i18n.t(T::NoCampaigns).to_owned()) columns={vec![
                            Column::text(T::CampaignName).sorted(|a, b| a.draft.name.cmp(&b.draft.name)),
                            Column::text(T::ColStatus),
                            Column::text(T::ColAudience),
                            Column::text(T::ColOffer),
                            Column::num(T::ColMembers),
                            Column::num(T::ColSent).sorted(|a, b| a.sent.cmp(&b.sent)),
                            Column::text(T::ColLaunched),
                            Column::text(T::ColCreatedBy),
                            Column::text(T::ColUpdated).sorted(|a, b| a.updated_at.cmp(&b.updated_at)),
                        ]} row=move |c| {
                            let (st, kind) = (c.status, c.draft.offer_kind);
                            let members = if c.treatment + c.control > 0 {
                                format!("{} / {}", format_int(c.treatment), format_int(c.control))
                            } else {
                                "–".to_owned()
                            };
                            view! {
                                <tr>
                                    <td><a href=format!("/campaigns/{}", c.id)>{c.draft.name.clone()}</a></td>
                                    <td><Badge tone=status_tone(st)>{move || labels::campaign_status(st, i18n.lang.get())}</Badge></td>
                                    <td>{c.segment_name.clone().unwrap_or_else(|| "–".into())}</td>
                                    <td>{move || kind.map_or("–", |k| labels::campaign_offer(k, i18n.lang.get()))}</td>
                                    <td class="num">{members}</td>
                                    <td class="num">{format_int(c.sent)}</td>
                                    <td>{launch_text(c.launched_at)}</td>
                                    <td>{c.created_by.clone()}</td>
                                    <td>{format_datetime(c.updated_at)}</td>
                                </tr>
                            }
                        }/>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
