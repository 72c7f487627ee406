//! Card-business and service KPI rules: what "in force", "active", "dormant"
//! and "within SLA" mean. Pure; the rollups (`crate::dashboard::rollups`) and
//! the tests that recompute them from raw rows both use these.
//!
//! | KPI | rule |
//! |---|---|
//! | month end | the last day of the month, or today for the current month |
//! | in force | opened on or before the month end, not closed on or before it |
//! | active 30 / 90 | in force, last transaction within the 30 / 90 days ending at the month end |
//! | dormant | in force and not active in 90 days |
//! | delinquency | statements falling due in the month (due date before today) by days past due: 1–30, 31–60, 61–90, 90+ |
//! | revolving | statement balance not paid by the due date |
//! | first-response SLA | by channel (see [`first_response_sla`]) |
//! | resolution SLA | 72 h for complaints and disputes, 24 h for everything else |

use chrono::{Datelike, Duration, NaiveDate};
use crm_api::{InteractionChannel, InteractionKind};

/// The last day of `YYYY-MM`'s month, capped at `today`.
#[must_use]
pub fn month_end(month: &str, today: NaiveDate) -> Option<NaiveDate> {
    let (y, m) = crm_api::dashboard::parse_month(month)?;
    let first_next = if m == 12 {
        NaiveDate::from_ymd_opt(y + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(y, m + 1, 1)?
    };
    Some((first_next - Duration::days(1)).min(today))
}

/// `YYYY-MM` of a date.
#[must_use]
pub fn month_of(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

/// A card's state at one month end.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CardState {
    /// Open at the month end.
    pub in_force: bool,
    /// In force with a transaction in the 30 days to the month end.
    pub active_30: bool,
    /// … in the 90 days.
    pub active_90: bool,
}

impl CardState {
    /// In force and not active in 90 days.
    #[must_use]
    pub const fn dormant(self) -> bool {
        self.in_force && !self.active_90
    }
}

/// The state of a card at `end` given its dates and its last transaction on or before `end`.
#[must_use]
pub fn card_state(
    opened: NaiveDate,
    closed: Option<NaiveDate>,
    last_tx: Option<NaiveDate>,
    end: NaiveDate,
) -> CardState {
    let in_force = opened <= end && closed.is_none_or(|c| c > end);
    let within = |days: i64| last_tx.is_some_and(|t| t <= end && (end - t).num_days() < days);
    CardState {
        in_force,
        active_30: in_force && within(30),
        active_90: in_force && within(90),
    }
}

/// Days-past-due bucket index: 0 for 1–30, 1 for 31–60, 2 for 61–90, 3 for 90+; `None` when current.
#[must_use]
pub const fn dpd_bucket(days_past_due: i64) -> Option<usize> {
    match days_past_due {
        ..=0 => None,
        1..=30 => Some(0),
        31..=60 => Some(1),
        61..=90 => Some(2),
        _ => Some(3),
    }
}

/// First-response target by channel, seconds.
#[must_use]
pub const fn first_response_sla(channel: InteractionChannel) -> i64 {
    match channel {
        InteractionChannel::Phone => 120,
        InteractionChannel::OnlineChat => 60,
        InteractionChannel::App => 30 * 60,
        InteractionChannel::Wechat => 15 * 60,
        InteractionChannel::Branch => 15 * 60,
        InteractionChannel::Email => 8 * 3600,
    }
}

/// Resolution target for complaints and disputes, seconds.
pub const RESOLUTION_SLA_COMPLAINT: i64 = 72 * 3600;
/// Resolution target for everything else, seconds.
pub const RESOLUTION_SLA_OTHER: i64 = 24 * 3600;

/// Resolution target by kind, seconds.
#[must_use]
pub const fn resolution_sla(kind: InteractionKind) -> i64 {
    match kind {
        InteractionKind::Complaint | InteractionKind::Dispute => RESOLUTION_SLA_COMPLAINT,
        _ => RESOLUTION_SLA_OTHER,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn month_ends_are_capped_at_today() {
        let today = d(2026, 11, 29);
        assert_eq!(month_end("2026-02", today), Some(d(2026, 2, 28)));
        assert_eq!(month_end("2024-02", today), Some(d(2024, 2, 29)));
        assert_eq!(month_end("2025-12", today), Some(d(2025, 12, 31)));
        assert_eq!(month_end("2026-11", today), Some(today));
        assert_eq!(month_end("2026-13", today), None);
        assert_eq!(month_of(d(2026, 3, 9)), "2026-03");
    }

    #[test]
    fn card_states_at_a_month_end() {
        let end = d(2026, 6, 30);
        // opened after the end: not in force
        assert_eq!(
            card_state(d(2026, 7, 1), None, None, end),
            CardState::default()
        );
        // closed on the end day: no longer in force
        assert!(!card_state(d(2020, 1, 1), Some(end), None, end).in_force);
        assert!(card_state(d(2020, 1, 1), Some(d(2026, 7, 1)), None, end).in_force);
        // last transaction 29 days before: active in 30; 30 days before: only in 90
        let s = card_state(d(2020, 1, 1), None, Some(d(2026, 6, 1)), end);
        assert!(s.active_30 && s.active_90 && !s.dormant());
        let s = card_state(d(2020, 1, 1), None, Some(d(2026, 5, 31)), end);
        assert!(!s.active_30 && s.active_90);
        let s = card_state(d(2020, 1, 1), None, Some(d(2026, 4, 1)), end);
        assert!(!s.active_30 && !s.active_90 && s.dormant());
        // a new card without transactions is dormant; a closed one never is
        assert!(card_state(d(2026, 6, 20), None, None, end).dormant());
        assert!(!card_state(d(2020, 1, 1), Some(d(2026, 1, 1)), None, end).dormant());
    }

    #[test]
    fn buckets_and_slas() {
        assert_eq!(dpd_bucket(0), None);
        assert_eq!(dpd_bucket(1), Some(0));
        assert_eq!(dpd_bucket(30), Some(0));
        assert_eq!(dpd_bucket(31), Some(1));
        assert_eq!(dpd_bucket(60), Some(1));
        assert_eq!(dpd_bucket(61), Some(2));
        assert_eq!(dpd_bucket(90), Some(2));
        assert_eq!(dpd_bucket(91), Some(3));
        assert_eq!(first_response_sla(InteractionChannel::Phone), 120);
        assert_eq!(resolution_sla(InteractionKind::Dispute), 72 * 3600);
        assert_eq!(resolution_sla(InteractionKind::Points), 24 * 3600);
    }
}
