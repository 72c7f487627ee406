//! Pure rules of the approvals page: the status tab in the URL, the
//! browser-side check of a decision's comment, and what a refusal means.

use crm_api::approvals::ApprovalStatus;

/// The page's path.
pub const APPROVALS_PATH: &str = "/approvals";

/// Longest comment the server accepts.
pub const COMMENT_MAX: usize = 200;

/// The tabs, in order.
pub const TABS: [ApprovalStatus; 3] = [
    ApprovalStatus::Pending,
    ApprovalStatus::Approved,
    ApprovalStatus::Rejected,
];

/// The status the `status` query value asks for (pending when absent or unknown).
#[must_use]
pub fn status_from_query(value: Option<&str>) -> ApprovalStatus {
    value
        .and_then(ApprovalStatus::parse)
        .unwrap_or(ApprovalStatus::Pending)
}

/// The page's URL for `status` and `page` (page 1 is left out).
#[must_use]
pub fn href(status: ApprovalStatus, page: u32) -> String {
    if page > 1 {
        format!("{APPROVALS_PATH}?status={}&page={page}", status.as_str())
    } else {
        format!("{APPROVALS_PATH}?status={}", status.as_str())
    }
}

/// What is wrong with a decision's comment before it is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentProblem {
    /// Rejecting needs a reason.
    Required,
    /// Over [`COMMENT_MAX`] characters.
    TooLong,
}

/// Checks `comment` the way the server does: required to reject (blank is
/// not a reason), at most [`COMMENT_MAX`] characters either way.
#[must_use]
pub fn check_comment(approve: bool, comment: &str) -> Option<CommentProblem> {
    if !approve && comment.trim().is_empty() {
        Some(CommentProblem::Required)
    } else if comment.chars().count() > COMMENT_MAX {
        Some(CommentProblem::TooLong)
    } else {
        None
    }
}

/// Why the server refused a decision, by status code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// 403: the manager asked for it (maker–checker).
    OwnRequest,
    /// 409 decided already, 412 changed since it was read (and 404: gone
    /// from the manager's queue): the list is reloaded.
    Changed,
    /// 422: field messages (`comment`, or `points` when the balance is too
    /// low to take the points back).
    Invalid,
    /// Anything else: the server's message.
    Other,
}

/// Classifies a refused decision.
#[must_use]
pub const fn refusal(status: u16) -> Refusal {
    match status {
        403 => Refusal::OwnRequest,
        404 | 409 | 412 => Refusal::Changed,
        422 => Refusal::Invalid,
        _ => Refusal::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_comes_from_the_url_and_defaults_to_pending() {
        assert_eq!(status_from_query(None), ApprovalStatus::Pending);
        assert_eq!(status_from_query(Some("bogus")), ApprovalStatus::Pending);
        assert_eq!(
            status_from_query(Some("rejected")),
            ApprovalStatus::Rejected
        );
        assert_eq!(
            href(ApprovalStatus::Approved, 1),
            "/approvals?status=approved"
        );
        assert_eq!(
            href(ApprovalStatus::Pending, 3),
            "/approvals?status=pending&page=3"
        );
    }

    #[test]
    fn rejecting_needs_a_reason_approving_does_not() {
        assert_eq!(check_comment(true, ""), None);
        assert_eq!(check_comment(false, "  "), Some(CommentProblem::Required));
        assert_eq!(check_comment(false, "客户未提供凭证"), None);
        let long = "长".repeat(COMMENT_MAX + 1);
        assert_eq!(check_comment(true, &long), Some(CommentProblem::TooLong));
        assert_eq!(
            check_comment(false, &"长".repeat(COMMENT_MAX)),
            None,
            "characters, not bytes, are counted"
        );
    }

    #[test]
    fn refusals_by_status() {
        assert_eq!(refusal(403), Refusal::OwnRequest);
        assert_eq!(refusal(409), Refusal::Changed);
        assert_eq!(refusal(412), Refusal::Changed);
        assert_eq!(refusal(422), Refusal::Invalid);
        assert_eq!(refusal(500), Refusal::Other);
        assert_eq!(refusal(0), Refusal::Other);
    }
}
