//! Campaigns: drafts with optimistic concurrency, maker-checker transitions,
//! and the launch that writes every member and delivery in one transaction
//! (the outbox the dispatcher sends from).

use crm_api::ConsentChannel;
use crm_api::campaigns::{
    CampaignDraft, CampaignStatus, CampaignView, DeliveryStatus, DeliveryView, OfferKind,
    OfferParams, offer_text,
};
use crm_api::mask::{mask_mobile, mask_surname};
use crm_api::validate::{Errors, Lang, Problem};
use rand::RngCore;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Q, insert_rows, placeholders, update_versioned};
use crate::Db;
use crate::db::audit::Entry;
use crate::db::segment_store;
use crate::domain::campaigns::{Arm, Personal, assign_arm, render};
use crate::domain::scope::Scope;
use crate::error::AppError;

/// Stored facts the API does not edit directly.
#[derive(Clone, Debug)]
pub struct CampaignRow {
    /// Id.
    pub id: i64,
    /// Status.
    pub status: CampaignStatus,
    /// Content.
    pub draft: CampaignDraft,
    /// Holdout seed.
    pub holdout_seed: i64,
    /// Creator.
    pub created_by: i64,
    /// Submitter.
    pub submitted_by: Option<i64>,
    /// When launched.
    pub launched_at: Option<i64>,
    /// When attribution last ran.
    pub attributed_at: Option<i64>,
    /// Version.
    pub version: i64,
}

fn conflict(zh: &'static str, en: &'static str) -> AppError {
    let mut e = Errors::default();
    e.add("status", Problem::Format { zh, en });
    AppError::Conflict(e)
}

fn draft_from_row(r: &AnyRow) -> Result<CampaignDraft, AppError> {
    let offer_text: String = r.try_get("offer")?;
    let kind: Option<String> = r.try_get("offer_kind")?;
    let channel: Option<String> = r.try_get("channel")?;
    let u32_col = |c: &str| -> Result<u32, AppError> {
        Ok(u32::try_from(r.try_get::<i64, _>(c)?).unwrap_or(0))
    };
    Ok(CampaignDraft {
        name: r.try_get("name")?,
        segment_id: r.try_get("segment_id")?,
        offer_kind: kind.as_deref().and_then(OfferKind::parse),
        offer: serde_json::from_str::<OfferParams>(&offer_text).unwrap_or_default(),
        valid_from: r.try_get("valid_from")?,
        valid_to: r.try_get("valid_to")?,
        budget_fen: r.try_get("budget_fen")?,
        channel: channel.as_deref().and_then(ConsentChannel::parse),
        template: r.try_get("template")?,
        send_at: r.try_get("send_at")?,
        quiet_hours: r.try_get::<i64, _>("quiet_hours")? != 0,
        cap_messages: u32_col("cap_messages")?,
        cap_days: u32_col("cap_days")?,
        holdout_pct: u8::try_from(r.try_get::<i64, _>("holdout_pct")?).unwrap_or(10),
        attribution_days: u32_col("attribution_days")?,
    })
}

/// The stored campaign, or 404.
pub async fn get_row(db: &Db, id: i64) -> Result<CampaignRow, AppError> {
    let r = sqlx::query("SELECT * FROM campaigns WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let status: String = r.try_get("status")?;
    Ok(CampaignRow {
        id,
        status: CampaignStatus::parse(&status)
            .ok_or_else(|| AppError::Internal("bad status".into()))?,
        draft: draft_from_row(&r)?,
        holdout_seed: r.try_get("holdout_seed")?,
        created_by: r.try_get("created_by")?,
        submitted_by: r.try_get("submitted_by")?,
        launched_at: r.try_get("launched_at")?,
        attributed_at: r.try_get("attributed_at")?,
        version: r.try_get("version")?,
    })
}

const VIEW_SQL: &str = "SELECT c.*, s.name AS segment_name, cu.display_name AS created_name, \
       su.display_name AS submitted_name, du.display_name AS decided_name, \
       (SELECT COUNT(*) FROM campaign_members m WHERE m.campaign_id = c.id AND m.arm = 'treatment') AS n_treatment, \
       (SELECT COUNT(*) FROM campaign_members m WHERE m.campaign_id = c.id AND m.arm = 'control') AS n_control, \
       (SELECT COUNT(*) FROM deliveries d WHERE d.campaign_id = c.id AND d.status = 'sent') AS n_sent, \
       (SELECT COUNT(*) FROM deliveries d WHERE d.campaign_id = c.id AND d.status = 'suppressed') AS n_suppressed, \
       (SELECT COUNT(*) FROM deliveries d WHERE d.campaign_id = c.id AND d.status = 'pending') AS n_pending \
     FROM campaigns c LEFT JOIN segments s ON s.id = c.segment_id \
     JOIN users cu ON cu.id = c.created_by LEFT JOIN users su ON su.id = c.submitted_by \
     LEFT JOIN users du ON du.id = c.decided_by";

fn view_from_row(r: &AnyRow) -> Result<CampaignView, AppError> {
    let status: String = r.try_get("status")?;
    let submitted: Option<String> = r.try_get("submitted_name")?;
    let submitted_at: Option<i64> = r.try_get("submitted_at")?;
    let decided: Option<String> = r.try_get("decided_name")?;
    let decided_at: Option<i64> = r.try_get("decided_at")?;
    let comment: Option<String> = r.try_get("decision_comment")?;
    Ok(CampaignView {
        id: r.try_get("id")?,
        status: CampaignStatus::parse(&status)
            .ok_or_else(|| AppError::Internal("bad status".into()))?,
        draft: draft_from_row(r)?,
        segment_name: r.try_get("segment_name")?,
        created_by: r.try_get("created_name")?,
        submitted: submitted.zip(submitted_at),
        decided: match (decided, decided_at) {
            (Some(who), Some(at)) => Some((who, at, comment.unwrap_or_default())),
            _ => None,
        },
        launched_at: r.try_get("launched_at")?,
        treatment: r.try_get("n_treatment")?,
        control: r.try_get("n_control")?,
        sent: r.try_get("n_sent")?,
        suppressed: r.try_get("n_suppressed")?,
        pending: r.try_get("n_pending")?,
        version: r.try_get("version")?,
        updated_at: r.try_get("updated_at")?,
    })
}

/// One campaign with names and delivery counts, or 404.
pub async fn view(db: &Db, id: i64) -> Result<CampaignView, AppError> {
    let r = sqlx::query(&format!("{VIEW_SQL} WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    view_from_row(&r)
}

/// Campaigns, newest first, optionally only one status.
pub async fn list(db: &Db, status: Option<CampaignStatus>) -> Result<Vec<CampaignView>, AppError> {
    let rows = match status {
        Some(s) => {
            sqlx::query(&format!(
                "{VIEW_SQL} WHERE c.status = $1 ORDER BY c.updated_at DESC, c.id DESC"
            ))
            .bind(s.as_str())
            .fetch_all(&db.pool)
            .await?
        }
        None => {
            sqlx::query(&format!("{VIEW_SQL} ORDER BY c.updated_at DESC, c.id DESC"))
                .fetch_all(&db.pool)
                .await?
        }
    };
    rows.iter().map(view_from_row).collect()
}

fn offer_json(d: &CampaignDraft) -> Result<String, AppError> {
    serde_json::to_string(&d.offer).map_err(|e| AppError::Internal(e.to_string()))
}

/// Binds a draft's content, `$1` name to `$14` holdout share, in the column
/// order [`create`] and [`update`] share.
fn bind_content<'q>(q: Q<'q>, d: &'q CampaignDraft) -> Result<Q<'q>, AppError> {
    Ok(q.bind(d.name.trim())
        .bind(d.segment_id)
        .bind(d.offer_kind.map(OfferKind::as_str))
        .bind(offer_json(d)?)
        .bind(d.valid_from.as_deref())
        .bind(d.valid_to.as_deref())
        .bind(d.budget_fen)
        .bind(d.channel.map(ConsentChannel::as_str))
        .bind(d.template.as_str())
        .bind(d.send_at)
        .bind(i64::from(d.quiet_hours))
        .bind(i64::from(d.cap_messages))
        .bind(i64::from(d.cap_days))
        .bind(i64::from(d.holdout_pct)))
}

/// Creates a draft; returns its id.
pub async fn create(db: &Db, user_id: i64, d: &CampaignDraft, now: i64) -> Result<i64, AppError> {
    let seed = i64::from(rand::rngs::OsRng.next_u32());
    let row = bind_content(
        sqlx::query(
            "INSERT INTO campaigns (name, status, segment_id, offer_kind, offer, valid_from, valid_to, budget_fen, channel, \
             template, send_at, quiet_hours, cap_messages, cap_days, holdout_pct, holdout_seed, attribution_days, created_by, \
             created_at, updated_at) VALUES ($1, 'draft', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18) \
             RETURNING id",
        ),
        d,
    )?
    .bind(seed)
    .bind(i64::from(d.attribution_days))
    .bind(user_id)
    .bind(now)
    .fetch_one(&db.pool)
    .await?;
    let id: i64 = row.try_get(0)?;
    Ok(id)
}

/// Saves a draft's content if it is editable and still at `version`.
pub async fn update(
    db: &Db,
    id: i64,
    version: i64,
    d: &CampaignDraft,
    now: i64,
) -> Result<(), AppError> {
    let row = get_row(db, id).await?;
    if !row.status.editable() {
        return Err(conflict(
            "已提交或已上线的活动不能修改。",
            "Only drafts and rejected campaigns can be edited.",
        ));
    }
    let q = bind_content(
        sqlx::query(
            "UPDATE campaigns SET name = $1, segment_id = $2, offer_kind = $3, offer = $4, valid_from = $5, valid_to = $6, \
             budget_fen = $7, channel = $8, template = $9, send_at = $10, quiet_hours = $11, cap_messages = $12, cap_days = $13, \
             holdout_pct = $14, attribution_days = $15, updated_at = $16, version = version + 1 \
             WHERE id = $17 AND version = $18 AND status IN ('draft', 'rejected')",
        ),
        d,
    )?
    .bind(i64::from(d.attribution_days))
    .bind(now);
    update_versioned(q, id, version, &db.pool).await
}

/// Moves `id` from one of `from` to `to` at `version`, setting extra columns;
/// 409 when the status does not allow it, 412 when the version is stale.
#[allow(clippy::too_many_arguments)]
async fn transition(
    db: &Db,
    id: i64,
    version: i64,
    from: &[CampaignStatus],
    to: CampaignStatus,
    set: &str,
    binds: &[(Option<i64>, Option<String>)],
    audit: Entry<'_>,
    now: i64,
) -> Result<(), AppError> {
    let row = get_row(db, id).await?;
    if !from.contains(&row.status) {
        return Err(conflict(
            "活动当前状态不允许此操作。",
            "The campaign's status does not allow this.",
        ));
    }
    let statuses = from
        .iter()
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    let n = binds.len();
    let sql = format!(
        "UPDATE campaigns SET status = '{}', updated_at = ${}, version = version + 1{set} \
         WHERE id = ${} AND version = ${} AND status IN ({statuses})",
        to.as_str(),
        n + 1,
        n + 2,
        n + 3,
    );
    let mut q = sqlx::query(&sql);
    for (int, text) in binds {
        q = match (int, text) {
            (Some(v), _) => q.bind(*v),
            (None, Some(t)) => q.bind(t.as_str()),
            (None, None) => q.bind(None::<i64>),
        };
    }
    let mut tx = db.pool.begin().await?;
    update_versioned(q.bind(now), id, version, &mut *tx).await?;
    crate::db::audit::insert(&mut *tx, audit, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Submits a complete draft for approval.
pub async fn submit(
    db: &Db,
    id: i64,
    version: i64,
    user_id: i64,
    now: i64,
) -> Result<(), AppError> {
    let row = get_row(db, id).await?;
    row.draft.validate_complete()?;
    transition(
        db,
        id,
        version,
        &[CampaignStatus::Draft, CampaignStatus::Rejected],
        CampaignStatus::Submitted,
        ", submitted_by = $1, submitted_at = $2, decided_by = NULL, decided_at = NULL, decision_comment = NULL",
        &[(Some(user_id), None), (Some(now), None)],
        Entry::by(user_id, "campaign.submit", &format!("campaign {id}")),
        now,
    )
    .await
}

/// A manager approves or rejects; nobody decides on a campaign they created or submitted.
pub async fn decide(
    db: &Db,
    id: i64,
    version: i64,
    user_id: i64,
    approve: bool,
    comment: &str,
    now: i64,
) -> Result<(), AppError> {
    let row = get_row(db, id).await?;
    if row.created_by == user_id || row.submitted_by == Some(user_id) {
        return Err(AppError::Forbidden);
    }
    if !approve && comment.trim().is_empty() {
        let mut e = Errors::default();
        e.add(
            "comment",
            Problem::Format {
                zh: "驳回时请写明原因。",
                en: "Say why when rejecting.",
            },
        );
        return Err(AppError::Validation(e));
    }
    let to = if approve {
        CampaignStatus::Approved
    } else {
        CampaignStatus::Rejected
    };
    transition(
        db,
        id,
        version,
        &[CampaignStatus::Submitted],
        to,
        ", decided_by = $1, decided_at = $2, decision_comment = $3",
        &[
            (Some(user_id), None),
            (Some(now), None),
            (None, Some(comment.trim().to_owned())),
        ],
        Entry::by(
            user_id,
            if approve {
                "campaign.approve"
            } else {
                "campaign.reject"
            },
            &format!("campaign {id}"),
        ),
        now,
    )
    .await
}

/// Cancels a campaign that has not been launched.
pub async fn cancel(
    db: &Db,
    id: i64,
    version: i64,
    user_id: i64,
    now: i64,
) -> Result<(), AppError> {
    transition(
        db,
        id,
        version,
        &[
            CampaignStatus::Draft,
            CampaignStatus::Submitted,
            CampaignStatus::Approved,
            CampaignStatus::Rejected,
        ],
        CampaignStatus::Cancelled,
        "",
        &[],
        Entry::by(user_id, "campaign.cancel", &format!("campaign {id}")),
        now,
    )
    .await
}

/// What a launch did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LaunchReport {
    /// Members in the treatment arm.
    pub treatment: usize,
    /// Members in the control arm.
    pub control: usize,
    /// Deliveries queued.
    pub queued: usize,
    /// Deliveries suppressed at launch (no consent, do-not-disturb).
    pub suppressed: usize,
}

/// A member's facts for the message.
struct Member {
    id: i64,
    name: String,
    last4: String,
    points: i64,
    product: String,
    consent: [bool; 5],
    dnd: bool,
}

fn consents(channel: ConsentChannel, c: &[bool; 5]) -> bool {
    c[ConsentChannel::ALL
        .iter()
        .position(|x| *x == channel)
        .unwrap_or(0)]
}

async fn members_info(db: &Db, ids: &[i64]) -> Result<Vec<Member>, AppError> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let sql = format!(
            "SELECT c.id, c.name, c.consent_sms, c.consent_app_push, c.consent_wechat, c.consent_email, c.consent_outbound_call, \
                    c.do_not_disturb, COALESCE(f.points_balance, 0) AS points, COALESCE(f.primary_product, '') AS product, \
                    COALESCE((SELECT k.pan_last4 FROM cards k WHERE k.customer_id = c.id AND k.status <> 'closed' \
                              ORDER BY k.is_primary DESC, k.id LIMIT 1), '') AS last4 \
             FROM customers c LEFT JOIN customer_features f ON f.customer_id = c.id WHERE c.id IN ({})",
            placeholders(1, chunk.len())
        );
        let mut q = sqlx::query(&sql);
        for id in chunk {
            q = q.bind(*id);
        }
        for r in q.fetch_all(&db.pool).await? {
            let flag = |c: &str| -> Result<bool, AppError> { Ok(r.try_get::<i64, _>(c)? != 0) };
            out.push(Member {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                last4: r.try_get("last4")?,
                points: r.try_get("points")?,
                product: r.try_get("product")?,
                consent: [
                    flag("consent_sms")?,
                    flag("consent_app_push")?,
                    flag("consent_wechat")?,
                    flag("consent_email")?,
                    flag("consent_outbound_call")?,
                ],
                dnd: flag("do_not_disturb")?,
            });
        }
    }
    out.sort_by_key(|m| m.id);
    Ok(out)
}

/// The message a customer would get (preview and launch share this).
#[must_use]
pub fn personal_message(
    d: &CampaignDraft,
    name: &str,
    last4: &str,
    points: i64,
    product: &str,
) -> String {
    let product_name = crm_api::ProductCode::parse(product).map_or(String::new(), |p| {
        crm_api::insight::product_zh(p).to_owned()
    });
    let offer = d
        .offer_kind
        .map_or_else(String::new, |k| offer_text(k, &d.offer, Lang::Zh));
    render(
        &d.template,
        &Personal {
            name: name.to_owned(),
            surname: name.chars().take(1).collect(),
            card_last4: last4.to_owned(),
            points,
            product: product_name,
            offer,
            valid_to: d.valid_to.clone().unwrap_or_default(),
        },
    )
}

/// A preview for one real customer of the audience (the first, or `customer_id`).
pub async fn preview(db: &Db, d: &CampaignDraft, customer_id: i64) -> Result<String, AppError> {
    let m = members_info(db, &[customer_id])
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    Ok(personal_message(d, &m.name, &m.last4, m.points, &m.product))
}

/// Launches an approved campaign: the audience is evaluated now, members are
/// split into arms reproducibly, and every member and delivery is written in
/// the same transaction as the status change (the outbox). A second launch,
/// or a concurrent one, finds the status changed and answers 409.
pub async fn launch(
    db: &Db,
    scope: &Scope,
    user_id: i64,
    id: i64,
    version: i64,
    now: i64,
) -> Result<LaunchReport, AppError> {
    let row = get_row(db, id).await?;
    if row.status != CampaignStatus::Approved {
        return Err(conflict(
            "只有已审批的活动可以上线。",
            "Only approved campaigns can be launched.",
        ));
    }
    let d = &row.draft;
    let segment = segment_store::get(db, d.segment_id.ok_or(AppError::NotFound)?).await?;
    let channel = d
        .channel
        .ok_or_else(|| conflict("缺少发送渠道。", "No channel."))?;
    let ids = segment_store::member_ids(db, scope, &segment.rules, now).await?;
    let members = members_info(db, &ids).await?;
    let send_at = d.send_at.unwrap_or(now).max(now);
    let mut report = LaunchReport::default();
    let mut member_rows: Vec<(i64, &'static str)> = Vec::with_capacity(members.len());
    let mut deliveries: Vec<(i64, &'static str, Option<&'static str>, String)> = Vec::new();
    for m in &members {
        let arm = assign_arm(row.holdout_seed, m.id, d.holdout_pct);
        member_rows.push((m.id, arm.as_str()));
        if arm == Arm::Control {
            report.control += 1;
            continue;
        }
        report.treatment += 1;
        let suppressed = if m.dnd {
            Some("do_not_disturb")
        } else if !consents(channel, &m.consent) {
            Some("no_consent")
        } else {
            None
        };
        if suppressed.is_some() {
            report.suppressed += 1;
        } else {
            report.queued += 1;
        }
        let message = personal_message(d, &m.name, &m.last4, m.points, &m.product);
        deliveries.push((
            m.id,
            if suppressed.is_some() {
                "suppressed"
            } else {
                "pending"
            },
            suppressed,
            message,
        ));
    }
    let rules =
        serde_json::to_string(&segment.rules).map_err(|e| AppError::Internal(e.to_string()))?;
    let mut tx = db.pool.begin().await?;
    let q = sqlx::query(
        "UPDATE campaigns SET status = 'launched', launched_at = $1, rules = $2, updated_at = $1, version = version + 1 \
         WHERE id = $3 AND version = $4 AND status = 'approved'",
    )
    .bind(now)
    .bind(rules);
    update_versioned(q, id, version, &mut *tx).await?;
    struct MemberRow(i64, i64, &'static str, i64);
    let member_rows: Vec<MemberRow> = member_rows
        .into_iter()
        .map(|(c, a)| MemberRow(id, c, a, now))
        .collect();
    insert_rows(
        &mut tx,
        db.backend,
        "campaign_members",
        &["campaign_id", "customer_id", "arm", "assigned_at"],
        &member_rows,
        |q, r| q.bind(r.0).bind(r.1).bind(r.2).bind(r.3),
    )
    .await?;
    struct DeliveryRow(
        i64,
        i64,
        &'static str,
        &'static str,
        i64,
        Option<&'static str>,
        String,
    );
    let delivery_rows: Vec<DeliveryRow> = deliveries
        .into_iter()
        .map(|(c, status, reason, message)| {
            DeliveryRow(id, c, channel.as_str(), status, send_at, reason, message)
        })
        .collect();
    insert_rows(
        &mut tx,
        db.backend,
        "deliveries",
        &[
            "campaign_id",
            "customer_id",
            "channel",
            "status",
            "next_attempt_at",
            "suppressed_reason",
            "message",
        ],
        &delivery_rows,
        |q, r| {
            q.bind(r.0)
                .bind(r.1)
                .bind(r.2)
                .bind(r.3)
                .bind(r.4)
                .bind(r.5)
                .bind(r.6.as_str())
        },
    )
    .await?;
    let detail = format!(
        "campaign {id}: {} treatment, {} control, {} queued, {} suppressed (scope {})",
        report.treatment,
        report.control,
        report.queued,
        report.suppressed,
        scope.describe()
    );
    let entry = Entry::by(user_id, "campaign.launch", &detail);
    crate::db::audit::insert(&mut *tx, entry, now).await?;
    tx.commit().await?;
    Ok(report)
}

/// `customers.customer_no` of `customer_id` (a message preview names it).
pub async fn customer_no(db: &Db, customer_id: i64) -> Result<String, AppError> {
    Ok(
        sqlx::query_scalar("SELECT customer_no FROM customers WHERE id = $1")
            .bind(customer_id)
            .fetch_one(&db.pool)
            .await?,
    )
}

/// One page of a campaign's deliveries with their customers (name and mobile
/// masked), and the total matching `status`.
pub async fn deliveries(
    db: &Db,
    scope: &Scope,
    id: i64,
    status: Option<DeliveryStatus>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<DeliveryView>, i64), AppError> {
    let status = match status {
        Some(DeliveryStatus::Pending) => " AND d.status = 'pending'",
        Some(DeliveryStatus::Sent) => " AND d.status = 'sent'",
        Some(DeliveryStatus::Failed) => " AND d.status = 'failed'",
        Some(DeliveryStatus::Suppressed) => " AND d.status = 'suppressed'",
        None => "",
    };
    let filter = format!("{status} AND {}", scope.customer_condition("d.customer_id"));
    let total: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM deliveries d WHERE d.campaign_id = $1{filter}"
    ))
    .bind(id)
    .fetch_one(&db.pool)
    .await?;
    let rows = sqlx::query(&format!(
        "SELECT d.id, d.customer_id, c.customer_no, c.name, c.mobile, d.channel, d.status, d.suppressed_reason, d.last_error, \
                d.sent_at, d.attempts FROM deliveries d JOIN customers c ON c.id = d.customer_id \
         WHERE d.campaign_id = $1{filter} ORDER BY d.id LIMIT $2 OFFSET $3"
    ))
    .bind(id)
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await?;
    let items = rows
        .iter()
        .map(delivery_from_row)
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok((items, total))
}

fn delivery_from_row(r: &AnyRow) -> Result<DeliveryView, AppError> {
    let name: String = r.try_get("name")?;
    let mobile: String = r.try_get("mobile")?;
    let channel: String = r.try_get("channel")?;
    let status: String = r.try_get("status")?;
    let reason: Option<String> = r.try_get("suppressed_reason")?;
    let error: Option<String> = r.try_get("last_error")?;
    Ok(DeliveryView {
        id: r.try_get("id")?,
        customer_id: r.try_get("customer_id")?,
        customer_no: r.try_get("customer_no")?,
        name_masked: mask_surname(&name),
        mobile_masked: mask_mobile(&mobile),
        channel: ConsentChannel::parse(&channel)
            .ok_or_else(|| AppError::Internal("bad channel".into()))?,
        status: DeliveryStatus::parse(&status)
            .ok_or_else(|| AppError::Internal("bad status".into()))?,
        reason: reason.or(error),
        sent_at: r.try_get("sent_at")?,
        attempts: r.try_get("attempts")?,
    })
}

/// How many customers are members of campaign `id`.
pub async fn member_count(db: &Db, id: i64) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM campaign_members WHERE campaign_id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await?,
    )
}

/// One member of a campaign for the contacts export (name and mobile not
/// yet masked; delivery and response columns empty when there is none).
pub struct ContactRow {
    /// Customer id (the keyset cursor).
    pub customer_id: i64,
    /// Customer number.
    pub customer_no: String,
    /// Name.
    pub name: String,
    /// Mobile.
    pub mobile: String,
    /// `treatment` or `control`.
    pub arm: String,
    /// Delivery channel.
    pub channel: Option<String>,
    /// Delivery status.
    pub status: Option<String>,
    /// Why the delivery was suppressed.
    pub suppressed_reason: Option<String>,
    /// When the message was sent.
    pub sent_at: Option<i64>,
    /// When the customer responded.
    pub responded_at: Option<i64>,
    /// Attributed response amount.
    pub amount_fen: Option<i64>,
}

/// Up to `limit` members of campaign `id` with `customer_id > after`, in
/// customer order, with delivery and response (the contacts export).
pub async fn contact_rows(
    db: &Db,
    scope: &Scope,
    id: i64,
    after: i64,
    limit: i64,
) -> Result<Vec<ContactRow>, AppError> {
    sqlx::query(&format!(
        "SELECT m.customer_id, c.customer_no, c.name, c.mobile, m.arm, d.channel, d.status, d.suppressed_reason, \
                d.sent_at, r.responded_at, r.amount_fen FROM campaign_members m JOIN customers c ON c.id = m.customer_id \
         LEFT JOIN deliveries d ON d.campaign_id = m.campaign_id AND d.customer_id = m.customer_id \
         LEFT JOIN campaign_responses r ON r.campaign_id = m.campaign_id AND r.customer_id = m.customer_id \
         WHERE m.campaign_id = $1 AND m.customer_id > $2 AND {} ORDER BY m.customer_id LIMIT $3",
        scope.branch_condition("c.branch_id")
    ))
    .bind(id)
    .bind(after)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(ContactRow {
            customer_id: r.try_get("customer_id")?,
            customer_no: r.try_get("customer_no")?,
            name: r.try_get("name")?,
            mobile: r.try_get("mobile")?,
            arm: r.try_get("arm")?,
            channel: r.try_get("channel")?,
            status: r.try_get("status")?,
            suppressed_reason: r.try_get("suppressed_reason")?,
            sent_at: r.try_get("sent_at")?,
            responded_at: r.try_get("responded_at")?,
            amount_fen: r.try_get("amount_fen")?,
        })
    })
    .collect()
}
