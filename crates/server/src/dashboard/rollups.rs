//! The rollup tables every dashboard widget reads, so no request scans raw
//! transactions.
//!
//! [`rebuild`] recomputes all three from the raw rows (the analytics job calls
//! it after every run, full or incremental, and the seed after its run);
//! [`add_response`] adds one survey response to `rollup_satisfaction` in the
//! transaction that stores it, so satisfaction is current the moment an
//! answer arrives. The rows are read and written by [`crate::db::rollups`].
//!
//! Dimensions are the customer's as of the rebuild: province, branch, the
//! product of their primary card (the card's own product for card KPIs) and
//! their RFM segment (`unscored` before the first analytics run).

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use crm_api::{InteractionChannel, InteractionKind};

use crate::Db;
use crate::db::rollups::{self as rows, CardKey, CardValue, SatKey, SatValue, ServiceKey, sat_key};
pub use crate::db::rollups::{Dims, ResponseFacts, add_response, dims, month_sql, refreshed_at};
use crate::domain::kpi::{self, card_state, dpd_bucket, month_end, month_of};
use crate::domain::time;
use crate::error::AppError;

/// Months kept in the rollups (the dashboard's longest range).
pub const MONTHS: u32 = crm_api::dashboard::MAX_MONTHS;

// indexes into CardValue
const IN_FORCE: usize = 0;
const NEW_CARDS: usize = 1;
const CLOSED: usize = 2;
const ACTIVE_30: usize = 3;
const ACTIVE_90: usize = 4;
const DORMANT: usize = 5;
const WITH_SPEND: usize = 6;
const SPEND: usize = 7;
const STATEMENTS: usize = 8;
const BALANCE: usize = 9;
const REVOLVING: usize = 10;
const DPD: usize = 11; // four buckets
const ISSUED: usize = 15;
const REDEEMED: usize = 16;

/// What a rebuild wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RebuildReport {
    /// `rollup_satisfaction` rows.
    pub satisfaction_rows: usize,
    /// `rollup_cards` rows.
    pub card_rows: usize,
    /// `rollup_service` rows.
    pub service_rows: usize,
}

/// The fixed facts of a rebuild: the months kept and every customer's dimensions.
struct Window {
    today: NaiveDate,
    dims: HashMap<i64, Dims>,
    none: Dims,
    months: Vec<String>,
    first_month: String,
    first_day: NaiveDate,
}

impl Window {
    /// A customer's dimensions (unscored blanks for an unknown one).
    fn dim(&self, id: i64) -> &Dims {
        self.dims.get(&id).unwrap_or(&self.none)
    }

    /// The first second of the window.
    fn start(&self) -> i64 {
        time::start_of_day(self.first_day)
    }
}

/// Recomputes every rollup from the raw rows as of `now`, in one transaction.
pub async fn rebuild(db: &Db, now: i64) -> Result<RebuildReport, AppError> {
    let today = time::local_date(now);
    let dims = rows::all_dims(db).await?;
    let months: Vec<String> = time::last_months(today, MONTHS);
    let first_month = months.first().cloned().unwrap_or_default();
    let first_day = time::parse_date(&format!("{first_month}-01")).unwrap_or(today);
    let w = Window {
        today,
        dims,
        none: Dims {
            segment: "unscored".into(),
            ..Dims::default()
        },
        months,
        first_month,
        first_day,
    };
    let sat: Vec<(SatKey, SatValue)> = satisfaction(db, &w).await?.into_iter().collect();
    let cards_out: Vec<(CardKey, CardValue)> = cards(db, &w).await?.into_iter().collect();
    let service: Vec<(ServiceKey, [i64; 8])> = service(db, &w).await?.into_iter().collect();
    rows::replace_all(db, &sat, &cards_out, &service, now).await?;
    Ok(RebuildReport {
        satisfaction_rows: sat.len(),
        card_rows: cards_out.len(),
        service_rows: service.len(),
    })
}

/// `rollup_satisfaction`: the window's responses by key.
async fn satisfaction(db: &Db, w: &Window) -> Result<BTreeMap<SatKey, SatValue>, AppError> {
    let mut sat: BTreeMap<SatKey, SatValue> = BTreeMap::new();
    for r in rows::responses_since(db, w.start()).await? {
        let facts = ResponseFacts {
            at: r.responded_at,
            nps: r.nps,
            csat: r.csat,
            channel: &r.channel,
            touchpoint: &r.touchpoint,
            topic: r.topic.as_deref(),
        };
        let key = sat_key(w.dim(r.customer_id), &facts);
        sat.entry(key)
            .or_default()
            .add(&SatValue::of(facts.nps, facts.csat));
    }
    Ok(sat)
}

/// A card and its purchases per month of the window.
struct Card {
    customer: i64,
    product: String,
    opened: NaiveDate,
    closed: Option<NaiveDate>,
    // per month index: (tx count, spend, last tx day in the month)
    months: Vec<(i64, i64, Option<NaiveDate>)>,
    before: Option<NaiveDate>,
}

/// Every card with its purchases per month of the window (and the last
/// purchase before it, which decides activity at its first month end).
async fn card_activity(db: &Db, w: &Window) -> Result<HashMap<i64, Card>, AppError> {
    let month_index: HashMap<&str, usize> = w
        .months
        .iter()
        .enumerate()
        .map(|(i, m)| (m.as_str(), i))
        .collect();
    let mut cards: HashMap<i64, Card> = HashMap::new();
    for r in rows::all_cards(db).await? {
        cards.insert(
            r.id,
            Card {
                customer: r.customer_id,
                product: r.product,
                opened: time::parse_date(&r.opened_on).unwrap_or(w.today),
                closed: r.closed_on.as_deref().and_then(time::parse_date),
                months: vec![(0, 0, None); w.months.len()],
                before: None,
            },
        );
    }
    // transactions up to 90 days before the window decide activity at its first month end
    let since = time::start_of_day(w.first_day - chrono::Duration::days(92));
    for r in rows::card_months(db, since).await? {
        let Some(card) = cards.get_mut(&r.card_id) else {
            continue;
        };
        let last = time::local_date(r.last_at);
        match month_index.get(r.month.as_str()) {
            Some(&i) => {
                card.months[i] = (r.n, r.spend, Some(last));
            }
            None if r.month < w.first_month => {
                card.before = card.before.max(Some(last));
            }
            None => {}
        }
    }
    Ok(cards)
}

/// The `rollup_cards` key of a customer's card of `product` in `month`.
fn card_key(w: &Window, month: &str, customer: i64, product: &str) -> CardKey {
    let d = w.dim(customer);
    (
        month.to_owned(),
        d.province.clone(),
        product.to_owned(),
        d.segment.clone(),
    )
}

/// `rollup_cards`: card states and spend, statements and points by key.
async fn cards(db: &Db, w: &Window) -> Result<BTreeMap<CardKey, CardValue>, AppError> {
    let cards = card_activity(db, w).await?;
    let ends: Vec<NaiveDate> = w
        .months
        .iter()
        .map(|m| month_end(m, w.today).unwrap_or(w.today))
        .collect();
    let mut out: BTreeMap<CardKey, CardValue> = BTreeMap::new();
    for card in cards.values() {
        let mut last = card.before;
        for (i, month) in w.months.iter().enumerate() {
            let (n, spend, last_in_month) = card.months[i];
            last = last.max(last_in_month);
            let state = card_state(card.opened, card.closed, last, ends[i]);
            let opened_here = month_of(card.opened) == *month;
            let closed_here = card.closed.is_some_and(|c| month_of(c) == *month);
            if !state.in_force && !opened_here && !closed_here && n == 0 {
                continue;
            }
            let v = out
                .entry(card_key(w, month, card.customer, &card.product))
                .or_default();
            v.0[IN_FORCE] += i64::from(state.in_force);
            v.0[NEW_CARDS] += i64::from(opened_here);
            v.0[CLOSED] += i64::from(closed_here);
            v.0[ACTIVE_30] += i64::from(state.active_30);
            v.0[ACTIVE_90] += i64::from(state.active_90);
            v.0[DORMANT] += i64::from(state.dormant());
            v.0[WITH_SPEND] += i64::from(n > 0);
            v.0[SPEND] += spend;
        }
    }
    let from = format!("{}-01", w.first_month);
    let until = w.today.format("%Y-%m-%d").to_string();
    for r in rows::statements_due(db, &from, &until).await? {
        let Some(card) = cards.get(&r.card_id) else {
            continue;
        };
        let (balance, paid) = (r.new_balance_fen, r.paid_fen);
        let v = out
            .entry(card_key(w, &r.due_date[..7], card.customer, &card.product))
            .or_default();
        v.0[STATEMENTS] += 1;
        v.0[BALANCE] += balance.max(0);
        v.0[REVOLVING] += (balance - paid).max(0);
        if let Some(b) = dpd_bucket(r.days_past_due) {
            v.0[DPD + b] += 1;
        }
    }
    for r in rows::points_months(db, w.start()).await? {
        let product = w.dim(r.customer_id).product.clone();
        let v = out
            .entry(card_key(w, &r.month, r.customer_id, &product))
            .or_default();
        v.0[ISSUED] += r.issued;
        v.0[REDEEMED] += r.redeemed;
    }
    Ok(out)
}

/// `rollup_service`: interactions, response and resolution times by key.
async fn service(db: &Db, w: &Window) -> Result<BTreeMap<ServiceKey, [i64; 8]>, AppError> {
    let mut service: BTreeMap<ServiceKey, [i64; 8]> = BTreeMap::new();
    for r in rows::interactions_since(db, w.start()).await? {
        let d = w.dim(r.customer_id);
        let v = service
            .entry((
                time::month_key(r.occurred_at),
                d.province.clone(),
                d.product.clone(),
                d.segment.clone(),
                r.channel.clone(),
            ))
            .or_default();
        v[0] += 1;
        if let Some(f) = r.first_response_secs {
            v[1] += 1;
            v[2] += f;
            let target = InteractionChannel::parse(&r.channel).map_or(0, kpi::first_response_sla);
            v[3] += i64::from(f <= target);
        }
        if r.outcome == "pending" {
            v[7] += 1;
        } else if let Some(res) = r.resolution_secs {
            v[4] += 1;
            v[5] += res;
            let target = InteractionKind::parse(&r.kind).map_or(0, kpi::resolution_sla);
            v[6] += i64::from(res <= target);
        }
    }
    Ok(service)
}
