//! Segment membership: rules compiled to SQL ([`matching_ids`], [`count`]),
//! and every customer's [`Facts`] read with plain queries ([`load_facts`]) for
//! evaluating rules in memory with [`crate::domain::segments::evaluate`].

use std::collections::BTreeMap;

use chrono::NaiveDate;
use crm_api::customers::Consent;
use crm_api::segments::Rule;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::Q;
use crate::Db;
use crate::domain::segments::{Bind, CategorySpend, Compiled, Facts, FeatureFacts, compile};
use crate::domain::time;
use crate::error::AppError;

/// The FROM clause the compiled condition is written against.
const FROM: &str = "FROM customers c LEFT JOIN customer_features f ON f.customer_id = c.id";

fn bind_all<'q>(mut q: Q<'q>, binds: &'q [Bind]) -> Q<'q> {
    for b in binds {
        q = match b {
            Bind::Int(v) => q.bind(*v),
            Bind::Float(v) => q.bind(*v),
            Bind::Text(v) => q.bind(v.as_str()),
        };
    }
    q
}

/// Ids of the customers matching `rule` on `today` / at `now`, ascending.
pub async fn matching_ids(
    db: &Db,
    rule: &Rule,
    today: NaiveDate,
    now: i64,
) -> Result<Vec<i64>, AppError> {
    let Compiled { sql, binds } = compile(rule, 1, today, now);
    let sql = format!("SELECT c.id {FROM} WHERE {sql} ORDER BY c.id");
    // Every rule is a different statement: do not fill the statement cache.
    let q = bind_all(sqlx::query(&sql).persistent(false), &binds);
    let rows = q.fetch_all(&db.pool).await?;
    Ok(rows
        .iter()
        .map(|r| r.try_get::<i64, _>(0))
        .collect::<Result<_, _>>()?)
}

/// Number of customers matching `rule` on `today` / at `now`.
pub async fn count(db: &Db, rule: &Rule, today: NaiveDate, now: i64) -> Result<i64, AppError> {
    let Compiled { sql, binds } = compile(rule, 1, today, now);
    let sql = format!("SELECT COUNT(*) {FROM} WHERE {sql}");
    let q = bind_all(sqlx::query(&sql).persistent(false), &binds);
    let row = q.fetch_one(&db.pool).await?;
    Ok(row.try_get::<i64, _>(0)?)
}

/// One row of a segment export.
pub struct MemberRow {
    /// Customer id (the keyset cursor).
    pub id: i64,
    /// Customer number.
    pub customer_no: String,
    /// Name.
    pub name: String,
    /// Mobile (mask before showing).
    pub mobile: String,
    /// Province.
    pub province: String,
    /// City.
    pub city: String,
    /// RFM segment (empty before the first analytics run).
    pub rfm_segment: String,
    /// Value tier (empty before the first analytics run).
    pub value_tier: String,
}

/// Up to `limit` customers matching `rule` with an id above `after`, ascending.
pub async fn member_page(
    db: &Db,
    rule: &Rule,
    today: NaiveDate,
    now: i64,
    after: i64,
    limit: i64,
) -> Result<Vec<MemberRow>, AppError> {
    let Compiled { sql, binds } = compile(rule, 1, today, now);
    let n = binds.len();
    let sql = format!(
        "SELECT {MEMBER_COLUMNS} {FROM} WHERE ({sql}) AND c.id > ${} ORDER BY c.id LIMIT ${}",
        n + 1,
        n + 2
    );
    let q = bind_all(sqlx::query(&sql).persistent(false), &binds)
        .bind(after)
        .bind(limit);
    q.fetch_all(&db.pool)
        .await?
        .iter()
        .map(member_row)
        .collect()
}

/// The columns [`member_row`] reads, over `customers c` and `customer_features f`.
pub const MEMBER_COLUMNS: &str = "c.id, c.customer_no, c.name, c.mobile, c.province, c.city, \
    COALESCE(f.rfm_segment, '') AS rfm_segment, COALESCE(f.value_tier, '') AS value_tier";

/// A [`MemberRow`] from a row of [`MEMBER_COLUMNS`].
pub fn member_row(r: &sqlx::any::AnyRow) -> Result<MemberRow, AppError> {
    Ok(MemberRow {
        id: r.try_get("id")?,
        customer_no: r.try_get("customer_no")?,
        name: r.try_get("name")?,
        mobile: r.try_get("mobile")?,
        province: r.try_get("province")?,
        city: r.try_get("city")?,
        rfm_segment: r.try_get("rfm_segment")?,
        value_tier: r.try_get("value_tier")?,
    })
}

/// Every customer's facts, by ascending id, read with plain queries (no
/// compiled rules), so in-memory evaluation can be checked against the SQL.
pub async fn load_facts(db: &Db) -> Result<Vec<(i64, Facts)>, AppError> {
    let mut all: BTreeMap<i64, Facts> = BTreeMap::new();

    let rows = sqlx::query(
        "SELECT c.id, c.birth_date, c.gender, c.province, c.city, c.residence, c.occupation, \
                c.income_band, b.code AS branch_code, c.consent_sms, c.consent_app_push, \
                c.consent_wechat, c.consent_email, c.consent_outbound_call, c.do_not_disturb \
         FROM customers c LEFT JOIN branches b ON b.id = c.branch_id",
    )
    .fetch_all(&db.pool)
    .await?;
    for r in &rows {
        let text = |col: &str| r.try_get::<Option<String>, _>(col);
        let flag = |col: &str| r.try_get::<i64, _>(col);
        let birth: Option<String> = text("birth_date")?;
        let facts = Facts {
            birth_date: birth.as_deref().and_then(time::parse_date),
            gender: text("gender")?,
            province: text("province")?,
            city: text("city")?,
            residence: text("residence")?,
            occupation: text("occupation")?,
            income_band: text("income_band")?,
            branch_code: text("branch_code")?,
            consent: Consent {
                sms: flag("consent_sms")? == 1,
                app_push: flag("consent_app_push")? == 1,
                wechat: flag("consent_wechat")? == 1,
                email: flag("consent_email")? == 1,
                outbound_call: flag("consent_outbound_call")? == 1,
                do_not_disturb: flag("do_not_disturb")? != 0,
            },
            ..Facts::default()
        };
        all.insert(r.try_get("id")?, facts);
    }

    let rows = sqlx::query(
        "SELECT customer_id, tenure_months, credit_limit_fen, utilisation, tx_count_12m, last_tx_at, \
                rfm_r, rfm_f, rfm_m, rfm_segment, p_alive, clv_12m_fen, churn_band, risk_band, \
                value_tier, points_balance, points_expiring_60d \
         FROM customer_features",
    )
    .fetch_all(&db.pool)
    .await?;
    for r in &rows {
        if let Some(facts) = all.get_mut(&r.try_get("customer_id")?) {
            facts.features = Some(features(r)?);
        }
    }

    let rows = sqlx::query("SELECT customer_id, status FROM cards ORDER BY id")
        .fetch_all(&db.pool)
        .await?;
    for r in &rows {
        if let Some(facts) = all.get_mut(&r.try_get("customer_id")?) {
            facts.card_statuses.push(r.try_get("status")?);
        }
    }

    let rows = sqlx::query(
        "SELECT k.customer_id, p.code, p.tier FROM cards k JOIN card_products p ON p.id = k.product_id \
         WHERE k.status <> 'closed' ORDER BY k.id",
    )
    .fetch_all(&db.pool)
    .await?;
    for r in &rows {
        if let Some(facts) = all.get_mut(&r.try_get("customer_id")?) {
            facts.open_products.push(r.try_get("code")?);
            facts.open_tiers.push(r.try_get("tier")?);
        }
    }

    let rows = sqlx::query(
        "SELECT customer_id, category, spend_30d_fen, spend_90d_fen, spend_365d_fen \
         FROM customer_category_spend",
    )
    .fetch_all(&db.pool)
    .await?;
    for r in &rows {
        if let Some(facts) = all.get_mut(&r.try_get("customer_id")?) {
            let spend = CategorySpend {
                d30: r.try_get("spend_30d_fen")?,
                d90: r.try_get("spend_90d_fen")?,
                d365: r.try_get("spend_365d_fen")?,
            };
            facts.category_spend.insert(r.try_get("category")?, spend);
        }
    }

    let rows = sqlx::query("SELECT customer_id, campaign_id FROM deliveries WHERE status = 'sent'")
        .fetch_all(&db.pool)
        .await?;
    for r in &rows {
        if let Some(facts) = all.get_mut(&r.try_get("customer_id")?) {
            facts.received_campaigns.insert(r.try_get("campaign_id")?);
        }
    }

    let rows = sqlx::query(
        "SELECT customer_id, campaign_id FROM campaign_responses WHERE arm = 'treatment'",
    )
    .fetch_all(&db.pool)
    .await?;
    for r in &rows {
        if let Some(facts) = all.get_mut(&r.try_get("customer_id")?) {
            facts.responded_campaigns.insert(r.try_get("campaign_id")?);
        }
    }

    Ok(all.into_iter().collect())
}

fn features(r: &AnyRow) -> Result<FeatureFacts, sqlx::Error> {
    Ok(FeatureFacts {
        tenure_months: r.try_get("tenure_months")?,
        credit_limit_fen: r.try_get("credit_limit_fen")?,
        utilisation: r.try_get("utilisation")?,
        tx_count_12m: r.try_get("tx_count_12m")?,
        last_tx_at: r.try_get("last_tx_at")?,
        rfm_r: r.try_get("rfm_r")?,
        rfm_f: r.try_get("rfm_f")?,
        rfm_m: r.try_get("rfm_m")?,
        rfm_segment: r.try_get("rfm_segment")?,
        p_alive: r.try_get("p_alive")?,
        clv_12m_fen: r.try_get("clv_12m_fen")?,
        churn_band: r.try_get("churn_band")?,
        risk_band: r.try_get("risk_band")?,
        value_tier: r.try_get("value_tier")?,
        points_balance: r.try_get("points_balance")?,
        points_expiring_60d: r.try_get("points_expiring_60d")?,
    })
}
