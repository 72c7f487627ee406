//! `/portal/learn` and `/portal/learn/:slug`: short articles on card safety,
//! fraud, borrowing and how interest works; those that fit the cardholder
//! (after a lost card, to revolvers…) come first, with the reason.

use crm_api::portal::{ARTICLES, article};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::components::badge::{Badge, Tone};
use crate::components::states::{EmptyState, Skeleton};
use crate::i18n::{T, use_i18n};

/// The article list.
#[component]
pub fn PortalLearnPage() -> impl IntoView {
    let i18n = use_i18n();
    let picks = LocalResource::new(api::me::articles);
    view! {
        <h2 style="margin:0">{move || i18n.t(T::LearnTitle)}</h2>
        <p class="muted" style="margin:0">{move || i18n.t(T::LearnLead)}</p>
        <Transition fallback=|| view! { <Skeleton lines=5/> }>
            {move || Suspend::new(async move {
                // without the picks, every article is still worth listing
                let list = picks.await.unwrap_or_else(|_| {
                    ARTICLES.iter().map(|a| crm_api::portal::ArticlePick { slug: a.slug.to_owned(), reason: None }).collect()
                });
                view! { <ArticleList picks=list/> }
            })}
        </Transition>
    }
}

/// Article links, each with its reason when it has one.
#[component]
pub fn ArticleList(
    /// Articles in order.
    picks: Vec<crm_api::portal::ArticlePick>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="tx-list articles">
            {picks.into_iter().filter_map(|p| article(&p.slug).map(|a| (a, p.reason))).map(|(a, reason)| view! {
                <li>
                    <A href=format!("/portal/learn/{}", a.slug)>
                        <span class="reward-name">{move || a.title(i18n.lang.get())}</span>
                        {reason.map(|r| view! { <span><Badge tone=Tone::Info>{move || r.text(i18n.lang.get())}</Badge></span> })}
                    </A>
                </li>
            }).collect_view()}
        </ul>
    }
}

/// One article.
#[component]
pub fn PortalArticlePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let slug = move || params.with(|p| p.get("slug")).unwrap_or_default();
    view! {
        <A href="/portal/learn" attr:class="back-link">{move || i18n.t(T::BackToLearn)}</A>
        {move || match article(&slug()) {
            None => view! { <EmptyState title=Signal::derive(move || i18n.t(T::ArticleNotFound).to_owned())/> }.into_any(),
            Some(a) => view! {
                <article class="panel article">
                    <h2>{move || a.title(i18n.lang.get())}</h2>
                    {move || a.body(i18n.lang.get()).iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
                </article>
            }.into_any(),
        }}
    }
}
