//! Next best offers: each rule that fits the customer proposes an offer with
//! a score (0–100) and its reason; the list is ranked by score. Offers are
//! always listed for agents to mention in a conversation the customer
//! started, but carry a sending channel only when the customer consented to
//! one and did not ask not to be disturbed.
//!
//! | offer | when | score |
//! |---|---|---|
//! | fraud education | a card reported lost in the last 30 days | 95 − days since |
//! | installment conversion | a purchase ≥ ¥3,000 in the last 30 days, not yet in installments | 60 + ¥/500 (≤ 90) |
//! | win-back | P(alive) < 0.5 after 3+ purchases in 12 months | 40 + 80 × (0.5 − P) |
//! | points expiring | points expire within 60 days | 50 + points/500 (≤ 80) |
//! | upgrade | 12-month spend ≥ ¥60k (standard/youth/women → gold), ≥ ¥150k (gold/official → platinum), ≥ ¥500k (platinum → diamond) | 55 + spend/threshold × 5 (≤ 80) |
//! | limit increase | a limit-increase candidate (see `credit`) | 50 + 75 × (utilisation − 0.6) (≤ 80) |
//! | category bonus | one category holds ≥ 25% of 90-day spend | 30 + 40 × share |

use crm_api::customers::Consent;
use crm_api::insight::{Offer, OfferKind, OfferReason, Suppression};
use crm_api::{Category, ConsentChannel, Money, ProductCode};

/// What the rules look at.
#[derive(Clone, Debug, Default)]
pub struct OfferInputs {
    /// Largest purchase ≥ ¥3,000 in the last 30 days not in installments: amount, merchant, days ago.
    pub large_purchase: Option<(i64, String, i64)>,
    /// Top category of the last 90 days and its share of spend.
    pub top_category: Option<(Category, f64)>,
    /// Product of the primary open card.
    pub product: Option<ProductCode>,
    /// Spend in the last 12 months (fen).
    pub spend_12m_fen: i64,
    /// Purchases in the last 12 months.
    pub purchases_12m: i64,
    /// BG/NBD probability of being alive.
    pub p_alive: f64,
    /// Points expiring within 60 days and the first expiry date.
    pub expiring_points: Option<(i64, String)>,
    /// Days since a card was reported lost (if in the last 30 days).
    pub lost_card_days_ago: Option<i64>,
    /// From the credit assessment.
    pub limit_increase_candidate: bool,
    /// Latest utilisation.
    pub utilisation: f64,
    /// Marketing consent.
    pub consent: Consent,
}

/// The channel to send through, or why not.
pub fn channel(consent: &Consent) -> Result<ConsentChannel, Suppression> {
    if consent.do_not_disturb {
        return Err(Suppression::DoNotDisturb);
    }
    [
        (consent.app_push, ConsentChannel::AppPush),
        (consent.wechat, ConsentChannel::Wechat),
        (consent.sms, ConsentChannel::Sms),
        (consent.email, ConsentChannel::Email),
        (consent.outbound_call, ConsentChannel::OutboundCall),
    ]
    .into_iter()
    .find_map(|(ok, c)| ok.then_some(c))
    .ok_or(Suppression::NoConsent)
}

fn upgrade_path(product: ProductCode, spend_yuan: f64) -> Option<(ProductCode, f64)> {
    use ProductCode as P;
    let (to, threshold) = match product {
        P::Standard | P::Youth | P::Women => (P::Gold, 60_000.0),
        P::Gold | P::Official => (P::Platinum, 150_000.0),
        P::Platinum => (P::Diamond, 500_000.0),
        P::Diamond => return None,
    };
    (spend_yuan >= threshold).then_some((to, spend_yuan / threshold))
}

/// Ranked offers, best first.
#[must_use]
pub fn rank(i: &OfferInputs) -> Vec<Offer> {
    let mut out: Vec<(OfferKind, f64, OfferReason)> = Vec::new();
    if let Some(days) = i.lost_card_days_ago.filter(|d| *d <= 30) {
        out.push((
            OfferKind::FraudEducation,
            95.0 - days as f64,
            OfferReason::LostCard { days_ago: days },
        ));
    }
    if let Some((fen, merchant, days)) = &i.large_purchase {
        let score = (60.0 + *fen as f64 / 100.0 / 500.0).min(90.0);
        out.push((
            OfferKind::InstallmentConversion,
            score,
            OfferReason::LargePurchase {
                amount: Money::cny(*fen),
                merchant: merchant.clone(),
                days_ago: *days,
            },
        ));
    }
    if i.p_alive < 0.5 && i.purchases_12m >= 3 {
        out.push((
            OfferKind::WinBack,
            40.0 + 80.0 * (0.5 - i.p_alive),
            OfferReason::Fading { p_alive: i.p_alive },
        ));
    }
    if let Some((points, date)) = i.expiring_points.clone().filter(|(p, _)| *p > 0) {
        out.push((
            OfferKind::PointsExpiring,
            (50.0 + points as f64 / 500.0).min(80.0),
            OfferReason::ExpiringPoints {
                points,
                expires_on: date,
            },
        ));
    }
    if let Some(from) = i.product
        && let Some((to, ratio)) = upgrade_path(from, i.spend_12m_fen as f64 / 100.0)
    {
        out.push((
            OfferKind::Upgrade,
            (55.0 + ratio * 5.0).min(80.0),
            OfferReason::HighSpender {
                from,
                to,
                spend_12m: Money::cny(i.spend_12m_fen),
            },
        ));
    }
    if i.limit_increase_candidate {
        out.push((
            OfferKind::LimitIncrease,
            (50.0 + 75.0 * (i.utilisation - 0.6)).clamp(50.0, 80.0),
            OfferReason::GoodPayerHighUtilisation {
                utilisation: i.utilisation,
            },
        ));
    }
    if let Some((category, share)) = i
        .top_category
        .filter(|(c, s)| *s >= 0.25 && *c != Category::CashAdvance)
    {
        out.push((
            OfferKind::CategoryBonus,
            30.0 + 40.0 * share,
            OfferReason::TopCategory { category, share },
        ));
    }
    out.sort_by(|a, b| b.1.total_cmp(&a.1));
    let send = channel(&i.consent);
    out.into_iter()
        .map(|(kind, score, reason)| Offer {
            kind,
            score: (score * 10.0).round() / 10.0,
            reason,
            channel: send.ok(),
            suppressed: send.err(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn consented() -> Consent {
        Consent {
            sms: true,
            wechat: true,
            ..Default::default()
        }
    }

    #[test]
    fn channel_prefers_app_then_wechat_then_sms_and_respects_dnd() {
        assert_eq!(channel(&consented()), Ok(ConsentChannel::Wechat));
        assert_eq!(
            channel(&Consent {
                do_not_disturb: true,
                ..consented()
            }),
            Err(Suppression::DoNotDisturb)
        );
        assert_eq!(channel(&Consent::default()), Err(Suppression::NoConsent));
    }

    #[test]
    fn offers_are_ranked_with_reasons() {
        let offers = rank(&OfferInputs {
            large_purchase: Some((650_000, "苹果官方商店".into(), 5)),
            top_category: Some((Category::Travel, 0.4)),
            product: Some(ProductCode::Gold),
            spend_12m_fen: 18_000_000,
            purchases_12m: 80,
            p_alive: 0.97,
            expiring_points: Some((4_000, "2026-12-31".into())),
            lost_card_days_ago: None,
            limit_increase_candidate: false,
            utilisation: 0.3,
            consent: consented(),
        });
        let kinds: Vec<OfferKind> = offers.iter().map(|o| o.kind).collect();
        assert_eq!(
            kinds,
            vec![
                OfferKind::InstallmentConversion,
                OfferKind::Upgrade,
                OfferKind::PointsExpiring,
                OfferKind::CategoryBonus
            ]
        );
        assert!(matches!(
            &offers[1].reason,
            OfferReason::HighSpender {
                to: ProductCode::Platinum,
                ..
            }
        ));
        assert!(offers.windows(2).all(|w| w[0].score >= w[1].score));
        assert!(
            offers
                .iter()
                .all(|o| o.channel == Some(ConsentChannel::Wechat))
        );
    }

    #[test]
    fn lost_card_leads_and_dnd_suppresses_sending() {
        let offers = rank(&OfferInputs {
            lost_card_days_ago: Some(3),
            p_alive: 0.2,
            purchases_12m: 10,
            consent: Consent {
                do_not_disturb: true,
                ..consented()
            },
            ..Default::default()
        });
        assert_eq!(offers[0].kind, OfferKind::FraudEducation);
        assert_eq!(offers[1].kind, OfferKind::WinBack);
        assert!(
            offers
                .iter()
                .all(|o| o.channel.is_none() && o.suppressed == Some(Suppression::DoNotDisturb))
        );
        // win-back needs past activity
        assert!(
            rank(&OfferInputs {
                p_alive: 0.1,
                purchases_12m: 1,
                ..Default::default()
            })
            .is_empty()
        );
    }
}
