//! A customer's statements, payments, points, interactions and surveys.

use crm_api::history::{
    InteractionView, PaymentView, PointsEntry, StatementStatus, StatementView, SurveyView,
};
use crm_api::{InteractionChannel, InteractionKind, Money, Outcome, PointsKind};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::enum_col;
use crate::Db;
use crate::domain::points::Entry;
use crate::domain::time::{parse_date, today};
use crate::error::AppError;

/// How many rows of `table` belong to `customer_id`.
pub(crate) async fn customer_count(
    db: &Db,
    table: &str,
    customer_id: i64,
) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM {table} WHERE customer_id = $1"
    ))
    .bind(customer_id)
    .fetch_one(&db.pool)
    .await?)
}

/// The rows of `sql` (which binds `$1` the customer, `$2` the limit and `$3`
/// the offset), each read by `decode`.
pub(crate) async fn customer_rows<T>(
    db: &Db,
    sql: &str,
    customer_id: i64,
    limit: i64,
    offset: i64,
    decode: impl Fn(&AnyRow) -> Result<T, AppError>,
) -> Result<Vec<T>, AppError> {
    sqlx::query(sql)
        .bind(customer_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(decode)
        .collect()
}

/// Statements, newest first.
pub async fn statements(
    db: &Db,
    customer_id: i64,
    limit: i64,
    offset: i64,
) -> Result<(Vec<StatementView>, i64), AppError> {
    let total = customer_count(db, "statements", customer_id).await?;
    let today = today().format("%Y-%m-%d").to_string();
    let sql = format!(
        "SELECT {STATEMENT_COLUMNS} \
             FROM statements s JOIN cards c ON c.id = s.card_id WHERE s.customer_id = $1 \
             ORDER BY s.cycle DESC, s.card_id LIMIT $2 OFFSET $3"
    );
    let items = customer_rows(db, &sql, customer_id, limit, offset, |r| {
        statement_from_row(r, &today)
    })
    .await?;
    Ok((items, total))
}

/// The columns [`statement_from_row`] reads, from `statements s JOIN cards c`.
pub const STATEMENT_COLUMNS: &str = "s.id, s.card_id, c.pan_last4, s.cycle, s.closing_date, \
     s.new_balance_fen, s.minimum_due_fen, s.due_date, s.paid_fen, s.paid_on, s.days_past_due, s.currency";

/// A statement from a row selected with [`STATEMENT_COLUMNS`]; `today` is `YYYY-MM-DD`.
pub fn statement_from_row(r: &AnyRow, today: &str) -> Result<StatementView, AppError> {
    let currency: String = r.try_get("currency")?;
    let money = |col: &str| -> Result<Money, AppError> {
        Ok(Money {
            fen: r.try_get(col)?,
            currency: currency.clone(),
        })
    };
    let due: String = r.try_get("due_date")?;
    let new_balance = money("new_balance_fen")?;
    let minimum_due = money("minimum_due_fen")?;
    let paid = money("paid_fen")?;
    Ok(StatementView {
        id: r.try_get("id")?,
        card_id: r.try_get("card_id")?,
        card_last4: r.try_get("pan_last4")?,
        cycle: r.try_get("cycle")?,
        closing_date: r.try_get("closing_date")?,
        status: StatementStatus::of(new_balance.fen, minimum_due.fen, paid.fen, &due, today),
        new_balance,
        minimum_due,
        due_date: due,
        paid,
        paid_on: r.try_get("paid_on")?,
        days_past_due: r.try_get("days_past_due")?,
    })
}

/// Payments, newest first.
pub async fn payments(
    db: &Db,
    customer_id: i64,
    limit: i64,
    offset: i64,
) -> Result<(Vec<PaymentView>, i64), AppError> {
    let total = customer_count(db, "payments", customer_id).await?;
    let items = customer_rows(
        db,
        "SELECT p.id, c.pan_last4, p.paid_at, p.amount_fen, p.currency, p.channel \
         FROM payments p JOIN cards c ON c.id = p.card_id WHERE p.customer_id = $1 \
         ORDER BY p.paid_at DESC, p.id DESC LIMIT $2 OFFSET $3",
        customer_id,
        limit,
        offset,
        payment_from_row,
    )
    .await?;
    Ok((items, total))
}

fn payment_from_row(r: &AnyRow) -> Result<PaymentView, AppError> {
    Ok(PaymentView {
        id: r.try_get("id")?,
        card_last4: r.try_get("pan_last4")?,
        paid_at: r.try_get("paid_at")?,
        amount: Money {
            fen: r.try_get("amount_fen")?,
            currency: r.try_get("currency")?,
        },
        channel: r.try_get("channel")?,
    })
}

/// The whole ledger oldest first, for first-in-first-out expiry.
pub async fn points_entries(
    db: &Db,
    customer_id: i64,
) -> Result<Vec<(i64, Entry, PointsKind)>, AppError> {
    let rows = sqlx::query(
        "SELECT occurred_at, points, expires_on, kind FROM points_ledger WHERE customer_id = $1 ORDER BY occurred_at, id",
    )
    .bind(customer_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let expires: Option<String> = r.try_get("expires_on")?;
            Ok((
                r.try_get("occurred_at")?,
                Entry {
                    points: r.try_get("points")?,
                    expires_on: expires.as_deref().and_then(parse_date),
                },
                enum_col(r, "kind", PointsKind::parse)?,
            ))
        })
        .collect()
}

/// Ledger page, newest first.
pub async fn points_ledger(
    db: &Db,
    customer_id: i64,
    limit: i64,
    offset: i64,
) -> Result<(Vec<PointsEntry>, i64), AppError> {
    let total = customer_count(db, "points_ledger", customer_id).await?;
    let items = customer_rows(
        db,
        "SELECT id, occurred_at, kind, points, expires_on, description FROM points_ledger \
         WHERE customer_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT $2 OFFSET $3",
        customer_id,
        limit,
        offset,
        points_entry_from_row,
    )
    .await?;
    Ok((items, total))
}

fn points_entry_from_row(r: &AnyRow) -> Result<PointsEntry, AppError> {
    Ok(PointsEntry {
        id: r.try_get("id")?,
        occurred_at: r.try_get("occurred_at")?,
        kind: enum_col(r, "kind", PointsKind::parse)?,
        points: r.try_get("points")?,
        expires_on: r.try_get("expires_on")?,
        description: r.try_get("description")?,
    })
}

/// Service interactions, newest first.
pub async fn interactions(
    db: &Db,
    customer_id: i64,
    limit: i64,
    offset: i64,
) -> Result<(Vec<InteractionView>, i64), AppError> {
    let total = customer_count(db, "service_interactions", customer_id).await?;
    let items = customer_rows(
        db,
        "SELECT i.id, i.occurred_at, i.channel, i.kind, u.display_name AS agent, i.outcome, \
                i.first_response_secs, i.resolution_secs, i.summary \
         FROM service_interactions i LEFT JOIN users u ON u.id = i.agent_id WHERE i.customer_id = $1 \
         ORDER BY i.occurred_at DESC, i.id DESC LIMIT $2 OFFSET $3",
        customer_id,
        limit,
        offset,
        interaction_from_row,
    )
    .await?;
    Ok((items, total))
}

fn interaction_from_row(r: &AnyRow) -> Result<InteractionView, AppError> {
    Ok(InteractionView {
        id: r.try_get("id")?,
        occurred_at: r.try_get("occurred_at")?,
        channel: enum_col(r, "channel", InteractionChannel::parse)?,
        kind: enum_col(r, "kind", InteractionKind::parse)?,
        agent: r.try_get("agent")?,
        outcome: enum_col(r, "outcome", Outcome::parse)?,
        first_response_secs: r.try_get("first_response_secs")?,
        resolution_secs: r.try_get("resolution_secs")?,
        summary: r.try_get("summary")?,
    })
}

/// Survey responses, newest first.
pub async fn surveys(
    db: &Db,
    customer_id: i64,
    limit: i64,
    offset: i64,
) -> Result<(Vec<SurveyView>, i64), AppError> {
    let total = customer_count(db, "survey_responses", customer_id).await?;
    let items = customer_rows(
        db,
        "SELECT id, responded_at, nps, csat, channel, touchpoint, comment, interaction_id FROM survey_responses \
         WHERE customer_id = $1 ORDER BY responded_at DESC, id DESC LIMIT $2 OFFSET $3",
        customer_id,
        limit,
        offset,
        survey_from_row,
    )
    .await?;
    Ok((items, total))
}

fn survey_from_row(r: &AnyRow) -> Result<SurveyView, AppError> {
    Ok(SurveyView {
        id: r.try_get("id")?,
        responded_at: r.try_get("responded_at")?,
        nps: r.try_get("nps")?,
        csat: r.try_get("csat")?,
        channel: r.try_get("channel")?,
        touchpoint: r.try_get("touchpoint")?,
        comment: r.try_get("comment")?,
        interaction_id: r.try_get("interaction_id")?,
    })
}

/// Points: balance, earned and redeemed in 12 months, held points by expiry
/// date (first-in, first-out), and a page of the ledger, newest first.
pub async fn points_overview(
    db: &Db,
    customer_id: i64,
    p: u32,
    per: u32,
    offset: i64,
) -> Result<crm_api::history::PointsOverview, AppError> {
    use crate::domain::{points, time};
    use crm_api::Page;
    use crm_api::history::{ExpiringPoints, PointsOverview};
    let (entries, (items, total)) = tokio::try_join!(
        points_entries(db, customer_id),
        points_ledger(db, customer_id, i64::from(per), offset),
    )?;
    let year_ago = crate::domain::time::now() - 365 * 86_400;
    let recent = entries.iter().filter(|(at, _, _)| *at >= year_ago);
    let earned_12m = recent
        .clone()
        .filter(|(_, e, _)| e.points > 0)
        .map(|(_, e, _)| e.points)
        .sum();
    let redeemed_12m = -recent
        .filter(|(_, _, k)| *k == crm_api::PointsKind::Redeem)
        .map(|(_, e, _)| e.points)
        .sum::<i64>();
    let ledger: Vec<points::Entry> = entries.iter().map(|(_, e, _)| *e).collect();
    let today = time::today();
    let lots = points::held_lots(&ledger);
    let far = today + chrono::Days::new(3 * 365);
    Ok(PointsOverview {
        balance: ledger.iter().map(|e| e.points).sum(),
        earned_12m,
        redeemed_12m,
        expiring: points::expiring_between(&lots, today, far)
            .into_iter()
            .map(|(d, n)| ExpiringPoints {
                expires_on: d.format("%Y-%m-%d").to_string(),
                points: n,
            })
            .collect(),
        ledger: Page {
            items,
            total,
            page: p,
            per_page: per,
        },
    })
}
