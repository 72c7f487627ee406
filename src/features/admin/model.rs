//! Pure state of the admin screens: the user form, and the audit filters
//! as they sit in the URL.

use crm_api::Role;
use crm_api::audit::AuditQuery;
use crm_api::users::{BranchView, UpdateUserRequest, UserView, needs_branch};
use crm_api::validate::Lang;

/// What the user form edits (the create and the edit form alike).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserDraft {
    /// Display name.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Home branch, for the roles that need one.
    pub branch_id: Option<i64>,
}

impl UserDraft {
    /// The draft of an existing user.
    #[must_use]
    pub fn of(user: &UserView) -> Self {
        Self {
            display_name: user.display_name.clone(),
            role: user.role,
            branch_id: user.branch_id,
        }
    }

    /// The branch sent for the draft's role: none for roles without one.
    #[must_use]
    pub fn branch(&self) -> Option<i64> {
        self.branch_id.filter(|_| needs_branch(self.role))
    }

    /// The edit of `user` into this draft, keeping whether it may sign in.
    #[must_use]
    pub fn update(&self, user: &UserView) -> UpdateUserRequest {
        UpdateUserRequest {
            display_name: self.display_name.trim().to_owned(),
            role: self.role,
            branch_id: self.branch(),
            active: user.active,
        }
    }
}

/// `user` as it is, with only `active` changed (the enable/disable buttons
/// never send unsaved edits of the form).
#[must_use]
pub fn set_active(user: &UserView, active: bool) -> UpdateUserRequest {
    UpdateUserRequest {
        display_name: user.display_name.clone(),
        role: user.role,
        branch_id: user.branch_id,
        active,
    }
}

/// A branch as the select shows it: code and name in the shown language.
#[must_use]
pub fn branch_label(b: &BranchView, lang: Lang) -> String {
    let name = match lang {
        Lang::Zh => &b.name,
        Lang::En => &b.name_en,
    };
    format!("{} · {name}", b.code)
}

/// The actions offered in the audit filter, most used first; prefixes end in `.`.
pub const ACTION_PRESETS: &[&str] = &[
    "session.",
    "session.sign_in",
    "session.sign_in_failed",
    "session.sign_out",
    "user.",
    "user.create",
    "user.update",
    "user.disable",
    "user.enable",
    "user.password_reset",
    "user.password_change",
    "customer.",
    "customer.view_360",
    "customer.reveal_national_id",
    "ticket.view",
    "campaign.",
    "card.",
    "points.",
    "installment.create",
    "export.",
    "import.",
];

/// The select's value for a custom (typed) action code.
pub const CUSTOM_ACTION: &str = "*";

/// The select value for `action`: blank for all, a preset, or [`CUSTOM_ACTION`].
#[must_use]
pub fn action_choice(action: &str) -> &str {
    if action.is_empty() || ACTION_PRESETS.contains(&action) {
        action
    } else {
        CUSTOM_ACTION
    }
}

/// The audit filters as typed into the form (and kept in the URL).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Login name of the actor.
    pub user: String,
    /// Customer id, as typed.
    pub customer_id: String,
    /// Action code or prefix.
    pub action: String,
    /// First day, YYYY-MM-DD.
    pub from: String,
    /// Last day, YYYY-MM-DD.
    pub to: String,
}

/// A problem the browser finds in the filters before asking the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterProblem {
    /// The customer id is not a positive whole number.
    CustomerId,
    /// The last day is before the first.
    DateOrder,
}

impl AuditFilter {
    /// The filters in a query string (`get` reads one parameter).
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let read = |k: &str| get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
        Self {
            user: read("user"),
            customer_id: read("customer_id"),
            action: read("action"),
            from: read("from"),
            to: read("to"),
        }
    }

    /// What the browser can tell is wrong (the server checks everything again).
    #[must_use]
    pub fn problems(&self) -> Vec<(&'static str, FilterProblem)> {
        let mut out = Vec::new();
        let id = self.customer_id.trim();
        if !id.is_empty() && !id.parse::<i64>().is_ok_and(|n| n >= 1) {
            out.push(("customer_id", FilterProblem::CustomerId));
        }
        if !self.from.is_empty() && !self.to.is_empty() && self.to < self.from {
            out.push(("to", FilterProblem::DateOrder));
        }
        out
    }

    /// The API query for `page` (blank fields left out). A customer id that
    /// is not a number is passed on as nothing, since the form refuses it.
    #[must_use]
    pub fn query(&self, page: u32) -> AuditQuery {
        let text = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
        AuditQuery {
            user: text(&self.user),
            customer_id: self.customer_id.trim().parse().ok(),
            action: text(&self.action),
            from: text(&self.from),
            to: text(&self.to),
            page: (page > 1).then_some(page),
            per_page: None,
        }
    }

    /// The page's own address for these filters at `page`.
    #[must_use]
    pub fn href(&self, page: u32) -> String {
        crm_api::query::url("/admin/audit", &self.query(page))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role, branch: Option<i64>) -> UserView {
        UserView {
            id: 9,
            username: "wang.wu".into(),
            display_name: "王五".into(),
            role,
            branch_id: branch,
            branch_name: None,
            active: true,
            must_change_password: false,
            created_at: 0,
            version: 3,
        }
    }

    #[test]
    fn a_role_without_a_branch_sends_none() {
        let u = user(Role::Agent, Some(4));
        let mut d = UserDraft::of(&u);
        assert_eq!(d.update(&u).branch_id, Some(4));
        d.role = Role::Admin;
        d.display_name = "  王五 ".into();
        let req = d.update(&u);
        assert_eq!((req.branch_id, req.display_name.as_str()), (None, "王五"));
        assert!(req.active);
    }

    #[test]
    fn enabling_keeps_everything_else() {
        let u = user(Role::Marketer, Some(2));
        let req = set_active(&u, false);
        assert_eq!(
            (req.role, req.branch_id, req.active),
            (Role::Marketer, Some(2), false)
        );
    }

    #[test]
    fn presets_and_custom_actions() {
        assert_eq!(action_choice(""), "");
        assert_eq!(action_choice("user."), "user.");
        assert_eq!(action_choice("import.customers"), CUSTOM_ACTION);
        assert!(ACTION_PRESETS.iter().all(|a| !a.is_empty()));
    }

    #[test]
    fn filters_round_trip_through_the_url() {
        let f = AuditFilter {
            user: " admin ".into(),
            customer_id: "42".into(),
            action: "user.".into(),
            from: "2026-12-01".into(),
            to: String::new(),
        };
        assert_eq!(
            f.href(2),
            "/admin/audit?user=admin&customer_id=42&action=user.&from=2026-12-01&page=2"
        );
        assert_eq!(AuditFilter::default().href(1), "/admin/audit");
        let back = AuditFilter::from_query(|k| match k {
            "user" => Some("admin".into()),
            "customer_id" => Some("42".into()),
            "action" => Some("user.".into()),
            "from" => Some("2026-12-01".into()),
            _ => None,
        });
        assert_eq!(back.query(2), f.query(2));
    }

    #[test]
    fn the_browser_refuses_bad_ids_and_backward_dates() {
        let f = AuditFilter {
            customer_id: "C0042".into(),
            from: "2026-12-07".into(),
            to: "2026-12-01".into(),
            ..AuditFilter::default()
        };
        assert_eq!(
            f.problems(),
            vec![
                ("customer_id", FilterProblem::CustomerId),
                ("to", FilterProblem::DateOrder)
            ]
        );
        assert!(AuditFilter::default().problems().is_empty());
    }
}
