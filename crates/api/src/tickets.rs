//! Service tickets: kinds, statuses, SLA due times, the history of every
//! change, internal notes and customer-visible replies.

use serde::{Deserialize, Serialize};

use crate::enums::{InteractionChannel, Tier, wire_enum};
use crate::validate::{Errors, Problem};

wire_enum! {
    /// What a ticket is about.
    TicketKind {
        Inquiry = "inquiry",
        Complaint = "complaint",
        Dispute = "dispute",
        CardLost = "card_lost",
        LimitRequest = "limit_request",
        InstallmentRequest = "installment_request",
        PointsIssue = "points_issue",
    }
}

wire_enum! {
    /// How urgent a ticket is (for sorting; SLA comes from kind and tier).
    TicketPriority { Low = "low", Normal = "normal", High = "high", Urgent = "urgent" }
}

wire_enum! {
    /// Where a ticket is in its life.
    TicketStatus {
        New = "new",
        InProgress = "in_progress",
        WaitingCustomer = "waiting_customer",
        Resolved = "resolved",
        Closed = "closed",
    }
}

wire_enum! {
    /// The team queue a ticket waits in until someone takes it.
    TicketQueue { General = "general", Cards = "cards", Disputes = "disputes", Complaints = "complaints" }
}

impl TicketKind {
    /// The queue a new ticket of this kind goes to.
    #[must_use]
    pub const fn queue(self) -> TicketQueue {
        match self {
            Self::CardLost | Self::LimitRequest => TicketQueue::Cards,
            Self::Dispute => TicketQueue::Disputes,
            Self::Complaint => TicketQueue::Complaints,
            Self::Inquiry | Self::InstallmentRequest | Self::PointsIssue => TicketQueue::General,
        }
    }
}

impl TicketStatus {
    /// Whether a ticket may move from this status to `to` (reopening included).
    #[must_use]
    pub const fn can_move_to(self, to: Self) -> bool {
        use TicketStatus::{Closed, InProgress, New, Resolved, WaitingCustomer};
        matches!(
            (self, to),
            (New, InProgress | WaitingCustomer | Resolved)
                | (InProgress, WaitingCustomer | Resolved)
                | (WaitingCustomer, InProgress | Resolved)
                | (Resolved, Closed | InProgress)
                | (Closed, InProgress)
        )
    }

    /// The statuses a ticket may move to from this one.
    #[must_use]
    pub fn next(self) -> Vec<Self> {
        Self::ALL
            .iter()
            .copied()
            .filter(|s| self.can_move_to(*s))
            .collect()
    }
}

/// Opening a ticket (staff).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct TicketInput {
    /// The customer (staff only; the portal uses the session's).
    pub customer_id: Option<i64>,
    /// The card concerned, if any (must be the customer's).
    pub card_id: Option<i64>,
    /// What it is about.
    pub kind: Option<TicketKind>,
    /// Where it came in (the portal: always `app`).
    pub channel: Option<InteractionChannel>,
    /// Default `normal`.
    pub priority: Option<TicketPriority>,
    /// One line, at most 100 characters.
    pub subject: String,
    /// The request in the customer's words, at most 2,000 characters.
    pub body: String,
}

impl TicketInput {
    /// Field checks shared by browser and server.
    ///
    /// # Errors
    /// Every problem, by field.
    pub fn validate(&self, need_customer: bool) -> Result<(), Errors> {
        let mut e = Errors::default();
        if need_customer && self.customer_id.is_none() {
            e.add("customer_id", Problem::Required);
        }
        if self.kind.is_none() {
            e.add("kind", Problem::Required);
        }
        if need_customer && self.channel.is_none() {
            e.add("channel", Problem::Required);
        }
        e.text("subject", &self.subject, 100);
        if self.body.chars().count() > 2_000 {
            e.add("body", Problem::TooLong { max: 2_000 });
        }
        e.into_result()
    }
}

/// A ticket in a list or on its page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketView {
    /// Ticket id.
    pub id: i64,
    /// Customer.
    pub customer_id: i64,
    /// Customer's name.
    pub customer_name: String,
    /// Card concerned.
    pub card_id: Option<i64>,
    /// Its last four digits.
    pub card_last4: Option<String>,
    /// Kind.
    pub kind: TicketKind,
    /// Channel.
    pub channel: InteractionChannel,
    /// Priority.
    pub priority: TicketPriority,
    /// Status.
    pub status: TicketStatus,
    /// Subject.
    pub subject: String,
    /// Team queue.
    pub queue: TicketQueue,
    /// Agent working on it.
    pub assignee_id: Option<i64>,
    /// Their name.
    pub assignee_name: Option<String>,
    /// The customer's tier the SLA was set by.
    pub tier: Tier,
    /// Opened, Unix seconds UTC.
    pub created_at: i64,
    /// First response due.
    pub first_response_due_at: i64,
    /// Resolution due.
    pub resolution_due_at: i64,
    /// First response given.
    pub first_responded_at: Option<i64>,
    /// Resolved.
    pub resolved_at: Option<i64>,
    /// Closed.
    pub closed_at: Option<i64>,
    /// The deadline that matters now (none once resolved).
    pub next_due_at: Option<i64>,
    /// Past that deadline.
    pub overdue: bool,
    /// Last change.
    pub updated_at: i64,
    /// For optimistic concurrency.
    pub version: i64,
}

wire_enum! {
    /// What an entry of a ticket's history records.
    TicketEventKind {
        Created = "created",
        Status = "status",
        Assigned = "assigned",
        Note = "note",
        Reply = "reply",
        Action = "action",
    }
}

/// One entry of a ticket's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketEvent {
    /// Event id.
    pub id: i64,
    /// Unix seconds UTC.
    pub at: i64,
    /// Who (staff name, or the customer's).
    pub by: String,
    /// True when the customer wrote it.
    pub by_customer: bool,
    /// What happened.
    pub kind: TicketEventKind,
    /// Previous value (status, assignee…).
    pub from_value: Option<String>,
    /// New value.
    pub to_value: Option<String>,
    /// Text of a note or reply.
    pub body: Option<String>,
    /// Shown to the customer.
    pub visible_to_customer: bool,
}

/// A ticket with its history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketDetail {
    /// The ticket.
    pub ticket: TicketView,
    /// Every change, oldest first (the portal sees only customer-visible ones).
    pub events: Vec<TicketEvent>,
}

/// Moving a ticket to another status.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusChange {
    /// The version read.
    pub version: i64,
    /// The new status.
    pub status: Option<TicketStatus>,
    /// Optional internal note, at most 2,000 characters.
    #[serde(default)]
    pub note: Option<String>,
}

/// Assigning a ticket to an agent or back to its queue.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assignment {
    /// The version read.
    pub version: i64,
    /// The agent (`null`: back to the queue).
    pub assignee_id: Option<i64>,
    /// Move to this queue too.
    #[serde(default)]
    pub queue: Option<TicketQueue>,
}

/// A note (internal) or a reply (the customer sees it).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentInput {
    /// Text, 1–2,000 characters.
    pub body: String,
    /// A reply to the customer (true) or an internal note (false).
    #[serde(default)]
    pub visible_to_customer: bool,
}

impl CommentInput {
    /// Field checks.
    ///
    /// # Errors
    /// When the text is blank or too long.
    pub fn validate(&self) -> Result<(), Errors> {
        let mut e = Errors::default();
        e.text("body", &self.body, 2_000);
        e.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_checked_by_field() {
        let mut t = TicketInput::default();
        let e = t.validate(true).unwrap_err();
        for f in ["customer_id", "kind", "channel", "subject"] {
            assert!(e.get(f).is_some(), "{f}");
        }
        t.kind = Some(TicketKind::CardLost);
        t.subject = "卡片遗失".into();
        assert!(t.validate(false).is_ok());
        t.subject = "长".repeat(101);
        assert_eq!(
            t.validate(false).unwrap_err().get("subject"),
            Some(&Problem::TooLong { max: 100 })
        );
        assert!(CommentInput::default().validate().is_err());
        assert_eq!(TicketKind::Dispute.queue(), TicketQueue::Disputes);
        assert_eq!(
            TicketStatus::parse("waiting_customer"),
            Some(TicketStatus::WaitingCustomer)
        );
    }
}
