//! The 360 header band: name, masked identifiers, product badges, consent.

use crm_api::customers::Customer360;
use leptos::prelude::*;

use super::RevealNationalId;
use super::model::{band_tone, segment_tone, tier_tone, value_tone};
use crate::components::badge::{Badge, Tone};
use crate::components::icons::{Icon, Svg};
use crate::format::format_datetime;
use crate::i18n::{T, labels, use_i18n};

/// Header band of the 360.
#[component]
pub fn CustomerHeader(
    /// The customer.
    c: Customer360,
    /// Show the audited "reveal national ID" action (managers).
    #[prop(optional)]
    can_reveal: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let p = c.profile.clone();
    let mut products: Vec<_> = c
        .cards
        .iter()
        .filter(|k| k.status != crm_api::CardStatus::Closed)
        .map(|k| (k.product, k.tier))
        .collect();
    products.dedup();
    let consent = p.consent;
    let channels = [
        ("SMS", "短信", consent.sms),
        ("App push", "App 推送", consent.app_push),
        ("WeChat", "微信", consent.wechat),
        ("Email", "邮件", consent.email),
        ("Calls", "外呼", consent.outbound_call),
    ];
    let residence = p.residence;
    let insight = c.insight.clone();
    view! {
        <section class="c360-header" aria-labelledby="customer-name">
            <div>
                <h1 id="customer-name">{p.name.clone()}</h1>
                <div class="c360-ids">
                    <span>{move || i18n.t(T::ColCustomerNo)}" "<b class="mono">{p.customer_no.clone()}</b></span>
                    <span>{move || i18n.t(T::NationalId)}" "<b class="mono">{p.national_id_masked.clone()}</b>
                        {can_reveal.then(|| view! { " " <RevealNationalId customer_id=p.id/> })}</span>
                    <span>{move || i18n.t(T::Mobile)}" "<b class="mono">{p.mobile_masked.clone()}</b></span>
                </div>
                <div class="badges">
                    {products.into_iter().map(|(code, tier)| view! {
                        <Badge tone=tier_tone(tier)>{move || labels::product(code, i18n.lang.get())}</Badge>
                    }).collect_view()}
                    <Badge tone=Tone::Info>{move || labels::residence(residence, i18n.lang.get())}</Badge>
                    {insight.map(|x| {
                        let (segment, tier, churn, risk) = (x.rfm.segment, x.value_tier, x.churn_band, x.risk_band);
                        view! {
                            <Badge tone=segment_tone(segment)>{move || segment.label(i18n.lang.get())}</Badge>
                            <Badge tone=value_tone(tier)>{move || tier.label(i18n.lang.get())}</Badge>
                            <Badge tone=band_tone(churn)>
                                <span class="badge-key">{move || i18n.t(T::ChurnRisk)}</span>" "{move || churn.label(i18n.lang.get())}
                            </Badge>
                            <Badge tone=band_tone(risk)>
                                <span class="badge-key">{move || i18n.t(T::CreditRisk)}</span>" "{move || risk.label(i18n.lang.get())}
                            </Badge>
                        }
                    })}
                </div>
            </div>
            <div>
                <div class="muted" style="font-size:12px;margin-bottom:4px">{move || i18n.t(T::Consent)}</div>
                <div class="consent">
                    {channels.into_iter().map(|(en, zh, granted)| {
                        let tone = if granted && !consent.do_not_disturb { Tone::Success } else { Tone::Neutral };
                        view! {
                            <Badge tone=tone>
                                <Svg icon=if granted { Icon::Check } else { Icon::Cross }/>
                                {move || if i18n.lang.get() == crate::i18n::Lang::Zh { zh } else { en }}
                                <span class="sr-only">{move || if granted { i18n.t(T::Granted) } else { i18n.t(T::NotGranted) }}</span>
                            </Badge>
                        }
                    }).collect_view()}
                    {consent.do_not_disturb.then(|| view! {
                        <Badge tone=Tone::Warning><Svg icon=Icon::Mute/>{move || i18n.t(T::DoNotDisturb)}</Badge>
                    })}
                </div>
                <div class="as-of" style="margin-top:8px">{move || i18n.t(T::AsOf)}" "{format_datetime(c.as_of)}</div>
            </div>
        </section>
    }
}
