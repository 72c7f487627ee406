//! The pieces of the rewards page: a reward's name in the shown language
//! and the membership card.

use crm_api::rewards::RewardItem;
use leptos::prelude::*;

use crate::format::format_fen;
use crate::i18n::{Lang, T, use_i18n};

pub fn name(item: &RewardItem, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => item.name_zh,
        Lang::En => item.name_en,
    }
}

/// Tier, 12-month spend, progress to the next tier, and the benefits.
pub fn membership_card(m: crm_api::portal::Membership) -> impl IntoView {
    let i18n = use_i18n();
    let tier = m.tier;
    let pct = (m.progress * 100.0).round().clamp(0.0, 100.0);
    let next = m.next_tier.zip(m.to_next.clone());
    view! {
        <section class=format!("panel membership {}", tier.as_str())>
            <div class="bill-row">
                <span>{move || i18n.t(T::MembershipTitle)}</span>
                <strong class="tier-name">{move || tier.label(i18n.lang.get())}</strong>
            </div>
            <div class="muted small">{move || i18n.t(T::MemberSpend12m)}" "<strong class="num">{format_fen(m.spend_12m.fen, &m.spend_12m.currency)}</strong></div>
            <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=pct.to_string()
                aria-label=move || i18n.t(T::MembershipTitle)>
                <span style=format!("width:{pct}%")></span>
            </div>
            <p class="small" style="margin:0">
                {move || match &next {
                    Some((t, left)) => i18n.fmt(T::ToNextTier, &[("amount", &format_fen(left.fen, &left.currency)), ("tier", t.label(i18n.lang.get()))]),
                    None => i18n.t(T::TopTier).to_owned(),
                }}
            </p>
            <details>
                <summary>{move || i18n.t(T::Benefits)}</summary>
                <ul class="benefits">
                    {move || tier.benefits(i18n.lang.get()).into_iter().map(|b| view! { <li>{b}</li> }).collect_view()}
                </ul>
            </details>
        </section>
    }
}
