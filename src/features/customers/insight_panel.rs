//! Scores behind the badges: RFM, probability active, CLV, churn and credit
//! risk with their reasons, and when they were computed.

use crm_api::insight::CustomerInsight;
use leptos::prelude::*;

use super::model::{band_tone, segment_tone, value_tone};
use crate::components::badge::Badge;
use crate::components::states::EmptyState;
use crate::format::{format_datetime, format_fen, format_pct};
use crate::i18n::{T, use_i18n};

/// Insight panel; says so when the analytics have not run yet.
#[component]
pub fn InsightPanel(
    /// The insight, if computed.
    insight: Option<CustomerInsight>,
) -> impl IntoView {
    let i18n = use_i18n();
    let Some(x) = insight else {
        return view! {
            <section class="panel" id="insight">
                <h2>{move || i18n.t(T::Insight)}</h2>
                <EmptyState title=Signal::derive(move || i18n.t(T::NoInsight).to_owned())/>
            </section>
        }
        .into_any();
    };
    let (segment, tier, churn, risk) = (x.rfm.segment, x.value_tier, x.churn_band, x.risk_band);
    let churn_reasons = x.churn_reasons.clone();
    let risk_reasons = x.risk_reasons.clone();
    let recency = x.rfm.recency_days;
    view! {
        <section class="panel" id="insight" aria-labelledby="insight-title">
            <div class="panel-head">
                <h2 id="insight-title">{move || i18n.t(T::Insight)}</h2>
                <span class="as-of">{move || i18n.t(T::ComputedAt)}" "{format_datetime(x.computed_at)}</span>
            </div>
            <dl class="kv">
                <dt>{move || i18n.t(T::Segment)}</dt>
                <dd>
                    <Badge tone=segment_tone(segment)>{move || segment.label(i18n.lang.get())}</Badge>
                    <span class="muted num" style="margin-left:8px">{format!("R{} F{} M{}", x.rfm.r, x.rfm.f, x.rfm.m)}</span>
                </dd>
                <dt>{move || i18n.t(T::LastPurchase)}</dt>
                <dd>{move || recency.map_or_else(|| "–".to_owned(), |d| i18n.fmt(T::DaysAgo, &[("n", &d.to_string())]))}</dd>
                <dt>{move || i18n.t(T::PAlive)}</dt><dd class="num" style="text-align:left">{format_pct(x.p_alive)}</dd>
                <dt>{move || i18n.t(T::Expected90d)}</dt><dd class="num" style="text-align:left">{format!("{:.1}", x.expected_purchases_90d)}</dd>
                <dt>{move || i18n.t(T::ExpectedSpend)}</dt>
                <dd class="num" style="text-align:left">{format_fen(x.expected_avg_spend.fen, &x.expected_avg_spend.currency)}</dd>
                <dt>{move || i18n.t(T::Clv12m)}</dt>
                <dd class="num" style="text-align:left">{format_fen(x.clv_12m.fen, &x.clv_12m.currency)}" "
                    <Badge tone=value_tone(tier)>{move || tier.label(i18n.lang.get())}</Badge></dd>
                <dt>{move || i18n.t(T::ChurnRisk)}</dt>
                <dd>
                    <Badge tone=band_tone(churn)>{move || churn.label(i18n.lang.get())}</Badge>
                    <ul class="reasons">
                        {move || {
                            let lang = i18n.lang.get();
                            if churn_reasons.is_empty() {
                                view! { <li class="muted">{i18n.t(T::NoReasons)}</li> }.into_any()
                            } else {
                                churn_reasons.iter().map(|r| view! { <li>{r.text(lang)}</li> }).collect_view().into_any()
                            }
                        }}
                    </ul>
                </dd>
                <dt>{move || i18n.t(T::CreditRisk)}</dt>
                <dd>
                    <Badge tone=band_tone(risk)>{move || risk.label(i18n.lang.get())}</Badge>
                    <span class="muted num" style="margin-left:8px">{move || format!("{} {}", i18n.t(T::RiskScore), x.risk_score)}</span>
                    {x.limit_increase_candidate.then(|| view! { " " <Badge tone=crate::components::badge::Tone::Info>{move || i18n.t(T::LimitCandidate)}</Badge> })}
                    <ul class="reasons">
                        {move || {
                            let lang = i18n.lang.get();
                            if risk_reasons.is_empty() {
                                view! { <li class="muted">{i18n.t(T::NoReasons)}</li> }.into_any()
                            } else {
                                risk_reasons.iter().map(|r| view! { <li>{r.text(lang)}</li> }).collect_view().into_any()
                            }
                        }}
                    </ul>
                </dd>
            </dl>
            {x.models_fitted_at.map(|t| view! {
                <div class="as-of" style="margin-top:8px">{move || i18n.t(T::ModelsFittedAt)}" "{format_datetime(t)}</div>
            })}
        </section>
    }
    .into_any()
}
