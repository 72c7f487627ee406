//! A survey invitation in the portal: the scale questions as radio groups
//! (keyboard-friendly, large touch targets), an optional comment, and one
//! idempotency key per card so a double tap or a retry answers once.

use crm_api::surveys::{Question, SurveyInvitationView, SurveyKind, SurveyResponseInput};
use leptos::prelude::*;

use crate::api;
use crate::i18n::{T, use_i18n};

fn question_text(q: Question, kind: SurveyKind) -> T {
    match (q, kind) {
        (Question::Nps, _) => T::QNps,
        (Question::Csat, SurveyKind::CampaignCsat) => T::QCsatCampaign,
        (Question::Csat, _) => T::QCsatService,
        (Question::Speed, _) => T::QSpeed,
        (Question::ProductFit, _) => T::QProductFit,
        (Question::RewardsValue, _) => T::QRewardsValue,
    }
}

/// One invitation; `on_done` runs after a successful answer.
#[component]
pub fn SurveyCard(invitation: SurveyInvitationView, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let id = invitation.id;
    let kind = invitation.survey;
    let key = format!("portal-{id}-{}", (js_sys::Math::random() * 1e12) as u64);
    let answers: Vec<(Question, RwSignal<Option<i64>>)> = invitation
        .questions
        .iter()
        .map(|q| (*q, RwSignal::new(None)))
        .collect();
    let answers = StoredValue::new(answers);
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let done = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let mut body = SurveyResponseInput {
            survey: Some(kind),
            channel: Some("app".into()),
            invitation_id: Some(id),
            comment: Some(comment.get_untracked()).filter(|c| !c.trim().is_empty()),
            ..SurveyResponseInput::default()
        };
        answers.with_value(|all| {
            for (q, v) in all {
                let v = v.get_untracked();
                match q {
                    Question::Nps => body.nps = v,
                    Question::Csat => body.csat = v,
                    Question::Speed => body.speed = v,
                    Question::ProductFit => body.product_fit = v,
                    Question::RewardsValue => body.rewards_value = v,
                }
            }
        });
        if let Err(e) = body.validate(false) {
            let lang = i18n.lang.get_untracked();
            let msg =
                e.0.first()
                    .map(|(_, p)| p.message(lang))
                    .unwrap_or_default();
            error.set(Some(format!("{} {msg}", i18n.t(T::AnswerRequired))));
            return;
        }
        error.set(None);
        busy.set(true);
        let key = key.clone();
        leptos::task::spawn_local(async move {
            match api::me::answer_survey(&body, &key).await {
                Ok(_) => {
                    done.set(true);
                    on_done.run(());
                }
                Err(e) => {
                    error.set(Some(e.message()));
                    busy.set(false);
                }
            }
        });
    };
    let questions = answers.with_value(|all| {
        all.iter()
            .enumerate()
            .map(|(qi, (q, value))| {
                let (q, value) = (*q, *value);
                let (min, max) = q.scale();
                let name = format!("s{id}-q{qi}");
                let options = (min..=max)
                    .map(|n| {
                        let name = name.clone();
                        view! {
                            <label class="scale-opt">
                                <input type="radio" name=name value=n.to_string()
                                    prop:checked=move || value.get() == Some(n)
                                    on:change=move |_| value.set(Some(n))/>
                                <span>{n.to_string()}</span>
                            </label>
                        }
                    })
                    .collect_view();
                let ends = if q == Question::Nps { (T::NpsLow, T::NpsHigh) } else { (T::ScaleLow, T::ScaleHigh) };
                let class = if q == Question::Nps { "scale nps" } else { "scale" };
                view! {
                    <fieldset class="survey-q">
                        <legend>{move || i18n.t(question_text(q, kind))}
                            {(qi > 0).then(|| view! { <span class="muted">{move || i18n.t(T::Optional)}</span> })}
                        </legend>
                        <div class=class>{options}</div>
                        <div class="scale-ends muted"><span>{move || i18n.t(ends.0)}</span><span>{move || i18n.t(ends.1)}</span></div>
                    </fieldset>
                }
            })
            .collect_view()
    });
    let comment_id = format!("s{id}-comment");
    view! {
        <section class="survey-card" aria-label=move || i18n.t(T::SurveyTitle)>
            <Show when=move || !done.get() fallback=move || view! {
                <p class="survey-thanks" role="status">{move || i18n.t(T::SurveyThanks)}</p>
            }>
                <h3>{move || i18n.t(T::SurveyTitle)}</h3>
                {invitation.about.clone().map(|a| view! { <p class="muted">{move || i18n.t(T::SurveyAbout)}{"："}{a.clone()}</p> })}
                <form on:submit=submit.clone()>
                    {questions.clone()}
                    <label class="survey-comment" for=comment_id.clone()>{move || i18n.t(T::SurveyComment)}</label>
                    <textarea id=comment_id.clone() rows="2" maxlength="500"
                        prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                    {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                    <button class="btn primary block" type="submit" disabled=move || busy.get()>{move || i18n.t(T::SurveySubmit)}</button>
                </form>
            </Show>
        </section>
    }
}
