//! Session state, sign-in, the own-password form and role-gated pages.

pub mod model;
pub mod password_form;
pub mod require_role;
pub mod session;
pub mod sign_in_form;

pub use password_form::PasswordForm;
pub use require_role::RequireRole;
pub use session::{Gate, Session, provide_session, use_session};
pub use sign_in_form::SignInForm;
