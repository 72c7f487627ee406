//! The rule-tree editor: AND/OR groups as indented boxes with the logic as a
//! toggle, conditions as rows with field, operator and a value input that
//! fits the field. Every edit updates one signal; the tree never re-renders
//! as a whole, so focus stays where the user types.

use crm_api::segments::{Condition, Field, FieldKind, Logic, Op, SpendWindow, Value};
use crm_api::{Category, ConsentChannel};
use leptos::prelude::*;

use super::model::{
    CondState, FIELD_KEYS, GroupState, NodeKind, blank_value, default_op, field_from_key,
    field_key, show_number, to_screen, to_wire,
};
use crate::components::icons::{Icon, Svg};
use crate::i18n::{Lang, T, labels, use_i18n};

/// A group and its children.
#[component]
pub fn GroupEditor(
    /// The group.
    group: GroupState,
    /// Nesting depth (1 = root).
    depth: usize,
    /// Removes this group from its parent (not given for the root).
    #[prop(optional)]
    on_remove: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let logic = group.logic;
    let class = move || {
        format!(
            "rule-group logic-{}",
            if logic.get() == Logic::And {
                "and"
            } else {
                "or"
            }
        )
    };
    view! {
        <div class=class role="group" aria-label=move || i18n.t(T::RuleGroup)>
            <div class="rule-group-head">
                <div class="toggle" role="group" aria-label=move || i18n.t(T::MatchLogic)>
                    <button type="button" aria-pressed=move || (logic.get() == Logic::And).to_string()
                        on:click=move |_| logic.set(Logic::And)>{move || i18n.t(T::LogicAnd)}</button>
                    <button type="button" aria-pressed=move || (logic.get() == Logic::Or).to_string()
                        on:click=move |_| logic.set(Logic::Or)>{move || i18n.t(T::LogicOr)}</button>
                </div>
                <span class="muted" style="font-size:12px">
                    {move || if logic.get() == Logic::And { i18n.t(T::AllMustHold) } else { i18n.t(T::AnyMayHold) }}
                </span>
                <span class="spacer" style="flex:1"></span>
                <button type="button" class="btn small" on:click=move |_| group.add_condition()>{move || i18n.t(T::AddCondition)}</button>
                {(depth < crm_api::segments::MAX_DEPTH).then(|| view! {
                    <button type="button" class="btn small" on:click=move |_| group.add_group()>{move || i18n.t(T::AddGroup)}</button>
                })}
                {on_remove.map(|remove| view! {
                    <button type="button" class="btn small ghost" aria-label=move || i18n.t(T::RemoveGroup)
                        title=move || i18n.t(T::RemoveGroup) on:click=move |_| remove.run(())>
                        <Svg icon=Icon::Cross/>
                    </button>
                })}
            </div>
            <Show when=move || group.children.with(Vec::is_empty)>
                <div class="muted rule-empty">{move || i18n.t(T::EmptyGroupHint)}</div>
            </Show>
            <For each=move || group.children.get() key=|(k, _)| *k let:child>
                {
                    let (key, node) = child;
                    let remove = Callback::new(move |()| group.remove(key));
                    match node {
                        NodeKind::Group(sub) => view! { <GroupEditor group=sub depth=depth + 1 on_remove=remove/> }.into_any(),
                        NodeKind::Cond(c) => view! { <ConditionEditor c=c on_remove=remove/> }.into_any(),
                    }
                }
            </For>
        </div>
    }
}

fn field_options(lang: Lang) -> impl IntoView {
    labels::FIELD_GROUPS
        .iter()
        .enumerate()
        .map(|(gi, (zh, en))| {
            let label = if lang == Lang::Zh { *zh } else { *en };
            view! {
                <optgroup label=label>
                    {FIELD_KEYS.iter().filter(|(_, g)| *g == gi).map(|(key, _)| view! {
                        <option value=*key>{labels::field(key, lang)}</option>
                    }).collect_view()}
                </optgroup>
            }
        })
        .collect_view()
}

/// One condition row.
#[component]
fn ConditionEditor(c: CondState, on_remove: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let CondState { field, op, value } = c;
    let change_field = move |key: String| {
        let f = field_from_key(&key);
        let o = default_op(f);
        field.set(f);
        op.set(o);
        value.set(blank_value(f, o));
    };
    let change_op = move |text: String| {
        let f = field.get_untracked();
        if let Some(o) = f.ops().iter().copied().find(|o| labels_key(*o) == text) {
            let keep = matches!(
                (&value.get_untracked(), o),
                (
                    Value::Number(_),
                    Op::Eq | Op::Ne | Op::Gt | Op::Gte | Op::Lt | Op::Lte
                ) | (Value::List(_), Op::In | Op::NotIn)
                    | (Value::Text(_), Op::Eq | Op::Ne)
            );
            op.set(o);
            if !keep {
                value.set(blank_value(f, o));
            }
        }
    };
    let problem = move || {
        Condition {
            field: field.get(),
            op: op.get(),
            value: value.get(),
        }
        .problem()
        .map(|p| p.message(i18n.lang.get()))
    };
    view! {
        <div class="rule-row">
            <select aria-label=move || i18n.t(T::Field) prop:value=move || field_key(field.get())
                on:change=move |ev| change_field(event_target_value(&ev))>
                {move || field_options(i18n.lang.get())}
            </select>
            <FieldParams field=field/>
            <select aria-label=move || i18n.t(T::Operator) prop:value=move || labels_key(op.get())
                on:change=move |ev| change_op(event_target_value(&ev))>
                {move || {
                    let lang = i18n.lang.get();
                    field.get().ops().iter().map(|o| view! { <option value=labels_key(*o)>{labels::op(*o, lang)}</option> }).collect_view()
                }}
            </select>
            {move || value_editor(field.get(), op.get(), value)}
            <button type="button" class="btn small ghost" aria-label=move || i18n.t(T::RemoveCondition)
                title=move || i18n.t(T::RemoveCondition) on:click=move |_| on_remove.run(())>
                <Svg icon=Icon::Cross/>
            </button>
            <div class="field-error rule-error" role="status">{problem}</div>
        </div>
    }
}

fn labels_key(o: Op) -> &'static str {
    match o {
        Op::Eq => "eq",
        Op::Ne => "ne",
        Op::In => "in",
        Op::NotIn => "not_in",
        Op::Between => "between",
        Op::Gt => "gt",
        Op::Gte => "gte",
        Op::Lt => "lt",
        Op::Lte => "lte",
        Op::IsEmpty => "is_empty",
        Op::IsNotEmpty => "is_not_empty",
        Op::WithinLastDays => "within_last_days",
        Op::NotWithinLastDays => "not_within_last_days",
        Op::IsTrue => "is_true",
        Op::IsFalse => "is_false",
    }
}

/// Extra selects for fields with parameters (category and window, channel).
#[component]
fn FieldParams(field: RwSignal<Field>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        match field.get() {
        Field::CategorySpend { category, window } => view! {
            <select aria-label=move || i18n.t(T::ColCategory) prop:value=category.as_str()
                on:change=move |ev| {
                    if let Some(c) = Category::parse(&event_target_value(&ev)) {
                        field.set(Field::CategorySpend { category: c, window });
                    }
                }>
                {Category::ALL.iter().map(|c| view! { <option value=c.as_str()>{move || labels::category(*c, i18n.lang.get())}</option> }).collect_view()}
            </select>
            <select aria-label=move || i18n.t(T::Window) prop:value=window.days().to_string()
                on:change=move |ev| {
                    let w = match event_target_value(&ev).as_str() { "30" => SpendWindow::Days30, "365" => SpendWindow::Days365, _ => SpendWindow::Days90 };
                    field.set(Field::CategorySpend { category, window: w });
                }>
                {[SpendWindow::Days30, SpendWindow::Days90, SpendWindow::Days365].iter().map(|w| {
                    let d = w.days();
                    view! { <option value=d.to_string()>{move || i18n.fmt(T::LastNDays, &[("n", &d.to_string())])}</option> }
                }).collect_view()}
            </select>
        }.into_any(),
        Field::Consent { channel } => view! {
            <select aria-label=move || i18n.t(T::ColChannel) prop:value=channel.as_str()
                on:change=move |ev| {
                    if let Some(ch) = ConsentChannel::parse(&event_target_value(&ev)) {
                        field.set(Field::Consent { channel: ch });
                    }
                }>
                {ConsentChannel::ALL.iter().map(|c| view! { <option value=c.as_str()>{move || labels::consent_channel(*c, i18n.lang.get())}</option> }).collect_view()}
            </select>
        }.into_any(),
        _ => ().into_any(),
    }
    }
}

/// A number box that keeps what the user typed and writes the wire value.
fn number_box(f: Field, initial: f64, label: T, write: impl Fn(f64) + 'static) -> AnyView {
    let i18n = use_i18n();
    let raw = RwSignal::new(show_number(to_screen(f, initial)));
    view! {
        <input type="number" step="any" class="rule-number" aria-label=move || i18n.t(label) prop:value=move || raw.get()
            on:input=move |ev| {
                let text = event_target_value(&ev);
                raw.set(text.clone());
                write(text.trim().parse::<f64>().map_or(f64::NAN, |x| to_wire(f, x)));
            }/>
    }
    .into_any()
}

fn value_editor(f: Field, o: Op, value: RwSignal<Value>) -> AnyView {
    let i18n = use_i18n();
    let current = value.get_untracked();
    match (o, current) {
        (Op::IsEmpty | Op::IsNotEmpty | Op::IsTrue | Op::IsFalse, _) => ().into_any(),
        (Op::Between, v) => {
            let (a, b) = if let Value::Range(a, b) = v {
                (a, b)
            } else {
                (0.0, 0.0)
            };
            view! {
                {number_box(f, a, T::Minimum, move |x| value.update(|v| if let Value::Range(_, hi) = *v { *v = Value::Range(x, hi) } else { *v = Value::Range(x, 0.0) }))}
                <span class="muted">"–"</span>
                {number_box(f, b, T::Maximum, move |x| value.update(|v| if let Value::Range(lo, _) = *v { *v = Value::Range(lo, x) } else { *v = Value::Range(0.0, x) }))}
            }
            .into_any()
        }
        (Op::WithinLastDays | Op::NotWithinLastDays, v) => {
            let n = if let Value::Number(n) = v { n } else { 30.0 };
            view! {
                {number_box(Field::Age, n, T::Days, move |x| value.set(Value::Number(x)))}
                <span class="muted">{move || i18n.t(T::DaysUnit)}</span>
            }
            .into_any()
        }
        (Op::In | Op::NotIn, v) => {
            let options = f.options();
            let key = field_key(f);
            if options.is_empty() {
                let text = if let Value::List(items) = &v {
                    items.join(", ")
                } else {
                    String::new()
                };
                let raw = RwSignal::new(text);
                view! {
                    <input type="text" class="rule-text" aria-label=move || i18n.t(T::ValuesCommaSeparated)
                        placeholder=move || i18n.t(T::ValuesCommaSeparated) prop:value=move || raw.get()
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            raw.set(text.clone());
                            let items: Vec<String> = text.split([',', '，', ' ']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect();
                            value.set(Value::List(items));
                        }/>
                }
                .into_any()
            } else {
                view! {
                    <div class="chips" role="group">
                        {options.into_iter().map(|opt| {
                            let checked = move || value.with(|v| matches!(v, Value::List(items) if items.iter().any(|i| i == opt)));
                            view! {
                                <label class="chip">
                                    <input type="checkbox" prop:checked=checked on:change=move |_| value.update(|v| {
                                        let mut items = if let Value::List(items) = v.clone() { items } else { vec![] };
                                        if let Some(pos) = items.iter().position(|i| i == opt) { items.remove(pos); } else { items.push(opt.to_owned()); }
                                        *v = Value::List(items);
                                    })/>
                                    {move || labels::option(key, opt, i18n.lang.get())}
                                </label>
                            }
                        }).collect_view()}
                    </div>
                }
                .into_any()
            }
        }
        (Op::Eq | Op::Ne, v) if matches!(f.kind(), FieldKind::Enum | FieldKind::Text) => {
            let options = f.options();
            let key = field_key(f);
            if options.is_empty() {
                let raw = RwSignal::new(if let Value::Text(t) = v {
                    t
                } else {
                    String::new()
                });
                view! {
                    <input type="text" class="rule-text" aria-label=move || i18n.t(T::Value) prop:value=move || raw.get()
                        on:input=move |ev| { let t = event_target_value(&ev); raw.set(t.clone()); value.set(Value::Text(t)); }/>
                }
                .into_any()
            } else {
                view! {
                    <select aria-label=move || i18n.t(T::Value) prop:value=move || value.with(|v| if let Value::Text(t) = v { t.clone() } else { String::new() })
                        on:change=move |ev| value.set(Value::Text(event_target_value(&ev)))>
                        {options.into_iter().map(|opt| view! { <option value=opt>{move || labels::option(key, opt, i18n.lang.get())}</option> }).collect_view()}
                    </select>
                }
                .into_any()
            }
        }
        (_, v) => {
            let n = if let Value::Number(n) = v { n } else { 0.0 };
            number_box(f, n, T::Value, move |x| value.set(Value::Number(x)))
        }
    }
}
