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
///
/// The steps run in a fixed order on one random stream (campaign responses
/// draw from their own): changing the order changes the demo data.
pub fn customer(ctx: &Ctx, index: i64, ids: &mut Ids) -> Bundle {
    let mut rng = ChaCha8Rng::seed_from_u64(
        ctx.seed
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(index as u64),
    );
    let rng = &mut rng;
    let p = persona(ctx, index, rng);
    let h = habits(ctx, &p, rng);
    let who = identity(ctx, index, &p, rng);

    let mut bundle = Bundle::default();
    let (extras, reached) = past_campaigns(ctx, index, &p, &h, &who, &mut bundle.members);
    let specs = card_specs(ctx, index, &p, &h, rng);
    let (history_start, interactions, lost_on) = interaction_days(ctx, index, &p, &h, rng);
    let runs = card_runs(ctx, &p, &h, specs, lost_on, rng);
    let sim = Sim {
        ctx,
        p: &p,
        h: &h,
        customer_id: index,
        extras: &extras,
        months_total: months_in_window(ctx),
    };
    let mut earn_events: Vec<(NaiveDate, i64, i64)> = Vec::new(); // (date, card id, points)
    for run in runs {
        simulate_card(&sim, run, ids, &mut bundle, &mut earn_events, rng);
    }
    for mut e in points_ledger(ctx, index, &p, &h, earn_events, rng) {
        e.id = next(&mut ids.points);
        bundle.points.push(e);
    }
    for (day, kind) in interactions {
        service(ctx, index, &p, (day, kind), ids, &mut bundle, rng);
    }
    if let Some(survey) = relationship_survey(ctx, index, &p, &h, history_start, ids, rng) {
        bundle.surveys.push(survey);
    }
    campaign_deliveries(ctx, index, &who.name, reached, ids, &mut bundle);
    bundle.customer = Some(customer_row(index, &p, &h, who));
    bundle
}

/// Who a customer is: the persona everything else follows.
struct Persona {
    /// The demo cardholders: active, well-behaved.
    showcase: bool,
    gender: Gender,
    age: i64,
    birth_date: NaiveDate,
    /// Province and city indexes.
    place: (usize, usize),
    residence: Residence,
    occupation: Occupation,
    income_band: IncomeBand,
    product: ProductCode,
}

impl Persona {
    fn young(&self) -> bool {
        self.age < 40
    }

    fn province(&self) -> &'static data::Province {
        &PROVINCES[self.place.0]
    }

    fn city(&self) -> &'static data::City {
        &self.province().cities[self.place.1]
    }
}

fn persona(ctx: &Ctx, index: i64, rng: &mut ChaCha8Rng) -> Persona {
    let showcase = index <= 2;
    let today = ctx.as_of;
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
    let occupation = occupation(age, residence, rng);
    let occupation = if showcase {
        Occupation::OfficeWorker
    } else {
        occupation
    };
    let tier1 = matches!(city.code, "BJ" | "SH" | "SZ" | "GZ");
    let income_band = income_band(occupation, tier1, residence, rng);
    let income_band = if showcase {
        IncomeBand::From20kTo50k
    } else {
        income_band
    };
    let mut p = Persona {
        showcase,
        gender,
        age,
        birth_date,
        place: (pi, ci),
        residence,
        occupation,
        income_band,
        product: ProductCode::Standard,
    };
    p.product = product(index, &p, rng);
    p
}

fn occupation(age: i64, residence: Residence, rng: &mut ChaCha8Rng) -> Occupation {
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
}

fn income_band(
    occupation: Occupation,
    tier1: bool,
    residence: Residence,
    rng: &mut ChaCha8Rng,
) -> IncomeBand {
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
}

/// The primary product: age and income pick it (official cards for public employees).
fn product(index: i64, p: &Persona, rng: &mut ChaCha8Rng) -> ProductCode {
    use ProductCode as P;
    let public_employee = matches!(
        p.occupation,
        Occupation::PublicServant | Occupation::Teacher | Occupation::Medical
    );
    let (gender, age, income_band) = (p.gender, p.age, p.income_band);
    if p.showcase {
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
}

/// The relationship: since when, how the customer pays and spends.
struct Habits {
    joined_on: NaiveDate,
    behaviour: Behaviour,
    /// Churners fade out from this month of the window.
    churn_from: Option<usize>,
    activity: f64,
    income_mult: f64,
}

fn habits(ctx: &Ctx, p: &Persona, rng: &mut ChaCha8Rng) -> Habits {
    let showcase = p.showcase;
    let joined_on = if showcase || rng.chance(0.75) {
        add_days(ctx.window_start, -rng.gen_range(30..15 * 365))
    } else {
        let span = days_between(ctx.window_start, ctx.as_of) - 14;
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
    let income_mult = match p.income_band {
        IncomeBand::Under5k => 0.6,
        IncomeBand::From5kTo10k => 0.85,
        IncomeBand::From10kTo20k => 1.0,
        IncomeBand::From20kTo50k => 1.4,
        IncomeBand::Over50k => 2.0,
    };
    Habits {
        joined_on,
        behaviour,
        churn_from,
        activity,
        income_mult,
    }
}

/// Name, numbers and consents.
struct Identity {
    branch_id: i64,
    name: String,
    national_id: String,
    mobile: String,
    customer_no: String,
    email: Option<String>,
    /// sms, app_push, wechat, email, outbound_call
    consent: [bool; 5],
    do_not_disturb: bool,
}

fn identity(ctx: &Ctx, index: i64, p: &Persona, rng: &mut ChaCha8Rng) -> Identity {
    let branch_id = ctx
        .branches
        .iter()
        .find(|(k, _)| *k == p.place)
        .map_or(1, |(_, id)| *id);
    let surname_w: Vec<f64> = (0..data::SURNAMES.len())
        .map(|i| 1.0 / (1.0 + i as f64 * 0.25))
        .collect();
    let surname = data::SURNAMES[rng.weighted(&surname_w)];
    let given_pool = if p.gender == Gender::Male {
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
    let national_id = national_id(index, p);
    let mobile = format!(
        "1{}{:08}",
        rng.pick(&["38", "39", "58", "59", "86", "87", "36", "35", "50", "88"]),
        rng.gen_range(0..100_000_000u64)
    );
    let customer_no = format!("C{index:08}");
    let email = rng
        .chance(0.4)
        .then(|| format!("{}@mail.example.cn", customer_no.to_lowercase()));
    let young = p.young();
    let consent = [
        rng.chance(0.85),
        rng.chance(if young { 0.75 } else { 0.45 }),
        rng.chance(if young { 0.7 } else { 0.4 }),
        email.is_some() && rng.chance(0.6),
        rng.chance(0.4),
    ];
    let do_not_disturb = !p.showcase && rng.chance(0.05);
    Identity {
        branch_id,
        name,
        national_id,
        mobile,
        customer_no,
        email,
        consent,
        do_not_disturb,
    }
}

/// Area (province + a city/district pair) and sequence both come from the
/// index, so IDs are unique for the first million customers; the sequence's
/// parity encodes gender, as on real resident IDs.
fn national_id(index: i64, p: &Persona) -> String {
    let birth_date = p.birth_date;
    let first17 = format!(
        "{}{:02}{:02}{:04}{:02}{:02}{:03}",
        &p.province().area_code[..2],
        1 + (index / 50_000) % 20,
        1 + (index / 500) % 100,
        birth_date.year(),
        birth_date.month(),
        birth_date.day(),
        (index % 500) * 2 + i64::from(p.gender == Gender::Male)
    );
    format!("{first17}{}", id_check_char(&first17))
}

/// A purchase a campaign offer caused: day, category, amount (fen).
type Extra = (NaiveDate, Category, i64);

/// Past campaigns: membership (into `members`), reach, and the purchases the
/// offer caused. Answers the extra purchases and `(campaign index, why
/// suppressed)` of the treatment members. Draws from its own stream per
/// campaign, so campaigns do not reshuffle everything else.
fn past_campaigns(
    ctx: &Ctx,
    index: i64,
    p: &Persona,
    h: &Habits,
    who: &Identity,
    members: &mut Vec<(i64, &'static str)>,
) -> (Vec<Extra>, Vec<(usize, Option<&'static str>)>) {
    let today = ctx.as_of;
    let customer_id = index;
    let mut extras: Vec<Extra> = Vec::new();
    let mut reached: Vec<(usize, Option<&'static str>)> = Vec::new();
    for (k, camp) in ctx.campaigns.iter().enumerate() {
        let facts = AudienceFacts {
            age_at_launch: age_on(p.birth_date, camp.launched_on),
            product: p.product,
        };
        if camp.launched_on >= today || h.joined_on > camp.launched_on || !(camp.audience)(&facts) {
            continue;
        }
        let arm = assign_arm(camp.holdout_seed, customer_id, camp.holdout_pct);
        members.push((camp.id, arm.as_str()));
        if arm == Arm::Control {
            continue;
        }
        let channel = crm_api::ConsentChannel::ALL
            .iter()
            .position(|c| *c == camp.channel)
            .unwrap_or(0);
        let reason = if who.do_not_disturb {
            Some("do_not_disturb")
        } else if !who.consent[channel] {
            Some("no_consent")
        } else {
            None
        };
        reached.push((k, reason));
        if reason.is_none() {
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
    (extras, reached)
}

/// A card to simulate.
struct CardSpec {
    product: ProductCode,
    opened: NaiveDate,
    activity: f64,
    primary: bool,
}

/// Cards: the primary plus sometimes a second product.
fn card_specs(
    ctx: &Ctx,
    index: i64,
    p: &Persona,
    h: &Habits,
    rng: &mut ChaCha8Rng,
) -> Vec<CardSpec> {
    let product = p.product;
    let mut specs = vec![CardSpec {
        product,
        opened: h.joined_on,
        activity: h.activity,
        primary: true,
    }];
    if index == 1 || (!p.showcase && rng.chance(0.18)) {
        let second = if product == ProductCode::Official {
            if p.income_band >= IncomeBand::From10kTo20k {
                ProductCode::Gold
            } else {
                ProductCode::Standard
            }
        } else if p.gender == Gender::Female && product != ProductCode::Women {
            ProductCode::Women
        } else if product == ProductCode::Youth {
            ProductCode::Standard
        } else {
            ProductCode::Gold
        };
        let opened = add_days(h.joined_on, rng.gen_range(60..900));
        if opened < add_days(ctx.as_of, -30) {
            specs.push(CardSpec {
                product: second,
                opened,
                activity: h.activity * rng.gen_range(0.2..0.6),
                primary: false,
            });
        }
    }
    specs
}

/// Service interactions' days and kinds, decided before the cards (a lost
/// card replaces the card). Answers the history's first day, the
/// interactions by day, and the day a card was lost.
fn interaction_days(
    ctx: &Ctx,
    index: i64,
    p: &Persona,
    h: &Habits,
    rng: &mut ChaCha8Rng,
) -> (
    NaiveDate,
    Vec<(NaiveDate, InteractionKind)>,
    Option<NaiveDate>,
) {
    let today = ctx.as_of;
    let history_start = h.joined_on.max(ctx.window_start);
    let mut lost_on: Option<NaiveDate> = None;
    let n_interactions = rng.poisson(if h.behaviour == Behaviour::Transactor {
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
        if *kind == InteractionKind::CardLost && lost_on.is_none() && !p.showcase {
            lost_on = Some(*day);
        }
    }
    (history_start, interactions, lost_on)
}

/// Months from the window's first to `as_of`, both included.
fn months_in_window(ctx: &Ctx) -> usize {
    let today = ctx.as_of;
    let mut m = 0;
    let mut d = ctx.window_start;
    while d <= today {
        m += 1;
        d = d
            .checked_add_months(Months::new(1))
            .unwrap_or(today.succ_opt().unwrap_or(today));
    }
    m
}

/// A card's run: the card, the day it stops, the day it closed, its status.
type CardRun = (CardSpec, NaiveDate, Option<NaiveDate>, CardStatus);

/// How each card's life goes: closed by churn, replaced when lost, rarely locked.
fn card_runs(
    ctx: &Ctx,
    p: &Persona,
    h: &Habits,
    specs: Vec<CardSpec>,
    lost_on: Option<NaiveDate>,
    rng: &mut ChaCha8Rng,
) -> Vec<CardRun> {
    let today = ctx.as_of;
    let mut card_runs: Vec<CardRun> = Vec::new();
    for spec in specs {
        // closing because of churn
        let mut end: Option<NaiveDate> = None;
        let mut status = CardStatus::Active;
        if let Some(cf) = h.churn_from
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
            let replacement = CardSpec {
                product: spec.product,
                opened: lost,
                activity: spec.activity,
                primary: true,
            };
            card_runs.push((spec, lost, Some(lost), CardStatus::Lost));
            card_runs.push((replacement, today, end, status));
            continue;
        }
        if !p.showcase && status == CardStatus::Active && rng.chance(0.01) {
            status = CardStatus::Locked;
        }
        let stop = end.unwrap_or(today);
        card_runs.push((spec, stop, end, status));
    }
    card_runs
}

/// What simulating a customer's cards reads.
struct Sim<'a> {
    ctx: &'a Ctx,
    p: &'a Persona,
    h: &'a Habits,
    customer_id: i64,
    extras: &'a [Extra],
    months_total: usize,
}

/// One card being simulated.
struct Card<'a> {
    spec: CardSpec,
    pdef: &'a data::ProductDef,
    id: i64,
    limit_fen: i64,
    stop: NaiveDate,
    closed_on: Option<NaiveDate>,
    status: CardStatus,
    cat_w: Vec<f64>,
}

/// A card's balances from one statement to the next.
#[derive(Default)]
struct Account {
    /// After the last payment.
    balance: i64,
    prev_new: i64,
    prev_unpaid_revolving: bool,
    /// First statement index (in the bundle) missed in this run.
    arrears_from: Option<usize>,
}

/// A month of a card: its first and last day, and the days the card was usable.
struct Month {
    m: usize,
    mstart: NaiveDate,
    mend: NaiveDate,
    from: NaiveDate,
    until: NaiveDate,
}

/// Simulates one card month by month: its row, transactions, statements,
/// payments, and the points each closed month earns (into `earn_events`).
fn simulate_card(
    sim: &Sim<'_>,
    (spec, stop, closed_on, status): CardRun,
    ids: &mut Ids,
    bundle: &mut Bundle,
    earn_events: &mut Vec<(NaiveDate, i64, i64)>,
    rng: &mut ChaCha8Rng,
) {
    let today = sim.ctx.as_of;
    let pdef = &PRODUCTS[product_index(spec.product)];
    let card_id = next(&mut ids.card);
    let limit_yuan = rng.gen_range(pdef.limit_yuan.0..=pdef.limit_yuan.1) / 1000 * 1000;
    let limit_fen = limit_yuan * 100;
    bundle.cards.push(CardRow {
        id: card_id,
        customer_id: sim.customer_id,
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
    let p = sim.p;
    let cat_w = category_weights(
        p.age,
        p.gender,
        p.residence,
        spec.product,
        sim.h.behaviour,
        rng,
    );
    let card = Card {
        spec,
        pdef,
        id: card_id,
        limit_fen,
        stop,
        closed_on,
        status,
        cat_w,
    };
    let mut account = Account::default();
    let first_month = sim.ctx.window_start;
    for m in 0..sim.months_total {
        let Some(mstart) = first_month.checked_add_months(Months::new(m as u32)) else {
            break;
        };
        let mend = month_end(mstart);
        let from = mstart.max(card.spec.opened);
        let until = mend.min(add_days(stop, -1)).min(add_days(today, -1));
        if from > until && mend < card.spec.opened {
            continue;
        }
        let month = Month {
            m,
            mstart,
            mend,
            from,
            until,
        };
        let (month_txs, purchases, earnable) = month_purchases(sim, &card, &month, &account, rng);
        for mut t in month_txs {
            t.id = next(&mut ids.tx);
            bundle.txs.push(t);
        }
        close_month(
            sim,
            &card,
            &month,
            (purchases, earnable),
            &mut account,
            (ids, bundle, earn_events),
            rng,
        );
    }
    // still in arrears at the end: days past due run to today
    if let Some(first_missed) = account.arrears_from {
        for s in &mut bundle.statements[first_missed..] {
            if s.card_id == card_id && s.paid_fen == 0 && s.new_fen > 0 && s.due_date < today {
                s.days_past_due = days_between(s.due_date, today);
            }
        }
    }
}

/// A month's purchases on a card (over-limit ones declined), with those a
/// campaign offer caused on the primary card, by time. Answers them, their
/// total, and the part that earns points (all but cash advances).
fn month_purchases(
    sim: &Sim<'_>,
    card: &Card<'_>,
    month: &Month,
    account: &Account,
    rng: &mut ChaCha8Rng,
) -> (Vec<TxRow>, i64, i64) {
    let Month {
        m,
        mstart,
        mend,
        from,
        until,
    } = *month;
    // fade for churners
    let fade = match sim.h.churn_from {
        Some(cf) if m >= cf => (1.0 - (m - cf) as f64 / 4.0).max(0.0),
        _ => 1.0,
    };
    let lambda = card.spec.activity
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
        let Some(t) = purchase(sim, card, month, account.balance + purchases, rng) else {
            continue; // declined: over limit
        };
        purchases += t.amount_fen;
        if t.category != Category::CashAdvance {
            earnable += t.amount_fen;
        }
        month_txs.push(t);
    }
    if card.spec.primary {
        // purchases a campaign offer caused (on the primary card)
        for (day, category, amount) in sim
            .extras
            .iter()
            .filter(|(d, _, _)| *d >= from && *d <= until)
        {
            purchases += amount;
            earnable += amount;
            month_txs.push(TxRow {
                id: 0,
                customer_id: sim.customer_id,
                card_id: card.id,
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
    (month_txs, purchases, earnable)
}

/// One purchase in the month (`None`: declined, the card's limit reached
/// with `owed` already on it).
fn purchase(
    sim: &Sim<'_>,
    card: &Card<'_>,
    month: &Month,
    owed: i64,
    rng: &mut ChaCha8Rng,
) -> Option<TxRow> {
    let Month {
        mstart,
        from,
        until,
        ..
    } = *month;
    let w: Vec<f64> = Category::ALL
        .iter()
        .zip(&card.cat_w)
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
    let yuan = rng.lognormal(data::median_yuan(category) * sim.h.income_mult, 0.6);
    let amount_fen = ((yuan * 100.0).round() as i64).max(100);
    if owed + amount_fen > card.limit_fen * 21 / 20 {
        return None;
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
        Category::Digital | Category::Utilities if rng.chance(0.55) => TxChannel::Online,
        Category::Travel if rng.chance(0.7) => TxChannel::Online,
        _ if rng.chance(if sim.p.young() { 0.6 } else { 0.35 }) => TxChannel::MobileQr,
        _ => TxChannel::Pos,
    };
    Some(TxRow {
        id: 0,
        customer_id: sim.customer_id,
        card_id: card.id,
        at,
        amount_fen,
        merchant: rng.pick::<&str>(data::merchants(category)),
        category,
        channel,
        installment: amount_fen > 300_000 && rng.chance(0.3),
    })
}

/// The statement at month end, if the month is over and the card was open,
/// with its payment (how much follows the payment behaviour) and the points
/// the month earned.
fn close_month(
    sim: &Sim<'_>,
    card: &Card<'_>,
    month: &Month,
    (purchases, earnable): (i64, i64),
    account: &mut Account,
    (ids, bundle, earn_events): (&mut Ids, &mut Bundle, &mut Vec<(NaiveDate, i64, i64)>),
    rng: &mut ChaCha8Rng,
) {
    let today = sim.ctx.as_of;
    let Month {
        m, mstart, mend, ..
    } = *month;
    if mend >= today || mend < card.spec.opened {
        return;
    }
    if card.closed_on.is_some_and(|c| c <= mstart)
        || (card.status == CardStatus::Lost && card.stop <= mstart)
    {
        return;
    }
    let interest = if account.prev_unpaid_revolving {
        (account.balance as f64 * 0.015).round() as i64
    } else {
        0
    };
    let new_fen = account.balance + purchases + interest;
    let minimum = if new_fen <= 0 {
        0
    } else {
        (new_fen / 10).max(new_fen.min(1_000))
    };
    let due = add_days(mend, 20);
    let stmt_index = bundle.statements.len();
    let (paid, paid_on) = payment(sim, m, (new_fen, minimum, due), stmt_index, account, rng);
    let statement_id = next(&mut ids.statement);
    bundle.statements.push(StatementRow {
        id: statement_id,
        customer_id: sim.customer_id,
        card_id: card.id,
        cycle: format!("{:04}-{:02}", mstart.year(), mstart.month()),
        closing_date: mend,
        previous_fen: account.prev_new,
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
        if let Some(first_missed) = account.arrears_from.take() {
            for s in &mut bundle.statements[first_missed..stmt_index] {
                if s.card_id == card.id && s.paid_fen == 0 && s.new_fen > 0 {
                    s.days_past_due = days_between(s.due_date, day).max(0);
                }
            }
        }
        bundle.payments.push(PaymentRow {
            id: next(&mut ids.payment),
            customer_id: sim.customer_id,
            card_id: card.id,
            statement_id,
            at: start_of_day(day) + rng.gen_range(8 * 3600..22 * 3600),
            amount_fen: paid,
            channel: ["auto_debit", "app", "app", "wechat", "counter"][rng.gen_range(0..5)],
        });
    }
    account.prev_unpaid_revolving = paid < new_fen && new_fen > 0;
    account.balance = new_fen - paid;
    account.prev_new = new_fen;
    if earnable > 0 {
        earn_events.push((mend, card.id, earnable / 100 * card.pdef.points_per_yuan));
    }
}

/// What is paid on a statement of `(new balance, minimum, due date)`, and
/// when (nothing when missed or not yet due). A first miss starts the arrears
/// at `stmt_index`.
fn payment(
    sim: &Sim<'_>,
    m: usize,
    (new_fen, minimum, due): (i64, i64, NaiveDate),
    stmt_index: usize,
    account: &mut Account,
    rng: &mut ChaCha8Rng,
) -> (i64, Option<NaiveDate>) {
    let behaviour = sim.h.behaviour;
    let missing = match behaviour {
        Behaviour::Delinquent { start, len } => m >= start && len.is_none_or(|l| m < start + l),
        _ => false,
    };
    let pay_day = add_days(due, -rng.gen_range(0..12));
    let (paid, paid_on) = if new_fen <= 0 {
        (0, None)
    } else if missing {
        account.arrears_from.get_or_insert(stmt_index);
        (0, None)
    } else {
        let amount = match behaviour {
            Behaviour::Transactor => new_fen,
            Behaviour::Revolver => ((new_fen as f64 * rng.gen_range(0.1..0.6)) as i64).max(minimum),
            Behaviour::MinimumPayer => minimum,
            Behaviour::Delinquent { .. } => {
                if account.arrears_from.is_some() {
                    new_fen
                } else {
                    ((new_fen as f64 * 0.3) as i64).max(minimum)
                }
            }
        };
        (amount.min(new_fen), Some(pay_day))
    };
    if paid_on.is_some_and(|d| d >= sim.ctx.as_of) {
        // not paid yet: the due date is still ahead
        return (0, None);
    }
    (paid, paid_on)
}

/// A points ledger being built: the entries, and the lots still held
/// (expiry, points left), oldest first.
struct Ledger {
    customer_id: i64,
    lots: std::collections::VecDeque<(NaiveDate, i64)>,
    balance: i64,
    events: Vec<PointsRow>,
}

impl Ledger {
    fn entry(
        &mut self,
        (at, kind, points): (i64, PointsKind, i64),
        card_id: Option<i64>,
        expires_on: Option<NaiveDate>,
        description: String,
    ) {
        self.events.push(PointsRow {
            id: 0,
            customer_id: self.customer_id,
            card_id,
            at,
            kind,
            points,
            expires_on,
            description,
        });
    }

    fn expire(&mut self, exp: NaiveDate, rem: i64) {
        self.entry(
            (start_of_day(exp), PointsKind::Expire, -rem),
            None,
            None,
            "积分到期".into(),
        );
    }

    /// Expires the lots that ran out by `day`.
    fn expire_by(&mut self, day: NaiveDate) {
        while let Some(&(exp, rem)) = self.lots.front() {
            if exp > day {
                break;
            }
            self.lots.pop_front();
            if rem > 0 {
                self.expire(exp, rem);
                self.balance -= rem;
            }
        }
    }
}

/// The points ledger: earn, redeem (oldest points first), expire after two
/// years, rare adjustments; by time, ids not yet given.
fn points_ledger(
    ctx: &Ctx,
    customer_id: i64,
    p: &Persona,
    h: &Habits,
    mut earn_events: Vec<(NaiveDate, i64, i64)>,
    rng: &mut ChaCha8Rng,
) -> Vec<PointsRow> {
    let today = ctx.as_of;
    earn_events.sort_by_key(|e| e.0);
    let redeemer = p.showcase || rng.chance(0.3);
    let mut ledger = Ledger {
        customer_id,
        lots: Default::default(),
        balance: 0,
        events: Vec::new(),
    };
    let opening = rng.gen_range(0..8_000) * i64::from(h.joined_on < ctx.window_start);
    if opening > 0 {
        // points carried over from before the window, expiring within the window
        let expires = add_days(ctx.window_start, rng.gen_range(30..700));
        let at = start_of_day(ctx.window_start);
        ledger.entry(
            (at, PointsKind::Adjust, opening),
            None,
            Some(expires),
            "历史积分结转".into(),
        );
        ledger.lots.push_back((expires, opening));
        ledger.balance += opening;
    }
    for (day, card_id, pts) in earn_events {
        ledger.expire_by(day);
        if pts > 0 {
            let expires = add_days(day, 730);
            ledger.entry(
                (start_of_day(day) + 23 * 3600, PointsKind::Earn, pts),
                Some(card_id),
                Some(expires),
                format!("消费积分 {:04}-{:02}", day.year(), day.month()),
            );
            ledger.lots.push_back((expires, pts));
            ledger.balance += pts;
        }
        if redeemer && ledger.balance >= 3_000 && rng.chance(0.15) {
            redeem(&mut ledger, day, today, rng);
        }
    }
    while let Some((exp, rem)) = ledger.lots.pop_front() {
        if exp <= today && rem > 0 {
            ledger.expire(exp, rem);
        }
    }
    if rng.chance(0.05) {
        let at = start_of_day(add_days(today, -rng.gen_range(5..300)));
        ledger.entry(
            (at, PointsKind::Adjust, 500),
            None,
            Some(add_days(today, 365)),
            "活动奖励积分".into(),
        );
    }
    let mut events = ledger.events;
    events.sort_by_key(|e| e.at);
    events
}

/// Redeems part of the balance some days after `day`.
fn redeem(ledger: &mut Ledger, day: NaiveDate, today: NaiveDate, rng: &mut ChaCha8Rng) {
    let amount = (ledger.balance as f64 * rng.gen_range(0.3..0.8)) as i64 / 100 * 100;
    let what = *rng.pick(&[
        "兑换：航空里程",
        "兑换：超市购物卡",
        "兑换：电影票",
        "抵扣年费",
        "兑换：话费充值",
    ]);
    let at = start_of_day(add_days(day, rng.gen_range(2..25)).min(add_days(today, -1))) + 15 * 3600;
    ledger.entry((at, PointsKind::Redeem, -amount), None, None, what.into());
    ledger.balance -= amount;
    crate::domain::points::spend(&mut ledger.lots, amount);
}

/// One service interaction and, sometimes, the survey answer that follows it.
fn service(
    ctx: &Ctx,
    customer_id: i64,
    p: &Persona,
    (day, kind): (NaiveDate, InteractionKind),
    ids: &mut Ids,
    bundle: &mut Bundle,
    rng: &mut ChaCha8Rng,
) {
    let today = ctx.as_of;
    let channel = InteractionChannel::ALL[rng.weighted(if p.young() {
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
    let resolution = resolution(kind, outcome, first_response, rng);
    let agent_id = match channel {
        InteractionChannel::App | InteractionChannel::Wechat if outcome != Outcome::Escalated => {
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
    let interaction = InteractionRow {
        id: next(&mut ids.interaction),
        customer_id,
        at,
        channel,
        kind,
        agent_id,
        outcome,
        first_response_secs: Some(first_response),
        resolution_secs: resolution,
        summary,
    };
    if outcome != Outcome::Pending && rng.chance(0.45) {
        let answered = service_survey(&interaction, slow, rng);
        if answered.at < start_of_day(today) {
            bundle.surveys.push(SurveyRow {
                id: next(&mut ids.survey),
                ..answered
            });
        }
    }
    bundle.interactions.push(interaction);
}

/// Seconds to resolve an interaction (`None` while pending).
fn resolution(
    kind: InteractionKind,
    outcome: Outcome,
    first_response: i64,
    rng: &mut ChaCha8Rng,
) -> Option<i64> {
    match outcome {
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
    }
}

/// The survey answer after an interaction (id not yet given): scores follow
/// the service the customer received.
fn service_survey(i: &InteractionRow, slow: bool, rng: &mut ChaCha8Rng) -> SurveyRow {
    let mut score = 4.4 + 0.7 * rng.normal();
    if slow {
        score -= 1.2;
    }
    if i.outcome == Outcome::Escalated {
        score -= 1.3;
    }
    if i.kind == InteractionKind::Complaint {
        score -= 0.8;
    }
    let csat = score.round().clamp(1.0, 5.0) as i64;
    let nps = (2.3 * csat as f64 - 1.2 + 1.2 * rng.normal())
        .round()
        .clamp(0.0, 10.0) as i64;
    let touchpoint = crm_api::surveys::Touchpoint::of_interaction(i.kind).as_str();
    let sentiment = match csat {
        1 | 2 => 0,
        3 => 1,
        _ => 2,
    };
    let comment = rng
        .chance(0.5)
        .then(|| *rng.pick(data::COMMENTS[sentiment]));
    let at = i.at + i.resolution_secs.unwrap_or(3600) + rng.gen_range(600..86_400);
    SurveyRow {
        id: 0,
        customer_id: i.customer_id,
        at,
        nps: Some(nps),
        csat: Some(csat),
        channel: i.channel.as_str(),
        touchpoint,
        interaction_id: Some(i.id),
        comment,
        survey: "service_csat",
    }
}

/// The periodic relationship survey, answered by some.
fn relationship_survey(
    ctx: &Ctx,
    customer_id: i64,
    p: &Persona,
    h: &Habits,
    history_start: NaiveDate,
    ids: &mut Ids,
    rng: &mut ChaCha8Rng,
) -> Option<SurveyRow> {
    if !rng.chance(0.2) {
        return None;
    }
    let mut base = 8.0;
    if matches!(h.behaviour, Behaviour::Delinquent { .. }) || h.churn_from.is_some() {
        base -= 2.2;
    }
    if matches!(p.product, ProductCode::Platinum | ProductCode::Diamond) {
        base += 0.6;
    }
    if p.residence == Residence::Rural {
        base += 0.3;
    }
    let nps = (base + 1.8 * rng.normal()).round().clamp(0.0, 10.0) as i64;
    let sentiment = match nps {
        0..=6 => 0,
        7 | 8 => 1,
        _ => 2,
    };
    let span = days_between(history_start, ctx.as_of).max(2);
    let at = start_of_day(add_days(history_start, rng.gen_range(0..span - 1))) + 10 * 3600;
    Some(SurveyRow {
        id: next(&mut ids.survey),
        customer_id,
        at,
        nps: Some(nps),
        csat: None,
        channel: if p.young() { "app_push" } else { "sms" },
        touchpoint: "relationship",
        interaction_id: None,
        comment: rng
            .chance(0.3)
            .then(|| *rng.pick(data::COMMENTS[sentiment])),
        survey: "relationship",
    })
}

/// The messages of the past campaigns to the treatment members, sent or suppressed.
fn campaign_deliveries(
    ctx: &Ctx,
    index: i64,
    name: &str,
    reached: Vec<(usize, Option<&'static str>)>,
    ids: &mut Ids,
    bundle: &mut Bundle,
) {
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
                name: name.to_owned(),
                card_last4: last4.clone(),
                ..Personal::default()
            },
        );
        bundle.deliveries.push(DeliveryRow {
            id: next(&mut ids.delivery),
            campaign_id: camp.id,
            customer_id: index,
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
}

fn customer_row(index: i64, p: &Persona, h: &Habits, who: Identity) -> CustomerRow {
    CustomerRow {
        id: index,
        customer_no: who.customer_no,
        name: who.name,
        gender: p.gender,
        birth_date: p.birth_date,
        national_id: who.national_id,
        mobile: who.mobile,
        email: who.email,
        province: p.province().name,
        city: p.city().name,
        residence: p.residence,
        occupation: p.occupation,
        income_band: p.income_band,
        branch_id: who.branch_id,
        joined_on: h.joined_on,
        consent: who.consent,
        do_not_disturb: who.do_not_disturb,
    }
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
