//! Survey responses (idempotent, each in one transaction with its rollup
//! update and, for detractors, the follow-up task) and follow-up tasks.

use chrono::{Datelike, Duration};
use crm_api::Page;
use crm_api::surveys::{
    FOLLOW_UP_DAYS, FollowUpStatus, FollowUpView, SurveyInvitationView, SurveyKind,
    SurveyResponseInput, SurveyResponseView, Topic, Touchpoint, is_detractor,
};
use crm_api::validate::{Errors, Problem};
use sqlx::any::AnyRow;
use sqlx::{Acquire, Row};

use crate::Db;
use crate::db::rollups::{self, ResponseFacts};
use crate::db::update_versioned;
use crate::domain::time;
use crate::error::AppError;

const RESPONSE_COLUMNS: &str = "s.id, s.customer_id, s.survey, s.responded_at, s.nps, s.csat, \
    s.comment, s.channel, s.touchpoint, s.topic, t.id AS follow_up_id";

/// The columns every read of a survey response shares, decoded once.
pub struct ResponseCols {
    /// Unix seconds UTC.
    pub responded_at: i64,
    /// 0–10.
    pub nps: Option<i64>,
    /// 1–5.
    pub csat: Option<i64>,
    /// Channel.
    pub channel: String,
    /// Touchpoint.
    pub touchpoint: String,
    /// Complaint topic read from the comment.
    pub topic: Option<Topic>,
}

impl ResponseCols {
    /// Reads `responded_at, nps, csat, channel, touchpoint, topic` of `r`.
    pub fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        let topic: Option<String> = r.try_get("topic")?;
        Ok(Self {
            responded_at: r.try_get("responded_at")?,
            nps: r.try_get("nps")?,
            csat: r.try_get("csat")?,
            channel: r.try_get("channel")?,
            touchpoint: r.try_get("touchpoint")?,
            topic: topic.as_deref().and_then(Topic::parse),
        })
    }
}

fn response_view(r: &AnyRow) -> Result<SurveyResponseView, sqlx::Error> {
    let survey: Option<String> = r.try_get("survey")?;
    let c = ResponseCols::from_row(r)?;
    Ok(SurveyResponseView {
        id: r.try_get("id")?,
        customer_id: r.try_get("customer_id")?,
        survey: survey.as_deref().and_then(SurveyKind::parse),
        comment: r.try_get("comment")?,
        follow_up_id: r.try_get("follow_up_id")?,
        responded_at: c.responded_at,
        nps: c.nps,
        csat: c.csat,
        channel: c.channel,
        touchpoint: c.touchpoint,
        topic: c.topic,
    })
}

async fn response_by(
    conn: &mut sqlx::AnyConnection,
    column: &str,
    value: &str,
) -> Result<Option<SurveyResponseView>, AppError> {
    let sql = format!(
        "SELECT {RESPONSE_COLUMNS} FROM survey_responses s \
         LEFT JOIN follow_up_tasks t ON t.survey_response_id = s.id WHERE s.{column} = $1"
    );
    let q = sqlx::query(&sql);
    let q = if column == "id" {
        q.bind(value.parse::<i64>().unwrap_or(-1))
    } else {
        q.bind(value)
    };
    Ok(q.fetch_optional(&mut *conn)
        .await?
        .map(|r| response_view(&r))
        .transpose()?)
}

/// The response stored under `key`, when there is one; a conflict when it is
/// another customer's.
async fn stored(
    conn: &mut sqlx::AnyConnection,
    key: &str,
    customer_id: i64,
) -> Result<Option<SurveyResponseView>, AppError> {
    let existing = response_by(conn, "idempotency_key", key).await?;
    if existing
        .as_ref()
        .is_some_and(|e| e.customer_id != customer_id)
    {
        return Err(AppError::Conflict(Errors::default()));
    }
    Ok(existing)
}

/// Checks that the interaction and campaign the input names are the customer's.
async fn check_references(
    conn: &mut sqlx::AnyConnection,
    customer_id: i64,
    input: &SurveyResponseInput,
) -> Result<(), AppError> {
    let mut e = Errors::default();
    if let Some(interaction) = input.interaction_id {
        let owner: Option<i64> =
            sqlx::query_scalar("SELECT customer_id FROM service_interactions WHERE id = $1")
                .bind(interaction)
                .fetch_optional(&mut *conn)
                .await?;
        if owner != Some(customer_id) {
            e.add("interaction_id", Problem::NotAllowed);
        }
    }
    if let Some(campaign) = input.campaign_id {
        let member: Option<i64> = sqlx::query_scalar(
            "SELECT campaign_id FROM campaign_members WHERE campaign_id = $1 AND customer_id = $2",
        )
        .bind(campaign)
        .bind(customer_id)
        .fetch_optional(&mut *conn)
        .await?;
        if member.is_none() {
            e.add("campaign_id", Problem::NotAllowed);
        }
    }
    e.into_result()?;
    Ok(())
}

/// Takes the survey's touchpoint, interaction and campaign from the open
/// invitation the input answers (when it answers one).
async fn apply_invitation(
    conn: &mut sqlx::AnyConnection,
    customer_id: i64,
    input: &mut SurveyResponseInput,
    now: i64,
) -> Result<(), AppError> {
    let Some(invitation) = input.invitation_id else {
        return Ok(());
    };
    let row = sqlx::query(
        "SELECT survey, touchpoint, interaction_id, campaign_id, expires_at, response_id \
         FROM survey_invitations WHERE id = $1 AND customer_id = $2",
    )
    .bind(invitation)
    .bind(customer_id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let mut e = Errors::default();
    if row.try_get::<Option<i64>, _>("response_id")?.is_some()
        || row.try_get::<i64, _>("expires_at")? < now
    {
        e.add("invitation_id", Problem::NotAllowed);
        return Err(AppError::Conflict(e));
    }
    let survey: String = row.try_get("survey")?;
    if input.survey.map(SurveyKind::as_str) != Some(survey.as_str()) {
        e.add("survey", Problem::NotAllowed);
        return Err(AppError::Validation(e));
    }
    let touchpoint: String = row.try_get("touchpoint")?;
    input.touchpoint = Touchpoint::parse(&touchpoint);
    input.interaction_id = row.try_get("interaction_id")?;
    input.campaign_id = row.try_get("campaign_id")?;
    Ok(())
}

/// A response's values as stored.
struct Answer<'a> {
    customer_id: i64,
    now: i64,
    input: &'a SurveyResponseInput,
    kind: SurveyKind,
    touchpoint: Touchpoint,
    comment: Option<&'a str>,
    topic: Option<Topic>,
    channel: String,
    key: &'a str,
}

/// Inserts the response; the id it got.
async fn insert_response(
    conn: &mut sqlx::AnyConnection,
    a: &Answer<'_>,
) -> Result<i64, sqlx::Error> {
    let input = a.input;
    sqlx::query_scalar(
        "INSERT INTO survey_responses (customer_id, responded_at, nps, csat, channel, touchpoint, \
            interaction_id, comment, idempotency_key, survey, speed, product_fit, rewards_value, \
            topic, campaign_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
    )
    .bind(a.customer_id)
    .bind(a.now)
    .bind(input.nps)
    .bind(input.csat)
    .bind(a.channel.as_str())
    .bind(a.touchpoint.as_str())
    .bind(input.interaction_id)
    .bind(a.comment)
    .bind(a.key)
    .bind(a.kind.as_str())
    .bind(input.speed)
    .bind(input.product_fit)
    .bind(input.rewards_value)
    .bind(a.topic.map(Topic::as_str))
    .bind(input.campaign_id)
    .fetch_one(&mut *conn)
    .await
}

/// Marks the invitation answered by response `id` (a conflict when it was already).
async fn mark_answered(
    conn: &mut sqlx::AnyConnection,
    invitation: i64,
    id: i64,
) -> Result<(), AppError> {
    let answered = sqlx::query(
        "UPDATE survey_invitations SET response_id = $1 WHERE id = $2 AND response_id IS NULL",
    )
    .bind(id)
    .bind(invitation)
    .execute(&mut *conn)
    .await?;
    if answered.rows_affected() != 1 {
        let mut e = Errors::default();
        e.add("invitation_id", Problem::NotAllowed);
        return Err(AppError::Conflict(e));
    }
    Ok(())
}

/// Opens the follow-up task of a detractor response `id` for the branch.
async fn open_follow_up(
    conn: &mut sqlx::AnyConnection,
    customer_id: i64,
    branch_id: i64,
    id: i64,
    now: i64,
) -> Result<(), AppError> {
    let due = time::local_date(now) + Duration::days(FOLLOW_UP_DAYS);
    sqlx::query(
        "INSERT INTO follow_up_tasks (customer_id, branch_id, survey_response_id, created_at, due_on) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(customer_id)
    .bind(branch_id)
    .bind(id)
    .bind(now)
    .bind(due.format("%Y-%m-%d").to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Stores a response for `customer_id` (checked by the caller's policy), or
/// returns the one already stored under `idempotency_key` (then `false`).
/// A detractor response opens a follow-up task for the customer's branch.
pub async fn submit(
    db: &Db,
    customer_id: i64,
    input: &SurveyResponseInput,
    idempotency_key: &str,
    now: i64,
) -> Result<(SurveyResponseView, bool), AppError> {
    let mut conn = db.pool.acquire().await?;
    let key = format!("survey:{idempotency_key}");
    let body = serde_json::to_string(input).map_err(|e| AppError::Internal(e.to_string()))?;
    let request = super::idempotency::fingerprint(&["survey", &customer_id.to_string(), &body]);
    if let Some(existing) = stored(&mut conn, &key, customer_id).await? {
        super::idempotency::check_repeat(&mut conn, &key, &request).await?;
        return Ok((existing, false));
    }
    let mut tx = conn.begin().await?;
    let Some(dims) = rollups::dims(&mut tx, customer_id).await? else {
        return Err(AppError::NotFound);
    };
    check_references(&mut tx, customer_id, input).await?;
    let mut input = input.clone();
    apply_invitation(&mut tx, customer_id, &mut input, now).await?;
    let input = &input;
    let kind = input.survey.unwrap_or(SurveyKind::Relationship);
    let comment = input
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let answer = Answer {
        customer_id,
        now,
        input,
        kind,
        touchpoint: input.touchpoint.unwrap_or(kind.default_touchpoint()),
        comment,
        topic: comment.and_then(|c| Topic::of_comment(c, input.nps, input.csat)),
        channel: input.channel.clone().unwrap_or_default(),
        key: &key,
    };
    let id = match insert_response(&mut tx, &answer).await {
        Ok(id) => id,
        // the same key raced us: answer with the stored one
        Err(sqlx::Error::Database(d)) if d.is_unique_violation() => {
            drop(tx);
            let mut conn = db.pool.acquire().await?;
            let existing = stored(&mut conn, &key, customer_id)
                .await?
                .ok_or(AppError::Conflict(Errors::default()))?;
            super::idempotency::check_repeat(&mut conn, &key, &request).await?;
            return Ok((existing, false));
        }
        Err(err) => return Err(err.into()),
    };
    if let Some(invitation) = input.invitation_id {
        mark_answered(&mut tx, invitation, id).await?;
    }
    if is_detractor(input.nps, input.csat) {
        open_follow_up(&mut tx, customer_id, dims.branch_id, id, now).await?;
    }
    rollups::add_response(
        &mut tx,
        &dims,
        &ResponseFacts {
            at: now,
            nps: input.nps,
            csat: input.csat,
            channel: &answer.channel,
            touchpoint: answer.touchpoint.as_str(),
            topic: answer.topic.map(Topic::as_str),
        },
    )
    .await?;
    let view = response_by(&mut tx, "id", &id.to_string())
        .await?
        .ok_or(AppError::NotFound)?;
    super::idempotency::remember(&mut tx, &key, &request, now).await?;
    tx.commit().await?;
    Ok((view, true))
}

/// How long an invitation stays open.
pub const INVITATION_DAYS: i64 = 30;
/// Occasions older than this are not surveyed any more.
const RECENT_DAYS: i64 = 14;

/// Runs one invitation statement whose `$1`–`$3` are now, the expiry and
/// the earliest occasion; how many it invited.
async fn invite(
    conn: &mut sqlx::AnyConnection,
    sql: &str,
    (now, expires, recent): (i64, i64, i64),
) -> Result<u64, AppError> {
    Ok(sqlx::query(sql)
        .bind(now)
        .bind(expires)
        .bind(recent)
        .execute(&mut *conn)
        .await?
        .rows_affected())
}

/// Invites customers to the surveys their recent activity calls for: a
/// service interaction that closed, a campaign they responded to, and the
/// periodic relationship survey (a twelfth of the customers each month, those
/// not asked in the last year). Each occasion is invited once; customers who
/// asked not to be disturbed are left out. Returns how many were invited.
pub async fn invite_due(db: &Db, now: i64) -> Result<u64, AppError> {
    let recent = now - RECENT_DAYS * 86_400;
    let expires = now + INVITATION_DAYS * 86_400;
    let today = time::local_date(now);
    let year_ago = now - 365 * 86_400;
    let mut tx = db.pool.begin().await?;
    let service = invite(
        &mut tx,
        &format!(
            "INSERT INTO survey_invitations (customer_id, survey, touchpoint, interaction_id, \
             created_at, expires_at, dedupe_key) \
         SELECT i.customer_id, 'service_csat', {}, i.id, $1, $2, 'svc:' || CAST(i.id AS TEXT) \
         FROM service_interactions i JOIN customers c ON c.id = i.customer_id \
         WHERE i.outcome <> 'pending' AND i.occurred_at >= $3 AND c.do_not_disturb = 0 \
           AND NOT EXISTS (SELECT 1 FROM survey_responses s WHERE s.interaction_id = i.id) \
         ON CONFLICT (dedupe_key) DO NOTHING",
            crm_api::surveys::Touchpoint::sql_case("i.kind")
        ),
        (now, expires, recent),
    )
    .await?;
    let campaign = invite(
        &mut tx,
        "INSERT INTO survey_invitations (customer_id, survey, touchpoint, campaign_id, \
             created_at, expires_at, dedupe_key) \
         SELECT r.customer_id, 'campaign_csat', 'campaign', r.campaign_id, $1, $2, \
                'cmp:' || CAST(r.campaign_id AS TEXT) || ':' || CAST(r.customer_id AS TEXT) \
         FROM campaign_responses r JOIN customers c ON c.id = r.customer_id \
         WHERE r.arm = 'treatment' AND r.responded_at >= $3 AND c.do_not_disturb = 0 \
           AND NOT EXISTS (SELECT 1 FROM survey_responses s \
                           WHERE s.campaign_id = r.campaign_id AND s.customer_id = r.customer_id) \
         ON CONFLICT (dedupe_key) DO NOTHING",
        (now, expires, recent),
    )
    .await?;
    let relationship = sqlx::query(
        "INSERT INTO survey_invitations (customer_id, survey, touchpoint, created_at, expires_at, \
             dedupe_key) \
         SELECT c.id, 'relationship', 'relationship', $1, $2, \
                'rel:' || CAST(c.id AS TEXT) || ':' || $3 \
         FROM customers c \
         WHERE c.do_not_disturb = 0 AND c.id % 12 = $4 \
           AND NOT EXISTS (SELECT 1 FROM survey_responses s WHERE s.customer_id = c.id \
                           AND s.touchpoint = 'relationship' AND s.responded_at >= $5) \
           AND NOT EXISTS (SELECT 1 FROM survey_invitations v WHERE v.customer_id = c.id \
                           AND v.survey = 'relationship' AND v.created_at >= $5) \
         ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(now)
    .bind(expires)
    .bind(today.format("%Y").to_string())
    .bind(i64::from(today.month0()))
    .bind(year_ago)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok(service + campaign + relationship)
}

/// A customer's open invitations (not answered, not expired), newest first.
pub async fn open_invitations(
    db: &Db,
    customer_id: i64,
    now: i64,
) -> Result<Vec<SurveyInvitationView>, AppError> {
    let rows = sqlx::query(
        "SELECT v.id, v.survey, v.touchpoint, v.created_at, v.expires_at, \
                i.summary, g.name AS campaign_name \
         FROM survey_invitations v \
         LEFT JOIN service_interactions i ON i.id = v.interaction_id \
         LEFT JOIN campaigns g ON g.id = v.campaign_id \
         WHERE v.customer_id = $1 AND v.response_id IS NULL AND v.expires_at >= $2 \
         ORDER BY v.created_at DESC, v.id DESC",
    )
    .bind(customer_id)
    .bind(now)
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::new();
    for r in &rows {
        let survey: String = r.try_get("survey")?;
        let touchpoint: String = r.try_get("touchpoint")?;
        let (Some(survey), Some(touchpoint)) =
            (SurveyKind::parse(&survey), Touchpoint::parse(&touchpoint))
        else {
            continue;
        };
        let summary: Option<String> = r.try_get("summary")?;
        let campaign: Option<String> = r.try_get("campaign_name")?;
        out.push(SurveyInvitationView {
            id: r.try_get("id")?,
            survey,
            questions: survey.questions().to_vec(),
            touchpoint,
            about: summary.or(campaign),
            created_at: r.try_get("created_at")?,
            expires_at: r.try_get("expires_at")?,
        });
    }
    Ok(out)
}

/// Which follow-ups to list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FollowUpFilter {
    /// Open ones (overdue first).
    Open,
    /// Open and past due.
    Overdue,
    /// Done ones, most recent first.
    Done,
}

const FOLLOW_UP_COLUMNS: &str = "t.id, t.customer_id, c.name AS customer_name, b.name AS branch_name, \
    t.survey_response_id, s.nps, s.csat, s.comment, t.created_at, t.due_on, t.status, t.note, t.version";

const FOLLOW_UP_FROM: &str = "FROM follow_up_tasks t JOIN customers c ON c.id = t.customer_id \
    JOIN branches b ON b.id = t.branch_id JOIN survey_responses s ON s.id = t.survey_response_id";

fn follow_up_view(r: &AnyRow, today: &str) -> Result<FollowUpView, sqlx::Error> {
    let status: String = r.try_get("status")?;
    let due_on: String = r.try_get("due_on")?;
    let status = if status == "done" {
        FollowUpStatus::Done
    } else {
        FollowUpStatus::Open
    };
    Ok(FollowUpView {
        id: r.try_get("id")?,
        customer_id: r.try_get("customer_id")?,
        customer_name: r.try_get("customer_name")?,
        branch_name: r.try_get("branch_name")?,
        survey_response_id: r.try_get("survey_response_id")?,
        nps: r.try_get("nps")?,
        csat: r.try_get("csat")?,
        comment: r.try_get("comment")?,
        created_at: r.try_get("created_at")?,
        overdue: status == FollowUpStatus::Open && due_on.as_str() < today,
        due_on,
        status,
        note: r.try_get("note")?,
        version: r.try_get("version")?,
    })
}

/// Follow-up tasks, a page at a time, optionally for one branch.
pub async fn follow_ups(
    db: &Db,
    filter: FollowUpFilter,
    org: &crate::domain::scope::Scope,
    branch_id: Option<i64>,
    page: u32,
    per_page: u32,
    now: i64,
) -> Result<Page<FollowUpView>, AppError> {
    let today = time::local_date(now).format("%Y-%m-%d").to_string();
    let (mut cond, order) = match filter {
        FollowUpFilter::Open => ("t.status = 'open'".to_owned(), "t.due_on, t.id"),
        FollowUpFilter::Overdue => (
            "t.status = 'open' AND t.due_on < $1".to_owned(),
            "t.due_on, t.id",
        ),
        FollowUpFilter::Done => ("t.status = 'done'".to_owned(), "t.done_at DESC, t.id DESC"),
    };
    let uses_today = filter == FollowUpFilter::Overdue;
    if branch_id.is_some() {
        cond.push_str(if uses_today {
            " AND t.branch_id = $2"
        } else {
            " AND t.branch_id = $1"
        });
    }
    cond.push_str(" AND ");
    cond.push_str(&org.branch_condition("t.branch_id"));
    fn bind<'q>(
        mut q: crate::db::Q<'q>,
        today: Option<&'q str>,
        branch_id: Option<i64>,
    ) -> crate::db::Q<'q> {
        if let Some(t) = today {
            q = q.bind(t);
        }
        if let Some(b) = branch_id {
            q = q.bind(b);
        }
        q
    }
    let today_bind = uses_today.then_some(today.as_str());
    let per_page = per_page.clamp(1, 100);
    let page = page.max(1);
    let count_sql = format!("SELECT COUNT(*) AS n {FOLLOW_UP_FROM} WHERE {cond}");
    let total: i64 = bind(sqlx::query(&count_sql), today_bind, branch_id)
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    let list_sql = format!(
        "SELECT {FOLLOW_UP_COLUMNS} {FOLLOW_UP_FROM} WHERE {cond} ORDER BY {order} \
         LIMIT {per_page} OFFSET {}",
        u64::from(page - 1) * u64::from(per_page)
    );
    let rows = bind(sqlx::query(&list_sql), today_bind, branch_id)
        .fetch_all(&db.pool)
        .await?;
    Ok(Page {
        items: rows
            .iter()
            .map(|r| follow_up_view(r, &today))
            .collect::<Result<_, _>>()?,
        total,
        page,
        per_page,
    })
}

/// One follow-up task.
pub async fn follow_up(db: &Db, id: i64, now: i64) -> Result<FollowUpView, AppError> {
    let today = time::local_date(now).format("%Y-%m-%d").to_string();
    let row = sqlx::query(&format!(
        "SELECT {FOLLOW_UP_COLUMNS} {FOLLOW_UP_FROM} WHERE t.id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(follow_up_view(&row, &today)?)
}

/// Marks a task done with what was done, at the version read.
pub async fn close_follow_up(
    db: &Db,
    id: i64,
    version: i64,
    note: &str,
    user_id: i64,
    now: i64,
) -> Result<FollowUpView, AppError> {
    let current = follow_up(db, id, now).await?;
    if current.status == FollowUpStatus::Done {
        let mut e = Errors::default();
        e.add("status", Problem::NotAllowed);
        return Err(AppError::Conflict(e));
    }
    let q = sqlx::query(
        "UPDATE follow_up_tasks SET status = 'done', note = $1, done_by = $2, done_at = $3, \
                version = version + 1 \
         WHERE id = $4 AND version = $5 AND status = 'open'",
    )
    .bind(note.trim())
    .bind(user_id)
    .bind(now);
    update_versioned(q, id, version, &db.pool).await?;
    follow_up(db, id, now).await
}
