//! Maker–checker for large goodwill points adjustments.

use serde::{Deserialize, Serialize};

/// Adjustments bigger than this (either way) wait for a manager's approval.
pub const POINTS_APPROVAL_THRESHOLD: i64 = 10_000;

crate::enums::wire_enum! {
    /// Where a request for approval is.
    ApprovalStatus {
        /// Waiting for a second person.
        Pending = "pending",
        /// Approved: the points were posted.
        Approved = "approved",
        /// Rejected: nothing was posted.
        Rejected = "rejected",
    }
}

/// A large points adjustment waiting for (or after) a second person's decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointsAdjustmentRequest {
    /// Request id.
    pub id: i64,
    /// Customer.
    pub customer_id: i64,
    /// Customer number.
    pub customer_no: String,
    /// Points to add (negative: to take back).
    pub points: i64,
    /// Why.
    pub reason: String,
    /// Ticket the adjustment is noted on.
    pub ticket_id: Option<i64>,
    /// Who asked (login name).
    pub requested_by: String,
    /// When (Unix seconds).
    pub requested_at: i64,
    /// Status.
    pub status: ApprovalStatus,
    /// Who decided (login name).
    pub decided_by: Option<String>,
    /// When.
    pub decided_at: Option<i64>,
    /// The decider's comment (required to reject).
    pub decision_comment: Option<String>,
    /// Row version (send it back with a decision).
    pub version: i64,
}

/// `POST /api/v1/points-adjustments/{id}/approve` and `/reject` body.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ApprovalDecision {
    /// The version read.
    pub version: i64,
    /// Comment (required to reject, at most 200 characters).
    pub comment: String,
}

/// `GET /api/v1/points-adjustments` filter and paging.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(default)]
pub struct ApprovalListQuery {
    /// `pending` (default), `approved` or `rejected`.
    pub status: Option<ApprovalStatus>,
    /// Page, from 1.
    pub page: Option<u32>,
    /// Rows per page (1–100, default 20).
    pub per_page: Option<u32>,
}
