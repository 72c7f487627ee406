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
    let now = auth::now();
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
    let ctx = Ctx {
        seed: opts.seed,
        as_of,
        window_start,
        branches,
        agents,
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

    db.reset_sequences(&[
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
    crate::db::segment_store::install_ready_made(db, now).await?;
    sqlx::query("ANALYZE").execute(&db.pool).await?;
    report.elapsed = started.elapsed();
    Ok(report)
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
