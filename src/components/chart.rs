//! Charts drawn as SVG/HTML, each with a title, units, exact values in
//! tooltips, and a table view (the text alternative).

use leptos::prelude::*;

use crate::i18n::{T, use_i18n};

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
fn ViewToggle(table: RwSignal<bool>) -> impl IntoView {
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

/// The table view shared by all charts.
#[component]
fn DataTable(
    data: Signal<Vec<Datum>>,
    label_header: Signal<String>,
    value_header: Signal<String>,
    #[prop(default = None)] extra_header: Option<Signal<String>>,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="data">
                <thead><tr>
                    <th scope="col">{move || label_header.get()}</th>
                    <th scope="col" class="num">{move || value_header.get()}</th>
                    {extra_header.map(|h| view! { <th scope="col" class="num">{move || h.get()}</th> })}
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
    /// Table header of the label column.
    #[prop(into)]
    label_header: Signal<String>,
    /// Table header of the value column.
    #[prop(into)]
    value_header: Signal<String>,
    /// Table header of the extra column, if any.
    #[prop(optional, into)]
    extra_header: Option<Signal<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let table = RwSignal::new(false);
    const W: f64 = 640.0;
    const H: f64 = 220.0;
    const LEFT: f64 = 56.0;
    const BOTTOM: f64 = 26.0;
    const TOP: f64 = 8.0;
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
        let ticks = ((top / step).round() as usize).min(10);
        let grid = (0..=ticks)
            .map(|i| {
                let v = step * i as f64;
                let y = TOP + plot_h - v / top * plot_h;
                view! {
                    <g class="grid"><line x1=LEFT x2=W y1=y y2=y></line></g>
                    <g class="axis"><text x=LEFT - 6.0 y=y + 4.0 text-anchor="end">{tick_format(v, lang)}</text></g>
                }
            })
            .collect_view();
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
    view! {
        <figure class="chart" style="margin:0">
            <div class="panel-head">
                <h2>{move || title.get()}</h2>
                <ViewToggle table=table/>
            </div>
            {move || if table.get() {
                view! { <DataTable data=data label_header=label_header value_header=value_header extra_header=extra_header/> }.into_any()
            } else {
                chart().into_any()
            }}
            <figcaption class="chart-caption">{move || unit.get()}</figcaption>
        </figure>
    }
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
    /// Table header of the label column.
    #[prop(into)]
    label_header: Signal<String>,
    /// Table header of the value column.
    #[prop(into)]
    value_header: Signal<String>,
    /// Table header of the extra column.
    #[prop(optional, into)]
    extra_header: Option<Signal<String>>,
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
    view! {
        <figure class="chart" style="margin:0">
            <div class="panel-head">
                <h2>{move || title.get()}</h2>
                <ViewToggle table=table/>
            </div>
            {move || if table.get() {
                view! { <DataTable data=data label_header=label_header value_header=value_header extra_header=extra_header/> }.into_any()
            } else {
                view! { <div class="hbars" role="img" aria-label=move || title.get()>{bars}</div> }.into_any()
            }}
        </figure>
    }
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
}
