//! Pure, deterministic generator of one demo customer's whole history.
//!
//! Every customer gets its own random stream derived from `(seed, index)`, so
//! the same seed gives the same data whatever the chunking. Persona drives
//! everything: age and income pick the product (youth under 30, platinum and
//! diamond only for high incomes, official cards for public employees);
//! persona and season pick categories and amounts (Spring Festival, Double 11,
//! National Day, school start); a payment behaviour makes transactors,
//! revolvers, minimum payers and delinquents; churners' spending fades away;
//! survey scores follow the service the customer received.

use chrono::{Datelike, Days, Months, NaiveDate};
use crm_api::{
    CardStatus, Category, Gender, IncomeBand, InteractionChannel, InteractionKind, Occupation,
    Outcome, PointsKind, ProductCode, Residence, TxChannel,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::data::{self, PRODUCTS, PROVINCES};
use crate::domain::campaigns::{Arm, Personal, assign_arm, render};
use crate::domain::time::{age_on, start_of_day};

/// Fixed facts every customer's generation needs.
pub struct Ctx {
    /// Root seed.
    pub seed: u64,
    /// The last day of history (transactions stop the day before).
    pub as_of: NaiveDate,
    /// First day of the history window (24 months back, first of month).
    pub window_start: NaiveDate,
    /// Branch id per `(province index, city index)`.
    pub branches: Vec<((usize, usize), i64)>,
    /// User ids of service agents.
    pub agents: Vec<i64>,
    /// Campaigns launched in the past, whose members and responses are simulated.
    pub campaigns: Vec<DemoCampaign>,
}

/// What a demo campaign's audience rule looks at.
#[derive(Clone, Copy, Debug)]
pub struct AudienceFacts {
    /// Age at launch.
    pub age_at_launch: i64,
    /// Primary product.
    pub product: ProductCode,
}

/// A past campaign: who was in it, how they were reached, how the offer moved them.
#[derive(Clone, Debug)]
pub struct DemoCampaign {
    /// Campaign id.
    pub id: i64,
    /// Holdout seed.
    pub holdout_seed: i64,
    /// Holdout percent.
    pub holdout_pct: u8,
    /// Launch day.
    pub launched_on: NaiveDate,
    /// Attribution window in days.
    pub window_days: i64,
    /// Audience.
    pub audience: fn(&AudienceFacts) -> bool,
    /// Category of the offer.
    pub category: Category,
    /// Spend threshold (fen).
    pub min_spend_fen: i64,
    /// Extra probability that a reached treatment member responds.
    pub lift: f64,
    /// Channel.
    pub channel: crm_api::ConsentChannel,
    /// Message template.
    pub template: &'static str,
}

/// A demo delivery.
#[derive(Clone, Debug)]
pub struct DeliveryRow {
    /// Delivery id.
    pub id: i64,
    /// Campaign.
    pub campaign_id: i64,
    /// Customer.
    pub customer_id: i64,
    /// Channel.
    pub channel: &'static str,
    /// `sent` or `suppressed`.
    pub status: &'static str,
    /// Why suppressed.
    pub reason: Option<&'static str>,
    /// When sent.
    pub sent_at: Option<i64>,
    /// Message.
    pub message: String,
}

/// Next ids per table.
#[derive(Clone, Debug)]
pub struct Ids {
    /// cards.id
    pub card: i64,
    /// transactions.id
    pub tx: i64,
    /// statements.id
    pub statement: i64,
    /// payments.id
    pub payment: i64,
    /// points_ledger.id
    pub points: i64,
    /// service_interactions.id
    pub interaction: i64,
    /// survey_responses.id
    pub survey: i64,
    /// deliveries.id
    pub delivery: i64,
}

impl Default for Ids {
    fn default() -> Self {
        Self {
            card: 1,
            tx: 1,
            statement: 1,
            payment: 1,
            points: 1,
            interaction: 1,
            survey: 1,
            delivery: 1,
        }
    }
}

fn next(id: &mut i64) -> i64 {
    let v = *id;
    *id += 1;
    v
}

/// A customers row (the national ID is hashed and sealed on insert).
pub struct CustomerRow {
    pub id: i64,
    pub customer_no: String,
    pub name: String,
    pub gender: Gender,
    pub birth_date: NaiveDate,
    pub national_id: String,
    pub mobile: String,
    pub email: Option<String>,
    pub province: &'static str,
    pub city: &'static str,
    pub residence: Residence,
    pub occupation: Occupation,
    pub income_band: IncomeBand,
    pub branch_id: i64,
    pub joined_on: NaiveDate,
    /// sms, app_push, wechat, email, outbound_call
    pub consent: [bool; 5],
    pub do_not_disturb: bool,
}

/// A cards row.
pub struct CardRow {
    pub id: i64,
    pub customer_id: i64,
    pub product_id: i64,
    pub token: String,
    pub first6: &'static str,
    pub last4: String,
    pub limit_fen: i64,
    pub status: CardStatus,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub is_primary: bool,
}

/// A transactions row.
pub struct TxRow {
    pub id: i64,
    pub customer_id: i64,
    pub card_id: i64,
    pub at: i64,
    pub amount_fen: i64,
    pub merchant: &'static str,
    pub category: Category,
    pub channel: TxChannel,
    pub installment: bool,
}

/// A statements row.
pub struct StatementRow {
    pub id: i64,
    pub customer_id: i64,
    pub card_id: i64,
    pub cycle: String,
    pub closing_date: NaiveDate,
    pub previous_fen: i64,
    pub purchases_fen: i64,
    pub interest_fen: i64,
    pub new_fen: i64,
    pub minimum_fen: i64,
    pub due_date: NaiveDate,
    pub paid_fen: i64,
    pub paid_on: Option<NaiveDate>,
    pub days_past_due: i64,
}

/// A payments row.
pub struct PaymentRow {
    pub id: i64,
    pub customer_id: i64,
    pub card_id: i64,
    pub statement_id: i64,
    pub at: i64,
    pub amount_fen: i64,
    pub channel: &'static str,
}

/// A points_ledger row.
pub struct PointsRow {
    pub id: i64,
    pub customer_id: i64,
    pub card_id: Option<i64>,
    pub at: i64,
    pub kind: PointsKind,
    pub points: i64,
    pub expires_on: Option<NaiveDate>,
    pub description: String,
}

/// A service_interactions row.
pub struct InteractionRow {
    pub id: i64,
    pub customer_id: i64,
    pub at: i64,
    pub channel: InteractionChannel,
    pub kind: InteractionKind,
    pub agent_id: Option<i64>,
    pub outcome: Outcome,
    pub first_response_secs: Option<i64>,
    pub resolution_secs: Option<i64>,
    pub summary: &'static str,
}

/// A survey_responses row.
pub struct SurveyRow {
    pub id: i64,
    pub customer_id: i64,
    pub at: i64,
    pub nps: Option<i64>,
    pub csat: Option<i64>,
    pub channel: &'static str,
    pub touchpoint: &'static str,
    pub interaction_id: Option<i64>,
    pub comment: Option<&'static str>,
    /// Survey kind (`SurveyKind` spelling).
    pub survey: &'static str,
}

/// Everything generated for one customer.
#[derive(Default)]
pub struct Bundle {
    pub customer: Option<CustomerRow>,
    pub cards: Vec<CardRow>,
    pub txs: Vec<TxRow>,
    pub statements: Vec<StatementRow>,
    pub payments: Vec<PaymentRow>,
    pub points: Vec<PointsRow>,
    pub interactions: Vec<InteractionRow>,
    pub surveys: Vec<SurveyRow>,
    /// (campaign id, arm)
    pub members: Vec<(i64, &'static str)>,
    pub deliveries: Vec<DeliveryRow>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Behaviour {
    Transactor,
    Revolver,
    MinimumPayer,
    /// Misses payments from cycle `start` for `len` cycles (`None`: still missing).
    Delinquent {
        start: usize,
        len: Option<usize>,
    },
}

/// Small random helpers on top of `rand` 0.8 (which has no Poisson/normal).
trait RngExt: Rng {
    fn chance(&mut self, p: f64) -> bool {
        self.gen_bool(p.clamp(0.0, 1.0))
    }
    fn normal(&mut self) -> f64 {
        // Box-Muller.
        let u1: f64 = self.gen_range(f64::EPSILON..1.0);
        let u2: f64 = self.r#gen();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }
    fn lognormal(&mut self, median: f64, sigma: f64) -> f64 {
        median * (sigma * self.normal()).exp()
    }
    fn poisson(&mut self, lambda: f64) -> u32 {
        if lambda <= 0.0 {
            return 0;
        }
        if lambda > 30.0 {
            return (lambda + lambda.sqrt() * self.normal()).round().max(0.0) as u32;
        }
        let limit = (-lambda).exp();
        let mut k = 0;
        let mut p = 1.0;
        loop {
            p *= self.r#gen::<f64>();
            if p <= limit {
                return k;
            }
            k += 1;
        }
    }
    fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.r#gen::<f64>() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.gen_range(0..items.len())]
    }
}
impl<R: Rng> RngExt for R {}

fn product_index(code: ProductCode) -> usize {
    PRODUCTS.iter().position(|p| p.code == code).unwrap_or(3)
}

/// `products.id` of a product (ids follow `PRODUCTS` order from 1).
#[must_use]
pub fn product_id(code: ProductCode) -> i64 {
    product_index(code) as i64 + 1
}

/// ISO 7064 MOD 11-2 check character of a resident ID.
#[must_use]
pub fn id_check_char(first17: &str) -> char {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const C: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let sum: u32 = first17
        .chars()
        .zip(W)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    C[(sum % 11) as usize]
}

fn month_end(first: NaiveDate) -> NaiveDate {
    first
        .checked_add_months(Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(first)
}

fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64)).unwrap_or(d)
    } else {
        d.checked_sub_days(Days::new((-n) as u64)).unwrap_or(d)
    }
}

fn days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    (b - a).num_days()
}

/// Category weights for a persona.
fn category_weights(
    age: i64,
    gender: Gender,
    residence: Residence,
    product: ProductCode,
    behaviour: Behaviour,
    rng: &mut ChaCha8Rng,
) -> Vec<f64> {
    use Category as C;
    let mut w: Vec<f64> = Category::ALL
        .iter()
        .map(|c| match c {
            C::Dining => 20.0,
            C::Supermarket => 18.0,
            C::OnlineShopping => 16.0,
            C::Apparel => 6.0,
            C::Travel => 3.0,
            C::Fuel => 7.0,
            C::Education => 2.0,
            C::Healthcare => 4.0,
            C::Entertainment => 6.0,
            C::Utilities => 10.0,
            C::Digital => 2.0,
            C::CashAdvance => 0.4,
        })
        .collect();
    let mut scale = |c: Category, f: f64| {
        if let Some(i) = Category::ALL.iter().position(|x| *x == c) {
            w[i] *= f;
        }
    };
    if age < 30 {
        scale(C::OnlineShopping, 1.8);
        scale(C::Dining, 1.3);
        scale(C::Entertainment, 1.8);
        scale(C::Digital, 1.6);
        scale(C::Utilities, 0.6);
        scale(C::Fuel, 0.5);
        scale(C::Healthcare, 0.5);
    }
    if (35..=50).contains(&age) {
        scale(C::Education, 2.5);
    }
    if age >= 60 {
        scale(C::Healthcare, 2.5);
        scale(C::OnlineShopping, 0.4);
        scale(C::Entertainment, 0.5);
        scale(C::Digital, 0.4);
    }
    if gender == Gender::Female {
        scale(C::Apparel, 1.8);
        scale(C::Supermarket, 1.3);
        scale(C::Healthcare, 1.3);
        scale(C::Fuel, 0.6);
        scale(C::Digital, 0.7);
    }
    if residence == Residence::Rural {
        scale(C::OnlineShopping, 0.6);
        scale(C::Supermarket, 1.5);
        scale(C::Fuel, 1.3);
        scale(C::Utilities, 1.3);
        scale(C::Travel, 0.4);
        scale(C::Dining, 0.7);
        scale(C::Education, 1.3);
    }
    match product {
        ProductCode::Platinum | ProductCode::Diamond => {
            scale(C::Travel, 4.0);
            scale(C::Dining, 1.5);
            scale(C::Apparel, 1.5);
            scale(C::Supermarket, 0.7);
        }
        ProductCode::Official => {
            scale(C::Travel, 3.0);
            scale(C::Dining, 1.3);
        }
        _ => {}
    }
    match behaviour {
        Behaviour::Revolver | Behaviour::MinimumPayer => scale(C::CashAdvance, 4.0),
        Behaviour::Delinquent { .. } => scale(C::CashAdvance, 6.0),
        Behaviour::Transactor => {}
    }
    for x in &mut w {
        *x *= rng.gen_range(0.4..1.6);
    }
    w
}

/// Seasonal multiplier of overall activity and of one category in a month.
fn season(month: u32, category: Option<Category>) -> f64 {
    match (month, category) {
        (1 | 2, None) => 1.3,
        (11, None) => 1.25,
        (12, None) => 1.1,
        (10, None) => 1.1,
        (_, None) => 1.0,
        (1 | 2, Some(Category::Supermarket)) => 1.6,
        (1 | 2 | 10, Some(Category::Travel)) => 1.8,
        (7 | 8, Some(Category::Travel)) => 1.4,
        (11, Some(Category::OnlineShopping)) => 2.8,
        (11, Some(Category::Digital)) => 1.8,
        (9, Some(Category::Education)) => 2.5,
        (_, Some(_)) => 1.0,
    }
}

/// Generates customer number `index` (1-based id).
#[allow(clippy::too_many_lines)]
pub fn customer(ctx: &Ctx, index: i64, ids: &mut Ids) -> Bundle {
    let mut rng = ChaCha8Rng::seed_from_u64(
        ctx.seed
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(index as u64),
    );
    let rng = &mut rng;
    let showcase = index <= 2; // the demo cardholders: active, well-behaved
    let today = ctx.as_of;

    // --- who
    let gender = if rng.chance(0.52) {
        Gender::Male
    } else {
        Gender::Female
    };
    let age: i64 = match rng.weighted(&[28.0, 38.0, 24.0, 10.0]) {
        0 => rng.gen_range(19..30),
        1 => rng.gen_range(30..45),
        2 => rng.gen_range(45..60),
        _ => rng.gen_range(60..76),
    };
    let age = if showcase { 34 } else { age };
    let birth_date = add_days(
        NaiveDate::from_ymd_opt(today.year() - age as i32, 1, 1).unwrap_or(today),
        -rng.gen_range(1..365),
    );
    let pweights: Vec<f64> = PROVINCES.iter().map(|p| f64::from(p.weight)).collect();
    let pi = if showcase { 0 } else { rng.weighted(&pweights) };
    let province = &PROVINCES[pi];
    let ci = rng.gen_range(0..province.cities.len());
    let city = &province.cities[ci];
    let residence = if !showcase && rng.chance(f64::from(province.rural_pct) / 100.0) {
        Residence::Rural
    } else {
        Residence::Urban
    };
    let occupation = {
        use Occupation as O;
        if age < 23 && rng.chance(0.6) {
            O::Student
        } else if age >= 60 && rng.chance(0.7) {
            O::Retired
        } else if residence == Residence::Rural && rng.chance(0.4) {
            if rng.chance(0.65) {
                O::Farmer
            } else {
                O::FactoryWorker
            }
        } else {
            const OCC: [Occupation; 7] = [
                Occupation::OfficeWorker,
                Occupation::PublicServant,
                Occupation::Teacher,
                Occupation::Medical,
                Occupation::BusinessOwner,
                Occupation::FactoryWorker,
                Occupation::Freelancer,
            ];
            OCC[rng.weighted(&[30.0, 10.0, 7.0, 6.0, 10.0, 12.0, 10.0])]
        }
    };
    let occupation = if showcase {
        Occupation::OfficeWorker
    } else {
        occupation
    };
    let tier1 = matches!(city.code, "BJ" | "SH" | "SZ" | "GZ");
    let income_band = {
        use IncomeBand as I;
        let mut level: i32 = match occupation {
            Occupation::Student => 0,
            Occupation::Farmer => i32::from(rng.chance(0.3)),
            Occupation::Retired | Occupation::FactoryWorker => 1,
            Occupation::OfficeWorker | Occupation::Teacher | Occupation::Freelancer => {
                1 + i32::from(rng.chance(0.45))
            }
            Occupation::PublicServant | Occupation::Medical => 2,
            Occupation::BusinessOwner => rng.gen_range(2..5),
        };
        if tier1 && rng.chance(0.5) {
            level += 1;
        }
        if residence == Residence::Rural && rng.chance(0.5) {
            level -= 1;
        }
        if rng.chance(0.07) {
            level += 1;
        }
        match level.clamp(0, 4) {
            0 => I::Under5k,
            1 => I::From5kTo10k,
            2 => I::From10kTo20k,
            3 => I::From20kTo50k,
            _ => I::Over50k,
        }
    };
    let income_band = if showcase {
        IncomeBand::From20kTo50k
    } else {
        income_band
    };
    let public_employee = matches!(
        occupation,
        Occupation::PublicServant | Occupation::Teacher | Occupation::Medical
    );
    let product = {
        use ProductCode as P;
        if showcase {
            if index == 1 { P::Platinum } else { P::Gold }
        } else if public_employee && rng.chance(0.55) {
            P::Official
        } else if income_band == IncomeBand::Over50k {
            [P::Diamond, P::Platinum, P::Gold][rng.weighted(&[40.0, 40.0, 20.0])]
        } else if income_band == IncomeBand::From20kTo50k {
            if gender == Gender::Female && rng.chance(0.12) {
                P::Women
            } else {
                [P::Platinum, P::Gold, P::Standard][rng.weighted(&[35.0, 50.0, 15.0])]
            }
        } else if age < 30 && rng.chance(0.6) {
            P::Youth
        } else if gender == Gender::Female && (25..=50).contains(&age) && rng.chance(0.35) {
            P::Women
        } else if income_band == IncomeBand::From10kTo20k && rng.chance(0.4) {
            P::Gold
        } else {
            P::Standard
        }
    };

    // --- relationship
    let joined_on = if showcase || rng.chance(0.75) {
        add_days(ctx.window_start, -rng.gen_range(30..15 * 365))
    } else {
        let span = days_between(ctx.window_start, today) - 14;
        add_days(ctx.window_start, rng.gen_range(0..span.max(1)))
    };
    let behaviour = if showcase {
        Behaviour::Transactor
    } else {
        let months = 24;
        match rng.weighted(&[60.0, 24.0, 8.0, 8.0]) {
            0 => Behaviour::Transactor,
            1 => Behaviour::Revolver,
            2 => Behaviour::MinimumPayer,
            _ => Behaviour::Delinquent {
                start: rng.gen_range(4..months),
                len: if rng.chance(0.35) {
                    None
                } else {
                    Some(rng.gen_range(1..5))
                },
            },
        }
    };
    // Churners fade out from a month in the last 16; a few cards are never used.
    let churn_from: Option<usize> = (!showcase && rng.chance(0.10)).then(|| rng.gen_range(8..21));
    let dormant = !showcase && churn_from.is_none() && rng.chance(0.03);
    let activity = if dormant {
        0.0
    } else {
        rng.lognormal(3.4, 0.7)
    };
    let activity = if showcase { 9.0 } else { activity };
    let income_mult = match income_band {
        IncomeBand::Under5k => 0.6,
        IncomeBand::From5kTo10k => 0.85,
        IncomeBand::From10kTo20k => 1.0,
        IncomeBand::From20kTo50k => 1.4,
        IncomeBand::Over50k => 2.0,
    };

    // --- identity
    let branch_id = ctx
        .branches
        .iter()
        .find(|(k, _)| *k == (pi, ci))
        .map_or(1, |(_, id)| *id);
    let surname_w: Vec<f64> = (0..data::SURNAMES.len())
        .map(|i| 1.0 / (1.0 + i as f64 * 0.25))
        .collect();
    let surname = data::SURNAMES[rng.weighted(&surname_w)];
    let given_pool = if gender == Gender::Male {
        data::MALE_GIVEN
    } else {
        data::FEMALE_GIVEN
    };
    let mut given = (*rng.pick(given_pool)).to_owned();
    if given.chars().count() == 1 && rng.chance(0.55) {
        let second = *rng.pick(given_pool);
        given.extend(second.chars().take(1));
    }
    let name = format!("{surname}{given}");
    // Area (province + a city/district pair) and sequence both come from the
    // index, so IDs are unique for the first million customers; the sequence's
    // parity encodes gender, as on real resident IDs.
    let first17 = format!(
        "{}{:02}{:02}{:04}{:02}{:02}{:03}",
        &province.area_code[..2],
        1 + (index / 50_000) % 20,
        1 + (index / 500) % 100,
        birth_date.year(),
        birth_date.month(),
        birth_date.day(),
        (index % 500) * 2 + i64::from(gender == Gender::Male)
    );
    let national_id = format!("{first17}{}", id_check_char(&first17));
    let mobile = format!(
        "1{}{:08}",
        rng.pick(&["38", "39", "58", "59", "86", "87", "36", "35", "50", "88"]),
        rng.gen_range(0..100_000_000u64)
    );
    let customer_no = format!("C{index:08}");
    let email = rng
        .chance(0.4)
        .then(|| format!("{}@mail.example.cn", customer_no.to_lowercase()));
    let young = age < 40;
    let consent = [
        rng.chance(0.85),
        rng.chance(if young { 0.75 } else { 0.45 }),
        rng.chance(if young { 0.7 } else { 0.4 }),
        email.is_some() && rng.chance(0.6),
        rng.chance(0.4),
    ];
    let do_not_disturb = !showcase && rng.chance(0.05);

    let mut bundle = Bundle::default();
    let customer_id = index;

    // --- past campaigns: membership, reach, and the purchases the offer caused
    let mut extras: Vec<(NaiveDate, Category, i64)> = Vec::new();
    let mut reached: Vec<(usize, Option<&'static str>)> = Vec::new();
    for (k, camp) in ctx.campaigns.iter().enumerate() {
        let facts = AudienceFacts {
            age_at_launch: age_on(birth_date, camp.launched_on),
            product,
        };
        if camp.launched_on >= today || joined_on > camp.launched_on || !(camp.audience)(&facts) {
            continue;
        }
        let arm = assign_arm(camp.holdout_seed, customer_id, camp.holdout_pct);
        bundle.members.push((camp.id, arm.as_str()));
        if arm == Arm::Control {
            continue;
        }
        let channel = crm_api::ConsentChannel::ALL
            .iter()
            .position(|c| *c == camp.channel)
            .unwrap_or(0);
        let reason = if do_not_disturb {
            Some("do_not_disturb")
        } else if !consent[channel] {
            Some("no_consent")
        } else {
            None
        };
        reached.push((k, reason));
        if reason.is_none() {
            // a separate stream, so campaigns do not reshuffle everything else
            let mut crng = ChaCha8Rng::seed_from_u64(
                ctx.seed
                    ^ (camp.id as u64).wrapping_mul(7_919)
                    ^ (index as u64).wrapping_mul(104_729),
            );
            if crng.chance(camp.lift) {
                let day = add_days(camp.launched_on, crng.gen_range(1..camp.window_days.max(2)));
                if day < today {
                    let amount =
                        (camp.min_spend_fen as f64 * crng.gen_range(1.05..2.5)).round() as i64;
                    extras.push((day, camp.category, amount));
                }
            }
        }
    }

    // --- cards: primary plus sometimes a second product
    struct Spec {
        product: ProductCode,
        opened: NaiveDate,
        activity: f64,
        primary: bool,
    }
    let mut specs = vec![Spec {
        product,
        opened: joined_on,
        activity,
        primary: true,
    }];
    if index == 1 || (!showcase && rng.chance(0.18)) {
        let second = if product == ProductCode::Official {
            if income_band >= IncomeBand::From10kTo20k {
                ProductCode::Gold
            } else {
                ProductCode::Standard
            }
        } else if gender == Gender::Female && product != ProductCode::Women {
            ProductCode::Women
        } else if product == ProductCode::Youth {
            ProductCode::Standard
        } else {
            ProductCode::Gold
        };
        let opened = add_days(joined_on, rng.gen_range(60..900));
        if opened < add_days(today, -30) {
            specs.push(Spec {
                product: second,
                opened,
                activity: activity * rng.gen_range(0.2..0.6),
                primary: false,
            });
        }
    }

    // --- service interactions (before cards: a lost card replaces the card)
    let history_start = joined_on.max(ctx.window_start);
    let mut lost_on: Option<NaiveDate> = None;
    let n_interactions = rng.poisson(if behaviour == Behaviour::Transactor {
        1.3
    } else {
        2.2
    });
    let mut interactions: Vec<(NaiveDate, InteractionKind)> = (0..n_interactions)
        .map(|_| {
            let span = days_between(history_start, today).max(2);
            let day = add_days(history_start, rng.gen_range(0..span - 1));
            let kind =
                InteractionKind::ALL[rng.weighted(&[35.0, 10.0, 3.0, 5.0, 10.0, 12.0, 12.0, 13.0])];
            (day, kind)
        })
        .collect();
    if index == 1 {
        interactions.push((add_days(today, -40), InteractionKind::Points));
    }
    interactions.sort_by_key(|(d, _)| *d);
    for (day, kind) in &interactions {
        if *kind == InteractionKind::CardLost && lost_on.is_none() && !showcase {
            lost_on = Some(*day);
        }
    }

    // --- simulate each card month by month
    let months_total = {
        let mut m = 0;
        let mut d = ctx.window_start;
        while d <= today {
            m += 1;
            d = d
                .checked_add_months(Months::new(1))
                .unwrap_or(today.succ_opt().unwrap_or(today));
        }
        m
    };
    let mut earn_events: Vec<(NaiveDate, i64, i64)> = Vec::new(); // (date, card id, points)
    let mut card_runs: Vec<(Spec, NaiveDate, Option<NaiveDate>, CardStatus)> = Vec::new();
    for spec in specs {
        // closing because of churn
        let mut end: Option<NaiveDate> = None;
        let mut status = CardStatus::Active;
        if let Some(cf) = churn_from
            && rng.chance(0.4)
        {
            let close = ctx
                .window_start
                .checked_add_months(Months::new((cf + 4 + rng.gen_range(0..3)) as u32))
                .map(|d| add_days(d, rng.gen_range(0..27)));
            if let Some(close) = close.filter(|c| *c < today && *c > spec.opened) {
                end = Some(close);
                status = CardStatus::Closed;
            }
        }
        if spec.primary
            && let Some(lost) = lost_on.filter(|l| *l > spec.opened)
        {
            // the lost card stops at the loss; a replacement takes over
            let replacement = Spec {
                product: spec.product,
                opened: lost,
                activity: spec.activity,
                primary: true,
            };
            card_runs.push((spec, lost, Some(lost), CardStatus::Lost));
            card_runs.push((replacement, today, end, status));
            continue;
        }
        if !showcase && status == CardStatus::Active && rng.chance(0.01) {
            status = CardStatus::Locked;
        }
        let stop = end.unwrap_or(today);
        card_runs.push((spec, stop, end, status));
    }

    for (spec, stop, closed_on, status) in card_runs {
        let pdef = &PRODUCTS[product_index(spec.product)];
        let card_id = next(&mut ids.card);
        let limit_yuan = rng.gen_range(pdef.limit_yuan.0..=pdef.limit_yuan.1) / 1000 * 1000;
        let limit_fen = limit_yuan * 100;
        bundle.cards.push(CardRow {
            id: card_id,
            customer_id,
            product_id: product_id(spec.product),
            token: format!("tok_{:024x}", rng.r#gen::<u128>() >> 32),
            first6: pdef.bin,
            last4: format!("{:04}", rng.gen_range(0..10_000)),
            limit_fen,
            status,
            opened_on: spec.opened,
            closed_on: if status == CardStatus::Lost {
                Some(stop)
            } else {
                closed_on
            },
            is_primary: spec.primary,
        });
        let cat_w = category_weights(age, gender, residence, spec.product, behaviour, rng);

        let mut balance: i64 = 0; // after the last payment
        let mut prev_new: i64 = 0;
        let mut prev_unpaid_revolving = false;
        let mut arrears_from: Option<usize> = None; // first statement index in this run missed
        let first_month = ctx.window_start;
        for m in 0..months_total {
            let Some(mstart) = first_month.checked_add_months(Months::new(m as u32)) else {
                break;
            };
            let mend = month_end(mstart);
            let from = mstart.max(spec.opened);
            let until = mend.min(add_days(stop, -1)).min(add_days(today, -1));
            if from > until && mend < spec.opened {
                continue;
            }
            // fade for churners
            let fade = match churn_from {
                Some(cf) if m >= cf => (1.0 - (m - cf) as f64 / 4.0).max(0.0),
                _ => 1.0,
            };
            let lambda = spec.activity
                * season(mstart.month(), None)
                * fade
                * (days_between(from, until) + 1).max(0) as f64
                / f64::from(mend.day());
            let n = if from <= until {
                rng.poisson(lambda)
            } else {
                0
            };
            let mut purchases = 0i64;
            let mut earnable = 0i64;
            let mut month_txs: Vec<TxRow> = Vec::with_capacity(n as usize);
            for _ in 0..n {
                let w: Vec<f64> = Category::ALL
                    .iter()
                    .zip(&cat_w)
                    .map(|(c, w)| w * season(mstart.month(), Some(*c)))
                    .collect();
                let category = Category::ALL[rng.weighted(&w)];
                let span = days_between(from, until);
                let mut day = add_days(from, rng.gen_range(0..=span.max(0)));
                if mstart.month() == 11 && category == Category::OnlineShopping && rng.chance(0.5) {
                    let d11 = NaiveDate::from_ymd_opt(mstart.year(), 11, rng.gen_range(1..=11));
                    if let Some(d) = d11.filter(|d| *d >= from && *d <= until) {
                        day = d;
                    }
                }
                let yuan = rng.lognormal(data::median_yuan(category) * income_mult, 0.6);
                let amount_fen = ((yuan * 100.0).round() as i64).max(100);
                if balance + purchases + amount_fen > limit_fen * 21 / 20 {
                    continue; // declined: over limit
                }
                let hour: i64 = match category {
                    Category::Dining => *rng.pick(&[11, 12, 12, 13, 18, 19, 19, 20]),
                    Category::OnlineShopping | Category::Digital => rng.gen_range(12..24),
                    _ => rng.gen_range(8..22),
                };
                let at = start_of_day(day) + hour * 3600 + rng.gen_range(0..3600);
                let channel = match category {
                    Category::CashAdvance => TxChannel::Atm,
                    Category::OnlineShopping => TxChannel::Online,
                    Category::Digital | Category::Utilities if rng.chance(0.55) => {
                        TxChannel::Online
                    }
                    Category::Travel if rng.chance(0.7) => TxChannel::Online,
                    _ if rng.chance(if young { 0.6 } else { 0.35 }) => TxChannel::MobileQr,
                    _ => TxChannel::Pos,
                };
                purchases += amount_fen;
                if category != Category::CashAdvance {
                    earnable += amount_fen;
                }
                month_txs.push(TxRow {
                    id: 0,
                    customer_id,
                    card_id,
                    at,
                    amount_fen,
                    merchant: rng.pick::<&str>(data::merchants(category)),
                    category,
                    channel,
                    installment: amount_fen > 300_000 && rng.chance(0.3),
                });
            }
            if spec.primary {
                // purchases a campaign offer caused (on the primary card)
                for (day, category, amount) in
                    extras.iter().filter(|(d, _, _)| *d >= from && *d <= until)
                {
                    purchases += amount;
                    earnable += amount;
                    month_txs.push(TxRow {
                        id: 0,
                        customer_id,
                        card_id,
                        at: start_of_day(*day) + 20 * 3600 + amount % 3_600,
                        amount_fen: *amount,
                        merchant: data::merchants(*category)[0],
                        category: *category,
                        channel: TxChannel::Online,
                        installment: false,
                    });
                }
            }
            month_txs.sort_by_key(|t| t.at);
            for mut t in month_txs {
                t.id = next(&mut ids.tx);
                bundle.txs.push(t);
            }

            // statement at month end, if the month is over and the card was open
            if mend >= today || mend < spec.opened {
                continue;
            }
            if closed_on.is_some_and(|c| c <= mstart)
                || (status == CardStatus::Lost && stop <= mstart)
            {
                continue;
            }
            let interest = if prev_unpaid_revolving {
                (balance as f64 * 0.015).round() as i64
            } else {
                0
            };
            let new_fen = balance + purchases + interest;
            let minimum = if new_fen <= 0 {
                0
            } else {
                (new_fen / 10).max(new_fen.min(1_000))
            };
            let due = add_days(mend, 20);
            let stmt_index = bundle.statements.len();
            let missing = match behaviour {
                Behaviour::Delinquent { start, len } => {
                    m >= start && len.is_none_or(|l| m < start + l)
                }
                _ => false,
            };
            let pay_day = add_days(due, -rng.gen_range(0..12));
            let (mut paid, mut paid_on) = if new_fen <= 0 {
                (0, None)
            } else if missing {
                arrears_from.get_or_insert(stmt_index);
                (0, None)
            } else {
                let amount = match behaviour {
                    Behaviour::Transactor => new_fen,
                    Behaviour::Revolver => {
                        ((new_fen as f64 * rng.gen_range(0.1..0.6)) as i64).max(minimum)
                    }
                    Behaviour::MinimumPayer => minimum,
                    Behaviour::Delinquent { .. } => {
                        if arrears_from.is_some() {
                            new_fen
                        } else {
                            ((new_fen as f64 * 0.3) as i64).max(minimum)
                        }
                    }
                };
                (amount.min(new_fen), Some(pay_day))
            };
            if paid_on.is_some_and(|d| d >= today) {
                // not paid yet: the due date is still ahead
                paid = 0;
                paid_on = None;
            }
            let statement_id = next(&mut ids.statement);
            bundle.statements.push(StatementRow {
                id: statement_id,
                customer_id,
                card_id,
                cycle: format!("{:04}-{:02}", mstart.year(), mstart.month()),
                closing_date: mend,
                previous_fen: prev_new,
                purchases_fen: purchases,
                interest_fen: interest,
                new_fen,
                minimum_fen: minimum,
                due_date: due,
                paid_fen: paid,
                paid_on,
                days_past_due: 0,
            });
            if paid > 0
                && let Some(day) = paid_on
            {
                // a cure pays all arrears: the missed statements' days past due end here
                if let Some(first_missed) = arrears_from.take() {
                    for s in &mut bundle.statements[first_missed..stmt_index] {
                        if s.card_id == card_id && s.paid_fen == 0 && s.new_fen > 0 {
                            s.days_past_due = days_between(s.due_date, day).max(0);
                        }
                    }
                }
                bundle.payments.push(PaymentRow {
                    id: next(&mut ids.payment),
                    customer_id,
                    card_id,
                    statement_id,
                    at: start_of_day(day) + rng.gen_range(8 * 3600..22 * 3600),
                    amount_fen: paid,
                    channel: ["auto_debit", "app", "app", "wechat", "counter"][rng.gen_range(0..5)],
                });
            }
            prev_unpaid_revolving = paid < new_fen && new_fen > 0;
            balance = new_fen - paid;
            prev_new = new_fen;
            if earnable > 0 {
                earn_events.push((mend, card_id, earnable / 100 * pdef.points_per_yuan));
            }
        }
        // still in arrears at the end: days past due run to today
        if let Some(first_missed) = arrears_from {
            for s in &mut bundle.statements[first_missed..] {
                if s.card_id == card_id && s.paid_fen == 0 && s.new_fen > 0 && s.due_date < today {
                    s.days_past_due = days_between(s.due_date, today);
                }
            }
        }
    }

    // --- points ledger: earn, redeem (FIFO), expire after two years, rare adjustments
    earn_events.sort_by_key(|e| e.0);
    let redeemer = showcase || rng.chance(0.3);
    let mut lots: std::collections::VecDeque<(NaiveDate, i64)> = Default::default(); // (expires, remaining)
    let mut balance: i64 = 0;
    let mut events: Vec<PointsRow> = Vec::new();
    let opening = rng.gen_range(0..8_000) * i64::from(joined_on < ctx.window_start);
    if opening > 0 {
        // points carried over from before the window, expiring within the window
        let expires = add_days(ctx.window_start, rng.gen_range(30..700));
        let at = start_of_day(ctx.window_start);
        events.push(PointsRow {
            id: 0,
            customer_id,
            card_id: None,
            at,
            kind: PointsKind::Adjust,
            points: opening,
            expires_on: Some(expires),
            description: "历史积分结转".into(),
        });
        lots.push_back((expires, opening));
        balance += opening;
    }
    for (day, card_id, pts) in earn_events {
        // expire lots that ran out before this day
        while let Some(&(exp, rem)) = lots.front() {
            if exp > day {
                break;
            }
            lots.pop_front();
            if rem > 0 {
                events.push(PointsRow {
                    id: 0,
                    customer_id,
                    card_id: None,
                    at: start_of_day(exp),
                    kind: PointsKind::Expire,
                    points: -rem,
                    expires_on: None,
                    description: "积分到期".into(),
                });
                balance -= rem;
            }
        }
        if pts > 0 {
            let expires = add_days(day, 730);
            events.push(PointsRow {
                id: 0,
                customer_id,
                card_id: Some(card_id),
                at: start_of_day(day) + 23 * 3600,
                kind: PointsKind::Earn,
                points: pts,
                expires_on: Some(expires),
                description: format!("消费积分 {:04}-{:02}", day.year(), day.month()),
            });
            lots.push_back((expires, pts));
            balance += pts;
        }
        if redeemer && balance >= 3_000 && rng.chance(0.15) {
            let amount = (balance as f64 * rng.gen_range(0.3..0.8)) as i64 / 100 * 100;
            let what = *rng.pick(&[
                "兑换：航空里程",
                "兑换：超市购物卡",
                "兑换：电影票",
                "抵扣年费",
                "兑换：话费充值",
            ]);
            let at = start_of_day(add_days(day, rng.gen_range(2..25)).min(add_days(today, -1)))
                + 15 * 3600;
            events.push(PointsRow {
                id: 0,
                customer_id,
                card_id: None,
                at,
                kind: PointsKind::Redeem,
                points: -amount,
                expires_on: None,
                description: what.into(),
            });
            balance -= amount;
            let mut left = amount;
            while left > 0 {
                let Some(front) = lots.front_mut() else { break };
                let take = front.1.min(left);
                front.1 -= take;
                left -= take;
                if front.1 == 0 {
                    lots.pop_front();
                }
            }
        }
    }
    while let Some((exp, rem)) = lots.pop_front() {
        if exp <= today && rem > 0 {
            events.push(PointsRow {
                id: 0,
                customer_id,
                card_id: None,
                at: start_of_day(exp),
                kind: PointsKind::Expire,
                points: -rem,
                expires_on: None,
                description: "积分到期".into(),
            });
        }
    }
    if rng.chance(0.05) {
        let at = start_of_day(add_days(today, -rng.gen_range(5..300)));
        events.push(PointsRow {
            id: 0,
            customer_id,
            card_id: None,
            at,
            kind: PointsKind::Adjust,
            points: 500,
            expires_on: Some(add_days(today, 365)),
            description: "活动奖励积分".into(),
        });
    }
    events.sort_by_key(|e| e.at);
    for mut e in events {
        e.id = next(&mut ids.points);
        bundle.points.push(e);
    }

    // --- interactions and the surveys that follow them
    for (day, kind) in interactions {
        let channel = InteractionChannel::ALL[rng.weighted(if young {
            &[30.0, 30.0, 20.0, 6.0, 12.0, 2.0]
        } else {
            &[48.0, 14.0, 10.0, 16.0, 8.0, 4.0]
        })];
        let median_response: f64 = match channel {
            InteractionChannel::Phone => 90.0,
            InteractionChannel::OnlineChat => 40.0,
            InteractionChannel::Branch => 420.0,
            InteractionChannel::Email => 4.0 * 3600.0,
            InteractionChannel::App => 600.0,
            InteractionChannel::Wechat => 300.0,
        };
        let first_response = rng.lognormal(median_response, 0.8).round() as i64;
        let slow = first_response as f64 > 2.0 * median_response;
        let recent = days_between(day, today) < 14;
        let outcome = match rng.weighted(&[82.0, 12.0, 6.0]) {
            2 if recent => Outcome::Pending,
            1 => Outcome::Escalated,
            _ => Outcome::Resolved,
        };
        let resolution = match outcome {
            Outcome::Pending => None,
            Outcome::Resolved => Some(
                first_response
                    + rng.lognormal(
                        if matches!(kind, InteractionKind::Complaint | InteractionKind::Dispute) {
                            2.0 * 86_400.0
                        } else {
                            900.0
                        },
                        0.9,
                    ) as i64,
            ),
            Outcome::Escalated => Some(first_response + rng.lognormal(3.0 * 86_400.0, 0.6) as i64),
        };
        let agent_id = match channel {
            InteractionChannel::App | InteractionChannel::Wechat
                if outcome != Outcome::Escalated =>
            {
                None
            }
            _ => Some(*rng.pick(&ctx.agents)),
        };
        let summaries: Vec<&'static str> = data::INTERACTION_SUMMARIES
            .iter()
            .filter(|(k, _)| *k == kind.as_str())
            .map(|(_, s)| *s)
            .collect();
        let summary = summaries
            .first()
            .map_or("客户来电", |_| *rng.pick(&summaries));
        let at = start_of_day(day) + rng.gen_range(8 * 3600..21 * 3600);
        let interaction_id = next(&mut ids.interaction);
        bundle.interactions.push(InteractionRow {
            id: interaction_id,
            customer_id,
            at,
            channel,
            kind,
            agent_id,
            outcome,
            first_response_secs: Some(first_response),
            resolution_secs: resolution,
            summary,
        });
        if outcome != Outcome::Pending && rng.chance(0.45) {
            let mut score = 4.4 + 0.7 * rng.normal();
            if slow {
                score -= 1.2;
            }
            if outcome == Outcome::Escalated {
                score -= 1.3;
            }
            if kind == InteractionKind::Complaint {
                score -= 0.8;
            }
            let csat = score.round().clamp(1.0, 5.0) as i64;
            let nps = (2.3 * csat as f64 - 1.2 + 1.2 * rng.normal())
                .round()
                .clamp(0.0, 10.0) as i64;
            let touchpoint = crm_api::surveys::Touchpoint::of_interaction(kind).as_str();
            let sentiment = match csat {
                1 | 2 => 0,
                3 => 1,
                _ => 2,
            };
            let comment = rng
                .chance(0.5)
                .then(|| *rng.pick(data::COMMENTS[sentiment]));
            let at = at + resolution.unwrap_or(3600) + rng.gen_range(600..86_400);
            if at < start_of_day(today) {
                bundle.surveys.push(SurveyRow {
                    id: next(&mut ids.survey),
                    customer_id,
                    at,
                    nps: Some(nps),
                    csat: Some(csat),
                    channel: channel.as_str(),
                    touchpoint,
                    interaction_id: Some(interaction_id),
                    comment,
                    survey: "service_csat",
                });
            }
        }
    }
    // periodic relationship survey
    if rng.chance(0.2) {
        let mut base = 8.0;
        if matches!(behaviour, Behaviour::Delinquent { .. }) || churn_from.is_some() {
            base -= 2.2;
        }
        if matches!(product, ProductCode::Platinum | ProductCode::Diamond) {
            base += 0.6;
        }
        if residence == Residence::Rural {
            base += 0.3;
        }
        let nps = (base + 1.8 * rng.normal()).round().clamp(0.0, 10.0) as i64;
        let sentiment = match nps {
            0..=6 => 0,
            7 | 8 => 1,
            _ => 2,
        };
        let span = days_between(history_start, today).max(2);
        let at = start_of_day(add_days(history_start, rng.gen_range(0..span - 1))) + 10 * 3600;
        bundle.surveys.push(SurveyRow {
            id: next(&mut ids.survey),
            customer_id,
            at,
            nps: Some(nps),
            csat: None,
            channel: if young { "app_push" } else { "sms" },
            touchpoint: "relationship",
            interaction_id: None,
            comment: rng
                .chance(0.3)
                .then(|| *rng.pick(data::COMMENTS[sentiment])),
            survey: "relationship",
        });
    }

    let last4 = bundle
        .cards
        .iter()
        .find(|c| c.is_primary && c.status != CardStatus::Closed)
        .or(bundle.cards.first())
        .map(|c| c.last4.clone())
        .unwrap_or_default();
    for (k, reason) in reached {
        let camp = &ctx.campaigns[k];
        let message = render(
            camp.template,
            &Personal {
                name: name.clone(),
                card_last4: last4.clone(),
                ..Personal::default()
            },
        );
        bundle.deliveries.push(DeliveryRow {
            id: next(&mut ids.delivery),
            campaign_id: camp.id,
            customer_id,
            channel: camp.channel.as_str(),
            status: if reason.is_none() {
                "sent"
            } else {
                "suppressed"
            },
            reason,
            sent_at: reason
                .is_none()
                .then(|| start_of_day(camp.launched_on) + 10 * 3600 + index % 3_600),
            message,
        });
    }

    bundle.customer = Some(CustomerRow {
        id: customer_id,
        customer_no,
        name,
        gender,
        birth_date,
        national_id,
        mobile,
        email,
        province: province.name,
        city: city.name,
        residence,
        occupation,
        income_band,
        branch_id,
        joined_on,
        consent,
        do_not_disturb,
    });
    bundle
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> Ctx {
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default();
        Ctx {
            seed: 42,
            as_of,
            window_start: NaiveDate::from_ymd_opt(2024, 11, 1).unwrap_or_default(),
            branches: vec![((0, 0), 1)],
            agents: vec![4, 5],
            campaigns: vec![],
        }
    }

    #[test]
    fn resident_id_check_character() {
        // Published example: 11010519491231002X.
        assert_eq!(id_check_char("11010519491231002"), 'X');
    }

    #[test]
    fn same_seed_same_customer() {
        let (mut a, mut b) = (Ids::default(), Ids::default());
        let x = customer(&ctx(), 17, &mut a);
        let y = customer(&ctx(), 17, &mut b);
        let (cx, cy) = (x.customer.as_ref(), y.customer.as_ref());
        assert_eq!(cx.map(|c| &c.name), cy.map(|c| &c.name));
        assert_eq!(x.txs.len(), y.txs.len());
        assert_eq!(
            x.txs.iter().map(|t| t.amount_fen).sum::<i64>(),
            y.txs.iter().map(|t| t.amount_fen).sum::<i64>()
        );
    }

    #[test]
    fn generated_history_is_consistent() {
        let c = ctx();
        let mut ids = Ids::default();
        let today_ts = start_of_day(c.as_of);
        let mut total_tx = 0;
        for i in 1..=300 {
            let b = customer(&c, i, &mut ids);
            total_tx += b.txs.len();
            let cust = b.customer.as_ref().expect("customer row");
            assert_eq!(cust.national_id.len(), 18);
            assert!(b.txs.iter().all(|t| t.at < today_ts && t.amount_fen > 0));
            // every transaction belongs to one of the customer's cards
            assert!(
                b.txs
                    .iter()
                    .all(|t| b.cards.iter().any(|k| k.id == t.card_id))
            );
            // points never go negative along the ledger
            let mut bal = 0;
            for p in &b.points {
                bal += p.points;
                assert!(bal >= 0, "customer {i} points went negative");
            }
            // statements: minimum never above balance, dpd only when unpaid
            for s in &b.statements {
                assert!(s.minimum_fen <= s.new_fen.max(0));
                assert!(s.days_past_due == 0 || s.paid_fen == 0);
            }
            for s in &b.surveys {
                assert!(s.nps.is_none_or(|n| (0..=10).contains(&n)));
                assert!(s.csat.is_none_or(|n| (1..=5).contains(&n)));
            }
        }
        // roughly 100 transactions per customer over two years
        assert!((15_000..60_000).contains(&total_tx), "{total_tx}");
    }
}
