//! The staff shell: collapsible left navigation with the role's items, top bar
//! with global customer search (`/` focuses it), language toggle, user menu.

use crm_api::Role;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::{A, Outlet, Redirect};
use leptos_router::hooks::{use_location, use_navigate};
use wasm_bindgen::JsCast;

use super::Splash;
use crate::api::encode;
use crate::components::icons::{Icon, Svg};
use crate::components::lang_toggle::LangToggle;
use crate::features::approvals::model::APPROVALS_PATH;
use crate::features::approvals::{PendingBadge, provide_pending_count};
use crate::features::auth::model::PASSWORD_PATH;
use crate::features::auth::{Gate, use_session};
use crate::i18n::{T, labels, use_i18n};

/// A navigation entry and the roles that see it.
struct NavItem {
    href: &'static str,
    label: T,
    icon: Icon,
    roles: &'static [Role],
}

struct NavGroup {
    title: T,
    items: &'static [NavItem],
}

const CUSTOMER_STAFF: &[Role] = &[Role::Manager, Role::Marketer, Role::Agent];
const MARKETING: &[Role] = &[Role::Manager, Role::Marketer];

const NAV: &[NavGroup] = &[
    NavGroup {
        title: T::NavCustomers,
        items: &[NavItem {
            href: "/customers",
            label: T::NavCustomerSearch,
            icon: Icon::Users,
            roles: CUSTOMER_STAFF,
        }],
    },
    NavGroup {
        title: T::NavMarketing,
        items: &[
            NavItem {
                href: "/segments",
                label: T::NavSegments,
                icon: Icon::Target,
                roles: MARKETING,
            },
            NavItem {
                href: "/campaigns",
                label: T::NavCampaigns,
                icon: Icon::Megaphone,
                roles: MARKETING,
            },
        ],
    },
    NavGroup {
        title: T::NavService,
        items: &[
            NavItem {
                href: "/tickets",
                label: T::NavTickets,
                icon: Icon::Inbox,
                roles: &[Role::Manager, Role::Agent],
            },
            NavItem {
                href: APPROVALS_PATH,
                label: T::NavApprovals,
                icon: Icon::Check,
                roles: &[Role::Manager],
            },
        ],
    },
    NavGroup {
        title: T::NavDashboards,
        items: &[
            NavItem {
                href: "/dashboard",
                label: T::NavDashboard,
                icon: Icon::Chart,
                roles: &[Role::Manager],
            },
            NavItem {
                href: "/follow-ups",
                label: T::NavFollowUps,
                icon: Icon::Task,
                roles: &[Role::Manager, Role::Agent],
            },
        ],
    },
    NavGroup {
        title: T::NavAdmin,
        items: &[
            NavItem {
                href: "/admin/users",
                label: T::NavUsers,
                icon: Icon::Settings,
                roles: &[Role::Admin],
            },
            NavItem {
                href: "/admin/import",
                label: T::NavImport,
                icon: Icon::Inbox,
                roles: &[Role::Admin],
            },
            NavItem {
                href: "/admin/audit",
                label: T::NavAudit,
                icon: Icon::Shield,
                roles: &[Role::Admin],
            },
        ],
    },
];

/// Staff layout around the current page; sends others to sign-in or the
/// portal, and a user with a one-time password to the password page.
#[component]
pub fn StaffShell() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let gate = Memo::new(move |_| session.gate());
    move || match gate.get() {
        Gate::Loading => view! { <Splash/> }.into_any(),
        Gate::SignedOut => {
            let next = format!(
                "{}{}",
                location.pathname.get_untracked(),
                location.search.get_untracked()
            );
            view! { <Redirect path=format!("/sign-in?next={}", encode(&next))/> }.into_any()
        }
        Gate::SignedIn {
            must_change: true, ..
        } => view! { <Redirect path=PASSWORD_PATH/> }.into_any(),
        Gate::SignedIn {
            role: Role::Cardholder,
            ..
        } => view! { <Redirect path="/portal"/> }.into_any(),
        Gate::SignedIn { role, .. } => view! { <StaffLayout role=role/> }.into_any(),
    }
}

/// The staff layout (navigation, top bar) around the routed page.
#[component]
pub(super) fn StaffLayout(role: Role) -> impl IntoView {
    let i18n = use_i18n();
    let collapsed = RwSignal::new(false);
    // the approvals page reloads the navigation's pending count after a decision
    provide_pending_count();
    let groups = NAV
        .iter()
        .filter_map(|g| {
            let items: Vec<&NavItem> = g.items.iter().filter(|i| i.roles.contains(&role)).collect();
            (!items.is_empty()).then(|| {
                let title = g.title;
                view! {
                    <div class="nav-group">
                        <div class="nav-group-title">{move || i18n.t(title)}</div>
                        {items.into_iter().map(|item| {
                            let label = item.label;
                            view! {
                                <A href=item.href attr:class="nav-link" attr:title=move || i18n.t(label)>
                                    <Svg icon=item.icon/>
                                    <span class="nav-label">{move || i18n.t(label)}</span>
                                    {(item.href == APPROVALS_PATH).then(|| view! { <PendingBadge/> })}
                                </A>
                            }
                        }).collect_view()}
                    </div>
                }
            })
        })
        .collect_view();
    view! {
        <div class="shell" class:collapsed=move || collapsed.get()>
            <nav class="sidenav" aria-label=move || i18n.t(T::AppName)>
                <div class="brand">
                    <img src="/public/favicon.svg" alt=""/>
                    <span class="brand-name">{move || i18n.t(T::BrandShort)}</span>
                </div>
                {groups}
            </nav>
            <div class="main">
                <TopBar role=role collapsed=collapsed/>
                <main class="content" id="main">
                    <Outlet/>
                </main>
            </div>
        </div>
    }
}

#[component]
fn TopBar(role: Role, collapsed: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let query = RwSignal::new(String::new());
    let input: NodeRef<leptos::html::Input> = NodeRef::new();
    let menu_open = RwSignal::new(false);
    let can_search = CUSTOMER_STAFF.contains(&role);

    // "/" focuses the global search unless the user is typing somewhere.
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() != "/" {
            return;
        }
        let typing = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if !typing && let Some(el) = input.get_untracked() {
            ev.prevent_default();
            let _ = el.focus();
        }
    });
    on_cleanup(move || handle.remove());

    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = query.get_untracked();
        navigate(
            &format!("/customers?q={}", encode(q.trim())),
            NavigateOptions::default(),
        );
    };
    let user = move || session.info.get().map(|s| s.user);
    view! {
        <header class="topbar">
            <button class="btn ghost" type="button" on:click=move |_| collapsed.update(|c| *c = !*c)
                aria-label=move || if collapsed.get() { i18n.t(T::NavExpand) } else { i18n.t(T::NavCollapse) }>
                <Svg icon=Icon::Menu/>
            </button>
            {can_search.then(|| view! {
                <form class="global-search" role="search" on:submit=on_search>
                    <label class="sr-only" for="global-search">{move || i18n.t(T::Search)}</label>
                    <input id="global-search" type="search" node_ref=input bind:value=query
                        placeholder=move || i18n.t(T::GlobalSearchPlaceholder)/>
                    <kbd aria-hidden="true">"/"</kbd>
                </form>
            })}
            <span class="spacer"></span>
            <LangToggle/>
            <div class="user-menu">
                <button class="btn ghost" type="button" aria-haspopup="true"
                    aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| menu_open.update(|o| *o = !*o)>
                    {move || user().map(|u| u.display_name)}
                </button>
                <Show when=move || menu_open.get()>
                    <div class="menu" on:keydown=move |ev| if ev.key() == "Escape" { menu_open.set(false) }>
                        <div class="who">
                            <div><strong>{move || user().map(|u| u.display_name)}</strong></div>
                            <div class="muted">
                                {move || user().map(|u| labels::role(u.role, i18n.lang.get()))}
                                {move || user().and_then(|u| u.branch_name).map(|b| format!(" · {b}"))}
                            </div>
                        </div>
                        <A href=PASSWORD_PATH attr:class="btn ghost menu-item" on:click=move |_| menu_open.set(false)>
                            <Svg icon=Icon::Key/>{move || i18n.t(T::ChangePassword)}
                        </A>
                        <button class="btn ghost menu-item" type="button"
                            on:click=move |_| { menu_open.set(false); session.sign_out(); }>
                            <Svg icon=Icon::SignOut/>{move || i18n.t(T::SignOut)}
                        </button>
                    </div>
                </Show>
            </div>
        </header>
    }
}
