//! Segments: membership of a rule compiled to SQL ([`matching_ids`],
//! [`count`], [`member_page`]), every customer's [`Facts`] read with plain
//! queries ([`load_facts`]) for evaluating rules in memory with
//! [`crate::domain::segments::evaluate`], and the saved segments: CRUD with
//! optimistic concurrency, size history, and the live count with its
//! breakdowns ([`live_count`]; all from `customers` + `customer_features`,
//! never from raw transactions).

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::NaiveDate;
use crm_api::ConsentChannel;
use crm_api::customers::Consent;
use crm_api::segments::{CountResult, Rule, SegmentSummary, SegmentView};
use sqlx::Row;
use sqlx::any::AnyRow;

pub use super::customers::{MEMBER_COLUMNS, MemberRow, member_row};
use super::{Q, customers};
use crate::Db;
use crate::domain::scope::Scope;
use crate::domain::segments::{Bind, CategorySpend, Compiled, Facts, FeatureFacts, compile};
use crate::domain::time;
use crate::error::AppError;

/// The FROM clause the compiled condition is written against.
const FROM: &str = "FROM customers c LEFT JOIN customer_features f ON f.customer_id = c.id";

/// Binds compiled values in order.
pub fn bind_all<'q>(mut q: Q<'q>, binds: &'q [Bind]) -> Q<'q> {
    for b in binds {
        q = match b {
            Bind::Int(v) => q.bind(*v),
            Bind::Float(v) => q.bind(*v),
            Bind::Text(v) => q.bind(v.as_str()),
        };
    }
    q
}

/// `rule` compiled against [`FROM`], confined to the customers in `scope`
/// (the scope's condition holds only integers: no bound values).
fn compile_in(rule: &Rule, scope: &Scope, first: usize, today: NaiveDate, now: i64) -> Compiled {
    let Compiled { sql, binds } = compile(rule, first, today, now);
    let sql = match scope {
        Scope::All => sql,
        _ => format!("({sql}) AND {}", scope.branch_condition("c.branch_id")),
    };
    Compiled { sql, binds }
}

/// Ids of the customers in `scope` matching `rule` on `today` / at `now`, ascending.
pub async fn matching_ids(
    db: &Db,
    scope: &Scope,
    rule: &Rule,
    today: NaiveDate,
    now: i64,
) -> Result<Vec<i64>, AppError> {
    let Compiled { sql, binds } = compile_in(rule, scope, 1, today, now);
    let sql = format!("SELECT c.id {FROM} WHERE {sql} ORDER BY c.id");
    // Every rule is a different statement: do not fill the statement cache.
    let q = bind_all(sqlx::query(&sql).persistent(false), &binds);
    let rows = q.fetch_all(&db.pool).await?;
    Ok(rows
        .iter()
        .map(|r| r.try_get::<i64, _>(0))
        .collect::<Result<_, _>>()?)
}

/// Number of customers in `scope` matching `rule` on `today` / at `now`.
pub async fn count(
    db: &Db,
    scope: &Scope,
    rule: &Rule,
    today: NaiveDate,
    now: i64,
) -> Result<i64, AppError> {
    let Compiled { sql, binds } = compile_in(rule, scope, 1, today, now);
    let sql = format!("SELECT COUNT(*) {FROM} WHERE {sql}");
    let q = bind_all(sqlx::query(&sql).persistent(false), &binds);
    let row = q.fetch_one(&db.pool).await?;
    Ok(row.try_get::<i64, _>(0)?)
}

/// Up to `limit` customers in `scope` matching `rule` with an id above `after`, ascending.
pub async fn member_page(
    db: &Db,
    scope: &Scope,
    rule: &Rule,
    today: NaiveDate,
    now: i64,
    after: i64,
    limit: i64,
) -> Result<Vec<MemberRow>, AppError> {
    let Compiled { sql, binds } = compile_in(rule, scope, 1, today, now);
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

fn summary(r: &sqlx::any::AnyRow) -> Result<SegmentSummary, AppError> {
    Ok(SegmentSummary {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        description: r.try_get("description")?,
        ready_made: r.try_get::<i64, _>("ready_made")? != 0,
        last_size: r.try_get("last_size")?,
        last_counted_at: r.try_get("last_counted_at")?,
        updated_at: r.try_get("updated_at")?,
        created_by: r.try_get("created_by_name")?,
    })
}

const SELECT: &str = "SELECT s.id, s.name, s.description, s.ready_made, s.last_size, s.last_counted_at, s.updated_at, \
     s.rules, s.version, u.display_name AS created_by_name FROM segments s LEFT JOIN users u ON u.id = s.created_by";

/// All segments, ready-made first, then by name.
pub async fn list(db: &Db) -> Result<Vec<SegmentSummary>, AppError> {
    let rows = sqlx::query(&format!("{SELECT} ORDER BY s.ready_made DESC, s.name"))
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(summary).collect()
}

/// One segment, or 404.
pub async fn get(db: &Db, id: i64) -> Result<SegmentView, AppError> {
    let r = sqlx::query(&format!("{SELECT} WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let text: String = r.try_get("rules")?;
    Ok(SegmentView {
        summary: summary(&r)?,
        rules: serde_json::from_str(&text)
            .map_err(|e| AppError::Internal(format!("segment rules: {e}")))?,
        version: r.try_get("version")?,
    })
}

fn rules_json(rules: &Rule) -> Result<String, AppError> {
    serde_json::to_string(rules).map_err(|e| AppError::Internal(e.to_string()))
}

/// Creates a segment; returns its id.
pub async fn create(
    db: &Db,
    user_id: Option<i64>,
    name: &str,
    description: &str,
    rules: &Rule,
    ready_made: bool,
    now: i64,
) -> Result<i64, AppError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO segments (name, description, rules, ready_made, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(name.trim())
    .bind(description.trim())
    .bind(rules_json(rules)?)
    .bind(i64::from(ready_made))
    .bind(user_id)
    .bind(now)
    .fetch_one(&db.pool)
    .await?;
    Ok(id)
}

/// Updates a segment if it is still at `version` (else 412; 404 when gone).
pub async fn update(
    db: &Db,
    id: i64,
    version: i64,
    name: &str,
    description: &str,
    rules: &Rule,
    now: i64,
) -> Result<(), AppError> {
    let stale = sqlx::query(
        "UPDATE segments SET name = $1, description = $2, rules = $3, updated_at = $4, version = version + 1 \
         WHERE id = $5 AND version = $6",
    )
    .bind(name.trim())
    .bind(description.trim())
    .bind(rules_json(rules)?)
    .bind(now)
    .bind(id)
    .bind(version)
    .execute(&db.pool)
    .await?
    .rows_affected()
        == 0;
    if stale {
        get(db, id).await?;
        return Err(AppError::PreconditionFailed);
    }
    Ok(())
}

/// Deletes a segment that no campaign uses (409 otherwise).
pub async fn delete(db: &Db, id: i64) -> Result<(), AppError> {
    get(db, id).await?;
    let used: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM campaigns WHERE segment_id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await?;
    if used > 0 {
        let mut e = crm_api::validate::Errors::default();
        e.add(
            "segment",
            crm_api::validate::Problem::Format {
                zh: "有营销活动在使用该客群，不能删除。",
                en: "A campaign uses this segment; it cannot be deleted.",
            },
        );
        return Err(AppError::Conflict(e));
    }
    let mut tx = db.pool.begin().await?;
    sqlx::query("DELETE FROM segment_sizes WHERE segment_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM segments WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Records a size for the history (one per second at most).
pub async fn record_size(db: &Db, id: i64, size: i64, now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE segments SET last_size = $1, last_counted_at = $2 WHERE id = $3")
        .bind(size)
        .bind(now)
        .bind(id)
        .execute(&db.pool)
        .await?;
    sqlx::query("DELETE FROM segment_sizes WHERE segment_id = $1 AND at = $2")
        .bind(id)
        .bind(now)
        .execute(&db.pool)
        .await?;
    sqlx::query("INSERT INTO segment_sizes (segment_id, at, size) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(now)
        .bind(size)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Size history, oldest first.
pub async fn history(db: &Db, id: i64) -> Result<Vec<(i64, i64)>, AppError> {
    get(db, id).await?;
    let rows = sqlx::query("SELECT at, size FROM segment_sizes WHERE segment_id = $1 ORDER BY at")
        .bind(id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("at")?, r.try_get("size")?)))
        .collect()
}

/// The number of customers (bank-wide) matching `rules` at `now` (on its local date).
pub async fn size(db: &Db, rules: &Rule, now: i64) -> Result<i64, AppError> {
    count(db, &Scope::All, rules, time::local_date(now), now).await
}

/// Ids of the customers in `scope` matching `rules` at `now` (on its local date), ascending.
pub async fn member_ids(
    db: &Db,
    scope: &Scope,
    rules: &Rule,
    now: i64,
) -> Result<Vec<i64>, AppError> {
    matching_ids(db, scope, rules, time::local_date(now), now).await
}

/// The live count: total, breakdowns, reachability, overlap and a masked sample.
pub async fn live_count(
    db: &Db,
    scope: &Scope,
    rules: &Rule,
    compare: Option<&Rule>,
    now: i64,
) -> Result<CountResult, AppError> {
    let started = Instant::now();
    let today = time::local_date(now);
    let c: Compiled = compile_in(rules, scope, 1, today, now);
    let w = &c.sql;
    let reach = |ch: &str| {
        format!("SUM(CASE WHEN c.consent_{ch} = 1 AND c.do_not_disturb = 0 THEN 1 ELSE 0 END)")
    };
    let head_sql = format!(
        "SELECT COUNT(*) AS total, \
         CAST(COALESCE(SUM(CASE WHEN c.do_not_disturb = 1 THEN 1 ELSE 0 END), 0) AS BIGINT) AS dnd, \
         CAST(COALESCE(SUM(CASE WHEN c.do_not_disturb = 0 AND c.consent_sms = 0 AND c.consent_app_push = 0 \
              AND c.consent_wechat = 0 AND c.consent_email = 0 AND c.consent_outbound_call = 0 THEN 1 ELSE 0 END), 0) AS BIGINT) AS none, \
         CAST(COALESCE({}, 0) AS BIGINT) AS sms, CAST(COALESCE({}, 0) AS BIGINT) AS app_push, \
         CAST(COALESCE({}, 0) AS BIGINT) AS wechat, CAST(COALESCE({}, 0) AS BIGINT) AS email, \
         CAST(COALESCE({}, 0) AS BIGINT) AS outbound_call {FROM} WHERE {w}",
        reach("sms"),
        reach("app_push"),
        reach("wechat"),
        reach("email"),
        reach("outbound_call"),
    );
    let product_sql = format!(
        "SELECT COALESCE(f.primary_product, 'none') AS k, COUNT(*) AS n {FROM} WHERE {w} GROUP BY COALESCE(f.primary_product, 'none') ORDER BY n DESC"
    );
    let province_sql = format!(
        "SELECT c.province AS k, COUNT(*) AS n {FROM} WHERE {w} GROUP BY c.province ORDER BY n DESC, c.province"
    );
    let sample_sql = format!("SELECT c.id {FROM} WHERE {w} ORDER BY c.id LIMIT 10");
    let (head, products, provinces, sample) = tokio::try_join!(
        bind_all(sqlx::query(&head_sql), &c.binds).fetch_one(&db.pool),
        bind_all(sqlx::query(&product_sql), &c.binds).fetch_all(&db.pool),
        bind_all(sqlx::query(&province_sql), &c.binds).fetch_all(&db.pool),
        bind_all(sqlx::query(&sample_sql), &c.binds).fetch_all(&db.pool),
    )?;
    let pairs = |rows: &[sqlx::any::AnyRow]| -> Result<Vec<(String, i64)>, AppError> {
        rows.iter()
            .map(|r| Ok((r.try_get("k")?, r.try_get("n")?)))
            .collect()
    };
    let overlap = match compare {
        None => None,
        Some(other) => {
            let o = compile(other, c.binds.len() + 1, today, now);
            let sql = format!("SELECT COUNT(*) {FROM} WHERE ({w}) AND ({})", o.sql);
            let mut binds = c.binds.clone();
            binds.extend(o.binds);
            Some(
                bind_all(sqlx::query(&sql), &binds)
                    .fetch_one(&db.pool)
                    .await?
                    .try_get::<i64, _>(0)?,
            )
        }
    };
    let ids: Vec<i64> = sample
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()?;
    let channels = [
        (ConsentChannel::Sms, "sms"),
        (ConsentChannel::AppPush, "app_push"),
        (ConsentChannel::Wechat, "wechat"),
        (ConsentChannel::Email, "email"),
        (ConsentChannel::OutboundCall, "outbound_call"),
    ];
    Ok(CountResult {
        total: head.try_get("total")?,
        by_product: pairs(&products)?,
        by_province: pairs(&provinces)?,
        reachable: channels
            .iter()
            .map(|(ch, col)| Ok((*ch, head.try_get::<i64, _>(*col)?)))
            .collect::<Result<_, AppError>>()?,
        do_not_disturb: head.try_get("dnd")?,
        no_consent: head.try_get("none")?,
        overlap,
        sample: customers::summaries(db, &ids).await?,
        elapsed_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
    })
}

/// Installs the study's ready-made segments (youth, women, official cards,
/// high-end, rural, dormant cards, revolvers, at risk) unless present.
pub async fn install_ready_made(db: &Db, now: i64) -> Result<(), AppError> {
    let present: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM segments WHERE ready_made = 1")
        .fetch_one(&db.pool)
        .await?;
    if present > 0 {
        return Ok(());
    }
    // The demo seed installs them before it writes any customer: a count of an empty
    // portfolio is no size, so the history starts with the first real count instead.
    let customers: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers")
        .fetch_one(&db.pool)
        .await?;
    for (name, description, rules) in crm_api::segments::ready_made() {
        let id = create(db, None, name, description, &rules, true, now).await?;
        if customers > 0 {
            let n = size(db, &rules, now).await?;
            record_size(db, id, n, now).await?;
        }
    }
    Ok(())
}

/// Records today's size of every segment (called after each full analytics run).
pub async fn record_all_sizes(db: &Db, now: i64) -> Result<(), AppError> {
    for s in list(db).await? {
        let view = get(db, s.id).await?;
        let n = size(db, &view.rules, now).await?;
        record_size(db, s.id, n, now).await?;
    }
    Ok(())
}
