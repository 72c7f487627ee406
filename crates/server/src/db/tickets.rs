//! Service tickets: open (with SLA due times by kind and tier), list by SLA
//! risk, move through the status machine, assign, comment — every change in
//! `ticket_events`, in the same transaction as the change.
//!
//! Each ticket has a `service_interactions` row, so the service dashboard
//! counts ticket work and closing a ticket invites the customer to the
//! service survey (the same once-per-interaction key the analytics job uses).

use crm_api::tickets::{
    Assignment, CommentInput, TicketDetail, TicketEvent, TicketEventKind, TicketInput, TicketKind,
    TicketPriority, TicketQueue, TicketStatus, TicketView,
};
use crm_api::validate::{Errors, Problem};
use crm_api::{InteractionChannel, InteractionKind, Page, Role, Tier};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::Db;
use crate::db::{enum_col, update_versioned};
use crate::domain::tickets::{can_move, due_times, next_due};
use crate::error::AppError;

/// The interaction kind a ticket is recorded as.
const fn interaction_kind(kind: TicketKind) -> InteractionKind {
    match kind {
        TicketKind::Inquiry => InteractionKind::Inquiry,
        TicketKind::Complaint => InteractionKind::Complaint,
        TicketKind::Dispute => InteractionKind::Dispute,
        TicketKind::CardLost => InteractionKind::CardLost,
        TicketKind::LimitRequest => InteractionKind::LimitRequest,
        TicketKind::InstallmentRequest => InteractionKind::Installment,
        TicketKind::PointsIssue => InteractionKind::Points,
    }
}

/// The customer's highest tier among cards that are not closed (standard without any).
pub async fn tier_of(conn: &mut AnyConnection, customer_id: i64) -> Result<Tier, AppError> {
    let tiers: Vec<String> = sqlx::query_scalar(
        "SELECT p.tier FROM cards k JOIN card_products p ON p.id = k.product_id \
         WHERE k.customer_id = $1 AND k.status <> 'closed'",
    )
    .bind(customer_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(tiers
        .iter()
        .filter_map(|t| Tier::parse(t))
        .max()
        .unwrap_or(Tier::Standard))
}

/// Values of a history entry: kind, from, to, body, visible to the customer.
type EventValues<'a> = (
    TicketEventKind,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    bool,
);

async fn event(
    conn: &mut AnyConnection,
    ticket: i64,
    at: i64,
    user: i64,
    (kind, from, to, body, visible): EventValues<'_>,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO ticket_events (ticket_id, at, user_id, kind, from_value, to_value, body, \
             visible_to_customer) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(ticket)
    .bind(at)
    .bind(user)
    .bind(kind.as_str())
    .bind(from)
    .bind(to)
    .bind(body)
    .bind(i64::from(visible))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Records a status change from `from` to `to`, shown to the customer.
async fn status_event(
    conn: &mut AnyConnection,
    ticket: i64,
    at: i64,
    user: i64,
    from: TicketStatus,
    to: TicketStatus,
) -> Result<(), AppError> {
    event(
        conn,
        ticket,
        at,
        user,
        (
            TicketEventKind::Status,
            Some(from.as_str()),
            Some(to.as_str()),
            None,
            true,
        ),
    )
    .await
}

/// Opens a ticket for `customer_id` by `user` (staff, or the cardholder).
pub async fn create(
    db: &Db,
    customer_id: i64,
    input: &TicketInput,
    user: i64,
    by_customer: bool,
    now: i64,
) -> Result<i64, AppError> {
    let mut tx = db.pool.begin().await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM customers WHERE id = $1")
        .bind(customer_id)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_none() {
        return Err(AppError::NotFound);
    }
    if let Some(card) = input.card_id {
        let owner: Option<i64> = sqlx::query_scalar("SELECT customer_id FROM cards WHERE id = $1")
            .bind(card)
            .fetch_optional(&mut *tx)
            .await?;
        if owner != Some(customer_id) {
            let mut e = Errors::default();
            e.add("card_id", Problem::NotAllowed);
            return Err(AppError::Validation(e));
        }
    }
    let kind = input.kind.unwrap_or(TicketKind::Inquiry);
    let channel = input.channel.unwrap_or(InteractionChannel::App);
    let tier = tier_of(&mut tx, customer_id).await?;
    let (first_due, resolution_due) = due_times(kind, tier, now);
    let interaction: i64 = sqlx::query_scalar(
        "INSERT INTO service_interactions (customer_id, occurred_at, channel, kind, agent_id, \
             outcome, summary) VALUES ($1, $2, $3, $4, $5, 'pending', $6) RETURNING id",
    )
    .bind(customer_id)
    .bind(now)
    .bind(channel.as_str())
    .bind(interaction_kind(kind).as_str())
    .bind((!by_customer).then_some(user))
    .bind(input.subject.trim())
    .fetch_one(&mut *tx)
    .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO tickets (customer_id, card_id, kind, channel, priority, status, subject, \
             queue, interaction_id, tier, created_by, created_at, first_response_due_at, \
             resolution_due_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, 'new', $6, $7, $8, $9, $10, $11, $12, $13, $11) RETURNING id",
    )
    .bind(customer_id)
    .bind(input.card_id)
    .bind(kind.as_str())
    .bind(channel.as_str())
    .bind(input.priority.unwrap_or(TicketPriority::Normal).as_str())
    .bind(input.subject.trim())
    .bind(kind.queue().as_str())
    .bind(interaction)
    .bind(tier.as_str())
    .bind(user)
    .bind(now)
    .bind(first_due)
    .bind(resolution_due)
    .fetch_one(&mut *tx)
    .await?;
    let body = input.body.trim();
    event(
        &mut tx,
        id,
        now,
        user,
        (
            TicketEventKind::Created,
            None,
            Some(TicketStatus::New.as_str()),
            (!body.is_empty()).then_some(body),
            true,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

const COLUMNS: &str = "t.id, t.customer_id, c.name AS customer_name, t.card_id, k.pan_last4, \
    t.kind, t.channel, t.priority, t.status, t.subject, t.queue, t.assignee_id, \
    u.display_name AS assignee_name, t.tier, t.created_at, t.first_response_due_at, \
    t.resolution_due_at, t.first_responded_at, t.resolved_at, t.closed_at, t.updated_at, t.version";

const FROM: &str = "FROM tickets t JOIN customers c ON c.id = t.customer_id \
    LEFT JOIN cards k ON k.id = t.card_id LEFT JOIN users u ON u.id = t.assignee_id";

/// The deadline that matters now, as SQL (for sorting by SLA risk).
const NEXT_DUE_SQL: &str = "CASE WHEN t.status IN ('resolved', 'closed') THEN NULL \
    WHEN t.first_responded_at IS NULL THEN t.first_response_due_at ELSE t.resolution_due_at END";

fn view_of(r: &AnyRow, now: i64) -> Result<TicketView, AppError> {
    let status = enum_col(r, "status", TicketStatus::parse)?;
    let first_responded_at: Option<i64> = r.try_get("first_responded_at")?;
    let first_due: i64 = r.try_get("first_response_due_at")?;
    let resolution_due: i64 = r.try_get("resolution_due_at")?;
    let next = next_due(
        status,
        first_responded_at.is_some(),
        first_due,
        resolution_due,
    );
    Ok(TicketView {
        id: r.try_get("id")?,
        customer_id: r.try_get("customer_id")?,
        customer_name: r.try_get("customer_name")?,
        card_id: r.try_get("card_id")?,
        card_last4: r.try_get("pan_last4")?,
        kind: enum_col(r, "kind", TicketKind::parse)?,
        channel: enum_col(r, "channel", InteractionChannel::parse)?,
        priority: enum_col(r, "priority", TicketPriority::parse)?,
        status,
        subject: r.try_get("subject")?,
        queue: enum_col(r, "queue", TicketQueue::parse)?,
        assignee_id: r.try_get("assignee_id")?,
        assignee_name: r.try_get("assignee_name")?,
        tier: enum_col(r, "tier", Tier::parse)?,
        created_at: r.try_get("created_at")?,
        first_response_due_at: first_due,
        resolution_due_at: resolution_due,
        first_responded_at,
        resolved_at: r.try_get("resolved_at")?,
        closed_at: r.try_get("closed_at")?,
        next_due_at: next,
        overdue: next.is_some_and(|d| d < now),
        updated_at: r.try_get("updated_at")?,
        version: r.try_get("version")?,
    })
}

/// One ticket.
pub async fn view(db: &Db, id: i64, now: i64) -> Result<TicketView, AppError> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} {FROM} WHERE t.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    view_of(&row, now)
}

/// A ticket with its history; `customer_view` keeps only what the customer may see.
pub async fn detail(
    db: &Db,
    id: i64,
    customer_view: bool,
    now: i64,
) -> Result<TicketDetail, AppError> {
    let ticket = view(db, id, now).await?;
    let rows = sqlx::query(
        "SELECT e.id, e.at, e.kind, e.from_value, e.to_value, e.body, e.visible_to_customer, \
                u.display_name, u.role \
         FROM ticket_events e JOIN users u ON u.id = e.user_id \
         WHERE e.ticket_id = $1 ORDER BY e.at, e.id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let mut events = Vec::new();
    for r in &rows {
        let visible = r.try_get::<i64, _>("visible_to_customer")? != 0;
        if customer_view && !visible {
            continue;
        }
        let role: String = r.try_get("role")?;
        events.push(TicketEvent {
            id: r.try_get("id")?,
            at: r.try_get("at")?,
            by: r.try_get("display_name")?,
            by_customer: role == Role::Cardholder.as_str(),
            kind: enum_col(r, "kind", TicketEventKind::parse)?,
            from_value: r.try_get("from_value")?,
            to_value: r.try_get("to_value")?,
            body: r.try_get("body")?,
            visible_to_customer: visible,
        });
    }
    Ok(TicketDetail { ticket, events })
}

/// Which tickets a list shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Assigned to this user.
    Mine(i64),
    /// Unassigned, in any queue (or one queue).
    Team(Option<TicketQueue>),
    /// Everything.
    All,
    /// One customer's.
    Customer(i64),
}

/// Tickets in `scope`, open ones first by SLA risk (overdue first), then the
/// rest newest first.
pub async fn list(
    db: &Db,
    scope: Scope,
    org: &crate::domain::scope::Scope,
    open_only: bool,
    page: u32,
    per_page: u32,
    now: i64,
) -> Result<Page<TicketView>, AppError> {
    let (mut cond, bind): (String, Option<String>) = match scope {
        Scope::Mine(user) => (format!("t.assignee_id = {user}"), None),
        Scope::Team(None) => ("t.assignee_id IS NULL".into(), None),
        Scope::Team(Some(q)) => (
            "t.assignee_id IS NULL AND t.queue = $1".into(),
            Some(q.as_str().to_owned()),
        ),
        Scope::All => ("1 = 1".into(), None),
        Scope::Customer(c) => (format!("t.customer_id = {c}"), None),
    };
    if open_only {
        cond.push_str(" AND t.status NOT IN ('resolved', 'closed')");
    }
    cond.push_str(" AND ");
    cond.push_str(&org.customer_condition("t.customer_id"));
    let per_page = per_page.clamp(1, 100);
    let page = page.max(1);
    let count_sql = format!("SELECT COUNT(*) AS n {FROM} WHERE {cond}");
    let list_sql = format!(
        "SELECT {COLUMNS} {FROM} WHERE {cond} \
         ORDER BY CASE WHEN t.status IN ('resolved', 'closed') THEN 1 ELSE 0 END, \
                  {NEXT_DUE_SQL}, t.created_at DESC, t.id DESC \
         LIMIT {per_page} OFFSET {}",
        u64::from(page - 1) * u64::from(per_page)
    );
    let mut count = sqlx::query(&count_sql);
    let mut rows = sqlx::query(&list_sql);
    if let Some(b) = &bind {
        count = count.bind(b.as_str());
        rows = rows.bind(b.as_str());
    }
    let total: i64 = count.fetch_one(&db.pool).await?.try_get("n")?;
    let items = rows
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| view_of(r, now))
        .collect::<Result<_, _>>()?;
    Ok(Page {
        items,
        total,
        page,
        per_page,
    })
}

/// Locks the ticket row at `version` and returns its current state.
async fn current(
    conn: &mut AnyConnection,
    id: i64,
    version: i64,
) -> Result<(TicketStatus, i64, i64, Option<i64>, i64), AppError> {
    let row = sqlx::query(
        "SELECT status, version, interaction_id, first_responded_at, created_at, customer_id \
         FROM tickets WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    if row.try_get::<i64, _>("version")? != version {
        return Err(AppError::PreconditionFailed);
    }
    Ok((
        enum_col(&row, "status", TicketStatus::parse)?,
        row.try_get("interaction_id")?,
        row.try_get("created_at")?,
        row.try_get("first_responded_at")?,
        row.try_get("customer_id")?,
    ))
}

async fn bump(conn: &mut AnyConnection, id: i64, version: i64, now: i64) -> Result<(), AppError> {
    let q = sqlx::query(
        "UPDATE tickets SET version = version + 1, updated_at = $1 WHERE id = $2 AND version = $3",
    )
    .bind(now);
    update_versioned(q, id, version, &mut *conn).await
}

/// Records the first response (a reply or a resolution) once.
async fn first_response(
    conn: &mut AnyConnection,
    id: i64,
    interaction: i64,
    created_at: i64,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE tickets SET first_responded_at = $1 WHERE id = $2 AND first_responded_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE service_interactions SET first_response_secs = $1 \
         WHERE id = $2 AND first_response_secs IS NULL",
    )
    .bind(now - created_at)
    .bind(interaction)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Moves a ticket to `to` at the version read; closing invites the customer
/// to the service survey.
pub async fn change_status(
    db: &Db,
    id: i64,
    version: i64,
    to: TicketStatus,
    note: Option<&str>,
    user: i64,
    now: i64,
) -> Result<(), AppError> {
    let mut tx = db.pool.begin().await?;
    let (from, interaction, created_at, responded, customer) =
        current(&mut tx, id, version).await?;
    if !can_move(from, to) {
        let mut e = Errors::default();
        e.add("status", Problem::NotAllowed);
        return Err(AppError::Conflict(e));
    }
    bump(&mut tx, id, version, now).await?;
    match to {
        TicketStatus::Resolved => {
            if responded.is_none() {
                first_response(&mut tx, id, interaction, created_at, now).await?;
            }
            sqlx::query("UPDATE tickets SET status = 'resolved', resolved_at = $1 WHERE id = $2")
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "UPDATE service_interactions SET outcome = 'resolved', resolution_secs = $1 \
                 WHERE id = $2",
            )
            .bind(now - created_at)
            .bind(interaction)
            .execute(&mut *tx)
            .await?;
        }
        TicketStatus::Closed => {
            sqlx::query("UPDATE tickets SET status = 'closed', closed_at = $1 WHERE id = $2")
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            invite_csat(&mut tx, customer, interaction, id, now).await?;
        }
        TicketStatus::InProgress
            if matches!(from, TicketStatus::Resolved | TicketStatus::Closed) =>
        {
            // reopened: the work is not done after all
            sqlx::query(
                "UPDATE tickets SET status = 'in_progress', resolved_at = NULL, closed_at = NULL \
                 WHERE id = $1",
            )
            .bind(id)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE service_interactions SET outcome = 'pending', resolution_secs = NULL \
                 WHERE id = $1",
            )
            .bind(interaction)
            .execute(&mut *tx)
            .await?;
        }
        _ => {
            sqlx::query("UPDATE tickets SET status = $1 WHERE id = $2")
                .bind(to.as_str())
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
    }
    status_event(&mut tx, id, now, user, from, to).await?;
    if let Some(note) = note.map(str::trim).filter(|n| !n.is_empty()) {
        event(
            &mut tx,
            id,
            now,
            user,
            (TicketEventKind::Note, None, None, Some(note), false),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The service survey after a closed ticket (once per interaction; not for
/// customers who asked not to be disturbed).
async fn invite_csat(
    conn: &mut AnyConnection,
    customer: i64,
    interaction: i64,
    ticket: i64,
    now: i64,
) -> Result<(), AppError> {
    let kind: String = sqlx::query_scalar("SELECT kind FROM tickets WHERE id = $1")
        .bind(ticket)
        .fetch_one(&mut *conn)
        .await?;
    let touchpoint = TicketKind::parse(&kind).map_or("general", |k| {
        crm_api::surveys::Touchpoint::of_interaction(interaction_kind(k)).as_str()
    });
    sqlx::query(
        "INSERT INTO survey_invitations (customer_id, survey, touchpoint, interaction_id, \
             created_at, expires_at, dedupe_key) \
         SELECT c.id, 'service_csat', $1, $2, $3, $4, $5 FROM customers c \
         WHERE c.id = $6 AND c.do_not_disturb = 0 \
         ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(touchpoint)
    .bind(interaction)
    .bind(now)
    .bind(now + crate::db::surveys::INVITATION_DAYS * 86_400)
    .bind(format!("svc:{interaction}"))
    .bind(customer)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Assigns a ticket to an agent or manager (or back to its queue).
pub async fn assign(db: &Db, id: i64, a: &Assignment, user: i64, now: i64) -> Result<(), AppError> {
    let mut tx = db.pool.begin().await?;
    current(&mut tx, id, a.version).await?;
    let name = match a.assignee_id {
        Some(agent) => {
            let row = sqlx::query(
                "SELECT display_name FROM users WHERE id = $1 AND active = 1 \
                 AND role IN ('agent', 'manager')",
            )
            .bind(agent)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(row) = row else {
                let mut e = Errors::default();
                e.add("assignee_id", Problem::NotAllowed);
                return Err(AppError::Validation(e));
            };
            Some(row.try_get::<String, _>("display_name")?)
        }
        None => None,
    };
    let before: Option<String> = sqlx::query_scalar(
        "SELECT u.display_name FROM tickets t LEFT JOIN users u ON u.id = t.assignee_id \
         WHERE t.id = $1",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    bump(&mut tx, id, a.version, now).await?;
    sqlx::query("UPDATE tickets SET assignee_id = $1 WHERE id = $2")
        .bind(a.assignee_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if let Some(q) = a.queue {
        sqlx::query("UPDATE tickets SET queue = $1 WHERE id = $2")
            .bind(q.as_str())
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    event(
        &mut tx,
        id,
        now,
        user,
        (
            TicketEventKind::Assigned,
            before.as_deref(),
            name.as_deref(),
            None,
            false,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Adds a note or reply. A staff reply is the first response if none was
/// given; a customer's reply to a ticket waiting on them puts it back in progress.
pub async fn comment(
    db: &Db,
    id: i64,
    input: &CommentInput,
    user: i64,
    by_customer: bool,
    now: i64,
) -> Result<(), AppError> {
    let mut tx = db.pool.begin().await?;
    let row = sqlx::query(
        "SELECT status, version, interaction_id, created_at, first_responded_at FROM tickets \
         WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let status = enum_col(&row, "status", TicketStatus::parse)?;
    let version: i64 = row.try_get("version")?;
    let interaction: i64 = row.try_get("interaction_id")?;
    let created_at: i64 = row.try_get("created_at")?;
    let responded: Option<i64> = row.try_get("first_responded_at")?;
    if by_customer && status == TicketStatus::Closed {
        let mut e = Errors::default();
        e.add("status", Problem::NotAllowed);
        return Err(AppError::Conflict(e));
    }
    bump(&mut tx, id, version, now).await?;
    let visible = by_customer || input.visible_to_customer;
    let kind = if visible {
        TicketEventKind::Reply
    } else {
        TicketEventKind::Note
    };
    event(
        &mut tx,
        id,
        now,
        user,
        (kind, None, None, Some(input.body.trim()), visible),
    )
    .await?;
    if !by_customer && visible && responded.is_none() {
        first_response(&mut tx, id, interaction, created_at, now).await?;
    }
    if by_customer && status == TicketStatus::WaitingCustomer {
        sqlx::query("UPDATE tickets SET status = 'in_progress' WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        status_event(
            &mut tx,
            id,
            now,
            user,
            TicketStatus::WaitingCustomer,
            TicketStatus::InProgress,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The customer a ticket belongs to.
pub async fn owner(db: &Db, id: i64) -> Result<i64, AppError> {
    sqlx::query_scalar("SELECT customer_id FROM tickets WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)
}

/// Notes a quick action taken from a ticket (an internal history entry with
/// the action's code).
pub async fn record_action(
    db: &Db,
    id: i64,
    user: i64,
    code: &str,
    now: i64,
) -> Result<(), AppError> {
    let mut tx = db.pool.begin().await?;
    let version: i64 = sqlx::query_scalar("SELECT version FROM tickets WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    bump(&mut tx, id, version, now).await?;
    event(
        &mut tx,
        id,
        now,
        user,
        (TicketEventKind::Action, None, Some(code), None, false),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
