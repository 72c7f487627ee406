//! Per-customer features and scores from the loaded rows (no I/O).

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate};
use crm_api::insight::{Band, ChurnReason, Offer, RfmSegment, ValueTier};
use crm_api::{CardStatus, Category, ProductCode, Tier, TxChannel};

use super::Models;
use crate::db::analytics::{Card, CustomerData, Stmt};
use crate::domain::analytics::bgnbd::BgNbd;
use crate::domain::analytics::gamma_gamma::{GammaGamma, clv};
use crate::domain::analytics::rfm::{self, RfmValues};
use crate::domain::analytics::summary::{Summary, summarize};
use crate::domain::analytics::{churn, credit, offers};
use crate::domain::points;
use crate::domain::time::local_date;

const DAY: i64 = 86_400;
/// Model time unit: weeks.
pub const UNIT_DAYS: f64 = 7.0;
/// A month in weeks.
pub const WEEKS_PER_MONTH: f64 = 365.25 / 12.0 / 7.0;

/// Fixed facts of a run.
#[derive(Clone, Copy, Debug)]
pub struct Ctx {
    /// Now, Unix seconds.
    pub now: i64,
    /// Today in Shanghai.
    pub today: NaiveDate,
    /// Local day number of today (days since 1970-01-01 in Shanghai).
    pub today_day: i64,
    /// RFM window.
    pub rfm_days: i64,
    /// CLV monthly discount.
    pub monthly_discount: f64,
}

impl Ctx {
    /// Context for `now`.
    #[must_use]
    pub fn new(now: i64, rfm_days: i64, monthly_discount: f64) -> Self {
        Self {
            now,
            today: local_date(now),
            today_day: local_day(now),
            rfm_days,
            monthly_discount,
        }
    }
}

/// Days since 1970-01-01 in Shanghai.
#[must_use]
pub fn local_day(ts: i64) -> i64 {
    (ts + 8 * 3600).div_euclid(DAY)
}

/// Model-independent facts of one customer.
#[derive(Clone, Debug)]
pub struct Base {
    /// BG/NBD / Gamma-Gamma summary (weeks, yuan); `None` without purchases.
    pub summary: Option<Summary>,
    /// RFM raw values.
    pub rfm: RfmValues,
    /// Purchases in the last 12 months.
    pub tx_count_12m: i64,
    /// Spend windows (fen).
    pub spend_12m: i64,
    /// Last 90 days.
    pub spend_90d: i64,
    /// The 90 days before.
    pub spend_prev_90d: i64,
    /// Last 30 days.
    pub spend_30d: i64,
    /// First / last purchase time.
    pub first_tx_at: Option<i64>,
    /// Last purchase.
    pub last_tx_at: Option<i64>,
    /// Per category: (30d, 90d, 365d fen, 90d count, 365d count).
    pub categories: Vec<(Category, [i64; 5])>,
    /// Top category of 90 days and its share.
    pub top_category: Option<(Category, f64)>,
    /// Most used payment channel over 12 months.
    pub preferred_channel: Option<TxChannel>,
    /// Cash advances in 90 days.
    pub cash_advances_90d: i64,
    /// Primary open card's product and tier.
    pub primary: Option<(ProductCode, Tier)>,
    /// Cards not closed.
    pub open_cards: i64,
    /// Sum of open limits.
    pub limit_fen: i64,
    /// Sum of open cards' latest statement balances.
    pub balance_fen: i64,
    /// Credit inputs.
    pub credit: credit::CreditInputs,
    /// Points balance.
    pub points_balance: i64,
    /// Points expiring in 60 days and the first such date.
    pub points_expiring: Option<(i64, NaiveDate)>,
}

fn is_purchase(c: Category) -> bool {
    c != Category::CashAdvance
}

/// Spend and counts over the time windows, from one pass over the transactions.
#[derive(Default)]
struct Spending {
    tx_12m: i64,
    s12: i64,
    s90: i64,
    sp90: i64,
    s30: i64,
    cash90: i64,
    rfm_count: i64,
    rfm_spend: i64,
    per_cat: HashMap<Category, [i64; 5]>,
    channels: HashMap<TxChannel, i64>,
    first: Option<i64>,
    last: Option<i64>,
}

fn spending(c: &CustomerData, ctx: &Ctx) -> Spending {
    let now = ctx.now;
    let mut w = Spending::default();
    for t in c.txs.iter().filter(|t| t.at <= now) {
        let age = now - t.at;
        if t.category == Category::CashAdvance {
            if age < 90 * DAY {
                w.cash90 += 1;
            }
            continue;
        }
        w.first = w.first.or(Some(t.at));
        w.last = Some(t.at);
        if age < ctx.rfm_days * DAY {
            w.rfm_count += 1;
            w.rfm_spend += t.amount_fen;
        }
        if age < 365 * DAY {
            w.tx_12m += 1;
            w.s12 += t.amount_fen;
            *w.channels.entry(t.channel).or_default() += 1;
            let e = w.per_cat.entry(t.category).or_default();
            e[2] += t.amount_fen;
            e[4] += 1;
            if age < 90 * DAY {
                e[1] += t.amount_fen;
                e[3] += 1;
            }
            if age < 30 * DAY {
                e[0] += t.amount_fen;
            }
        }
        if age < 90 * DAY {
            w.s90 += t.amount_fen;
        } else if age < 180 * DAY {
            w.sp90 += t.amount_fen;
        }
        if age < 30 * DAY {
            w.s30 += t.amount_fen;
        }
    }
    w
}

/// The category with the most 90-day spend and its share of `s90`.
fn top_category(categories: &[(Category, [i64; 5])], s90: i64) -> Option<(Category, f64)> {
    categories
        .iter()
        .filter(|(_, v)| v[1] > 0)
        .max_by(|a, b| a.1[1].cmp(&b.1[1]).then(b.0.cmp(&a.0)))
        .map(|(cat, v)| {
            (
                *cat,
                if s90 > 0 {
                    v[1] as f64 / s90 as f64
                } else {
                    0.0
                },
            )
        })
}

/// What the open cards and their statements say.
#[derive(Default)]
struct CardFacts {
    primary: Option<(ProductCode, Tier)>,
    open_cards: i64,
    limit_fen: i64,
    balance_fen: i64,
    balance_3m: i64,
    dpd_now: i64,
    dpd_12m: i64,
    streak: i64,
    min_6m: i64,
}

/// Whether a statement was paid with about its minimum only.
fn min_only(s: &Stmt) -> bool {
    s.paid_fen > 0 && s.paid_fen * 100 <= s.min_fen * 105 && s.paid_fen < s.new_fen
}

fn card_facts(c: &CustomerData, ctx: &Ctx) -> CardFacts {
    let open: Vec<&Card> = c
        .cards
        .iter()
        .filter(|k| k.status != CardStatus::Closed)
        .collect();
    let mut f = CardFacts {
        primary: open
            .iter()
            .filter(|k| k.is_primary)
            .chain(open.iter())
            .next()
            .map(|k| (k.product, k.tier)),
        open_cards: open.len() as i64,
        limit_fen: open.iter().map(|k| k.limit_fen).sum(),
        ..CardFacts::default()
    };
    let year_ago = ctx
        .today
        .checked_sub_months(Months::new(12))
        .unwrap_or(ctx.today);
    for card in &open {
        let stmts: Vec<&Stmt> = c
            .statements
            .iter()
            .filter(|s| s.card_id == card.id)
            .collect();
        if let Some(latest) = stmts.last() {
            f.balance_fen += latest.new_fen.max(0);
        }
        if stmts.len() > 3 {
            f.balance_3m += stmts[stmts.len() - 4].new_fen.max(0);
        }
        for s in stmts.iter().filter(|s| s.closing >= year_ago) {
            f.dpd_12m = f.dpd_12m.max(s.dpd);
        }
        // current delinquency: unpaid statements past due, newest backwards until a paid one
        for s in stmts.iter().rev() {
            if s.paid_fen > 0 || s.new_fen <= 0 {
                break;
            }
            if s.due < ctx.today {
                f.dpd_now = f.dpd_now.max((ctx.today - s.due).num_days());
            }
        }
        // minimum-only payments
        let due_passed: Vec<&&Stmt> = stmts.iter().filter(|s| s.due < ctx.today).collect();
        // a missed payment is counted as days past due, not as part of the streak
        let card_streak = due_passed
            .iter()
            .rev()
            .skip_while(|s| s.paid_fen == 0)
            .take_while(|s| min_only(s))
            .count() as i64;
        f.streak = f.streak.max(card_streak);
        f.min_6m = f.min_6m.max(
            due_passed
                .iter()
                .rev()
                .take(6)
                .filter(|s| min_only(s))
                .count() as i64,
        );
    }
    f
}

/// Months since the first card was opened (or the customer joined, if earlier).
fn tenure_months(c: &CustomerData, ctx: &Ctx) -> i64 {
    let since = c
        .cards
        .iter()
        .map(|k| k.opened_on)
        .min()
        .unwrap_or(c.joined_on)
        .min(c.joined_on);
    i64::from((ctx.today.year() - since.year()) * 12) + i64::from(ctx.today.month())
        - i64::from(since.month())
}

/// The points balance and what expires in 60 days (first-in, first-out
/// lots tell which points those are), with the first such date.
fn points_facts(c: &CustomerData, ctx: &Ctx) -> (i64, Option<(i64, NaiveDate)>) {
    let entries: Vec<points::Entry> = c
        .points
        .iter()
        .map(|p| points::Entry {
            points: p.points,
            expires_on: p.expires_on,
        })
        .collect();
    let balance: i64 = c.points.iter().map(|p| p.points).sum();
    let expiring = points::expiring_between(
        &points::held_lots(&entries),
        ctx.today,
        ctx.today + chrono::Days::new(60),
    );
    let points_expiring = expiring
        .first()
        .map(|(d, _)| (expiring.iter().map(|(_, n)| n).sum(), *d));
    (balance, points_expiring)
}

/// The facts that do not depend on portfolio models.
#[must_use]
pub fn base(c: &CustomerData, ctx: &Ctx) -> Base {
    let now = ctx.now;
    let purchases: Vec<(i64, f64)> = c
        .txs
        .iter()
        .filter(|t| is_purchase(t.category) && t.at <= now)
        .map(|t| (local_day(t.at), t.amount_fen as f64 / 100.0))
        .collect();
    let summary = summarize(&purchases, ctx.today_day, UNIT_DAYS);
    let w = spending(c, ctx);
    let mut categories: Vec<(Category, [i64; 5])> = w.per_cat.into_iter().collect();
    categories.sort_by(|a, b| b.1[2].cmp(&a.1[2]).then(a.0.cmp(&b.0)));
    let top_category = top_category(&categories, w.s90);
    let preferred_channel = w
        .channels
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(ch, _)| ch);
    let recency_days = c
        .txs
        .iter()
        .filter(|t| is_purchase(t.category) && t.at <= now && now - t.at < ctx.rfm_days * DAY)
        .map(|t| ctx.today_day - local_day(t.at))
        .min();
    let k = card_facts(c, ctx);
    let util = |b: i64| {
        if k.limit_fen > 0 {
            b as f64 / k.limit_fen as f64
        } else {
            0.0
        }
    };
    let (points_balance, points_expiring) = points_facts(c, ctx);
    Base {
        summary,
        rfm: RfmValues {
            recency_days,
            frequency: w.rfm_count,
            monetary_fen: w.rfm_spend,
        },
        tx_count_12m: w.tx_12m,
        spend_12m: w.s12,
        spend_90d: w.s90,
        spend_prev_90d: w.sp90,
        spend_30d: w.s30,
        first_tx_at: w.first,
        last_tx_at: w.last,
        categories,
        top_category,
        preferred_channel,
        cash_advances_90d: w.cash90,
        primary: k.primary,
        open_cards: k.open_cards,
        limit_fen: k.limit_fen,
        balance_fen: k.balance_fen,
        credit: credit::CreditInputs {
            days_past_due: k.dpd_now,
            max_dpd_12m: k.dpd_12m,
            utilisation: util(k.balance_fen),
            utilisation_3m_ago: util(k.balance_3m),
            min_pay_streak: k.streak,
            min_pay_6m: k.min_6m,
            cash_advances_90d: w.cash90,
            tenure_months: tenure_months(c, ctx),
        },
        points_balance,
        points_expiring,
    }
}

/// Value of the percentile `p` (0–1) of sorted `values`.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let idx = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

/// Fits the portfolio models; `None` when no customer has a purchase.
#[must_use]
pub fn fit_models(bases: &[Base], ctx: &Ctx) -> Option<Models> {
    let summaries: Vec<&Summary> = bases.iter().filter_map(|b| b.summary.as_ref()).collect();
    if summaries.is_empty() {
        return None;
    }
    let bgnbd = BgNbd::fit(
        &summaries
            .iter()
            .map(|s| (s.x, s.t_x, s.t))
            .collect::<Vec<_>>(),
    )
    .params;
    let gamma_gamma = GammaGamma::fit(
        &summaries
            .iter()
            .map(|s| (s.x, s.monetary))
            .collect::<Vec<_>>(),
    )
    .params;
    let rfm = rfm::cutpoints(&bases.iter().map(|b| b.rfm).collect::<Vec<_>>());
    let mut clvs: Vec<f64> = bases
        .iter()
        .map(|b| customer_clv(b, &bgnbd, &gamma_gamma, ctx))
        .collect();
    clvs.sort_by(f64::total_cmp);
    Some(Models {
        bgnbd,
        gamma_gamma,
        rfm,
        clv_edges: [percentile(&clvs, 0.8), percentile(&clvs, 0.5)],
    })
}

/// 12-month CLV in fen.
fn customer_clv(b: &Base, bg: &BgNbd, gg: &GammaGamma, ctx: &Ctx) -> f64 {
    b.summary.map_or(0.0, |s| {
        clv(
            bg,
            gg,
            s.x,
            s.t_x,
            s.t,
            s.monetary,
            12,
            ctx.monthly_discount,
            WEEKS_PER_MONTH,
        ) * 100.0
    })
}

/// One `customer_features` row.
#[derive(Clone, Debug)]
pub struct FeatureRow {
    /// Customer.
    pub customer_id: i64,
    /// RFM scores.
    pub rfm: rfm::RfmScores,
    /// Segment.
    pub segment: RfmSegment,
    /// BG/NBD probability alive.
    pub p_alive: f64,
    /// Expected purchases in 90 days.
    pub expected_90d: f64,
    /// Expected spend per purchase (fen).
    pub expected_avg_fen: i64,
    /// 12-month CLV (fen).
    pub clv_fen: i64,
    /// Value tier.
    pub value_tier: ValueTier,
    /// Churn band and reasons.
    pub churn: (Band, Vec<ChurnReason>),
    /// Credit assessment.
    pub credit: credit::CreditAssessment,
    /// Ranked offers.
    pub offers: Vec<Offer>,
}

/// Scores one customer against the portfolio models.
#[must_use]
pub fn score(c: &CustomerData, b: &Base, m: &Models, ctx: &Ctx) -> FeatureRow {
    let rfm_scores = rfm::score_one(&m.rfm, &b.rfm);
    let (p_alive, expected_90d, expected_avg) = match b.summary {
        Some(s) => (
            m.bgnbd.p_alive(s.x, s.t_x, s.t),
            m.bgnbd
                .expected_purchases(90.0 / UNIT_DAYS, s.x, s.t_x, s.t),
            m.gamma_gamma.expected_average(s.x, s.monetary),
        ),
        // never bought: the model says nothing; treat as inactive
        None => (0.0, 0.0, 0.0),
    };
    let clv_fen = customer_clv(b, &m.bgnbd, &m.gamma_gamma, ctx);
    let value_tier = if clv_fen > 0.0 && clv_fen >= m.clv_edges[0] {
        ValueTier::High
    } else if clv_fen > 0.0 && clv_fen >= m.clv_edges[1] {
        ValueTier::Medium
    } else {
        ValueTier::Low
    };
    let churn = churn::assess(&churn::ChurnInputs {
        p_alive,
        spend_90d: b.spend_90d,
        spend_prev_90d: b.spend_prev_90d,
        days_since_last: b.last_tx_at.map(|t| ctx.today_day - local_day(t)),
    });
    let credit = credit::assess(&b.credit);
    let offers = offers::rank(&offers::OfferInputs {
        large_purchase: c
            .large_purchase
            .as_ref()
            .map(|(fen, merchant, at)| (*fen, merchant.clone(), ctx.today_day - local_day(*at))),
        top_category: b.top_category,
        product: b.primary.map(|p| p.0),
        spend_12m_fen: b.spend_12m,
        purchases_12m: b.tx_count_12m,
        p_alive,
        expiring_points: b
            .points_expiring
            .map(|(n, d)| (n, d.format("%Y-%m-%d").to_string())),
        lost_card_days_ago: c.lost_card_at.map(|t| ctx.today_day - local_day(t)),
        limit_increase_candidate: credit.limit_increase_candidate,
        utilisation: b.credit.utilisation,
        consent: c.consent,
    });
    FeatureRow {
        customer_id: c.id,
        rfm: rfm_scores,
        segment: rfm::segment(rfm_scores),
        p_alive,
        expected_90d,
        expected_avg_fen: (expected_avg * 100.0).round() as i64,
        clv_fen: clv_fen.round() as i64,
        value_tier,
        churn,
        credit,
        offers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::analytics::{Pt, Tx};
    use crm_api::PointsKind;
    use crm_api::customers::Consent;

    fn ts(y: i32, m: u32, d: u32) -> i64 {
        crate::domain::time::start_of_day(NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default())
            + 12 * 3600
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn customer() -> CustomerData {
        let tx = |at, fen, category| Tx {
            at,
            amount_fen: fen,
            category,
            channel: TxChannel::Pos,
            installment: false,
        };
        CustomerData {
            id: 1,
            joined_on: date(2020, 1, 1),
            consent: Consent {
                sms: true,
                ..Default::default()
            },
            cards: vec![Card {
                id: 10,
                product: ProductCode::Gold,
                tier: Tier::Gold,
                limit_fen: 1_000_000,
                status: CardStatus::Active,
                opened_on: date(2020, 1, 1),
                is_primary: true,
            }],
            txs: vec![
                tx(ts(2026, 1, 10), 10_000, Category::Dining),
                tx(ts(2026, 1, 10), 5_000, Category::Dining),
                tx(ts(2026, 9, 1), 20_000, Category::Travel),
                tx(ts(2026, 11, 1), 30_000, Category::Travel),
                tx(ts(2026, 11, 2), 90_000, Category::CashAdvance),
            ],
            statements: vec![
                Stmt {
                    card_id: 10,
                    cycle: "2026-09".into(),
                    closing: date(2026, 9, 30),
                    new_fen: 400_000,
                    min_fen: 40_000,
                    paid_fen: 40_000,
                    dpd: 0,
                    due: date(2026, 10, 20),
                },
                Stmt {
                    card_id: 10,
                    cycle: "2026-10".into(),
                    closing: date(2026, 10, 31),
                    new_fen: 500_000,
                    min_fen: 50_000,
                    paid_fen: 0,
                    dpd: 0,
                    due: date(2026, 11, 20),
                },
            ],
            points: vec![
                Pt {
                    at: ts(2025, 1, 1),
                    kind: PointsKind::Earn,
                    points: 1_000,
                    expires_on: Some(date(2026, 12, 15)),
                },
                Pt {
                    at: ts(2025, 2, 1),
                    kind: PointsKind::Earn,
                    points: 500,
                    expires_on: Some(date(2027, 6, 1)),
                },
                Pt {
                    at: ts(2025, 3, 1),
                    kind: PointsKind::Redeem,
                    points: -600,
                    expires_on: None,
                },
            ],
            lost_card_at: None,
            large_purchase: None,
        }
    }

    #[test]
    fn base_features_match_the_rows() {
        let ctx = Ctx::new(ts(2026, 11, 28), 365, 0.01);
        let b = base(&customer(), &ctx);
        let s = b.summary.unwrap();
        // purchase days: Jan 10 (two merged), Sep 1, Nov 1; cash advance excluded
        assert_eq!(s.x, 2.0);
        assert_eq!(b.spend_12m, 65_000);
        assert_eq!(b.spend_90d, 50_000);
        assert_eq!(b.cash_advances_90d, 1);
        assert_eq!(b.rfm.recency_days, Some(27));
        assert_eq!(b.rfm.frequency, 4);
        assert_eq!(b.top_category, Some((Category::Travel, 1.0)));
        // October statement unpaid and due Nov 20 → 8 days past due today
        assert_eq!(b.credit.days_past_due, 8);
        assert_eq!(b.credit.min_pay_streak, 1);
        assert!((b.credit.utilisation - 0.5).abs() < 1e-9);
        // FIFO: the redemption used 600 of the first lot; 400 expire on Dec 15
        assert_eq!(b.points_balance, 900);
        assert_eq!(b.points_expiring, Some((400, date(2026, 12, 15))));
    }

    #[test]
    fn a_customer_without_purchases_is_inactive_and_low_value() {
        let ctx = Ctx::new(ts(2026, 11, 28), 365, 0.01);
        let mut c = customer();
        c.txs.clear();
        let b = base(&c, &ctx);
        assert!(b.summary.is_none());
        let models = Models {
            bgnbd: BgNbd {
                r: 0.24,
                alpha: 4.4,
                a: 0.79,
                b: 2.4,
            },
            gamma_gamma: GammaGamma {
                p: 6.25,
                q: 3.74,
                gamma: 15.44,
            },
            rfm: rfm::cutpoints(&[b.rfm]),
            clv_edges: [100.0, 10.0],
        };
        let row = score(&c, &b, &models, &ctx);
        assert_eq!(row.value_tier, ValueTier::Low);
        assert_eq!(row.segment, RfmSegment::Lost);
        assert_eq!(row.clv_fen, 0);
        assert_eq!(row.churn.0, Band::High);
    }
}
