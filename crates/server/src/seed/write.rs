//! Writing a chunk of generated customers: every table's rows of the chunk
//! in one transaction, each with the shared column list of its table
//! ([`crate::db::bulk`]) and the seed's own columns around it.

use crm_api::surveys::Topic;
use sqlx::AnyConnection;

use super::date;
use super::generate::{self, Bundle};
use crate::crypto::{keyed_hash, seal};
use crate::db::bulk::{
    CARD_COLUMNS, CUSTOMER_COLUMNS, CardValues, CustomerValues, PAYMENT_COLUMNS, PaymentValues,
    STATEMENT_COLUMNS, SURVEY_COLUMNS, StatementValues, SurveyValues, TRANSACTION_COLUMNS,
    TxValues, columns,
};
use crate::db::{Backend, insert_rows};
use crate::error::AppError;
use crate::{Config, Db};

/// Writes one chunk of customers in one transaction.
pub(super) async fn write_chunk(
    db: &Db,
    config: &Config,
    bundles: &[Bundle],
    now: i64,
) -> Result<(), AppError> {
    let mut tx = db.pool.begin().await?;
    let conn: &mut AnyConnection = &mut tx;
    let backend = db.backend;
    write_customers(conn, backend, config, bundles, now).await?;
    write_cards(conn, backend, bundles).await?;
    write_transactions(conn, backend, bundles).await?;
    write_statements(conn, backend, bundles).await?;
    write_payments(conn, backend, bundles).await?;
    write_points(conn, backend, bundles).await?;
    write_interactions(conn, backend, bundles).await?;
    write_surveys(conn, backend, bundles).await?;
    write_campaign_members(conn, backend, bundles, now).await?;
    write_deliveries(conn, backend, bundles).await?;
    tx.commit().await?;
    Ok(())
}

/// A customer row with its derived columns.
struct Cust<'a> {
    row: &'a generate::CustomerRow,
    masked: String,
    hash: String,
    sealed: String,
    birth: String,
    joined: String,
}

impl Cust<'_> {
    fn values(&self) -> CustomerValues<'_> {
        let r = self.row;
        CustomerValues {
            customer_no: &r.customer_no,
            name: &r.name,
            gender: r.gender.as_str(),
            birth_date: &self.birth,
            national_id_masked: &self.masked,
            national_id_hash: &self.hash,
            national_id_sealed: &self.sealed,
            mobile: &r.mobile,
            email: r.email.as_deref(),
            province: r.province,
            city: r.city,
            residence: r.residence.as_str(),
            occupation: r.occupation.as_str(),
            income_band: r.income_band.as_str(),
            branch_id: r.branch_id,
            joined_on: &self.joined,
        }
    }
}

async fn write_customers(
    conn: &mut AnyConnection,
    backend: Backend,
    config: &Config,
    bundles: &[Bundle],
    now: i64,
) -> Result<(), AppError> {
    let customers: Vec<Cust<'_>> = bundles
        .iter()
        .filter_map(|b| b.customer.as_ref())
        .map(|row| Cust {
            row,
            masked: crm_api::mask::mask_national_id(&row.national_id),
            hash: keyed_hash(&config.secret, &row.national_id),
            sealed: seal(&config.secret, &row.national_id),
            birth: date(row.birth_date),
            joined: date(row.joined_on),
        })
        .collect();
    // created/updated are set with a follow-up UPDATE rather than bound per row
    insert_rows(
        conn,
        backend,
        "customers",
        &columns(
            &["id"],
            CUSTOMER_COLUMNS,
            &[
                "consent_sms",
                "consent_app_push",
                "consent_wechat",
                "consent_email",
                "consent_outbound_call",
                "do_not_disturb",
                "created_at",
                "updated_at",
            ],
        ),
        &customers,
        |q, c| {
            let r = c.row;
            c.values()
                .bind(q.bind(r.id))
                .bind(i64::from(r.consent[0]))
                .bind(i64::from(r.consent[1]))
                .bind(i64::from(r.consent[2]))
                .bind(i64::from(r.consent[3]))
                .bind(i64::from(r.consent[4]))
                .bind(i64::from(r.do_not_disturb))
                .bind(0_i64)
                .bind(0_i64)
        },
    )
    .await?;
    if let (Some(first), Some(last)) = (customers.first(), customers.last()) {
        crate::db::seed::stamp_customers(conn, now, (first.row.id, last.row.id)).await?;
    }
    Ok(())
}

async fn write_cards(
    conn: &mut AnyConnection,
    backend: Backend,
    bundles: &[Bundle],
) -> Result<(), AppError> {
    let cards: Vec<(&generate::CardRow, String, Option<String>)> = bundles
        .iter()
        .flat_map(|b| &b.cards)
        .map(|c| (c, date(c.opened_on), c.closed_on.map(date)))
        .collect();
    insert_rows(
        conn,
        backend,
        "cards",
        &columns(&["id"], CARD_COLUMNS, &["closed_on"]),
        &cards,
        |q, (c, opened, closed)| {
            CardValues {
                customer_id: c.customer_id,
                product_id: c.product_id,
                token: &c.token,
                first6: c.first6,
                last4: &c.last4,
                limit_fen: c.limit_fen,
                status: c.status.as_str(),
                opened_on: opened,
                primary: c.is_primary,
            }
            .bind(q.bind(c.id))
            .bind(closed.as_deref())
        },
    )
    .await?;
    Ok(())
}

async fn write_transactions(
    conn: &mut AnyConnection,
    backend: Backend,
    bundles: &[Bundle],
) -> Result<(), AppError> {
    let txs: Vec<&generate::TxRow> = bundles.iter().flat_map(|b| &b.txs).collect();
    insert_rows(
        conn,
        backend,
        "transactions",
        &columns(&["id"], TRANSACTION_COLUMNS, &["installment"]),
        &txs,
        |q, t| {
            TxValues {
                customer_id: t.customer_id,
                card_id: t.card_id,
                at: t.at,
                amount_fen: t.amount_fen,
                merchant: t.merchant,
                category: t.category.as_str(),
                channel: t.channel.as_str(),
            }
            .bind(q.bind(t.id))
            .bind(i64::from(t.installment))
        },
    )
    .await?;
    Ok(())
}

async fn write_statements(
    conn: &mut AnyConnection,
    backend: Backend,
    bundles: &[Bundle],
) -> Result<(), AppError> {
    let statements: Vec<(&generate::StatementRow, String, String, Option<String>)> = bundles
        .iter()
        .flat_map(|b| &b.statements)
        .map(|s| {
            (
                s,
                date(s.closing_date),
                date(s.due_date),
                s.paid_on.map(date),
            )
        })
        .collect();
    insert_rows(
        conn,
        backend,
        "statements",
        &columns(&["id"], STATEMENT_COLUMNS, &[]),
        &statements,
        |q, (s, closing, due, paid_on)| {
            StatementValues {
                customer_id: s.customer_id,
                card_id: s.card_id,
                cycle: &s.cycle,
                closing_date: closing,
                previous_balance_fen: s.previous_fen,
                purchases_fen: s.purchases_fen,
                interest_fen: s.interest_fen,
                new_balance_fen: s.new_fen,
                minimum_due_fen: s.minimum_fen,
                due_date: due,
                paid_fen: s.paid_fen,
                paid_on: paid_on.as_deref(),
                days_past_due: s.days_past_due,
            }
            .bind(q.bind(s.id))
        },
    )
    .await?;
    Ok(())
}

async fn write_payments(
    conn: &mut AnyConnection,
    backend: Backend,
    bundles: &[Bundle],
) -> Result<(), AppError> {
    let payments: Vec<&generate::PaymentRow> = bundles.iter().flat_map(|b| &b.payments).collect();
    insert_rows(
        conn,
        backend,
        "payments",
        &columns(&["id"], PAYMENT_COLUMNS, &["statement_id"]),
        &payments,
        |q, p| {
            PaymentValues {
                customer_id: p.customer_id,
                card_id: p.card_id,
                at: p.at,
                amount_fen: p.amount_fen,
                channel: p.channel,
            }
            .bind(q.bind(p.id))
            .bind(p.statement_id)
        },
    )
    .await?;
    Ok(())
}

async fn write_points(
    conn: &mut AnyConnection,
    backend: Backend,
    bundles: &[Bundle],
) -> Result<(), AppError> {
    let points: Vec<(&generate::PointsRow, Option<String>)> = bundles
        .iter()
        .flat_map(|b| &b.points)
        .map(|p| (p, p.expires_on.map(date)))
        .collect();
    insert_rows(
        conn,
        backend,
        "points_ledger",
        &[
            "id",
            "customer_id",
            "card_id",
            "occurred_at",
            "kind",
            "points",
            "expires_on",
            "description",
        ],
        &points,
        |q, (p, expires)| {
            q.bind(p.id)
                .bind(p.customer_id)
                .bind(p.card_id)
                .bind(p.at)
                .bind(p.kind.as_str())
                .bind(p.points)
                .bind(expires.as_deref())
                .bind(p.description.as_str())
        },
    )
    .await?;
    Ok(())
}

async fn write_interactions(
    conn: &mut AnyConnection,
    backend: Backend,
    bundles: &[Bundle],
) -> Result<(), AppError> {
    let interactions: Vec<&generate::InteractionRow> =
        bundles.iter().flat_map(|b| &b.interactions).collect();
    insert_rows(
        conn,
        backend,
        "service_interactions",
        &[
            "id",
            "customer_id",
            "occurred_at",
            "channel",
            "kind",
            "agent_id",
            "outcome",
            "first_response_secs",
            "resolution_secs",
            "summary",
        ],
        &interactions,
        |q, i| {
            q.bind(i.id)
                .bind(i.customer_id)
                .bind(i.at)
                .bind(i.channel.as_str())
                .bind(i.kind.as_str())
                .bind(i.agent_id)
                .bind(i.outcome.as_str())
                .bind(i.first_response_secs)
                .bind(i.resolution_secs)
                .bind(i.summary)
        },
    )
    .await?;
    Ok(())
}

async fn write_surveys(
    conn: &mut AnyConnection,
    backend: Backend,
    bundles: &[Bundle],
) -> Result<(), AppError> {
    let surveys: Vec<&generate::SurveyRow> = bundles.iter().flat_map(|b| &b.surveys).collect();
    insert_rows(
        conn,
        backend,
        "survey_responses",
        &columns(&["id"], SURVEY_COLUMNS, &["interaction_id"]),
        &surveys,
        |q, s| {
            SurveyValues {
                customer_id: s.customer_id,
                at: s.at,
                nps: s.nps,
                csat: s.csat,
                channel: s.channel,
                touchpoint: s.touchpoint,
                comment: s.comment,
                survey: s.survey,
                topic: s
                    .comment
                    .and_then(|c| Topic::of_comment(c, s.nps, s.csat))
                    .map(Topic::as_str),
            }
            .bind(q.bind(s.id))
            .bind(s.interaction_id)
        },
    )
    .await?;
    Ok(())
}

async fn write_campaign_members(
    conn: &mut AnyConnection,
    backend: Backend,
    bundles: &[Bundle],
    now: i64,
) -> Result<(), AppError> {
    let members: Vec<(i64, i64, &'static str, i64)> = bundles
        .iter()
        .filter_map(|b| b.customer.as_ref().map(|c| (c.id, &b.members)))
        .flat_map(|(customer, members)| {
            members
                .iter()
                .map(move |(campaign, arm)| (*campaign, customer, *arm, now))
        })
        .collect();
    insert_rows(
        conn,
        backend,
        "campaign_members",
        &["campaign_id", "customer_id", "arm", "assigned_at"],
        &members,
        |q, m| q.bind(m.0).bind(m.1).bind(m.2).bind(m.3),
    )
    .await?;
    Ok(())
}

async fn write_deliveries(
    conn: &mut AnyConnection,
    backend: Backend,
    bundles: &[Bundle],
) -> Result<(), AppError> {
    let deliveries: Vec<&generate::DeliveryRow> =
        bundles.iter().flat_map(|b| &b.deliveries).collect();
    insert_rows(
        conn,
        backend,
        "deliveries",
        &[
            "id",
            "campaign_id",
            "customer_id",
            "channel",
            "status",
            "attempts",
            "next_attempt_at",
            "sent_at",
            "suppressed_reason",
            "message",
        ],
        &deliveries,
        |q, d| {
            q.bind(d.id)
                .bind(d.campaign_id)
                .bind(d.customer_id)
                .bind(d.channel)
                .bind(d.status)
                .bind(i64::from(d.sent_at.is_some()))
                .bind(d.sent_at.unwrap_or(0))
                .bind(d.sent_at)
                .bind(d.reason)
                .bind(d.message.as_str())
        },
    )
    .await?;
    let sent: Vec<&&generate::DeliveryRow> =
        deliveries.iter().filter(|d| d.sent_at.is_some()).collect();
    insert_rows(
        conn,
        backend,
        "delivery_log",
        &[
            "delivery_id",
            "customer_id",
            "channel",
            "sent_at",
            "message",
        ],
        &sent,
        |q, d| {
            q.bind(d.id)
                .bind(d.customer_id)
                .bind(d.channel)
                .bind(d.sent_at.unwrap_or(0))
                .bind(d.message.as_str())
        },
    )
    .await?;
    Ok(())
}
