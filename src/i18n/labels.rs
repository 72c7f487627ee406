//! Names of the wire enums in both languages.

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
