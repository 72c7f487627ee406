//! Dashboard building blocks: KPI tiles, a widget frame with chart/table
//! toggle and CSV export, diverging score bars, a heat map, stacked columns
//! and a donut. Each takes plain data; the panels re-render them when the
//! data or the language changes.

use crm_api::dashboard::DashboardFilter;
use leptos::prelude::*;

use super::model::{Trend, csv, csv_href, heat_color, score_text};
use crate::api::ApiError;
use crate::components::chart::plot::{BOTTOM, H, LEFT, TOP, W};
use crate::components::chart::{ViewToggle, nice_step, x_labels, y_grid};
use crate::components::data_table::{DataTable, label_then_numbers};
use crate::components::states::{ErrorPanel, Skeleton};
use crate::i18n::{Lang, T, use_i18n};

/// A KPI tile: value, change against the previous period, a line of context.
/// A dashboard tab: loads its view for the filter (again whenever the filter
/// changes) and renders it in the current language, with a skeleton while
/// loading and a retry panel on failure.
pub fn tab_view<V, Fut, R>(
    filter: Memo<DashboardFilter>,
    fetch: impl Fn(DashboardFilter) -> Fut + 'static,
    render: fn(&V, &DashboardFilter, Lang) -> R,
) -> impl IntoView
where
    V: Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<V, ApiError>> + 'static,
    R: IntoView + 'static,
{
    let i18n = use_i18n();
    let data = LocalResource::new(move || fetch(filter.get()));
    view! {
        <Transition fallback=|| view! { <Skeleton lines=10/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorPanel error=e on_retry=move || data.refetch()/> }.into_any(),
                    Ok(v) => {
                        let f = filter.get_untracked();
                        view! { {move || render(&v, &f, i18n.lang.get())} }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
pub fn Kpi(
    /// What is measured.
    label: String,
    /// The value.
    value: String,
    /// Context under the value.
    #[prop(optional)]
    sub: Option<String>,
    /// Change text and whether it is good news.
    #[prop(optional)]
    delta: Option<(String, Trend)>,
    /// Where a click leads (the customers behind the number).
    #[prop(optional)]
    href: Option<String>,
) -> impl IntoView {
    let body = view! {
        <div class="stat-label">{label}</div>
        <div class="stat-value">{value}</div>
        {delta.map(|(text, trend)| {
            let class = match trend {
                Trend::Good => "delta good",
                Trend::Bad => "delta bad",
                Trend::Flat => "delta",
            };
            view! { <div class=class>{text}</div> }
        })}
        {sub.map(|s| view! { <div class="stat-sub">{s}</div> })}
    };
    match href {
        Some(h) => view! { <a class="stat kpi" href=h>{body}</a> }.into_any(),
        None => view! { <div class="stat kpi">{body}</div> }.into_any(),
    }
}

/// A titled widget: its chart (children), or the same numbers as a table,
/// and a CSV export of that table.
#[component]
pub fn Widget(
    /// Title.
    title: String,
    /// Table header.
    header: Vec<String>,
    /// Table rows (also the CSV).
    rows: Vec<Vec<String>>,
    /// Download file name.
    file: String,
    /// A note under the chart (units, definitions).
    #[prop(optional)]
    note: Option<String>,
    /// Extra CSS class.
    #[prop(optional)]
    class: &'static str,
    /// The chart.
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    let table = RwSignal::new(false);
    let href = csv_href(&csv(&header, &rows));
    let empty = rows.is_empty();
    let count = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    let logged = file.clone();
    // the download happens in the browser; the server records it
    let log = move |_| {
        let input = crm_api::dashboard::DashboardExport {
            file: logged.clone(),
            rows: count,
        };
        leptos::task::spawn_local(async move {
            let _ = crate::api::dashboard::log_export(&input).await;
        });
    };
    let data = StoredValue::new((header, rows));
    view! {
        <section class=format!("panel widget {class}")>
            <div class="panel-head">
                <h2>{title}</h2>
                <div class="widget-actions">
                    <ViewToggle table=table/>
                    <a class="btn small ghost" href=href download=file on:click=log>{move || i18n.t(T::ExportCsv)}</a>
                </div>
            </div>
            {move || if empty {
                view! { <p class="muted empty-note">{i18n.t(T::NoDataForFilters)}</p> }.into_any()
            } else if table.get() {
                data.with_value(|(h, r)| table_html(h, r)).into_any()
            } else {
                children().into_any()
            }}
            {note.map(|n| view! { <p class="chart-caption">{n}</p> })}
        </section>
    }
}

/// A plain table: first column text, the rest numbers.
pub fn table_html(header: &[String], rows: &[Vec<String>]) -> impl IntoView + use<> {
    let class = |i: usize| if i == 0 { "" } else { "num" };
    view! {
        <DataTable rows=rows.to_vec() columns=label_then_numbers(header) row={move |r: Vec<String>| view! {
            <tr>{r.into_iter().enumerate().map(|(i, c)| view! { <td class=class(i)>{c}</td> }).collect_view()}</tr>
        }}/>
    }
}

/// One row of [`ScoreBars`].
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreRow {
    /// Label.
    pub label: String,
    /// NPS (−100…100), none without answers.
    pub score: Option<f64>,
    /// Answers behind it.
    pub n: i64,
    /// The customers behind it.
    pub href: Option<String>,
}

/// Diverging horizontal bars around zero (NPS by group, lowest first).
#[component]
pub fn ScoreBars(
    /// Rows in display order.
    rows: Vec<ScoreRow>,
    /// "n = …" label.
    n_label: &'static str,
) -> impl IntoView {
    let max = rows
        .iter()
        .filter_map(|r| r.score.map(f64::abs))
        .fold(10.0, f64::max);
    view! {
        <div class="sbars" role="list">
            {rows.into_iter().map(|r| {
                let s = r.score.unwrap_or(0.0);
                let w = s.abs() / max * 50.0;
                let (left, class) = if s < 0.0 { (50.0 - w, "fill neg") } else { (50.0, "fill pos") };
                let style = format!("left:{left:.1}%;width:{w:.1}%");
                let tip = format!("{}: NPS {} ({n_label} {})", r.label, score_text(r.score), r.n);
                let inner = view! {
                    <span class="sbar-label">{r.label.clone()}</span>
                    <span class="track"><span class="zero"></span><span class=class style=style></span></span>
                    <span class="value">{score_text(r.score)}</span>
                    <span class="n">{format!("{n_label} {}", r.n)}</span>
                };
                match r.href {
                    Some(h) => view! { <a class="sbar" role="listitem" href=h title=tip>{inner}</a> }.into_any(),
                    None => view! { <div class="sbar" role="listitem" title=tip>{inner}</div> }.into_any(),
                }
            }).collect_view()}
        </div>
    }
}

/// NPS by month (columns) and province (rows) as a coloured table.
#[component]
pub fn Heatmap(
    /// Column keys and labels.
    months: Vec<(String, String)>,
    /// Row keys, labels and the drill-down link of each row.
    rows: Vec<(String, String, Option<String>)>,
    /// `(month, province) → (score, n)`.
    cells: std::collections::HashMap<(String, String), (Option<f64>, i64)>,
    /// Header of the row column.
    corner: String,
) -> impl IntoView {
    view! {
        <div class="table-wrap heatmap"><table class="data">
            <thead><tr>
                <th scope="col">{corner}</th>
                {months.iter().map(|(_, l)| view! { <th scope="col" class="num">{l.clone()}</th> }).collect_view()}
            </tr></thead>
            <tbody>{rows.into_iter().map(|(key, label, href)| {
                let head = match href {
                    Some(h) => view! { <th scope="row"><a href=h>{label.clone()}</a></th> }.into_any(),
                    None => view! { <th scope="row">{label.clone()}</th> }.into_any(),
                };
                view! {
                    <tr>{head}{months.iter().map(|(m, ml)| {
                        let (score, n) = cells.get(&(m.clone(), key.clone())).copied().unwrap_or((None, 0));
                        let style = format!("background:{}", heat_color(score));
                        let tip = format!("{label} {ml}: NPS {} (n = {n})", score_text(score));
                        let text = if n == 0 { String::new() } else { format!("{:.0}", score.unwrap_or(0.0)) };
                        view! { <td class="num heat" style=style title=tip>{text}</td> }
                    }).collect_view()}</tr>
                }
            }).collect_view()}</tbody>
        </table></div>
    }
}

/// A stacked-column series.
#[derive(Clone, Debug, PartialEq)]
pub struct Stack {
    /// Legend text.
    pub name: String,
    /// CSS colour.
    pub color: &'static str,
    /// One value per column.
    pub values: Vec<f64>,
    /// The customers behind this series (legend link).
    pub href: Option<String>,
}

/// Stacked columns (e.g. delinquency buckets by month).
#[component]
pub fn StackedBars(
    /// Accessible name.
    title: String,
    /// Column labels.
    labels: Vec<String>,
    /// Series, bottom first.
    stacks: Vec<Stack>,
    /// Formats a tick and a tooltip value.
    fmt: fn(f64) -> String,
) -> impl IntoView {
    let n = labels.len().max(1);
    let totals: Vec<f64> = (0..n)
        .map(|i| {
            stacks
                .iter()
                .map(|s| s.values.get(i).copied().unwrap_or(0.0))
                .sum()
        })
        .collect();
    let max = totals.iter().copied().fold(0.0, f64::max);
    let step = nice_step(max, 4);
    let top = (max / step).ceil().max(1.0) * step;
    let plot_h = H - BOTTOM - TOP;
    let slot = (W - LEFT) / n as f64;
    let bar_w = (slot * 0.62).max(2.0);
    let every = (n / 12).max(1);
    let grid = y_grid(
        (top, 0.0, step),
        (LEFT, W),
        |v| TOP + plot_h - v / top * plot_h,
        fmt,
    );
    let columns = (0..n)
        .map(|i| {
            let x = LEFT + slot * i as f64 + (slot - bar_w) / 2.0;
            let mut base = 0.0;
            let parts = stacks
                .iter()
                .map(|s| {
                    let v = s.values.get(i).copied().unwrap_or(0.0);
                    let h = v / top * plot_h;
                    let y = TOP + plot_h - (base + v) / top * plot_h;
                    base += v;
                    let tip = format!("{} · {}: {}", labels.get(i).cloned().unwrap_or_default(), s.name, fmt(v));
                    view! { <rect x=x y=y width=bar_w height=h.max(0.0) style=format!("fill:{}", s.color)><title>{tip}</title></rect> }
                })
                .collect_view();
            let label = (i % every == 0).then(|| {
                view! { <g class="axis"><text x=x + bar_w / 2.0 y=H - 8.0 text-anchor="middle">{labels.get(i).cloned().unwrap_or_default()}</text></g> }
            });
            view! { {parts}{label} }
        })
        .collect_view();
    let legend = stacks
        .iter()
        .map(|s| {
            let swatch =
                view! { <span class="swatch" style=format!("background:{}", s.color)></span> };
            match &s.href {
                Some(h) => {
                    view! { <a class="legend-item" href=h.clone()>{swatch}{s.name.clone()}</a> }
                        .into_any()
                }
                None => {
                    view! { <span class="legend-item">{swatch}{s.name.clone()}</span> }.into_any()
                }
            }
        })
        .collect_view();
    view! {
        <div class="legend">{legend}</div>
        <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=title>{grid}{columns}</svg>
    }
}

/// Colours of categorical series (donut slices, stacked channels), in order.
pub const PALETTE: [&str; 8] = [
    "var(--c1)",
    "var(--c2)",
    "var(--c3)",
    "var(--c6)",
    "var(--c7)",
    "var(--c8)",
    "var(--c4)",
    "var(--c-grey)",
];

/// A donut with a legend of shares (e.g. cards by product).
#[component]
pub fn Donut(
    /// Accessible name.
    title: String,
    /// `(label, value, shown value)`, largest first.
    slices: Vec<(String, f64, String)>,
) -> impl IntoView {
    let total: f64 = slices.iter().map(|s| s.1).sum();
    let r = 60.0;
    let circumference = 2.0 * std::f64::consts::PI * r;
    let mut offset = 0.0;
    let arcs = slices
        .iter()
        .enumerate()
        .map(|(i, (label, v, shown))| {
            let len = if total > 0.0 {
                v / total * circumference
            } else {
                0.0
            };
            let dash = format!("{len:.2} {:.2}", circumference - len);
            let style = format!("stroke:{}", PALETTE[i % PALETTE.len()]);
            let off = format!("{:.2}", -offset);
            offset += len;
            let tip = format!("{label}: {shown}");
            view! {
                <circle cx="80" cy="80" r=r fill="none" stroke-width="26" style=style
                    stroke-dasharray=dash stroke-dashoffset=off transform="rotate(-90 80 80)">
                    <title>{tip}</title>
                </circle>
            }
        })
        .collect_view();
    let legend = slices
        .iter()
        .enumerate()
        .map(|(i, (label, v, shown))| {
            let share = if total > 0.0 { v / total * 100.0 } else { 0.0 };
            view! {
                <li><span class="swatch" style=format!("background:{}", PALETTE[i % PALETTE.len()])></span>
                    <span class="donut-label">{label.clone()}</span>
                    <span class="num">{shown.clone()}</span>
                    <span class="num muted">{format!("{share:.1}%")}</span></li>
            }
        })
        .collect_view();
    view! {
        <div class="donut">
            <svg viewBox="0 0 160 160" role="img" aria-label=title>{arcs}</svg>
            <ul class="donut-legend">{legend}</ul>
        </div>
    }
}

/// A line of [`Lines`].
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// Legend text.
    pub name: String,
    /// CSS colour.
    pub color: &'static str,
    /// One value per x label; `None` leaves a gap.
    pub values: Vec<Option<f64>>,
}

/// A line chart without its own frame (negative values allowed; gaps where
/// there is no value).
#[component]
pub fn Lines(
    /// Accessible name.
    title: String,
    /// X labels.
    labels: Vec<String>,
    /// The lines.
    lines: Vec<Line>,
    /// Formats ticks and tooltips.
    fmt: fn(f64) -> String,
) -> impl IntoView {
    let values = || {
        lines
            .iter()
            .flat_map(|l| l.values.iter().flatten().copied())
    };
    let (top, bottom, step) = crate::components::chart::y_scale(
        values().fold(0.0, f64::min),
        values().fold(0.0, f64::max),
    );
    let plot_h = H - BOTTOM - TOP;
    let n = labels.len().max(2) as f64;
    let x_at = move |i: usize| LEFT + (W - LEFT - 12.0) * i as f64 / (n - 1.0);
    let y_at = move |v: f64| TOP + plot_h - (v - bottom) / (top - bottom) * plot_h;
    let grid = y_grid((top, bottom, step), (LEFT, W), y_at, fmt);
    let xlabels = x_labels(&labels, x_at, H - 8.0);
    let paths = lines
        .iter()
        .map(|l| {
            // one polyline per run of values without gaps
            let mut runs: Vec<Vec<(usize, f64)>> = vec![Vec::new()];
            for (i, v) in l.values.iter().enumerate() {
                match (v, runs.last_mut()) {
                    (Some(v), Some(run)) => run.push((i, *v)),
                    _ => runs.push(Vec::new()),
                }
            }
            let polylines = runs
                .into_iter()
                .filter(|r| !r.is_empty())
                .map(|r| {
                    let points = r
                        .iter()
                        .map(|(i, v)| format!("{:.1},{:.1}", x_at(*i), y_at(*v)))
                        .collect::<Vec<_>>()
                        .join(" ");
                    view! { <polyline points=points fill="none" stroke=l.color stroke-width="2.5"></polyline> }
                })
                .collect_view();
            let dots = l
                .values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (i, v)))
                .map(|(i, v)| {
                    let tip = format!("{} · {}: {}", labels.get(i).cloned().unwrap_or_default(), l.name, fmt(v));
                    view! { <circle cx=x_at(i) cy=y_at(v) r="3.5" fill=l.color><title>{tip}</title></circle> }
                })
                .collect_view();
            view! { {polylines}{dots} }
        })
        .collect_view();
    let legend = (lines.len() > 1).then(|| {
        lines
            .iter()
            .map(|l| view! { <span class="legend-item"><span class="swatch" style=format!("background:{}", l.color)></span>{l.name.clone()}</span> })
            .collect_view()
    });
    view! {
        <div class="legend">{legend}</div>
        <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=title>{grid}{xlabels}{paths}</svg>
    }
}

/// Horizontal count bars (e.g. complaint topics), each optionally a link.
#[component]
pub fn CountBars(
    /// `(label, count, link)`, largest first.
    rows: Vec<(String, i64, Option<String>)>,
) -> impl IntoView {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1) as f64;
    view! {
        <div class="hbars">
            {rows.into_iter().enumerate().map(|(i, (label, n, href))| {
                const PALETTE: [&str; 6] = ["--c7", "--c2", "--c6", "--c8", "--c3", "--c4"];
                let style = format!("width:{:.1}%;background:var({})", n as f64 / max * 100.0, PALETTE[i % PALETTE.len()]);
                let inner = view! {
                    <span>{label.clone()}</span>
                    <div class="track"><div class="fill" style=style></div></div>
                    <span class="value">{n.to_string()}</span>
                };
                match href {
                    Some(h) => view! { <a class="hbar" href=h title=format!("{label}: {n}")>{inner}</a> }.into_any(),
                    None => view! { <div class="hbar" title=format!("{label}: {n}")>{inner}</div> }.into_any(),
                }
            }).collect_view()}
        </div>
    }
}
