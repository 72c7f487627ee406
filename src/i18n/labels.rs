//! Names of the wire enums in both languages.

use crm_api::approvals::ApprovalStatus;
use crm_api::customers::Daypart;
use crm_api::history::StatementStatus;
use crm_api::{
    CardStatus, Category, ConsentChannel, Gender, IncomeBand, InteractionChannel, InteractionKind,
    Occupation, Outcome, PointsKind, ProductCode, Residence, Role, Tier, TxChannel,
};

use super::Lang;

/// Picks `zh` or `en`.
const fn pick(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// Role name.
#[must_use]
pub const fn role(r: Role, lang: Lang) -> &'static str {
    match r {
        Role::Admin => pick(lang, "系统管理员", "Administrator"),
        Role::Manager => pick(lang, "经理", "Manager"),
        Role::Marketer => pick(lang, "营销人员", "Marketer"),
        Role::Agent => pick(lang, "客服坐席", "Service agent"),
        Role::Cardholder => pick(lang, "持卡人", "Cardholder"),
    }
}

/// Where a points adjustment request is.
#[must_use]
pub const fn approval_status(s: ApprovalStatus, lang: Lang) -> &'static str {
    match s {
        ApprovalStatus::Pending => pick(lang, "待审批", "Pending"),
        ApprovalStatus::Approved => pick(lang, "已批准", "Approved"),
        ApprovalStatus::Rejected => pick(lang, "已驳回", "Rejected"),
    }
}

/// Gender.
#[must_use]
pub const fn gender(g: Gender, lang: Lang) -> &'static str {
    match g {
        Gender::Male => pick(lang, "男", "Male"),
        Gender::Female => pick(lang, "女", "Female"),
    }
}

/// Urban or rural.
#[must_use]
pub const fn residence(r: Residence, lang: Lang) -> &'static str {
    match r {
        Residence::Urban => pick(lang, "城镇", "Urban"),
        Residence::Rural => pick(lang, "农村", "Rural"),
    }
}

/// Income band.
#[must_use]
pub const fn income(b: IncomeBand, lang: Lang) -> &'static str {
    match b {
        IncomeBand::Under5k => pick(lang, "5千元以下", "Under ¥5k"),
        IncomeBand::From5kTo10k => pick(lang, "5千–1万元", "¥5k–10k"),
        IncomeBand::From10kTo20k => pick(lang, "1万–2万元", "¥10k–20k"),
        IncomeBand::From20kTo50k => pick(lang, "2万–5万元", "¥20k–50k"),
        IncomeBand::Over50k => pick(lang, "5万元以上", "Over ¥50k"),
    }
}

/// Occupation.
#[must_use]
pub const fn occupation(o: Occupation, lang: Lang) -> &'static str {
    match o {
        Occupation::PublicServant => pick(lang, "公务员", "Public servant"),
        Occupation::Teacher => pick(lang, "教师", "Teacher"),
        Occupation::Medical => pick(lang, "医务人员", "Medical staff"),
        Occupation::OfficeWorker => pick(lang, "企业职员", "Office worker"),
        Occupation::BusinessOwner => pick(lang, "个体及企业主", "Business owner"),
        Occupation::FactoryWorker => pick(lang, "工人", "Factory worker"),
        Occupation::Farmer => pick(lang, "农民", "Farmer"),
        Occupation::Freelancer => pick(lang, "自由职业", "Freelancer"),
        Occupation::Student => pick(lang, "学生", "Student"),
        Occupation::Retired => pick(lang, "退休", "Retired"),
    }
}

/// Card product.
#[must_use]
pub const fn product(p: ProductCode, lang: Lang) -> &'static str {
    match p {
        ProductCode::Youth => pick(lang, "青年卡", "Youth"),
        ProductCode::Women => pick(lang, "女性卡", "Women's"),
        ProductCode::Official => pick(lang, "公务卡", "Official"),
        ProductCode::Standard => pick(lang, "标准卡", "Standard"),
        ProductCode::Gold => pick(lang, "金卡", "Gold"),
        ProductCode::Platinum => pick(lang, "白金卡", "Platinum"),
        ProductCode::Diamond => pick(lang, "钻石卡", "Diamond"),
    }
}

/// Tier.
#[must_use]
pub const fn tier(t: Tier, lang: Lang) -> &'static str {
    match t {
        Tier::Standard => pick(lang, "普卡", "Standard"),
        Tier::Gold => pick(lang, "金卡级", "Gold"),
        Tier::Platinum => pick(lang, "白金级", "Platinum"),
        Tier::Diamond => pick(lang, "钻石级", "Diamond"),
    }
}

/// Card status.
#[must_use]
pub const fn card_status(s: CardStatus, lang: Lang) -> &'static str {
    match s {
        CardStatus::Active => pick(lang, "正常", "Active"),
        CardStatus::Locked => pick(lang, "冻结", "Locked"),
        CardStatus::Lost => pick(lang, "已挂失", "Reported lost"),
        CardStatus::Closed => pick(lang, "已销卡", "Closed"),
    }
}

/// Merchant category.
#[must_use]
pub const fn category(c: Category, lang: Lang) -> &'static str {
    match c {
        Category::Dining => pick(lang, "餐饮", "Dining"),
        Category::Supermarket => pick(lang, "商超", "Supermarket"),
        Category::OnlineShopping => pick(lang, "网购", "Online shopping"),
        Category::Apparel => pick(lang, "服饰", "Apparel"),
        Category::Travel => pick(lang, "差旅出行", "Travel"),
        Category::Fuel => pick(lang, "加油", "Fuel"),
        Category::Education => pick(lang, "教育", "Education"),
        Category::Healthcare => pick(lang, "医疗健康", "Healthcare"),
        Category::Entertainment => pick(lang, "娱乐", "Entertainment"),
        Category::Utilities => pick(lang, "生活缴费", "Utilities"),
        Category::Digital => pick(lang, "数码家电", "Electronics"),
        Category::CashAdvance => pick(lang, "取现", "Cash advance"),
    }
}

/// Transaction channel.
#[must_use]
pub const fn tx_channel(c: TxChannel, lang: Lang) -> &'static str {
    match c {
        TxChannel::Pos => pick(lang, "POS 刷卡", "POS"),
        TxChannel::Online => pick(lang, "网上支付", "Online"),
        TxChannel::MobileQr => pick(lang, "扫码/闪付", "QR / QuickPass"),
        TxChannel::Atm => pick(lang, "ATM", "ATM"),
    }
}

/// Service channel.
#[must_use]
pub const fn interaction_channel(c: InteractionChannel, lang: Lang) -> &'static str {
    match c {
        InteractionChannel::Phone => pick(lang, "电话", "Phone"),
        InteractionChannel::App => pick(lang, "手机银行", "App"),
        InteractionChannel::Wechat => pick(lang, "微信", "WeChat"),
        InteractionChannel::Branch => pick(lang, "网点", "Branch"),
        InteractionChannel::OnlineChat => pick(lang, "在线客服", "Online chat"),
        InteractionChannel::Email => pick(lang, "邮件", "Email"),
    }
}

/// Service topic.
#[must_use]
pub const fn interaction_kind(k: InteractionKind, lang: Lang) -> &'static str {
    match k {
        InteractionKind::Inquiry => pick(lang, "咨询", "Inquiry"),
        InteractionKind::Complaint => pick(lang, "投诉", "Complaint"),
        InteractionKind::CardLost => pick(lang, "挂失", "Lost card"),
        InteractionKind::Dispute => pick(lang, "交易争议", "Dispute"),
        InteractionKind::LimitRequest => pick(lang, "额度申请", "Limit request"),
        InteractionKind::Points => pick(lang, "积分", "Points"),
        InteractionKind::Installment => pick(lang, "分期", "Installments"),
        InteractionKind::Other => pick(lang, "其他", "Other"),
    }
}

/// Service outcome.
#[must_use]
pub const fn outcome(o: Outcome, lang: Lang) -> &'static str {
    match o {
        Outcome::Resolved => pick(lang, "已解决", "Resolved"),
        Outcome::Escalated => pick(lang, "已升级", "Escalated"),
        Outcome::Pending => pick(lang, "处理中", "Pending"),
    }
}

/// Points entry kind.
#[must_use]
pub const fn points_kind(k: PointsKind, lang: Lang) -> &'static str {
    match k {
        PointsKind::Earn => pick(lang, "获得", "Earned"),
        PointsKind::Redeem => pick(lang, "兑换", "Redeemed"),
        PointsKind::Expire => pick(lang, "到期", "Expired"),
        PointsKind::Adjust => pick(lang, "调整", "Adjusted"),
    }
}

/// Statement settlement.
#[must_use]
pub const fn statement_status(s: StatementStatus, lang: Lang) -> &'static str {
    match s {
        StatementStatus::NotDue => pick(lang, "未到期", "Not due"),
        StatementStatus::PaidInFull => pick(lang, "已全额还款", "Paid in full"),
        StatementStatus::Partial => pick(lang, "部分还款", "Partly paid"),
        StatementStatus::Minimum => pick(lang, "仅还最低", "Minimum only"),
        StatementStatus::Overdue => pick(lang, "逾期未还", "Overdue"),
        StatementStatus::NothingDue => pick(lang, "无需还款", "Nothing due"),
    }
}

/// Part of the day.
#[must_use]
pub const fn daypart(d: Daypart, lang: Lang) -> &'static str {
    match d {
        Daypart::Morning => pick(lang, "上午", "Morning"),
        Daypart::Midday => pick(lang, "中午", "Midday"),
        Daypart::Afternoon => pick(lang, "下午", "Afternoon"),
        Daypart::Evening => pick(lang, "晚上", "Evening"),
        Daypart::Night => pick(lang, "深夜", "Night"),
    }
}

/// Marketing channel.
#[must_use]
pub const fn consent_channel(c: ConsentChannel, lang: Lang) -> &'static str {
    match c {
        ConsentChannel::Sms => pick(lang, "短信", "SMS"),
        ConsentChannel::AppPush => pick(lang, "App 推送", "App push"),
        ConsentChannel::Wechat => pick(lang, "微信", "WeChat"),
        ConsentChannel::Email => pick(lang, "邮件", "Email"),
        ConsentChannel::OutboundCall => pick(lang, "外呼", "Outbound call"),
    }
}

/// How a payment was made (free text codes from the core system).
#[must_use]
pub fn payment_channel(code: &str, lang: Lang) -> String {
    match code {
        "auto_debit" => pick(lang, "自动扣款", "Auto-debit"),
        "app" => pick(lang, "手机银行", "App"),
        "wechat" => pick(lang, "微信", "WeChat"),
        "counter" => pick(lang, "柜台", "Counter"),
        other => return other.to_owned(),
    }
    .to_owned()
}

/// What a survey rated.
#[must_use]
pub fn touchpoint(code: &str, lang: Lang) -> String {
    match code {
        "complaint_handling" => pick(lang, "投诉处理", "Complaint handling"),
        "card_services" => pick(lang, "卡片服务", "Card services"),
        "billing" => pick(lang, "账单与还款", "Billing"),
        "rewards" => pick(lang, "积分权益", "Rewards"),
        "general" => pick(lang, "一般服务", "General service"),
        "relationship" => pick(lang, "整体关系", "Relationship"),
        "campaign" => pick(lang, "营销活动", "Campaign"),
        other => return other.to_owned(),
    }
    .to_owned()
}

/// Channel a survey came through.
#[must_use]
pub fn survey_channel(code: &str, lang: Lang) -> String {
    if let Some(c) = InteractionChannel::parse(code) {
        return interaction_channel(c, lang).to_owned();
    }
    if let Some(c) = ConsentChannel::parse(code) {
        return consent_channel(c, lang).to_owned();
    }
    code.to_owned()
}

/// A duration in seconds, short: `45秒`, `3分钟`, `2.5小时`, `3天` / `45s`, `3 min`, `2.5 h`, `3 d`.
#[must_use]
pub fn duration(secs: i64, lang: Lang) -> String {
    let (value, zh, en) = if secs < 60 {
        (secs as f64, "秒", "s")
    } else if secs < 3_600 {
        (secs as f64 / 60.0, "分钟", " min")
    } else if secs < 86_400 {
        (secs as f64 / 3_600.0, "小时", " h")
    } else {
        (secs as f64 / 86_400.0, "天", " d")
    };
    let number = if value >= 10.0 || value.fract() < 0.05 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    };
    format!("{number}{}", pick(lang, zh, en))
}

/// Field groups of the segment builder's menu.
pub const FIELD_GROUPS: [(&str, &str); 7] = [
    ("人口属性", "Demographics"),
    ("卡片与额度", "Cards & credit"),
    ("消费行为", "Spending"),
    ("价值与风险", "Value & risk"),
    ("积分", "Points"),
    ("授权", "Consent"),
    ("营销", "Campaigns"),
];

/// Name of a segment field (by menu key).
#[must_use]
pub fn field(key: &str, lang: Lang) -> &'static str {
    match key {
        "age" => pick(lang, "年龄", "Age"),
        "gender" => pick(lang, "性别", "Gender"),
        "province" => pick(lang, "省份", "Province"),
        "city" => pick(lang, "城市", "City"),
        "residence" => pick(lang, "城乡", "Urban/rural"),
        "occupation" => pick(lang, "职业", "Occupation"),
        "income_band" => pick(lang, "月收入", "Income band"),
        "branch" => pick(lang, "归属网点代码", "Branch code"),
        "product" => pick(lang, "持有卡产品", "Holds product"),
        "tier" => pick(lang, "持卡等级", "Holds tier"),
        "card_status" => pick(lang, "卡片状态", "Card status"),
        "tenure_months" => pick(lang, "开卡月数", "Months on book"),
        "credit_limit" => pick(lang, "总信用额度（元）", "Total credit limit (¥)"),
        "utilisation" => pick(lang, "额度使用率（%）", "Utilisation (%)"),
        "category_spend" => pick(lang, "品类消费额（元）", "Category spend (¥)"),
        "tx_count_12m" => pick(lang, "近 12 个月交易笔数", "Purchases, 12 months"),
        "last_tx_date" => pick(lang, "最近消费日期", "Last purchase date"),
        "rfm_segment" => pick(lang, "RFM 分群", "RFM segment"),
        "rfm_r" => pick(lang, "R 分（1–5）", "R score (1–5)"),
        "rfm_f" => pick(lang, "F 分（1–5）", "F score (1–5)"),
        "rfm_m" => pick(lang, "M 分（1–5）", "M score (1–5)"),
        "p_alive" => pick(lang, "活跃概率（%）", "Probability active (%)"),
        "clv" => pick(lang, "12 个月客户价值（元）", "12-month CLV (¥)"),
        "churn_band" => pick(lang, "流失风险", "Churn risk"),
        "risk_band" => pick(lang, "信用风险", "Credit risk"),
        "value_tier" => pick(lang, "价值等级", "Value tier"),
        "points_balance" => pick(lang, "积分余额", "Points balance"),
        "points_expiring" => pick(lang, "60 天内到期积分", "Points expiring in 60 days"),
        "consent" => pick(lang, "已授权渠道", "Consented channel"),
        "do_not_disturb" => pick(lang, "免打扰", "Do not disturb"),
        "received_campaign" => pick(lang, "收到过活动（编号）", "Received campaign (ids)"),
        "responded_campaign" => pick(lang, "响应过活动（编号）", "Responded to campaign (ids)"),
        _ => pick(lang, "字段", "Field"),
    }
}

/// Name of a comparison.
#[must_use]
pub const fn op(o: crm_api::segments::Op, lang: Lang) -> &'static str {
    use crm_api::segments::Op;
    match o {
        Op::Eq => pick(lang, "等于", "is"),
        Op::Ne => pick(lang, "不等于", "is not"),
        Op::In => pick(lang, "属于", "is any of"),
        Op::NotIn => pick(lang, "不属于", "is none of"),
        Op::Between => pick(lang, "介于", "between"),
        Op::Gt => pick(lang, "大于", ">"),
        Op::Gte => pick(lang, "大于等于", "≥"),
        Op::Lt => pick(lang, "小于", "<"),
        Op::Lte => pick(lang, "小于等于", "≤"),
        Op::IsEmpty => pick(lang, "为空", "is empty"),
        Op::IsNotEmpty => pick(lang, "不为空", "is not empty"),
        Op::WithinLastDays => pick(lang, "在最近 N 天内", "within the last N days"),
        Op::NotWithinLastDays => pick(lang, "不在最近 N 天内", "not within the last N days"),
        Op::IsTrue => pick(lang, "是", "yes"),
        Op::IsFalse => pick(lang, "否", "no"),
    }
}

/// Name of an enum or set option shown in the builder (by the field's menu key).
#[must_use]
pub fn option(field_key: &str, value: &str, lang: Lang) -> String {
    let text = match field_key {
        "gender" => Gender::parse(value).map(|v| gender(v, lang)),
        "residence" => Residence::parse(value).map(|v| residence(v, lang)),
        "occupation" => Occupation::parse(value).map(|v| occupation(v, lang)),
        "income_band" => IncomeBand::parse(value).map(|v| income(v, lang)),
        "product" => ProductCode::parse(value).map(|v| product(v, lang)),
        "tier" => Tier::parse(value).map(|v| tier(v, lang)),
        "card_status" => CardStatus::parse(value).map(|v| card_status(v, lang)),
        "rfm_segment" => crm_api::insight::RfmSegment::parse(value).map(|v| v.label(lang)),
        "churn_band" | "risk_band" => crm_api::insight::Band::parse(value).map(|v| v.label(lang)),
        "value_tier" => crm_api::insight::ValueTier::parse(value).map(|v| v.label(lang)),
        _ => None,
    };
    text.map_or_else(|| value.to_owned(), str::to_owned)
}

/// Campaign status.
#[must_use]
pub const fn campaign_status(s: crm_api::campaigns::CampaignStatus, lang: Lang) -> &'static str {
    use crm_api::campaigns::CampaignStatus as S;
    match s {
        S::Draft => pick(lang, "草稿", "Draft"),
        S::Submitted => pick(lang, "待审批", "Awaiting approval"),
        S::Approved => pick(lang, "已批准", "Approved"),
        S::Rejected => pick(lang, "已驳回", "Rejected"),
        S::Launched => pick(lang, "进行中", "Running"),
        S::Completed => pick(lang, "已完成", "Completed"),
        S::Cancelled => pick(lang, "已取消", "Cancelled"),
    }
}

/// Campaign offer kind.
#[must_use]
pub const fn campaign_offer(k: crm_api::campaigns::OfferKind, lang: Lang) -> &'static str {
    use crm_api::campaigns::OfferKind as K;
    match k {
        K::CategoryDiscount => pick(lang, "品类返现", "Category cash back"),
        K::PointsMultiplier => pick(lang, "积分加倍", "Points multiplier"),
        K::InterestFreeInstallment => pick(lang, "分期免息", "Interest-free installments"),
        K::CardUpgrade => pick(lang, "卡片升级", "Card upgrade"),
        K::LimitIncrease => pick(lang, "提额邀请", "Limit-increase invitation"),
        K::Information => pick(lang, "信息通知", "Information only"),
    }
}

/// Delivery status.
#[must_use]
pub const fn delivery_status(s: crm_api::campaigns::DeliveryStatus, lang: Lang) -> &'static str {
    use crm_api::campaigns::DeliveryStatus as D;
    match s {
        D::Pending => pick(lang, "待发送", "Pending"),
        D::Sent => pick(lang, "已发送", "Sent"),
        D::Failed => pick(lang, "失败", "Failed"),
        D::Suppressed => pick(lang, "未发送", "Not sent"),
    }
}

/// Why a delivery was not sent.
#[must_use]
pub fn delivery_reason(code: &str, lang: Lang) -> String {
    match code {
        "no_consent" => pick(lang, "未授权该渠道", "No consent for the channel"),
        "do_not_disturb" => pick(lang, "免打扰", "Do not disturb"),
        "frequency_cap" => pick(lang, "超出频次上限", "Frequency cap reached"),
        other => return other.to_owned(),
    }
    .to_owned()
}

/// Campaign arm.
#[must_use]
pub fn arm(code: &str, lang: Lang) -> &'static str {
    if code == "control" {
        pick(lang, "对照组", "Control")
    } else {
        pick(lang, "实验组", "Treatment")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(45, Lang::Zh), "45秒");
        assert_eq!(duration(180, Lang::En), "3 min");
        assert_eq!(duration(9_000, Lang::Zh), "2.5小时");
        assert_eq!(duration(3 * 86_400, Lang::En), "3 d");
        assert_eq!(touchpoint("billing", Lang::Zh), "账单与还款");
        assert_eq!(payment_channel("mystery", Lang::En), "mystery");
    }

    #[test]
    fn every_category_has_both_names() {
        for c in Category::ALL {
            assert!(!category(*c, Lang::Zh).is_empty());
            assert_ne!(category(*c, Lang::Zh), category(*c, Lang::En));
        }
        for p in ProductCode::ALL {
            assert_ne!(product(*p, Lang::Zh), product(*p, Lang::En));
        }
    }
}

/// Province names in English (pinyin); Chinese as stored.
const PROVINCES: [(&str, &str); 34] = [
    ("北京", "Beijing"),
    ("天津", "Tianjin"),
    ("上海", "Shanghai"),
    ("重庆", "Chongqing"),
    ("河北", "Hebei"),
    ("山西", "Shanxi"),
    ("辽宁", "Liaoning"),
    ("吉林", "Jilin"),
    ("黑龙江", "Heilongjiang"),
    ("江苏", "Jiangsu"),
    ("浙江", "Zhejiang"),
    ("安徽", "Anhui"),
    ("福建", "Fujian"),
    ("江西", "Jiangxi"),
    ("山东", "Shandong"),
    ("河南", "Henan"),
    ("湖北", "Hubei"),
    ("湖南", "Hunan"),
    ("广东", "Guangdong"),
    ("海南", "Hainan"),
    ("四川", "Sichuan"),
    ("贵州", "Guizhou"),
    ("云南", "Yunnan"),
    ("陕西", "Shaanxi"),
    ("甘肃", "Gansu"),
    ("青海", "Qinghai"),
    ("内蒙古", "Inner Mongolia"),
    ("广西", "Guangxi"),
    ("西藏", "Tibet"),
    ("宁夏", "Ningxia"),
    ("新疆", "Xinjiang"),
    ("香港", "Hong Kong"),
    ("澳门", "Macao"),
    ("台湾", "Taiwan"),
];

/// Every province as stored (Chinese), in the usual order.
#[must_use]
pub fn provinces() -> Vec<&'static str> {
    PROVINCES.iter().map(|(zh, _)| *zh).collect()
}

/// A province's name in `lang` (unknown names are shown as stored).
#[must_use]
pub fn province(name: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => name.to_owned(),
        Lang::En => PROVINCES
            .iter()
            .find(|(zh, _)| *zh == name)
            .map_or_else(|| name.to_owned(), |(_, en)| (*en).to_owned()),
    }
}

/// A product code's name ('' → "no card").
#[must_use]
pub fn product_code(code: &str, lang: Lang) -> String {
    match ProductCode::parse(code) {
        Some(p) => product(p, lang).to_owned(),
        None if code.is_empty() => pick(lang, "无卡", "No card").to_owned(),
        None => code.to_owned(),
    }
}

/// An RFM segment code's name (`unscored` included).
#[must_use]
pub fn segment_code(code: &str, lang: Lang) -> String {
    match crm_api::insight::RfmSegment::parse(code) {
        Some(s) => s.label(lang).to_owned(),
        None if code == "unscored" => pick(lang, "未评分", "Not scored").to_owned(),
        None => code.to_owned(),
    }
}

/// Complaint topic.
#[must_use]
pub const fn topic(t: crm_api::surveys::Topic, lang: Lang) -> &'static str {
    use crm_api::surveys::Topic as X;
    match t {
        X::WaitTime => pick(lang, "等待时间长", "Waiting time"),
        X::Unresolved => pick(lang, "问题未解决", "Not resolved"),
        X::Fees => pick(lang, "费用与利息", "Fees and interest"),
        X::Rewards => pick(lang, "积分与权益", "Points and rewards"),
        X::Staff => pick(lang, "服务态度", "Staff attitude"),
        X::TooManyMessages => pick(lang, "营销信息过多", "Too many messages"),
        X::App => pick(lang, "App 与系统", "App and website"),
        X::CreditLimit => pick(lang, "信用额度", "Credit limit"),
    }
}

/// What a drill-down lists.
#[must_use]
pub const fn drill_metric(m: crm_api::dashboard::DrillMetric, lang: Lang) -> &'static str {
    use crm_api::dashboard::DrillMetric as M;
    match m {
        M::Responses => pick(lang, "参与调查的客户", "Customers who answered surveys"),
        M::Detractors => pick(
            lang,
            "贬损者（NPS 0–6 或 CSAT 1–2）",
            "Detractors (NPS 0–6 or CSAT 1–2)",
        ),
        M::Delinquent => pick(
            lang,
            "有逾期账单的客户",
            "Customers with past-due statements",
        ),
        M::Dormant => pick(lang, "持有睡眠卡的客户", "Customers with dormant cards"),
        M::NewCards => pick(lang, "新开卡客户", "Customers who opened a card"),
        M::ClosedCards => pick(lang, "销卡客户", "Customers who closed a card"),
    }
}

/// A dashboard breakdown dimension.
#[must_use]
pub fn dimension(dim: &str, lang: Lang) -> &'static str {
    match dim {
        "month" => pick(lang, "月份", "Month"),
        "province" => pick(lang, "省份", "Province"),
        "product" => pick(lang, "卡产品", "Card product"),
        "segment" => pick(lang, "客户分群", "Segment"),
        "channel" => pick(lang, "渠道", "Channel"),
        "touchpoint" => pick(lang, "触点", "Touchpoint"),
        "branch" => pick(lang, "网点", "Branch"),
        "bucket" => pick(lang, "逾期天数", "Days past due"),
        _ => pick(lang, "维度", "Dimension"),
    }
}

/// A value of a breakdown dimension, named.
#[must_use]
pub fn dimension_value(dim: &str, key: &str, lang: Lang) -> String {
    match dim {
        "province" => province(key, lang),
        "product" => product_code(key, lang),
        "segment" => segment_code(key, lang),
        "channel" => survey_channel(key, lang),
        "touchpoint" => touchpoint(key, lang),
        "bucket" => dpd_bucket(key, lang).to_owned(),
        _ => key.to_owned(),
    }
}

/// Days-past-due bucket.
#[must_use]
pub fn dpd_bucket(key: &str, lang: Lang) -> &'static str {
    match key {
        "dpd_1_30" => pick(lang, "逾期 1–30 天", "1–30 days past due"),
        "dpd_31_60" => pick(lang, "逾期 31–60 天", "31–60 days past due"),
        "dpd_61_90" => pick(lang, "逾期 61–90 天", "61–90 days past due"),
        _ => pick(lang, "逾期 90 天以上", "Over 90 days past due"),
    }
}

/// Ticket kind.
#[must_use]
pub const fn ticket_kind(k: crm_api::tickets::TicketKind, lang: Lang) -> &'static str {
    use crm_api::tickets::TicketKind as K;
    match k {
        K::Inquiry => pick(lang, "咨询", "Inquiry"),
        K::Complaint => pick(lang, "投诉", "Complaint"),
        K::Dispute => pick(lang, "交易争议", "Transaction dispute"),
        K::CardLost => pick(lang, "挂失", "Lost or stolen card"),
        K::LimitRequest => pick(lang, "额度申请", "Limit request"),
        K::InstallmentRequest => pick(lang, "分期申请", "Installment request"),
        K::PointsIssue => pick(lang, "积分问题", "Points issue"),
    }
}

/// Ticket status.
#[must_use]
pub const fn ticket_status(s: crm_api::tickets::TicketStatus, lang: Lang) -> &'static str {
    use crm_api::tickets::TicketStatus as S;
    match s {
        S::New => pick(lang, "新建", "New"),
        S::InProgress => pick(lang, "处理中", "In progress"),
        S::WaitingCustomer => pick(lang, "待客户回复", "Waiting on customer"),
        S::Resolved => pick(lang, "已解决", "Resolved"),
        S::Closed => pick(lang, "已关闭", "Closed"),
    }
}

/// Ticket priority.
#[must_use]
pub const fn ticket_priority(p: crm_api::tickets::TicketPriority, lang: Lang) -> &'static str {
    use crm_api::tickets::TicketPriority as P;
    match p {
        P::Low => pick(lang, "低", "Low"),
        P::Normal => pick(lang, "普通", "Normal"),
        P::High => pick(lang, "高", "High"),
        P::Urgent => pick(lang, "紧急", "Urgent"),
    }
}

/// Ticket queue.
#[must_use]
pub const fn ticket_queue(q: crm_api::tickets::TicketQueue, lang: Lang) -> &'static str {
    use crm_api::tickets::TicketQueue as Q;
    match q {
        Q::General => pick(lang, "综合服务", "General"),
        Q::Cards => pick(lang, "卡片服务", "Card services"),
        Q::Disputes => pick(lang, "争议处理", "Disputes"),
        Q::Complaints => pick(lang, "投诉处理", "Complaints"),
    }
}

/// What a ticket history entry records.
#[must_use]
pub const fn ticket_event(k: crm_api::tickets::TicketEventKind, lang: Lang) -> &'static str {
    use crm_api::tickets::TicketEventKind as E;
    match k {
        E::Created => pick(lang, "创建工单", "Opened"),
        E::Status => pick(lang, "状态变更", "Status"),
        E::Assigned => pick(lang, "分配", "Assigned"),
        E::Note => pick(lang, "内部备注", "Internal note"),
        E::Reply => pick(lang, "回复", "Reply"),
        E::Action => pick(lang, "操作", "Action"),
    }
}

/// A quick action recorded in a ticket's history.
#[must_use]
pub fn card_action(code: &str, lang: Lang) -> String {
    let (name, rest) = code.split_once(' ').unwrap_or((code, ""));
    let text = match name {
        "card.lock" => pick(lang, "锁卡", "Card locked"),
        "card.unlock" => pick(lang, "解锁", "Card unlocked"),
        "card.lost" => pick(lang, "挂失", "Card marked lost"),
        "card.replace" => pick(lang, "补发新卡", "Replacement ordered"),
        "points.adjust" => pick(lang, "积分补偿", "Goodwill points"),
        _ => return code.to_owned(),
    };
    if rest.is_empty() {
        text.to_owned()
    } else {
        format!("{text} {rest}")
    }
}

/// An audit action (`session.sign_in`, `user.create`, or a prefix such as
/// `user.`) by name; an unknown code as it is.
#[must_use]
pub fn audit_action(code: &str, lang: Lang) -> String {
    let text = match code {
        "session." => pick(lang, "登录与退出", "Sign-ins and sign-outs"),
        "session.sign_in" => pick(lang, "登录", "Signed in"),
        "session.sign_in_failed" => pick(lang, "登录失败", "Sign-in failed"),
        "session.sign_out" => pick(lang, "退出登录", "Signed out"),
        "user." => pick(lang, "用户管理", "User administration"),
        "user.create" => pick(lang, "创建用户", "User created"),
        "user.update" => pick(lang, "修改用户", "User changed"),
        "user.disable" => pick(lang, "停用用户", "User disabled"),
        "user.enable" => pick(lang, "启用用户", "User enabled"),
        "user.password_reset" => pick(lang, "重置密码", "Password reset"),
        "user.password_change" => pick(lang, "修改本人密码", "Own password changed"),
        "customer." => pick(lang, "客户资料查阅", "Customer data reads"),
        "customer.view_360" => pick(lang, "查看客户全景", "Customer 360 viewed"),
        "customer.view_transactions" => pick(lang, "查看交易明细", "Transactions viewed"),
        "customer.view_statements" => pick(lang, "查看账单", "Statements viewed"),
        "customer.view_payments" => pick(lang, "查看还款", "Payments viewed"),
        "customer.view_points" => pick(lang, "查看积分", "Points viewed"),
        "customer.view_installments" => pick(lang, "查看分期", "Installments viewed"),
        "customer.view_interactions" => pick(lang, "查看服务记录", "Interactions viewed"),
        "customer.view_surveys" => pick(lang, "查看满意度", "Surveys viewed"),
        "customer.view_campaigns" => pick(lang, "查看营销记录", "Campaigns viewed"),
        "customer.view_tickets" => pick(lang, "查看工单列表", "Tickets viewed"),
        "customer.reveal_national_id" => pick(lang, "查看完整身份证号", "National ID revealed"),
        "ticket.view" => pick(lang, "查看工单", "Ticket viewed"),
        "campaign." => pick(lang, "营销活动审批", "Campaign decisions"),
        "campaign.submit" => pick(lang, "提交活动审批", "Campaign submitted"),
        "campaign.approve" => pick(lang, "批准活动", "Campaign approved"),
        "campaign.reject" => pick(lang, "驳回活动", "Campaign rejected"),
        "campaign.cancel" => pick(lang, "取消活动", "Campaign cancelled"),
        "campaign.launch" => pick(lang, "上线活动", "Campaign launched"),
        "points.adjust" => pick(lang, "积分调整", "Points adjusted"),
        "points.adjust_request" => pick(
            lang,
            "申请大额积分调整",
            "Large points adjustment requested",
        ),
        "points.adjust_approve" => pick(lang, "批准积分调整", "Points adjustment approved"),
        "points.adjust_reject" => pick(lang, "驳回积分调整", "Points adjustment rejected"),
        "card." => pick(lang, "卡片操作", "Card actions"),
        "points." => pick(lang, "积分", "Points"),
        "points.redeem" => pick(lang, "积分兑换", "Points redeemed"),
        "installment.create" => pick(lang, "办理分期", "Installment plan created"),
        "export." => pick(lang, "导出", "Exports"),
        "export.audit" => pick(lang, "导出审计日志", "Audit log exported"),
        "export.customers" => pick(lang, "导出客户", "Customers exported"),
        "export.segment" => pick(lang, "导出客群", "Segment exported"),
        "export.campaign_contacts" => pick(lang, "导出活动名单", "Campaign contacts exported"),
        "export.dashboard" => pick(lang, "导出看板数据", "Dashboard data exported"),
        "import." => pick(lang, "数据导入", "Imports"),
        _ => {
            let card = card_action(code, lang);
            if card != code {
                return card;
            }
            if let Some(kind) = code.strip_prefix("import.") {
                return format!("{} {kind}", pick(lang, "数据导入", "Import"));
            }
            return code.to_owned();
        }
    };
    text.to_owned()
}
