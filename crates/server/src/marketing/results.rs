//! Campaign results from members, deliveries and attributed responses.

use std::collections::BTreeMap;

use crm_api::Money;
use crm_api::campaigns::{ArmResult, CampaignResults};

use crate::Db;
use crate::db::campaigns::get_row;
use crate::db::deliveries;
use crate::db::responses::{self, ArmResponses};
use crate::domain::campaigns::uplift;
use crate::error::AppError;

/// Per arm: members, sent, responders, spend; then uplift, incremental spend and ROI.
pub async fn results(db: &Db, campaign_id: i64) -> Result<CampaignResults, AppError> {
    let row = get_row(db, campaign_id).await?;
    let members = responses::members_by_arm(db, campaign_id).await?;
    let by_arm = responses::responses_by_arm(db, campaign_id).await?;
    let sent = deliveries::sent_count(db, campaign_id).await?;
    let times = responses::response_times(db, campaign_id).await?;
    let members_of = |arm: &str| {
        members
            .iter()
            .find(|(a, _)| a == arm)
            .map_or(0, |(_, n)| *n)
    };
    let responses_of = |arm: &str| {
        by_arm
            .iter()
            .find(|(a, _)| a == arm)
            .map_or_else(ArmResponses::default, |(_, r)| *r)
    };
    let (tn, cn) = (members_of("treatment"), members_of("control"));
    let (treated, held) = (responses_of("treatment"), responses_of("control"));
    let (tr, cr) = (treated.responded, held.responded);
    let (ts, cs) = (treated.spend_fen, held.spend_fen);
    let u = uplift(tn, tr, cn, cr);
    let per = |spend: i64, n: i64| if n > 0 { spend as f64 / n as f64 } else { 0.0 };
    let incremental = ((per(ts, tn) - per(cs, cn)) * tn as f64).round() as i64;
    let budget = row.draft.budget_fen;
    // cumulative response rates by day since launch
    let launched = row.launched_at.unwrap_or(0);
    let mut by_day: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
    for (arm, at) in &times {
        let day = ((at - launched).max(0)) / 86_400;
        let e = by_day.entry(day).or_default();
        if arm == "treatment" {
            e.0 += 1;
        } else {
            e.1 += 1;
        }
    }
    let days = i64::from(row.draft.attribution_days);
    let mut cumulative = (0, 0);
    let series = (0..days)
        .map(|day| {
            if let Some((t, c)) = by_day.get(&day) {
                cumulative.0 += t;
                cumulative.1 += c;
            }
            (day + 1, per(cumulative.0, tn), per(cumulative.1, cn))
        })
        .collect();
    Ok(CampaignResults {
        campaign_id,
        treatment: ArmResult {
            members: tn,
            sent,
            responded: tr,
            response_rate: u.treatment_rate,
            spend: Money::cny(ts),
        },
        control: ArmResult {
            members: cn,
            sent: 0,
            responded: cr,
            response_rate: u.control_rate,
            spend: Money::cny(cs),
        },
        uplift: u.uplift,
        uplift_ci: (u.low, u.high),
        incremental_spend: Money::cny(incremental),
        budget: Money::cny(budget),
        roi: (budget > 0).then(|| incremental as f64 / budget as f64),
        by_day: series,
        computed_at: row.attributed_at.unwrap_or(0),
    })
}
