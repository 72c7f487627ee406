//! The signed-in user, loaded once at start and cleared on sign-out or on any 401.

use crm_api::auth::SessionInfo;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;

/// Session context.
#[derive(Clone, Copy)]
pub struct Session {
    /// The session, `None` when signed out.
    pub info: RwSignal<Option<SessionInfo>>,
    /// False until the first `GET /session` has answered.
    pub ready: RwSignal<bool>,
    /// Set when a request found the session ended (shown on the sign-in page).
    pub expired: RwSignal<bool>,
}

impl Session {
    /// Signs out on the server and forgets the session here.
    pub fn sign_out(self) {
        spawn_local(async move {
            let _ = api::session::sign_out().await;
            self.info.set(None);
        });
    }
}

/// Creates the session context and asks the server who is signed in.
pub fn provide_session() -> Session {
    let session = Session {
        info: RwSignal::new(None),
        ready: RwSignal::new(false),
        expired: RwSignal::new(false),
    };
    provide_context(session);
    api::set_unauthenticated_hook(move || {
        if session.info.get_untracked().is_some() {
            session.expired.set(true);
            session.info.set(None);
        }
    });
    spawn_local(async move {
        if let Ok(Some(info)) = api::session::current().await {
            session.info.set(Some(info));
        }
        session.ready.set(true);
    });
    session
}

/// The session context.
#[must_use]
pub fn use_session() -> Session {
    expect_context::<Session>()
}
