//! The six steps of the campaign builder, each a small form bound to the
//! draft signal. Number fields commit on change (so typing is never
//! reformatted); everything else as you type.

use crm_api::campaigns::{CampaignDraft, OfferKind};
use crm_api::segments::SegmentSummary;
use crm_api::validate::Errors;
use crm_api::{Category, ConsentChannel, ProductCode};
use leptos::prelude::*;

use super::model::yuan_to_fen;
use crate::format::{format_fen, format_int};
use crate::i18n::{T, labels, use_i18n};

fn int_input(value: i64) -> String {
    value.to_string()
}

/// The form of one step.
#[component]
pub fn StepForm(
    /// 1–6.
    step: usize,
    /// The draft.
    draft: RwSignal<CampaignDraft>,
    /// Saved segments.
    #[prop(into)]
    segments: Signal<Vec<SegmentSummary>>,
    /// Field problems (local or from the server).
    #[prop(into)]
    errors: Signal<Errors>,
) -> impl IntoView {
    match step {
        1 => audience_step(draft, segments, errors),
        2 => offer_step(draft, errors),
        3 => message_step(draft, errors),
        4 => schedule_step(draft, errors),
        5 => holdout_step(draft, errors),
        _ => view! { <Review draft=draft segments=segments/> }.into_any(),
    }
}

/// Sets a draft field from an input's value.
fn set(
    draft: RwSignal<CampaignDraft>,
    f: fn(&mut CampaignDraft, String),
) -> impl Fn(leptos::ev::Event) + Copy + 'static {
    move |ev: leptos::ev::Event| draft.update(|d| f(d, event_target_value(&ev)))
}

/// A field's problem in the current language, if it has one.
fn field_errors(
    errors: Signal<Errors>,
) -> impl Fn(&'static str) -> Option<String> + Copy + 'static {
    let i18n = use_i18n();
    move |f: &'static str| errors.with(|e| e.get(f).map(|p| p.message(i18n.lang.get())))
}

/// Step 1: name and audience.
fn audience_step(
    draft: RwSignal<CampaignDraft>,
    segments: Signal<Vec<SegmentSummary>>,
    errors: Signal<Errors>,
) -> AnyView {
    let i18n = use_i18n();
    let err = field_errors(errors);
    view! {
            <div class="field">
                <label for="c-name">{move || i18n.t(T::CampaignName)}</label>
                <input id="c-name" type="text" prop:value=move || draft.with(|d| d.name.clone()) on:input=set(draft, |d, v| d.name = v)/>
                <span class="field-error">{move || err("name")}</span>
            </div>
            <div class="field">
                <label for="c-segment">{move || i18n.t(T::ChooseSegment)}</label>
                <select id="c-segment" prop:value=move || draft.with(|d| d.segment_id.map(|v| v.to_string()).unwrap_or_default())
                    on:change=set(draft, |d, v| d.segment_id = v.parse().ok())>
                    <option value="">"—"</option>
                    {move || segments.get().into_iter().map(|s| {
                        let size = s.last_size.map_or_else(String::new, |n| format!("（{}）", format_int(n)));
                        let id = s.id;
                        view! {
                            <option value=id.to_string() prop:selected=move || draft.with(|d| d.segment_id == Some(id))>
                                {format!("{}{size}", s.name)}
                            </option>
                        }
                    }).collect_view()}
                </select>
                <span class="field-error">{move || err("segment_id")}</span>
                <a href="/segments/new">{move || i18n.t(T::OrBuildSegment)}</a>
            </div>
        }.into_any()
}

/// Step 2: the offer, its validity and budget.
fn offer_step(draft: RwSignal<CampaignDraft>, errors: Signal<Errors>) -> AnyView {
    let i18n = use_i18n();
    let err = field_errors(errors);
    let shows = move |param: &str| draft.with(|d| offer_uses(d.offer_kind, param));
    view! {
            <div class="field">
                <label for="c-kind">{move || i18n.t(T::OfferKindLabel)}</label>
                <select id="c-kind" prop:value=move || draft.with(|d| d.offer_kind.map_or("", OfferKind::as_str).to_owned())
                    on:change=set(draft, |d, v| d.offer_kind = OfferKind::parse(&v))>
                    <option value="">"—"</option>
                    {OfferKind::ALL.iter().map(|k| { let k = *k; view! { <option value=k.as_str()>{move || labels::campaign_offer(k, i18n.lang.get())}</option> } }).collect_view()}
                </select>
                <span class="field-error">{move || err("offer_kind")}</span>
            </div>
            <div class="form-grid">
                <div class="field" class:hidden=move || !shows("category")>
                    <label for="c-cat">{move || i18n.t(T::OfferCategory)}</label>
                    <select id="c-cat" prop:value=move || draft.with(|d| d.offer.category.map_or("", Category::as_str).to_owned())
                        on:change=set(draft, |d, v| d.offer.category = Category::parse(&v))>
                        <option value="">"—"</option>
                        {Category::ALL.iter().map(|c| { let c = *c; view! { <option value=c.as_str()>{move || labels::category(c, i18n.lang.get())}</option> } }).collect_view()}
                    </select>
                    <span class="field-error">{move || err("offer.category")}</span>
                </div>
                <div class="field" class:hidden=move || !shows("discount_pct")>
                    <label for="c-pct">{move || i18n.t(T::DiscountPct)}</label>
                    <input id="c-pct" type="number" min="1" max="50" prop:value=move || draft.with(|d| d.offer.discount_pct.map(|v| v.to_string()).unwrap_or_default())
                        on:change=set(draft, |d, v| d.offer.discount_pct = v.parse().ok())/>
                    <span class="field-error">{move || err("offer.discount_pct")}</span>
                </div>
                <div class="field" class:hidden=move || !shows("multiplier")>
                    <label for="c-mult">{move || i18n.t(T::Multiplier)}</label>
                    <input id="c-mult" type="number" min="2" max="10" prop:value=move || draft.with(|d| d.offer.multiplier.map(|v| v.to_string()).unwrap_or_default())
                        on:change=set(draft, |d, v| d.offer.multiplier = v.parse().ok())/>
                    <span class="field-error">{move || err("offer.multiplier")}</span>
                </div>
                <div class="field" class:hidden=move || !shows("months")>
                    <label for="c-months">{move || i18n.t(T::Months)}</label>
                    <select id="c-months" prop:value=move || draft.with(|d| d.offer.months.map(|v| v.to_string()).unwrap_or_default())
                        on:change=set(draft, |d, v| d.offer.months = v.parse().ok())>
                        <option value="">"—"</option>
                        {[3, 6, 12, 24].iter().map(|m| view! { <option value=m.to_string()>{m.to_string()}</option> }).collect_view()}
                    </select>
                    <span class="field-error">{move || err("offer.months")}</span>
                </div>
                <div class="field" class:hidden=move || !shows("target_product")>
                    <label for="c-target">{move || i18n.t(T::TargetProduct)}</label>
                    <select id="c-target" prop:value=move || draft.with(|d| d.offer.target_product.map_or("", ProductCode::as_str).to_owned())
                        on:change=set(draft, |d, v| d.offer.target_product = ProductCode::parse(&v))>
                        <option value="">"—"</option>
                        {ProductCode::ALL.iter().map(|p| { let p = *p; view! { <option value=p.as_str()>{move || labels::product(p, i18n.lang.get())}</option> } }).collect_view()}
                    </select>
                    <span class="field-error">{move || err("offer.target_product")}</span>
                </div>
                <div class="field" class:hidden=move || !shows("min_spend_fen")>
                    <label for="c-min">{move || i18n.t(T::MinSpend)}</label>
                    <input id="c-min" type="number" min="0" step="any" prop:value=move || draft.with(|d| d.offer.min_spend_fen.map(|v| (v / 100).to_string()).unwrap_or_default())
                        on:change=set(draft, |d, v| d.offer.min_spend_fen = yuan_to_fen(&v))/>
                    <span class="field-error">{move || err("offer.min_spend_fen")}</span>
                </div>
                <div class="field">
                    <label for="c-from">{move || i18n.t(T::ValidFrom)}</label>
                    <input id="c-from" type="date" prop:value=move || draft.with(|d| d.valid_from.clone().unwrap_or_default())
                        on:change=set(draft, |d, v| d.valid_from = (!v.is_empty()).then_some(v))/>
                    <span class="field-error">{move || err("valid_from")}</span>
                </div>
                <div class="field">
                    <label for="c-to">{move || i18n.t(T::ValidTo)}</label>
                    <input id="c-to" type="date" prop:value=move || draft.with(|d| d.valid_to.clone().unwrap_or_default())
                        on:change=set(draft, |d, v| d.valid_to = (!v.is_empty()).then_some(v))/>
                    <span class="field-error">{move || err("valid_to")}</span>
                </div>
                <div class="field">
                    <label for="c-budget">{move || i18n.t(T::Budget)}</label>
                    <input id="c-budget" type="number" min="0" step="any" prop:value=move || draft.with(|d| (d.budget_fen / 100).to_string())
                        on:change=set(draft, |d, v| d.budget_fen = yuan_to_fen(&v).unwrap_or(-1))/>
                    <span class="field-error">{move || err("budget_fen")}</span>
                </div>
            </div>
        }.into_any()
}

/// Step 3: channel and message template.
fn message_step(draft: RwSignal<CampaignDraft>, errors: Signal<Errors>) -> AnyView {
    let i18n = use_i18n();
    let err = field_errors(errors);
    view! {
            <div class="field">
                <label for="c-channel">{move || i18n.t(T::ChannelLabel)}</label>
                <select id="c-channel" prop:value=move || draft.with(|d| d.channel.map_or("", ConsentChannel::as_str).to_owned())
                    on:change=set(draft, |d, v| d.channel = ConsentChannel::parse(&v))>
                    <option value="">"—"</option>
                    {ConsentChannel::ALL.iter().map(|c| { let c = *c; view! { <option value=c.as_str()>{move || labels::consent_channel(c, i18n.lang.get())}</option> } }).collect_view()}
                </select>
                <span class="field-error">{move || err("channel")}</span>
            </div>
            <div class="field">
                <label for="c-template">{move || i18n.t(T::Template)}</label>
                <textarea id="c-template" rows="4" prop:value=move || draft.with(|d| d.template.clone()) on:input=set(draft, |d, v| d.template = v)></textarea>
                <span class="muted" style="font-size:12px">{move || i18n.t(T::TemplateTokens)}</span>
                <span class="field-error">{move || err("template")}</span>
            </div>
        }.into_any()
}

/// Step 4: send time, quiet hours and frequency cap.
fn schedule_step(draft: RwSignal<CampaignDraft>, errors: Signal<Errors>) -> AnyView {
    let i18n = use_i18n();
    let err = field_errors(errors);
    view! {
            <label class="check">
                <input type="checkbox" prop:checked=move || draft.with(|d| d.send_at.is_none())
                    on:change=move |ev| { let now = event_target_checked(&ev); draft.update(|d| d.send_at = if now { None } else { Some(js_sys::Date::now() as i64 / 1000 + 3600) }); }/>
                {move || i18n.t(T::SendNow)}
            </label>
            <Show when=move || draft.with(|d| d.send_at.is_some())>
                <div class="field">
                    <label for="c-send">{move || i18n.t(T::SendAt)}</label>
                    <input id="c-send" type="datetime-local" prop:value=move || draft.with(|d| d.send_at.map(local_input).unwrap_or_default())
                        on:change=set(draft, |d, v| d.send_at = parse_local_input(&v))/>
                </div>
            </Show>
            <label class="check">
                <input type="checkbox" prop:checked=move || draft.with(|d| d.quiet_hours)
                    on:change=move |ev| { let on = event_target_checked(&ev); draft.update(|d| d.quiet_hours = on); }/>
                {move || i18n.t(T::QuietHours)}
            </label>
            <p class="muted">{move || draft.with(|d| i18n.fmt(T::FrequencyCap, &[("n", &d.cap_days.to_string()), ("m", &d.cap_messages.to_string())]))}</p>
            <div class="form-grid">
                <div class="field">
                    <label for="c-capm">{move || i18n.t(T::CapMessages)}</label>
                    <input id="c-capm" type="number" min="1" max="20" prop:value=move || draft.with(|d| int_input(i64::from(d.cap_messages)))
                        on:change=set(draft, |d, v| d.cap_messages = v.parse().unwrap_or(0))/>
                    <span class="field-error">{move || err("cap_messages")}</span>
                </div>
                <div class="field">
                    <label for="c-capd">{move || i18n.t(T::CapDays)}</label>
                    <input id="c-capd" type="number" min="1" max="90" prop:value=move || draft.with(|d| int_input(i64::from(d.cap_days)))
                        on:change=set(draft, |d, v| d.cap_days = v.parse().unwrap_or(0))/>
                    <span class="field-error">{move || err("cap_days")}</span>
                </div>
            </div>
        }.into_any()
}

/// Step 5: holdout and attribution window.
fn holdout_step(draft: RwSignal<CampaignDraft>, errors: Signal<Errors>) -> AnyView {
    let i18n = use_i18n();
    let err = field_errors(errors);
    view! {
            <p class="muted">{move || i18n.t(T::HoldoutHint)}</p>
            <div class="form-grid">
                <div class="field">
                    <label for="c-holdout">{move || i18n.t(T::HoldoutPct)}</label>
                    <input id="c-holdout" type="number" min="0" max="50" prop:value=move || draft.with(|d| int_input(i64::from(d.holdout_pct)))
                        on:change=set(draft, |d, v| d.holdout_pct = v.parse().unwrap_or(255))/>
                    <span class="field-error">{move || err("holdout_pct")}</span>
                </div>
                <div class="field">
                    <label for="c-attr">{move || i18n.t(T::AttributionDays)}</label>
                    <input id="c-attr" type="number" min="1" max="90" prop:value=move || draft.with(|d| int_input(i64::from(d.attribution_days)))
                        on:change=set(draft, |d, v| d.attribution_days = v.parse().unwrap_or(0))/>
                    <span class="field-error">{move || err("attribution_days")}</span>
                </div>
            </div>
        }.into_any()
}

/// Whether an offer parameter applies to the kind (all show before a kind is chosen).
#[must_use]
pub fn offer_uses(kind: Option<OfferKind>, param: &str) -> bool {
    match kind {
        None => true,
        Some(OfferKind::CategoryDiscount) => {
            matches!(param, "category" | "discount_pct" | "min_spend_fen")
        }
        Some(OfferKind::PointsMultiplier) => {
            matches!(param, "category" | "multiplier" | "min_spend_fen")
        }
        Some(OfferKind::InterestFreeInstallment) => param == "months",
        Some(OfferKind::CardUpgrade) => param == "target_product",
        Some(OfferKind::LimitIncrease | OfferKind::Information) => false,
    }
}

/// `YYYY-MM-DDTHH:MM` in Shanghai for a datetime-local input.
fn local_input(ts: i64) -> String {
    crate::format::format_datetime(ts).replace(' ', "T")
}

/// Parses a datetime-local value as Shanghai time.
fn parse_local_input(text: &str) -> Option<i64> {
    let (date, time) = text.split_once('T')?;
    let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let mut t = time.split(':').map(|p| p.parse::<i64>().ok());
    let (h, min) = (t.next()??, t.next()??);
    // days from civil (Howard Hinnant)
    let (y2, m2) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let doy = (153 * m2 + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + h * 3600 + min * 60 - 8 * 3600)
}

/// The whole draft, read-only.
#[component]
pub fn Review(
    /// The draft.
    draft: RwSignal<CampaignDraft>,
    /// Saved segments (for the name).
    #[prop(into)]
    segments: Signal<Vec<SegmentSummary>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || i18n.lang.get();
    view! {
        <dl class="kv">
            <dt>{move || i18n.t(T::CampaignName)}</dt><dd>{move || draft.with(|d| d.name.clone())}</dd>
            <dt>{move || i18n.t(T::ColAudience)}</dt>
            <dd>{move || draft.with(|d| d.segment_id.and_then(|id| segments.get().into_iter().find(|s| s.id == id)).map(|s| s.name).unwrap_or_else(|| "—".into()))}</dd>
            <dt>{move || i18n.t(T::OfferKindLabel)}</dt>
            <dd>{move || draft.with(|d| d.offer_kind.map_or_else(|| "—".to_owned(), |k| format!("{}：{}", labels::campaign_offer(k, lang()), crm_api::campaigns::offer_text(k, &d.offer, lang()))))}</dd>
            <dt>{move || i18n.t(T::ColValidity)}</dt>
            <dd>{move || draft.with(|d| format!("{} – {}", d.valid_from.clone().unwrap_or_default(), d.valid_to.clone().unwrap_or_default()))}</dd>
            <dt>{move || i18n.t(T::Budget)}</dt><dd>{move || draft.with(|d| format_fen(d.budget_fen, "CNY"))}</dd>
            <dt>{move || i18n.t(T::ChannelLabel)}</dt><dd>{move || draft.with(|d| d.channel.map_or("—", |c| labels::consent_channel(c, lang())))}</dd>
            <dt>{move || i18n.t(T::Template)}</dt><dd>{move || draft.with(|d| d.template.clone())}</dd>
            <dt>{move || i18n.t(T::SendAt)}</dt>
            <dd>{move || draft.with(|d| d.send_at.map_or_else(|| i18n.t(T::SendNow).to_owned(), crate::format::format_datetime))}</dd>
            <dt>{move || i18n.t(T::QuietHours)}</dt><dd>{move || draft.with(|d| if d.quiet_hours { i18n.t(T::Yes) } else { i18n.t(T::No) })}</dd>
            <dt>{move || i18n.t(T::CapLabel)}</dt>
            <dd>{move || draft.with(|d| i18n.fmt(T::CapText, &[("n", &d.cap_days.to_string()), ("m", &d.cap_messages.to_string())]))}</dd>
            <dt>{move || i18n.t(T::HoldoutPct)}</dt><dd>{move || draft.with(|d| format!("{}%", d.holdout_pct))}</dd>
            <dt>{move || i18n.t(T::AttributionDays)}</dt><dd>{move || draft.with(|d| d.attribution_days.to_string())}</dd>
        </dl>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_offer_parameters_of_the_kind_are_asked_for() {
        assert!(offer_uses(
            Some(OfferKind::CategoryDiscount),
            "discount_pct"
        ));
        assert!(!offer_uses(Some(OfferKind::CategoryDiscount), "months"));
        assert!(offer_uses(
            Some(OfferKind::InterestFreeInstallment),
            "months"
        ));
        assert!(!offer_uses(Some(OfferKind::Information), "category"));
        assert!(offer_uses(None, "target_product"));
    }

    #[test]
    fn datetime_local_round_trips_in_shanghai() {
        // 2026-11-28 10:30 in Shanghai = 02:30 UTC
        let ts = parse_local_input("2026-11-28T10:30").unwrap_or_default();
        assert_eq!(ts, 1_795_833_000);
        assert_eq!(local_input(ts), "2026-11-28T10:30");
        assert_eq!(parse_local_input("nonsense"), None);
    }
}
