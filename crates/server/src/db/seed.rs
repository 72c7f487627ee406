//! The demo seed's statements beyond its bulk inserts: the demo campaigns,
//! follow-ups and invitations, the seed's metadata, and the lookups between.

use sqlx::{AnyConnection, Row};

use super::Db;

/// The id of the segment named `name`.
pub async fn segment_id(db: &Db, name: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<_, i64>("SELECT id FROM segments WHERE name = $1")
        .bind(name)
        .fetch_one(&db.pool)
        .await
}

/// The id of the user `username`.
pub async fn user_id(db: &Db, username: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
        .bind(username)
        .fetch_one(&db.pool)
        .await
}

/// The name of customer `id`.
pub async fn customer_name(db: &Db, id: i64) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT name FROM customers WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await
}

/// Sets the created and updated time of customers `first..=last`.
pub async fn stamp_customers(
    conn: &mut AnyConnection,
    now: i64,
    (first, last): (i64, i64),
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE customers SET created_at = $1, updated_at = $1 WHERE id BETWEEN $2 AND $3")
        .bind(now)
        .bind(first)
        .bind(last)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A demo campaign row, its values ready to bind.
pub struct CampaignRow<'a> {
    pub id: i64,
    pub name: &'a str,
    pub status: &'a str,
    pub segment_id: i64,
    pub offer_kind: &'a str,
    /// The offer parameters (JSON).
    pub offer: String,
    pub valid_from: String,
    pub valid_to: String,
    pub budget_fen: i64,
    pub channel: &'a str,
    pub template: &'a str,
    pub holdout_pct: i64,
    pub holdout_seed: i64,
    pub created_by: i64,
    pub submitted_by: Option<i64>,
    pub submitted_at: Option<i64>,
    pub decided_by: Option<i64>,
    pub decided_at: Option<i64>,
    pub decision_comment: Option<&'a str>,
    pub launched_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// Inserts a demo campaign (one message a week at most, quiet hours on,
/// 30 attribution days, version 1).
pub async fn insert_campaign(db: &Db, c: CampaignRow<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO campaigns (id, name, status, segment_id, offer_kind, offer, valid_from, valid_to, budget_fen, channel, \
         template, quiet_hours, cap_messages, cap_days, holdout_pct, holdout_seed, attribution_days, created_by, submitted_by, \
         submitted_at, decided_by, decided_at, decision_comment, launched_at, version, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, 2, 7, $12, $13, 30, $14, $15, $16, $17, $18, $19, $20, 1, $21, $22)",
    )
    .bind(c.id)
    .bind(c.name)
    .bind(c.status)
    .bind(c.segment_id)
    .bind(c.offer_kind)
    .bind(c.offer)
    .bind(c.valid_from)
    .bind(c.valid_to)
    .bind(c.budget_fen)
    .bind(c.channel)
    .bind(c.template)
    .bind(c.holdout_pct)
    .bind(c.holdout_seed)
    .bind(c.created_by)
    .bind(c.submitted_by)
    .bind(c.submitted_at)
    .bind(c.decided_by)
    .bind(c.decided_at)
    .bind(c.decision_comment)
    .bind(c.launched_at)
    .bind(c.created_at)
    .bind(c.updated_at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// A detractor answer (NPS up to 6 or CSAT up to 2) and its customer's branch.
pub struct Detractor {
    pub id: i64,
    pub customer_id: i64,
    pub responded_at: i64,
    pub branch_id: i64,
}

/// Every detractor answer, by id.
pub async fn detractors(db: &Db) -> Result<Vec<Detractor>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT s.id, s.customer_id, s.responded_at, c.branch_id FROM survey_responses s \
         JOIN customers c ON c.id = s.customer_id \
         WHERE s.nps <= 6 OR s.csat <= 2 ORDER BY s.id",
    )
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Detractor {
                id: r.try_get("id")?,
                customer_id: r.try_get("customer_id")?,
                responded_at: r.try_get("responded_at")?,
                branch_id: r.try_get("branch_id")?,
            })
        })
        .collect()
}

/// Invites `customer_id` to the relationship survey (the demo's waiting invitation).
pub async fn invite_to_relationship_survey(
    db: &Db,
    customer_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO survey_invitations (customer_id, survey, touchpoint, created_at, \
             expires_at, dedupe_key) \
         VALUES ($1, 'relationship', 'relationship', $2, $3, $4)",
    )
    .bind(customer_id)
    .bind(now)
    .bind(now + super::surveys::INVITATION_DAYS * 86_400)
    .bind(format!("rel:{customer_id}:demo"))
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Records a `key = value` in `app_meta`.
pub async fn set_meta(db: &Db, key: &str, value: String) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO app_meta (key, value) VALUES ($1, $2)")
        .bind(key)
        .bind(value)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Refreshes the planner's statistics.
pub async fn analyze(db: &Db) -> Result<(), sqlx::Error> {
    sqlx::query("ANALYZE").execute(&db.pool).await?;
    Ok(())
}

/// The head-office branch (its staff see every customer), id `id`.
pub async fn insert_head_office(conn: &mut AnyConnection, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO branches (id, code, name, name_en, province, city, head_office) \
         VALUES ($1, 'HQ01', '总行', 'Head Office', '北京', '北京', 1)",
    )
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}
