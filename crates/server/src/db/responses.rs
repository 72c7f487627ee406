//! Campaign responses: the reads attribution judges responders by (cards
//! opened, limit requests, qualifying spend in the window), replacing a
//! campaign's responses, and the per-arm counts its results are built from.

use crm_api::Category;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::insert_rows;
use crate::Db;
use crate::error::AppError;

/// A response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// Customer.
    pub customer_id: i64,
    /// Arm.
    pub arm: String,
    /// First qualifying activity (Unix seconds).
    pub at: i64,
    /// Qualifying spend (fen).
    pub amount_fen: i64,
}

/// A member who opened a card of the target product in the window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardOpened {
    /// Customer.
    pub customer_id: i64,
    /// Arm.
    pub arm: String,
    /// The first such card's opening day (`YYYY-MM-DD`).
    pub first_on: String,
}

/// Which purchases count as qualifying spend.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spend {
    /// Purchases in one merchant category.
    InCategory(Category),
    /// Purchases converted to installments.
    Installment,
    /// Any purchase (not a cash advance).
    AnyPurchase,
}

impl Spend {
    fn condition(self) -> String {
        match self {
            Self::InCategory(c) => format!("t.category = '{}'", c.as_str()),
            Self::Installment => "t.installment = 1".to_owned(),
            Self::AnyPurchase => "t.category <> 'cash_advance'".to_owned(),
        }
    }
}

/// A response row: `at` from the `at` column, the amount from `amount` when given.
fn response_from_row(r: &AnyRow, amount: Option<&str>) -> Result<Response, AppError> {
    Ok(Response {
        customer_id: r.try_get("customer_id")?,
        arm: r.try_get("arm")?,
        at: r.try_get("at")?,
        amount_fen: match amount {
            Some(column) => r.try_get(column)?,
            None => 0,
        },
    })
}

/// Members of `campaign_id` who opened a card of `product` between the two
/// days (inclusive), with the first opening day.
pub async fn cards_opened(
    db: &Db,
    campaign_id: i64,
    product: &str,
    first_day: &str,
    last_day: &str,
) -> Result<Vec<CardOpened>, AppError> {
    let rows = sqlx::query(
        "SELECT m.customer_id, m.arm, MIN(k.opened_on) AS first_on FROM campaign_members m \
         JOIN cards k ON k.customer_id = m.customer_id JOIN card_products p ON p.id = k.product_id \
         WHERE m.campaign_id = $1 AND p.code = $2 AND k.opened_on >= $3 AND k.opened_on <= $4 \
         GROUP BY m.customer_id, m.arm",
    )
    .bind(campaign_id)
    .bind(product)
    .bind(first_day)
    .bind(last_day)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(CardOpened {
                customer_id: r.try_get("customer_id")?,
                arm: r.try_get("arm")?,
                first_on: r.try_get("first_on")?,
            })
        })
        .collect()
}

/// Members of `campaign_id` who asked the service desk for a higher limit in
/// `[from, to)`, at their first request (no amount).
pub async fn limit_requests(
    db: &Db,
    campaign_id: i64,
    from: i64,
    to: i64,
) -> Result<Vec<Response>, AppError> {
    let rows = sqlx::query(
        "SELECT m.customer_id, m.arm, MIN(i.occurred_at) AS at FROM campaign_members m \
         JOIN service_interactions i ON i.customer_id = m.customer_id \
         WHERE m.campaign_id = $1 AND i.kind = 'limit_request' AND i.occurred_at >= $2 AND i.occurred_at < $3 \
         GROUP BY m.customer_id, m.arm",
    )
    .bind(campaign_id)
    .bind(from)
    .bind(to)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|r| response_from_row(r, None)).collect()
}

/// Members of `campaign_id` whose `spend` in `[from, to)` reached
/// `threshold` fen, at their first such purchase, with the sum.
pub async fn qualifying_spend(
    db: &Db,
    campaign_id: i64,
    spend: Spend,
    (from, to): (i64, i64),
    threshold: i64,
) -> Result<Vec<Response>, AppError> {
    let sql = format!(
        "SELECT m.customer_id, m.arm, MIN(t.occurred_at) AS at, CAST(SUM(t.amount_fen) AS BIGINT) AS amount \
         FROM campaign_members m JOIN transactions t ON t.customer_id = m.customer_id \
         WHERE m.campaign_id = $1 AND t.occurred_at >= $2 AND t.occurred_at < $3 AND {} \
         GROUP BY m.customer_id, m.arm HAVING SUM(t.amount_fen) >= $4",
        spend.condition()
    );
    let rows = sqlx::query(&sql)
        .bind(campaign_id)
        .bind(from)
        .bind(to)
        .bind(threshold)
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|r| response_from_row(r, Some("amount")))
        .collect()
}

/// Replaces the responses of `campaign_id` (all of `kind`) and stamps the
/// campaign attributed at `now` with `status` (`completed` also sets
/// `completed_at` if unset), in one transaction.
pub async fn replace(
    db: &Db,
    campaign_id: i64,
    kind: &'static str,
    responses: &[Response],
    status: &str,
    now: i64,
) -> Result<(), AppError> {
    struct Out<'a>(i64, &'a Response, &'static str);
    let mut tx = db.pool.begin().await?;
    sqlx::query("DELETE FROM campaign_responses WHERE campaign_id = $1")
        .bind(campaign_id)
        .execute(&mut *tx)
        .await?;
    let out: Vec<Out<'_>> = responses
        .iter()
        .map(|r| Out(campaign_id, r, kind))
        .collect();
    insert_rows(
        &mut tx,
        db.backend,
        "campaign_responses",
        &[
            "campaign_id",
            "customer_id",
            "arm",
            "responded_at",
            "kind",
            "amount_fen",
        ],
        &out,
        |q, o| {
            q.bind(o.0)
                .bind(o.1.customer_id)
                .bind(o.1.arm.as_str())
                .bind(o.1.at)
                .bind(o.2)
                .bind(o.1.amount_fen)
        },
    )
    .await?;
    sqlx::query("UPDATE campaigns SET attributed_at = $1, status = $2, completed_at = CASE WHEN $2 = 'completed' THEN COALESCE(completed_at, $1) ELSE completed_at END WHERE id = $3")
        .bind(now)
        .bind(status)
        .bind(campaign_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Ids of the campaigns still launched (attribution may change them).
pub async fn launched_campaign_ids(db: &Db) -> Result<Vec<i64>, AppError> {
    Ok(
        sqlx::query_scalar("SELECT id FROM campaigns WHERE status = 'launched'")
            .fetch_all(&db.pool)
            .await?,
    )
}

/// Responses of one arm: how many, and their spend (fen).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ArmResponses {
    /// Responders.
    pub responded: i64,
    /// Their qualifying spend (fen).
    pub spend_fen: i64,
}

/// Members of `campaign_id` per arm.
pub async fn members_by_arm(db: &Db, campaign_id: i64) -> Result<Vec<(String, i64)>, AppError> {
    let rows = sqlx::query(
        "SELECT arm, COUNT(*) AS n FROM campaign_members WHERE campaign_id = $1 GROUP BY arm",
    )
    .bind(campaign_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("arm")?, r.try_get("n")?)))
        .collect()
}

/// Responders of `campaign_id` and their spend, per arm.
pub async fn responses_by_arm(
    db: &Db,
    campaign_id: i64,
) -> Result<Vec<(String, ArmResponses)>, AppError> {
    let rows = sqlx::query(
        "SELECT arm, COUNT(*) AS n, CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) AS spend FROM campaign_responses \
         WHERE campaign_id = $1 GROUP BY arm",
    )
    .bind(campaign_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("arm")?,
                ArmResponses {
                    responded: r.try_get("n")?,
                    spend_fen: r.try_get("spend")?,
                },
            ))
        })
        .collect()
}

/// Every response of `campaign_id`: its arm and when it came.
pub async fn response_times(db: &Db, campaign_id: i64) -> Result<Vec<(String, i64)>, AppError> {
    let rows =
        sqlx::query("SELECT arm, responded_at FROM campaign_responses WHERE campaign_id = $1")
            .bind(campaign_id)
            .fetch_all(&db.pool)
            .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("arm")?, r.try_get("responded_at")?)))
        .collect()
}
