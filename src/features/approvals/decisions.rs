//! Deciding on a request: which one is open in which dialog, the comment
//! typed, and what the page says afterwards (success, or why the server
//! refused — the list reloads when the request had changed).

use crm_api::approvals::{ApprovalDecision, PointsAdjustmentRequest};
use leptos::prelude::*;

use super::model::{CommentProblem, Refusal, check_comment, refusal};
use crate::api;
use crate::i18n::{I18n, T, use_i18n};

/// What the page says after a decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// Approved: the points were posted.
    Approved {
        /// Request id.
        id: i64,
        /// Points posted.
        points: i64,
    },
    /// Rejected: nothing was posted.
    Rejected {
        /// Request id.
        id: i64,
    },
    /// 403: the manager asked for it.
    OwnRequest,
    /// 409/412: decided or changed meanwhile; the list was reloaded.
    Changed,
    /// Any other refusal, with the server's message.
    Failed(String),
}

impl Notice {
    /// Whether it reports a success.
    #[must_use]
    pub const fn is_success(&self) -> bool {
        matches!(self, Self::Approved { .. } | Self::Rejected { .. })
    }
}

/// The decision state of the approvals page.
#[derive(Clone, Copy)]
pub struct Decisions {
    /// The request the open dialog is about.
    pub target: RwSignal<Option<PointsAdjustmentRequest>>,
    /// The approve dialog is open.
    pub approving: RwSignal<bool>,
    /// The reject dialog is open.
    pub rejecting: RwSignal<bool>,
    /// The comment typed in the open dialog.
    pub comment: RwSignal<String>,
    /// What is wrong with the comment (browser check or the server's field message).
    pub comment_error: RwSignal<Option<String>>,
    /// A decision is on its way.
    pub busy: RwSignal<bool>,
    /// The outcome of the last decision.
    pub notice: RwSignal<Option<Notice>>,
    on_decided: Callback<()>,
    i18n: I18n,
}

/// Decision state; `on_decided` runs after a decision was recorded or the
/// request turned out to have changed (so the list reloads).
pub fn use_decisions(on_decided: Callback<()>) -> Decisions {
    Decisions {
        target: RwSignal::new(None),
        approving: RwSignal::new(false),
        rejecting: RwSignal::new(false),
        comment: RwSignal::new(String::new()),
        comment_error: RwSignal::new(None),
        busy: RwSignal::new(false),
        notice: RwSignal::new(None),
        on_decided,
        i18n: use_i18n(),
    }
}

impl Decisions {
    fn open(&self, request: PointsAdjustmentRequest) {
        self.target.set(Some(request));
        self.comment.set(String::new());
        self.comment_error.set(None);
    }

    /// Opens the approve dialog for `request`.
    pub fn ask_approve(&self, request: PointsAdjustmentRequest) {
        self.open(request);
        self.approving.set(true);
    }

    /// Opens the reject dialog for `request`.
    pub fn ask_reject(&self, request: PointsAdjustmentRequest) {
        self.open(request);
        self.rejecting.set(true);
    }

    /// Sends the decision on the target with the typed comment. The reject
    /// dialog stays open while the comment is missing or refused.
    pub fn submit(self, approve: bool) {
        let i18n = self.i18n;
        let Some(request) = self.target.get_untracked() else {
            return;
        };
        let comment = self.comment.get_untracked();
        if let Some(problem) = check_comment(approve, &comment) {
            let message = i18n.t(match problem {
                CommentProblem::Required => T::CommentNeeded,
                CommentProblem::TooLong => T::CommentTooLong,
            });
            self.comment_error.set(Some(message.to_owned()));
            if approve {
                self.notice.set(Some(Notice::Failed(message.to_owned())));
            }
            return;
        }
        let body = ApprovalDecision {
            version: request.version,
            comment: comment.trim().to_owned(),
        };
        let id = request.id;
        self.busy.set(true);
        self.notice.set(None);
        leptos::task::spawn_local(async move {
            let result = if approve {
                api::approvals::approve(id, &body).await
            } else {
                api::approvals::reject(id, &body).await
            };
            self.busy.set(false);
            let notice = match result {
                Ok(done) if approve => Notice::Approved {
                    id,
                    points: done.points,
                },
                Ok(_) => Notice::Rejected { id },
                Err(e) => match refusal(e.status) {
                    Refusal::OwnRequest => Notice::OwnRequest,
                    Refusal::Changed => Notice::Changed,
                    Refusal::Invalid if !approve && e.field("comment").is_some() => {
                        // stays in the dialog, next to the field
                        self.comment_error.set(e.field("comment"));
                        return;
                    }
                    Refusal::Invalid => Notice::Failed(
                        e.field("points")
                            .or_else(|| e.field("comment"))
                            .unwrap_or_else(|| e.message()),
                    ),
                    Refusal::Other => Notice::Failed(e.message()),
                },
            };
            let reload = notice.is_success() || notice == Notice::Changed;
            self.rejecting.set(false);
            self.notice.set(Some(notice));
            if reload {
                self.on_decided.run(());
            }
        });
    }
}
