//! The card-business tab: cards in force, activity, spend, revolving
//! balances, delinquency buckets, attrition, points and campaign results.

use crm_api::dashboard::{CardMonth, CardsView, DashboardFilter, ratio};
use leptos::prelude::*;

use super::model::{axis_month, delta_text, drill_url, trend};
use super::widgets::{Donut, Kpi, Line, Lines, Stack, StackedBars, Widget, tab_view};
use crate::api;
use crate::components::data_table::{DataTable, label_then_numbers};
use crate::format::{
    fmt_count, fmt_pct, fmt_yuan, format_compact, format_compact_count, format_fen, format_int,
    pct_text,
};
use crate::i18n::{Lang, T, labels};

/// The tab's content for the filter.
#[component]
pub fn CardsPanel(filter: Memo<DashboardFilter>) -> impl IntoView {
    tab_view(
        filter,
        |f| async move { api::dashboard::cards(&f).await },
        render,
    )
}

fn pct_points(d: f64) -> String {
    format!("{:.1}pp", d * 100.0)
}

fn render(v: &CardsView, f: &DashboardFilter, lang: Lang) -> impl IntoView + use<> {
    let labels_m = month_labels(v);
    view! {
        {kpis(v, f, lang)}
        <div class="grid-2">
            {base_widget(v, lang, labels_m.clone())}
            {rate_widget(v, lang, labels_m.clone())}
            {delinquency_widget(v, f, lang, labels_m.clone())}
            {spend_widget(v, lang, labels_m.clone())}
            {product_widget(v, lang)}
            {points_widget(v, lang, labels_m)}
        </div>
        {province_widget(v, f, lang)}
        {campaign_widget(v, lang)}
    }
}

fn delinquent(m: &CardMonth) -> i64 {
    m.dpd_1_30 + m.dpd_31_60 + m.dpd_61_90 + m.dpd_90_plus
}

fn kpis(v: &CardsView, f: &DashboardFilter, lang: Lang) -> impl IntoView + use<> {
    let t = move |k: T| k.get(lang).to_owned();
    let (l, p, total) = (&v.latest, &v.previous, &v.total);
    let month_name = axis_month(&l.key);
    let (d_force, tr_force) = trend(Some(l.in_force as f64), Some(p.in_force as f64), true);
    let (d_act, tr_act) = trend(l.active_rate_30(), p.active_rate_30(), true);
    let (d_spend, tr_spend) = trend(l.spend_per_active(), p.spend_per_active(), true);
    let (d_rev, tr_rev) = trend(l.revolving_share(), p.revolving_share(), false);
    let (d_del, tr_del) = trend(l.delinquency_rate(), p.delinquency_rate(), false);
    let vs = t(T::VsPrevious);
    view! {
        <div class="grid-kpi kpi-dash">
            <Kpi label=t(T::CardsInForce) value=format_int(l.in_force)
                sub=format!("{} {month_name}", t(T::AtEndOf))
                delta=(format!("{} {vs}", delta_text(d_force, |d| format_int(d as i64))), tr_force)/>
            <Kpi label=t(T::NewCards) value=format_int(total.new_cards)
                sub=t(T::InRange) href=drill_url(f, "new_cards", "", "")/>
            <Kpi label=t(T::ActiveRate30) value=pct_text(l.active_rate_30())
                sub=format!("{} {}", t(T::ActiveRate90), pct_text(l.active_rate_90()))
                delta=(format!("{} {vs}", delta_text(d_act, pct_points)), tr_act)/>
            <Kpi label=t(T::SpendPerActive)
                value=l.spend_per_active().map_or_else(|| "–".into(), |s| format_compact(s.round() as i64, "CNY", lang))
                sub=format!("{} {month_name}", t(T::InMonth))
                delta=(format!("{} {vs}", delta_text(d_spend, |d| format_compact(d.round() as i64, "CNY", lang))), tr_spend)/>
            <Kpi label=t(T::RevolvingShare) value=pct_text(l.revolving_share())
                sub=t(T::RevolvingNote)
                delta=(format!("{} {vs}", delta_text(d_rev, pct_points)), tr_rev)/>
            <Kpi label=t(T::DelinquencyRate) value=pct_text(l.delinquency_rate())
                sub=format!("{} {}", format_int(delinquent(l)), t(T::StatementsPastDue))
                delta=(format!("{} {vs}", delta_text(d_del, pct_points)), tr_del)
                href=drill_url(f, "delinquent", "month", &l.key)/>
            <Kpi label=t(T::ClosedCards) value=format_int(total.closed)
                sub=t(T::InRange) href=drill_url(f, "closed_cards", "", "")/>
            <Kpi label=t(T::DormantCards) value=format_int(l.dormant)
                sub=t(T::DormantNote) href=drill_url(f, "dormant", "", "")/>
            <Kpi label=t(T::PointsIssuedRedeemed)
                value=format!("{} / {}", format_compact_count(total.points_issued, lang), format_compact_count(total.points_redeemed, lang))
                sub=format!("{} {}", t(T::RedemptionRate), pct_text(ratio(total.points_redeemed, total.points_issued)))/>
        </div>
    }
}

fn month_labels(v: &CardsView) -> Vec<String> {
    v.by_month.iter().map(|m| axis_month(&m.key)).collect()
}

/// One value per month for a chart line.
fn series(v: &CardsView, f: fn(&CardMonth) -> Option<f64>) -> Vec<Option<f64>> {
    v.by_month.iter().map(f).collect()
}

/// One table row per month: the month key, then one cell per column.
fn month_rows(v: &CardsView, cols: &[fn(&CardMonth) -> String]) -> Vec<Vec<String>> {
    v.by_month
        .iter()
        .map(|m| {
            std::iter::once(m.key.clone())
                .chain(cols.iter().map(|c| c(m)))
                .collect()
        })
        .collect()
}

fn base_widget(v: &CardsView, lang: Lang, labels_m: Vec<String>) -> impl IntoView + use<> {
    let t = move |k: T| k.get(lang).to_owned();
    let base_lines = vec![
        Line {
            name: t(T::CardsInForce),
            color: "var(--c1)",
            values: series(v, |m| Some(m.in_force as f64)),
        },
        Line {
            name: t(T::Active90),
            color: "var(--c6)",
            values: series(v, |m| Some(m.active_90 as f64)),
        },
        Line {
            name: t(T::Active30),
            color: "var(--c2)",
            values: series(v, |m| Some(m.active_30 as f64)),
        },
    ];
    let base_rows = month_rows(
        v,
        &[
            |m| m.in_force.to_string(),
            |m| m.active_90.to_string(),
            |m| m.active_30.to_string(),
            |m| m.new_cards.to_string(),
            |m| m.closed.to_string(),
            |m| m.dormant.to_string(),
        ],
    );
    let base_header = vec![
        t(T::ColMonth),
        t(T::CardsInForce),
        t(T::Active90),
        t(T::Active30),
        t(T::NewCards),
        t(T::ClosedCards),
        t(T::DormantCards),
    ];
    view! {
        <Widget title=t(T::CardsTrend) header=base_header rows=base_rows file="cards_by_month.csv".into()>
            <Lines title=t(T::CardsTrend) labels=labels_m.clone() lines=base_lines.clone() fmt=fmt_count/>
        </Widget>
    }
}

fn rate_widget(v: &CardsView, lang: Lang, labels_m: Vec<String>) -> impl IntoView + use<> {
    let t = move |k: T| k.get(lang).to_owned();
    let rate_lines = vec![
        Line {
            name: t(T::ActiveRate30),
            color: "var(--c1)",
            values: series(v, |m| m.active_rate_30().map(|r| r * 100.0)),
        },
        Line {
            name: t(T::ActiveRate90),
            color: "var(--c6)",
            values: series(v, |m| m.active_rate_90().map(|r| r * 100.0)),
        },
        Line {
            name: t(T::RevolvingShare),
            color: "var(--c2)",
            values: series(v, |m| m.revolving_share().map(|r| r * 100.0)),
        },
    ];
    let rate_rows = month_rows(
        v,
        &[
            |m| pct_text(m.active_rate_30()),
            |m| pct_text(m.active_rate_90()),
            |m| pct_text(m.revolving_share()),
        ],
    );
    let rate_header = vec![
        t(T::ColMonth),
        t(T::ActiveRate30),
        t(T::ActiveRate90),
        t(T::RevolvingShare),
    ];
    view! {
        <Widget title=t(T::RatesTrend) header=rate_header rows=rate_rows file="rates_by_month.csv".into()>
            <Lines title=t(T::RatesTrend) labels=labels_m.clone() lines=rate_lines.clone() fmt=fmt_pct/>
        </Widget>
    }
}

fn delinquency_widget(
    v: &CardsView,
    f: &DashboardFilter,
    lang: Lang,
    labels_m: Vec<String>,
) -> impl IntoView + use<> {
    let t = move |k: T| k.get(lang).to_owned();
    let bucket_keys = ["dpd_1_30", "dpd_31_60", "dpd_61_90", "dpd_90_plus"];
    let bucket_colors = ["var(--c5)", "var(--c2)", "var(--c7)", "var(--danger)"];
    let bucket_values: [fn(&CardMonth) -> i64; 4] = [
        |m| m.dpd_1_30,
        |m| m.dpd_31_60,
        |m| m.dpd_61_90,
        |m| m.dpd_90_plus,
    ];
    let stacks: Vec<Stack> = (0..4)
        .map(|i| Stack {
            name: labels::dpd_bucket(bucket_keys[i], lang).to_owned(),
            color: bucket_colors[i],
            values: v
                .by_month
                .iter()
                .map(|m| bucket_values[i](m) as f64)
                .collect(),
            href: Some(drill_url(f, "delinquent", "bucket", bucket_keys[i])),
        })
        .collect();
    let dpd_rows = month_rows(
        v,
        &[
            |m| m.statements.to_string(),
            |m| m.dpd_1_30.to_string(),
            |m| m.dpd_31_60.to_string(),
            |m| m.dpd_61_90.to_string(),
            |m| m.dpd_90_plus.to_string(),
            |m| pct_text(m.delinquency_rate()),
        ],
    );
    let dpd_header = vec![
        t(T::ColMonth),
        t(T::StatementsDue),
        labels::dpd_bucket("dpd_1_30", lang).into(),
        labels::dpd_bucket("dpd_31_60", lang).into(),
        labels::dpd_bucket("dpd_61_90", lang).into(),
        labels::dpd_bucket("dpd_90_plus", lang).into(),
        t(T::DelinquencyRate),
    ];
    view! {
        <Widget title=t(T::DelinquencyBuckets) header=dpd_header rows=dpd_rows file="delinquency_by_month.csv".into()
            note=t(T::DelinquencyNote)>
            <StackedBars title=t(T::DelinquencyBuckets) labels=labels_m.clone() stacks=stacks.clone() fmt=fmt_count/>
        </Widget>
    }
}

fn spend_widget(v: &CardsView, lang: Lang, labels_m: Vec<String>) -> impl IntoView + use<> {
    let t = move |k: T| k.get(lang).to_owned();
    let spend_lines = vec![Line {
        name: t(T::SpendPerActive),
        color: "var(--c1)",
        values: series(v, |m| m.spend_per_active()),
    }];
    let spend_rows = month_rows(
        v,
        &[
            |m| format_fen(m.spend_fen, "CNY"),
            |m| m.cards_with_spend.to_string(),
            |m| {
                m.spend_per_active()
                    .map_or_else(|| "–".into(), |s| format_fen(s.round() as i64, "CNY"))
            },
        ],
    );
    let spend_header = vec![
        t(T::ColMonth),
        t(T::Spend),
        t(T::CardsWithSpend),
        t(T::SpendPerActive),
    ];
    view! {
        <Widget title=t(T::SpendPerActiveTrend) header=spend_header rows=spend_rows file="spend_by_month.csv".into()
            note=t(T::ChartUnitYuan)>
            <Lines title=t(T::SpendPerActiveTrend) labels=labels_m.clone() lines=spend_lines.clone() fmt=fmt_yuan/>
        </Widget>
    }
}

fn product_widget(v: &CardsView, lang: Lang) -> impl IntoView + use<> {
    let t = move |k: T| k.get(lang).to_owned();
    let slices: Vec<(String, f64, String)> = v
        .by_product
        .iter()
        .filter(|p| p.in_force > 0)
        .map(|p| {
            (
                labels::product_code(&p.key, lang),
                p.in_force as f64,
                format_int(p.in_force),
            )
        })
        .collect();
    let product_rows: Vec<Vec<String>> = slices
        .iter()
        .map(|s| vec![s.0.clone(), s.2.clone()])
        .collect();
    view! {
        <Widget title=t(T::CardsByProduct) header=vec![t(T::ColProduct), t(T::CardsInForce)] rows=product_rows
            file="cards_by_product.csv".into()>
            <Donut title=t(T::CardsByProduct) slices=slices.clone()/>
        </Widget>
    }
}

fn points_widget(v: &CardsView, lang: Lang, labels_m: Vec<String>) -> impl IntoView + use<> {
    let t = move |k: T| k.get(lang).to_owned();
    let points_lines = vec![
        Line {
            name: t(T::PointsIssued),
            color: "var(--c1)",
            values: series(v, |m| Some(m.points_issued as f64)),
        },
        Line {
            name: t(T::PointsRedeemed),
            color: "var(--c2)",
            values: series(v, |m| Some(m.points_redeemed as f64)),
        },
    ];
    let points_rows = month_rows(
        v,
        &[
            |m| m.points_issued.to_string(),
            |m| m.points_redeemed.to_string(),
        ],
    );
    let points_header = vec![t(T::ColMonth), t(T::PointsIssued), t(T::PointsRedeemed)];
    view! {
        <Widget title=t(T::PointsTrend) header=points_header rows=points_rows file="points_by_month.csv".into()>
            <Lines title=t(T::PointsTrend) labels=labels_m.clone() lines=points_lines.clone() fmt=fmt_count/>
        </Widget>
    }
}

fn province_widget(v: &CardsView, f: &DashboardFilter, lang: Lang) -> impl IntoView + use<> {
    let t = move |k: T| k.get(lang).to_owned();
    let province_rows: Vec<Vec<String>> = v
        .by_province
        .iter()
        .map(|p| {
            vec![
                labels::province(&p.key, lang),
                p.in_force.to_string(),
                pct_text(p.active_rate_30()),
                p.dormant.to_string(),
                pct_text(p.delinquency_rate()),
            ]
        })
        .collect();
    let province_header = vec![
        t(T::ColRegion),
        t(T::CardsInForce),
        t(T::ActiveRate30),
        t(T::DormantCards),
        t(T::DelinquencyRate),
    ];
    let province_links: Vec<(String, String)> = v
        .by_province
        .iter()
        .map(|p| {
            (
                drill_url(f, "dormant", "province", &p.key),
                drill_url(f, "delinquent", "province", &p.key),
            )
        })
        .collect();
    let (province_head, province_body) = (province_header.clone(), province_rows.clone());
    view! {
        <Widget title=t(T::ByProvinceLatest) header=province_head rows=province_body
            file="cards_by_province.csv".into() class="wide">
            <DataTable rows={province_rows.iter().cloned().zip(province_links.iter().cloned()).collect::<Vec<_>>()}
                columns=label_then_numbers(&province_header)
                row={|(r, (dormant, delinquent)): (Vec<String>, (String, String))| view! {
                    <tr>
                        <td>{r[0].clone()}</td><td class="num">{r[1].clone()}</td><td class="num">{r[2].clone()}</td>
                        <td class="num"><a href=dormant>{r[3].clone()}</a></td>
                        <td class="num"><a href=delinquent>{r[4].clone()}</a></td>
                    </tr>
                }}/>
        </Widget>
    }
}

fn campaign_widget(v: &CardsView, lang: Lang) -> impl IntoView + use<> {
    let t = move |k: T| k.get(lang).to_owned();
    let campaign_header = vec![
        t(T::CampaignName),
        t(T::ColTreatment),
        t(T::TreatmentRate),
        t(T::ColControl),
        t(T::ControlRate),
        t(T::Uplift),
    ];
    let campaign_rows: Vec<Vec<String>> = v
        .campaigns
        .iter()
        .map(|c| {
            let tr = ratio(c.treatment_responders, c.treatment);
            let cr = ratio(c.control_responders, c.control);
            let uplift = match (tr, cr) {
                (Some(a), Some(b)) => format!("{:+.1}pp", (a - b) * 100.0),
                _ => "–".into(),
            };
            vec![
                c.name.clone(),
                c.treatment.to_string(),
                pct_text(tr),
                c.control.to_string(),
                pct_text(cr),
                uplift,
            ]
        })
        .collect();
    let campaign_ids: Vec<i64> = v.campaigns.iter().map(|c| c.id).collect();
    let (campaign_head, campaign_body) = (campaign_header.clone(), campaign_rows.clone());
    view! {
        <Widget title=t(T::CampaignResultsSummary) header=campaign_head rows=campaign_body
            file="campaign_results.csv".into() class="wide" note=t(T::CampaignSummaryNote)>
            <DataTable rows={campaign_rows.iter().cloned().zip(campaign_ids.iter().copied()).collect::<Vec<_>>()}
                columns=label_then_numbers(&campaign_header)
                row={|(r, id): (Vec<String>, i64)| view! {
                    <tr>
                        <td><a href=format!("/campaigns/{id}")>{r[0].clone()}</a></td>
                        {r[1..].iter().map(|c| view! { <td class="num">{c.clone()}</td> }).collect_view()}
                    </tr>
                }}/>
        </Widget>
    }
}
