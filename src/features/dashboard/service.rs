//! The service tab: interactions by channel and month, first-response and
//! resolution times against their service levels.

use crm_api::InteractionChannel;
use crm_api::dashboard::{DashboardFilter, ServiceRow, ServiceView};
use leptos::prelude::*;

use super::model::axis_month;
use super::widgets::{Kpi, Line, Lines, PALETTE, Stack, StackedBars, Widget, tab_view, table_html};
use crate::api;
use crate::format::{fmt_count, fmt_pct, format_int, pct_text};
use crate::i18n::{Lang, T, labels};

/// The tab's content for the filter.
#[component]
pub fn ServicePanel(filter: Memo<DashboardFilter>) -> impl IntoView {
    tab_view(
        filter,
        |f| async move { api::dashboard::service(&f).await },
        render,
    )
}

fn render(v: &ServiceView, _filter: &DashboardFilter, lang: Lang) -> impl IntoView + use<> {
    let t = move |k: T| k.get(lang).to_owned();
    let dur = |secs: Option<f64>| {
        secs.map_or_else(|| "–".into(), |s| labels::duration(s.round() as i64, lang))
    };
    let total = &v.total;
    let kpis = view! {
        <div class="grid-kpi kpi-dash">
            <Kpi label=t(T::Interactions) value=format_int(total.interactions)
                sub=format!("{} {}", t(T::Pending), format_int(total.pending))/>
            <Kpi label=t(T::MeanFirstResponse) value=dur(total.mean_first_response())
                sub=format!("{} {}", t(T::WithinSla), pct_text(total.first_response_sla_rate()))/>
            <Kpi label=t(T::MeanResolution) value=dur(total.mean_resolution())
                sub=format!("{} {}", t(T::WithinSla), pct_text(total.resolution_sla_rate()))/>
        </div>
    };
    let channel_name = |c: &str| {
        InteractionChannel::parse(c).map_or_else(
            || c.to_owned(),
            |ch| labels::interaction_channel(ch, lang).to_owned(),
        )
    };
    let labels_m: Vec<String> = v.months.iter().map(|m| axis_month(m)).collect();
    let channels: Vec<String> = v.by_channel.iter().map(|c| c.key.clone()).collect();
    let stacks: Vec<Stack> = channels
        .iter()
        .enumerate()
        .map(|(i, ch)| Stack {
            name: channel_name(ch),
            color: PALETTE[i % PALETTE.len()],
            values: v
                .months
                .iter()
                .map(|m| {
                    v.by_month_channel
                        .iter()
                        .find(|c| c.month == *m && c.channel == *ch)
                        .map_or(0.0, |c| c.count as f64)
                })
                .collect(),
            href: None,
        })
        .collect();
    let mut stack_header = vec![t(T::ColMonth)];
    stack_header.extend(channels.iter().map(|c| channel_name(c)));
    let stack_rows: Vec<Vec<String>> = v
        .months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            std::iter::once(m.clone())
                .chain(stacks.iter().map(|s| format_int(s.values[i] as i64)))
                .collect()
        })
        .collect();
    let sla_lines = vec![
        Line {
            name: t(T::FirstResponseInSla),
            color: "var(--c1)",
            values: v
                .by_month
                .iter()
                .map(|m| m.first_response_sla_rate().map(|r| r * 100.0))
                .collect(),
        },
        Line {
            name: t(T::ResolutionInSla),
            color: "var(--c2)",
            values: v
                .by_month
                .iter()
                .map(|m| m.resolution_sla_rate().map(|r| r * 100.0))
                .collect(),
        },
    ];
    let sla_rows: Vec<Vec<String>> = v
        .by_month
        .iter()
        .map(|m| {
            vec![
                m.key.clone(),
                pct_text(m.first_response_sla_rate()),
                pct_text(m.resolution_sla_rate()),
            ]
        })
        .collect();
    let channel_header = vec![
        t(T::ColChannel),
        t(T::Interactions),
        t(T::SlaTarget),
        t(T::MeanFirstResponse),
        t(T::WithinSla),
        t(T::MeanResolution),
        t(T::WithinSla),
        t(T::Pending),
    ];
    let row = |c: &ServiceRow| {
        let target = v.sla.iter().find(|s| s.channel == c.key).map_or_else(
            || "–".into(),
            |s| labels::duration(s.first_response_secs, lang),
        );
        vec![
            channel_name(&c.key),
            format_int(c.interactions),
            target,
            dur(c.mean_first_response()),
            pct_text(c.first_response_sla_rate()),
            dur(c.mean_resolution()),
            pct_text(c.resolution_sla_rate()),
            format_int(c.pending),
        ]
    };
    let channel_rows: Vec<Vec<String>> = v.by_channel.iter().map(row).collect();
    let (channel_head, channel_body) = (channel_header.clone(), channel_rows.clone());
    let sla_note = format!(
        "{} {} · {} {}",
        t(T::ResolutionSlaComplaint),
        labels::duration(v.resolution_sla_complaint_secs, lang),
        t(T::ResolutionSlaOther),
        labels::duration(v.resolution_sla_other_secs, lang)
    );
    let labels_sla = labels_m.clone();
    view! {
        {kpis}
        <div class="grid-2">
            <Widget title=t(T::InteractionsByChannel) header=stack_header rows=stack_rows file="interactions_by_month.csv".into()>
                <StackedBars title=t(T::InteractionsByChannel) labels=labels_m.clone() stacks=stacks.clone() fmt=fmt_count/>
            </Widget>
            <Widget title=t(T::SlaTrend) header=vec![t(T::ColMonth), t(T::FirstResponseInSla), t(T::ResolutionInSla)]
                rows=sla_rows file="sla_by_month.csv".into() note=sla_note.clone()>
                <Lines title=t(T::SlaTrend) labels=labels_sla.clone() lines=sla_lines.clone() fmt=fmt_pct/>
            </Widget>
        </div>
        <Widget title=t(T::ServiceByChannel) header=channel_head rows=channel_body file="service_by_channel.csv".into()
            class="wide" note=sla_note>
            {table_html(&channel_header, &channel_rows)}
        </Widget>
    }
}
