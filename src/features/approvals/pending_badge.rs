//! The number of pending requests beside "Points approvals" in the
//! navigation: one `GET …?status=pending&per_page=1` reading `total`,
//! again after each decision on the page.

use leptos::prelude::*;

use crate::api;
use crate::format::number::format_int;
use crate::i18n::{T, use_i18n};

/// Reloads the pending count (provided by the staff shell).
#[derive(Clone, Copy)]
pub struct PendingCount {
    version: RwSignal<u32>,
}

impl PendingCount {
    /// Asks the server again.
    pub fn reload(&self) {
        self.version.update(|v| *v += 1);
    }
}

/// Provides the pending count's reload handle to the pages below.
pub fn provide_pending_count() -> PendingCount {
    let count = PendingCount {
        version: RwSignal::new(0),
    };
    provide_context(count);
    count
}

/// The reload handle, when a shell provided one.
#[must_use]
pub fn use_pending_count() -> Option<PendingCount> {
    use_context::<PendingCount>()
}

/// The count as a small badge; nothing while it loads, when it is zero, or
/// when the request failed (the page itself shows that error).
#[component]
pub fn PendingBadge() -> impl IntoView {
    let i18n = use_i18n();
    let count = use_pending_count().unwrap_or_else(provide_pending_count);
    let data = LocalResource::new(move || {
        count.version.track();
        api::approvals::pending_count()
    });
    move || {
        data.get().and_then(Result::ok).filter(|n| *n > 0).map(|n| {
            let shown = if n > 99 { "99+".to_owned() } else { format_int(n) };
            view! {
                <span class="nav-count">
                    <span aria-hidden="true">{shown}</span>
                    <span class="sr-only">{move || i18n.fmt(T::PendingApprovalsCount, &[("n", &format_int(n))])}</span>
                </span>
            }
        })
    }
}
