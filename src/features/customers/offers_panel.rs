//! Next best offers, ranked, each with its reason and how it may be sent.

use crm_api::insight::{Offer, Suppression};
use leptos::prelude::*;

use crate::components::badge::{Badge, Tone};
use crate::components::states::EmptyState;
use crate::i18n::{T, labels, use_i18n};

/// Offers side panel.
#[component]
pub fn OffersPanel(
    /// Ranked offers (empty when none fit or analytics have not run).
    offers: Vec<Offer>,
) -> impl IntoView {
    let i18n = use_i18n();
    let empty = offers.is_empty();
    view! {
        <section class="panel offers" aria-labelledby="offers-title">
            <div class="panel-head"><h2 id="offers-title">{move || i18n.t(T::NextBestOffers)}</h2></div>
            {empty.then(|| view! { <EmptyState title=Signal::derive(move || i18n.t(T::NoOffers).to_owned())/> })}
            <ol class="offer-list">
                {offers.into_iter().map(|o| {
                    let (kind, channel, suppressed, score) = (o.kind, o.channel, o.suppressed, o.score);
                    let reason = o.reason.clone();
                    view! {
                        <li class="offer">
                            <div class="offer-head">
                                <strong>{move || kind.label(i18n.lang.get())}</strong>
                                <span class="muted num" title=move || i18n.t(T::OfferScore)>{format!("{score:.0}")}</span>
                            </div>
                            <div class="offer-reason">{move || reason.text(i18n.lang.get())}</div>
                            <div class="offer-channel">
                                {move || match (channel, suppressed) {
                                    (Some(c), _) => view! {
                                        <Badge tone=Tone::Success>{format!("{} · {}", i18n.t(T::SendVia), labels::consent_channel(c, i18n.lang.get()))}</Badge>
                                    }.into_any(),
                                    (None, s) => view! {
                                        <Badge tone=Tone::Warning>{i18n.t(T::ConversationOnly)}</Badge>
                                        <span class="muted" style="font-size:12px;margin-left:6px">
                                            {match s { Some(Suppression::DoNotDisturb) => i18n.t(T::SuppressedDnd), _ => i18n.t(T::SuppressedNoConsent) }}
                                        </span>
                                    }.into_any(),
                                }}
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}
