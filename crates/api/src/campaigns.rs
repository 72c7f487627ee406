//! Campaigns on the wire: the step-by-step draft, maker-checker approval,
//! delivery and measured results.

use serde::{Deserialize, Serialize};

use crate::enums::{Category, ConsentChannel, ProductCode};
use crate::money::Money;
use crate::validate::{Errors, Problem};

/// Where a campaign is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CampaignStatus {
    /// Being built; savable at every step.
    Draft,
    /// Waiting for a manager's decision.
    Submitted,
    /// Approved by a manager; may be launched.
    Approved,
    /// Sent back with a comment; editable again.
    Rejected,
    /// Members assigned, deliveries queued or sent.
    Launched,
    /// Attribution window over.
    Completed,
    /// Stopped before launch.
    Cancelled,
}

impl CampaignStatus {
    /// All statuses.
    pub const ALL: [Self; 7] = [
        Self::Draft,
        Self::Submitted,
        Self::Approved,
        Self::Rejected,
        Self::Launched,
        Self::Completed,
        Self::Cancelled,
    ];

    /// Wire and database spelling.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Launched => "launched",
            Self::Completed => "completed",
            Self::Cancelled => "cancelled",
        }
    }

    /// Parses the wire spelling.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether the content may still be edited.
    #[must_use]
    pub const fn editable(self) -> bool {
        matches!(self, Self::Draft | Self::Rejected)
    }
}

/// What the campaign offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OfferKind {
    /// A discount on spend in a merchant category.
    CategoryDiscount,
    /// Points multiplied on spend (optionally in a category).
    PointsMultiplier,
    /// Interest-free installments.
    InterestFreeInstallment,
    /// Card upgrade to a higher product.
    CardUpgrade,
    /// Invitation to a credit-limit increase.
    LimitIncrease,
    /// Information only (education, service notice).
    Information,
}

impl OfferKind {
    /// All kinds.
    pub const ALL: [Self; 6] = [
        Self::CategoryDiscount,
        Self::PointsMultiplier,
        Self::InterestFreeInstallment,
        Self::CardUpgrade,
        Self::LimitIncrease,
        Self::Information,
    ];

    /// Wire spelling.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::CategoryDiscount => "category_discount",
            Self::PointsMultiplier => "points_multiplier",
            Self::InterestFreeInstallment => "interest_free_installment",
            Self::CardUpgrade => "card_upgrade",
            Self::LimitIncrease => "limit_increase",
            Self::Information => "information",
        }
    }

    /// Parses the wire spelling.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// The offer's parameters (which apply depends on the kind).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferParams {
    /// Category of a discount or points multiplier.
    pub category: Option<Category>,
    /// Discount in percent (1–50).
    pub discount_pct: Option<u8>,
    /// Points multiplier (2–10).
    pub multiplier: Option<u8>,
    /// Installment months (3, 6, 12 or 24).
    pub months: Option<u8>,
    /// Upgrade target.
    pub target_product: Option<ProductCode>,
    /// Spend threshold in the category for the offer to apply (满额, fen); responders reach it.
    pub min_spend_fen: Option<i64>,
}

/// Everything a marketer edits, all optional until submission (missing
/// fields take the defaults of [`CampaignDraft::new`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CampaignDraft {
    /// Name (required).
    pub name: String,
    /// Step 1: the audience.
    pub segment_id: Option<i64>,
    /// Step 2: the offer.
    pub offer_kind: Option<OfferKind>,
    /// Step 2: its parameters.
    #[serde(default)]
    pub offer: OfferParams,
    /// Step 2: first valid day `YYYY-MM-DD`.
    pub valid_from: Option<String>,
    /// Step 2: last valid day `YYYY-MM-DD`.
    pub valid_to: Option<String>,
    /// Step 2: budget (fen).
    pub budget_fen: i64,
    /// Step 3: channel.
    pub channel: Option<ConsentChannel>,
    /// Step 3: message template with `{name}`, `{card_last4}`… tokens.
    pub template: String,
    /// Step 4: send at (Unix seconds); `None` = as soon as launched.
    pub send_at: Option<i64>,
    /// Step 4: no sends 21:00–08:00 (Asia/Shanghai).
    pub quiet_hours: bool,
    /// Step 4: at most this many marketing messages per customer…
    pub cap_messages: u32,
    /// … per this many days, across all campaigns.
    pub cap_days: u32,
    /// Step 5: control group share in percent (0–50, default 10).
    pub holdout_pct: u8,
    /// Days after launch in which responses are attributed (1–90).
    pub attribution_days: u32,
}

/// Tokens a template may use.
pub const TOKENS: [&str; 7] = [
    "name",
    "surname",
    "card_last4",
    "points",
    "product",
    "offer",
    "valid_to",
];

/// Longest template accepted.
pub const MAX_TEMPLATE: usize = 500;

fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && text
            .chars()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && (1..=12).contains(&text[5..7].parse::<u8>().unwrap_or(0))
        && (1..=31).contains(&text[8..10].parse::<u8>().unwrap_or(0))
}

/// The `{token}` names in a template, in order; `None` on an unclosed brace.
#[must_use]
pub fn tokens_in(template: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let end = after.find('}')?;
        out.push(after[..end].to_owned());
        rest = &after[end + 1..];
    }
    Some(out)
}

impl Default for CampaignDraft {
    fn default() -> Self {
        Self::new("")
    }
}

impl CampaignDraft {
    /// A new draft with the defaults: quiet hours on, 2 messages per 7 days,
    /// 10% holdout, 30-day attribution.
    #[must_use]
    pub fn new(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            segment_id: None,
            offer_kind: None,
            offer: OfferParams::default(),
            valid_from: None,
            valid_to: None,
            budget_fen: 0,
            channel: None,
            template: String::new(),
            send_at: None,
            quiet_hours: true,
            cap_messages: 2,
            cap_days: 7,
            holdout_pct: 10,
            attribution_days: 30,
        }
    }

    /// Checks what is filled in (a draft may be incomplete).
    pub fn validate_partial(&self) -> Result<(), Errors> {
        let mut e = Errors::default();
        e.text("name", &self.name, 80);
        if let Some(p) = self.offer.discount_pct {
            e.range("offer.discount_pct", i64::from(p), 1, 50);
        }
        if let Some(m) = self.offer.multiplier {
            e.range("offer.multiplier", i64::from(m), 2, 10);
        }
        if let Some(m) = self.offer.months
            && ![3, 6, 12, 24].contains(&m)
        {
            e.add("offer.months", Problem::NotAllowed);
        }
        if let Some(v) = self.offer.min_spend_fen {
            e.range("offer.min_spend_fen", v, 0, 100_000_000);
        }
        for (field, date) in [
            ("valid_from", &self.valid_from),
            ("valid_to", &self.valid_to),
        ] {
            if let Some(d) = date
                && !is_date(d)
            {
                e.add(
                    field,
                    Problem::Format {
                        zh: "日期格式应为 2026-12-31。",
                        en: "Use a date like 2026-12-31.",
                    },
                );
            }
        }
        if let (Some(a), Some(b)) = (&self.valid_from, &self.valid_to)
            && is_date(a)
            && is_date(b)
            && a > b
        {
            e.add(
                "valid_to",
                Problem::Format {
                    zh: "结束日期不能早于开始日期。",
                    en: "The end date cannot be before the start.",
                },
            );
        }
        e.range("budget_fen", self.budget_fen, 0, 10_000_000_000);
        if self.template.chars().count() > MAX_TEMPLATE {
            e.add("template", Problem::TooLong { max: MAX_TEMPLATE });
        }
        match tokens_in(&self.template) {
            None => e.add("template", Problem::Format { zh: "模板中有未闭合的 {。", en: "A { in the template is not closed." }),
            Some(tokens) if tokens.iter().any(|t| !TOKENS.contains(&t.as_str())) => e.add(
                "template",
                Problem::Format {
                    zh: "模板只能使用 {name} {surname} {card_last4} {points} {product} {offer} {valid_to}。",
                    en: "Templates may use only {name} {surname} {card_last4} {points} {product} {offer} {valid_to}.",
                },
            ),
            Some(_) => {}
        }
        e.range("cap_messages", i64::from(self.cap_messages), 1, 20);
        e.range("cap_days", i64::from(self.cap_days), 1, 90);
        e.range("holdout_pct", i64::from(self.holdout_pct), 0, 50);
        e.range("attribution_days", i64::from(self.attribution_days), 1, 90);
        e.into_result()
    }

    /// Checks that everything needed to submit is there and consistent.
    pub fn validate_complete(&self) -> Result<(), Errors> {
        let mut e = self.validate_partial().err().unwrap_or_default();
        if self.segment_id.is_none() {
            e.add("segment_id", Problem::Required);
        }
        match self.offer_kind {
            None => e.add("offer_kind", Problem::Required),
            Some(OfferKind::CategoryDiscount) => {
                if self.offer.category.is_none() {
                    e.add("offer.category", Problem::Required);
                }
                if self.offer.discount_pct.is_none() {
                    e.add("offer.discount_pct", Problem::Required);
                }
            }
            Some(OfferKind::PointsMultiplier) if self.offer.multiplier.is_none() => {
                e.add("offer.multiplier", Problem::Required);
            }
            Some(OfferKind::InterestFreeInstallment) if self.offer.months.is_none() => {
                e.add("offer.months", Problem::Required);
            }
            Some(OfferKind::CardUpgrade) if self.offer.target_product.is_none() => {
                e.add("offer.target_product", Problem::Required);
            }
            Some(_) => {}
        }
        if self.valid_from.is_none() {
            e.add("valid_from", Problem::Required);
        }
        if self.valid_to.is_none() {
            e.add("valid_to", Problem::Required);
        }
        if self.channel.is_none() {
            e.add("channel", Problem::Required);
        }
        if self.template.trim().is_empty() {
            e.add("template", Problem::Required);
        }
        e.into_result()
    }
}

/// A campaign as the screens show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignView {
    /// Id.
    pub id: i64,
    /// Status.
    pub status: CampaignStatus,
    /// The editable content.
    pub draft: CampaignDraft,
    /// Audience segment name.
    pub segment_name: Option<String>,
    /// Who created it.
    pub created_by: String,
    /// Who submitted it, and when.
    pub submitted: Option<(String, i64)>,
    /// Who decided, when, and the comment.
    pub decided: Option<(String, i64, String)>,
    /// When launched.
    pub launched_at: Option<i64>,
    /// Members in the treatment arm.
    pub treatment: i64,
    /// Members in the control arm.
    pub control: i64,
    /// Deliveries sent.
    pub sent: i64,
    /// Deliveries suppressed (consent, do-not-disturb, frequency cap).
    pub suppressed: i64,
    /// Deliveries waiting (e.g. quiet hours).
    pub pending: i64,
    /// Row version for optimistic concurrency.
    pub version: i64,
    /// Last change (Unix seconds).
    pub updated_at: i64,
}

/// `PATCH /api/v1/campaigns/{id}` body: the whole draft plus the version it was read at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignUpdate {
    /// The version the client edited; a newer one on the server answers 412.
    pub version: i64,
    /// New content.
    pub draft: CampaignDraft,
}

/// A state change (submit, launch, cancel) at the version the client saw.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Transition {
    /// The version the client acted on (412 when stale).
    pub version: i64,
}

/// A manager's decision with a comment (required when rejecting).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Decision {
    /// The version the manager reviewed.
    pub version: i64,
    /// Comment.
    #[serde(default)]
    pub comment: String,
}

/// A message as one real customer of the audience would get it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessagePreview {
    /// The sample customer.
    pub customer_id: i64,
    /// Their customer number.
    pub customer_no: String,
    /// The rendered message.
    pub message: String,
    /// Characters.
    pub chars: usize,
    /// SMS parts (70 characters per part with Chinese, 160 in plain ASCII).
    pub sms_parts: usize,
}

/// Delivery state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Waiting to be sent (or for quiet hours to end).
    Pending,
    /// Sent through the channel adapter.
    Sent,
    /// Gave up after repeated failures.
    Failed,
    /// Not sent: no consent, do-not-disturb, or frequency cap.
    Suppressed,
}

impl DeliveryStatus {
    /// Parses the database spelling.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "pending" => Some(Self::Pending),
            "sent" => Some(Self::Sent),
            "failed" => Some(Self::Failed),
            "suppressed" => Some(Self::Suppressed),
            _ => None,
        }
    }
}

/// One delivery of the contact list (identifiers masked).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveryView {
    /// Delivery id (also the idempotency key sent to gateways).
    pub id: i64,
    /// Customer id.
    pub customer_id: i64,
    /// Customer number.
    pub customer_no: String,
    /// Masked name (surname only).
    pub name_masked: String,
    /// Masked mobile.
    pub mobile_masked: String,
    /// Channel.
    pub channel: ConsentChannel,
    /// Status.
    pub status: DeliveryStatus,
    /// Why suppressed (`no_consent`, `do_not_disturb`, `frequency_cap`), or the last error.
    pub reason: Option<String>,
    /// When sent.
    pub sent_at: Option<i64>,
    /// Attempts so far.
    pub attempts: i64,
}

/// A campaign in a customer's 360.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerCampaign {
    /// Campaign id.
    pub campaign_id: i64,
    /// Name.
    pub name: String,
    /// Offer kind.
    pub offer_kind: Option<OfferKind>,
    /// `treatment` or `control`.
    pub arm: String,
    /// Delivery status (none for control).
    pub delivery: Option<DeliveryStatus>,
    /// Channel.
    pub channel: Option<ConsentChannel>,
    /// When sent.
    pub sent_at: Option<i64>,
    /// When launched.
    pub launched_at: Option<i64>,
    /// First attributed response.
    pub responded_at: Option<i64>,
    /// Attributed spend.
    pub response_amount: Option<Money>,
}

/// One arm's results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArmResult {
    /// Members.
    pub members: i64,
    /// Messages sent (0 for control).
    pub sent: i64,
    /// Members who responded in the window.
    pub responded: i64,
    /// Responded / members.
    pub response_rate: f64,
    /// Attributed spend.
    pub spend: Money,
}

/// Measured results of a launched campaign.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignResults {
    /// Campaign id.
    pub campaign_id: i64,
    /// Treatment arm.
    pub treatment: ArmResult,
    /// Control arm (holdout).
    pub control: ArmResult,
    /// Response-rate difference (treatment − control).
    pub uplift: f64,
    /// 95% confidence interval of the uplift (Wald, normal approximation).
    pub uplift_ci: (f64, f64),
    /// Spend per treatment member minus spend per control member, times treatment members.
    pub incremental_spend: Money,
    /// Budget.
    pub budget: Money,
    /// Incremental spend per unit of budget (`None` without a budget).
    pub roi: Option<f64>,
    /// Cumulative response rates by day since launch: (day, treatment, control).
    pub by_day: Vec<(i64, f64, f64)>,
    /// When attribution was last computed (Unix seconds).
    pub computed_at: i64,
}

/// The offer in words, for the `{offer}` token and for screens.
#[must_use]
pub fn offer_text(kind: OfferKind, p: &OfferParams, lang: crate::validate::Lang) -> String {
    use crate::validate::Lang;
    let zh = lang == Lang::Zh;
    let threshold = p.min_spend_fen.filter(|v| *v > 0).map(|v| v / 100);
    let category = p.category.map(|c| {
        if zh {
            crate::insight::category_zh(c).to_owned()
        } else {
            c.as_str().replace('_', " ")
        }
    });
    match kind {
        OfferKind::CategoryDiscount => {
            let pct = p.discount_pct.unwrap_or(0);
            let cat = category.unwrap_or_default();
            match (zh, threshold) {
                (true, Some(t)) => format!("{cat}满{t}元享{pct}%返现"),
                (true, None) => format!("{cat}消费享{pct}%返现"),
                (false, Some(t)) => format!("{pct}% cash back on {cat} spend of ¥{t} or more"),
                (false, None) => format!("{pct}% cash back on {cat}"),
            }
        }
        OfferKind::PointsMultiplier => {
            let m = p.multiplier.unwrap_or(2);
            match (zh, category) {
                (true, Some(c)) => format!("{c}消费{m}倍积分"),
                (true, None) => format!("消费{m}倍积分"),
                (false, Some(c)) => format!("{m}x points on {c}"),
                (false, None) => format!("{m}x points on all spend"),
            }
        }
        OfferKind::InterestFreeInstallment => {
            let n = p.months.unwrap_or(12);
            if zh {
                format!("{n}期分期免息")
            } else {
                format!("{n} interest-free installments")
            }
        }
        OfferKind::CardUpgrade => {
            let to = p.target_product.map_or_else(String::new, |t| {
                if zh {
                    crate::insight::product_zh(t).to_owned()
                } else {
                    t.as_str().to_owned()
                }
            });
            if zh {
                format!("免费升级{to}")
            } else {
                format!("free upgrade to {to}")
            }
        }
        OfferKind::LimitIncrease => {
            if zh {
                "专属提额邀请".to_owned()
            } else {
                "a credit-limit increase invitation".to_owned()
            }
        }
        OfferKind::Information => {
            if zh {
                "用卡服务提示".to_owned()
            } else {
                "a service notice".to_owned()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_found_and_checked() {
        assert_eq!(
            tokens_in("您好{name}，尾号{card_last4}").unwrap_or_default(),
            vec!["name", "card_last4"]
        );
        assert!(tokens_in("broken {name").is_none());
        let mut d = CampaignDraft::new("双十一");
        d.template = "您好{nmae}".into();
        assert!(
            d.validate_partial()
                .is_err_and(|e| e.get("template").is_some())
        );
        d.template = "您好{name}".into();
        assert!(d.validate_partial().is_ok());
    }

    #[test]
    fn a_draft_may_be_incomplete_but_not_a_submission() {
        let d = CampaignDraft::new("双十一网购返现");
        assert!(d.validate_partial().is_ok());
        let Err(e) = d.validate_complete() else {
            panic!("incomplete")
        };
        for field in [
            "segment_id",
            "offer_kind",
            "valid_from",
            "valid_to",
            "channel",
            "template",
        ] {
            assert!(e.get(field).is_some(), "{field}");
        }
        let full = CampaignDraft {
            segment_id: Some(1),
            offer_kind: Some(OfferKind::CategoryDiscount),
            offer: OfferParams {
                category: Some(Category::OnlineShopping),
                discount_pct: Some(5),
                ..Default::default()
            },
            valid_from: Some("2026-11-01".into()),
            valid_to: Some("2026-11-11".into()),
            budget_fen: 5_000_000,
            channel: Some(ConsentChannel::Sms),
            template: "{name}您好，网购立减{offer}".into(),
            ..d
        };
        assert!(full.validate_complete().is_ok());
        let backwards = CampaignDraft {
            valid_to: Some("2026-10-01".into()),
            ..full.clone()
        };
        assert!(
            backwards
                .validate_complete()
                .is_err_and(|e| e.get("valid_to").is_some())
        );
        let bad_date = CampaignDraft {
            valid_from: Some("2026-13-01".into()),
            ..full
        };
        assert!(bad_date.validate_partial().is_err());
    }
}
