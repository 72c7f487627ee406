//! Where each role starts, and where to go after signing in.

use crm_api::Role;
use crm_api::password::{MAX_LEN, MIN_LEN};

/// The self-service password page (also where a one-time password is replaced).
pub const PASSWORD_PATH: &str = "/account/password";

/// The start page of a role.
#[must_use]
pub const fn home_path(role: Role) -> &'static str {
    match role {
        Role::Admin => "/admin/users",
        Role::Cardholder => "/portal",
        Role::Manager | Role::Marketer | Role::Agent => "/customers",
    }
}

/// Where to go after sign-in: the requested page when it is a local path the
/// role may open, else the role's start page (no open redirects).
#[must_use]
pub fn after_sign_in(next: Option<&str>, role: Role) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/sign-in")
                && (path.starts_with("/portal") == (role == Role::Cardholder)) =>
        {
            path.to_owned()
        }
        _ => home_path(role).to_owned(),
    }
}

/// One password rule the form shows as a live hint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordRule {
    /// 12 to 128 characters.
    Length,
    /// Does not contain the user name.
    NotUsername,
    /// Differs from the current password.
    NotCurrent,
    /// The confirmation repeats it.
    Confirmed,
}

/// What the password form knows while the user types.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PasswordDraft {
    /// The password in use now.
    pub current: String,
    /// The new password.
    pub new: String,
    /// The new password again.
    pub confirm: String,
}

impl PasswordDraft {
    /// Each rule with whether the draft meets it, in the order shown. The
    /// length and user-name rules are those of
    /// [`crm_api::password::local_problem`]; the common-password list is
    /// checked by the server on save.
    #[must_use]
    pub fn rules(&self, username: &str) -> [(PasswordRule, bool); 4] {
        let len = self.new.chars().count();
        let name = username.trim().to_lowercase();
        let contains_name = name.chars().count() >= 3 && self.new.to_lowercase().contains(&name);
        [
            (PasswordRule::Length, (MIN_LEN..=MAX_LEN).contains(&len)),
            (
                PasswordRule::NotUsername,
                !self.new.is_empty() && !contains_name,
            ),
            (
                PasswordRule::NotCurrent,
                !self.new.is_empty() && self.new != self.current,
            ),
            (
                PasswordRule::Confirmed,
                !self.new.is_empty() && self.new == self.confirm,
            ),
        ]
    }

    /// Whether every rule the browser can check holds.
    #[must_use]
    pub fn ready(&self, username: &str) -> bool {
        !self.current.is_empty() && self.rules(username).iter().all(|(_, ok)| *ok)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(current: &str, new: &str, confirm: &str) -> PasswordDraft {
        PasswordDraft {
            current: current.into(),
            new: new.into(),
            confirm: confirm.into(),
        }
    }

    #[test]
    fn password_rules_agree_with_the_shared_local_check() {
        for (new, name) in [
            ("short", "wang"),
            ("tide-lantern-quartz-9", "wang"),
            ("my-zhang.wei-2026-key", "Zhang.Wei"),
            ("abcdefghijkl", "ab"),
            (&"x".repeat(129), "wang"),
            ("", "wang"),
        ] {
            let d = draft("old", new, new);
            let local_ok = crm_api::password::local_problem(new, name).is_none();
            let rules = d.rules(name);
            assert_eq!(rules[0].1 && rules[1].1, local_ok, "{new} for {name}");
        }
    }

    #[test]
    fn a_draft_is_ready_only_when_confirmed_and_new() {
        assert!(draft("old-one", "tide-lantern-quartz-9", "tide-lantern-quartz-9").ready("wang"));
        assert!(!draft("old-one", "tide-lantern-quartz-9", "tide-lantern-quartz-8").ready("wang"));
        assert!(!draft("", "tide-lantern-quartz-9", "tide-lantern-quartz-9").ready("wang"));
        let same = draft(
            "tide-lantern-quartz-9",
            "tide-lantern-quartz-9",
            "tide-lantern-quartz-9",
        );
        assert_eq!(same.rules("wang")[2], (PasswordRule::NotCurrent, false));
    }

    #[test]
    fn next_is_followed_only_when_safe_and_fitting() {
        assert_eq!(
            after_sign_in(Some("/customers/7"), Role::Agent),
            "/customers/7"
        );
        assert_eq!(
            after_sign_in(Some("//evil.example"), Role::Agent),
            "/customers"
        );
        assert_eq!(
            after_sign_in(Some("https://evil.example"), Role::Agent),
            "/customers"
        );
        assert_eq!(
            after_sign_in(Some("/customers"), Role::Cardholder),
            "/portal"
        );
        assert_eq!(after_sign_in(Some("/portal"), Role::Marketer), "/customers");
        assert_eq!(after_sign_in(None, Role::Admin), "/admin/users");
    }
}
