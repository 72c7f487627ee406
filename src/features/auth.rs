//! Session state and sign-in.

pub mod model;
pub mod session;
pub mod sign_in_form;

pub use session::{Session, provide_session, use_session};
pub use sign_in_form::SignInForm;
