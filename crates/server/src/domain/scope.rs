//! Branch data separation: which customers a staff member may see.
//!
//! Agents and marketers see the customers of their own branch, managers those
//! of every branch in their branch's province (their region), staff of the
//! head office see all, and administrators see none (they administer users).
//! Cardholders reach their own data through `/me` routes only, so their staff
//! scope is empty too. Out-of-scope customers answer 404, never 403.

use crm_api::Role;

/// The customers a user may see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every customer (head office).
    All,
    /// Customers of every branch in `province` (a manager's region); `home`
    /// is the manager's own branch.
    Region {
        /// The manager's own branch.
        home: i64,
        /// The province of that branch.
        province: String,
    },
    /// Customers of this branch.
    Branch(i64),
    /// No customer at all.
    Nothing,
}

/// The user's home branch as the session knows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HomeBranch {
    /// Branch id.
    pub id: Option<i64>,
    /// The branch's province.
    pub province: Option<String>,
    /// Whether the branch is the head office.
    pub head_office: bool,
}

impl Scope {
    /// The scope of a user with `role` whose home branch is `home`.
    #[must_use]
    pub fn of(role: Role, home: &HomeBranch) -> Self {
        let Some(id) = home.id else {
            return Self::Nothing;
        };
        match role {
            Role::Admin | Role::Cardholder => Self::Nothing,
            _ if home.head_office => Self::All,
            Role::Manager => match &home.province {
                Some(province) => Self::Region {
                    home: id,
                    province: province.clone(),
                },
                None => Self::Branch(id),
            },
            Role::Marketer | Role::Agent => Self::Branch(id),
        }
    }

    /// A SQL condition on a column holding a customer's branch id. Only
    /// integers are written into it (branch ids), never text, so it is safe
    /// to splice into a statement on either backend.
    #[must_use]
    pub fn branch_condition(&self, column: &str) -> String {
        match self {
            Self::All => "1 = 1".to_owned(),
            Self::Region { home, .. } => format!(
                "{column} IN (SELECT rb.id FROM branches rb JOIN branches hb ON hb.province = rb.province WHERE hb.id = {home})"
            ),
            Self::Branch(id) => format!("{column} = {id}"),
            Self::Nothing => "1 = 0".to_owned(),
        }
    }

    /// A SQL condition on a column holding a customer id.
    #[must_use]
    pub fn customer_condition(&self, column: &str) -> String {
        match self {
            Self::All => "1 = 1".to_owned(),
            Self::Nothing => "1 = 0".to_owned(),
            _ => format!(
                "{column} IN (SELECT sc.id FROM customers sc WHERE {})",
                self.branch_condition("sc.branch_id")
            ),
        }
    }

    /// Short text for audit details (`all`, `region:<branch>`, `branch:<id>`, `none`).
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Self::All => "all".to_owned(),
            Self::Region { home, .. } => format!("region:{home}"),
            Self::Branch(id) => format!("branch:{id}"),
            Self::Nothing => "none".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn home(id: i64, head_office: bool) -> HomeBranch {
        HomeBranch {
            id: Some(id),
            province: Some("北京".into()),
            head_office,
        }
    }

    #[test]
    fn roles_map_to_their_organisation() {
        assert_eq!(Scope::of(Role::Agent, &home(3, false)), Scope::Branch(3));
        assert_eq!(Scope::of(Role::Marketer, &home(3, false)), Scope::Branch(3));
        assert_eq!(
            Scope::of(Role::Manager, &home(3, false)),
            Scope::Region {
                home: 3,
                province: "北京".into()
            }
        );
        assert_eq!(Scope::of(Role::Agent, &home(9, true)), Scope::All);
        assert_eq!(Scope::of(Role::Manager, &home(9, true)), Scope::All);
        assert_eq!(Scope::of(Role::Admin, &home(9, true)), Scope::Nothing);
        assert_eq!(Scope::of(Role::Cardholder, &home(9, true)), Scope::Nothing);
        assert_eq!(
            Scope::of(Role::Agent, &HomeBranch::default()),
            Scope::Nothing
        );
    }

    #[test]
    fn conditions_hold_only_integers() {
        assert_eq!(
            Scope::Branch(7).branch_condition("c.branch_id"),
            "c.branch_id = 7"
        );
        assert_eq!(Scope::All.customer_condition("t.customer_id"), "1 = 1");
        assert_eq!(Scope::Nothing.branch_condition("x"), "1 = 0");
        let region = Scope::Region {
            home: 4,
            province: "上海'; DROP TABLE customers; --".into(),
        };
        let sql = region.customer_condition("t.customer_id");
        assert!(!sql.contains("上海") && !sql.contains('\''), "{sql}");
        assert!(sql.contains("hb.id = 4"));
    }
}
