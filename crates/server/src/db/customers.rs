//! Customer search and profile.

use crm_api::customers::{
    BranchRef, Consent, CustomerProfile, CustomerSearchQuery, CustomerSummary, SearchTerm,
};
use crm_api::insight::{Band, CustomerInsight, RfmSegment, RfmView, ValueTier};
use crm_api::mask::{mask_email, mask_mobile};
use crm_api::{Category, Gender, IncomeBand, Money, Occupation, ProductCode, Residence, TxChannel};
use sqlx::Row;

use super::{Backend, enum_col, placeholders};
use crate::Db;
use crate::domain::scope::Scope;
use crate::domain::spend::SpendRow;
use crate::domain::time;
use crate::error::AppError;

/// The smallest string greater than every string starting with `prefix`
/// (for an index range scan on a binary-collated column).
fn prefix_upper_bound(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern.
fn like_escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// The search's `WHERE` clause over `customers c`, its bound values and the
/// order of its results.
fn search_filter(
    db: &Db,
    scope: &Scope,
    query: &CustomerSearchQuery,
) -> (String, Vec<String>, &'static str) {
    let term = query.term();
    // (where clause, bound text values)
    let (mut filter, mut binds): (String, Vec<String>) = match &term {
        SearchTerm::All => ("1 = 1".into(), vec![]),
        SearchTerm::CustomerNo(no) => ("c.customer_no = $1".into(), vec![no.clone()]),
        SearchTerm::Mobile(m) => ("c.mobile = $1".into(), vec![m.clone()]),
        SearchTerm::CardLast4(l4) => (
            "c.id IN (SELECT customer_id FROM cards WHERE pan_last4 = $1)".into(),
            vec![l4.clone()],
        ),
        SearchTerm::Name(prefix) => match db.backend {
            Backend::Sqlite => (
                "c.name >= $1 AND c.name < $2".into(),
                vec![prefix.clone(), prefix_upper_bound(prefix)],
            ),
            Backend::Postgres => (
                "c.name LIKE $1 ESCAPE '\\'".into(),
                vec![format!("{}%", like_escape(prefix))],
            ),
        },
    };
    let insight_filters = [
        ("rfm_segment", query.rfm_segment.map(|v| v.as_str())),
        ("churn_band", query.churn_band.map(|v| v.as_str())),
        ("risk_band", query.risk_band.map(|v| v.as_str())),
        ("value_tier", query.value_tier.map(|v| v.as_str())),
    ];
    for (column, value) in insight_filters {
        if let Some(value) = value {
            binds.push(value.to_owned());
            filter.push_str(&format!(
                " AND c.id IN (SELECT customer_id FROM customer_features WHERE {column} = ${})",
                binds.len()
            ));
        }
    }
    filter.push_str(" AND ");
    filter.push_str(&scope.branch_condition("c.branch_id"));
    let order = match term {
        SearchTerm::Name(_) => "c.name, c.id",
        _ => "c.id",
    };
    (filter, binds, order)
}

/// Up to `limit` customers of the search with an id above `after`,
/// ascending (a streamed export's page).
pub async fn search_page(
    db: &Db,
    scope: &Scope,
    query: &CustomerSearchQuery,
    after: i64,
    limit: i64,
) -> Result<Vec<MemberRow>, AppError> {
    let (filter, binds, _) = search_filter(db, scope, query);
    let n = binds.len();
    let sql = format!(
        "SELECT {} FROM customers c LEFT JOIN customer_features f ON f.customer_id = c.id \
         WHERE {filter} AND c.id > ${} ORDER BY c.id LIMIT ${}",
        MEMBER_COLUMNS,
        n + 1,
        n + 2
    );
    let mut q = sqlx::query(&sql).persistent(false);
    for b in &binds {
        q = q.bind(b);
    }
    q.bind(after)
        .bind(limit)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(member_row)
        .collect()
}

/// How many customers the search matches.
pub async fn search_count(
    db: &Db,
    scope: &Scope,
    query: &CustomerSearchQuery,
) -> Result<i64, AppError> {
    let (filter, binds, _) = search_filter(db, scope, query);
    let sql = format!("SELECT COUNT(*) FROM customers c WHERE {filter}");
    let mut count = sqlx::query_scalar::<_, i64>(&sql);
    for b in &binds {
        count = count.bind(b);
    }
    Ok(count.fetch_one(&db.pool).await?)
}

/// One page of matching customers (masked) and the total count.
pub async fn search(
    db: &Db,
    scope: &Scope,
    query: &CustomerSearchQuery,
    limit: i64,
    offset: i64,
) -> Result<(Vec<CustomerSummary>, i64), AppError> {
    let total = search_count(db, scope, query).await?;
    let (filter, binds, order) = search_filter(db, scope, query);

    let n = binds.len();
    let list_sql = format!(
        "SELECT c.id, c.customer_no, c.name, c.gender, c.mobile, c.province, c.city, b.name AS branch_name \
         FROM customers c JOIN branches b ON b.id = c.branch_id \
         WHERE {filter} ORDER BY {order} LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    );
    let mut list = sqlx::query(&list_sql);
    for b in &binds {
        list = list.bind(b);
    }
    let rows = list.bind(limit).bind(offset).fetch_all(&db.pool).await?;
    let mut items = rows
        .iter()
        .map(summary_from_row)
        .collect::<Result<Vec<_>, AppError>>()?;
    attach_products(db, &mut items).await?;
    Ok((items, total))
}

/// Summaries of the given customers, in the given order (masked).
pub async fn summaries(db: &Db, ids: &[i64]) -> Result<Vec<CustomerSummary>, AppError> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT c.id, c.customer_no, c.name, c.gender, c.mobile, c.province, c.city, b.name AS branch_name \
         FROM customers c JOIN branches b ON b.id = c.branch_id WHERE c.id IN ({})",
        placeholders(1, ids.len())
    );
    let mut q = sqlx::query(&sql);
    for id in ids {
        q = q.bind(*id);
    }
    let rows = q.fetch_all(&db.pool).await?;
    let mut items = rows
        .iter()
        .map(summary_from_row)
        .collect::<Result<Vec<_>, AppError>>()?;
    items.sort_by_key(|c| ids.iter().position(|i| *i == c.id));
    attach_products(db, &mut items).await?;
    Ok(items)
}

fn summary_from_row(r: &sqlx::any::AnyRow) -> Result<CustomerSummary, AppError> {
    let mobile: String = r.try_get("mobile")?;
    Ok(CustomerSummary {
        id: r.try_get("id")?,
        customer_no: r.try_get("customer_no")?,
        name: r.try_get("name")?,
        gender: enum_col(r, "gender", Gender::parse)?,
        mobile_masked: mask_mobile(&mobile),
        province: r.try_get("province")?,
        city: r.try_get("city")?,
        branch_name: r.try_get("branch_name")?,
        products: vec![],
    })
}

/// Fills in the products of the customers' open cards.
async fn attach_products(db: &Db, items: &mut [CustomerSummary]) -> Result<(), AppError> {
    if !items.is_empty() {
        let sql = format!(
            "SELECT c.customer_id, p.code FROM cards c JOIN card_products p ON p.id = c.product_id \
             WHERE c.status <> 'closed' AND c.customer_id IN ({}) ORDER BY c.id",
            placeholders(1, items.len())
        );
        let mut q = sqlx::query(&sql);
        for item in items.iter() {
            q = q.bind(item.id);
        }
        for r in q.fetch_all(&db.pool).await? {
            let customer_id: i64 = r.try_get("customer_id")?;
            let product = enum_col(&r, "code", ProductCode::parse)?;
            if let Some(item) = items.iter_mut().find(|i| i.id == customer_id)
                && !item.products.contains(&product)
            {
                item.products.push(product);
            }
        }
    }
    Ok(())
}

/// The customer's profile (identifiers masked), or 404.
pub async fn profile(db: &Db, id: i64) -> Result<CustomerProfile, AppError> {
    let r = sqlx::query(
        "SELECT c.id, c.customer_no, c.name, c.gender, c.birth_date, c.national_id_masked, c.mobile, c.email, \
                c.province, c.city, c.residence, c.occupation, c.income_band, c.branch_id, c.joined_on, \
                c.consent_sms, c.consent_app_push, c.consent_wechat, c.consent_email, c.consent_outbound_call, \
                c.do_not_disturb, c.version, b.code AS branch_code, b.name AS branch_name, b.name_en AS branch_name_en \
         FROM customers c JOIN branches b ON b.id = c.branch_id WHERE c.id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let birth_date: String = r.try_get("birth_date")?;
    let age = time::parse_date(&birth_date).map_or(0, |b| time::age_on(b, time::today()));
    let mobile: String = r.try_get("mobile")?;
    let email: Option<String> = r.try_get("email")?;
    Ok(CustomerProfile {
        id: r.try_get("id")?,
        customer_no: r.try_get("customer_no")?,
        name: r.try_get("name")?,
        gender: enum_col(&r, "gender", Gender::parse)?,
        birth_date,
        age,
        national_id_masked: r.try_get("national_id_masked")?,
        mobile_masked: mask_mobile(&mobile),
        email_masked: email.as_deref().map(mask_email),
        province: r.try_get("province")?,
        city: r.try_get("city")?,
        residence: enum_col(&r, "residence", Residence::parse)?,
        occupation: enum_col(&r, "occupation", Occupation::parse)?,
        income_band: enum_col(&r, "income_band", IncomeBand::parse)?,
        branch: BranchRef {
            id: r.try_get("branch_id")?,
            code: r.try_get("branch_code")?,
            name: r.try_get("branch_name")?,
            name_en: r.try_get("branch_name_en")?,
        },
        joined_on: r.try_get("joined_on")?,
        consent: consent_from_row(&r)?,
        version: r.try_get("version")?,
    })
}

/// The customer's transactions since `since` (Unix seconds), for rollups.
pub async fn spend_rows(db: &Db, customer_id: i64, since: i64) -> Result<Vec<SpendRow>, AppError> {
    let rows = sqlx::query(
        "SELECT occurred_at, amount_fen, category, channel, merchant FROM transactions \
         WHERE customer_id = $1 AND occurred_at >= $2",
    )
    .bind(customer_id)
    .bind(since)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(SpendRow {
                occurred_at: r.try_get("occurred_at")?,
                amount_fen: r.try_get("amount_fen")?,
                category: enum_col(r, "category", Category::parse)?,
                channel: enum_col(r, "channel", TxChannel::parse)?,
                merchant: r.try_get("merchant")?,
            })
        })
        .collect()
}

/// Number and total of the customer's installment purchases.
pub async fn installments(db: &Db, customer_id: i64) -> Result<(i64, i64), AppError> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) AS total \
         FROM transactions WHERE customer_id = $1 AND installment = 1",
    )
    .bind(customer_id)
    .fetch_one(&db.pool)
    .await?;
    Ok((row.try_get("n")?, row.try_get("total")?))
}

/// The consent flags of a row selecting `consent_sms`, `consent_app_push`,
/// `consent_wechat`, `consent_email`, `consent_outbound_call` and `do_not_disturb`.
pub(crate) fn consent_from_row(r: &sqlx::any::AnyRow) -> Result<Consent, AppError> {
    let flag = |col: &str| -> Result<bool, AppError> { Ok(r.try_get::<i64, _>(col)? != 0) };
    Ok(Consent {
        sms: flag("consent_sms")?,
        app_push: flag("consent_app_push")?,
        wechat: flag("consent_wechat")?,
        email: flag("consent_email")?,
        outbound_call: flag("consent_outbound_call")?,
        do_not_disturb: flag("do_not_disturb")?,
    })
}

fn json_col<T: serde::de::DeserializeOwned>(
    row: &sqlx::any::AnyRow,
    col: &str,
) -> Result<T, AppError> {
    let text: String = row.try_get(col)?;
    serde_json::from_str(&text).map_err(|e| AppError::Internal(format!("{col}: {e}")))
}

/// The customer's scores and offers from the last analytics run, if any.
pub async fn insight(db: &Db, customer_id: i64) -> Result<Option<CustomerInsight>, AppError> {
    let row = sqlx::query(
        "SELECT f.*, (SELECT MAX(fitted_at) FROM model_fits WHERE model = 'portfolio') AS fitted_at \
         FROM customer_features f WHERE f.customer_id = $1",
    )
    .bind(customer_id)
    .fetch_optional(&db.pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let band = |col: &str| -> Result<Band, AppError> {
        let text: String = r.try_get(col)?;
        Band::parse(&text).ok_or_else(|| AppError::Internal(format!("bad {col}")))
    };
    let score = |col: &str| -> Result<u8, AppError> {
        Ok(u8::try_from(r.try_get::<i64, _>(col)?).unwrap_or(1))
    };
    let segment: String = r.try_get("rfm_segment")?;
    let tier: String = r.try_get("value_tier")?;
    Ok(Some(CustomerInsight {
        computed_at: r.try_get("computed_at")?,
        models_fitted_at: r.try_get("fitted_at")?,
        rfm: RfmView {
            r: score("rfm_r")?,
            f: score("rfm_f")?,
            m: score("rfm_m")?,
            segment: RfmSegment::parse(&segment)
                .ok_or_else(|| AppError::Internal("bad segment".into()))?,
            recency_days: r.try_get("recency_days")?,
        },
        p_alive: r.try_get("p_alive")?,
        expected_purchases_90d: r.try_get("expected_tx_90d")?,
        expected_avg_spend: Money::cny(r.try_get("expected_avg_spend_fen")?),
        clv_12m: Money::cny(r.try_get("clv_12m_fen")?),
        value_tier: ValueTier::parse(&tier).ok_or_else(|| AppError::Internal("bad tier".into()))?,
        churn_band: band("churn_band")?,
        churn_reasons: json_col(&r, "churn_reasons")?,
        risk_score: r.try_get("risk_score")?,
        risk_band: band("risk_band")?,
        risk_reasons: json_col(&r, "risk_reasons")?,
        limit_increase_candidate: r.try_get::<i64, _>("limit_increase_candidate")? != 0,
        offers: json_col(&r, "offers")?,
    }))
}

/// The sealed national ID of a customer.
pub async fn sealed_national_id(db: &Db, customer_id: i64) -> Result<String, AppError> {
    sqlx::query_scalar("SELECT national_id_sealed FROM customers WHERE id = $1")
        .bind(customer_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)
}

/// Points balance: the sum of the ledger.
pub async fn points_balance(db: &Db, customer_id: i64) -> Result<i64, AppError> {
    let balance: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM points_ledger WHERE customer_id = $1",
    )
    .bind(customer_id)
    .fetch_one(&db.pool)
    .await?;
    Ok(balance)
}

/// Writes an audit record (who did what to which customer, and why).
pub async fn audit(
    db: &Db,
    user_id: i64,
    action: &str,
    customer_id: Option<i64>,
    detail: &str,
) -> Result<(), AppError> {
    let entry = crate::db::audit::Entry::by(user_id, action, detail).about(customer_id);
    crate::db::audit::insert(&db.pool, entry, crate::domain::time::now()).await
}

/// Campaigns `customer_id` was a member of, newest launch first, with arm,
/// delivery and attributed response.
pub async fn campaigns(
    db: &Db,
    customer_id: i64,
) -> Result<Vec<crm_api::campaigns::CustomerCampaign>, AppError> {
    sqlx::query(
        "SELECT c.id, c.name, c.offer_kind, c.launched_at, m.arm, d.status, d.channel, d.sent_at, r.responded_at, r.amount_fen \
         FROM campaign_members m JOIN campaigns c ON c.id = m.campaign_id \
         LEFT JOIN deliveries d ON d.campaign_id = m.campaign_id AND d.customer_id = m.customer_id \
         LEFT JOIN campaign_responses r ON r.campaign_id = m.campaign_id AND r.customer_id = m.customer_id \
         WHERE m.customer_id = $1 ORDER BY c.launched_at DESC, c.id DESC",
    )
    .bind(customer_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(customer_campaign_from_row)
    .collect()
}

fn customer_campaign_from_row(
    r: &sqlx::any::AnyRow,
) -> Result<crm_api::campaigns::CustomerCampaign, AppError> {
    let kind: Option<String> = r.try_get("offer_kind")?;
    let status: Option<String> = r.try_get("status")?;
    let channel: Option<String> = r.try_get("channel")?;
    let amount: Option<i64> = r.try_get("amount_fen")?;
    Ok(crm_api::campaigns::CustomerCampaign {
        campaign_id: r.try_get("id")?,
        name: r.try_get("name")?,
        offer_kind: kind
            .as_deref()
            .and_then(crm_api::campaigns::OfferKind::parse),
        arm: r.try_get("arm")?,
        delivery: status
            .as_deref()
            .and_then(crm_api::campaigns::DeliveryStatus::parse),
        channel: channel.as_deref().and_then(crm_api::ConsentChannel::parse),
        sent_at: r.try_get("sent_at")?,
        launched_at: r.try_get("launched_at")?,
        responded_at: r.try_get("responded_at")?,
        response_amount: amount.map(Money::cny),
    })
}

/// One row of a customer list export (a segment's members or a search).
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_are_escaped() {
        assert_eq!(like_escape("a%b_c\\"), "a\\%b\\_c\\\\");
        let upper = prefix_upper_bound("张");
        assert!("张" < upper.as_str() && "张伟" < upper.as_str());
        assert!(
            !("强" >= "张" && "强" < upper.as_str()),
            "other names stay outside"
        );
    }
}
