//! The demo's past and pending campaigns (ids 1–5): two launched ones whose
//! members and responses the generator simulates (the treatment arm's reached
//! members respond more), one awaiting approval, one approved, one draft.

use chrono::NaiveDate;
use crm_api::campaigns::{OfferKind, OfferParams};
use crm_api::{Category, ConsentChannel, ProductCode};

use super::date;
use super::generate::{AudienceFacts, DemoCampaign};
use crate::Db;
use crate::db::seed::{self as q, CampaignRow};
use crate::error::AppError;

/// A demo campaign as written.
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

/// Writes the demo campaigns; answers the launched ones, for the generator.
pub(super) async fn demo_campaigns(
    db: &Db,
    as_of: NaiveDate,
    now: i64,
) -> Result<Vec<DemoCampaign>, AppError> {
    let marketer = q::user_id(db, "marketer").await?;
    let manager = q::user_id(db, "manager").await?;
    let mut out = Vec::new();
    for d in &demos(as_of) {
        let segment_id = q::segment_id(db, d.segment).await?;
        q::insert_campaign(db, row(d, segment_id, (marketer, manager), now)).await?;
        out.extend(simulated(d));
    }
    Ok(out)
}

/// 10:00 on day `d`.
fn ts(d: NaiveDate) -> i64 {
    crate::domain::time::start_of_day(d) + 10 * 3600
}

/// The campaign row of `d`: created three days before its launch (or a day
/// ago), submitted an hour and decided two hours after.
fn row(d: &Demo, segment_id: i64, (marketer, manager): (i64, i64), now: i64) -> CampaignRow<'_> {
    let created = d.launched.map_or(now - 86_400, |l| ts(l) - 3 * 86_400);
    CampaignRow {
        id: d.id,
        name: d.name,
        status: d.status,
        segment_id,
        offer_kind: d.kind.as_str(),
        offer: serde_json::to_string(&d.offer).unwrap_or_else(|_| "{}".into()),
        valid_from: date(d.valid.0),
        valid_to: date(d.valid.1),
        budget_fen: d.budget_fen,
        channel: d.channel.as_str(),
        template: d.template,
        holdout_pct: i64::from(d.holdout),
        holdout_seed: 1_000 + d.id,
        created_by: marketer,
        submitted_by: d.submitted.then_some(marketer),
        submitted_at: d.submitted.then_some(created + 3_600),
        decided_by: d.decided.map(|_| manager),
        decided_at: d.decided.map(|_| created + 7_200),
        decision_comment: d.decided,
        launched_at: d.launched.map(ts),
        created_at: created,
        updated_at: d.launched.map_or(created + 7_200, ts),
    }
}

/// What the generator simulates of a launched campaign (`None` for the others).
fn simulated(d: &Demo) -> Option<DemoCampaign> {
    let (Some(launched_on), Some(category), Some(min)) =
        (d.launched, d.offer.category, d.offer.min_spend_fen)
    else {
        return None;
    };
    Some(DemoCampaign {
        id: d.id,
        holdout_seed: 1_000 + d.id,
        holdout_pct: d.holdout,
        launched_on,
        window_days: 30,
        audience: if d.id == 1 {
            |f: &AudienceFacts| f.age_at_launch < 30
        } else {
            |f: &AudienceFacts| matches!(f.product, ProductCode::Platinum | ProductCode::Diamond)
        },
        category,
        min_spend_fen: min,
        lift: if d.id == 1 { 0.25 } else { 0.3 },
        channel: d.channel,
        template: d.template,
    })
}

/// The five demo campaigns, dated back from `as_of`.
#[allow(clippy::too_many_lines)]
fn demos(as_of: NaiveDate) -> [Demo; 5] {
    let day = |n: i64| {
        as_of
            .checked_sub_days(chrono::Days::new(n.unsigned_abs()))
            .unwrap_or(as_of)
    };
    let double11 = day(35);
    let spring = day(300);
    [
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
    ]
}
