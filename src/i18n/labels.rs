//! Names of the wire enums in both languages.

use crm_api::{
    CardStatus, Category, Gender, IncomeBand, Occupation, ProductCode, Residence, Role, Tier,
    TxChannel,
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

#[cfg(test)]
mod tests {
    use super::*;

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
