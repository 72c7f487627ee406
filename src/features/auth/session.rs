//! The signed-in user, loaded once at start and cleared on sign-out or on any 401.

use crm_api::Role;
use crm_api::auth::SessionInfo;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};

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

/// What the shells decide on: whether the session is known, who is signed
/// in, and whether they must choose a new password before anything else.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    /// The first session request has not answered yet.
    Loading,
    /// Nobody is signed in.
    SignedOut,
    /// Signed in with `role`.
    SignedIn {
        /// The user's role.
        role: Role,
        /// A one-time password is still in use.
        must_change: bool,
    },
}

impl Session {
    /// Signs out on the server and forgets the session here.
    pub fn sign_out(self) {
        spawn_local(async move {
            let _ = api::session::sign_out().await;
            self.info.set(None);
        });
    }

    /// The gate, read reactively (wrap it in a `Memo` so a shell re-renders
    /// only when the role or the password state changes).
    #[must_use]
    pub fn gate(self) -> Gate {
        if !self.ready.get() {
            return Gate::Loading;
        }
        self.info.with(|i| {
            i.as_ref().map_or(Gate::SignedOut, |i| Gate::SignedIn {
                role: i.user.role,
                must_change: i.user.must_change_password,
            })
        })
    }

    /// Asks the server again who is signed in (after a password change).
    pub async fn reload(self) -> Result<SessionInfo, ApiError> {
        let info = api::session::get().await?;
        self.info.set(Some(info.clone()));
        Ok(info)
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
    // The server still holds a one-time password for this user: the shells
    // see the flag and send every page to the password form.
    api::set_password_change_hook(move || {
        let stale = session
            .info
            .with_untracked(|i| i.as_ref().is_some_and(|i| !i.user.must_change_password));
        if stale {
            session.info.update(|i| {
                if let Some(i) = i {
                    i.user.must_change_password = true;
                }
            });
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
