//! Profile facts of the 360.

use crm_api::customers::CustomerProfile;
use leptos::prelude::*;

use crate::i18n::{Lang, T, labels, use_i18n};

/// Profile panel.
#[component]
pub fn ProfilePanel(
    /// The profile.
    p: CustomerProfile,
) -> impl IntoView {
    let i18n = use_i18n();
    let (gender, residence, occupation, income) =
        (p.gender, p.residence, p.occupation, p.income_band);
    let branch = p.branch.clone();
    let age = p.age;
    view! {
        <section class="panel" aria-labelledby="profile-title">
            <div class="panel-head"><h2 id="profile-title">{move || i18n.t(T::Profile)}</h2></div>
            <dl class="kv">
                <dt>{move || i18n.t(T::Gender)}</dt><dd>{move || labels::gender(gender, i18n.lang.get())}</dd>
                <dt>{move || i18n.t(T::Age)}</dt>
                <dd>{move || i18n.fmt(T::AgeYears, &[("n", &age.to_string())])}" · "{p.birth_date.clone()}</dd>
                <dt>{move || i18n.t(T::Region)}</dt><dd>{format!("{} · {}", p.province, p.city)}</dd>
                <dt>{move || i18n.t(T::Residence)}</dt><dd>{move || labels::residence(residence, i18n.lang.get())}</dd>
                <dt>{move || i18n.t(T::Occupation)}</dt><dd>{move || labels::occupation(occupation, i18n.lang.get())}</dd>
                <dt>{move || i18n.t(T::Income)}</dt><dd>{move || labels::income(income, i18n.lang.get())}</dd>
                <dt>{move || i18n.t(T::Email)}</dt><dd class="mono">{p.email_masked.clone().unwrap_or_else(|| "–".into())}</dd>
                <dt>{move || i18n.t(T::Branch)}</dt>
                <dd>{move || if i18n.lang.get() == Lang::Zh { branch.name.clone() } else { branch.name_en.clone() }}</dd>
                <dt>{move || i18n.t(T::JoinedOn)}</dt><dd>{p.joined_on.clone()}</dd>
            </dl>
        </section>
    }
}
