//! Pure helpers: step of each field, status colours, what a role may do.

use crm_api::Role;
use crm_api::campaigns::{CampaignStatus, CampaignView};

use crate::components::badge::Tone;

/// The six steps.
pub const STEPS: [&str; 6] = [
    "audience", "offer", "message", "schedule", "holdout", "review",
];

/// The step (1–6) a draft field is edited on.
#[must_use]
pub fn step_of(field: &str) -> usize {
    match field {
        "segment_id" | "name" => 1,
        f if f.starts_with("offer") || matches!(f, "valid_from" | "valid_to" | "budget_fen") => 2,
        "channel" | "template" => 3,
        "send_at" | "quiet_hours" | "cap_messages" | "cap_days" => 4,
        "holdout_pct" | "attribution_days" => 5,
        _ => 6,
    }
}

/// Badge colour of a status.
#[must_use]
pub const fn status_tone(s: CampaignStatus) -> Tone {
    match s {
        CampaignStatus::Draft => Tone::Neutral,
        CampaignStatus::Submitted => Tone::Warning,
        CampaignStatus::Approved => Tone::Info,
        CampaignStatus::Rejected => Tone::Danger,
        CampaignStatus::Launched => Tone::Brand,
        CampaignStatus::Completed => Tone::Success,
        CampaignStatus::Cancelled => Tone::Neutral,
    }
}

/// Actions the signed-in user may take now.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Actions {
    /// Save the draft.
    pub edit: bool,
    /// Submit for approval.
    pub submit: bool,
    /// Approve or reject.
    pub decide: bool,
    /// Launch.
    pub launch: bool,
    /// Cancel.
    pub cancel: bool,
}

/// What `role` (user `name`) may do with `c`; the server checks all of it again.
#[must_use]
pub fn actions(c: &CampaignView, role: Role, name: &str) -> Actions {
    let marketing = matches!(role, Role::Marketer | Role::Manager);
    let own = c.created_by == name || c.submitted.as_ref().is_some_and(|(who, _)| who == name);
    Actions {
        edit: marketing && c.status.editable(),
        submit: marketing && c.status.editable(),
        decide: role == Role::Manager && c.status == CampaignStatus::Submitted && !own,
        launch: marketing && c.status == CampaignStatus::Approved,
        cancel: marketing
            && matches!(
                c.status,
                CampaignStatus::Draft
                    | CampaignStatus::Submitted
                    | CampaignStatus::Approved
                    | CampaignStatus::Rejected
            ),
    }
}

/// Yuan text → fen (`None` when not a number ≥ 0).
#[must_use]
pub fn yuan_to_fen(text: &str) -> Option<i64> {
    let v: f64 = text.trim().parse().ok()?;
    (v >= 0.0 && v.is_finite()).then(|| (v * 100.0).round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crm_api::campaigns::CampaignDraft;

    fn view(status: CampaignStatus, created: &str, submitted: Option<&str>) -> CampaignView {
        CampaignView {
            id: 1,
            status,
            draft: CampaignDraft::new("x"),
            segment_name: None,
            created_by: created.into(),
            submitted: submitted.map(|s| (s.to_owned(), 0)),
            decided: None,
            launched_at: None,
            treatment: 0,
            control: 0,
            sent: 0,
            suppressed: 0,
            pending: 0,
            version: 1,
            updated_at: 0,
        }
    }

    #[test]
    fn fields_map_to_their_steps() {
        assert_eq!(step_of("segment_id"), 1);
        assert_eq!(step_of("offer.discount_pct"), 2);
        assert_eq!(step_of("template"), 3);
        assert_eq!(step_of("cap_days"), 4);
        assert_eq!(step_of("holdout_pct"), 5);
    }

    #[test]
    fn maker_checker_in_the_ui_mirrors_the_server() {
        let submitted = view(CampaignStatus::Submitted, "李营销", Some("李营销"));
        assert!(actions(&submitted, Role::Manager, "王经理").decide);
        assert!(!actions(&submitted, Role::Marketer, "李营销").decide);
        let own = view(CampaignStatus::Submitted, "王经理", Some("王经理"));
        assert!(!actions(&own, Role::Manager, "王经理").decide);
        let draft = view(CampaignStatus::Draft, "李营销", None);
        assert!(actions(&draft, Role::Marketer, "李营销").edit);
        assert!(!actions(&draft, Role::Agent, "张客服").edit);
        assert!(
            actions(
                &view(CampaignStatus::Approved, "x", Some("x")),
                Role::Marketer,
                "y"
            )
            .launch
        );
    }

    #[test]
    fn yuan_parses_to_fen() {
        assert_eq!(yuan_to_fen("12.34"), Some(1_234));
        assert_eq!(yuan_to_fen("-1"), None);
        assert_eq!(yuan_to_fen("abc"), None);
    }
}
