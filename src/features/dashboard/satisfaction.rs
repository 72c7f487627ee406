//! The satisfaction tab: NPS and CSAT with their trend and bands, the
//! lowest-scoring areas first, a month × province heat map, complaint topics,
//! follow-ups, and the comments behind the scores.

use std::collections::HashMap;

use crm_api::dashboard::{DashboardFilter, SMALL_SAMPLE, SatisfactionRow, SatisfactionView};
use crm_api::surveys::Topic;
use leptos::prelude::*;

use super::model::{axis_month, delta_text, drill_url, score_text, trend};
use super::widgets::{CountBars, Heatmap, Kpi, Line, Lines, ScoreBars, ScoreRow, Widget, tab_view};
use crate::api;
use crate::components::paged::Paged;
use crate::format::{fmt_score, format_datetime, format_int, pct_text};
use crate::i18n::{Lang, T, labels, use_i18n};

/// The tab's content for the filter.
#[component]
pub fn SatisfactionPanel(filter: Memo<DashboardFilter>) -> impl IntoView {
    view! {
        {tab_view(filter, |f| async move { api::dashboard::satisfaction(&f).await }, render)}
        <Comments filter=filter/>
    }
}

fn row_label(dim: &str, r: &SatisfactionRow, lang: Lang) -> String {
    match (dim, lang) {
        ("branch", Lang::Zh) => r.label.clone().unwrap_or_else(|| r.key.clone()),
        ("branch", Lang::En) => r.label_en.clone().unwrap_or_else(|| r.key.clone()),
        _ => labels::dimension_value(dim, &r.key, lang),
    }
}

fn score_rows(
    dim: &str,
    rows: &[SatisfactionRow],
    f: &DashboardFilter,
    lang: Lang,
) -> Vec<ScoreRow> {
    rows.iter()
        .map(|r| ScoreRow {
            label: row_label(dim, r, lang),
            score: r.nps.score,
            n: r.nps.n,
            href: Some(drill_url(f, "detractors", dim, &r.key)),
        })
        .collect()
}

fn breakdown_table(
    dim: &str,
    rows: &[SatisfactionRow],
    lang: Lang,
) -> (Vec<String>, Vec<Vec<String>>) {
    let header = vec![
        labels::dimension(dim, lang).to_owned(),
        "NPS".to_owned(),
        T::ColNpsAnswers.get(lang).to_owned(),
        T::ColPromoters.get(lang).to_owned(),
        T::ColDetractors.get(lang).to_owned(),
        "CSAT".to_owned(),
        T::ColCsatAnswers.get(lang).to_owned(),
    ];
    let rows = rows
        .iter()
        .map(|r| {
            vec![
                row_label(dim, r, lang),
                score_text(r.nps.score),
                r.nps.n.to_string(),
                r.nps.promoters.to_string(),
                r.nps.detractors.to_string(),
                r.csat
                    .average
                    .map_or_else(|| "–".into(), |a| format!("{a:.2}")),
                r.csat.n.to_string(),
            ]
        })
        .collect();
    (header, rows)
}

fn render(v: &SatisfactionView, f: &DashboardFilter, lang: Lang) -> impl IntoView + use<> {
    let t = move |k: T| k.get(lang).to_owned();
    let months: Vec<String> = v.by_month.iter().map(|m| axis_month(&m.key)).collect();
    let trend_lines = vec![
        Line {
            name: "NPS".into(),
            color: "var(--c1)",
            values: v.by_month.iter().map(|m| m.nps.score).collect(),
        },
        Line {
            name: t(T::CsatSatisfiedShare),
            color: "var(--c2)",
            values: v
                .by_month
                .iter()
                .map(|m| m.csat.satisfied_share.map(|s| s * 100.0))
                .collect(),
        },
    ];
    let (mh, mrows) = breakdown_table("month", &v.by_month, lang);
    let (ph, prow) = breakdown_table("province", &v.by_province, lang);
    let province_bars = score_rows("province", &v.by_province, f, lang);
    let month_labels = months.clone();
    let trend_title = t(T::NpsTrend);

    let n_label = if lang == Lang::Zh { "样本" } else { "n" };
    view! {
        {kpis(v, f, lang)}
        <div class="grid-2">
            <Widget title=t(T::NpsTrend) header=mh rows=mrows file="nps_by_month.csv".into()
                note=t(T::NpsNote)>
                <Lines title=trend_title.clone() labels=month_labels.clone() lines=trend_lines.clone() fmt=fmt_score/>
            </Widget>
            <Widget title=t(T::NpsByProvince) header=ph rows=prow file="nps_by_province.csv".into()
                note=t(T::LowestFirst)>
                <ScoreBars rows=province_bars.clone() n_label=n_label/>
            </Widget>
        </div>
        {heatmap_widget(v, f, lang)}
        <div class="grid-2">
            {breakdown_widgets(v, f, lang)}
            {topics_widget(v, lang)}
        </div>
    }
}

fn kpis(v: &SatisfactionView, f: &DashboardFilter, lang: Lang) -> impl IntoView + use<> {
    let t = move |k: T| k.get(lang).to_owned();
    let nps = v.nps;
    let band = match (nps.low, nps.high) {
        (Some(lo), Some(hi)) => format!(
            "{} {lo:.0} ~ {hi:.0} · n = {}",
            t(T::Band95),
            format_int(nps.n)
        ),
        _ => t(T::NoAnswers),
    };
    let small = (nps.n > 0 && nps.n < SMALL_SAMPLE).then(|| t(T::SmallSample));
    // compare what is shown: NPS to one decimal, CSAT to two
    let round = |x: Option<f64>, places: i32| {
        x.map(|x| (x * 10f64.powi(places)).round() / 10f64.powi(places))
    };
    let (d_nps, tr_nps) = trend(round(nps.score, 1), round(v.previous_nps.score, 1), true);
    let (d_csat, tr_csat) = trend(
        round(v.csat.average, 2),
        round(v.previous_csat.average, 2),
        true,
    );
    view! {
        <div class="grid-kpi kpi-dash">
            <Kpi label=t(T::NpsLabel) value=score_text(nps.score)
                sub=small.map_or(band.clone(), |s| format!("{band} · {s}"))
                delta=(format!("{} {}", delta_text(d_nps, |d| format!("{d:.1}")), t(T::VsPrevious)), tr_nps)
                href=drill_url(f, "detractors", "", "")/>
            <Kpi label=t(T::CsatLabel)
                value=v.csat.average.map_or_else(|| "–".into(), |a| format!("{a:.2} / 5"))
                sub=format!("{} {} · n = {}", t(T::Satisfied45), pct_text(v.csat.satisfied_share), format_int(v.csat.n))
                delta=(format!("{} {}", delta_text(d_csat, |d| format!("{d:.2}")), t(T::VsPrevious)), tr_csat)/>
            <Kpi label=t(T::Responses) value=format_int(nps.n.max(v.csat.n))
                sub=format!("{} {} · {} {} · {} {}", t(T::ColPromoters), nps.promoters, t(T::Passives), nps.passives, t(T::ColDetractors), nps.detractors)
                href=drill_url(f, "responses", "", "")/>
            <Kpi label=t(T::FollowUpsOpen) value=format_int(v.follow_ups.open)
                sub=format!("{} {}", t(T::Overdue), format_int(v.follow_ups.overdue))
                href="/follow-ups?status=overdue".to_owned()/>
        </div>
    }
}

/// Months × provinces, provinces lowest first, months of the range.
fn heatmap_widget(v: &SatisfactionView, f: &DashboardFilter, lang: Lang) -> impl IntoView + use<> {
    let t = move |k: T| k.get(lang).to_owned();
    let mut cells = HashMap::new();
    for c in &v.heatmap {
        cells.insert((c.month.clone(), c.province.clone()), (c.score, c.n));
    }
    let heat_months: Vec<(String, String)> = v
        .months
        .iter()
        .map(|m| (m.clone(), axis_month(m)))
        .collect();
    let heat_rows: Vec<(String, String, Option<String>)> = v
        .by_province
        .iter()
        .map(|p| {
            (
                p.key.clone(),
                labels::province(&p.key, lang),
                Some(drill_url(f, "detractors", "province", &p.key)),
            )
        })
        .collect();
    let heat_csv_rows: Vec<Vec<String>> = v
        .heatmap
        .iter()
        .map(|c| {
            vec![
                c.month.clone(),
                labels::province(&c.province, lang),
                score_text(c.score),
                c.n.to_string(),
            ]
        })
        .collect();

    view! {
        <Widget title=t(T::NpsHeatmap) class="wide"
            header=vec![t(T::ColMonth), t(T::ColRegion), "NPS".into(), "n".into()]
            rows=heat_csv_rows file="nps_month_province.csv".into() note=t(T::HeatmapNote)>
            <Heatmap months=heat_months.clone() rows=heat_rows.clone() cells=cells.clone() corner=t(T::ColRegion)/>
        </Widget>
    }
}

fn topics_widget(v: &SatisfactionView, lang: Lang) -> impl IntoView + use<> {
    let t = move |k: T| k.get(lang).to_owned();
    let topic_rows: Vec<(String, i64, Option<String>)> = v
        .topics
        .iter()
        .map(|c| (labels::topic(c.topic, lang).to_owned(), c.count, None))
        .collect();
    let topic_csv: Vec<Vec<String>> = v
        .topics
        .iter()
        .map(|c| vec![labels::topic(c.topic, lang).to_owned(), c.count.to_string()])
        .collect();

    view! {
        <Widget title=t(T::ComplaintTopics) header=vec![t(T::Topic), t(T::ColCount)]
            rows=topic_csv file="complaint_topics.csv".into() note=t(T::TopicsNote)>
            <CountBars rows=topic_rows.clone()/>
        </Widget>
    }
}

/// One NPS bar chart per dimension (product, segment, channel, touchpoint, branch).
fn breakdown_widgets(
    v: &SatisfactionView,
    f: &DashboardFilter,
    lang: Lang,
) -> impl IntoView + use<> {
    let t = move |k: T| k.get(lang).to_owned();
    [
        ("product", T::NpsByProduct, &v.by_product),
        ("segment", T::NpsBySegment, &v.by_segment),
        ("channel", T::NpsByChannel, &v.by_channel),
        ("touchpoint", T::NpsByTouchpoint, &v.by_touchpoint),
        ("branch", T::NpsByBranch, &v.by_branch),
    ]
    .into_iter()
    .map(|(dim, title, rows)| {
        let (h, r) = breakdown_table(dim, rows, lang);
        let bars = score_rows(dim, rows, f, lang);
        let n_label = if lang == Lang::Zh { "样本" } else { "n" };
        view! {
            <Widget title=t(title) header=h rows=r file=format!("nps_by_{dim}.csv")>
                <ScoreBars rows=bars.clone() n_label=n_label/>
            </Widget>
        }
    })
    .collect_view()
}

/// Comments with their scores, searchable and filtered by the dashboard's selection.
#[component]
fn Comments(filter: Memo<DashboardFilter>) -> impl IntoView {
    let i18n = use_i18n();
    let q = RwSignal::new(String::new());
    let applied = RwSignal::new(String::new());
    let topic = RwSignal::new(String::new());
    let detractors = RwSignal::new(false);
    let load = move |page: u32| {
        let (f, q, tp, d) = (filter.get(), applied.get(), topic.get(), detractors.get());
        async move { api::dashboard::comments(&f, &q, &tp, d, page).await }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        applied.set(q.get_untracked());
    };
    view! {
        <section class="panel comments">
            <div class="panel-head"><h2>{move || i18n.t(T::Comments)}</h2></div>
            <form class="comment-filters" on:submit=on_submit role="search">
                <label class="sr-only" for="comment-q">{move || i18n.t(T::SearchComments)}</label>
                <input id="comment-q" type="search" placeholder=move || i18n.t(T::SearchComments)
                    prop:value=move || q.get() on:input=move |ev| q.set(event_target_value(&ev))/>
                <label class="sr-only" for="comment-topic">{move || i18n.t(T::Topic)}</label>
                <select id="comment-topic" on:change=move |ev| topic.set(event_target_value(&ev))>
                    <option value="">{move || i18n.t(T::AllTopics)}</option>
                    {Topic::ALL.iter().map(|tp| {
                        let tp = *tp;
                        view! { <option value=tp.as_str()>{move || labels::topic(tp, i18n.lang.get())}</option> }
                    }).collect_view()}
                </select>
                <label class="check">
                    <input type="checkbox" prop:checked=move || detractors.get()
                        on:change=move |ev| detractors.set(event_target_checked(&ev))/>
                    {move || i18n.t(T::DetractorsOnly)}
                </label>
                <button class="btn" type="submit">{move || i18n.t(T::Search)}</button>
            </form>
            <Paged load=load empty=Signal::derive(move || i18n.t(T::NoComments).to_owned())
                render={move |rows: Vec<crm_api::dashboard::CommentRow>| view! {
                    <ul class="comment-list">
                        {rows.into_iter().map(|c| {
                            let lang = i18n.lang.get_untracked();
                            let tone = if c.nps.is_some_and(|n| n <= 6) || c.csat.is_some_and(|s| s <= 2) {
                                "badge danger"
                            } else if c.nps.is_some_and(|n| n >= 9) || c.csat.is_some_and(|s| s >= 4) {
                                "badge success"
                            } else {
                                "badge warning"
                            };
                            let score = match (c.nps, c.csat) {
                                (Some(n), Some(s)) => format!("NPS {n} · CSAT {s}"),
                                (Some(n), None) => format!("NPS {n}"),
                                (None, Some(s)) => format!("CSAT {s}"),
                                (None, None) => String::new(),
                            };
                            view! {
                                <li>
                                    <div class="comment-head">
                                        <span class=tone>{score}</span>
                                        <a href=format!("/customers/{}", c.customer_id)>{c.customer_name.clone()}</a>
                                        <span class="muted">{format!("{} · {} · {}",
                                            labels::province(&c.province, lang),
                                            labels::survey_channel(&c.channel, lang),
                                            labels::touchpoint(&c.touchpoint, lang))}</span>
                                        {c.topic.map(|tp| view! { <span class="badge">{labels::topic(tp, lang)}</span> })}
                                        <span class="muted time">{format_datetime(c.responded_at)}</span>
                                    </div>
                                    <p class="comment-text">{c.comment.clone()}</p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }}/>
        </section>
    }
}
