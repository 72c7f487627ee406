//! The sticky summary of the builder: the live audience count (debounced as
//! rules change), reachability, breakdowns, overlap and a masked sample.

use std::time::Duration;

use crm_api::segments::{CountRequest, CountResult, Rule, SegmentSummary};
use leptos::prelude::*;

use crate::api;
use crate::components::chart::{Datum, HBarChart, Heads};
use crate::components::states::{ErrorPanel, Skeleton};
use crate::format::format_int;
use crate::i18n::{Lang, T, labels, use_i18n};

/// Waits this long after the last edit before counting.
const DEBOUNCE: Duration = Duration::from_millis(300);

fn product_label(code: &str, lang: Lang) -> String {
    if code == "none" {
        return if lang == Lang::Zh {
            "无有效卡"
        } else {
            "No open card"
        }
        .to_owned();
    }
    labels::option("product", code, lang)
}

/// Live count panel.
#[component]
pub fn CountPanel(
    /// The rules being edited.
    #[prop(into)]
    rule: Signal<Rule>,
    /// Saved segments to compare with (the current one excluded by the caller).
    #[prop(into)]
    others: Signal<Vec<SegmentSummary>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let settled = RwSignal::new(None::<Rule>);
    let compare = RwSignal::new(None::<i64>);
    let pending = StoredValue::new_local(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let r = rule.get();
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        let handle = set_timeout_with_handle(move || settled.set(Some(r)), DEBOUNCE).ok();
        pending.set_value(handle);
    });
    let result = LocalResource::new(move || {
        let (r, cmp) = (settled.get(), compare.get());
        async move {
            match r {
                Some(rules) if rules.validate().is_ok() => Some(
                    api::segments::count(&CountRequest {
                        rules,
                        compare_with: cmp,
                    })
                    .await,
                ),
                _ => None,
            }
        }
    });
    let invalid = move || rule.with(|r| r.validate().is_err());
    view! {
        <aside class="count-panel panel" aria-live="polite">
            <div class="stat-label">{move || i18n.t(T::AudienceSize)}</div>
            <Transition fallback=|| view! { <Skeleton lines=2/> }>
                {move || Suspend::new(async move {
                    match result.await {
                        None => view! {
                            <div class="count-big muted">"—"</div>
                            <div class="muted">{move || if invalid() { i18n.t(T::FixRulesToCount) } else { i18n.t(T::Loading) }}</div>
                        }.into_any(),
                        Some(Err(e)) => view! { <ErrorPanel error=e on_retry=move || result.refetch()/> }.into_any(),
                        Some(Ok(c)) => details(c, others, compare).into_any(),
                    }
                })}
            </Transition>
        </aside>
    }
}

fn details(
    c: CountResult,
    others: Signal<Vec<SegmentSummary>>,
    compare: RwSignal<Option<i64>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (products, provinces) = (c.by_product.clone(), c.by_province.clone());
    let product_data = Signal::derive(move || {
        let lang = i18n.lang.get();
        products
            .iter()
            .map(|(k, n)| Datum {
                label: product_label(k, lang),
                value: *n as f64,
                display: format_int(*n),
                extra: None,
            })
            .collect::<Vec<_>>()
    });
    let province_data = Signal::derive(move || {
        provinces
            .iter()
            .take(8)
            .map(|(k, n)| Datum {
                label: k.clone(),
                value: *n as f64,
                display: format_int(*n),
                extra: None,
            })
            .collect::<Vec<_>>()
    });
    let t = move |k: T| Signal::derive(move || i18n.t(k).to_owned());
    let reachable = c.reachable.clone();
    let sample = c.sample.clone();
    let overlap = c.overlap;
    view! {
        <div class="count-big" data-testid="audience-count">{format_int(c.total)}</div>
        <div class="muted" style="font-size:12px">{move || i18n.fmt(T::CountedIn, &[("ms", &c.elapsed_ms.to_string())])}</div>
        <h3 style="margin-top:12px">{move || i18n.t(T::Reachable)}</h3>
        <ul class="plain-list">
            {reachable.into_iter().map(|(ch, n)| view! {
                <li><span>{move || labels::consent_channel(ch, i18n.lang.get())}</span><span class="num">{format_int(n)}</span></li>
            }).collect_view()}
            <li class="muted"><span>{move || i18n.t(T::ExcludedDnd)}</span><span class="num">{format_int(c.do_not_disturb)}</span></li>
            <li class="muted"><span>{move || i18n.t(T::ExcludedNoConsent)}</span><span class="num">{format_int(c.no_consent)}</span></li>
        </ul>
        <HBarChart title=t(T::ByProduct) data=product_data heads=Heads::new(t(T::ColProducts), t(T::ColCount))/>
        <HBarChart title=t(T::ByProvince) data=province_data heads=Heads::new(t(T::ColRegion), t(T::ColCount))/>
        <h3 style="margin-top:12px">{move || i18n.t(T::Overlap)}</h3>
        <select aria-label=move || i18n.t(T::Overlap) prop:value=move || compare.get().map(|v| v.to_string()).unwrap_or_default()
            on:change=move |ev| compare.set(event_target_value(&ev).parse().ok())>
            <option value="">{move || i18n.t(T::CompareNone)}</option>
            {move || others.get().into_iter().map(|s| view! { <option value=s.id.to_string()>{s.name}</option> }).collect_view()}
        </select>
        {overlap.map(|n| view! { <div class="overlap">{move || i18n.fmt(T::OverlapCount, &[("n", &format_int(n))])}</div> })}
        <h3 style="margin-top:12px">{move || i18n.t(T::Sample)}</h3>
        <ul class="plain-list sample">
            {sample.into_iter().map(|s| view! {
                <li><a href=format!("/customers/{}", s.id)>{s.name}</a><span class="mono muted">{s.mobile_masked}</span></li>
            }).collect_view()}
        </ul>
    }
}
