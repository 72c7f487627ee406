//! A modal dialog: focus moves in when it opens and stays inside (Tab and
//! Shift+Tab wrap), Escape or the backdrop closes it, and focus returns to
//! where it was.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

const FOCUSABLE: &str = "button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

/// A modal dialog shown while `open` is true.
#[component]
pub fn Dialog(
    /// Shown while true; set to false by Escape and the backdrop.
    open: RwSignal<bool>,
    /// The element id of the heading inside (for `aria-labelledby`).
    labelled_by: &'static str,
    /// Called when the dialog closes by Escape or the backdrop.
    #[prop(optional, into)]
    on_close: Option<Callback<()>>,
    /// Content: a heading with id `labelled_by`, then the body and actions.
    children: ChildrenFn,
) -> impl IntoView {
    let panel: NodeRef<leptos::html::Div> = NodeRef::new();
    let close = move || {
        open.set(false);
        if let Some(cb) = on_close {
            cb.run(());
        }
    };
    // Remember the focused element, focus the first control (or the one
    // marked autofocus), and give focus back on close.
    let previous = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |_| {
        if open.get() {
            previous.set_value(
                document()
                    .active_element()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
            );
        } else if let Some(el) = previous.get_value() {
            let _ = el.focus();
        }
    });
    Effect::new(move |_| {
        if let Some(el) = panel.get() {
            let target = el
                .query_selector("[autofocus]")
                .ok()
                .flatten()
                .or_else(|| el.query_selector(FOCUSABLE).ok().flatten())
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(t) = target {
                let _ = t.focus();
            }
        }
    });
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if !open.get_untracked() {
            return;
        }
        if ev.key() == "Escape" {
            ev.prevent_default();
            close();
        } else if ev.key() == "Tab"
            && let Some(el) = panel.get_untracked()
        {
            trap_tab(&el, &ev);
        }
    });
    on_cleanup(move || handle.remove());
    view! {
        <Show when=move || open.get()>
            <div class="dialog-backdrop" on:click=move |_| close()>
                <div class="dialog" role="dialog" aria-modal="true" aria-labelledby=labelled_by
                    node_ref=panel on:click=|ev| ev.stop_propagation()>
                    {children()}
                </div>
            </div>
        </Show>
    }
}

/// Keeps Tab inside `panel`: from the last control to the first and back.
fn trap_tab(panel: &web_sys::HtmlDivElement, ev: &web_sys::KeyboardEvent) {
    let Ok(list) = panel.query_selector_all(FOCUSABLE) else {
        return;
    };
    let items: Vec<web_sys::HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .collect();
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        return;
    };
    let active = document().active_element();
    let is = |el: &web_sys::HtmlElement| active.as_ref().is_some_and(|a| a == el.as_ref());
    let inside = active
        .as_ref()
        .is_some_and(|a| panel.contains(Some(a.as_ref())));
    if ev.shift_key() && (is(first) || !inside) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && (is(last) || !inside) {
        ev.prevent_default();
        let _ = first.focus();
    }
}

/// A yes/no question before something that cannot be undone.
#[component]
pub fn ConfirmDialog(
    /// Shown while true.
    open: RwSignal<bool>,
    /// Element id of the title.
    id: &'static str,
    /// Title (a question).
    #[prop(into)]
    title: Signal<String>,
    /// What will happen.
    #[prop(into)]
    body: Signal<String>,
    /// The confirming button's label.
    #[prop(into)]
    confirm: Signal<String>,
    /// The cancelling button's label.
    #[prop(into)]
    cancel: Signal<String>,
    /// Red confirm button (for destructive actions).
    #[prop(optional)]
    danger: bool,
    /// Called on confirm (the dialog closes first).
    #[prop(into)]
    on_confirm: Callback<()>,
    /// Optional fields between the text and the buttons (e.g. a comment).
    #[prop(optional)]
    children: Option<ChildrenFn>,
) -> impl IntoView {
    let class = if danger { "btn danger" } else { "btn primary" };
    view! {
        <Dialog open=open labelled_by=id>
            <h2 id=id>{move || title.get()}</h2>
            <p>{move || body.get()}</p>
            {children.as_ref().map(|c| c())}
            <div class="dialog-actions">
                <button class="btn" type="button" autofocus on:click=move |_| open.set(false)>{move || cancel.get()}</button>
                <button class=class type="button" on:click=move |_| { open.set(false); on_confirm.run(()); }>
                    {move || confirm.get()}
                </button>
            </div>
        </Dialog>
    }
}
