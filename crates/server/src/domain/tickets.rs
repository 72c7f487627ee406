//! Ticket rules: service-level targets by ticket kind and card tier, the
//! status machine, and SLA risk for sorting queues. Pure.
//!
//! | kind | first response | resolution |
//! |---|---|---|
//! | lost or stolen card | 15 min | 4 h |
//! | complaint | 1 h | 3 days |
//! | transaction dispute | 4 h | 7 days |
//! | inquiry | 2 h | 1 day |
//! | installment request | 2 h | 1 day |
//! | limit request | 4 h | 2 days |
//! | points issue | 4 h | 2 days |
//!
//! Platinum cardholders get half these times, diamond a quarter (standard and
//! gold the full time). The tier is the customer's highest among open cards.

use crm_api::Tier;
use crm_api::tickets::{TicketKind, TicketStatus};

/// `(first response, resolution)` targets in seconds for a standard card.
#[must_use]
pub const fn base_sla(kind: TicketKind) -> (i64, i64) {
    const MIN: i64 = 60;
    const HOUR: i64 = 3600;
    const DAY: i64 = 86_400;
    match kind {
        TicketKind::CardLost => (15 * MIN, 4 * HOUR),
        TicketKind::Complaint => (HOUR, 3 * DAY),
        TicketKind::Dispute => (4 * HOUR, 7 * DAY),
        TicketKind::Inquiry | TicketKind::InstallmentRequest => (2 * HOUR, DAY),
        TicketKind::LimitRequest | TicketKind::PointsIssue => (4 * HOUR, 2 * DAY),
    }
}

/// The targets for a customer of `tier`.
#[must_use]
pub const fn sla(kind: TicketKind, tier: Tier) -> (i64, i64) {
    let (first, resolve) = base_sla(kind);
    match tier {
        Tier::Standard | Tier::Gold => (first, resolve),
        Tier::Platinum => (first / 2, resolve / 2),
        Tier::Diamond => (first / 4, resolve / 4),
    }
}

/// Due times `(first response, resolution)` for a ticket opened at `created_at`.
#[must_use]
pub const fn due_times(kind: TicketKind, tier: Tier, created_at: i64) -> (i64, i64) {
    let (first, resolve) = sla(kind, tier);
    (created_at + first, created_at + resolve)
}

/// Whether a ticket may move from `from` to `to` (the rule lives with the
/// wire type, so the browser offers exactly the moves the server accepts).
#[must_use]
pub const fn can_move(from: TicketStatus, to: TicketStatus) -> bool {
    from.can_move_to(to)
}

/// The deadline that matters now: first response until there is one, then
/// resolution; `None` once resolved or closed.
#[must_use]
pub fn next_due(
    status: TicketStatus,
    first_responded: bool,
    first_due: i64,
    resolution_due: i64,
) -> Option<i64> {
    match status {
        TicketStatus::Resolved | TicketStatus::Closed => None,
        _ if !first_responded => Some(first_due.min(resolution_due)),
        _ => Some(resolution_due),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn higher_tiers_are_served_faster() {
        assert_eq!(sla(TicketKind::CardLost, Tier::Standard), (900, 14_400));
        assert_eq!(sla(TicketKind::CardLost, Tier::Gold), (900, 14_400));
        assert_eq!(sla(TicketKind::CardLost, Tier::Platinum), (450, 7_200));
        assert_eq!(sla(TicketKind::CardLost, Tier::Diamond), (225, 3_600));
        assert_eq!(sla(TicketKind::Dispute, Tier::Standard), (14_400, 604_800));
        assert_eq!(sla(TicketKind::Complaint, Tier::Diamond), (900, 64_800));
        assert_eq!(
            due_times(TicketKind::Inquiry, Tier::Platinum, 1_000),
            (1_000 + 3_600, 1_000 + 43_200)
        );
    }

    #[test]
    fn the_status_machine_allows_reopening_only_after_resolution() {
        use TicketStatus::*;
        assert!(can_move(New, InProgress));
        assert!(can_move(InProgress, Resolved));
        assert!(can_move(Resolved, Closed));
        assert!(can_move(Resolved, InProgress));
        assert!(can_move(Closed, InProgress));
        assert!(!can_move(New, Closed));
        assert!(!can_move(Closed, Resolved));
        assert!(!can_move(InProgress, New));
        assert!(!can_move(InProgress, InProgress));
    }

    #[test]
    fn the_next_deadline_follows_the_ticket() {
        use TicketStatus::*;
        assert_eq!(next_due(New, false, 100, 1_000), Some(100));
        assert_eq!(next_due(InProgress, true, 100, 1_000), Some(1_000));
        assert_eq!(next_due(WaitingCustomer, true, 100, 1_000), Some(1_000));
        assert_eq!(next_due(Resolved, true, 100, 1_000), None);
        assert_eq!(next_due(Closed, false, 100, 1_000), None);
    }
}
