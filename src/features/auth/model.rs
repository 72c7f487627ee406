//! Where each role starts, and where to go after signing in.

use crm_api::Role;

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

#[cfg(test)]
mod tests {
    use super::*;

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
