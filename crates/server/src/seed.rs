//! `crm-server seed`: deterministic, realistic demo data at scale.
//!
//! Same `--seed` and `--as-of` give the same data. The default demo is 10,000
//! customers with about a million transactions over 24 months. Customers are
//! generated and written in chunks, each chunk in one transaction, with a
//! progress bar.

pub mod data;
pub mod generate;

use std::time::{Duration, Instant};

use chrono::{Months, NaiveDate};
use crm_api::Role;
use crm_api::surveys::{FOLLOW_UP_DAYS, Topic};
use indicatif::{ProgressBar, ProgressStyle};
use sqlx::AnyConnection;

use crate::crypto::{keyed_hash, seal};
use crate::db::insert_rows;
use crate::db::users::{self, NewUser};
use crate::domain::time::month_start;
use crate::error::AppError;
use crate::{Config, Db, auth};

use generate::{Bundle, Ctx, Ids};

/// Password of every demo user (printed by `cargo xtask run`).
pub const DEMO_PASSWORD: &str = "Cardinal@2026";

/// Demo staff: user name, display name, role.
pub const DEMO_STAFF: &[(&str, &str, Role)] = &[
    ("admin", "系统管理员", Role::Admin),
    ("manager", "王经理", Role::Manager),
    ("marketer", "李营销", Role::Marketer),
    ("agent", "张客服", Role::Agent),
    ("agent2", "赵客服", Role::Agent),
    ("agent3", "钱客服", Role::Agent),
    ("agent4", "孙客服", Role::Agent),
    ("agent5", "周客服", Role::Agent),
];

/// Demo cardholders: user name and the customer id they are.
pub const DEMO_CARDHOLDERS: &[(&str, i64)] = &[("cardholder", 1), ("cardholder2", 2)];

/// What to generate.
#[derive(Clone, Debug)]
pub struct SeedOptions {
    /// Number of customers.
    pub customers: u32,
    /// Random seed.
    pub seed: u64,
    /// Last day of history.
    pub as_of: NaiveDate,
    /// Show a progress bar on the terminal.
    pub progress: bool,
}

/// Row counts written.
#[derive(Clone, Debug, Default)]
pub struct SeedReport {
    /// customers
    pub customers: usize,
    /// cards
    pub cards: usize,
    /// transactions
    pub transactions: usize,
    /// statements
    pub statements: usize,
    /// payments
    pub payments: usize,
    /// points_ledger
    pub points: usize,
    /// service_interactions
    pub interactions: usize,
    /// survey_responses
    pub surveys: usize,
    /// Wall time.
    pub elapsed: Duration,
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Seeds an empty, migrated database.
#[allow(clippy::too_many_lines)]
pub async fn seed(db: &Db, config: &Config, opts: &SeedOptions) -> Result<SeedReport, AppError> {
    let started = Instant::now();
    if !db.is_empty().await? {
        return Err(AppError::Conflict(crm_api::validate::Errors::default()));
    }
    let now = crate::domain::time::now();
    let mut report = SeedReport::default();

    // Reference data: branches (one per city) and products.
    let mut branches = Vec::new();
    let mut branch_rows: Vec<(i64, String, String, String, &str, &str)> = Vec::new();
    for (pi, p) in data::PROVINCES.iter().enumerate() {
        for (ci, c) in p.cities.iter().enumerate() {
            let id = branch_rows.len() as i64 + 1;
            branches.push(((pi, ci), id));
            branch_rows.push((
                id,
                format!("{}01", c.code),
                format!("{}分行", c.name),
                format!("{} Branch", c.name_en),
                p.name,
                c.name,
            ));
        }
    }
    let mut tx = db.pool.begin().await?;
    insert_rows(
        &mut tx,
        db.backend,
        "branches",
        &["id", "code", "name", "name_en", "province", "city"],
        &branch_rows,
        |q, r| {
            q.bind(r.0)
                .bind(r.1.as_str())
                .bind(r.2.as_str())
                .bind(r.3.as_str())
                .bind(r.4)
                .bind(r.5)
        },
    )
    .await?;
    let products: Vec<(i64, &data::ProductDef)> = data::PRODUCTS
        .iter()
        .enumerate()
        .map(|(i, p)| (i as i64 + 1, p))
        .collect();
    insert_rows(
        &mut tx,
        db.backend,
        "card_products",
        &[
            "id",
            "code",
            "name",
            "name_en",
            "tier",
            "bin",
            "annual_fee_fen",
            "points_per_yuan",
        ],
        &products,
        |q, (id, p)| {
            q.bind(*id)
                .bind(p.code.as_str())
                .bind(p.name)
                .bind(p.name_en)
                .bind(p.tier.as_str())
                .bind(p.bin)
                .bind(p.annual_fee_fen)
                .bind(p.points_per_yuan)
        },
    )
    .await?;
    tx.commit().await?;

    // Staff users (one Argon2 hash, shared: these are demo accounts).
    let password_hash = tokio::task::spawn_blocking(|| auth::hash_password(DEMO_PASSWORD))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))??;
    let mut agents = Vec::new();
    for (i, (username, display, role)) in DEMO_STAFF.iter().enumerate() {
        let branch = branches.get(i % branches.len()).map(|b| b.1);
        let id = users::insert(
            db,
            &NewUser {
                username,
                display_name: display,
                password_hash: &password_hash,
                role: *role,
                branch_id: branch,
                customer_id: None,
            },
            now,
        )
        .await?;
        if *role == Role::Agent {
            agents.push(id);
        }
    }

    let as_of = opts.as_of;
    let window_start = month_start(as_of)
        .checked_sub_months(Months::new(24))
        .unwrap_or(as_of);
    crate::db::segment_store::install_ready_made(db, now).await?;
    let campaigns = demo_campaigns(db, as_of, now).await?;
    let ctx = Ctx {
        seed: opts.seed,
        as_of,
        window_start,
        branches,
        agents,
        campaigns,
    };
    let bar = if opts.progress {
        let bar = ProgressBar::new(u64::from(opts.customers));
        bar.set_style(
            ProgressStyle::with_template("  seeding customers [{bar:40.green/white}] {pos}/{len} {msg} ({elapsed}, eta {eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let mut ids = Ids::default();
    let chunk = 250;
    let mut index: i64 = 1;
    let total = i64::from(opts.customers);
    while index <= total {
        let end = (index + chunk - 1).min(total);
        let bundles: Vec<Bundle> = (index..=end)
            .map(|i| generate::customer(&ctx, i, &mut ids))
            .collect();
        write_chunk(db, config, &bundles, now, &mut report).await?;
        bar.inc((end - index + 1) as u64);
        bar.set_message(format!("{} transactions", report.transactions));
        index = end + 1;
    }
    bar.finish_and_clear();

    // Cardholder users for the showcase customers.
    for (username, customer_id) in DEMO_CARDHOLDERS {
        if *customer_id > total {
            continue;
        }
        let name: String = sqlx::query_scalar("SELECT name FROM customers WHERE id = $1")
            .bind(customer_id)
            .fetch_one(&db.pool)
            .await?;
        users::insert(
            db,
            &NewUser {
                username,
                display_name: &name,
                password_hash: &password_hash,
                role: Role::Cardholder,
                branch_id: None,
                customer_id: Some(*customer_id),
            },
            now,
        )
        .await?;
    }

    seed_follow_ups(db, as_of).await?;
    // the demo cardholders have a relationship survey waiting in the portal
    for (_, customer_id) in DEMO_CARDHOLDERS.iter().filter(|(_, id)| *id <= total) {
        sqlx::query(
            "INSERT INTO survey_invitations (customer_id, survey, touchpoint, created_at, \
                 expires_at, dedupe_key) \
             VALUES ($1, 'relationship', 'relationship', $2, $3, $4)",
        )
        .bind(customer_id)
        .bind(now)
        .bind(now + crate::db::surveys::INVITATION_DAYS * 86_400)
        .bind(format!("rel:{customer_id}:demo"))
        .execute(&db.pool)
        .await?;
    }

    db.reset_sequences(&[
        "survey_invitations",
        "follow_up_tasks",
        "campaigns",
        "deliveries",
        "branches",
        "card_products",
        "customers",
        "cards",
        "transactions",
        "statements",
        "payments",
        "points_ledger",
        "service_interactions",
        "survey_responses",
    ])
    .await?;
    for (key, value) in [
        ("seed.customers", opts.customers.to_string()),
        ("seed.seed", opts.seed.to_string()),
        ("seed.as_of", date(as_of)),
        ("seed.at", now.to_string()),
    ] {
        sqlx::query("INSERT INTO app_meta (key, value) VALUES ($1, $2)")
            .bind(key)
            .bind(value)
            .execute(&db.pool)
            .await?;
    }
    sqlx::query("ANALYZE").execute(&db.pool).await?;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Follow-up tasks for the demo's detractor answers: most older ones done
/// by the branch, recent ones (and a few old ones) still open.
async fn seed_follow_ups(db: &Db, as_of: NaiveDate) -> Result<(), AppError> {
    let rows = sqlx::query(
        "SELECT s.id, s.customer_id, s.responded_at, c.branch_id FROM survey_responses s \
         JOIN customers c ON c.id = s.customer_id \
         WHERE s.nps <= 6 OR s.csat <= 2 ORDER BY s.id",
    )
    .fetch_all(&db.pool)
    .await?;
    let settled_before = crate::domain::time::start_of_day(as_of - chrono::Duration::days(10));
    let mut tasks: Vec<(i64, i64, i64, i64, String, bool, i64)> = Vec::with_capacity(rows.len());
    for (n, r) in rows.iter().enumerate() {
        use sqlx::Row;
        let at: i64 = r.try_get("responded_at")?;
        let due = crate::domain::time::local_date(at) + chrono::Duration::days(FOLLOW_UP_DAYS);
        // branches call back within days; a few recent ones slipped and are overdue
        let recent = at >= settled_before - 50 * 86_400;
        let done = at < settled_before && !(recent && n % 9 == 0);
        tasks.push((
            n as i64 + 1,
            r.try_get("customer_id")?,
            r.try_get("branch_id")?,
            r.try_get("id")?,
            due.format("%Y-%m-%d").to_string(),
            done,
            at,
        ));
    }
    let mut conn = db.pool.acquire().await?;
    insert_rows(
        &mut conn,
        db.backend,
        "follow_up_tasks",
        &[
            "id",
            "customer_id",
            "branch_id",
            "survey_response_id",
            "created_at",
            "due_on",
            "status",
            "note",
            "done_at",
        ],
        &tasks,
        |q, t| {
            q.bind(t.0)
                .bind(t.1)
                .bind(t.2)
                .bind(t.3)
                .bind(t.6)
                .bind(t.4.as_str())
                .bind(if t.5 { "done" } else { "open" })
                .bind(t.5.then_some("已电话回访，客户问题已说明"))
                .bind(t.5.then_some(t.6 + 2 * 86_400))
        },
    )
    .await?;
    Ok(())
}

async fn write_chunk(
    db: &Db,
    config: &Config,
    bundles: &[Bundle],
    now: i64,
    report: &mut SeedReport,
) -> Result<(), AppError> {
    struct Cust<'a> {
        row: &'a generate::CustomerRow,
        masked: String,
        hash: String,
        sealed: String,
        birth: String,
        joined: String,
    }
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
    let cards: Vec<(&generate::CardRow, String, Option<String>)> = bundles
        .iter()
        .flat_map(|b| &b.cards)
        .map(|c| (c, date(c.opened_on), c.closed_on.map(date)))
        .collect();
    let txs: Vec<&generate::TxRow> = bundles.iter().flat_map(|b| &b.txs).collect();
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
    let payments: Vec<&generate::PaymentRow> = bundles.iter().flat_map(|b| &b.payments).collect();
    let points: Vec<(&generate::PointsRow, Option<String>)> = bundles
        .iter()
        .flat_map(|b| &b.points)
        .map(|p| (p, p.expires_on.map(date)))
        .collect();
    let interactions: Vec<&generate::InteractionRow> =
        bundles.iter().flat_map(|b| &b.interactions).collect();
    let surveys: Vec<&generate::SurveyRow> = bundles.iter().flat_map(|b| &b.surveys).collect();

    let mut tx = db.pool.begin().await?;
    let conn: &mut AnyConnection = &mut tx;
    // `now` is bound through a thread-local-free trick: a one-element slice per row would be
    // wasteful, so created/updated are set with a follow-up UPDATE instead.
    insert_rows(
        conn,
        db.backend,
        "customers",
        &[
            "id",
            "customer_no",
            "name",
            "gender",
            "birth_date",
            "national_id_masked",
            "national_id_hash",
            "national_id_sealed",
            "mobile",
            "email",
            "province",
            "city",
            "residence",
            "occupation",
            "income_band",
            "branch_id",
            "joined_on",
            "consent_sms",
            "consent_app_push",
            "consent_wechat",
            "consent_email",
            "consent_outbound_call",
            "do_not_disturb",
            "created_at",
            "updated_at",
        ],
        &customers,
        |q, c| {
            let r = c.row;
            q.bind(r.id)
                .bind(r.customer_no.as_str())
                .bind(r.name.as_str())
                .bind(r.gender.as_str())
                .bind(c.birth.as_str())
                .bind(c.masked.as_str())
                .bind(c.hash.as_str())
                .bind(c.sealed.as_str())
                .bind(r.mobile.as_str())
                .bind(r.email.as_deref())
                .bind(r.province)
                .bind(r.city)
                .bind(r.residence.as_str())
                .bind(r.occupation.as_str())
                .bind(r.income_band.as_str())
                .bind(r.branch_id)
                .bind(c.joined.as_str())
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
        sqlx::query(
            "UPDATE customers SET created_at = $1, updated_at = $1 WHERE id BETWEEN $2 AND $3",
        )
        .bind(now)
        .bind(first.row.id)
        .bind(last.row.id)
        .execute(&mut *conn)
        .await?;
    }
    insert_rows(
        conn,
        db.backend,
        "cards",
        &[
            "id",
            "customer_id",
            "product_id",
            "pan_token",
            "pan_first6",
            "pan_last4",
            "credit_limit_fen",
            "status",
            "opened_on",
            "closed_on",
            "is_primary",
        ],
        &cards,
        |q, (c, opened, closed)| {
            q.bind(c.id)
                .bind(c.customer_id)
                .bind(c.product_id)
                .bind(c.token.as_str())
                .bind(c.first6)
                .bind(c.last4.as_str())
                .bind(c.limit_fen)
                .bind(c.status.as_str())
                .bind(opened.as_str())
                .bind(closed.as_deref())
                .bind(i64::from(c.is_primary))
        },
    )
    .await?;
    insert_rows(
        conn,
        db.backend,
        "transactions",
        &[
            "id",
            "customer_id",
            "card_id",
            "occurred_at",
            "amount_fen",
            "merchant",
            "category",
            "channel",
            "installment",
        ],
        &txs,
        |q, t| {
            q.bind(t.id)
                .bind(t.customer_id)
                .bind(t.card_id)
                .bind(t.at)
                .bind(t.amount_fen)
                .bind(t.merchant)
                .bind(t.category.as_str())
                .bind(t.channel.as_str())
                .bind(i64::from(t.installment))
        },
    )
    .await?;
    insert_rows(
        conn,
        db.backend,
        "statements",
        &[
            "id",
            "customer_id",
            "card_id",
            "cycle",
            "closing_date",
            "previous_balance_fen",
            "purchases_fen",
            "interest_fen",
            "new_balance_fen",
            "minimum_due_fen",
            "due_date",
            "paid_fen",
            "paid_on",
            "days_past_due",
        ],
        &statements,
        |q, (s, closing, due, paid_on)| {
            q.bind(s.id)
                .bind(s.customer_id)
                .bind(s.card_id)
                .bind(s.cycle.as_str())
                .bind(closing.as_str())
                .bind(s.previous_fen)
                .bind(s.purchases_fen)
                .bind(s.interest_fen)
                .bind(s.new_fen)
                .bind(s.minimum_fen)
                .bind(due.as_str())
                .bind(s.paid_fen)
                .bind(paid_on.as_deref())
                .bind(s.days_past_due)
        },
    )
    .await?;
    insert_rows(
        conn,
        db.backend,
        "payments",
        &[
            "id",
            "customer_id",
            "card_id",
            "statement_id",
            "paid_at",
            "amount_fen",
            "channel",
        ],
        &payments,
        |q, p| {
            q.bind(p.id)
                .bind(p.customer_id)
                .bind(p.card_id)
                .bind(p.statement_id)
                .bind(p.at)
                .bind(p.amount_fen)
                .bind(p.channel)
        },
    )
    .await?;
    insert_rows(
        conn,
        db.backend,
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
    insert_rows(
        conn,
        db.backend,
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
    insert_rows(
        conn,
        db.backend,
        "survey_responses",
        &[
            "id",
            "customer_id",
            "responded_at",
            "nps",
            "csat",
            "channel",
            "touchpoint",
            "interaction_id",
            "comment",
            "survey",
            "topic",
        ],
        &surveys,
        |q, s| {
            q.bind(s.id)
                .bind(s.customer_id)
                .bind(s.at)
                .bind(s.nps)
                .bind(s.csat)
                .bind(s.channel)
                .bind(s.touchpoint)
                .bind(s.interaction_id)
                .bind(s.comment)
                .bind(s.survey)
                .bind(
                    s.comment
                        .and_then(|c| Topic::of_comment(c, s.nps, s.csat))
                        .map(Topic::as_str),
                )
        },
    )
    .await?;
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
        db.backend,
        "campaign_members",
        &["campaign_id", "customer_id", "arm", "assigned_at"],
        &members,
        |q, m| q.bind(m.0).bind(m.1).bind(m.2).bind(m.3),
    )
    .await?;
    let deliveries: Vec<&generate::DeliveryRow> =
        bundles.iter().flat_map(|b| &b.deliveries).collect();
    insert_rows(
        conn,
        db.backend,
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
        db.backend,
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
    tx.commit().await?;

    report.customers += customers.len();
    report.cards += cards.len();
    report.transactions += txs.len();
    report.statements += statements.len();
    report.payments += payments.len();
    report.points += points.len();
    report.interactions += interactions.len();
    report.surveys += surveys.len();
    Ok(())
}

/// The demo's past and pending campaigns (ids 1–5): two launched ones whose
/// members and responses the generator simulates (the treatment arm's reached
/// members respond more), one awaiting approval, one approved, one draft.
async fn demo_campaigns(
    db: &Db,
    as_of: NaiveDate,
    now: i64,
) -> Result<Vec<generate::DemoCampaign>, AppError> {
    use crm_api::campaigns::{OfferKind, OfferParams};
    use crm_api::{Category, ConsentChannel, ProductCode};
    let segment = |name: &'static str| {
        let pool = db.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT id FROM segments WHERE name = $1")
                .bind(name)
                .fetch_one(&pool)
                .await
        }
    };
    let marketer: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'marketer'")
        .fetch_one(&db.pool)
        .await?;
    let manager: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'manager'")
        .fetch_one(&db.pool)
        .await?;
    let day = |n: i64| {
        as_of
            .checked_sub_days(chrono::Days::new(n.unsigned_abs()))
            .unwrap_or(as_of)
    };
    let ts = |d: NaiveDate| crate::domain::time::start_of_day(d) + 10 * 3600;
    struct Demo {
        id: i64,
        name: &'static str,
        status: &'static str,
        segment: &'static str,
        kind: OfferKind,
        offer: OfferParams,
        valid: (NaiveDate, NaiveDate),
        budget_fen: i64,
        channel: ConsentChannel,
        template: &'static str,
        holdout: u8,
        launched: Option<NaiveDate>,
        submitted: bool,
        decided: Option<&'static str>,
    }
    let double11 = day(35);
    let spring = day(300);
    let demos = [
        Demo {
            id: 1,
            name: "双十一网购返现",
            status: "launched",
            segment: "青年客户",
            kind: OfferKind::CategoryDiscount,
            offer: OfferParams {
                category: Some(Category::OnlineShopping),
                discount_pct: Some(5),
                min_spend_fen: Some(50_000),
                ..Default::default()
            },
            valid: (double11, day(5)),
            budget_fen: 20_000_000,
            channel: ConsentChannel::AppPush,
            template: "{name}您好，双十一用尾号{card_last4}的信用卡网购满500元享5%返现！",
            holdout: 15,
            launched: Some(double11),
            submitted: true,
            decided: Some("同意，注意控制预算"),
        },
        Demo {
            id: 2,
            name: "春节出行积分加倍",
            status: "launched",
            segment: "高端客户（白金/钻石）",
            kind: OfferKind::PointsMultiplier,
            offer: OfferParams {
                category: Some(Category::Travel),
                multiplier: Some(3),
                min_spend_fen: Some(100_000),
                ..Default::default()
            },
            valid: (spring, day(270)),
            budget_fen: 30_000_000,
            channel: ConsentChannel::Sms,
            template: "{name}您好，春节出行用尾号{card_last4}的卡消费满1000元享3倍积分。",
            holdout: 20,
            launched: Some(spring),
            submitted: true,
            decided: Some("同意"),
        },
        Demo {
            id: 3,
            name: "账单分期免息",
            status: "submitted",
            segment: "循环信用客户",
            kind: OfferKind::InterestFreeInstallment,
            offer: OfferParams {
                months: Some(12),
                ..Default::default()
            },
            valid: (as_of, as_of + chrono::Days::new(30)),
            budget_fen: 5_000_000,
            channel: ConsentChannel::Sms,
            template: "{name}您好，尾号{card_last4}的信用卡账单可申请{offer}，详询客服。",
            holdout: 10,
            launched: None,
            submitted: true,
            decided: None,
        },
        Demo {
            id: 4,
            name: "睡眠卡唤醒礼",
            status: "approved",
            segment: "睡眠卡客户",
            kind: OfferKind::CategoryDiscount,
            offer: OfferParams {
                category: Some(Category::Supermarket),
                discount_pct: Some(10),
                min_spend_fen: Some(10_000),
                ..Default::default()
            },
            valid: (as_of, as_of + chrono::Days::new(45)),
            budget_fen: 3_000_000,
            channel: ConsentChannel::Wechat,
            template: "{name}您好，好久不见！用尾号{card_last4}的卡{offer}。",
            holdout: 20,
            launched: None,
            submitted: true,
            decided: Some("同意试点"),
        },
        Demo {
            id: 5,
            name: "女性卡专属优惠（草稿）",
            status: "draft",
            segment: "女性客户",
            kind: OfferKind::CategoryDiscount,
            offer: OfferParams {
                category: Some(Category::Apparel),
                discount_pct: Some(8),
                ..Default::default()
            },
            valid: (as_of, as_of + chrono::Days::new(60)),
            budget_fen: 0,
            channel: ConsentChannel::AppPush,
            template: "",
            holdout: 10,
            launched: None,
            submitted: false,
            decided: None,
        },
    ];
    let mut out = Vec::new();
    for d in &demos {
        let segment_id = segment(d.segment).await?;
        let created = d.launched.map_or(now - 86_400, |l| ts(l) - 3 * 86_400);
        sqlx::query(
            "INSERT INTO campaigns (id, name, status, segment_id, offer_kind, offer, valid_from, valid_to, budget_fen, channel, \
             template, quiet_hours, cap_messages, cap_days, holdout_pct, holdout_seed, attribution_days, created_by, submitted_by, \
             submitted_at, decided_by, decided_at, decision_comment, launched_at, version, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, 2, 7, $12, $13, 30, $14, $15, $16, $17, $18, $19, $20, 1, $21, $22)",
        )
        .bind(d.id)
        .bind(d.name)
        .bind(d.status)
        .bind(segment_id)
        .bind(d.kind.as_str())
        .bind(serde_json::to_string(&d.offer).unwrap_or_else(|_| "{}".into()))
        .bind(date(d.valid.0))
        .bind(date(d.valid.1))
        .bind(d.budget_fen)
        .bind(d.channel.as_str())
        .bind(d.template)
        .bind(i64::from(d.holdout))
        .bind(1_000 + d.id)
        .bind(marketer)
        .bind(d.submitted.then_some(marketer))
        .bind(d.submitted.then_some(created + 3_600))
        .bind(d.decided.map(|_| manager))
        .bind(d.decided.map(|_| created + 7_200))
        .bind(d.decided)
        .bind(d.launched.map(ts))
        .bind(created)
        .bind(d.launched.map_or(created + 7_200, ts))
        .execute(&db.pool)
        .await?;
        if let (Some(launched_on), Some(category), Some(min)) =
            (d.launched, d.offer.category, d.offer.min_spend_fen)
        {
            out.push(generate::DemoCampaign {
                id: d.id,
                holdout_seed: 1_000 + d.id,
                holdout_pct: d.holdout,
                launched_on,
                window_days: 30,
                audience: if d.id == 1 {
                    |f: &generate::AudienceFacts| f.age_at_launch < 30
                } else {
                    |f: &generate::AudienceFacts| {
                        matches!(f.product, ProductCode::Platinum | ProductCode::Diamond)
                    }
                },
                category,
                min_spend_fen: min,
                lift: if d.id == 1 { 0.25 } else { 0.3 },
                channel: d.channel,
                template: d.template,
            });
        }
    }
    Ok(out)
}
