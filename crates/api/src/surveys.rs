//! Surveys (NPS, CSAT and the study's questions), their responses, the
//! complaint topics read from comments, and the follow-up tasks that close the
//! loop on detractors.

use serde::{Deserialize, Serialize};

use crate::validate::{Errors, Problem};

/// What a survey asks and when it is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SurveyKind {
    /// CSAT (1–5) after a service interaction closes, with speed of service.
    ServiceCsat,
    /// CSAT (1–5) after a customer responds to a campaign, with product fit.
    CampaignCsat,
    /// Periodic relationship survey: NPS (0–10), product fit and rewards value.
    Relationship,
}

impl SurveyKind {
    /// Every kind.
    pub const ALL: [Self; 3] = [Self::ServiceCsat, Self::CampaignCsat, Self::Relationship];

    /// Database spelling.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::ServiceCsat => "service_csat",
            Self::CampaignCsat => "campaign_csat",
            Self::Relationship => "relationship",
        }
    }

    /// Parses the database spelling.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// The questions this survey asks (every one optional except the first).
    #[must_use]
    pub const fn questions(self) -> &'static [Question] {
        match self {
            Self::ServiceCsat => &[Question::Csat, Question::Nps, Question::Speed],
            Self::CampaignCsat => &[Question::Csat, Question::ProductFit],
            Self::Relationship => &[
                Question::Nps,
                Question::ProductFit,
                Question::RewardsValue,
                Question::Speed,
            ],
        }
    }

    /// The touchpoint a response is counted under when the caller gives none.
    #[must_use]
    pub const fn default_touchpoint(self) -> Touchpoint {
        match self {
            Self::ServiceCsat => Touchpoint::General,
            Self::CampaignCsat => Touchpoint::Campaign,
            Self::Relationship => Touchpoint::Relationship,
        }
    }
}

/// One question of a survey.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Question {
    /// How likely to recommend, 0–10.
    Nps,
    /// Overall satisfaction, 1–5.
    Csat,
    /// Speed of service, 1–5.
    Speed,
    /// How well the card products fit the customer's needs, 1–5.
    ProductFit,
    /// Value of rewards and points, 1–5.
    RewardsValue,
}

impl Question {
    /// Smallest and largest answer.
    #[must_use]
    pub const fn scale(self) -> (i64, i64) {
        match self {
            Self::Nps => (0, 10),
            _ => (1, 5),
        }
    }
}

/// Where the experience being rated happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Touchpoint {
    /// Handling of a complaint.
    ComplaintHandling,
    /// Lost cards, limits, replacements.
    CardServices,
    /// Statements, payments, installments, disputes.
    Billing,
    /// Points and rewards.
    Rewards,
    /// Any other service request.
    General,
    /// The relationship as a whole (periodic survey).
    Relationship,
    /// A marketing campaign's offer.
    Campaign,
}

impl Touchpoint {
    /// Every touchpoint.
    pub const ALL: [Self; 7] = [
        Self::ComplaintHandling,
        Self::CardServices,
        Self::Billing,
        Self::Rewards,
        Self::General,
        Self::Relationship,
        Self::Campaign,
    ];

    /// Database spelling.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::ComplaintHandling => "complaint_handling",
            Self::CardServices => "card_services",
            Self::Billing => "billing",
            Self::Rewards => "rewards",
            Self::General => "general",
            Self::Relationship => "relationship",
            Self::Campaign => "campaign",
        }
    }

    /// Parses the database spelling.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// What a service interaction of this kind is about, for its CSAT survey.
    #[must_use]
    pub const fn of_interaction(kind: crate::InteractionKind) -> Self {
        use crate::InteractionKind as K;
        match kind {
            K::Complaint => Self::ComplaintHandling,
            K::CardLost | K::LimitRequest => Self::CardServices,
            K::Inquiry | K::Installment | K::Dispute => Self::Billing,
            K::Points => Self::Rewards,
            K::Other => Self::General,
        }
    }

    /// The SQL `CASE` giving the touchpoint of an interaction `kind` column
    /// (the same mapping as [`Touchpoint::of_interaction`]).
    #[must_use]
    pub fn sql_case(column: &str) -> String {
        let arms: String = crate::InteractionKind::ALL
            .iter()
            .map(|k| {
                format!(
                    " WHEN '{}' THEN '{}'",
                    k.as_str(),
                    Self::of_interaction(*k).as_str()
                )
            })
            .collect();
        format!("CASE {column}{arms} ELSE 'general' END")
    }
}

/// Channels a survey can be answered on.
pub const SURVEY_CHANNELS: [&str; 8] = [
    "phone",
    "online_chat",
    "app",
    "wechat",
    "branch",
    "email",
    "sms",
    "app_push",
];

/// Common complaint topics, recognised from comment keywords.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// Waiting, slowness.
    WaitTime,
    /// The problem was not solved.
    Unresolved,
    /// Fees and interest.
    Fees,
    /// Points and rewards.
    Rewards,
    /// Staff attitude or unclear explanations.
    Staff,
    /// Too many marketing messages.
    TooManyMessages,
    /// The app or website.
    App,
    /// Credit limit.
    CreditLimit,
}

/// Keyword table for [`Topic::of_comment`]: the first topic with a matching
/// keyword (case-insensitive) wins.
pub const TOPIC_KEYWORDS: [(Topic, &[&str]); 8] = [
    (
        Topic::TooManyMessages,
        &["短信太多", "打扰", "骚扰", "too many messages", "spam"],
    ),
    (
        Topic::Unresolved,
        &["没有解决", "未解决", "没解决", "not resolved", "unresolved"],
    ),
    (
        Topic::WaitTime,
        &["等待", "太久", "太慢", "速度一般", "wait", "slow"],
    ),
    (
        Topic::Fees,
        &["手续费", "年费", "利息", "费用", "fee", "interest"],
    ),
    (
        Topic::Rewards,
        &["积分", "兑换", "权益", "points", "reward"],
    ),
    (
        Topic::Staff,
        &["态度", "解释不清", "不专业", "attitude", "rude", "unclear"],
    ),
    (Topic::App, &["app", "系统", "网银", "website", "crash"]),
    (Topic::CreditLimit, &["额度", "credit limit"]),
];

impl Topic {
    /// Every topic.
    pub const ALL: [Self; 8] = [
        Self::WaitTime,
        Self::Unresolved,
        Self::Fees,
        Self::Rewards,
        Self::Staff,
        Self::TooManyMessages,
        Self::App,
        Self::CreditLimit,
    ];

    /// Database spelling.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::WaitTime => "wait_time",
            Self::Unresolved => "unresolved",
            Self::Fees => "fees",
            Self::Rewards => "rewards",
            Self::Staff => "staff",
            Self::TooManyMessages => "too_many_messages",
            Self::App => "app",
            Self::CreditLimit => "credit_limit",
        }
    }

    /// Parses the database spelling.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// The complaint topic of a comment, when it is a complaint: only
    /// responses that are not clearly positive (NPS ≤ 8 or CSAT ≤ 3) count.
    #[must_use]
    pub fn of_comment(comment: &str, nps: Option<i64>, csat: Option<i64>) -> Option<Self> {
        let positive = nps.is_none_or(|n| n >= 9) && csat.is_none_or(|c| c >= 4);
        if positive {
            return None;
        }
        let text = comment.to_lowercase();
        TOPIC_KEYWORDS
            .iter()
            .find(|(_, words)| words.iter().any(|w| text.contains(w)))
            .map(|(topic, _)| *topic)
    }
}

/// NPS class of a 0–10 answer.
#[must_use]
pub const fn nps_class(score: i64) -> NpsClass {
    match score {
        9.. => NpsClass::Promoter,
        7 | 8 => NpsClass::Passive,
        _ => NpsClass::Detractor,
    }
}

/// Promoter (9–10), passive (7–8) or detractor (0–6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NpsClass {
    /// 9–10.
    Promoter,
    /// 7–8.
    Passive,
    /// 0–6.
    Detractor,
}

/// A detractor: NPS 0–6 or CSAT 1–2. Detractors get a follow-up task.
#[must_use]
pub fn is_detractor(nps: Option<i64>, csat: Option<i64>) -> bool {
    nps.is_some_and(|n| n <= 6) || csat.is_some_and(|c| c <= 2)
}

/// A survey response as submitted (`POST /api/v1/survey-responses` by staff
/// systems, `POST /api/v1/me/survey-responses` by the cardholder, where
/// `customer_id` is ignored and taken from the session).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SurveyResponseInput {
    /// Who answered (staff API only).
    pub customer_id: Option<i64>,
    /// Which survey (`service_csat`, `campaign_csat`, `relationship`).
    pub survey: Option<SurveyKind>,
    /// 0–10.
    pub nps: Option<i64>,
    /// 1–5.
    pub csat: Option<i64>,
    /// Speed of service, 1–5.
    pub speed: Option<i64>,
    /// Product fit, 1–5.
    pub product_fit: Option<i64>,
    /// Value of rewards, 1–5.
    pub rewards_value: Option<i64>,
    /// Free text, at most 500 characters.
    pub comment: Option<String>,
    /// Channel the answer came in on (see [`SURVEY_CHANNELS`]).
    pub channel: Option<String>,
    /// What is being rated; defaults by survey.
    pub touchpoint: Option<Touchpoint>,
    /// The service interaction being rated (service surveys).
    pub interaction_id: Option<i64>,
    /// The campaign being rated (campaign surveys).
    pub campaign_id: Option<i64>,
    /// The invitation being answered (portal): survey, touchpoint and what is
    /// rated come from it.
    pub invitation_id: Option<i64>,
}

impl SurveyResponseInput {
    /// Field checks shared by browser and server.
    ///
    /// # Errors
    /// Every problem, by field.
    pub fn validate(&self, need_customer: bool) -> Result<(), Errors> {
        let mut e = Errors::default();
        if need_customer && self.customer_id.is_none() {
            e.add("customer_id", Problem::Required);
        }
        let Some(kind) = self.survey else {
            e.add("survey", Problem::Required);
            return e.into_result();
        };
        let answers = [
            (Question::Nps, "nps", self.nps),
            (Question::Csat, "csat", self.csat),
            (Question::Speed, "speed", self.speed),
            (Question::ProductFit, "product_fit", self.product_fit),
            (Question::RewardsValue, "rewards_value", self.rewards_value),
        ];
        for (q, field, value) in answers {
            let Some(v) = value else { continue };
            if !kind.questions().contains(&q) {
                e.add(field, Problem::NotAllowed);
                continue;
            }
            let (min, max) = q.scale();
            e.range(field, v, min, max);
        }
        let main = kind.questions()[0];
        let main_answer = answers.iter().find(|(q, ..)| *q == main).and_then(|a| a.2);
        if main_answer.is_none() {
            e.add(
                if main == Question::Nps { "nps" } else { "csat" },
                Problem::Required,
            );
        }
        if let Some(c) = &self.comment
            && c.chars().count() > 500
        {
            e.add("comment", Problem::TooLong { max: 500 });
        }
        match self.channel.as_deref() {
            None | Some("") => e.add("channel", Problem::Required),
            Some(ch) if !SURVEY_CHANNELS.contains(&ch) => e.add("channel", Problem::NotAllowed),
            Some(_) => {}
        }
        e.into_result()
    }
}

/// A stored survey response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyResponseView {
    /// Response id.
    pub id: i64,
    /// Who answered.
    pub customer_id: i64,
    /// Survey kind (null for responses imported without one).
    pub survey: Option<SurveyKind>,
    /// Unix seconds UTC.
    pub responded_at: i64,
    /// 0–10.
    pub nps: Option<i64>,
    /// 1–5.
    pub csat: Option<i64>,
    /// Free text.
    pub comment: Option<String>,
    /// Channel.
    pub channel: String,
    /// Touchpoint.
    pub touchpoint: String,
    /// Complaint topic read from the comment.
    pub topic: Option<Topic>,
    /// The follow-up task a detractor response opened.
    pub follow_up_id: Option<i64>,
}

/// An open survey invitation, as the cardholder sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyInvitationView {
    /// Invitation id (send it back as `invitation_id`).
    pub id: i64,
    /// Which survey.
    pub survey: SurveyKind,
    /// The questions, the first one required.
    pub questions: Vec<Question>,
    /// What is rated.
    pub touchpoint: Touchpoint,
    /// What it is about: the service request's summary or the campaign's name.
    pub about: Option<String>,
    /// Invited, Unix seconds UTC.
    pub created_at: i64,
    /// Open until, Unix seconds UTC.
    pub expires_at: i64,
}

/// State of a follow-up task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FollowUpStatus {
    /// Waiting for the branch.
    Open,
    /// The branch contacted the customer.
    Done,
}

impl FollowUpStatus {
    /// Database spelling.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Done => "done",
        }
    }
}

/// Days a branch has to call back a detractor.
pub const FOLLOW_UP_DAYS: i64 = 3;

/// A follow-up task for a detractor response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUpView {
    /// Task id.
    pub id: i64,
    /// Customer to call back.
    pub customer_id: i64,
    /// Their name.
    pub customer_name: String,
    /// Branch that owns the task.
    pub branch_name: String,
    /// The response that opened it.
    pub survey_response_id: i64,
    /// NPS of that response.
    pub nps: Option<i64>,
    /// CSAT of that response.
    pub csat: Option<i64>,
    /// The customer's comment.
    pub comment: Option<String>,
    /// Opened, Unix seconds UTC.
    pub created_at: i64,
    /// Due date, YYYY-MM-DD (Asia/Shanghai).
    pub due_on: String,
    /// Open or done.
    pub status: FollowUpStatus,
    /// True when open past its due date.
    pub overdue: bool,
    /// What the branch did.
    pub note: Option<String>,
    /// For optimistic concurrency.
    pub version: i64,
}

/// Closing a follow-up task.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUpClose {
    /// The version read.
    pub version: i64,
    /// What was done (required, at most 500 characters).
    pub note: String,
}

impl FollowUpClose {
    /// Field checks.
    ///
    /// # Errors
    /// When the note is blank or too long.
    pub fn validate(&self) -> Result<(), Errors> {
        let mut e = Errors::default();
        e.text("note", &self.note, 500);
        e.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interaction_touchpoints_match_in_rust_and_sql() {
        assert_eq!(
            Touchpoint::of_interaction(crate::InteractionKind::Complaint),
            Touchpoint::ComplaintHandling
        );
        let case = Touchpoint::sql_case("i.kind");
        for k in crate::InteractionKind::ALL {
            let arm = format!(
                "WHEN '{}' THEN '{}'",
                k.as_str(),
                Touchpoint::of_interaction(*k).as_str()
            );
            assert!(case.contains(&arm), "{arm}");
        }
    }

    fn input(kind: SurveyKind) -> SurveyResponseInput {
        SurveyResponseInput {
            customer_id: Some(1),
            survey: Some(kind),
            channel: Some("app".into()),
            ..SurveyResponseInput::default()
        }
    }

    #[test]
    fn the_main_question_is_required_and_scales_are_enforced() {
        let mut r = input(SurveyKind::Relationship);
        let e = r.validate(true).unwrap_err();
        assert_eq!(e.get("nps"), Some(&Problem::Required));
        r.nps = Some(11);
        let e = r.validate(true).unwrap_err();
        assert_eq!(e.get("nps"), Some(&Problem::OutOfRange { min: 0, max: 10 }));
        r.nps = Some(10);
        r.csat = Some(3);
        let e = r.validate(true).unwrap_err();
        assert_eq!(e.get("csat"), Some(&Problem::NotAllowed));
        r.csat = None;
        r.rewards_value = Some(0);
        let e = r.validate(true).unwrap_err();
        assert_eq!(
            e.get("rewards_value"),
            Some(&Problem::OutOfRange { min: 1, max: 5 })
        );
        r.rewards_value = Some(5);
        assert!(r.validate(true).is_ok());
        r.customer_id = None;
        assert!(r.validate(true).is_err());
        assert!(r.validate(false).is_ok());
        r.channel = Some("fax".into());
        assert_eq!(
            r.validate(false).unwrap_err().get("channel"),
            Some(&Problem::NotAllowed)
        );
    }

    #[test]
    fn service_surveys_need_csat() {
        let mut r = input(SurveyKind::ServiceCsat);
        r.nps = Some(3);
        assert_eq!(
            r.validate(true).unwrap_err().get("csat"),
            Some(&Problem::Required)
        );
        r.csat = Some(1);
        assert!(r.validate(true).is_ok());
        r.comment = Some("长".repeat(501));
        assert!(r.validate(true).is_err());
    }

    #[test]
    fn detractors_and_nps_classes() {
        assert!(is_detractor(Some(6), None));
        assert!(!is_detractor(Some(7), None));
        assert!(is_detractor(None, Some(2)));
        assert!(!is_detractor(Some(9), Some(3)));
        assert!(!is_detractor(None, None));
        assert_eq!(nps_class(0), NpsClass::Detractor);
        assert_eq!(nps_class(6), NpsClass::Detractor);
        assert_eq!(nps_class(7), NpsClass::Passive);
        assert_eq!(nps_class(8), NpsClass::Passive);
        assert_eq!(nps_class(9), NpsClass::Promoter);
        assert_eq!(nps_class(10), NpsClass::Promoter);
    }

    #[test]
    fn topics_come_from_keywords_of_complaints_only() {
        assert_eq!(
            Topic::of_comment("等待时间太长了", Some(3), None),
            Some(Topic::WaitTime)
        );
        assert_eq!(
            Topic::of_comment("分期手续费太高", None, Some(2)),
            Some(Topic::Fees)
        );
        assert_eq!(
            Topic::of_comment("App 有点卡", Some(7), Some(3)),
            Some(Topic::App)
        );
        assert_eq!(
            Topic::of_comment("短信太多了", Some(2), None),
            Some(Topic::TooManyMessages)
        );
        assert_eq!(
            Topic::of_comment("Problem NOT RESOLVED", Some(1), None),
            Some(Topic::Unresolved)
        );
        // praise is not a complaint, whatever its words
        assert_eq!(Topic::of_comment("积分兑换很划算", Some(10), Some(5)), None);
        assert_eq!(Topic::of_comment("还可以", Some(7), None), None);
        for t in Topic::ALL {
            assert_eq!(Topic::parse(t.as_str()), Some(t));
        }
    }
}
