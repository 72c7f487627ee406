//! Staff user administration, self-service password change, and branches.

use serde::{Deserialize, Serialize};

use crate::enums::Role;
use crate::validate::{Errors, Problem};

/// A user as the admin's user list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserView {
    /// User id.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Home branch, for staff.
    pub branch_id: Option<i64>,
    /// Home branch name, for staff.
    pub branch_name: Option<String>,
    /// Whether the user may sign in.
    pub active: bool,
    /// The user must choose a new password at the next sign-in.
    pub must_change_password: bool,
    /// Created (Unix seconds, UTC).
    pub created_at: i64,
    /// Row version: send it back as `If-Match` when editing.
    pub version: i64,
}

/// A branch (for choosing a user's home branch).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BranchView {
    /// Branch id.
    pub id: i64,
    /// Branch code, e.g. `BJ01`.
    pub code: String,
    /// Chinese name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Province (the region a manager sees).
    pub province: String,
    /// The head office: its staff see every customer.
    #[serde(default)]
    pub head_office: bool,
}

/// Whether `role` needs a home branch: staff who work with customers do;
/// administrators and cardholders do not.
#[must_use]
pub fn needs_branch(role: Role) -> bool {
    matches!(role, Role::Manager | Role::Marketer | Role::Agent)
}

/// Checks a login name: 3 to 32 characters, lower-case letters, digits, `.`, `_`, `-`.
fn check_username(errors: &mut Errors, username: &str) {
    let n = username.chars().count();
    if username.is_empty() {
        errors.add("username", Problem::Required);
    } else if !(3..=32).contains(&n)
        || !username
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
    {
        errors.add(
            "username",
            Problem::Format {
                zh: "3 到 32 个字符：小写字母、数字、点、下划线或连字符。",
                en: "3 to 32 characters: lower-case letters, digits, dot, underscore or hyphen.",
            },
        );
    }
}

/// Checks role and branch together; cardholder accounts are only edited
/// (never created) by an administrator.
fn check_role_branch(errors: &mut Errors, role: Role, branch_id: Option<i64>, creating: bool) {
    if creating && role == Role::Cardholder {
        errors.add(
            "role",
            Problem::Format {
                zh: "持卡人账户随客户开通，不能在这里创建。",
                en: "Cardholder accounts come with the customer; they are not created here.",
            },
        );
    } else if needs_branch(role) && branch_id.is_none() {
        errors.add("branch_id", Problem::Required);
    }
}

/// `POST /api/v1/users` body. The server makes a one-time password and
/// answers it once; the user must change it at the first sign-in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewUserRequest {
    /// Login name (3–32: a–z, 0–9, `.`, `_`, `-`).
    pub username: String,
    /// Display name (1–64 characters).
    pub display_name: String,
    /// Role (staff roles only).
    pub role: Role,
    /// Home branch: required for managers, marketers and agents.
    pub branch_id: Option<i64>,
}

impl NewUserRequest {
    /// Every field problem at once.
    pub fn validate(&self) -> Result<(), Errors> {
        let mut errors = Errors::default();
        check_username(&mut errors, &self.username);
        errors.text("display_name", &self.display_name, 64);
        check_role_branch(&mut errors, self.role, self.branch_id, true);
        errors.into_result()
    }
}

/// `PATCH /api/v1/users/{id}` body (with `If-Match: "<version>"`). A role or
/// branch change, or disabling, ends the user's sessions at once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateUserRequest {
    /// Display name (1–64 characters).
    pub display_name: String,
    /// Role (staff roles only).
    pub role: Role,
    /// Home branch: required for managers, marketers and agents.
    pub branch_id: Option<i64>,
    /// Whether the user may sign in.
    pub active: bool,
}

impl UpdateUserRequest {
    /// Every field problem at once.
    pub fn validate(&self) -> Result<(), Errors> {
        let mut errors = Errors::default();
        errors.text("display_name", &self.display_name, 64);
        check_role_branch(&mut errors, self.role, self.branch_id, false);
        errors.into_result()
    }
}

/// A user just created or whose password was reset, with the one-time
/// password to hand over (shown once, never stored in clear).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserWithPassword {
    /// The user.
    pub user: UserView,
    /// One-time password; the user must change it at the first sign-in.
    pub one_time_password: String,
}

/// `PUT /api/v1/session/password` body: a user changes their own password.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChangeRequest {
    /// The password in use now.
    pub current_password: String,
    /// The new password (see [`crate::password`]).
    pub new_password: String,
}

impl PasswordChangeRequest {
    /// Both fields; the new one follows the password rules for `username`.
    pub fn validate(&self, username: &str) -> Result<(), Errors> {
        let mut errors = Errors::default();
        if self.current_password.is_empty() {
            errors.add("current_password", Problem::Required);
        } else if self.current_password.chars().count() > crate::password::MAX_LEN {
            errors.add(
                "current_password",
                Problem::TooLong {
                    max: crate::password::MAX_LEN,
                },
            );
        }
        crate::password::check(&mut errors, "new_password", &self.new_password, username);
        if errors.is_empty() && self.new_password == self.current_password {
            errors.add(
                "new_password",
                Problem::Format {
                    zh: "新密码不能与当前密码相同。",
                    en: "Must differ from the current password.",
                },
            );
        }
        errors.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_user(username: &str, role: Role, branch_id: Option<i64>) -> NewUserRequest {
        NewUserRequest {
            username: username.into(),
            display_name: "王五".into(),
            role,
            branch_id,
        }
    }

    #[test]
    fn new_user_rules() {
        assert!(new_user("wang.wu", Role::Agent, Some(1)).validate().is_ok());
        assert!(new_user("root", Role::Admin, None).validate().is_ok());
        let e = new_user("Wang Wu", Role::Agent, None)
            .validate()
            .err()
            .unwrap_or_default();
        assert!(e.get("username").is_some());
        assert_eq!(e.get("branch_id"), Some(&Problem::Required));
        let e = new_user("card", Role::Cardholder, None)
            .validate()
            .err()
            .unwrap_or_default();
        assert!(e.get("role").is_some());
    }

    #[test]
    fn password_change_rules() {
        let req = PasswordChangeRequest {
            current_password: "Cardinal@2026".into(),
            new_password: "Cardinal@2026".into(),
        };
        let e = req.validate("agent").err().unwrap_or_default();
        assert!(
            e.get("new_password").is_some(),
            "the demo password is common"
        );
        let req = PasswordChangeRequest {
            current_password: "old one".into(),
            new_password: "tide-lantern-quartz-9".into(),
        };
        assert!(req.validate("agent").is_ok());
        let same = PasswordChangeRequest {
            current_password: "tide-lantern-quartz-9".into(),
            new_password: "tide-lantern-quartz-9".into(),
        };
        assert!(same.validate("agent").is_err());
    }
}
