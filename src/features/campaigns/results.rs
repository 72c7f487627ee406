//! Results against the holdout, and the contact list.

use crm_api::campaigns::{ArmResult, CampaignResults, DeliveryStatus, DeliveryView};
use leptos::prelude::*;

use crate::api;
use crate::components::badge::{Badge, Tone};
use crate::components::chart::{LineChart, Series};
use crate::components::data_table::{Column, DataTable};
use crate::components::paged::Paged;
use crate::components::states::{ErrorPanel, Skeleton};
use crate::format::{format_date, format_datetime, format_fen, format_int, format_pct, format_pp};
use crate::i18n::{T, labels, use_i18n};

/// Whether the 95% interval excludes zero.
#[must_use]
pub fn significant(ci: (f64, f64)) -> bool {
    ci.0 > 0.0 || ci.1 < 0.0
}

const fn delivery_tone(s: DeliveryStatus) -> Tone {
    match s {
        DeliveryStatus::Sent => Tone::Success,
        DeliveryStatus::Pending => Tone::Info,
        DeliveryStatus::Failed => Tone::Danger,
        DeliveryStatus::Suppressed => Tone::Neutral,
    }
}

/// KPIs of both arms, the uplift with its interval, and the daily curve.
#[component]
pub fn ResultsPanel(
    /// Campaign.
    id: i64,
) -> impl IntoView {
    let i18n = use_i18n();
    let data = LocalResource::new(move || api::campaigns::results(id));
    view! {
        <section class="panel" id="results">
            <div class="panel-head">
                <h2>{move || i18n.t(T::Results)}</h2>
                <div class="actions">
                    <a class="btn small" href=format!("/api/v1/campaigns/{id}/results.csv") download>{move || i18n.t(T::DownloadResults)}</a>
                </div>
            </div>
            <Transition fallback=|| view! { <Skeleton lines=6/> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorPanel error=e on_retry=move || data.refetch()/> }.into_any(),
                        Ok(r) => view! { <ResultsBody r=r/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ResultsBody(r: CampaignResults) -> impl IntoView {
    let i18n = use_i18n();
    let sig = significant(r.uplift_ci);
    let (lo, hi) = r.uplift_ci;
    let labels_x: Vec<String> = r.by_day.iter().map(|(d, _, _)| d.to_string()).collect();
    let by_day = r.by_day.clone();
    let series = Signal::derive(move || {
        vec![
            Series {
                name: i18n.t(T::Treatment).to_owned(),
                color: "var(--c1)",
                values: by_day.iter().map(|x| x.1).collect(),
            },
            Series {
                name: i18n.t(T::Control).to_owned(),
                color: "var(--c3)",
                values: by_day.iter().map(|x| x.2).collect(),
            },
        ]
    });
    let t = move |k: T| Signal::derive(move || i18n.t(k).to_owned());
    let (tr, co) = (r.treatment.clone(), r.control.clone());
    let arm_row = move |name: T, a: ArmResult| {
        view! {
            <tr>
                <th scope="row">{move || i18n.t(name)}</th>
                <td class="num">{format_int(a.members)}</td>
                <td class="num">{format_int(a.sent)}</td>
                <td class="num">{format_int(a.responded)}</td>
                <td class="num">{format_pct(a.response_rate)}</td>
                <td class="num">{format_fen(a.spend.fen, &a.spend.currency)}</td>
            </tr>
        }
    };
    view! {
        <div class="grid-kpi kpi-4">
            <div class="stat">
                <div class="stat-label">{move || i18n.t(T::Uplift)}</div>
                <div class="stat-value" data-testid="uplift">{format_pp(r.uplift)}</div>
                <div class="stat-sub">
                    {move || format!("{} {} – {}", i18n.t(T::UpliftCi), format_pp(lo), format_pp(hi))}
                    " "
                    <Badge tone=if sig { Tone::Success } else { Tone::Neutral }>
                        {move || if sig { i18n.t(T::Significant) } else { i18n.t(T::NotSignificant) }}
                    </Badge>
                </div>
            </div>
            <div class="stat">
                <div class="stat-label">{move || format!("{} · {}", i18n.t(T::ResponseRate), i18n.t(T::Treatment))}</div>
                <div class="stat-value">{format_pct(tr.response_rate)}</div>
                <div class="stat-sub">{move || format!("{} {}", i18n.t(T::Control), format_pct(co.response_rate))}</div>
            </div>
            <div class="stat">
                <div class="stat-label">{move || i18n.t(T::IncrementalSpend)}</div>
                <div class="stat-value">{format_fen(r.incremental_spend.fen, &r.incremental_spend.currency)}</div>
                <div class="stat-sub">{move || format!("{} {}", i18n.t(T::Budget), format_fen(r.budget.fen, &r.budget.currency))}</div>
            </div>
            <div class="stat">
                <div class="stat-label">{move || i18n.t(T::Roi)}</div>
                <div class="stat-value">{r.roi.map_or_else(|| "–".to_owned(), |v| format!("¥{v:.2}"))}</div>
                <div class="stat-sub">{move || format!("{} {}", i18n.t(T::ComputedAt), format_datetime(r.computed_at))}</div>
            </div>
        </div>
        <div style="margin-bottom:var(--s4)">
            <DataTable rows=vec![(T::Treatment, r.treatment.clone()), (T::Control, r.control.clone())]
                columns={vec![
                    Column::text(T::Arm),
                    Column::num(T::ColMembersOnly),
                    Column::num(T::ColSent),
                    Column::num(T::Responded),
                    Column::num(T::ResponseRate),
                    Column::num(T::AttributedSpend),
                ]}
                row={move |(name, a)| arm_row(name, a)}/>
        </div>
        {(!r.by_day.is_empty()).then(|| view! {
            <LineChart title=t(T::ByDaySince) unit=t(T::DaySince) labels=labels_x series=series
                tick_format=format_pct label_header=t(T::DaySince)/>
        })}
    }
}

fn deliveries_table(rows: Vec<DeliveryView>) -> impl IntoView {
    let i18n = use_i18n();
    let columns = vec![
        Column::text(T::ColCustomerNo),
        Column::text(T::ColName),
        Column::text(T::ColMobile),
        Column::text(T::ChannelLabel),
        Column::text(T::ColDelivery),
        Column::text(T::ColReason),
        Column::text(T::ColTime),
    ];
    view! {
        <DataTable columns=columns rows=rows row=move |d| {
            let (status, channel, reason) = (d.status, d.channel, d.reason.clone());
            view! {
                <tr>
                    <td class="mono"><a href=format!("/customers/{}?tab=campaigns", d.customer_id)>{d.customer_no}</a></td>
                    <td>{d.name_masked}</td>
                    <td class="mono">{d.mobile_masked}</td>
                    <td>{move || labels::consent_channel(channel, i18n.lang.get())}</td>
                    <td><Badge tone=delivery_tone(status)>{move || labels::delivery_status(status, i18n.lang.get())}</Badge></td>
                    <td class="muted">{move || reason.as_deref().map(|r| labels::delivery_reason(r, i18n.lang.get())).unwrap_or_default()}</td>
                    <td>{d.sent_at.map_or_else(|| "–".to_owned(), format_datetime)}</td>
                </tr>
            }
        }/>
    }
}

/// The contact list (treatment arm), masked, paged, with a CSV download.
#[component]
pub fn DeliveriesSection(
    /// Campaign.
    id: i64,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel" id="contacts">
            <div class="panel-head">
                <h2>{move || i18n.t(T::ContactList)}</h2>
                <a class="btn small" href=format!("/api/v1/campaigns/{id}/contacts.csv") download>{move || i18n.t(T::DownloadContacts)}</a>
            </div>
            <Paged load=move |p| api::campaigns::deliveries(id, p) render=deliveries_table
                empty=Signal::derive(move || i18n.t(T::NoDeliveries).to_owned())/>
        </section>
    }
}

/// A date range `from – to` (for lists).
#[must_use]
pub fn launch_text(at: Option<i64>) -> String {
    at.map_or_else(|| "–".to_owned(), format_date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uplift_is_shown_in_points_with_sign() {
        assert_eq!(format_pp(0.14), "+14.0 pp");
        assert_eq!(format_pp(-0.021), "−2.1 pp");
        assert_eq!(format_pp(0.0), "0.0 pp");
    }

    #[test]
    fn significance_needs_the_interval_to_exclude_zero() {
        assert!(significant((0.01, 0.2)));
        assert!(significant((-0.2, -0.01)));
        assert!(!significant((-0.01, 0.2)));
    }
}
