//! A customer's history as the 360's sections list it: statements, payments,
//! points, service interactions, survey responses, and the audited reveal of
//! a national ID.

use serde::{Deserialize, Serialize};

use crate::enums::{InteractionChannel, InteractionKind, Outcome, PointsKind};
use crate::money::Money;
use crate::page::Page;
use crate::validate::{Errors, Problem};

/// How a statement was settled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StatementStatus {
    /// Due date not reached, nothing paid yet.
    NotDue,
    /// Paid in full.
    PaidInFull,
    /// More than the minimum, less than the balance (revolving).
    Partial,
    /// The minimum only.
    Minimum,
    /// Not paid by the due date.
    Overdue,
    /// Nothing owed.
    NothingDue,
}

/// One monthly statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatementView {
    /// Statement id.
    pub id: i64,
    /// Card.
    pub card_id: i64,
    /// Card's last four digits.
    pub card_last4: String,
    /// Billing cycle `YYYY-MM`.
    pub cycle: String,
    /// Closing date.
    pub closing_date: String,
    /// New balance.
    pub new_balance: Money,
    /// Minimum due.
    pub minimum_due: Money,
    /// Due date.
    pub due_date: String,
    /// Paid against this statement.
    pub paid: Money,
    /// When paid.
    pub paid_on: Option<String>,
    /// Days past due (0 when paid on time).
    pub days_past_due: i64,
    /// Settlement.
    pub status: StatementStatus,
}

impl StatementStatus {
    /// Classifies a statement as of `today` (`YYYY-MM-DD`, compared as text).
    #[must_use]
    pub fn of(new_fen: i64, min_fen: i64, paid_fen: i64, due_date: &str, today: &str) -> Self {
        if new_fen <= 0 {
            Self::NothingDue
        } else if paid_fen >= new_fen {
            Self::PaidInFull
        } else if paid_fen == 0 {
            if due_date < today {
                Self::Overdue
            } else {
                Self::NotDue
            }
        } else if paid_fen * 100 <= min_fen * 105 {
            Self::Minimum
        } else {
            Self::Partial
        }
    }
}

/// One payment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentView {
    /// Payment id.
    pub id: i64,
    /// Card's last four digits.
    pub card_last4: String,
    /// When (Unix seconds, UTC).
    pub paid_at: i64,
    /// Amount.
    pub amount: Money,
    /// How: `auto_debit`, `app`, `wechat`, `counter`.
    pub channel: String,
}

/// One points-ledger entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointsEntry {
    /// Entry id.
    pub id: i64,
    /// When (Unix seconds, UTC).
    pub occurred_at: i64,
    /// Earn, redeem, expire or adjust.
    pub kind: PointsKind,
    /// Signed points.
    pub points: i64,
    /// Expiry of earned points.
    pub expires_on: Option<String>,
    /// What it was for.
    pub description: String,
}

/// Points still held that expire on a date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExpiringPoints {
    /// Expiry date.
    pub expires_on: String,
    /// Points.
    pub points: i64,
}

/// Points section of the 360.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointsOverview {
    /// Balance (sum of the ledger).
    pub balance: i64,
    /// Earned in the last 12 months.
    pub earned_12m: i64,
    /// Redeemed in the last 12 months (positive number).
    pub redeemed_12m: i64,
    /// Held points by expiry date, soonest first (first-in, first-out).
    pub expiring: Vec<ExpiringPoints>,
    /// Ledger, newest first.
    pub ledger: Page<PointsEntry>,
}

/// One service interaction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InteractionView {
    /// Interaction id.
    pub id: i64,
    /// When (Unix seconds, UTC).
    pub occurred_at: i64,
    /// Channel.
    pub channel: InteractionChannel,
    /// Topic.
    pub kind: InteractionKind,
    /// Agent's display name, when an agent handled it.
    pub agent: Option<String>,
    /// Outcome.
    pub outcome: Outcome,
    /// Seconds to the first response.
    pub first_response_secs: Option<i64>,
    /// Seconds to resolution.
    pub resolution_secs: Option<i64>,
    /// What it was about.
    pub summary: String,
}

/// One survey response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyView {
    /// Response id.
    pub id: i64,
    /// When (Unix seconds, UTC).
    pub responded_at: i64,
    /// Net Promoter score 0–10.
    pub nps: Option<i64>,
    /// Satisfaction 1–5.
    pub csat: Option<i64>,
    /// Channel it came through.
    pub channel: String,
    /// What it rated.
    pub touchpoint: String,
    /// Free text.
    pub comment: Option<String>,
    /// The interaction it followed, if any.
    pub interaction_id: Option<i64>,
}

/// `POST /api/v1/customers/{id}/national-id` body: why the full ID is needed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevealRequest {
    /// The reason, written to the audit log (5–200 characters).
    pub reason: String,
}

impl RevealRequest {
    /// The reason must say something (5–200 characters).
    pub fn validate(&self) -> Result<(), Errors> {
        let mut errors = Errors::default();
        let n = self.reason.trim().chars().count();
        if n == 0 {
            errors.add("reason", Problem::Required);
        } else if n < 5 {
            errors.add(
                "reason",
                Problem::Format {
                    zh: "请写明原因（至少 5 个字）。",
                    en: "Please state the reason (at least 5 characters).",
                },
            );
        } else if n > 200 {
            errors.add("reason", Problem::TooLong { max: 200 });
        }
        errors.into_result()
    }
}

/// The revealed national ID.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevealedId {
    /// Full resident ID.
    pub national_id: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statement_status_classification() {
        let s = |new, min, paid, due| StatementStatus::of(new, min, paid, due, "2026-11-28");
        assert_eq!(s(0, 0, 0, "2026-11-20"), StatementStatus::NothingDue);
        assert_eq!(
            s(10_000, 1_000, 10_000, "2026-11-20"),
            StatementStatus::PaidInFull
        );
        assert_eq!(
            s(10_000, 1_000, 1_000, "2026-11-20"),
            StatementStatus::Minimum
        );
        assert_eq!(
            s(10_000, 1_000, 5_000, "2026-11-20"),
            StatementStatus::Partial
        );
        assert_eq!(s(10_000, 1_000, 0, "2026-11-20"), StatementStatus::Overdue);
        assert_eq!(s(10_000, 1_000, 0, "2026-12-20"), StatementStatus::NotDue);
    }

    #[test]
    fn reveal_needs_a_real_reason() {
        assert!(RevealRequest { reason: " ".into() }.validate().is_err());
        assert!(
            RevealRequest {
                reason: "核实".into()
            }
            .validate()
            .is_err()
        );
        assert!(
            RevealRequest {
                reason: "客户来电核实身份".into()
            }
            .validate()
            .is_ok()
        );
        assert!(
            RevealRequest {
                reason: "x".repeat(201)
            }
            .validate()
            .is_err()
        );
    }
}
