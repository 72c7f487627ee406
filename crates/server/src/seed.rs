//! `crm-server seed`: deterministic, realistic demo data at scale.
//!
//! Same `--seed` and `--as-of` give the same data. The default demo is 10,000
//! customers with about a million transactions over 24 months. Customers are
//! generated and written in chunks, each chunk in one transaction, with a
//! progress bar.

mod campaigns;
pub mod data;
pub mod generate;
mod write;

use std::time::{Duration, Instant};

use chrono::{Months, NaiveDate};
use crm_api::Role;
use crm_api::surveys::FOLLOW_UP_DAYS;
use indicatif::{ProgressBar, ProgressStyle};

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
    ("manager2", "郑经理", Role::Manager),
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
pub async fn seed(db: &Db, config: &Config, opts: &SeedOptions) -> Result<SeedReport, AppError> {
    let started = Instant::now();
    if !db.is_empty().await? {
        return Err(AppError::Conflict(crm_api::validate::Errors::default()));
    }
    let now = crate::domain::time::now();
    let branches = write_reference_data(db).await?;
    // one Argon2 hash, shared: these are demo accounts
    let password_hash = tokio::task::spawn_blocking(|| auth::hash_password(DEMO_PASSWORD))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))??;
    let agents = create_staff(db, &branches, &password_hash, now).await?;

    let as_of = opts.as_of;
    let window_start = month_start(as_of)
        .checked_sub_months(Months::new(24))
        .unwrap_or(as_of);
    crate::db::segment_store::install_ready_made(db, now).await?;
    let campaigns = campaigns::demo_campaigns(db, as_of, now).await?;
    let ctx = Ctx {
        seed: opts.seed,
        as_of,
        window_start,
        branches,
        agents,
        campaigns,
    };
    let mut report = generate_customers(db, config, &ctx, opts, now).await?;

    let total = i64::from(opts.customers);
    create_cardholders(db, &password_hash, total, now).await?;
    users::mark_demo_passwords(db).await?;
    seed_follow_ups(db, as_of).await?;
    // the demo cardholders have a relationship survey waiting in the portal
    for (_, customer_id) in DEMO_CARDHOLDERS.iter().filter(|(_, id)| *id <= total) {
        crate::db::seed::invite_to_relationship_survey(db, *customer_id, now).await?;
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
        crate::db::seed::set_meta(db, key, value).await?;
    }
    crate::db::seed::analyze(db).await?;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Reference data: branches (one per city) and products. Answers the branch
/// id per `(province index, city index)`.
async fn write_reference_data(db: &Db) -> Result<Vec<((usize, usize), i64)>, AppError> {
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
    // The head office, after the branches (their ids stay 1..n): its staff
    // see every customer; no customer belongs to it.
    crate::db::seed::insert_head_office(&mut tx, branch_rows.len() as i64 + 1).await?;
    tx.commit().await?;
    Ok(branches)
}

/// The demo staff users, spread over the branches; answers the agents' ids.
async fn create_staff(
    db: &Db,
    branches: &[((usize, usize), i64)],
    password_hash: &str,
    now: i64,
) -> Result<Vec<i64>, AppError> {
    let mut agents = Vec::new();
    let head_office = branches.len() as i64 + 1;
    for (i, (username, display, role)) in DEMO_STAFF.iter().enumerate() {
        // The first manager, marketer and agent work at the head office and
        // see every customer; the others at a branch (the second manager:
        // the first branch's province).
        let branch = match *username {
            "manager" | "marketer" | "agent" => Some(head_office),
            "manager2" => branches.first().map(|b| b.1),
            _ => branches.get(i % branches.len()).map(|b| b.1),
        };
        let id = users::insert(
            db,
            &NewUser {
                username,
                display_name: display,
                password_hash,
                role: *role,
                branch_id: branch,
                customer_id: None,
                must_change_password: false,
            },
            now,
        )
        .await?;
        if *role == Role::Agent {
            agents.push(id);
        }
    }
    Ok(agents)
}

/// Generates and writes the customers in chunks of 250, with a progress bar.
async fn generate_customers(
    db: &Db,
    config: &Config,
    ctx: &Ctx,
    opts: &SeedOptions,
    now: i64,
) -> Result<SeedReport, AppError> {
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
    let mut report = SeedReport::default();
    let mut ids = Ids::default();
    let chunk = 250;
    let mut index: i64 = 1;
    let total = i64::from(opts.customers);
    while index <= total {
        let end = (index + chunk - 1).min(total);
        let bundles: Vec<Bundle> = (index..=end)
            .map(|i| generate::customer(ctx, i, &mut ids))
            .collect();
        write::write_chunk(db, config, &bundles, now).await?;
        report.count(&bundles);
        bar.inc((end - index + 1) as u64);
        bar.set_message(format!("{} transactions", report.transactions));
        index = end + 1;
    }
    bar.finish_and_clear();
    Ok(report)
}

impl SeedReport {
    /// Adds a written chunk's rows.
    fn count(&mut self, bundles: &[Bundle]) {
        self.customers += bundles.iter().filter(|b| b.customer.is_some()).count();
        for b in bundles {
            self.cards += b.cards.len();
            self.transactions += b.txs.len();
            self.statements += b.statements.len();
            self.payments += b.payments.len();
            self.points += b.points.len();
            self.interactions += b.interactions.len();
            self.surveys += b.surveys.len();
        }
    }
}

/// Cardholder users for the showcase customers (those seeded).
async fn create_cardholders(
    db: &Db,
    password_hash: &str,
    total: i64,
    now: i64,
) -> Result<(), AppError> {
    for (username, customer_id) in DEMO_CARDHOLDERS {
        if *customer_id > total {
            continue;
        }
        let name = crate::db::seed::customer_name(db, *customer_id).await?;
        users::insert(
            db,
            &NewUser {
                username,
                display_name: &name,
                password_hash,
                role: Role::Cardholder,
                branch_id: None,
                customer_id: Some(*customer_id),
                must_change_password: false,
            },
            now,
        )
        .await?;
    }
    Ok(())
}

/// Follow-up tasks for the demo's detractor answers: most older ones done
/// by the branch, recent ones (and a few old ones) still open.
async fn seed_follow_ups(db: &Db, as_of: NaiveDate) -> Result<(), AppError> {
    let rows = crate::db::seed::detractors(db).await?;
    let settled_before = crate::domain::time::start_of_day(as_of - chrono::Duration::days(10));
    let mut tasks: Vec<(i64, i64, i64, i64, String, bool, i64)> = Vec::with_capacity(rows.len());
    for (n, r) in rows.iter().enumerate() {
        let at = r.responded_at;
        let due = crate::domain::time::local_date(at) + chrono::Duration::days(FOLLOW_UP_DAYS);
        // branches call back within days; a few recent ones slipped and are overdue
        let recent = at >= settled_before - 50 * 86_400;
        let done = at < settled_before && !(recent && n % 9 == 0);
        tasks.push((
            n as i64 + 1,
            r.customer_id,
            r.branch_id,
            r.id,
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
