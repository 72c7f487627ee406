//! Pure ticket UI logic: SLA countdown text and tones.

use crm_api::tickets::{TicketPriority, TicketStatus};

use crate::components::badge::Tone;
use crate::i18n::{Lang, labels};

/// "剩余 2小时" / "超时 3小时" for the deadline that matters now, with a tone:
/// danger when overdue, warning within the last hour, neutral otherwise.
#[must_use]
pub fn sla_text(next_due: Option<i64>, now: i64, lang: Lang) -> (String, Tone) {
    let Some(due) = next_due else {
        return ("–".to_owned(), Tone::Neutral);
    };
    let left = due - now;
    let d = labels::duration(left.abs(), lang);
    match (left < 0, lang) {
        (true, Lang::Zh) => (format!("超时 {d}"), Tone::Danger),
        (true, Lang::En) => (format!("{d} overdue"), Tone::Danger),
        (false, Lang::Zh) => (
            format!("剩余 {d}"),
            if left < 3600 {
                Tone::Warning
            } else {
                Tone::Neutral
            },
        ),
        (false, Lang::En) => (
            format!("{d} left"),
            if left < 3600 {
                Tone::Warning
            } else {
                Tone::Neutral
            },
        ),
    }
}

/// Badge tone of a status.
#[must_use]
pub const fn status_tone(s: TicketStatus) -> Tone {
    match s {
        TicketStatus::New => Tone::Info,
        TicketStatus::InProgress => Tone::Brand,
        TicketStatus::WaitingCustomer => Tone::Warning,
        TicketStatus::Resolved => Tone::Success,
        TicketStatus::Closed => Tone::Neutral,
    }
}

/// Badge tone of a priority.
#[must_use]
pub const fn priority_tone(p: TicketPriority) -> Tone {
    match p {
        TicketPriority::Urgent => Tone::Danger,
        TicketPriority::High => Tone::Warning,
        TicketPriority::Normal | TicketPriority::Low => Tone::Neutral,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countdowns_say_how_long_is_left_or_overdue() {
        assert_eq!(
            sla_text(Some(10_000), 10_000 - 7_200, Lang::Zh),
            ("剩余 2小时".to_owned(), Tone::Neutral)
        );
        assert_eq!(
            sla_text(Some(10_000), 10_000 - 1_500, Lang::Zh),
            ("剩余 25分钟".to_owned(), Tone::Warning)
        );
        assert_eq!(
            sla_text(Some(10_000), 10_000 + 3 * 3600, Lang::En),
            ("3 h overdue".to_owned(), Tone::Danger)
        );
        assert_eq!(sla_text(None, 0, Lang::Zh).0, "–");
    }

    #[test]
    fn the_browser_offers_the_servers_moves() {
        assert_eq!(
            TicketStatus::New.next(),
            [
                TicketStatus::InProgress,
                TicketStatus::WaitingCustomer,
                TicketStatus::Resolved
            ]
        );
        assert_eq!(TicketStatus::Closed.next(), [TicketStatus::InProgress]);
        assert_eq!(
            TicketStatus::Resolved.next(),
            [TicketStatus::InProgress, TicketStatus::Closed]
        );
    }
}
