//! Charts drawn as SVG/HTML, each with a title, units, exact values in
//! tooltips, and a table view (the text alternative).

use leptos::prelude::*;

use crate::i18n::{T, use_i18n};

/// The drawing area every SVG chart shares: width and height of the view
/// box, and the margins left (y ticks), below (x labels) and on top.
pub mod plot {
    /// View-box width.
    pub const W: f64 = 640.0;
    /// View-box height.
    pub const H: f64 = 220.0;
    /// Room for the y tick labels.
    pub const LEFT: f64 = 56.0;
    /// Room for the x labels.
    pub const BOTTOM: f64 = 26.0;
    /// Room above the highest tick.
    pub const TOP: f64 = 8.0;
}

use plot::{BOTTOM, H, LEFT, TOP, W};

/// One bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Datum {
    /// Axis or row label.
    pub label: String,
    /// Value that sets the bar length.
    pub value: f64,
    /// Exact value as shown in tooltips and the table.
    pub display: String,
    /// Extra column for the table (e.g. a count).
    pub extra: Option<String>,
}

/// The headings of a bar chart's table view: label, value and an optional
/// extra column.
#[derive(Clone, Copy)]
pub struct Heads {
    label: Signal<String>,
    value: Signal<String>,
    extra: Option<Signal<String>>,
}

impl Heads {
    /// The label and value columns.
    pub fn new(label: Signal<String>, value: Signal<String>) -> Self {
        Self {
            label,
            value,
            extra: None,
        }
    }

    /// With a third column (each [`Datum::extra`]).
    #[must_use]
    pub fn extra(self, extra: Signal<String>) -> Self {
        Self {
            extra: Some(extra),
            ..self
        }
    }
}

/// A "nice" step (1, 2, 2.5 or 5 × 10ⁿ) so that `ticks` steps cover `max`.
#[must_use]
pub fn nice_step(max: f64, ticks: u32) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 1.0;
    }
    let raw = max / f64::from(ticks.max(1));
    let magnitude = 10f64.powf(raw.log10().floor());
    let fraction = raw / magnitude;
    let nice = if fraction <= 1.0 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 2.5 {
        2.5
    } else if fraction <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * magnitude
}

/// Switch between chart and table.
#[component]
pub fn ViewToggle(table: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="toggle" role="group">
            <button type="button" aria-pressed=move || (!table.get()).to_string() on:click=move |_| table.set(false)>
                {move || i18n.t(T::ShowChart)}
            </button>
            <button type="button" aria-pressed=move || table.get().to_string() on:click=move |_| table.set(true)>
                {move || i18n.t(T::ShowTable)}
            </button>
        </div>
    }
}

/// Horizontal grid lines from `bottom` to `top` every `step` (the scale of
/// [`y_scale`]), each with its tick label left of `left`; the zero line has
/// the class `zero`.
pub fn y_grid(
    (top, bottom, step): (f64, f64, f64),
    (left, right): (f64, f64),
    y_at: impl Fn(f64) -> f64,
    fmt: impl Fn(f64) -> String,
) -> AnyView {
    let ticks = (((top - bottom) / step).round() as usize).min(10);
    (0..=ticks)
        .map(|i| {
            let v = bottom + step * i as f64;
            let class = if v.abs() < 1e-9 { "grid zero" } else { "grid" };
            let y = y_at(v);
            view! {
                <g class=class><line x1=left x2=right y1=y y2=y></line></g>
                <g class="axis"><text x=left - 6.0 y=y + 4.0 text-anchor="end">{fmt(v)}</text></g>
            }
        })
        .collect_view()
        .into_any()
}

/// About eight of the x `labels` (always the last) along the bottom at `y`.
pub fn x_labels(labels: &[String], x_at: impl Fn(usize) -> f64, y: f64) -> AnyView {
    let every = (labels.len() / 8).max(1);
    labels
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0 || *i + 1 == labels.len())
        .map(|(i, l)| view! { <g class="axis"><text x=x_at(i) y=y text-anchor="middle">{l.clone()}</text></g> })
        .collect_view()
        .into_any()
}

/// The table view of the bar charts.
#[component]
fn ChartTable(data: Signal<Vec<Datum>>, heads: Heads) -> impl IntoView {
    let Heads {
        label,
        value,
        extra,
    } = heads;
    view! {
        <div class="table-wrap">
            <table class="data">
                <thead><tr>
                    <th scope="col">{move || label.get()}</th>
                    <th scope="col" class="num">{move || value.get()}</th>
                    {extra.map(|h| view! { <th scope="col" class="num">{move || h.get()}</th> })}
                </tr></thead>
                <tbody>
                    {move || data.get().into_iter().map(|d| view! {
                        <tr>
                            <td>{d.label}</td>
                            <td class="num">{d.display}</td>
                            {d.extra.map(|e| view! { <td class="num">{e}</td> })}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// A chart's frame: the title with the chart/table toggle, a legend (or
/// nothing), the body the toggle picks, and an optional caption below.
fn figure<C, B, IC, IB>(
    title: Signal<String>,
    table: RwSignal<bool>,
    (legend, chart, as_table): (Option<AnyView>, C, B),
    caption: Option<Signal<String>>,
) -> impl IntoView
where
    C: Fn() -> IC + Send + Sync + 'static,
    B: Fn() -> IB + Send + Sync + 'static,
    IC: IntoView + 'static,
    IB: IntoView + 'static,
{
    view! {
        <figure class="chart" style="margin:0">
            <div class="panel-head">
                <h2>{move || title.get()}</h2>
                <ViewToggle table=table/>
            </div>
            {legend.map(|l| view! { <div class="legend">{l}</div> })}
            {move || if table.get() { as_table().into_any() } else { chart().into_any() }}
            {caption.map(|c| view! { <figcaption class="chart-caption">{move || c.get()}</figcaption> })}
        </figure>
    }
}

/// Vertical bar chart (e.g. spend per month).
#[component]
pub fn BarChart(
    /// Chart title (also the accessible name).
    #[prop(into)]
    title: Signal<String>,
    /// Unit caption, e.g. "Unit: CNY".
    #[prop(into)]
    unit: Signal<String>,
    /// Bars, left to right.
    #[prop(into)]
    data: Signal<Vec<Datum>>,
    /// Formats an axis tick value in the shown language.
    tick_format: fn(f64, crate::i18n::Lang) -> String,
    /// Headings of the table view.
    heads: Heads,
) -> impl IntoView {
    let i18n = use_i18n();
    let table = RwSignal::new(false);
    let chart = move || {
        let lang = i18n.lang.get();
        let data = data.get();
        let max = data.iter().map(|d| d.value).fold(0.0, f64::max);
        let step = nice_step(max, 4);
        let top = (max / step).ceil().max(1.0) * step;
        let plot_h = H - BOTTOM - TOP;
        let n = data.len().max(1) as f64;
        let slot = (W - LEFT) / n;
        let bar_w = (slot * 0.62).max(2.0);
        let grid = y_grid(
            (top, 0.0, step),
            (LEFT, W),
            |v| TOP + plot_h - v / top * plot_h,
            |v| tick_format(v, lang),
        );
        let bars = data
            .into_iter()
            .enumerate()
            .map(|(i, d)| {
                let h = if top > 0.0 { d.value.max(0.0) / top * plot_h } else { 0.0 };
                let x = LEFT + slot * i as f64 + (slot - bar_w) / 2.0;
                let y = TOP + plot_h - h;
                let class = if d.value > 0.0 { "bar" } else { "bar zero" };
                let tip = format!("{}: {}", d.label, d.display);
                view! {
                    <rect class=class x=x y=y.min(TOP + plot_h - 1.0) width=bar_w height=h.max(1.0) rx="2">
                        <title>{tip}</title>
                    </rect>
                    <g class="axis"><text x=x + bar_w / 2.0 y=H - 8.0 text-anchor="middle">{d.label}</text></g>
                }
            })
            .collect_view();
        view! {
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=move || title.get()>
                {grid}{bars}
            </svg>
        }
    };
    let as_table = move || view! { <ChartTable data=data heads=heads/> };
    figure(title, table, (None, chart, as_table), Some(unit))
}

/// Horizontal bars with labels and values (e.g. category mix).
#[component]
pub fn HBarChart(
    /// Chart title.
    #[prop(into)]
    title: Signal<String>,
    /// Rows, largest first.
    #[prop(into)]
    data: Signal<Vec<Datum>>,
    /// Headings of the table view.
    heads: Heads,
) -> impl IntoView {
    const PALETTE: [&str; 8] = [
        "--c1", "--c2", "--c3", "--c4", "--c6", "--c7", "--c8", "--c5",
    ];
    let table = RwSignal::new(false);
    let bars = move || {
        let data = data.get();
        let max = data.iter().map(|d| d.value).fold(0.0, f64::max);
        data.into_iter()
            .enumerate()
            .map(|(i, d)| {
                let pct = if max > 0.0 {
                    d.value / max * 100.0
                } else {
                    0.0
                };
                let style = format!(
                    "width: {pct:.1}%; background: var({})",
                    PALETTE[i % PALETTE.len()]
                );
                let tip = format!("{}: {}", d.label, d.display);
                view! {
                    <div class="hbar" title=tip>
                        <span>{d.label}</span>
                        <div class="track"><div class="fill" style=style></div></div>
                        <span class="value">{d.display}</span>
                    </div>
                }
            })
            .collect_view()
    };
    let chart =
        move || view! { <div class="hbars" role="img" aria-label=move || title.get()>{bars}</div> };
    let as_table = move || view! { <ChartTable data=data heads=heads/> };
    figure(title, table, (None, chart, as_table), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps_are_round() {
        assert!((nice_step(100.0, 4) - 25.0).abs() < 1e-9);
        assert!((nice_step(9_300.0, 4) - 2_500.0).abs() < 1e-9);
        assert!((nice_step(0.0, 4) - 1.0).abs() < 1e-9);
        assert!((nice_step(41.0, 4) - 20.0).abs() < 1e-9);
    }

    #[test]
    fn y_scales_include_zero_and_negatives() {
        assert_eq!(y_scale(0.0, 100.0), (100.0, 0.0, 25.0));
        assert_eq!(y_scale(-20.0, 40.0), (40.0, -20.0, 20.0));
        assert_eq!(y_scale(0.0, 0.0), (1.0, 0.0, 1.0));
        assert_eq!(y_scale(-10.0, -5.0), (0.0, -10.0, 2.5));
    }
}

/// The y axis of a chart over values from `min` to `max` (zero always
/// included): `(top, bottom, step)` with round steps.
#[must_use]
pub fn y_scale(min: f64, max: f64) -> (f64, f64, f64) {
    let (min, max) = (min.min(0.0), max.max(0.0));
    let step = nice_step(max - min, 4);
    let bottom = (min / step).floor() * step;
    let top = if max > 0.0 {
        (max / step).ceil() * step
    } else if bottom < 0.0 {
        0.0
    } else {
        step
    };
    (top, bottom, step)
}

/// A line of a line chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Legend text.
    pub name: String,
    /// CSS colour (e.g. `var(--c1)`).
    pub color: &'static str,
    /// Values, one per x label.
    pub values: Vec<f64>,
}

/// Line chart with a legend, y ticks formatted by `tick_format`, and a table view.
#[component]
pub fn LineChart(
    /// Title (also the accessible name).
    #[prop(into)]
    title: Signal<String>,
    /// Unit caption.
    #[prop(into)]
    unit: Signal<String>,
    /// X labels.
    #[prop(into)]
    labels: Signal<Vec<String>>,
    /// Lines.
    #[prop(into)]
    series: Signal<Vec<Series>>,
    /// Formats a y value (ticks, tooltips, table).
    tick_format: fn(f64) -> String,
    /// Header of the x column in the table view.
    #[prop(into)]
    label_header: Signal<String>,
) -> impl IntoView {
    let table = RwSignal::new(false);
    let chart = move || {
        let (xs, lines) = (labels.get(), series.get());
        let values = || lines.iter().flat_map(|s| s.values.iter().copied());
        let (top, bottom, step) =
            y_scale(values().fold(0.0, f64::min), values().fold(0.0, f64::max));
        let plot_h = H - BOTTOM - TOP;
        let n = xs.len().max(2) as f64;
        let x_at = |i: usize| LEFT + (W - LEFT - 8.0) * i as f64 / (n - 1.0);
        let y_at = |v: f64| TOP + plot_h - (v - bottom) / (top - bottom) * plot_h;
        let grid = y_grid((top, bottom, step), (LEFT, W), y_at, tick_format);
        let xlabels = x_labels(&xs, x_at, H - 8.0);
        let paths = lines
            .iter()
            .map(|s| {
                let points = s
                    .values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| format!("{:.1},{:.1}", x_at(i), y_at(*v)))
                    .collect::<Vec<_>>()
                    .join(" ");
                let tip = format!("{}: {}", s.name, s.values.last().map_or_else(String::new, |v| tick_format(*v)));
                view! { <polyline points=points fill="none" stroke=s.color stroke-width="2.5"><title>{tip}</title></polyline> }
            })
            .collect_view();
        view! {
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=move || title.get()>{grid}{xlabels}{paths}</svg>
        }
    };
    let legend = move || {
        series
            .get()
            .into_iter()
            .map(|s| view! { <span class="legend-item"><span class="swatch" style=format!("background:{}", s.color)></span>{s.name}</span> })
            .collect_view()
    };
    let table_view = move || {
        let (xs, lines) = (labels.get(), series.get());
        view! {
            <div class="table-wrap"><table class="data">
                <thead><tr>
                    <th scope="col">{move || label_header.get()}</th>
                    {lines.iter().map(|s| view! { <th scope="col" class="num">{s.name.clone()}</th> }).collect_view()}
                </tr></thead>
                <tbody>{xs.iter().enumerate().map(|(i, x)| view! {
                    <tr><td>{x.clone()}</td>{lines.iter().map(|s| view! { <td class="num">{s.values.get(i).map_or_else(String::new, |v| tick_format(*v))}</td> }).collect_view()}</tr>
                }).collect_view()}</tbody>
            </table></div>
        }
    };
    figure(
        title,
        table,
        (Some(legend.into_any()), chart, table_view),
        Some(unit),
    )
}
