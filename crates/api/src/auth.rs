//! Sign-in and session.

use serde::{Deserialize, Serialize};

use crate::enums::Role;
use crate::validate::Errors;

/// `POST /api/v1/session` body.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInRequest {
    /// Login name.
    pub username: String,
    /// Password (never logged, never stored in clear).
    pub password: String,
}

impl SignInRequest {
    /// Both fields are required; the username is at most 64 characters, the
    /// password at most 128 (bounds the cost of hashing an attacker's input).
    pub fn validate(&self) -> Result<(), Errors> {
        let mut errors = Errors::default();
        errors.text("username", &self.username, 64);
        if self.password.is_empty() {
            errors.add("password", crate::validate::Problem::Required);
        } else if self.password.chars().count() > 128 {
            errors.add("password", crate::validate::Problem::TooLong { max: 128 });
        }
        errors.into_result()
    }
}

/// The signed-in user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserInfo {
    /// User id.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Name shown in the user menu.
    pub display_name: String,
    /// What this user may do.
    pub role: Role,
    /// Home branch of a staff user.
    pub branch_id: Option<i64>,
    /// Home branch name (Chinese) of a staff user.
    pub branch_name: Option<String>,
    /// The customer a cardholder is; `None` for staff.
    pub customer_id: Option<i64>,
    /// The user must choose a new password before doing anything else.
    #[serde(default)]
    pub must_change_password: bool,
}

/// `GET /api/v1/session` answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    /// Who is signed in.
    pub user: UserInfo,
    /// When the session ends regardless of activity (Unix seconds, UTC).
    pub expires_at: i64,
    /// Seconds of inactivity after which the session ends.
    pub idle_timeout_secs: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_requires_both_fields() {
        let Err(errors) = SignInRequest::default().validate() else {
            panic!("empty request must be invalid");
        };
        assert!(errors.get("username").is_some());
        assert!(errors.get("password").is_some());
        let ok = SignInRequest {
            username: "marketer".into(),
            password: "x".into(),
        };
        assert!(ok.validate().is_ok());
    }

    #[test]
    fn overlong_password_is_rejected_before_hashing() {
        let req = SignInRequest {
            username: "a".into(),
            password: "p".repeat(129),
        };
        assert!(req.validate().is_err_and(|e| e.get("password").is_some()));
    }
}
